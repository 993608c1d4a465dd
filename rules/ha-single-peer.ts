import { defineRule } from '../src/engine/rule.js';
import { groupNames, targetOfSet } from '../src/model/describe.js';

export default defineRule({
  id: 'ha-single-peer',
  type: 'suggestion',
  description: 'A route meant for high availability (peer groups, or several routes of one HA set) that only one routing peer serves.',
  severity: 'warn',
  messages: {
    singlePeerGroup: 'Peer groups of {{networkId}} hold one routing peer only, {{peer}}: no failover',
    samePeer: 'All {{count}} routes of HA set {{networkId}} are served by one peer, {{peer}}: no failover',
  },
  explanations: {
    singlePeerGroup:
      'Peer groups {{groups}} hold {{peer}} only, so NetBird has no other peer to fail over to: when {{peer}} is down, clients have no route to {{target}}.',
    samePeer:
      'This is one routing peer, not high availability: when {{peer}} is down, clients have no route to {{target}}.',
  },
  check({ model, report, note }) {
    let noted = false;
    for (const set of model.haSets) {
      // One plain route to one peer is not meant for high availability: nothing to say.
      if (set.routes.length === 1 && set.routes[0]!.peer !== '' && set.routes[0]!.peerGroups.length === 0) continue;
      const servers = new Set<string>();
      let expandable = true;
      for (const route of set.routes) {
        const peers = model.routingPeersOf(route);
        if (peers === null) expandable = false;
        // Only "one peer or more" matters: a peer group of every peer stops at its second.
        else for (let i = 0; i < peers.length && servers.size < 2; i++) servers.add(peers[i]!);
      }
      if (!expandable) {
        if (!noted) note('groups', 'routes whose peer groups cannot be expanded');
        noted = true;
        continue;
      }
      if (servers.size !== 1) continue;
      const [only] = servers;
      const peer = model.peerName(only!);
      const target = targetOfSet(set);
      // Routes that resolve to no peer at all are ha-group-empty's finding; count the ones that serve.
      const serving = set.routes.filter((r) => (model.routingPeersOf(r) ?? []).length > 0);
      if (serving.length > 1) {
        report({ messageId: 'samePeer', route: serving[1]!, related: serving, relatedExcept: serving[1]!, data: { networkId: set.networkId, target, peer, count: serving.length }, facts: [only!] });
      } else {
        const route = serving[0]!;
        if (route.peerGroups.length > 0) {
          report({ messageId: 'singlePeerGroup', route, field: 'peer_groups', data: { networkId: set.networkId, target, peer, groups: groupNames(model, route.peerGroups) }, facts: [only!] });
        }
      }
    }
  },
});

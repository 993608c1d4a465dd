import { defineRule } from '../src/engine/rule.js';
import { targetOf } from '../src/model/describe.js';

export default defineRule({
  id: 'ha-group-empty',
  type: 'problem',
  description: 'A route that no peer serves: no peer and no peer_groups, or peer_groups without members.',
  severity: 'error',
  messages: {
    noRoutingPeer: 'Route {{networkId}} has no routing peer, so no client gets it',
    emptyPeerGroups: 'Peer groups {{peerGroups}} of {{networkId}} have no peers, so no client gets the route',
  },
  explanations: {
    noRoutingPeer:
      'The route has neither a peer nor peer_groups. NetBird accepts it, but nobody serves {{target}}, so no client gets it.',
    emptyPeerGroups:
      'NetBird expands route {{networkId}} to no routing peer, so nobody serves {{target}} and no client gets this route.',
  },
  check({ model, report, note }) {
    let noted = false;
    for (const route of model.routes) {
      if (route.peer !== '') continue;
      const data = { networkId: route.networkId, target: targetOf(route) };
      if (route.peerGroups.length === 0) {
        report({ messageId: 'noRoutingPeer', route, field: 'peer', data });
        continue;
      }
      if (route.peerGroups.some((g) => model.membersOf(g).size > 0)) continue;
      // Without the groups section an empty list only means no peer claims the group: do not guess.
      if (!model.has('groups')) {
        if (!noted) note('groups', 'empty peer groups');
        noted = true;
        continue;
      }
      const peerGroups = [...new Set(route.peerGroups)].map((g) => model.groupName(g)).join(', ');
      report({ messageId: 'emptyPeerGroups', route, field: 'peer_groups', data: { ...data, peerGroups }, facts: [...new Set(route.peerGroups)].sort() });
    }
  },
});

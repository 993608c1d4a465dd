import { defineRule } from '../src/engine/rule.js';
import { forwardingStop, type ForwardingStop } from '../src/model/forwarding.js';
import { summarizePeers, targetOfSet } from '../src/model/describe.js';
import type { Peer } from '../src/model/types.js';

type Reason = 'serverRoutesDisabled' | 'inboundBlocked';

/** Why a routing peer drops what clients send it (docs/netbird-behaviour.md §3); null when it forwards. */
const MESSAGE: Readonly<Record<ForwardingStop, Reason>> = { 'disable-server-routes': 'serverRoutesDisabled', 'block-inbound': 'inboundBlocked' };

function blackHole(peer: Peer): Reason | null {
  const stop = forwardingStop(peer);
  return stop === null ? null : MESSAGE[stop];
}

export default defineRule({
  id: 'routing-peer-not-forwarding',
  type: 'problem',
  description: 'A routing peer of an enabled route with local_flags.disable_server_routes or block_inbound: clients still receive and pick it, and it drops everything they send (a black hole, not a failover).',
  severity: 'error',
  requires: ['peers'],
  messages: {
    serverRoutesDisabled: 'Routing peer {{peer}} forwards nothing (disable_server_routes) yet is offered for {{networkId}}',
    inboundBlocked: 'Routing peer {{peer}} drops inbound traffic (block_inbound) yet is offered for {{networkId}}',
    severalNotForwarding: '{{count}} routing peers of {{networkId}} are offered but forward nothing',
  },
  explanations: {
    serverRoutesDisabled:
      'The management server still offers it, and clients pick it like any other peer ({{others}} other routing peers in this HA set), so traffic to {{target}} sent through it is lost, not failed over.',
    inboundBlocked:
      'The management server still offers it, and clients pick it like any other peer ({{others}} other routing peers in this HA set), so traffic to {{target}} sent through it is lost, not failed over.',
    severalNotForwarding:
      'They are {{peers}}: {{serverRoutesDisabled}} with disable_server_routes, which forward nothing, and {{inboundBlocked}} with block_inbound, which drop all inbound traffic. The management server still offers them and clients pick them like any other peer, so traffic to {{target}} sent through them is lost, not failed over.',
  },
  check({ model, report }) {
    const peers = model.peers!;
    let any = false;
    for (const peer of peers.values()) if (blackHole(peer) !== null) any = true;
    if (!any) return;
    for (const set of model.haSets) {
      // Routing peers clients are offered: known, login valid, approved (the others are in no network map).
      const offered = new Set<string>();
      for (const route of set.routes) {
        if (!route.enabled) continue;
        for (const p of model.routingPeersOf(route) ?? []) {
          const peer = peers.get(p);
          if (peer && !peer.loginExpired && !peer.approvalRequired) offered.add(p);
        }
      }
      // One finding per route, however many of its peers drop traffic.
      for (const route of set.routes) {
        if (!route.enabled) continue;
        const holes = new Map<string, Reason>();
        for (const p of model.routingPeersOf(route) ?? []) {
          const reason = offered.has(p) ? blackHole(peers.get(p)!) : null;
          if (reason !== null) holes.set(p, reason);
        }
        if (holes.size === 0) continue;
        const common = { networkId: set.networkId, target: targetOfSet(set), others: offered.size - 1 };
        if (holes.size === 1) {
          const [p, reason] = [...holes][0]!;
          report({ messageId: reason, route, field: route.peer === p ? 'peer' : 'peer_groups', data: { peer: model.peerName(p), ...common }, facts: [p] });
          continue;
        }
        const summary = summarizePeers(model, holes.keys());
        let serverRoutesDisabled = 0;
        for (const reason of holes.values()) if (reason === 'serverRoutesDisabled') serverRoutesDisabled++;
        report({
          messageId: 'severalNotForwarding',
          route,
          field: route.peer !== '' && holes.has(route.peer) ? 'peer' : 'peer_groups',
          data: { count: summary.count, peers: summary.names, serverRoutesDisabled, inboundBlocked: summary.count - serverRoutesDisabled, ...common },
          facts: summary.ids,
        });
      }
    }
  },
});

import { defineRule } from '../src/engine/rule.js';
import { summarizePeers, targetOfSet } from '../src/model/describe.js';
import type { Peer } from '../src/model/types.js';

type Reason = 'loginExpired' | 'notConnected';

/**
 * Why clients cannot use a routing peer, most lasting cause first; null when they can. A peer with
 * disable_server_routes or block_inbound is still offered and picked (§3): routing-peer-not-forwarding's finding.
 */
function unavailability(peer: Peer): Reason | null {
  if (peer.loginExpired) return 'loginExpired';
  if (!peer.connected) return 'notConnected';
  return null;
}

export default defineRule({
  id: 'routing-peer-unavailable',
  type: 'problem',
  description: 'A routing peer whose login expired or that was not connected at export time; says whether its HA set has any peer left.',
  severity: 'warn',
  requires: ['peers'],
  messages: {
    loginExpired:
      "Routing peer {{peer}}'s login has expired: NetBird leaves it out of the network until it logs in again, so it does not carry {{networkId}}; this HA set still has {{available}} of {{total}} routing peers available",
    loginExpiredNoneLeft:
      "Routing peer {{peer}}'s login has expired: NetBird leaves it out of the network until it logs in again, so it does not carry {{networkId}}; no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go",
    notConnected:
      'Routing peer {{peer}} was not connected when the account was exported: while it is offline clients cannot use it for {{networkId}}; this HA set still has {{available}} of {{total}} routing peers available',
    notConnectedNoneLeft:
      'Routing peer {{peer}} was not connected when the account was exported: while it is offline clients cannot use it for {{networkId}}; no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go',
    severalUnavailable:
      '{{count}} routing peers of {{networkId}} are unavailable ({{peers}}); {{available}} of {{total}} left',
    severalUnavailableNoneLeft:
      '{{count}} routing peers of {{networkId}} are unavailable ({{peers}}); none left for {{target}}',
  },
  check({ model, report }) {
    const peers = model.peers!;
    for (const set of model.haSets) {
      // Most sets are one route to one peer: nothing to say while that peer is available (or unknown, or the route disabled).
      const only = set.routes.length === 1 ? set.routes[0]! : null;
      if (only && only.peer !== '') {
        const peer = only.enabled ? peers.get(only.peer) : undefined;
        if (peer === undefined || unavailability(peer) === null) continue;
      }
      // One pass over the set's enabled routes: the known routing peers of the set, and each
      // route's unavailable ones (those outside the peers export are unknown-peer's finding).
      const servers = new Set<string>();
      let available = 0;
      const downByRoute: { route: (typeof set.routes)[number]; down: Map<string, Reason> }[] = [];
      for (const route of set.routes) {
        if (!route.enabled) continue;
        let down: Map<string, Reason> | null = null;
        for (const p of model.routingPeersOf(route) ?? []) {
          const peer = peers.get(p);
          if (peer === undefined) continue;
          const reason = unavailability(peer);
          if (!servers.has(p)) {
            servers.add(p);
            if (reason === null) available++;
          }
          if (reason !== null) (down ??= new Map()).set(p, reason);
        }
        if (down) downByRoute.push({ route, down });
      }
      // One finding per route, however many of its peers are down: a peer group of thousands must not repeat itself.
      for (const { route, down } of downByRoute) {
        const common = { networkId: set.networkId, target: targetOfSet(set), available, total: servers.size };
        if (down.size === 1) {
          const [p, reason] = [...down][0]!;
          report({
            messageId: available === 0 ? `${reason}NoneLeft` : reason,
            route,
            field: route.peer === p ? 'peer' : 'peer_groups',
            data: { peer: model.peerName(p), ...common },
            facts: [p],
          });
          continue;
        }
        const summary = summarizePeers(model, down.keys());
        let expired = 0;
        for (const reason of down.values()) if (reason === 'loginExpired') expired++;
        report({
          messageId: available === 0 ? 'severalUnavailableNoneLeft' : 'severalUnavailable',
          route,
          field: route.peer !== '' && down.has(route.peer) ? 'peer' : 'peer_groups',
          data: { count: summary.count, peers: summary.names, expired, offline: summary.count - expired, ...common },
          facts: summary.ids,
        });
      }
    }
  },
});

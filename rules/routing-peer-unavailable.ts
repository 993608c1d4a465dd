import { defineRule } from '../src/engine/rule.js';
import { targetOfSet } from '../src/model/describe.js';
import type { Peer } from '../src/model/types.js';

type Reason = 'serverRoutesDisabled' | 'loginExpired' | 'notConnected';

/** Why a routing peer does not carry traffic, most lasting cause first; null when it can. */
function unavailability(peer: Peer): Reason | null {
  if (peer.disableServerRoutes) return 'serverRoutesDisabled';
  if (peer.loginExpired) return 'loginExpired';
  if (!peer.connected) return 'notConnected';
  return null;
}

export default defineRule({
  id: 'routing-peer-unavailable',
  type: 'problem',
  description: 'A routing peer whose login expired, that was not connected at export time, or that has disable_server_routes set; says whether its HA set has any peer left.',
  severity: 'warn',
  requires: ['peers'],
  messages: {
    serverRoutesDisabled:
      'Routing peer {{peer}} has disable_server_routes set, so it serves no routes and never carries {{networkId}}; this HA set still has {{available}} of {{total}} routing peers available',
    serverRoutesDisabledNoneLeft:
      'Routing peer {{peer}} has disable_server_routes set, so it serves no routes and never carries {{networkId}}; no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go',
    loginExpired:
      "Routing peer {{peer}}'s login has expired: NetBird leaves it out of the network until it logs in again, so it does not carry {{networkId}}; this HA set still has {{available}} of {{total}} routing peers available",
    loginExpiredNoneLeft:
      "Routing peer {{peer}}'s login has expired: NetBird leaves it out of the network until it logs in again, so it does not carry {{networkId}}; no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go",
    notConnected:
      'Routing peer {{peer}} was not connected when the account was exported: while it is offline clients cannot use it for {{networkId}}; this HA set still has {{available}} of {{total}} routing peers available',
    notConnectedNoneLeft:
      'Routing peer {{peer}} was not connected when the account was exported: while it is offline clients cannot use it for {{networkId}}; no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go',
  },
  check({ model, report }) {
    const peers = model.peers!;
    for (const set of model.haSets) {
      const enabled = set.routes.filter((r) => r.enabled);
      // Routing peers outside the peers export are unknown-peer's finding.
      const servedBy = enabled.map((route) => ({ route, peers: (model.routingPeersOf(route) ?? []).filter((p) => peers.has(p)) }));
      const all = new Set(servedBy.flatMap((s) => s.peers));
      if (all.size === 0) continue;
      let available = 0;
      for (const p of all) if (unavailability(peers.get(p)!) === null) available++;
      for (const { route, peers: routePeers } of servedBy) {
        for (const p of routePeers) {
          const reason = unavailability(peers.get(p)!);
          if (reason === null) continue;
          report({
            messageId: available === 0 ? `${reason}NoneLeft` : reason,
            route,
            field: route.peer === p ? 'peer' : 'peer_groups',
            data: { peer: model.peerName(p), networkId: set.networkId, target: targetOfSet(set), available, total: all.size },
            facts: [p],
          });
        }
      }
    }
  },
});

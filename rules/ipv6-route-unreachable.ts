import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { targetOf } from '../src/model/describe.js';
import type { Route } from '../src/model/types.js';

export default defineRule({
  id: 'ipv6-route-unreachable',
  type: 'problem',
  description: 'An enabled IPv6 route whose distribution groups hold no peer with an overlay IPv6 address: NetBird gives IPv6 routes to no peer without one, so nobody receives it.',
  severity: 'warn',
  requires: ['peers'],
  messages: {
    noMemberHasIpv6:
      'None of the {{count}} members of the distribution groups of {{networkId}} has an overlay IPv6 address: NetBird sends IPv6 routes only to peers that have one, so no client receives {{target}}',
  },
  check({ model, report }) {
    const peers = model.peers!;
    // Members without IPv6 of a set of distribution groups, minus the HA set's routing peers; null when some member can receive it.
    const cache = new Map<string, number | null>();
    // A set's routing peers, once per HA set (its routes share them).
    const serversBySet = new Map<string, Set<string>>();
    const membersWithoutIpv6 = (route: Route): number | null => {
      let servers = serversBySet.get(route.haKey);
      if (!servers) serversBySet.set(route.haKey, (servers = routingPeersOfRoutes(model, model.haSetByKey.get(route.haKey)?.routes ?? [route])));
      const key = `${[...new Set(route.groups)].sort().join(',')}|${[...servers].sort().join(',')}`;
      if (cache.has(key)) return cache.get(key)!;
      const seen = new Set<string>();
      let count: number | null = 0;
      for (const g of route.groups) {
        for (const m of model.membersOf(g)) {
          // Routing peers serve the set; they are nobody's client of it.
          if (seen.has(m) || servers.has(m)) continue;
          seen.add(m);
          const peer = peers.get(m);
          // A member missing from the peers export might have one (unknown-peer and unknown-group speak of those).
          if (!peer || peer.overlayV6 !== null) count = null;
          else if (count !== null) count++;
        }
      }
      const answer = count === 0 ? null : count;
      cache.set(key, answer);
      return answer;
    };
    for (const route of model.routes) {
      if (!route.enabled || route.kind !== 'network' || route.network?.family !== 6) continue;
      const count = membersWithoutIpv6(route);
      if (count === null) continue;
      report({ messageId: 'noMemberHasIpv6', route, field: 'groups', data: { networkId: route.networkId, target: targetOf(route), count } });
    }
  },
});

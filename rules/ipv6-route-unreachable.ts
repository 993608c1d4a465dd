import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { targetOf } from '../src/model/describe.js';
import { reachOf } from '../src/model/reach.js';
import type { Route } from '../src/model/types.js';

export default defineRule({
  id: 'ipv6-route-unreachable',
  type: 'problem',
  description: 'An enabled IPv6 route whose distribution groups hold no peer with an overlay IPv6 address: NetBird gives IPv6 routes to no peer without one, so nobody receives it.',
  severity: 'warn',
  requires: ['peers'],
  messages: {
    noMemberHasIpv6: 'No member of the distribution groups of {{networkId}} has an overlay IPv6: nobody gets it',
  },
  explanations: {
    noMemberHasIpv6:
      'None of the {{count}} members of the distribution groups has an overlay IPv6 address. NetBird sends IPv6 routes only to peers that have one, so no client receives {{target}}.',
  },
  check({ model, report }) {
    const peers = model.peers!;
    // The members of a route's distribution groups are shared by its audience (model/reach.ts);
    // of each such set, once, those that could receive an IPv6 route: an overlay IPv6, or missing
    // from the peers export (which might have one).
    const reach = reachOf(model);
    const receivers = new Map<ReadonlySet<string>, ReadonlySet<string>>();
    const audienceOf = (route: Route) => {
      const members = reach.recipientsOf(route);
      let couldReceive = receivers.get(members);
      if (!couldReceive) {
        const set = new Set<string>();
        for (const m of members) {
          const peer = peers.get(m);
          if (!peer || peer.overlayV6 !== null) set.add(m);
        }
        receivers.set(members, (couldReceive = set));
      }
      return { members, couldReceive };
    };
    // IPv6 HA sets directly (not their routes through a key lookup): a set's routes share its routing peers.
    for (const set of model.haSets) {
      if (set.network?.family !== 6) continue;
      let servers: Set<string> | null = null;
      for (const route of set.routes) {
        if (!route.enabled) continue;
        servers ??= routingPeersOfRoutes(model, set.routes);
        const { members, couldReceive } = audienceOf(route);
        // Routing peers are few: count the audience's own against them instead of walking every member.
        let serving = 0;
        let servingCouldReceive = 0;
        for (const p of servers) {
          if (members.has(p)) serving++;
          if (couldReceive.has(p)) servingCouldReceive++;
        }
        // Some member other than the set's routing peers could receive it.
        if (couldReceive.size > servingCouldReceive) continue;
        const count = members.size - serving;
        if (count === 0) continue;
        report({ messageId: 'noMemberHasIpv6', route, field: 'groups', data: { networkId: route.networkId, target: targetOf(route), count } });
      }
    }
  },
});

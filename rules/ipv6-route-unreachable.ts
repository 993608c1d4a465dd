import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { targetOf } from '../src/model/describe.js';

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
    // Per set of distribution groups, once: its members, and those that could receive an IPv6 route
    // (an overlay IPv6, or missing from the peers export, which might have one).
    const audiences = new Map<string, { members: ReadonlySet<string>; couldReceive: ReadonlySet<string> }>();
    const audienceOf = (groups: readonly string[]) => {
      const key = groups.length === 1 ? groups[0]! : [...new Set(groups)].sort().join('\u0000');
      let audience = audiences.get(key);
      if (!audience) {
        const members = new Set<string>();
        const couldReceive = new Set<string>();
        for (const g of groups) {
          for (const m of model.membersOf(g)) {
            members.add(m);
            const peer = peers.get(m);
            if (!peer || peer.overlayV6 !== null) couldReceive.add(m);
          }
        }
        audiences.set(key, (audience = { members, couldReceive }));
      }
      return audience;
    };
    // IPv6 HA sets directly (not their routes through a key lookup): a set's routes share its routing peers.
    for (const set of model.haSets) {
      if (set.network?.family !== 6) continue;
      let servers: Set<string> | null = null;
      for (const route of set.routes) {
        if (!route.enabled) continue;
        servers ??= routingPeersOfRoutes(model, set.routes);
        const { members, couldReceive } = audienceOf(route.groups);
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

import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { targetOf } from '../src/model/describe.js';
import { reachOf } from '../src/model/reach.js';

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
    const reach = reachOf(model);
    // A peer could receive an IPv6 route with an overlay IPv6, or when it is missing from the peers
    // export (it might have one).
    const couldReceive = (id: string): boolean => {
      const peer = peers.get(id);
      return !peer || peer.overlayV6 !== null;
    };
    // Per distribution group, once: how many of its members could receive one. Counted per group,
    // not per route's union of groups: building each audience's member set cost more than the rest
    // of the rule on accounts of many IPv6 routes.
    const receiversByGroup = new Map<string, number>();
    const receiversIn = (groupId: string): number => {
      let count = receiversByGroup.get(groupId);
      if (count === undefined) {
        count = 0;
        for (const m of model.membersOf(groupId)) if (couldReceive(m)) count++;
        receiversByGroup.set(groupId, count);
      }
      return count;
    };
    // IPv6 HA sets directly (not their routes through a key lookup): a set's routes share its routing peers.
    for (const set of model.haSets) {
      if (set.network?.family !== 6) continue;
      let servers: string[] | null = null;
      for (const route of set.routes) {
        if (!route.enabled) continue;
        servers ??= [...routingPeersOfRoutes(model, set.routes)];
        // Some member other than the set's routing peers could receive it when some group has more
        // such members than routing peers among them (routing peers are few: counted one by one).
        const groupIds = reach.audienceOf(route).groupIds;
        const reached = groupIds.some((g) => {
          const members = model.membersOf(g);
          let serving = 0;
          for (const p of servers!) if (members.has(p) && couldReceive(p)) serving++;
          return receiversIn(g) > serving;
        });
        if (reached) continue;
        const members = reach.recipientsOf(route);
        let serving = 0;
        for (const p of servers) if (members.has(p)) serving++;
        const count = members.size - serving;
        if (count === 0) continue;
        report({ messageId: 'noMemberHasIpv6', route, field: 'groups', data: { networkId: route.networkId, target: targetOf(route), count } });
      }
    }
  },
});

import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { targetOf } from '../src/model/describe.js';
import { reachOf, type Audience } from '../src/model/reach.js';

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
    // Members of a route's distribution groups, counted once per audience by peer number: no set of
    // an audience's members is built (fifty thousand IPv6 routes may each have an audience of their own).
    const { groupNumbers, membersByGroup, groupsByPeer, peerIds } = model.memberships;
    const stamps = new Int32Array(peerIds.length);
    let stamp = 0;
    const membersByAudience = new Map<number, number>();
    const memberCount = (audience: Audience): number => {
      let count = membersByAudience.get(audience.id);
      if (count === undefined) {
        count = 0;
        stamp++;
        for (const g of audience.groupIds) {
          const at = groupNumbers.get(g);
          if (at === undefined) continue;
          const members = membersByGroup[at]!;
          for (let i = 0; i < members.length; i++) {
            if (stamps[members[i]!] === stamp) continue;
            stamps[members[i]!] = stamp;
            count++;
          }
        }
        membersByAudience.set(audience.id, count);
      }
      return count;
    };
    // Routing peers by peer number (-1: in no group, so in no distribution), a list made once per
    // list of ids (sets of one route share the model's list per peer group).
    let peerNumbers: Map<string, number> | null = null;
    const numbersByList = new WeakMap<readonly string[], Int32Array>();
    const numbersOf = (ids: readonly string[]): Int32Array => {
      let numbers = numbersByList.get(ids);
      if (!numbers) {
        peerNumbers ??= new Map(peerIds.map((id, n) => [id, n]));
        numbers = Int32Array.from(ids, (id) => peerNumbers!.get(id) ?? -1);
        numbersByList.set(ids, numbers);
      }
      return numbers;
    };
    // How many of the set's routing peers are in one of the audience's groups: each peer's few
    // groups read by number (a peer group of thousands, asked for every route it serves).
    const servingIn = (audience: Audience, servers: readonly string[]): number => {
      const audienceGroups = audience.groupIds.flatMap((g) => groupNumbers.get(g) ?? []);
      let serving = 0;
      for (const n of numbersOf(servers)) if (n >= 0 && groupsByPeer[n]!.some((g) => audienceGroups.includes(g))) serving++;
      return serving;
    };
    // IPv6 HA sets directly (not their routes through a key lookup): a set's routes share its routing peers.
    for (const set of model.haSets) {
      if (set.network?.family !== 6) continue;
      // The set's routing peers, listed when first needed (a set of one route: the model's own list).
      let servers: readonly string[] | null = null;
      const serversOf = (): readonly string[] => (servers ??= set.routes.length === 1 ? (model.routingPeersOf(set.routes[0]!) ?? []) : [...routingPeersOfRoutes(model, set.routes)]);
      // Per group, the set's routing peers in it that could receive an IPv6 route: counted once per
      // set (an exit set of a thousand routes to the group of every peer, ten thousand routing peers).
      const servingByGroup = new Map<string, number>();
      const servingInGroup = (g: string): number => {
        let serving = servingByGroup.get(g);
        if (serving === undefined) {
          const members = model.membersOf(g);
          serving = 0;
          for (const p of serversOf()) if (members.has(p) && couldReceive(p)) serving++;
          servingByGroup.set(g, serving);
        }
        return serving;
      };
      for (const route of set.routes) {
        if (!route.enabled) continue;
        // Some member other than the set's routing peers could receive it when some group has more
        // such members than routing peers among them (routing peers are few: counted one by one;
        // a group without such members needs no count).
        const audience = reach.audienceOf(route);
        const groupIds = audience.groupIds;
        const reached = groupIds.some((g) => {
          const receivers = receiversIn(g);
          return receivers > 0 && receivers > servingInGroup(g);
        });
        if (reached) continue;
        const members = memberCount(audience);
        if (members === 0) continue;
        const count = members - servingIn(audience, serversOf());
        if (count === 0) continue;
        report({ messageId: 'noMemberHasIpv6', route, field: 'groups', data: { networkId: route.networkId, target: targetOf(route), count } });
      }
    }
  },
});

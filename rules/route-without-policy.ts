import { defineRule } from '../src/engine/rule.js';
import { nameList, sortPeersByName, targetOf } from '../src/model/describe.js';
import { policyReachOf, type Counterparts } from '../src/model/policy-reach.js';
import type { Model, Route } from '../src/model/types.js';

/** Members of a set of distribution groups that no policy connects to a set of routing peers. */
interface CutOff {
  /** Members that could receive the route at all (known, login valid, client routes on, IPv6 when needed). */
  readonly eligible: number;
  /** The eligible members left without a policy, sorted by name then id. */
  readonly sorted: readonly string[];
  readonly set: ReadonlySet<string>;
}

/**
 * Can this member receive routes at all, whatever the policies say? Peers outside the peers export,
 * peers whose login expired and peers with client routes disabled get no routes, and peers without
 * an overlay IPv6 get no IPv6 routes (docs/netbird-behaviour.md §3); none of them is cut off by a policy.
 */
function receivesRoutes(model: Model, peerId: string, ipv6Route: boolean): boolean {
  if (!model.peers) return true;
  const peer = model.peers.get(peerId);
  return peer !== undefined && !peer.loginExpired && !peer.disableClientRoutes && (!ipv6Route || peer.ipv6 !== null);
}

const NOBODY_CUT_OFF: CutOff = Object.freeze({ eligible: 0, sorted: Object.freeze([]), set: new Set<string>() });

/** Groups with every peer of the export among their members; none when the export has no peers. */
function universalGroups(model: Model): ReadonlySet<string> {
  const out = new Set<string>();
  const peers = model.peers;
  if (!peers || peers.size === 0) return out;
  for (const g of model.groups?.keys() ?? []) {
    const members = model.membersOf(g);
    if (members.size < peers.size) continue;
    let known = 0;
    for (const p of members) if (peers.has(p)) known++;
    if (known === peers.size) out.add(g);
  }
  return out;
}

/** Does an enabled rule of an enabled policy have a universal group on both sides (NetBird's Default policy, All to All)? */
function allToAll(model: Model, universal: ReadonlySet<string>): boolean {
  if (universal.size === 0) return false;
  return (model.policies ?? []).some((p) => p.enabled && p.rules.some((r) => r.enabled && r.sources.groupIds.some((g) => universal.has(g)) && r.destinations.groupIds.some((g) => universal.has(g))));
}

export default defineRule({
  id: 'route-without-policy',
  type: 'problem',
  description: 'Members of a route\'s distribution groups that no enabled policy connects to any of its routing peers; NetBird never sends them the route.',
  severity: 'warn',
  requires: ['groups', 'policies'],
  messages: {
    nobodyReceives: 'No enabled policy links a routing peer of {{networkId}} to its recipients: nobody gets it',
    membersCutOff: '{{count}} of {{total}} distribution group members of {{networkId}} have no policy to its routing peers',
  },
  explanations: {
    nobodyReceives:
      'NetBird sends a route only to peers that an enabled policy connects to one of its routing peers. None of the members of its distribution groups ({{members}}; {{total}} in all) is, so NetBird sends {{target}} to none of them, whatever the distribution groups say.',
    membersCutOff:
      'These members ({{members}}) are not connected to any routing peer of {{networkId}} by an enabled policy, so NetBird never sends them {{target}}.',
  },
  check({ model, report }) {
    // A group holding every peer of the export (`All`, which the Default policy connects to
    // itself) on the far side connects everybody who can receive routes at all: nobody is cut off.
    const universal = universalGroups(model);
    // With one on both sides of an enabled rule every peer is connected to every peer, and no
    // route needs a look.
    if (allToAll(model, universal)) return;
    const reach = policyReachOf(model);
    const known = (id: string): boolean => !model.peers || model.peers.has(id);

    // Accounts reuse a few routing peer sets, distribution group sets and HA sets across many
    // routes: each cache below is keyed by one of them, so a route costs a few Map lookups.
    const byRoutingPeers = new Map<string, { key: string; peers: readonly string[]; counterparts: Counterparts | null }>();
    const routingOf = (route: Route) => {
      const key = route.peer !== '' ? route.peer : `\u0000${[...route.peerGroups].sort().join(',')}`;
      let entry = byRoutingPeers.get(key);
      if (!entry) {
        const peers = [...new Set((model.routingPeersOf(route) ?? []).filter(known))].sort();
        entry = { key, peers, counterparts: peers.length > 0 ? reach.counterpartsOf(peers) : null };
        byRoutingPeers.set(key, entry);
      }
      return entry;
    };

    const byDistribution = new Map<string, { groups: readonly string[]; key: string }>();
    const distributionOf = (route: Route) => {
      const raw = route.groups.join(',');
      let entry = byDistribution.get(raw);
      if (!entry) {
        const groups = [...new Set(route.groups)].sort();
        byDistribution.set(raw, (entry = { groups, key: groups.join(',') }));
      }
      return entry;
    };

    const coversEveryone = new Map<number, boolean>();
    const connectsEveryone = (counterparts: Counterparts): boolean => {
      let known = coversEveryone.get(counterparts.id);
      if (known === undefined) {
        known = false;
        for (const g of counterparts.groups) if (universal.has(g)) known = true;
        coversEveryone.set(counterparts.id, known);
      }
      return known;
    };

    const cutOffs = new Map<string, CutOff>();
    const cutOffFor = (key: string, distribution: readonly string[], counterparts: Counterparts, ipv6Route: boolean): CutOff => {
      let known = cutOffs.get(key);
      if (known) return known;
      if (connectsEveryone(counterparts)) {
        cutOffs.set(key, NOBODY_CUT_OFF);
        return NOBODY_CUT_OFF;
      }
      const seen = new Set<string>();
      const cut: string[] = [];
      let eligible = 0;
      // When every distribution group is itself opposite a routing peer, nobody can be cut off.
      const allCovered = distribution.every((g) => counterparts.groups.has(g));
      for (const g of distribution) {
        for (const member of model.membersOf(g)) {
          if (seen.has(member)) continue;
          seen.add(member);
          if (!receivesRoutes(model, member, ipv6Route)) continue;
          eligible++;
          if (!allCovered && !reach.connects(member, counterparts)) cut.push(member);
        }
      }
      const sorted = sortPeersByName(model, cut);
      known = { eligible, sorted, set: new Set(sorted) };
      cutOffs.set(key, known);
      return known;
    };

    // Routing peers of an HA set (enabled routes or not) never receive its routes from another
    // peer: they serve them. Keyed by HA set, or by routing peers for a route alone in its set.
    const findings = new Map<string, { count: number; total: number; members: string } | null>();
    const findingFor = (route: Route, routingKey: string, routingPeers: readonly string[], distribution: readonly string[], cutOff: CutOff, cutKey: string, ipv6Route: boolean) => {
      const set = model.haSetByKey.get(route.haKey);
      const alone = !set || set.routes.length === 1;
      const key = `${alone ? routingKey : `\u0001${set.key}`}|${cutKey}`;
      if (findings.has(key)) return findings.get(key)!;
      const servers = new Set(routingPeers);
      if (!alone) for (const member of set.routes) for (const p of model.routingPeersOf(member) ?? []) servers.add(p);
      let eligibleServers = 0;
      let cutServers = 0;
      for (const p of servers) {
        if (cutOff.set.has(p)) cutServers++;
        else if (distribution.some((g) => model.membersOf(g).has(p)) && receivesRoutes(model, p, ipv6Route)) eligibleServers++;
      }
      const count = cutOff.sorted.length - cutServers;
      let finding = null;
      if (count > 0) {
        const names: string[] = [];
        for (const id of cutOff.sorted) {
          if (names.length === 3) break;
          if (!servers.has(id)) names.push(model.peerName(id));
        }
        finding = { count, total: cutOff.eligible - eligibleServers - cutServers, members: nameList(names, { total: count }) };
      }
      findings.set(key, finding);
      return finding;
    };

    for (const route of model.routes) {
      // A Networks API resource goes to its policies' sources, and the management server connects
      // them to the routing peers itself: nobody in its (policy-derived) groups is cut off.
      if (!route.enabled || route.groups.length === 0 || route.networkResource) continue;
      const routing = routingOf(route);
      // A route nobody serves is ha-group-empty's or unknown-peer's finding, not a policy problem.
      if (!routing.counterparts) continue;
      if (connectsEveryone(routing.counterparts)) continue;
      const ipv6Route = route.kind === 'network' && route.network?.family === 6;
      const distribution = distributionOf(route);
      const cutKey = `${ipv6Route ? 6 : 4}|${distribution.key}|${routing.counterparts.id}`;
      const cutOff = cutOffFor(cutKey, distribution.groups, routing.counterparts, ipv6Route);
      if (cutOff.sorted.length === 0) continue;
      const finding = findingFor(route, routing.key, routing.peers, distribution.groups, cutOff, cutKey, ipv6Route);
      if (!finding) continue;
      report({
        messageId: finding.count === finding.total ? 'nobodyReceives' : 'membersCutOff',
        route,
        field: 'groups',
        data: { networkId: route.networkId, target: targetOf(route), ...finding },
      });
    }
  },
});

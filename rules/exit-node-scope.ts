import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { nameList, sortPeersByName } from '../src/model/describe.js';
import { groupsByPeer } from '../src/model/reach.js';
import type { Model, Route } from '../src/model/types.js';

const MANY = Symbol('many routing peers');

/** Is `peer` the only routing peer of `route` (so it may receive the route's set from nobody)? */
function servedAloneBy(model: Model, route: Route, peer: string): boolean {
  const own = model.routingPeersOf(route) ?? [];
  return own.length > 0 && own.every((p) => p === peer);
}

export default defineRule({
  id: 'exit-node-scope',
  type: 'problem',
  description: "An exit node distributed to its own routing peers' HA siblings, and groups whose exit nodes all have skip_auto_apply set.",
  severity: 'warn',
  messages: {
    siblingsInGroups: 'Exit node {{networkId}} is distributed to {{count}} of its own routing peers, which never get it',
    noAutoApply: '{{count}} peers in group {{group}} get no exit node: all of theirs have skip_auto_apply',
  },
  explanations: {
    siblingsInGroups:
      'Its distribution groups hold {{peers}}, routing peers of its own HA set. A routing peer never receives another peer\'s route of an HA set it serves, so these peers never receive this exit node, whatever its distribution groups say.',
    noAutoApply:
      'Every exit node distributed to group {{group}} has skip_auto_apply set, so its peers get no exit node unless their user selects one, and their internet traffic keeps leaving through their own uplink.',
  },
  check({ model, report, note }) {
    const exitSets = model.haSets.filter((s) => s.isExit);
    if (exitSets.length === 0) return;
    if (!model.has('groups') && !model.has('peers')) {
      note('groups', 'which peers the exit nodes are distributed to');
      return;
    }
    const groupsOfPeer = groupsByPeer(model);

    // 1. Siblings in the distribution groups: they serve the set, so they never receive it from
    // another peer. One finding per set, however many routes and peers: the cause is the set's
    // distribution. Indexed by group so that a set of a thousand routes served by thousands of
    // peers costs the sum of their group lists, not their product.
    const serversOfSet = new Map<string, ReadonlySet<string>>();
    for (const set of exitSets) {
      const servers = routingPeersOfRoutes(model, set.routes);
      serversOfSet.set(set.key, servers);
      // Per distribution group: the routes distributed to it, and the one peer that serves all of
      // them alone (a peer may receive its own route's set), or MANY.
      // `pending`: its routes not yet found reaching a sibling (each is looked at again only while
      // the servers asked so far all serve it alone), so a group of a thousand routes and thousands
      // of sibling members costs their sum, not their product.
      const routesOfGroup = new Map<string, { pending: Route[]; soleServer: string | typeof MANY }>();
      for (const route of set.routes) {
        if (!route.enabled) continue;
        const own = new Set(model.routingPeersOf(route) ?? []);
        if (own.size === 0) continue;
        const soleServer = own.size === 1 ? own.values().next().value! : MANY;
        for (const g of new Set(route.groups)) {
          const entry = routesOfGroup.get(g);
          if (!entry) routesOfGroup.set(g, { pending: [route], soleServer });
          else {
            entry.pending.push(route);
            if (entry.soleServer !== soleServer) entry.soleServer = MANY;
          }
        }
      }
      const siblings: string[] = [];
      const reaching = new Set<Route>();
      for (const s of servers) {
        let sibling = false;
        for (const g of groupsOfPeer.get(s) ?? []) {
          const entry = routesOfGroup.get(g);
          if (!entry || entry.soleServer === s) continue;
          sibling = true;
          if (entry.pending.length === 0) continue;
          const alone: Route[] = [];
          for (const route of entry.pending) {
            if (reaching.has(route)) continue;
            if (servedAloneBy(model, route, s)) alone.push(route);
            else reaching.add(route);
          }
          entry.pending = alone;
        }
        if (sibling) siblings.push(s);
      }
      if (siblings.length === 0) continue;
      const [first, ...related] = [...reaching].sort((a, b) => a.index - b.index);
      const sorted = sortPeersByName(model, siblings);
      report({
        messageId: 'siblingsInGroups',
        route: first!,
        field: 'groups',
        related,
        data: { networkId: set.networkId, count: sorted.length, peers: nameList(sorted.map((p) => model.peerName(p))) },
        facts: sorted,
      });
    }

    // 2. Groups whose every exit node is opt-in: nobody in them gets one automatically.
    const exitRoutesByGroup = new Map<string, Route[]>();
    const autoApplied = new Set<string>();
    for (const set of exitSets) {
      for (const route of set.routes) {
        if (!route.enabled) continue;
        for (const g of new Set(route.groups)) {
          const list = exitRoutesByGroup.get(g);
          if (list) list.push(route);
          else exitRoutesByGroup.set(g, [route]);
          if (!route.skipAutoApply) autoApplied.add(g);
        }
      }
    }
    for (const [group, routes] of [...exitRoutesByGroup].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (autoApplied.has(group)) continue;
      const exitServers = new Set<string>();
      for (const route of routes) for (const p of serversOfSet.get(route.haKey) ?? []) exitServers.add(p);
      // Members that get an auto-applied exit node through another group, and the exit nodes themselves, are fine.
      let count = 0;
      for (const member of model.membersOf(group)) if (!exitServers.has(member) && !(groupsOfPeer.get(member) ?? []).some((g) => autoApplied.has(g))) count++;
      if (count === 0) continue;
      routes.sort((a, b) => a.index - b.index);
      report({
        messageId: 'noAutoApply',
        route: routes[0]!,
        field: 'skip_auto_apply',
        related: routes.slice(1),
        data: { group: model.groupName(group), count },
        facts: [group],
      });
    }
  },
});

import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { nameList, sortPeersByName } from '../src/model/describe.js';
import type { Route } from '../src/model/types.js';

export default defineRule({
  id: 'exit-node-scope',
  type: 'problem',
  description: "An exit node distributed to its own routing peers' HA siblings, and groups whose exit nodes all have skip_auto_apply set.",
  severity: 'warn',
  messages: {
    siblingsInGroups:
      'Exit node {{networkId}} is distributed to groups that hold {{count}} of its own routing peers ({{peers}}): a routing peer never receives another peer\'s route of an HA set it serves, so these peers never receive this exit node, whatever its distribution groups say',
    noAutoApply:
      'Every exit node distributed to group {{group}} has skip_auto_apply set: {{count}} peers in it get no exit node unless their user selects one, so their internet traffic keeps leaving through their own uplink',
  },
  check({ model, report, note }) {
    const exitSets = model.haSets.filter((s) => s.isExit);
    if (exitSets.length === 0) return;
    if (!model.has('groups') && !model.has('peers')) {
      note('groups', 'which peers the exit nodes are distributed to');
      return;
    }
    const inGroups = (peer: string, groups: readonly string[]): boolean => groups.some((g) => model.membersOf(g).has(peer));

    // 1. Siblings in the distribution groups: they serve the set, so they never receive it from another peer.
    const serversOfSet = new Map<string, ReadonlySet<string>>();
    for (const set of exitSets) {
      const servers = routingPeersOfRoutes(model, set.routes);
      serversOfSet.set(set.key, servers);
      for (const route of set.routes) {
        if (!route.enabled) continue;
        const own = model.routingPeersOf(route) ?? [];
        const siblings = [...servers].filter((s) => own.some((p) => p !== s) && inGroups(s, route.groups));
        if (siblings.length === 0) continue;
        const sorted = sortPeersByName(model, siblings);
        report({
          messageId: 'siblingsInGroups',
          route,
          field: 'groups',
          data: { networkId: set.networkId, count: sorted.length, peers: nameList(sorted.map((p) => model.peerName(p))) },
          facts: sorted,
        });
      }
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
    const autoGroups = [...autoApplied];
    for (const [group, routes] of [...exitRoutesByGroup].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (autoApplied.has(group)) continue;
      const exitServers = new Set<string>();
      for (const route of routes) for (const p of serversOfSet.get(route.haKey) ?? []) exitServers.add(p);
      // Members that get an auto-applied exit node through another group, and the exit nodes themselves, are fine.
      let count = 0;
      for (const member of model.membersOf(group)) if (!exitServers.has(member) && !inGroups(member, autoGroups)) count++;
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

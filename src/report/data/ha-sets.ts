// The HA sets section: each set's routing peers, one row per (route, peer), with the peer's state
// in the export and how many of them could serve today.
import { targetOfSet } from '../../model/describe.js';
import { comparePrefix } from '../../net/prefix.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import { compareRefs, dedupeRefs, peerHealthOf, type ReportContext } from './context.js';
import type { HaMember, HaSetReport } from './types.js';

export function haSetsOf(ctx: ReportContext): HaSetReport[] {
  const { model } = ctx;
  const sets = model.haSets.map((set): HaSetReport => {
    const members: HaMember[] = [];
    const routesWithoutPeer: string[] = [];
    const unexpanded: string[] = [];
    const enabledPeers = new Set<string>();
    for (const r of set.routes) {
      const ids = model.routingPeersOf(r);
      if (ids === null) {
        unexpanded.push(r.id);
        continue;
      }
      if (ids.length === 0) routesWithoutPeer.push(r.id);
      for (const id of ids) {
        const via = r.peer !== '' ? [] : r.peerGroups.filter((g) => model.membersOf(g).has(id)).map(ctx.groupRef).sort(compareRefs);
        members.push({ routeId: r.id, peer: ctx.peerRef(id), via: dedupeRefs(via), metric: r.metric, masquerade: r.masquerade, enabled: r.enabled, health: peerHealthOf(model, id) });
        if (r.enabled) enabledPeers.add(id);
      }
    }
    members.sort((a, b) => a.metric - b.metric || compareRefs(a.peer, b.peer) || compareStrings(a.routeId, b.routeId));
    const available = model.peers ? [...enabledPeers].filter((id) => peerHealthOf(model, id) === 'connected').length : null;
    return {
      key: set.key,
      networkId: set.networkId,
      target: targetOfSet(set),
      kind: set.network ? 'network' : 'domain',
      prefix: set.network,
      isExit: set.isExit,
      routeIds: set.routes.map((r) => r.id),
      members,
      routesWithoutPeer: [...new Set(routesWithoutPeer)].sort(compareStrings),
      unexpanded: [...new Set(unexpanded)].sort(compareStrings),
      availablePeers: available,
      enabledPeers: enabledPeers.size,
      enabledRoutes: set.routes.filter((r) => r.enabled).length,
      groups: ctx.groupRefs(set.routes.flatMap((r) => r.groups)),
      severity: ctx.routesSeverity(set.routes),
    };
  });
  return sets.sort(compareHaSetReports);
}

/** Orders HA sets by what they route (prefixes by address, then domains), then network_id. */
function compareHaSetReports(a: HaSetReport, b: HaSetReport): number {
  if (a.prefix && b.prefix) return comparePrefix(a.prefix, b.prefix) || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key);
  if (a.prefix || b.prefix) return a.prefix ? -1 : 1;
  return compareStrings(a.target, b.target) || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key);
}

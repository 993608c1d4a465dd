// The HA sets section: each set's routing peers, one row per (route, peer), with the peer's state
// in the export and how many of them could serve today. A set served by a peer group of every peer
// has as many rows as the account has peers: only the first rows the page shows are built (found
// in one pass, without sorting them all), the others are counted by health.
import { targetOfSet } from '../../model/describe.js';
import type { Route } from '../../model/types.js';
import { comparePrefix } from '../../net/prefix.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import { compareRefs, dedupeRefs, peerHealthOf, type ReportContext } from './context.js';
import { DISPLAY_LIMITS, PEER_HEALTH, type HaMember, type HaSetReport, type HealthCount, type PeerHealth } from './types.js';

/** One (route, routing peer) row before it is built: what the rows are ordered by. */
interface Row {
  readonly route: Route;
  readonly id: string;
  readonly name: string;
}

/** By metric, then peer name and id, then route id: the order of a set's members. */
function compareRows(a: Row, b: Row): number {
  return a.route.metric - b.route.metric || compareStrings(a.name, b.name) || compareStrings(a.id, b.id) || compareStrings(a.route.id, b.route.id);
}

export function haSetsOf(ctx: ReportContext): HaSetReport[] {
  const { model } = ctx;
  const healthOf = new Map<string, PeerHealth | null>();
  const health = (id: string): PeerHealth | null => {
    let h = healthOf.get(id);
    if (h === undefined) healthOf.set(id, (h = peerHealthOf(model, id)));
    return h;
  };
  const limit = DISPLAY_LIMITS.haMembers;
  const sets = model.haSets.map((set): HaSetReport => {
    const routesWithoutPeer: string[] = [];
    const unexpanded: string[] = [];
    const enabledPeers = new Set<string>();
    // The first `limit` rows in order, kept sorted; every row is counted by health.
    const first: Row[] = [];
    const tally = new Map<PeerHealth | null, number>();
    let count = 0;
    for (const r of set.routes) {
      const ids = model.routingPeersOf(r);
      if (ids === null) {
        unexpanded.push(r.id);
        continue;
      }
      if (ids.length === 0) routesWithoutPeer.push(r.id);
      for (const id of ids) {
        count++;
        const h = health(id);
        tally.set(h, (tally.get(h) ?? 0) + 1);
        if (r.enabled) enabledPeers.add(id);
        const row = { route: r, id, name: model.peerName(id) };
        if (first.length === limit && compareRows(row, first[limit - 1]!) >= 0) continue;
        let at = first.length;
        while (at > 0 && compareRows(row, first[at - 1]!) < 0) at--;
        first.splice(at, 0, row);
        if (first.length > limit) first.pop();
      }
    }
    const members = first.map(({ route: r, id }): HaMember => {
      const via = r.peer !== '' ? [] : r.peerGroups.filter((g) => model.membersOf(g).has(id)).map(ctx.groupRef).sort(compareRefs);
      return { routeId: r.id, peer: ctx.peerRef(id), via: dedupeRefs(via), metric: r.metric, masquerade: r.masquerade, enabled: r.enabled, health: health(id) };
    });
    // The rows not listed, by health: the tally less the listed rows.
    for (const m of members) tally.set(m.health, tally.get(m.health)! - 1);
    const otherHealth: HealthCount[] = [...PEER_HEALTH, null].flatMap((h) => ((tally.get(h) ?? 0) > 0 ? [{ health: h, count: tally.get(h)! }] : []));
    const available = model.peers ? [...enabledPeers].filter((id) => health(id) === 'connected').length : null;
    return {
      key: set.key,
      networkId: set.networkId,
      target: targetOfSet(set),
      kind: set.network ? 'network' : 'domain',
      prefix: set.network,
      isExit: set.isExit,
      routeIds: set.routes.map((r) => r.id),
      members,
      memberCount: count,
      otherHealth,
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

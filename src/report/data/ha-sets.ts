// The HA sets section: each set's routing peers, one row per (route, peer), with the peer's state
// in the export and how many of them could serve today. A set served by a peer group of every peer
// has as many rows as the account has peers: only the first rows the page shows are built (found
// in one pass, without sorting them all), the others are counted by health.
import { targetOfSet } from '../../model/describe.js';
import type { Route } from '../../model/types.js';
import { compareByNameThenId, compareCodePoints, compareStrings } from '../../order.js';
import { compareRefs, dedupeRefs, peerHealthOf, sortByPrefix, type ReportContext } from './context.js';
import { DISPLAY_LIMITS, PEER_HEALTH, type HaMember, type HaSetReport, type HealthCount, type PeerHealth } from './types.js';

/** One (route, routing peer) row before it is built: what the rows are ordered by. */
interface Row {
  readonly route: Route;
  readonly id: string;
  readonly name: string;
}

/** What the HA sets read of one list of routing peers. */
interface ListFacts {
  /** The first DISPLAY_LIMITS.haMembers peers by name, then id. */
  readonly first: readonly { readonly id: string; readonly name: string }[];
  readonly tally: ReadonlyMap<PeerHealth | null, number>;
  readonly connected: number;
}

/** Keeps `item` among the first `limit` of `first` (sorted by `compare`, equal items in arrival order); false when it is not among them. */
function keepFirst<T>(first: T[], item: T, limit: number, compare: (a: T, b: T) => number): boolean {
  if (first.length === limit && compare(item, first[limit - 1]!) >= 0) return false;
  let at = first.length;
  while (at > 0 && compare(item, first[at - 1]!) < 0) at--;
  first.splice(at, 0, item);
  if (first.length > limit) first.pop();
  return true;
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
  // Routes naming the same peer groups share one list of routing peers (Model.routingPeersOf): what
  // a set needs of a list (its first peers by name, its peers by health) is read once per list.
  const facts = new Map<readonly string[], ListFacts>();
  // How many peers of a list are connected: all every set needs of its list (the rest is read for the sets listed).
  const connectedIn = new Map<readonly string[], number>();
  const connectedOf = (ids: readonly string[]): number => {
    let n = connectedIn.get(ids) ?? facts.get(ids)?.connected;
    if (n === undefined) {
      n = 0;
      for (const id of ids) if (health(id) === 'connected') n++;
      connectedIn.set(ids, n);
    }
    return n;
  };
  const factsOf = (ids: readonly string[]): ListFacts => {
    let f = facts.get(ids);
    if (f) return f;
    const first: { id: string; name: string }[] = [];
    const tally = new Map<PeerHealth | null, number>();
    let connected = 0;
    for (const id of ids) {
      const h = health(id);
      tally.set(h, (tally.get(h) ?? 0) + 1);
      if (h === 'connected') connected++;
      keepFirst(first, { id, name: model.peerName(id) }, limit, compareByNameThenId);
    }
    facts.set(ids, (f = { first, tally, connected }));
    return f;
  };
  // The rows a set lists, and the others counted by health: built when first read (the page lists
  // the first DISPLAY_LIMITS.haSets sets; an account may have a hundred thousand).
  const listedRows = (routes: readonly Route[]): ListedRows => {
    // The first `limit` rows in order, kept sorted; every row is counted by health.
    const first: Row[] = [];
    const tally = new Map<PeerHealth | null, number>();
    for (const r of routes) {
      const ids = model.routingPeersOf(r);
      if (ids === null) continue;
      const list = factsOf(ids);
      for (const [h, n] of list.tally) tally.set(h, (tally.get(h) ?? 0) + n);
      // A route's rows share its metric and id: its first rows are its list's first peers.
      for (const peer of list.first) {
        // The list's peers come in order: once one is not kept, none after it is.
        if (!keepFirst(first, { route: r, id: peer.id, name: peer.name }, limit, compareRows)) break;
      }
    }
    const members = first.map(({ route: r, id }): HaMember => {
      const via = r.peer !== '' ? [] : r.peerGroups.filter((g) => model.membersOf(g).has(id)).map(ctx.groupRef).sort(compareRefs);
      return { routeId: r.id, peer: ctx.peerRef(id), via: dedupeRefs(via), metric: r.metric, masquerade: r.masquerade, enabled: r.enabled, health: health(id) };
    });
    // The rows not listed, by health: the tally less the listed rows.
    for (const m of members) tally.set(m.health, tally.get(m.health)! - 1);
    const otherHealth = [...PEER_HEALTH, null].flatMap((h) => ((tally.get(h) ?? 0) > 0 ? [{ health: h, count: tally.get(h)! }] : []));
    return { members, otherHealth };
  };
  // What a set shows besides what it is sorted by: worked out when first read (the page lists the
  // first DISPLAY_LIMITS.haSets sets; an account may have a hundred thousand).
  const detailsOf = (routes: readonly Route[]): SetDetails => {
    const routesWithoutPeer: string[] = [];
    const unexpanded: string[] = [];
    let count = 0;
    const enabledLists: (readonly string[])[] = [];
    for (const r of routes) {
      const ids = model.routingPeersOf(r);
      if (ids === null) {
        unexpanded.push(r.id);
        continue;
      }
      if (ids.length === 0) routesWithoutPeer.push(r.id);
      if (r.enabled && ids.length > 0) enabledLists.push(ids);
      count += ids.length;
    }
    // Distinct routing peers of the enabled routes: one list's own count (routes naming the same
    // peer groups share one list), else their union.
    let enabledPeers: number;
    let available: number;
    if (enabledLists.length === 1 || (enabledLists.length > 1 && sameList(enabledLists))) {
      enabledPeers = enabledLists[0]!.length;
      available = connectedOf(enabledLists[0]!);
    } else {
      const ids = new Set(enabledLists.flat());
      enabledPeers = ids.size;
      available = [...ids].filter((id) => health(id) === 'connected').length;
    }
    return {
      routeIds: routes.map((r) => r.id),
      memberCount: count,
      routesWithoutPeer: distinctSorted(routesWithoutPeer),
      unexpanded: distinctSorted(unexpanded),
      availablePeers: model.peers ? available : null,
      enabledPeers,
      enabledRoutes: countEnabled(routes),
      groups: ctx.groupRefs(routes.length === 1 || sameGroups(routes) ? routes[0]!.groups : routes.flatMap((r) => r.groups)),
      severity: ctx.routesSeverity(routes),
    };
  };
  const sets = model.haSets.map((set): HaSetReport => new HaSetRow(set.key, set.networkId, targetOfSet(set), set.network, set.isExit, set.routes, detailsOf, listedRows));
  return sortByPrefix(sets, (s) => s.prefix, compareHaSetReports);
}

/** What a set lists of its rows: the first ones, and the others counted by health. */
interface ListedRows {
  readonly members: HaMember[];
  readonly otherHealth: HealthCount[];
}

/** What a set shows of its routes besides its rows (see detailsOf in haSetsOf). */
type SetDetails = Omit<HaSetReport, 'key' | 'networkId' | 'target' | 'kind' | 'prefix' | 'isExit' | 'members' | 'otherHealth'>;

/**
 * One HA set of the section. A set is sorted by what it routes and its network_id; the rest (its
 * groups, peers counted by health, severity, and its rows) is worked out when first read: the page
 * lists the first DISPLAY_LIMITS.haSets sets, and the matrix reads only keys. A class, not an
 * object literal with getters, which V8 keeps as a dictionary each (slow to make, and slow to read
 * while a hundred thousand of them are sorted).
 */
class HaSetRow implements HaSetReport {
  readonly key: string;
  readonly networkId: string;
  readonly target: string;
  readonly kind: 'network' | 'domain';
  readonly prefix: HaSetReport['prefix'];
  readonly isExit: boolean;
  readonly #routes: readonly Route[];
  readonly #detail: (routes: readonly Route[]) => SetDetails;
  readonly #list: (routes: readonly Route[]) => ListedRows;
  #details: SetDetails | null = null;
  #listed: ListedRows | null = null;

  constructor(key: string, networkId: string, target: string, prefix: HaSetReport['prefix'], isExit: boolean, routes: readonly Route[], detail: (routes: readonly Route[]) => SetDetails, list: (routes: readonly Route[]) => ListedRows) {
    this.key = key;
    this.networkId = networkId;
    this.target = target;
    this.kind = prefix ? 'network' : 'domain';
    this.prefix = prefix;
    this.isExit = isExit;
    this.#routes = routes;
    this.#detail = detail;
    this.#list = list;
  }

  get #d(): SetDetails {
    return (this.#details ??= this.#detail(this.#routes));
  }

  get routeIds(): readonly string[] {
    return this.#d.routeIds;
  }

  get memberCount(): number {
    return this.#d.memberCount;
  }

  get routesWithoutPeer(): readonly string[] {
    return this.#d.routesWithoutPeer;
  }

  get unexpanded(): readonly string[] {
    return this.#d.unexpanded;
  }

  get availablePeers(): number | null {
    return this.#d.availablePeers;
  }

  get enabledPeers(): number {
    return this.#d.enabledPeers;
  }

  get enabledRoutes(): number {
    return this.#d.enabledRoutes;
  }

  get groups(): HaSetReport['groups'] {
    return this.#d.groups;
  }

  get severity(): HaSetReport['severity'] {
    return this.#d.severity;
  }

  get members(): readonly HaMember[] {
    return (this.#listed ??= this.#list(this.#routes)).members;
  }

  get otherHealth(): readonly HealthCount[] {
    return (this.#listed ??= this.#list(this.#routes)).otherHealth;
  }
}

/** Are the lists one list (the same array)? */
function sameList(lists: readonly (readonly string[])[]): boolean {
  for (let i = 1; i < lists.length; i++) if (lists[i] !== lists[0]) return false;
  return true;
}

/** Do the routes name the same distribution groups, in the same order? Then the first route's list (its refs made once per list) stands for all. */
function sameGroups(routes: readonly Route[]): boolean {
  const first = routes[0]!.groups;
  for (let i = 1; i < routes.length; i++) {
    const g = routes[i]!.groups;
    if (g === first) continue;
    if (g.length !== first.length) return false;
    for (let k = 0; k < g.length; k++) if (g[k] !== first[k]) return false;
  }
  return true;
}

function countEnabled(routes: readonly Route[]): number {
  let n = 0;
  for (const r of routes) if (r.enabled) n++;
  return n;
}

/** Distinct ids, sorted (most sets have none: the list is given back). */
function distinctSorted(ids: string[]): string[] {
  return ids.length === 0 ? ids : [...new Set(ids)].sort(compareStrings);
}

/** Orders HA sets by what they route (prefixes by address, then domains), then network_id. */
function compareHaSetReports(a: HaSetReport, b: HaSetReport, byPrefix: (a: HaSetReport, b: HaSetReport) => number): number {
  if (a.prefix && b.prefix) return byPrefix(a, b) || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key);
  if (a.prefix || b.prefix) return a.prefix ? -1 : 1;
  return compareStrings(a.target, b.target) || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key);
}

// Which routes a source peer receives (docs/netbird-behaviour.md §3): routes as one client sees them — a
// peer_groups route expanded into one route per routing peer, and every 0.0.0.0/0 route twinned
// as ::/0 for clients with an overlay IPv6 — and the management server's delivery rules.
import type { RowPatch } from './row-patch.js';
import { mustParsePrefix, type Family, type Prefix } from '../net/prefix.js';
import { routingPeerIds } from '../model/routing-peers.js';
import { groupsByPeer } from '../model/reach.js';
import type { PostureOverride } from '../model/posture.js';
import { policyConnectsUnder } from '../model/route-access.js';
import type { HaSet, Model, Peer, Route } from '../model/types.js';
import type { CandidateReason, RouteRef } from './answer.js';
import { compareStrings } from '../order.js';

/** One route as a client receives it: one routing peer, possibly the ::/0 twin of an exit route. */
export interface SimRoute {
  /** The export's route (for a twin, the 0.0.0.0/0 route it copies). */
  readonly route: Route;
  /** The id the client knows it by: the export's id, or `<id>-v6-default` for a twin. */
  readonly id: string;
  readonly networkId: string;
  readonly network: Prefix | null;
  readonly domains: readonly string[] | null;
  /** The routing peer; null for a route that names none (it is delivered to nobody). */
  readonly peerId: string | null;
  /** The routing peer in the peers export; null when it is not there (or there is none). */
  readonly routingPeer: Peer | null;
  readonly twin: boolean;
  /** HA key of the export's route: the server compares it with the HA sets the source serves. */
  readonly baseKey: string;
  /** Address family of the network; null for domain routes. */
  readonly family: Family | null;
  /** How answers name the route (built once: every answer that lists the route shares it). */
  readonly ref: RouteRef;
}

function refOf(id: string, networkId: string, network: Prefix | null, domains: readonly string[] | null): RouteRef {
  return Object.freeze(network ? { id, network_id: networkId, network: network.text } : { id, network_id: networkId, domains: Object.freeze([...(domains ?? [])]) });
}

/** An HA set as clients see it: the export's set expanded per routing peer, twins merged in by key. */
export interface SimSet {
  readonly key: string;
  /** Position in the simulator's sets (sorted by key): a cheap Map key. */
  readonly index: number;
  readonly networkId: string;
  readonly network: Prefix | null;
  readonly domains: readonly string[] | null;
  readonly isExit: boolean;
  /** Sorted by route id, then peer id. */
  readonly routes: readonly SimRoute[];
}

const V6_DEFAULT = mustParsePrefix('::/0');
export const V6_TWIN_NETWORK_SUFFIX = '-v6';
export const V6_TWIN_ID_SUFFIX = '-v6-default';

/** The routing peers of a route as the simulator reads it (a route naming both a peer and peer groups: all of them), sorted. */
function routePeers(model: Model, route: Route): readonly string[] {
  // The model's list where it reads the route as the simulator does (shared with lint: one list per peer group).
  return (route.peer !== '' && route.peerGroups.length > 0 ? null : model.routingPeersOf(route)) ?? routingPeerIds(route, model.membersOf, 'both');
}

function expand(model: Model, set: HaSet): SimRoute[] {
  const out: SimRoute[] = [];
  for (const route of set.routes) {
    const peers = routePeers(model, route);
    // One ref per route, shared by its rows (a peer group of thousands makes thousands of rows).
    const ref = refOf(route.id, set.networkId, set.network, set.domains);
    for (const peerId of peers.length > 0 ? peers : [null]) {
      out.push(
        Object.freeze({
          route,
          id: route.id,
          networkId: set.networkId,
          network: set.network,
          domains: set.domains,
          peerId,
          routingPeer: (peerId === null ? null : model.peers?.get(peerId)) ?? null,
          twin: false,
          baseKey: set.key,
          family: set.network?.family ?? null,
          ref,
        }),
      );
    }
  }
  return out;
}

function twinOf(r: SimRoute): SimRoute {
  const id = r.id + V6_TWIN_ID_SUFFIX;
  const networkId = r.networkId + V6_TWIN_NETWORK_SUFFIX;
  return Object.freeze({ ...r, id, networkId, network: V6_DEFAULT, twin: true, family: 6 as const, ref: refOf(id, networkId, V6_DEFAULT, null) });
}

function compareSimRoutes(a: SimRoute, b: SimRoute): number {
  return compareStrings(a.id, b.id) || compareStrings(a.peerId ?? '', b.peerId ?? '') || a.route.metric - b.route.metric || Number(a.route.enabled) - Number(b.route.enabled);
}

/** The HA sets of the model as clients see them, sorted by key. */
export function buildSimSets(model: Model): SimSet[] {
  // A set's rows (one per route and routing peer: a peer group of every peer makes one per peer) are
  // made when first read: most questions read the few sets covering one address, and an account of
  // a hundred thousand sets has a million rows or more. `twins`: rows added by other sets (below).
  const byKey = new Map<string, { base: HaSet | null; networkId: string; network: Prefix | null; domains: readonly string[] | null; twins: SimRoute[] }>();
  for (const set of model.haSets) {
    byKey.set(set.key, { base: set, networkId: set.networkId, network: set.network, domains: set.domains, twins: [] });
  }
  // Twins go in after every set exists, so a user's own `<id>-v6` ::/0 set absorbs them (the collision §3 warns of).
  for (const set of model.haSets) {
    if (!set.network || set.network.family !== 4 || set.network.bits !== 0) continue;
    const twins = expand(model, set).map(twinOf);
    const key = `${set.networkId}${V6_TWIN_NETWORK_SUFFIX}|${V6_DEFAULT.text}`;
    const existing = byKey.get(key);
    if (existing) existing.twins.push(...twins);
    else byKey.set(key, { base: null, networkId: set.networkId + V6_TWIN_NETWORK_SUFFIX, network: V6_DEFAULT, domains: null, twins });
  }
  return [...byKey.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([key, s], index) => Object.freeze(new LazySimSet(model, key, index, s.networkId, s.network, s.domains, s.base, s.twins)));
}

/**
 * A SimSet whose rows are made when first read (see buildSimSets). A class, not an object literal
 * with a getter, which V8 keeps as a dictionary each: a hundred thousand of them, read by every
 * question (their keys, prefixes, exit flags).
 */
class LazySimSet implements SimSet {
  readonly isExit: boolean;
  // Private fields: a set's own properties stay those of SimSet (spread, compared or printed as before).
  readonly #model: Model;
  readonly #base: HaSet | null;
  readonly #twins: SimRoute[];
  #routes: readonly SimRoute[] | null = null;

  constructor(
    model: Model,
    readonly key: string,
    readonly index: number,
    readonly networkId: string,
    readonly network: Prefix | null,
    readonly domains: readonly string[] | null,
    base: HaSet | null,
    twins: SimRoute[],
  ) {
    this.isExit = network !== null && network.bits === 0;
    this.#model = model;
    this.#base = base;
    this.#twins = twins;
  }

  get routes(): readonly SimRoute[] {
    return (this.#routes ??= Object.freeze((this.#base ? [...expand(this.#model, this.#base), ...this.#twins] : this.#twins).sort(compareSimRoutes)));
  }

  /** `routesAndPeers` of a set of the export's routes alone (no twins), read without making its rows; null for others. */
  routeParts(): RouteParts | null {
    if (!this.#base || this.#twins.length > 0) return null;
    const model = this.#model;
    const routes = this.#base.routes;
    return { routes, peers: routes.map((r) => routePeers(model, r)) };
  }
}

/** A set's routes, each once, and the routing peers of each (its rows: one per peer, or one with none when it has none). */
export interface RouteParts {
  readonly routes: readonly Route[];
  readonly peers: readonly (readonly string[])[];
}

/**
 * A set's `RouteParts`, read without making its rows where they are not made yet: a question over
 * a covering account indexes a hundred thousand sets and a million rows, and reads the rows of few.
 */
export function routesAndPeers(set: SimSet): RouteParts {
  const parts = set instanceof LazySimSet ? set.routeParts() : null;
  if (parts) return parts;
  // From the rows, where they hold the set's routes twinned (a route's rows are adjacent).
  const routes: Route[] = [];
  const peers: string[][] = [];
  for (const row of set.routes) {
    if (routes[routes.length - 1] !== row.route) {
      routes.push(row.route);
      peers.push([]);
    }
    if (row.peerId !== null) peers[peers.length - 1]!.push(row.peerId);
  }
  return { routes, peers };
}

/** What the delivery rules need to know about the source peer. */
export interface SourceView {
  readonly peer: Peer;
  readonly hasIpv6: boolean;
  /** HA keys of the export's routes the source serves itself, enabled or not. */
  readonly servedKeys: ReadonlySet<string>;
  /** The groups the source is a member of (see `groupsByPeer` in model/reach.ts). */
  readonly groups: ReadonlySet<string>;
  /** The question's `--posture` overrides; absent: the export's own verdicts. */
  readonly posture?: PostureOverride;
}

export function sourceViewOf(peer: Peer, servedKeys: ReadonlySet<string>, groups: readonly string[], posture?: PostureOverride): SourceView {
  return { peer, hasIpv6: hasOverlayIpv6(peer), servedKeys, groups: new Set(groups), ...(posture ? { posture } : {}) };
}



export function hasOverlayIpv6(peer: Peer): boolean {
  return peer.overlayV6 !== null;
}

/**
 * The HA keys of the export's routes each peer serves (a twin under its base set), as the
 * management server compares them, found per peer when first asked: from the routes naming the
 * peer and the routes whose peer groups hold it, never from the rows of every routing peer (a
 * peer group of every peer makes one row per route and peer).
 */
export class ServedKeys {
  private readonly byPeer = new Map<string, Set<string>>();
  private readonly byGroup = new Map<string, Set<string>>();
  private readonly known = new Map<string, ReadonlySet<string>>();

  constructor(private readonly model: Model) {
    const add = (map: Map<string, Set<string>>, id: string, key: string): void => {
      const keys = map.get(id);
      if (keys) keys.add(key);
      else map.set(id, new Set([key]));
    };
    // As expand() reads a route: its peer and every member of its peer groups.
    for (const set of model.haSets) {
      for (const route of set.routes) {
        if (route.peer !== '') add(this.byPeer, route.peer, set.key);
        for (const g of route.peerGroups) add(this.byGroup, g, set.key);
      }
    }
  }

  /**
   * The peer's keys: read through its own and its peer groups' sets, not copied into one (a peer
   * in a dozen peer groups of fifty routes each would hold hundreds of keys, made per member).
   */
  of(peerId: string): ReadonlySet<string> {
    let keys = this.known.get(peerId);
    if (keys) return keys;
    const parts: ReadonlySet<string>[] = [];
    const own = this.byPeer.get(peerId);
    if (own) parts.push(own);
    for (const g of groupsByPeer(this.model).get(peerId) ?? []) {
      const ofGroup = this.byGroup.get(g);
      if (ofGroup) parts.push(ofGroup);
    }
    this.known.set(peerId, (keys = parts.length === 1 ? parts[0]! : new KeysInParts(parts)));
    return keys;
  }

  /** Every peer that serves a route. */
  peers(): Set<string> {
    const out = new Set(this.byPeer.keys());
    for (const g of this.byGroup.keys()) for (const id of this.model.membersOf(g)) out.add(id);
    return out;
  }
}

const NO_PARTS: readonly ReadonlySet<string>[] = [];

/**
 * A set of keys that is the union of a few sets, read through them: `has` asks each, and the union
 * is made only when it is iterated or counted (in the order of a Set filled part by part).
 */
class KeysInParts implements ReadonlySet<string> {
  private union: ReadonlySet<string> | null = null;

  constructor(readonly parts: readonly ReadonlySet<string>[]) {}

  has(key: string): boolean {
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) if (parts[i]!.has(key)) return true;
    return false;
  }

  private all(): ReadonlySet<string> {
    if (this.union) return this.union;
    const union = new Set<string>();
    for (const part of this.parts) for (const key of part) union.add(key);
    return (this.union = union);
  }

  get size(): number {
    return this.all().size;
  }

  forEach(visit: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const key of this.all()) visit.call(thisArg, key, key, this);
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.all()[Symbol.iterator]();
  }

  entries(): SetIterator<[string, string]> {
    return this.all().entries();
  }

  keys(): SetIterator<string> {
    return this.all().keys();
  }

  values(): SetIterator<string> {
    return this.all().values();
  }
}

/** The sets a source's served keys are the union of (distinct sets may share keys). */
function partsOf(keys: ReadonlySet<string>): readonly ReadonlySet<string>[] {
  if (keys instanceof KeysInParts) return keys.parts;
  return keys.size > 0 ? [keys] : NO_PARTS;
}

/**
 * What an index by HA key gives for the keys a source serves, made once per part of its served
 * keys: a peer group's keys are looked up once for all its members, not once per member.
 * `derive` reads one part; the caller merges what it gives for each (parts may share keys). Parts
 * are the simulator's own sets, which no question changes: what was derived of one stays true.
 */
export class PerServedPart<T> {
  private readonly byPart = new WeakMap<ReadonlySet<string>, T>();

  constructor(private readonly derive: (keys: ReadonlySet<string>) => T) {}

  forEach(keys: ReadonlySet<string>, visit: (derived: T) => void): void {
    for (const part of partsOf(keys)) {
      let derived = this.byPart.get(part);
      if (derived === undefined) this.byPart.set(part, (derived = this.derive(part)));
      visit(derived);
    }
  }
}

/** The positions `byKey` lists for the keys of one part, in the part's order. */
export function positionsOfKeys(byKey: ReadonlyMap<string, readonly number[]>): (keys: ReadonlySet<string>) => readonly number[] {
  return (keys) => {
    const out: number[] = [];
    for (const key of keys) {
      const at = byKey.get(key);
      if (at) for (const pos of at) out.push(pos);
    }
    return out;
  };
}

/** How one route reaches the source: `local` (it serves it), `received`, or why it is not delivered. */
export type Delivery = 'local' | 'received' | Exclude<CandidateReason, 'local'>;

/** Is the source in the route's distribution groups (or, for a Networks API resource, among its policies' sources)? */
export function distributedTo(source: SourceView, route: Route): boolean {
  // An index loop, not `some` or for-of: every question asks this of the routes covering its address.
  const groups = route.groups;
  for (let i = 0; i < groups.length; i++) if (source.groups.has(groups[i]!)) return true;
  return route.networkResource?.sourcePeerIds.includes(source.peer.id) ?? false;
}

/**
 * Does the source receive this route? `setServedBySource`: the source serves the route's HA set
 * itself (then the client drops every other route of the set, docs/netbird-behaviour.md §3). `distributed` is
 * `distributedTo` for the source (a caller may remember it across a route's peers).
 */
export function delivery(model: Model, source: SourceView, r: SimRoute, setServedBySource: boolean, distributed = distributedTo(source, r.route)): Delivery {
  const s = source.peer;
  if (s.loginExpired) return 'source-login-expired';
  // A peer awaiting approval is in no network map: it receives nothing, not even its own routes (§3).
  if (s.approvalRequired) return 'source-awaiting-approval';
  if (r.peerId === null) return 'no-routing-peer';
  if (r.peerId === s.id) return ownDelivery(source, r.route, r.family);
  if (!r.route.enabled) return 'route-disabled';
  if (setServedBySource || source.servedKeys.has(r.baseKey)) return 'own-ha-set';
  if (s.disableClientRoutes) return 'source-takes-no-client-routes';
  if (r.family === 6 && !source.hasIpv6) return 'source-without-ipv6';
  const routingPeer = r.routingPeer;
  if (!routingPeer) return 'routing-peer-unknown';
  const resource = r.route.networkResource;
  if (!distributed) return 'not-in-distribution-groups';
  // A Networks API resource reaches its policies' sources without a policy to the routing peer:
  // the management server connects the routing peers to them itself.
  const connected = source.posture ? policyConnectsUnder(model, s.id, r.peerId, source.posture) : model.policyConnects(s.id, r.peerId);
  if (!resource && connected === false) return 'no-policy';
  if (routingPeer.loginExpired) return 'routing-peer-login-expired';
  if (routingPeer.approvalRequired) return 'routing-peer-awaiting-approval';
  // disable_server_routes and block_inbound change nothing here: clients receive the route and pick
  // the peer like any other; the packet dies there (simulate/fate.ts, §3).
  return 'received';
}

/**
 * How a row of a set the source serves reaches it when another peer (or none) is the row's routing
 * peer: `delivery`'s answer for it, which rests on the row and the source's login and approval alone.
 */
export function otherRowOfServedSet(source: SourceView, r: SimRoute): Delivery {
  const s = source.peer;
  if (s.loginExpired) return 'source-login-expired';
  if (s.approvalRequired) return 'source-awaiting-approval';
  if (r.peerId === null) return 'no-routing-peer';
  if (!r.route.enabled) return 'route-disabled';
  return 'own-ha-set';
}

/** How a row the source is the routing peer of reaches it (`route` of `family`): `delivery`'s answer for it, without the row. */
export function ownDelivery(source: SourceView, route: Route, family: Family | null): Delivery {
  const s = source.peer;
  if (s.loginExpired) return 'source-login-expired';
  if (s.approvalRequired) return 'source-awaiting-approval';
  if (!route.enabled) return 'route-disabled';
  if (family === 6 && !source.hasIpv6) return 'source-without-ipv6';
  return 'local';
}

/** The routes of one HA set as the source receives them. */
export interface SetDelivery {
  readonly set: SimSet;
  /** Routes the source serves itself in this set (then the set is LOCAL for it). */
  readonly local: readonly SimRoute[];
  /** Routes delivered to the source as a client. */
  readonly received: readonly SimRoute[];
  /** Every route with how it reaches the source, in the set's order. */
  readonly all: readonly { readonly route: SimRoute; readonly delivery: Delivery }[];
  /** The rows of `all` the source holds (local or received). */
  readonly held: readonly { readonly route: SimRoute; readonly delivery: Delivery }[];
  /** A route of the set is not delivered because a login expired (the source's or its routing peer's). */
  readonly loginExpired: boolean;
}

/** A SetDelivery whose rows are built when first read: most questions need only the routes held. */
class Delivered implements SetDelivery {
  private allRows: { route: SimRoute; delivery: Delivery }[] | null = null;
  private heldRows: { route: SimRoute; delivery: Delivery }[] | null = null;

  constructor(
    readonly set: SimSet,
    private readonly routes: readonly SimRoute[],
    private readonly codes: readonly Delivery[],
    readonly local: readonly SimRoute[],
    readonly received: readonly SimRoute[],
    readonly loginExpired: boolean,
  ) {}

  get all(): readonly { readonly route: SimRoute; readonly delivery: Delivery }[] {
    this.allRows ??= this.routes.map((route, i) => ({ route, delivery: this.codes[i]! }));
    return this.allRows;
  }

  get held(): readonly { readonly route: SimRoute; readonly delivery: Delivery }[] {
    this.heldRows ??= this.all.filter((row) => row.delivery === 'local' || row.delivery === 'received');
    return this.heldRows;
  }

  /** The code of each row, in the set's order: with the set, they make the whole delivery. */
  get rowCodes(): readonly Delivery[] {
    return this.codes;
  }
}

/** A delivery's code for each of its set's rows, when it was delivered row by row (`deliverSet`), else null. */
export function rowCodesOf(d: SetDelivery): readonly Delivery[] | null {
  return d instanceof Delivered && d.set.routes.length === d.rowCodes.length ? d.rowCodes : null;
}

const NONE: readonly SimRoute[] = Object.freeze([]);

/**
 * A set's delivery as codes shared by many sources (`template`, in the set's order, none of them
 * `local` or `received`) but for a few rows of the source's own (`patch`, by index): split.ts
 * delivers a set every member serves this way, set-templates.ts a large exit set, and
 * decision.ts decides its rows from the template's rows the same way (`PatchedRows`).
 */
export class TemplatedDelivery implements SetDelivery {
  private allRows: { route: SimRoute; delivery: Delivery }[] | null = null;
  private heldRows: { route: SimRoute; delivery: Delivery }[] | null = null;

  constructor(
    readonly set: SimSet,
    readonly template: readonly Delivery[],
    readonly patch: RowPatch<Delivery>,
    readonly local: readonly SimRoute[],
    readonly loginExpired: boolean,
    readonly received: readonly SimRoute[] = NONE,
  ) {}

  get all(): readonly { readonly route: SimRoute; readonly delivery: Delivery }[] {
    const routes = this.set.routes;
    this.allRows ??= this.patch.over(
      routes.length,
      (i) => ({ route: routes[i]!, delivery: this.template[i]! }),
      (delivery, i) => ({ route: routes[i]!, delivery }),
    );
    return this.allRows;
  }

  /** Only patched rows can be held: read from the patch (in the rows' order), not from every row. */
  get held(): readonly { readonly route: SimRoute; readonly delivery: Delivery }[] {
    if (!this.heldRows) {
      const { rows, values } = this.patch;
      const held: { route: SimRoute; delivery: Delivery }[] = [];
      for (let k = 0; k < rows.length; k++) if (values[k] === 'local' || values[k] === 'received') held.push({ route: this.set.routes[rows[k]!]!, delivery: values[k]! });
      this.heldRows = held;
    }
    return this.heldRows;
  }
}

export function deliverSet(model: Model, source: SourceView, set: SimSet): SetDelivery {
  return deliverRoutes(model, source, set, set.routes);
}

/** As `deliverSet`, for some of the set's routes only (in the set's order). */
export function deliverRoutes(model: Model, source: SourceView, set: SimSet, routes: readonly SimRoute[]): SetDelivery {
  // Does the source serve this set? The client then ignores the set's other routes.
  // Index loops: this runs for every question of a batch (see PrefixIndex.covering in simulator.ts).
  let served = false;
  for (let i = 0; i < routes.length; i++) if (routes[i]!.peerId === source.peer.id && delivery(model, source, routes[i]!, false) === 'local') served = true;
  // A route's rows (one per routing peer) are adjacent: its distribution is looked up once.
  let lastRoute: Route | null = null;
  let lastDistributed = false;
  const codes: Delivery[] = [];
  let local = NONE as SimRoute[];
  let received = NONE as SimRoute[];
  let loginExpired = false;
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i]!;
    if (route.route !== lastRoute) {
      lastRoute = route.route;
      lastDistributed = distributedTo(source, lastRoute);
    }
    const d = delivery(model, source, route, served && route.peerId !== source.peer.id, lastDistributed);
    codes.push(d);
    if (d === 'local') (local === NONE ? (local = []) : local).push(route);
    else if (d === 'received') (received === NONE ? (received = []) : received).push(route);
    else if (d === 'routing-peer-login-expired' || d === 'source-login-expired') loginExpired = true;
  }
  return new Delivered(set, routes, codes, local, received, loginExpired);
}

// A group question whose address many HA sets cover (every route of an account on one prefix, or
// a chain of nested prefixes): members seldom share a whole answer, but most of what each answer
// weighs is the same for many of them. For one member, the covering sets fall in three parts
// (docs/netbird-behaviour.md §3):
//   - sets it serves (a route with it as routing peer, or an HA key it serves): delivered to it alone;
//   - sets distributed to it through one of its groups: the delivery rests on its flags, its
//     policy groups (which routing peers a policy connects it to) and which of the set's routes
//     reach it, so members of one class (`classKey`) share it, and the decision made over it;
//   - every other set: none of its routes reaches the member, for a reason its flags alone decide
//     (login, approval, no client routes, no IPv6, or not in the distribution groups). These
//     "inert" sets are installed by nobody: the answer only counts them and lists their rows
//     where a cut keeps them (decision.ts `InertSets`), read in order only as far as needed.
// So a member's answer weighs the sets its own groups and routes bring, not every covering set.
// Of those, the sets the largest of its distribution groups brings (a group of every member) are
// received alike by every member of its class that holds them through that group alone: they are
// decided once per class and group (`sharedFor`, decision.ts `SharedSets`), and a member's own
// work is the sets it serves or receives through its other groups (`Found.shared.excluded`).
// Covering exit sets (::/0 under a v6 address) are delivered as the members of a class share them
// (member-deliveries.ts), and decided under the member's exit node selection, which reads every
// exit set as the member receives it: where the class shares a member's delivery of one, it goes
// with the shared sets, made once per class, group and what the selection makes of each of them
// (decision.ts `selectionVariant`); a delivery of the member's own (it serves the set) is its own.
import type { Model, Route } from '../model/types.js';
import { DecisionMemo, selectionVariant, unheldSet, type Found, type InertSets, type RankedSet, type SetOutcome, type SharedSets } from './decision.js';
import type { ExitSelection } from './exit.js';
import { MemberDeliveries } from './member-deliveries.js';
import { RowPatch } from './row-patch.js';
import type { CandidateVerdict } from './rows.js';
import type { SetFacts } from './share.js';
import { deliverSet, distributedTo, otherRowOfServedSet, ownDelivery, PerServedPart, positionsOfKeys, routesAndPeers, TemplatedDelivery, type Delivery, type SetDelivery, type SimRoute, type SimSet, type SourceView } from './distribution.js';

const NO_POSITIONS: readonly number[] = Object.freeze([]);
const NO_KEYS: ReadonlySet<string> = new Set();

/** Served sets of at least this many rows are delivered from a template (see `servedDelivery`). */
const SHARED_SERVED_ROWS = 8;

type Unheld = { readonly set: SetOutcome; readonly rows: readonly CandidateVerdict[] };

/** How a source receives the exit sets, and the exit node selection it makes of them (its `SourceDeliveries`). */
export interface SourceExits {
  deliver(set: SimSet): SetDelivery;
  selection(): ExitSelection;
}

/** The covering exit sets as one source receives them: those its class shares (with their positions), and its selection. */
interface ExitPart {
  readonly positions: readonly number[];
  readonly deliveries: readonly SetDelivery[];
  readonly exits: ExitSelection | null;
  /** The part as a key: each shared delivery and what the selection makes of its set. */
  readonly key: string;
}

const NO_EXIT_PART: ExitPart = Object.freeze({ positions: NO_POSITIONS, deliveries: [], exits: null, key: '' });

/**
 * The deliveries of one class: of a set of one route by position (every member asking holds it
 * through a group distributing it), of a set of several by which of its routes reach the member.
 */
interface ClassDeliveries {
  readonly single: (SetDelivery | undefined)[];
  readonly multi: Map<string, SetDelivery>;
}

/** Shared sets of a class (decision.ts `SharedSets`), with the sets left out of them and where each is. */
interface SharedBase {
  readonly sets: SharedSets;
  /** Positions of the group's list left out (held its own way by the member the base was made from). */
  readonly holes: readonly number[];
  /** Index in `sets.sets` by position, or -1. */
  readonly indexAt: Int32Array;
  /** Rows of the shared sets, all told. */
  readonly rows: number;
}

/** The covering sets of one question's destination, indexed so each member finds the sets it may hold. */
export class CoveringSplit {
  /** Set outcomes shared by the members of a class (valid for this question only). */
  readonly memo: DecisionMemo;
  /** The covering exit sets' deliveries as a class shares them; null when none covers the destination. */
  readonly exitShares: MemberDeliveries | null;
  readonly sets: readonly RankedSet[];
  /** Candidate rows of every covering set, all told. */
  readonly totalRows: number;
  /** The routes of each set, each once (`routesAndPeers`), by position in `sets`. */
  private readonly routes: (readonly Route[])[] = [];
  /** The HA key of a set whose rows are all of it and many enough to be delivered from a template (`servedDelivery`), by position; null for others. */
  private readonly templateKey: (string | null)[] = [];
  /** Positions of the covering exit sets (in no index below: every member holds them its own way), and a mark by position. */
  private readonly exits: number[] = [];
  private readonly exitAt: Uint8Array;
  /** Positions of the sets with a route distributed to the group, ascending. */
  private readonly byGroup = new Map<string, number[]>();
  /**
   * The routes each peer is a routing peer of, and the network resources naming it, as triples: a
   * position, the route's index in that set's `routes` (-1 for a resource naming the peer), and
   * the index of the peer's row among the set's rows as `expand` makes them, in route order (-1
   * for a resource). Positions ascend.
   */
  private readonly byPeer = new Map<string, number[]>();
  /** Positions of the sets with rows of the HA key (a source serving the key receives no other row of them). */
  private readonly byKey = new Map<string, number[]>();
  /** `byKey`'s positions for the keys a member serves, per peer group it serves through (distribution.ts `PerServedPart`). */
  private readonly servedPositions = new PerServedPart(positionsOfKeys(this.byKey));
  /** Deliveries shared by the members of a class, by set and by which of its routes reach them. */
  private readonly shared = new Map<string, ClassDeliveries>();
  /** Inert sets' outcomes and rows, by the flags that decide them, by position. */
  private readonly unheld = new Map<string, (Unheld | undefined)[]>();
  /** Codes of the rows of large served sets as a routing peer of them sees the others' rows, by flags and set. */
  private readonly served: (readonly Delivery[] | undefined)[];
  private readonly rowIndexes: (ReadonlyMap<string, readonly number[]> | undefined)[];
  /** Marks of the positions a member holds its own way, and of those it serves (a stamp per member, so nothing is cleared). */
  private readonly stamps: Int32Array;
  private readonly ownStamps: Int32Array;
  /** Candidate rows of each set, by position. */
  private readonly rowCounts: Int32Array;
  /** Sets shared by the members of a class, by class, group and exit part (see `sharedFor`). */
  private readonly bases = new Map<string, SharedBase>();
  /** Exit set deliveries a class shares, numbered (for `ExitPart.key`). */
  private readonly exitIds = new Map<SetDelivery, number>();
  private stamp = 0;

  constructor(
    private readonly model: Model,
    found: Found,
  ) {
    this.sets = found.sets;
    this.stamps = new Int32Array(found.sets.length);
    this.ownStamps = new Int32Array(found.sets.length);
    this.rowCounts = new Int32Array(found.sets.length);
    this.exitAt = new Uint8Array(found.sets.length);
    this.served = new Array<readonly Delivery[] | undefined>(found.sets.length * 4).fill(undefined);
    this.rowIndexes = new Array<ReadonlyMap<string, readonly number[]> | undefined>(found.sets.length).fill(undefined);
    let total = 0;
    const add = (map: Map<string, number[]>, key: string, pos: number): void => {
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      if (list[list.length - 1] !== pos) list.push(pos);
    };
    const entry = (peerId: string, pos: number, route: number, row: number): void => {
      const list = this.byPeer.get(peerId);
      if (list) list.push(pos, route, row);
      else this.byPeer.set(peerId, [pos, route, row]);
    };
    for (let pos = 0; pos < found.sets.length; pos++) {
      const set = found.sets[pos]!.set;
      // So no set in the indexes holds a twin: every row is of the set's own HA key.
      if (set.isExit) {
        this.exits.push(pos);
        this.exitAt[pos] = 1;
        this.routes.push([]);
        this.rowCounts[pos] = set.routes.length;
        this.templateKey.push(null);
        total += set.routes.length;
        continue;
      }
      // Read by route, without making the rows: a member reads the rows of the sets it holds only.
      const { routes, peers } = routesAndPeers(set);
      let rows = 0;
      for (let k = 0; k < routes.length; k++) {
        const route = routes[k]!;
        const routePeers = peers[k]!;
        for (let j = 0; j < routePeers.length; j++) entry(routePeers[j]!, pos, k, rows + j);
        rows += Math.max(1, routePeers.length);
        for (const g of route.groups) add(this.byGroup, g, pos);
        for (const p of route.networkResource?.sourcePeerIds ?? []) entry(p, pos, -1, -1);
      }
      add(this.byKey, set.key, pos);
      total += rows;
      this.routes.push(routes);
      this.rowCounts[pos] = rows;
      this.templateKey.push(rows >= SHARED_SERVED_ROWS ? set.key : null);
    }
    this.totalRows = total;
    this.exitShares = this.exits.length > 0 ? new MemberDeliveries(model, this.exits.map((pos) => this.sets[pos]!.set), true) : null;
    this.memo = this.exitShares?.memo ?? new DecisionMemo();
  }

  /** Does an exit set cover the destination? Then the indexes hold the other sets only (`facts` is theirs; `rowsOfPeer`, `servedAt`, `servesFirst` are not for the question). */
  get coversExit(): boolean {
    return this.exits.length > 0;
  }

  /**
   * Does the source serve a covering set at least as specific as every covering set distributed
   * to it (through its groups, or a network resource naming it)? Then the most specific sets it
   * installs hold one it serves, and it carries the traffic itself (LOCAL, §3), whatever else it
   * receives. `view`: its served HA keys are not read (its own rows are local whatever it serves).
   */
  servesFirst(view: SourceView): boolean {
    let distributed = -1;
    for (const g of view.groups) {
      const list = this.byGroup.get(g);
      // Positions ascend as the sets do, the most specific first (ranks may tie, never rise).
      if (list) distributed = Math.max(distributed, this.sets[list[0]!]!.rank);
    }
    let served = -1;
    const entries = this.byPeer.get(view.peer.id) ?? NO_POSITIONS;
    for (let k = 0; k < entries.length; k += 3) {
      const pos = entries[k]!;
      const { set, rank } = this.sets[pos]!;
      const route = entries[k + 1]!;
      if (route < 0) distributed = Math.max(distributed, rank);
      else if (rank > served && ownDelivery(view, this.routes[pos]![route]!, set.network?.family ?? null) === 'local') served = rank;
    }
    return served >= 0 && served >= distributed;
  }

  /** What sharing reads of the sets together (share.ts `SetFacts`), from the indexes: their routes' distribution groups and their routing peers. */
  facts(): SetFacts {
    const servers = new Set<string>();
    for (const [peerId, entries] of this.byPeer) {
      for (let k = 1; k < entries.length; k += 3) {
        if (entries[k]! < 0) continue;
        servers.add(peerId);
        break;
      }
    }
    return { groups: new Set(this.byGroup.keys()), servers };
  }

  /** Is a set's row of the HA key? */
  hasKey(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The rows of a routing peer, set by set in the sets' order (by index, not by position), each row's set with it. */
  rowsOfPeer(peerId: string): { set: SimSet; row: SimRoute }[] {
    const entries = this.byPeer.get(peerId) ?? NO_POSITIONS;
    const out: { set: SimSet; row: SimRoute }[] = [];
    let last = -1;
    for (let k = 0; k < entries.length; k += 3) {
      const pos = entries[k]!;
      // A position once (the peer may serve several routes of the set), and not for a resource naming it alone.
      if (pos === last || entries[k + 1]! < 0) continue;
      last = pos;
      const set = this.sets[pos]!.set;
      for (const i of this.peerRowsAt(pos, peerId, entries, k)) out.push({ set, row: set.routes[i]! });
    }
    // A stable sort: a set's rows stay in their order.
    return out.sort((a, b) => a.set.index - b.set.index);
  }

  /** Positions of the sets with a row of the peer, or a network resource naming it, ascending. */
  servedAt(peerId: string): readonly number[] {
    const entries = this.byPeer.get(peerId);
    if (!entries) return NO_POSITIONS;
    const positions: number[] = [];
    for (let k = 0; k < entries.length; k += 3) if (positions[positions.length - 1] !== entries[k]) positions.push(entries[k]!);
    return positions;
  }

  /**
   * The question as `source` weighs it: `found` with only the sets it may hold a route of (the
   * others as its `inert` sets), and how it receives each. `classKey`: equal for sources whose
   * deliveries of a set agree when the same routes of it reach them (the same flags, posture
   * verdicts and policy groups, and no rule or resource naming them). `exits`: how the source
   * receives the exit sets (needed when one covers the destination).
   */
  forSource(view: SourceView, groups: readonly string[], classKey: string, exits?: SourceExits): { found: Found; covering: SetDelivery[] } {
    const stamp = ++this.stamp;
    const special: number[] = [];
    const mark = (list: readonly number[]): void => {
      for (const pos of list) {
        if (this.stamps[pos] === stamp) continue;
        this.stamps[pos] = stamp;
        special.push(pos);
      }
    };
    mark(this.servedAt(view.peer.id));
    this.servedPositions.forEach(view.servedKeys, mark);
    const ownCount = special.length;
    for (let i = 0; i < ownCount; i++) this.ownStamps[special[i]!] = stamp;
    // The largest list (a group of every member) is shared by the class; the few others are the member's own.
    let largest: readonly number[] = NO_POSITIONS;
    let largestGroup = '';
    for (const g of groups) {
      const list = this.byGroup.get(g);
      if (list && list.length > largest.length) {
        largest = list;
        largestGroup = g;
      }
    }
    for (const g of groups) {
      const list = this.byGroup.get(g);
      if (list && list !== largest) mark(list);
    }
    const exitDeliveries = new Map<number, SetDelivery>();
    let exitPart = NO_EXIT_PART;
    if (this.exits.length > 0) {
      if (!exits) throw new Error('an exit set covers the destination: its delivery is needed');
      for (const pos of this.exits) exitDeliveries.set(pos, exits.deliver(this.sets[pos]!.set));
      if (largest.length > 0) exitPart = this.exitPart(exitDeliveries, exits);
    }
    const base = largest.length > 0 ? this.sharedFor(view, classKey, largestGroup, largest, exitPart) : null;
    // The base's holes (sets its maker held its own way) are held by every member its own way.
    if (base) mark(base.holes);
    for (const pos of this.exits) if (!base || base.indexAt[pos]! < 0) mark([pos]);
    special.sort((a, b) => a - b);
    const by = this.classDeliveries(classKey);
    const covering: SetDelivery[] = [];
    const excluded: number[] = [];
    const alone = new Uint8Array(special.length);
    let heldRows = 0;
    // The source's entries in `byPeer`, walked along with `special` (both by position, ascending).
    const entries = this.byPeer.get(view.peer.id) ?? NO_POSITIONS;
    let at = 0;
    for (let k = 0; k < special.length; k++) {
      const pos = special[k]!;
      heldRows += this.rowCounts[pos]!;
      if (base) {
        const i = base.indexAt[pos]!;
        if (i >= 0) excluded.push(i);
      }
      if (this.ownStamps[pos] === stamp) {
        alone[k] = 1;
        while (at < entries.length && entries[at]! < pos) at += 3;
        covering.push(this.servedDelivery(view, pos, entries, at));
      } else if (this.exitAt[pos] === 1) {
        const d = exitDeliveries.get(pos)!;
        alone[k] = Number(!this.memo.keeps(d, true));
        covering.push(d);
      } else covering.push(this.classDelivery(view, by, pos));
    }
    let held = special.length;
    if (base) {
      held += base.sets.positions.length - excluded.length;
      heldRows += base.rows;
      for (const i of excluded) heldRows -= this.rowCounts[base.sets.positions[i]!]!;
    }
    const inert = this.inertSets(view, special, base, held, heldRows);
    const found: Found = { sets: special.map((pos) => this.sets[pos]!), apexMisses: [], inert, ...(base ? { shared: { base: base.sets, excluded, positions: special, alone, exits: exitDeliveries.size > 0 } } : {}) };
    return { found, covering };
  }

  /**
   * A set as the members of a class receive it when not in its distribution groups but one, `by`
   * that class's deliveries. Only sets a group of the source distributes are asked for: a set of
   * one route reaches every member of the class that asks alike (one delivery by position).
   */
  private classDelivery(view: SourceView, by: ClassDeliveries, pos: number): SetDelivery {
    // Held for sets of one route only: looked up before the set's routes are read.
    const single = by.single[pos];
    if (single) return single;
    const routes = this.routes[pos]!;
    if (routes.length === 1) return (by.single[pos] = deliverSet(this.model, view, this.sets[pos]!.set));
    let key = `${pos}:`;
    for (const r of routes) key += distributedTo(view, r) ? '1' : '0';
    let d = by.multi.get(key);
    if (!d) by.multi.set(key, (d = deliverSet(this.model, view, this.sets[pos]!.set)));
    return d;
  }

  /**
   * The covering exit sets whose delivery to the source its class shares (the memo decides it per
   * exit node selection: it is no delivery of the source's own), and the source's selection where
   * it has one (a covering exit set received, as decision.ts asks).
   */
  private exitPart(deliveries: ReadonlyMap<number, SetDelivery>, source: SourceExits): ExitPart {
    let received = false;
    for (const d of deliveries.values()) if (d.received.length > 0) received = true;
    const exits = received ? source.selection() : null;
    const positions: number[] = [];
    const shared: SetDelivery[] = [];
    let key = '';
    for (const [pos, d] of deliveries) {
      if (!this.memo.keeps(d, true)) continue;
      let id = this.exitIds.get(d);
      if (id === undefined) this.exitIds.set(d, (id = this.exitIds.size));
      positions.push(pos);
      shared.push(d);
      key += `|${pos}:${id}:${selectionVariant(d.set, exits)}`;
    }
    return { positions, deliveries: shared, exits, key };
  }

  /**
   * The sets of `largest` (the distribution list of `group`) that the members of a class in that
   * group receive alike, made once per class and group: delivered as to the first member asking
   * were it in `group` alone and serving nothing. A member holding one of them through `group`
   * only, and not named in it, receives it so; the others are its own (`Found.shared.excluded`).
   * Left out (`holes`): the sets with a row of the first member or a resource naming it, which
   * that view cannot see as others do; every member holds those its own way. With them, the
   * covering exit sets of `exitPart`: made once per class, group and exit part.
   */
  private sharedFor(view: SourceView, classKey: string, group: string, largest: readonly number[], exitPart: ExitPart): SharedBase {
    const key = `${classKey}\u0000${group}${exitPart.key}`;
    let base = this.bases.get(key);
    if (base) return base;
    const by = this.classDeliveries(classKey);
    // The maker as a member of `group` alone, serving nothing: how a member holding a set of the
    // list only through `group` receives it. Only the sets with a row of the maker's own (or a
    // resource naming it) cannot be seen that way: they are the holes.
    const generic: SourceView = { ...view, servedKeys: NO_KEYS, groups: new Set([group]) };
    const holes: number[] = [];
    const positions: number[] = [];
    const indexAt = new Int32Array(this.sets.length).fill(-1);
    const named = new Set(this.servedAt(view.peer.id));
    const exitAt = new Map(exitPart.positions.map((pos, i) => [pos, exitPart.deliveries[i]!]));
    let rows = 0;
    for (const pos of exitPart.positions.length > 0 ? [...largest, ...exitPart.positions].sort((x, y) => x - y) : largest) {
      if (named.has(pos)) {
        holes.push(pos);
        continue;
      }
      indexAt[pos] = positions.length;
      positions.push(pos);
      rows += this.rowCounts[pos]!;
    }
    const sets = positions.map((pos) => this.sets[pos]!);
    const deliveries = positions.map((pos) => exitAt.get(pos) ?? this.classDelivery(generic, by, pos));
    const indexOf = new Map(sets.map((f, i) => [f.set, i]));
    const exitReceived = exitPart.deliveries.some((d) => d.received.length > 0);
    this.bases.set(key, (base = { sets: { positions, sets, deliveries, indexOf, exits: exitPart.exits, exitReceived }, holes, indexAt, rows }));
    return base;
  }

  /**
   * A set the source serves, as it receives it. Every other routing peer of a large set (a group
   * of every peer serving it, and distributing it too) receives it alike but for their own rows:
   * when every row of the set is of one HA key the source serves, a row of another peer is not
   * delivered to it for a reason its login and approval alone decide (§3: the set is its own), so
   * those codes are made once per flags and set, and only the source's own rows are decided for it.
   */
  private servedDelivery(view: SourceView, pos: number, entries: readonly number[], from: number): SetDelivery {
    const set = this.sets[pos]!.set;
    const key = this.templateKey[pos]!;
    if (key === null || !view.servedKeys.has(key)) return deliverSet(this.model, view, set);
    const peer = view.peer;
    const templateKey = pos * 4 + Number(peer.loginExpired) * 2 + Number(peer.approvalRequired);
    const codes = (this.served[templateKey] ??= set.routes.map((r) => otherRowOfServedSet(view, r)));
    // The template's codes are shared, not copied: only the source's own rows are patched.
    const rows = this.peerRowsAt(pos, peer.id, entries, from);
    const own = new Array<Delivery>(rows.length);
    const local: SimRoute[] = [];
    for (let k = 0; k < rows.length; k++) {
      const row = set.routes[rows[k]!]!;
      const code = ownDelivery(view, row.route, row.family);
      own[k] = code;
      if (code === 'local') local.push(row);
    }
    // No other row reaches the source, and a login that expired is its own: it bars every row.
    return new TemplatedDelivery(set, codes, RowPatch.of(rows, own), local, peer.loginExpired);
  }

  /**
   * The indexes of a routing peer's rows in the set at `pos`, ascending, from its `byPeer` entries
   * (those of `pos` start at `from`): where each row stands as `expand` makes them, checked; if the
   * set's sorting moved one (route ids out of order), read off the index of the set's rows by peer.
   */
  private peerRowsAt(pos: number, peerId: string, entries: readonly number[], from: number): readonly number[] {
    const rows = this.sets[pos]!.set.routes;
    const routes = this.routes[pos]!;
    const out: number[] = [];
    for (let k = from; k < entries.length && entries[k] === pos; k += 3) {
      const route = entries[k + 1]!;
      if (route < 0) continue;
      const i = entries[k + 2]!;
      const row = rows[i];
      if (row?.peerId !== peerId || row.route !== routes[route]) return this.rowsOf(pos).get(peerId) ?? NO_POSITIONS;
      out.push(i);
    }
    return out;
  }

  /** The rows of a set by routing peer (their indexes in the set), built when first asked. */
  private rowsOf(pos: number): ReadonlyMap<string, readonly number[]> {
    const rows = this.rowIndexes[pos];
    if (rows) return rows;
    const byPeer = new Map<string, number[]>();
    this.sets[pos]!.set.routes.forEach((r, i) => {
      if (r.peerId === null) return;
      const list = byPeer.get(r.peerId);
      if (list) list.push(i);
      else byPeer.set(r.peerId, [i]);
    });
    this.rowIndexes[pos] = byPeer;
    return byPeer;
  }

  private classDeliveries(classKey: string): ClassDeliveries {
    let by = this.shared.get(classKey);
    if (!by) this.shared.set(classKey, (by = { single: new Array<SetDelivery | undefined>(this.sets.length).fill(undefined), multi: new Map() }));
    return by;
  }

  /** `special`: the positions the source holds its own way, ascending; `base`: the shared ones it holds besides; `held` and `heldRows` count them all. */
  private inertSets(view: SourceView, special: readonly number[], base: SharedBase | null, held: number, heldRows: number): InertSets {
    const peer = view.peer;
    const flags = `${Number(peer.loginExpired)}${Number(peer.approvalRequired)}${Number(peer.disableClientRoutes)}${Number(view.hasIpv6)}`;
    let cache = this.unheld.get(flags);
    if (!cache) this.unheld.set(flags, (cache = []));
    const count = this.sets.length - held;
    const { model, sets } = this;
    return {
      count,
      rows: this.totalRows - heldRows,
      // Every set has a row, and a source whose login expired receives none.
      loginExpired: peer.loginExpired && count > 0,
      *walk() {
        let h = 0;
        for (let pos = 0; pos < sets.length; pos++) {
          if (h < special.length && special[h] === pos) {
            h++;
            continue;
          }
          if (base && base.indexAt[pos]! >= 0) continue;
          // Its rows rest on the flags alone: the first source of those flags to read it decides it for all.
          yield (cache[pos] ??= unheldSet(deliverSet(model, view, sets[pos]!.set), sets[pos]!.rank));
        }
      },
    };
  }
}

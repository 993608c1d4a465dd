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
import type { Model, Route } from '../model/types.js';
import { DecisionMemo, unheldSet, type CandidateVerdict, type Found, type InertSets, type RankedSet, type SetOutcome } from './decision.js';
import { delivery, deliveredFrom, deliverSet, distributedTo, type Delivery, type SetDelivery, type SimRoute, type SourceView } from './distribution.js';

const NO_POSITIONS: readonly number[] = Object.freeze([]);

/** Served sets of at least this many rows are delivered from a template (see `servedDelivery`). */
const SHARED_SERVED_ROWS = 8;

type Unheld = { readonly set: SetOutcome; readonly rows: readonly CandidateVerdict[] };

/** The covering sets of one question's destination, indexed so each member finds the sets it may hold. */
export class CoveringSplit {
  /** Set outcomes shared by the members of a class (valid for this question only). */
  readonly memo = new DecisionMemo();
  readonly sets: readonly RankedSet[];
  /** Candidate rows of every covering set, all told. */
  readonly totalRows: number;
  /** The distinct routes of each set (its rows are adjacent by route), by position in `sets`. */
  private readonly routes: (readonly Route[])[] = [];
  /** Are all the rows of the set of one HA key? By position. */
  private readonly oneKey: boolean[] = [];
  /** Positions of the sets with a route distributed to the group, ascending. */
  private readonly byGroup = new Map<string, number[]>();
  /** Positions of the sets the peer is a routing peer of, or a network resource of which names it. */
  private readonly byPeer = new Map<string, number[]>();
  /** Positions of the sets with rows of the HA key (a source serving the key receives no other row of them). */
  private readonly byKey = new Map<string, number[]>();
  /** Deliveries shared by the members of a class, by set and by which of its routes reach them. */
  private readonly shared = new Map<string, Map<number | string, SetDelivery>>();
  /** Inert sets' outcomes and rows, by the flags that decide them, by position. */
  private readonly unheld = new Map<string, (Unheld | undefined)[]>();
  /** Codes of the rows of large served sets as a routing peer of them sees the others' rows, by flags and set, and the peer they were made for. */
  private readonly served = new Map<string, { readonly codes: readonly Delivery[]; readonly maker: string }>();
  private readonly rowIndexes = new Map<number, ReadonlyMap<string, readonly number[]>>();
  /** Marks of the positions a member holds (a stamp per member, so nothing is cleared). */
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(
    private readonly model: Model,
    found: Found,
  ) {
    this.sets = found.sets;
    this.stamps = new Int32Array(found.sets.length);
    let total = 0;
    const add = (map: Map<string, number[]>, key: string, pos: number): void => {
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      if (list[list.length - 1] !== pos) list.push(pos);
    };
    found.sets.forEach(({ set }, pos) => {
      total += set.routes.length;
      const routes: Route[] = [];
      for (const row of set.routes) {
        if (row.peerId !== null) add(this.byPeer, row.peerId, pos);
        add(this.byKey, row.baseKey, pos);
        if (routes[routes.length - 1] === row.route) continue;
        routes.push(row.route);
        for (const g of row.route.groups) add(this.byGroup, g, pos);
        for (const p of row.route.networkResource?.sourcePeerIds ?? []) add(this.byPeer, p, pos);
      }
      this.routes.push(routes);
      this.oneKey.push(set.routes.every((r) => r.baseKey === set.routes[0]!.baseKey));
    });
    this.totalRows = total;
  }

  /**
   * The question as `source` weighs it: `found` with only the sets it may hold a route of (the
   * others as its `inert` sets), and how it receives each. `classKey`: equal for sources whose
   * deliveries of a set agree when the same routes of it reach them (the same flags, posture
   * verdicts and policy groups, and no rule or resource naming them).
   */
  forSource(view: SourceView, groups: readonly string[], classKey: string): { found: Found; covering: SetDelivery[] } {
    const stamp = ++this.stamp;
    const own: number[] = [];
    const mark = (list: readonly number[]): void => {
      for (const pos of list) {
        if (this.stamps[pos] === stamp) continue;
        this.stamps[pos] = stamp;
        own.push(pos);
      }
    };
    mark(this.byPeer.get(view.peer.id) ?? NO_POSITIONS);
    for (const key of view.servedKeys) mark(this.byKey.get(key) ?? NO_POSITIONS);
    const ownCount = own.length;
    // The largest list (a group of every member) is merged in; the few others are sorted.
    let largest: readonly number[] = NO_POSITIONS;
    for (const g of groups) {
      const list = this.byGroup.get(g);
      if (list && list.length > largest.length) largest = list;
    }
    const others: number[] = own.slice();
    for (const g of groups) {
      const list = this.byGroup.get(g);
      if (list && list !== largest) mark(list);
    }
    others.push(...own.slice(ownCount));
    others.sort((a, b) => a - b);
    const held = mergeUnique(largest, others);
    const isOwn = new Set(own.slice(0, ownCount));
    const by = this.classDeliveries(classKey);
    const covering: SetDelivery[] = [];
    let heldRows = 0;
    for (const pos of held) {
      const set = this.sets[pos]!.set;
      heldRows += set.routes.length;
      if (isOwn.has(pos)) {
        covering.push(this.servedDelivery(view, pos));
        continue;
      }
      const routes = this.routes[pos]!;
      let key: number | string;
      if (routes.length === 1) key = pos * 2 + Number(distributedTo(view, routes[0]!));
      else {
        key = `${pos}:`;
        for (const r of routes) key += distributedTo(view, r) ? '1' : '0';
      }
      let d = by.get(key);
      if (!d) by.set(key, (d = deliverSet(this.model, view, set)));
      covering.push(d);
    }
    const inert = this.inertSets(view, held, heldRows);
    return { found: { sets: held.map((pos) => this.sets[pos]!), apexMisses: [], inert }, covering };
  }

  /**
   * A set the source serves, as it receives it. Every other routing peer of a large set (a group
   * of every peer serving it, and distributing it too) receives it alike but for their own rows:
   * when every row of the set is of one HA key the source serves, the other rows are not
   * delivered to it for the same reason whoever it is among them (its login, its approval, or
   * the set being its own, §3), so those codes are made once per flags and set, and only the
   * source's own rows (and those of the source that made them) are decided for it.
   */
  private servedDelivery(view: SourceView, pos: number): SetDelivery {
    const set = this.sets[pos]!.set;
    const key = set.routes[0]!.baseKey;
    if (set.routes.length < SHARED_SERVED_ROWS || !this.oneKey[pos] || !view.servedKeys.has(key)) return deliverSet(this.model, view, set);
    const peer = view.peer;
    const templateKey = `${Number(peer.loginExpired)}${Number(peer.approvalRequired)}:${pos}`;
    let template = this.served.get(templateKey);
    if (!template) {
      const codes = set.routes.map((r) => (r.peerId === peer.id ? 'own-ha-set' : delivery(this.model, view, r, true)));
      this.served.set(templateKey, (template = { codes, maker: peer.id }));
    }
    const codes = template.codes.slice();
    const rows = this.rowsOf(pos);
    if (template.maker !== peer.id) for (const i of rows.get(template.maker) ?? NO_POSITIONS) codes[i] = delivery(this.model, view, set.routes[i]!, true);
    const local: SimRoute[] = [];
    for (const i of rows.get(peer.id) ?? NO_POSITIONS) {
      codes[i] = delivery(this.model, view, set.routes[i]!, false);
      if (codes[i] === 'local') local.push(set.routes[i]!);
    }
    // No other row reaches the source, and a login that expired is its own: it bars every row.
    return deliveredFrom(set, codes, local, [], peer.loginExpired);
  }

  /** The rows of a set by routing peer (their indexes in the set), built when first asked. */
  private rowsOf(pos: number): ReadonlyMap<string, readonly number[]> {
    let rows = this.rowIndexes.get(pos);
    if (rows) return rows;
    const byPeer = new Map<string, number[]>();
    this.sets[pos]!.set.routes.forEach((r, i) => {
      if (r.peerId === null) return;
      const list = byPeer.get(r.peerId);
      if (list) list.push(i);
      else byPeer.set(r.peerId, [i]);
    });
    this.rowIndexes.set(pos, byPeer);
    return byPeer;
  }

  private classDeliveries(classKey: string): Map<number | string, SetDelivery> {
    let by = this.shared.get(classKey);
    if (!by) this.shared.set(classKey, (by = new Map()));
    return by;
  }

  private inertSets(view: SourceView, held: readonly number[], heldRows: number): InertSets {
    const peer = view.peer;
    const flags = `${Number(peer.loginExpired)}${Number(peer.approvalRequired)}${Number(peer.disableClientRoutes)}${Number(view.hasIpv6)}`;
    let cache = this.unheld.get(flags);
    if (!cache) this.unheld.set(flags, (cache = []));
    const count = this.sets.length - held.length;
    const { model, sets } = this;
    return {
      count,
      rows: this.totalRows - heldRows,
      // Every set has a row, and a source whose login expired receives none.
      loginExpired: peer.loginExpired && count > 0,
      *walk() {
        let h = 0;
        for (let pos = 0; pos < sets.length; pos++) {
          if (h < held.length && held[h] === pos) {
            h++;
            continue;
          }
          // Its rows rest on the flags alone: the first source of those flags to read it decides it for all.
          yield (cache[pos] ??= unheldSet(deliverSet(model, view, sets[pos]!.set), sets[pos]!.rank));
        }
      },
    };
  }
}

/** Two ascending lists of positions as one, each position once. */
function mergeUnique(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

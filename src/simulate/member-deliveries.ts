// Deliveries shared by the members of one group question that is not split (split.ts never
// splits around exit sets: the exit node selection reads every one of them), so that a member's
// own work is the sets it serves (docs/netbird-behaviour.md §3):
//   - A covering set reaching a member by no route (the mixed-families shape: hundreds of IPv6
//     sets, each distributed to a few of thousands of groups, under the exit sets' ::/0): no route
//     of it is distributed to the member (through its groups or a network resource naming it), it
//     is the routing peer of none of its rows and serves none of its HA keys. Its delivery then
//     rests on the member's flags alone (distribution.ts `delivery`: login, approval, client routes
//     refused, no IPv6, else not in the distribution groups) and it is installed by no one: members
//     with the same flags share its delivery, its outcome and its rows (`deliveries`).
//   - Any other set, exit sets too: members of one delivery class (flags, posture verdicts, policy
//     groups; simulator.ts `deliveryClass`) in the same of the set's distribution groups that
//     serve none of it receive it alike (`classDelivery`); equal deliveries are one object
//     (`intern`), decided once per exit node selection of its network (`DecisionMemo`), the states
//     of its routing peers summed up once. A member serving a large set (a peer group of every
//     member) takes it from the set's template (set-templates.ts).
import { DecisionMemo } from './decision.js';
import type { Model } from '../model/types.js';
import { deliverSet, PerServedPart, positionsOfKeys, rowCodesOf, TemplatedDelivery, type Delivery, type SetDelivery, type SimSet, type SourceView } from './distribution.js';

/** What makes a set reach a source: its routes' distribution groups, its rows' HA keys. */
interface SetReach {
  readonly groups: ReadonlySet<string>;
  readonly keys: ReadonlySet<string>;
}

/** Past this many covering sets besides exit sets, those reaching a member by no route are shared. */
const MANY_SETS = 8;

/** What the members of one question share of their deliveries, and the memo deciding them. */
export class MemberDeliveries {
  /** Decides the shared deliveries only (valid for the question's options and states). */
  readonly memo: DecisionMemo;
  private readonly unheld = new Set<SetDelivery>();
  private readonly classDeliveries = new Set<SetDelivery>();
  /** Deliveries by set and codes (`intern`). */
  private readonly byCodes = new Map<SimSet, Map<string, SetDelivery>>();
  /** Do the covering sets besides exit sets reach members by no route often enough to share them? */
  private readonly indexed: boolean;
  /** Positions of the sets with a route distributed to the group, a row the peer is the routing peer of or a resource naming it, a row of the HA key. */
  private readonly byGroup = new Map<string, number[]>();
  private readonly byPeer = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();
  /** `byKey`'s positions for the keys a member serves, per peer group it serves through. */
  private readonly servedPositions = new PerServedPart(positionsOfKeys(this.byKey));
  /** Positions of the exit sets: delivered by class (`classDelivery`), never by flags alone. */
  private readonly exits: number[] = [];
  /** Shared deliveries by the flags deciding them, by position. */
  private readonly byFlags = new Map<string, (SetDelivery | undefined)[]>();
  /** Marks of the positions a member holds its own way (a stamp per member, so nothing is cleared). */
  private readonly stamps: Int32Array;
  private stamp = 0;

  /**
   * `split`: the question's other covering sets are split (split.ts) and `sets` are its exit sets:
   * the memo decides every delivery of the others too (decision.ts `DecisionMemo`).
   */
  constructor(
    private readonly model: Model,
    private readonly sets: readonly SimSet[],
    split = false,
  ) {
    this.memo = new DecisionMemo({ unheld: this.unheld, selected: this.classDeliveries, allButExits: split });
    this.stamps = new Int32Array(sets.length);
    this.indexed = sets.filter((s) => !s.isExit).length > MANY_SETS;
    if (!this.indexed) return;
    const add = (map: Map<string, number[]>, key: string, pos: number): void => {
      const list = map.get(key);
      if (!list) map.set(key, [pos]);
      else if (list[list.length - 1] !== pos) list.push(pos);
    };
    sets.forEach((set, pos) => {
      if (set.isExit) return this.exits.push(pos);
      let last = null;
      for (const row of set.routes) {
        if (row.peerId !== null) add(this.byPeer, row.peerId, pos);
        add(this.byKey, row.baseKey, pos);
        // A route's rows are adjacent and share its groups and resource.
        if (row.route === last) continue;
        last = row.route;
        for (const g of row.route.groups) add(this.byGroup, g, pos);
        for (const p of row.route.networkResource?.sourcePeerIds ?? []) add(this.byPeer, p, pos);
      }
    });
  }

  /**
   * How the source receives each set, by position: the shared delivery of a set that reaches it by
   * no route, undefined for the others (delivered as usual).
   */
  deliveries(source: SourceView): (SetDelivery | undefined)[] {
    if (!this.indexed) return NONE_SHARED;
    const stamp = ++this.stamp;
    const mark = (positions: readonly number[] | undefined): void => {
      if (positions) for (const pos of positions) this.stamps[pos] = stamp;
    };
    mark(this.exits);
    for (const g of source.groups) mark(this.byGroup.get(g));
    mark(this.byPeer.get(source.peer.id));
    this.servedPositions.forEach(source.servedKeys, mark);
    const peer = source.peer;
    const flags = `${Number(peer.loginExpired)}${Number(peer.approvalRequired)}${Number(peer.disableClientRoutes)}${Number(source.hasIpv6)}`;
    let byPos = this.byFlags.get(flags);
    if (!byPos) this.byFlags.set(flags, (byPos = []));
    const out = new Array<SetDelivery | undefined>(this.sets.length);
    for (let pos = 0; pos < this.sets.length; pos++) {
      if (this.stamps[pos] === stamp) continue;
      let d = byPos[pos];
      if (!d) {
        byPos[pos] = d = deliverSet(this.model, source, this.sets[pos]!);
        this.unheld.add(d);
      }
      out[pos] = d;
    }
    return out;
  }

  /**
   * A set as the source receives it (`make` delivers it). Sources of one delivery class
   * (`classKey`, null: a class of its own) in the same of the set's distribution groups receive
   * it alike when they serve none of it: the class's delivery, made once. A routing peer's own
   * delivery of the set (it serves a row or an HA key of it) is its alone.
   */
  classDelivery(source: SourceView, groups: readonly string[], classKey: string | null, set: SimSet, make: (classCodes?: Map<number, Delivery>) => SetDelivery): SetDelivery {
    if (classKey === null) return make();
    const facts = this.factsOf(set);
    // A routing peer of a row serves its HA key (distribution.ts `ServedKeys`).
    for (const k of facts.keys) if (source.servedKeys.has(k)) return make();
    let key = classKey;
    for (const g of groups) if (facts.groups.has(g)) key += `|${g.length}:${g}`;
    let byClass = this.byClass.get(set);
    if (!byClass) this.byClass.set(set, (byClass = new Map()));
    const d = byClass.get(key);
    if (d !== undefined && d !== ASKED_ONCE) return d;
    const made = this.intern(make(this.codesOf(set, classKey)));
    // A delivery from a template that interning does not keep is kept for its key once asked for
    // again: on the many-groups shape nearly every key is one member's (its own 3 of 5,000 groups),
    // and tens of thousands of kept deliveries only weigh on the collector.
    byClass.set(key, d === undefined && made instanceof TemplatedDelivery && !this.classDeliveries.has(made) ? ASKED_ONCE : made);
    return made;
  }

  /**
   * Codes of a set's rows distributed to members of a delivery class that serve none of the set
   * (by row; set-templates.ts fills it): a route's distribution groups differ from member to
   * member, how a row of it reaches them once it is distributed does not (flags, posture verdicts,
   * the policies their groups are in: `delivery`).
   */
  private codesOf(set: SimSet, classKey: string): Map<number, Delivery> {
    let byClass = this.codes.get(set);
    if (!byClass) this.codes.set(set, (byClass = new Map()));
    let codes = byClass.get(classKey);
    if (!codes) byClass.set(classKey, (codes = new Map()));
    return codes;
  }

  private readonly codes = new Map<SimSet, Map<string, Map<number, Delivery>>>();

  /** Deliveries by set and delivery class (`classDelivery`), or ASKED_ONCE. */
  private readonly byClass = new Map<SimSet, Map<string, SetDelivery | typeof ASKED_ONCE>>();
  private readonly facts = new Map<SimSet, SetReach>();

  private factsOf(set: SimSet): SetReach {
    let facts = this.facts.get(set);
    if (facts) return facts;
    const groups = new Set<string>();
    const keys = new Set<string>();
    for (const row of set.routes) {
      for (const g of row.route.groups) groups.add(g);
      keys.add(row.baseKey);
    }
    this.facts.set(set, (facts = { groups, keys }));
    return facts;
  }

  /**
   * An exit set delivery, as the one object of every equal delivery this question has made. A
   * routing peer's own delivery of the set (it serves a row or an HA key of it) is its alone: it
   * is not kept.
   */
  private intern(d: SetDelivery): SetDelivery {
    const codes = rowCodesOf(d);
    if (codes === null || d.local.length > 0) return d;
    let key = '';
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code === 'own-ha-set') return d;
      key += codeChar(code);
    }
    let bySet = this.byCodes.get(d.set);
    if (!bySet) this.byCodes.set(d.set, (bySet = new Map()));
    const known = bySet.get(key);
    if (known) return known;
    bySet.set(key, d);
    this.classDeliveries.add(d);
    return d;
  }
}

const NONE_SHARED: (SetDelivery | undefined)[] = [];

/** A delivery class's key asked for once, its delivery not kept (`classDelivery`). */
const ASKED_ONCE = Symbol('asked once');

/** Each code as one character of a delivery's key, numbered as first met. */
const codeChars = new Map<Delivery, string>();

function codeChar(code: Delivery): string {
  let c = codeChars.get(code);
  if (c === undefined) codeChars.set(code, (c = String.fromCharCode(65 + codeChars.size)));
  return c;
}

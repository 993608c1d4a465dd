// The reachability matrix: for every HA set and every group it is distributed to, which routing
// peer carries the set's destinations for the group's members, as the simulator decides. The
// report shows it; the diff compares two of them.
import type { HaSet, Model } from '../model/types.js';
import type { Disposition, Outcome, PeerRef } from '../simulate/answer.js';
import { PeerStates, type Destination } from '../simulate/index.js';
import { routesAndPeers, type SimSet } from '../simulate/distribution.js';
import type { SimulationOptions } from '../simulate/decision.js';
import { targetOfSet } from '../model/describe.js';
import { isPrivatePrefix } from '../net/prefix.js';
import { compareByNameThenId, compareStrings } from '../order.js';
import { listView, memberClassesOf, type MemberClasses } from './member-classes.js';
import { probeOf, sortedPrefixes } from './probes.js';

export interface SetRef {
  readonly key: string;
  readonly networkId: string;
  /** The prefix (network routes) or the domain list (domain routes), as text. */
  readonly target: string;
  readonly isExit: boolean;
}

export interface CellOutcome {
  readonly disposition: Disposition;
  readonly peer: PeerRef | null;
  /** The network_id of the route that carries it (another set's when it shadows this one). */
  readonly networkId: string | null;
  readonly nondeterministic: boolean;
  /** Routing peers that may carry it: the chosen one, or every tied or conflicting one when nondeterministic; empty when none. */
  readonly possiblePeers: readonly PeerRef[];
  /** How many members of the group get this outcome. */
  readonly members: number;
  /** The first of them by name, at most OUTCOME_SAMPLE. */
  readonly sources: readonly PeerRef[];
  /** Traffic to this private (RFC 1918, ULA) prefix leaves through an exit node instead (§5 fallback): routed, and not where it should go. */
  readonly privateViaExit: boolean;
}

export interface ReachabilityCell {
  readonly group: PeerRef;
  readonly set: SetRef;
  /** The address or name the simulator was asked about: one this set carries and no more specific set does, where there is one. */
  readonly destination: string;
  /** False when the work budget ran out before this set (see reachabilityOf): `outcomes` is then empty. */
  readonly simulated: boolean;
  /** Members of the group. */
  readonly members: number;
  readonly outcomes: readonly CellOutcome[];
}

export interface Reachability {
  readonly groups: readonly PeerRef[];
  readonly sets: readonly SetRef[];
  /** One cell per (set, distribution group of one of its routes), sorted by set key then group name. */
  readonly cells: readonly ReachabilityCell[];
}

export interface ReachabilityOptions {
  /** The work budget (defaultMatrixWork when absent; Infinity: every set). */
  readonly maxWork?: number;
  /** The exit node every source picked (`simulate --exit-node`: a network_id, or NO_EXIT_NODE); none picked when absent. */
  readonly exitNode?: string | null;
}

export function setRefOf(set: HaSet): SetRef {
  return { key: set.key, networkId: set.networkId, target: targetOfSet(set), isExit: set.isExit };
}


/** Members named in a cell's outcome (by name), the rest counted: a group may hold every peer of the account. */
export const OUTCOME_SAMPLE = 8;


/** Does what the matrix shows of the answer name its source (it serves the destination, or may carry it)? Then members of a class differ. */
function namesSource(o: Outcome, sourceId: string): boolean {
  return o.disposition === 'LOCAL' || o.peer?.id === sourceId || (o.nondeterministic && possiblePeersOf(o).some((p) => p.id === sourceId));
}

interface Tally {
  readonly outcome: Outcome;
  count: number;
  /** Member ranks, the first OUTCOME_SAMPLE by name. */
  sample: number[];
}

const notExit = (set: SimSet): boolean => !set.isExit;
const isExit = (set: SimSet): boolean => set.isExit;

/** Thrown by a cell's simulation when the work budget runs out within it. */
const OUT_OF_WORK = Symbol('out of work');

/**
 * What every cell of one probe shares: its covering sets, their rows, and the scopes answers are
 * asked in. What only a question reads (the rows of every covering set, the scopes) is found when
 * a cell first asks one: on an account where every route covers one address, cells are refused on
 * the most specific sets alone, and a probe may have a hundred thousand covering sets.
 */
class ProbeFacts {
  readonly covering: readonly SimSet[];
  /** Ask without the exit sets first (see the constructor). */
  readonly split: boolean;
  readonly onlyExits: boolean;
  readonly family: number;
  /** The most specific covering sets, when less specific ones cover the address too; else null. */
  readonly top: readonly SimSet[] | null;
  readonly topRows: number;
  readonly #ask: (keep: (set: SimSet) => boolean) => (id: string) => Outcome;
  #rows: { all: number; nonExit: number } | null = null;
  #amongExits: ((id: string) => Outcome) | null = null;
  #amongOthers: ((id: string) => Outcome) | null = null;
  #amongAll: ((id: string) => Outcome) | null = null;
  #amongTop: ((id: string) => Outcome) | null = null;

  constructor(classes: MemberClasses, destination: Destination, simOptions: SimulationOptions) {
    const covering = (this.covering = classes.sim.coveringSets(destination));
    this.#ask = (keep) => classes.sim.outcomesAmong(destination, simOptions, keep);
    // The exit sets (a thousand routes on some accounts) cover every address but are weighed only
    // when no other covering set carries the destination: asked without them first, an answer that
    // is carried (routed, local, denied or black-holed at a peer) is the whole answer's carrier.
    // Not when a covering set shares a network_id with an exit set (an unpaired `-v6` exit changes
    // which of that network_id's routes the client may use).
    const exitNetworkIds = new Set<string>();
    let nonExit = false;
    let topBits = 0;
    for (const c of covering) {
      if (c.isExit) exitNetworkIds.add(c.networkId);
      else {
        nonExit = true;
        if (destination.kind === 'ip' && c.network !== null && c.network.bits > topBits) topBits = c.network.bits;
      }
    }
    this.split = exitNetworkIds.size > 0 && nonExit && !covering.some((c) => !c.isExit && exitNetworkIds.has(c.networkId));
    this.onlyExits = exitNetworkIds.size > 0 && !nonExit;
    this.family = destination.kind === 'ip' ? destination.addr.family : 0;
    const topSets = destination.kind === 'ip' ? covering.filter((c) => !c.isExit && c.network !== null && c.network.bits === topBits) : [];
    this.top = topSets.length > 0 && topSets.length < covering.length && !topSets.some((c) => exitNetworkIds.has(c.networkId)) ? topSets : null;
    this.topRows = (this.top ?? []).reduce((n, c) => n + rowCount(c), 0) + 1;
  }

  get rows(): number {
    return this.#counted().all;
  }

  get nonExitRows(): number {
    return this.#counted().nonExit;
  }

  get exitRows(): number {
    return this.rows - this.nonExitRows + 1;
  }

  #counted(): { all: number; nonExit: number } {
    if (!this.#rows) {
      let all = 1;
      let nonExit = 1;
      for (const c of this.covering) {
        const n = rowCount(c);
        all += n;
        if (!c.isExit) nonExit += n;
      }
      this.#rows = { all, nonExit };
    }
    return this.#rows;
  }

  amongExits(id: string): Outcome {
    return (this.#amongExits ??= this.#ask(isExit))(id);
  }

  amongOthers(id: string): Outcome {
    return (this.#amongOthers ??= this.#ask(notExit))(id);
  }

  amongAll(id: string): Outcome {
    return (this.#amongAll ??= this.#ask(() => true))(id);
  }

  amongTop(id: string): Outcome {
    const inTop = new Set(this.top ?? []);
    return (this.#amongTop ??= this.#ask((c) => inTop.has(c)))(id);
  }
}

const rowCounts = new WeakMap<SimSet, number>();

/**
 * How many rows a set has (one per route and routing peer, one for a route with none), counted
 * without making them where they are not made yet (`routesAndPeers`): an exit set's rows, with
 * their ::/0 twins, as they are.
 */
export function rowCount(set: SimSet): number {
  let n = rowCounts.get(set);
  if (n === undefined) {
    if (set.isExit) n = set.routes.length;
    else {
      n = 0;
      for (const peers of routesAndPeers(set).peers) n += Math.max(1, peers.length);
    }
    rowCounts.set(set, n);
  }
  return n;
}

/** Probes with at least this many covering sets have their facts kept for the sets after them. */
const PROBE_MEMO_MIN_SETS = 32;
/** The covering sets the kept facts may hold in all. */
const PROBE_MEMO_MAX_SETS = 4_000_000;

/**
 * Work the matrix may do by default, counted in rows of covering HA sets the simulator weighs (one
 * per route and routing peer, per answer) and QUESTION_WORK per answer: a fixed part and a part per
 * route of the account, so that on a large account the matrix takes a fraction of what lint of the
 * same account takes (the report lints too, and builds every other section: all of it within twice
 * lint's time). Up to 100,000 routes the budget stays that of 100,000 routes (a few seconds): a
 * page of a smaller account simulates every cell it can in that time rather than a share of it.
 */
export function defaultMatrixWork(model: Model): number {
  return 150_000 + 3 * Math.max(100_000, model.routes.length);
}

/**
 * What one question to the simulator costs the budget besides the rows it weighs: finding the
 * source's deliveries and deciding among them take about as long as weighing this many rows (about
 * 40 us a question, 2.5 us a row, measured on the bench's accounts). Without it an account whose
 * cells ask many questions about few rows each (tenants' sets, a handful of routes covering each
 * address) ran its matrix for twice as long as one whose questions weigh hundreds of rows.
 */
export const QUESTION_WORK = 24;

/**
 * Builds the matrix: every HA set by every group it is distributed to; needs the groups and peers
 * of the export. Sets are simulated in order of the members they reach, most first, while the
 * work budget lasts; the cells of the sets after that are there, unsimulated, with their members counted.
 * A cell may take a fiftieth of the budget: rows weighed, and members classed again (those the
 * covering sets single out, those the most specific sets leave over), each member counted as a row
 * before it is classed; a cell that would pass its share is left unsimulated whole, and what it was
 * not let do stays for the cells after it. Counts, not time: the same export gives the same matrix.
 */
export function reachabilityOf(model: Model, states: PeerStates = new PeerStates(), options: ReachabilityOptions = {}): Reachability {
  const prefixes = sortedPrefixes(model.haSets);
  const classes = memberClassesOf(model, states);
  // Brief answers without assumptions, only the rows that carry: the matrix shows who carries the traffic, nothing more.
  const simOptions = { states, currentPeerId: null, exitNode: options.exitNode ?? null, explain: false, assumptions: false, carryingRowsOnly: true };
  const budget = options.maxWork ?? defaultMatrixWork(model);
  const share = budget / 50;
  let work = 0;
  const exitAnswers = new Map<string, Outcome>();
  const probes = new Map<string, ProbeFacts>();
  let memoized = 0;
  // Each set's cells, by the set's place in model.haSets (sorted by key, as the cells are listed).
  const cellsBySet: ReachabilityCell[][] = new Array(model.haSets.length);
  // One column per group, found once per set (six hundred thousand cells): its ref shared by its
  // cells, its members counted, its place among the columns by name then id.
  const columns = new Map<string, Column>();
  const columnOf = (id: string): Column => {
    let column = columns.get(id);
    if (!column) columns.set(id, (column = { ref: { id, name: model.groupName(id) }, members: classes.memberCount(id), place: 0, shown: false }));
    return column;
  };
  // One ref per set, shared by its cells and the matrix's list of sets.
  const setRefs = model.haSets.map(setRefOf);
  // The sets distributed to a group, most members reached first, then in set order: sorted as one
  // number each (a hundred thousand sets), not by a comparator.
  const groupsOfSet: Column[][] = new Array(model.haSets.length);
  const reachOf: number[] = [];
  const orders: number[] = [];
  for (let order = 0; order < model.haSets.length; order++) {
    const groups = distributionGroupsOf(model.haSets[order]!);
    if (groups.length === 0) continue;
    let reach = 0;
    const setColumns = groups.map(columnOf);
    for (const c of setColumns) reach += c.members;
    groupsOfSet[order] = setColumns;
    reachOf.push(reach);
    orders.push(order);
  }
  [...columns.values()].sort((a, b) => compareByNameThenId(a.ref, b.ref)).forEach((c, place) => (c.place = place));
  for (const order of mostReachedFirst(reachOf, orders, model.haSets.length)) {
    const set = model.haSets[order]!;
    const setColumns = groupsOfSet[order]!;
    const probe = probeOf(set, prefixes);
    if (!probe) continue;
    const setRef = setRefs[order]!;
    const cells: ReachabilityCell[] = (cellsBySet[order] = []);
    for (const c of setColumns) c.shown = true;
    if (work >= budget) {
      for (const c of setColumns) cells.push({ group: c.ref, set: setRef, destination: probe.text, simulated: false, members: c.members, outcomes: NO_OUTCOMES });
      continue;
    }
    // Sets of one prefix share the probe: its covering sets and the answers' scopes are found once
    // for them (kept for the probes with many covering sets, within a bound).
    const probeKey = `${probe.destination.kind} ${probe.text}`;
    let kept = probes.get(probeKey);
    if (!kept) {
      kept = new ProbeFacts(classes, probe.destination, simOptions);
      if (kept.covering.length >= PROBE_MEMO_MIN_SETS && memoized < PROBE_MEMO_MAX_SETS) {
        probes.set(probeKey, kept);
        memoized += kept.covering.length;
      }
    }
    const facts = kept;
    const { split, onlyExits, family, top, topRows, covering } = facts;
    const privateSet = !set.isExit && set.network !== null && isPrivatePrefix(set.network);
    let cellWork = 0;
    const spend = (n: number): void => {
      // One cell may take a fiftieth of the budget: a costly one (thousands of members who each
      // serve the destination) is left unsimulated rather than leaving every set after it so.
      // `n`: the rows one question weighs; the question itself costs QUESTION_WORK more.
      if (work >= budget || cellWork >= share) throw OUT_OF_WORK;
      work += n + QUESTION_WORK;
      cellWork += n + QUESTION_WORK;
    };
    // Members a cell classes or sorts again (singled out by the covering sets, or left over by the
    // most specific ones) count as work too, one row each, and are counted before that is done: a
    // group of every peer is not classed member by member only to find it over its share.
    const charge = (n: number): void => {
      if (work >= budget || cellWork + n > share) throw OUT_OF_WORK;
      work += n;
      cellWork += n;
    };
    // A member's answer among the exit sets alone is the same for every address of a family (they
    // cover them all, and a brief answer names no address), and the same for members of one static
    // class that serve no exit set (the static key holds all it rests on): asked once per class
    // (per member for exit servers) and family.
    const exitAnswer = (id: string): Outcome => {
      const key = `${family} ${classes.servesExit(id) ? `peer ${id}` : classes.staticKey(id)}`;
      let o = exitAnswers.get(key);
      if (!o) {
        spend(facts.exitRows);
        exitAnswers.set(key, (o = facts.amongExits(id)));
      }
      return o;
    };
    const ask = (id: string): Outcome => {
      if (onlyExits) return exitAnswer(id);
      if (split) {
        spend(facts.nonExitRows);
        const o = facts.amongOthers(id);
        if (o.disposition !== 'NO_ROUTE' && o.disposition !== 'NO_ROUTING_PEER') return o;
        // No other covering set is installed: the exit sets alone decide.
        if (o.disposition === 'NO_ROUTE') return exitAnswer(id);
      }
      spend(facts.rows);
      return facts.amongAll(id);
    };
    // The answer among the most specific sets, when one of them carries the destination (then the
    // less specific sets and the exit sets change nothing about who carries it); else null.
    const askTop = (id: string): Outcome | null => {
      spend(topRows);
      const o = facts.amongTop(id);
      return o.disposition === 'NO_ROUTE' || o.disposition === 'NO_ROUTING_PEER' ? null : o;
    };
    for (const column of setColumns) {
      const groupId = column.ref.id;
      const cell = (): ReachabilityCell => {
      const tallies: Tally[] = [];
      const add = (outcome: Outcome, ranks: readonly number[], count: number): void => {
        tallies.push({ outcome, count, sample: ranks.slice(0, OUTCOME_SAMPLE) as number[] });
      };
      // Members the most specific sets carry the destination for are answered by those sets alone,
      // in the classes those sets make (few: a group of every peer is one or two classes there);
      // the others, in the classes every covering set makes.
      let pending: Set<string> | null = null;
      if (top) {
        const among = classes.classes(groupId, top, share - cellWork);
        if (!among) throw OUT_OF_WORK;
        charge(among.special);
        // A cell whose classes alone would take more than its share is left unsimulated before any
        // work is spent on it: what it would have cost stays for the sets after it. Refused on the
        // fewest classes it may have where they are enough, before they are made.
        const tooMany = (n: number): boolean => n * (topRows + QUESTION_WORK) > share;
        if (tooMany(among.fewest)) throw OUT_OF_WORK;
        const topClasses = among.classes(tooMany);
        if (!topClasses) throw OUT_OF_WORK;
        const left: string[] = [];
        for (const c of topClasses) {
          const ids = classes.view(c);
          if (ids.length === 0) continue;
          const head = ids.first(1)[0]!;
          const first = askTop(head);
          if (first && ids.length > 1 && namesSource(first, head)) {
            for (const id of ids.all()) {
              const o = askTop(id);
              if (o) add(o, [classes.rank.get(id)!], 1);
              else left.push(id);
            }
          } else if (first) add(first, ids.first(OUTCOME_SAMPLE).map((id) => classes.rank.get(id)!), ids.length);
          else {
            charge(ids.length);
            for (const id of ids.all()) left.push(id);
          }
        }
        pending = new Set(left);
      }
      if (pending === null || pending.size > 0) {
        const among = classes.classes(groupId, covering, share - cellWork);
        if (!among) throw OUT_OF_WORK;
        charge(among.special);
        // Each class with members (left) is asked about once at least: every class when no member
        // was answered by the most specific sets, so refused on the fewest there may be first.
        const tooMany = (n: number): boolean => n * ((split ? facts.nonExitRows : facts.rows) + QUESTION_WORK) > share;
        if (!pending && tooMany(among.fewest)) throw OUT_OF_WORK;
        // Without members left over, every class is asked about: the making stops at too many.
        const memberClasses = among.classes(pending ? undefined : tooMany);
        if (!memberClasses) throw OUT_OF_WORK;
        const buckets = pending ? classes.bucket(groupId, memberClasses, pending) : null;
        const asked = buckets ? buckets.reduce((n, b) => n + (b.length > 0 ? 1 : 0), 0) : memberClasses.length;
        if (tooMany(asked)) throw OUT_OF_WORK;
        for (const [i, c] of memberClasses.entries()) {
          const ids = buckets ? listView(buckets[i]!) : classes.view(c);
          if (ids.length === 0) continue;
          const head = ids.first(1)[0]!;
          const first = ask(head);
          if (ids.length > 1 && namesSource(first, head)) {
            for (const id of ids.all()) add(ask(id), [classes.rank.get(id)!], 1);
            continue;
          }
          add(first, ids.first(OUTCOME_SAMPLE).map((id) => classes.rank.get(id)!), ids.length);
        }
      }
      const outcomes = tallies.map((t) => ({
        tally: t,
        o: {
          disposition: t.outcome.disposition,
          peer: t.outcome.peer,
          networkId: t.outcome.route?.network_id ?? null,
          nondeterministic: t.outcome.nondeterministic,
          possiblePeers: possiblePeersOf(t.outcome),
          privateViaExit: privateSet && t.outcome.route !== null && 'network' in t.outcome.route && t.outcome.route.network.endsWith('/0'),
        },
      }));
      return { group: column.ref, set: setRef, destination: probe.text, simulated: true, members: tallies.reduce((n, t) => n + t.count, 0), outcomes: mergeOutcomes(outcomes, classes.refs) };
      };
      try {
        cellWork = 0;
        cells.push(cell());
      } catch (err) {
        // The budget ran out within the cell, or the cell took its share: it is left unsimulated whole, never shown in part.
        if (err !== OUT_OF_WORK) throw err;
        cells.push({ group: column.ref, set: setRef, destination: probe.text, simulated: false, members: column.members, outcomes: NO_OUTCOMES });
      }
    }
  }
  // By set key (the sets' order), then group name and id: a set's cells, one per column in its
  // order, are listed by the columns' places, not every cell against every other.
  const cells: ReachabilityCell[] = [];
  cellsBySet.forEach((list, order) => {
    const setColumns = groupsOfSet[order]!;
    const at = list.map((_, i) => i);
    if (list.length > 1) at.sort((i, j) => setColumns[i]!.place - setColumns[j]!.place);
    for (const i of at) cells.push(list[i]!);
  });
  const groups = [...columns.values()]
    .filter((c) => c.shown)
    .sort((a, b) => a.place - b.place)
    .map((c) => c.ref);
  return { groups, sets: setRefs, cells };
}

/**
 * `orders` (distinct, each below `count`) by `reach` (same positions) from most to fewest, equal
 * reach in ascending order: as numbers (most reach less own reach, times `count`, plus the order)
 * sorted natively; by a comparator when those numbers would pass what a double holds exactly.
 */
export function mostReachedFirst(reach: readonly number[], orders: readonly number[], count: number): number[] {
  let most = 0;
  for (const r of reach) if (r > most) most = r;
  if ((most + 1) * Math.max(count, 1) >= Number.MAX_SAFE_INTEGER) {
    return orders.map((order, i) => ({ order, reach: reach[i]! })).sort((a, b) => b.reach - a.reach || a.order - b.order).map((t) => t.order);
  }
  const keys = new Float64Array(orders.length);
  for (let i = 0; i < orders.length; i++) keys[i] = (most - reach[i]!) * count + orders[i]!;
  keys.sort();
  const out: number[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = keys[i]! % count;
  return out;
}

/** A group as a column of the matrix (see reachabilityOf). */
interface Column {
  readonly ref: PeerRef;
  /** Members the group has among the peers (classes.memberCount). */
  readonly members: number;
  /** Its place among the columns, by name then id. */
  place: number;
  /** Whether a set with a probe is distributed to it: then it has cells. */
  shown: boolean;
}

/** The outcomes of every cell left unsimulated (a hundred thousand of them on a large account): one empty list. */
const NO_OUTCOMES: readonly CellOutcome[] = Object.freeze([]);

/** The distinct distribution groups of a set's routes, in their order (a route of one group: its own list). */
function distributionGroupsOf(set: HaSet): readonly string[] {
  if (set.routes.length === 1) {
    // A route's few groups, none repeated and none empty (the usual case), are its list as it is.
    const groups = set.routes[0]!.groups;
    if (groups.length <= 16 && groups.every((g, i) => g !== '' && groups.indexOf(g) === i)) return groups;
  }
  return [...new Set(set.routes.flatMap((r) => r.groups))].filter((g) => g !== '');
}

/** The chosen peer, or every tied or conflicting candidate's peer when the choice is nondeterministic; sorted by name. */
export function possiblePeersOf(o: Pick<Outcome, 'peer' | 'nondeterministic' | 'candidates'>): PeerRef[] {
  if (!o.nondeterministic) return o.peer ? [o.peer] : [];
  const byId = new Map<string, PeerRef>();
  for (const c of o.candidates) if ((c.reason === 'tied' || c.reason === 'conflict') && c.peer) byId.set(c.peer.id, c.peer);
  return [...byId.values()].sort(compareByNameThenId);
}

/** The simulator splits members by their whole answer (trace included); the matrix only cares who carries the traffic. */
function mergeOutcomes(outcomes: readonly { tally: Tally; o: Omit<CellOutcome, 'members' | 'sources'> }[], refs: readonly PeerRef[]): CellOutcome[] {
  const byKey = new Map<string, { o: Omit<CellOutcome, 'members' | 'sources'>; count: number; sample: number[] }>();
  for (const { tally, o } of outcomes) {
    const key = JSON.stringify([o.disposition, o.peer?.id ?? null, o.networkId, o.nondeterministic, o.possiblePeers.map((p) => p.id), o.privateViaExit]);
    const entry = byKey.get(key);
    if (entry) {
      entry.count += tally.count;
      entry.sample = [...entry.sample, ...tally.sample].sort((a, b) => a - b).slice(0, OUTCOME_SAMPLE);
    } else byKey.set(key, { o, count: tally.count, sample: [...tally.sample] });
  }
  return [...byKey.values()]
    .map(({ o, count, sample }) => ({ ...o, members: count, sources: sample.map((r) => refs[r]!) }))
    .sort((a, b) => b.members - a.members || compareStrings(a.sources[0]?.name ?? '', b.sources[0]?.name ?? '') || compareStrings(a.sources[0]?.id ?? '', b.sources[0]?.id ?? ''));
}

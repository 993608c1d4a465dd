// The client's decision for one source and one destination, as data, computed once: which covering
// HA sets it receives, installs or refuses (docs/netbird-behaviour.md §5), which exit node is active (§6), the HA
// choice in each set (score and stickiness, §4), the set that carries the destination (longest
// prefix, fallback, conflicts: select.ts), and so where every candidate route stands. The answer
// (outcome.ts) and its prose (explain.ts) are rendered from it and never decide anything again.
import type { Addr } from '../net/prefix.js';
import { clientRefusal, type Overlay, type Refusal } from '../model/overlay.js';
import type { Traffic } from '../model/route-access.js';
import { type CandidateReason } from './answer.js';
import { rowCodesOf, TemplatedDelivery, type Delivery, type SetDelivery, type SimRoute, type SimSet } from './distribution.js';
import { lazyRows, patchedRows, rowCounts, type CandidateVerdict, type PatchedRows, type VerdictRows } from './rows.js';
import type { ApexMiss } from './domain.js';
import type { ExitSelection } from './exit.js';
import type { PeerStates, ResolvedState } from './peer-states.js';
import { chooseInHaSet, clientScore, standingOf, type HaChoice, type ScoredCandidate } from './score.js';
import { decide, decideTiered, hasPeer, SharedTiers, type Decision, type InstalledSet } from './select.js';
import type { SourceDeliveries } from './source-deliveries.js';
import { compareStrings } from '../order.js';
import { RouteIndex, RouteSet, RouteValues } from './route-values.js';

export type Destination = { readonly kind: 'ip'; readonly addr: Addr; readonly text: string } | { readonly kind: 'domain'; readonly name: string };


export interface SimulationOptions {
  readonly states: PeerStates;
  /** The routing peer the client uses now (stickiness), already resolved to an id. */
  readonly currentPeerId: string | null;
  /** The user's exit node selection (a network_id). */
  readonly exitNode: string | null;
  /** The packet, for the routing peer's route firewall (§8); any protocol and port when absent. */
  readonly traffic?: Traffic;
  /** The user's word on posture checks (`--posture CHECK=pass|fail`), by check id. */
  readonly posture?: ReadonlyMap<string, 'pass' | 'fail'>;
  /**
   * False for a decision without its explanation (what `simulate --batch` prints): no trace, no
   * candidate detail, and no rows for routes the source does not receive. Default true.
   */
  readonly explain?: boolean;
  /**
   * False for an answer whose assumptions nobody reads (the report's matrix shows who carries the
   * traffic only): `assumptions` and `assumption_ids` are then empty. Default true.
   */
  readonly assumptions?: boolean;
  /**
   * A group question's cut (GROUP_CANDIDATE_LIMIT): the answer lists at most this many candidates,
   * kept as `cutCandidates` keeps them and counted in `candidates_total`, and builds the detail of
   * the kept ones only; its prose names at most a few peers and sets in any one list, then counts
   * the rest. Absent: every candidate, every name.
   */
  readonly candidateLimit?: number;
  /**
   * True for an answer whose reader wants only who carries the traffic (diff, the report's
   * matrix): `candidates` holds only the rows that carry it or might (`cutRank` 0: selected,
   * local, tied, conflict), in their usual order; no other row is built or counted. Default false.
   */
  readonly carryingRowsOnly?: boolean;
}

/** An HA set covering or matching the destination, with its rank: prefix length, or a domain pattern's specificity. */
export interface RankedSet {
  readonly set: SimSet;
  readonly rank: number;
  readonly pattern?: string;
}

export const NO_APEX_MISSES: readonly ApexMiss[] = Object.freeze([]);

/** The HA sets covering (or matching) a destination, and the domain patterns that miss it only at the apex. */
export interface Found {
  readonly sets: readonly RankedSet[];
  readonly apexMisses: readonly ApexMiss[];
  /**
   * Covering sets left out of `sets` for one source because it can hold none of their routes
   * (split.ts): the answer counts them, and lists their rows only where a cut keeps them.
   */
  readonly inert?: InertSets;
  /**
   * Covering sets the source receives as every source of its class does (split.ts): decided once
   * for them all, they are not in `sets`; those of them in `sets` (received its own way) are
   * `excluded`.
   */
  readonly shared?: SharedPart;
}

/**
 * Covering sets sources of one class receive alike (split.ts): those distributed to them through
 * the group with the most covering sets, but for the sets some of them serve or receive through
 * another group, and the covering exit sets whose delivery the class shares. Decided once
 * (`SharedDecision`), shared by every member of the class whose exit node selection decides
 * those exit sets alike (`selectionVariant`).
 */
export interface SharedSets {
  /** Their positions in the question's covering sets, ascending. */
  readonly positions: readonly number[];
  readonly sets: readonly RankedSet[];
  readonly deliveries: readonly SetDelivery[];
  /** The exit node selection of the source the sets were made for: its exit sets are decided under it. */
  readonly exits: ExitSelection | null;
  /** Is one of its exit sets received as a client route (then a source holding them has an exit node selection)? */
  readonly exitReceived: boolean;
  /** Index in `sets` by set. */
  readonly indexOf: ReadonlyMap<SimSet, number>;
  /** What deciding makes of them, made when first asked. */
  decided?: SharedDecision;
}

/** The shared sets as one source holds them. */
export interface SharedPart {
  readonly base: SharedSets;
  /** Indexes in `base.sets` of those the source receives its own way (they are in `Found.sets`), ascending. */
  readonly excluded: readonly number[];
  /** Positions of `Found.sets` in the question's covering sets (the order `Found.sets` has). */
  readonly positions: readonly number[];
  /**
   * By index in `Found.sets`: is its delivery the source's alone (a set it serves, an exit set
   * delivered to it alone)? Such a set is decided without the memo, which would only hold it for
   * nobody else.
   */
  readonly alone: Uint8Array;
  /** Does an exit set cover the destination (only then may `Found.sets` hold one)? */
  readonly exits: boolean;
}

/** What deciding makes of shared sets, once for every source that holds them (`decideFor`). */
export interface SharedDecision {
  readonly outcomes: readonly SetOutcome[];
  /** The installed ones, most specific first, then by key; `installedAt`: index there by index in `sets`, or -1. */
  readonly installed: readonly InstalledSet[];
  readonly installedAt: Int32Array;
  /** Their candidate rows when their choice carries nothing, in the answer's order of sets; `entryAt`: index there by index in `sets`. */
  readonly entries: readonly CandidateSet[];
  readonly entryAt: Int32Array;
  /** Where each of `installed` and of `entries` stands in their order, as a number (`orderKey`). */
  readonly installedKeys: Float64Array;
  readonly entryKeys: Float64Array;
  /** Candidate rows of all the sets. */
  readonly rows: number;
  /** Does an installed one have a route the source serves (never, as split.ts makes them; then the source's own tiers are merged in full)? */
  readonly localInstalled: boolean;
  /** Facts of each set (`FACT_*` bits), and how many sets have each. */
  readonly facts: Uint8Array;
  readonly factCounts: readonly number[];
}

/** Facts of a shared set that an answer reads across all its sets. */
export const FACT_RECEIVED = 0;
export const FACT_HELD = 1;
export const FACT_LOGIN_EXPIRED = 2;
export const FACT_IPV6 = 3;
export const FACT_REFUSED = 4;
export const FACT_STATES = 5;
const FACTS = 6;

/** The facts of one set outcome (`FACT_*` bits). */
function factsOf(e: SetOutcome): number {
  const d = e.delivery;
  let f = 0;
  if (d.received.length > 0) f |= 1 << FACT_RECEIVED;
  if (d.received.length > 0 || d.local.length > 0) f |= 1 << FACT_HELD;
  if (d.loginExpired) f |= 1 << FACT_LOGIN_EXPIRED;
  if (d.set.network?.family === 6 && e.status !== 'not-received') f |= 1 << FACT_IPV6;
  if (e.status === 'refused') f |= 1 << FACT_REFUSED;
  if (e.states.size > 0) f |= 1 << FACT_STATES;
  return f;
}

/** Does a set of the decision (its own or shared) have the fact? */
export function anySet(decision: ClientDecision, fact: number, own: (e: SetOutcome) => boolean): boolean {
  if (decision.sets.some(own)) return true;
  return decision.shared !== undefined && sharedWith(decision, fact) > 0;
}

/**
 * The sets of the decision with the fact, in the order found (own sets and shared ones merged by
 * position): at most `limit` of them, and how many there are.
 */
export function setsWith(decision: ClientDecision, fact: number, own: (e: SetOutcome) => boolean, limit = Infinity): { sets: SetOutcome[]; count: number } {
  const shared = decision.shared;
  if (!shared) {
    const all = decision.sets.filter(own);
    return { sets: all.length > limit ? all.slice(0, limit) : all, count: all.length };
  }
  const { decided, part } = shared;
  const bit = 1 << fact;
  if (sharedWith(decision, fact) === 0) {
    // No shared set has the fact (a refused set, say): the source's own sets alone, the class's not walked.
    const all = decision.sets.filter(own);
    return { sets: all.length > limit ? all.slice(0, limit) : all, count: all.length };
  }
  const positions = part.positions;
  const basePositions = part.base.positions;
  const out: SetOutcome[] = [];
  let count = 0;
  let x = 0;
  let k = 0;
  const n = basePositions.length;
  for (let i = 0; i < n || k < decision.sets.length; ) {
    // Own sets and shared ones, by position; excluded shared ones are among the own sets.
    if (k < decision.sets.length && (i >= n || positions[k]! < basePositions[i]!)) {
      const e = decision.sets[k++]!;
      if (!own(e)) continue;
      count++;
      if (out.length < limit) out.push(e);
      continue;
    }
    if (x < part.excluded.length && part.excluded[x] === i) {
      x++;
      i++;
      continue;
    }
    if (decided.facts[i]! & bit) {
      count++;
      if (out.length < limit) out.push(decided.outcomes[i]!);
      else if (limit !== Infinity) {
        // Past the limit only the count is read: the rest is counted without walking it.
        count = setsCount(decision, fact, own);
        break;
      }
    }
    i++;
  }
  return { sets: out, count };
}

function setsCount(decision: ClientDecision, fact: number, own: (e: SetOutcome) => boolean): number {
  let n = sharedWith(decision, fact);
  for (const e of decision.sets) if (own(e)) n++;
  return n;
}

/** How many of the shared sets the source holds as the class does have the fact. */
function sharedWith(decision: ClientDecision, fact: number): number {
  const { decided, part } = decision.shared!;
  let n = decided.factCounts[fact]!;
  for (const i of part.excluded) if (decided.facts[i]! & (1 << fact)) n--;
  return n;
}

/**
 * Covering sets a source can hold no route of (not distributed to it, not served by it): every
 * row's reason rests on the source's flags alone, none is installed, and only their rows, their
 * number and a login that expired reach the answer (see split.ts).
 */
export interface InertSets {
  readonly count: number;
  /** Their candidate rows, all told. */
  readonly rows: number;
  /** Is a route of one of them not delivered because a login expired? */
  readonly loginExpired: boolean;
  /** Each with its rows, in the order the answer lists sets (the most specific first, then by key); read only as far as needed. */
  walk(): Iterable<{ readonly set: SetOutcome; readonly rows: readonly CandidateVerdict[] }>;
}

/** A shared delivery as `DecisionMemo.set` keeps it. */
export interface MemoSet {
  readonly outcome: SetOutcome;
  /** Its installed form, when the client installs it (or serves it). */
  readonly installed: InstalledSet | null;
  /** Its place in the answer's order of sets (`orderKey`). */
  readonly key: number;
  /** Its rows when its choice carries nothing, by whether identical prefixes conflict (`[conflicting]`, made when first read). */
  readonly plain: [CandidateSet | null, CandidateSet | null];
}

/**
 * Set outcomes and candidate rows shared by the answers of one question (split.ts): a delivery
 * shared by many sources is decided once. Valid for one question's options and peer states, and
 * for sources whose clients refuse prefixes alike.
 */
export class DecisionMemo {
  /**
   * `only`: the deliveries the memo decides: `unheld`, deliveries holding no route (their outcome
   * is the same whatever the exit node selection), and `selected`, deliveries shared by several
   * sources, decided once per selection of their network and refusal of prefixes (`setOutcome`
   * reads nothing else of the source); with `allButExits`, every delivery of a set that is not an
   * exit set besides (split.ts gives only deliveries shared by a class, or its own, and splits no
   * question where such a set has an exit set's network id: no exit node selection decides them).
   * Absent: every delivery it is given, for answers without an exit node selection.
   */
  constructor(private readonly only?: { readonly unheld: ReadonlySet<SetDelivery>; readonly selected: ReadonlySet<SetDelivery>; readonly allButExits?: boolean }) {}

  /**
   * Is the delivery decided through the memo? `exits`: the answer has an exit node selection,
   * which decides installed sets (`setOutcome`) but not a delivery holding no route.
   */
  keeps(delivery: SetDelivery, exits: boolean): boolean {
    const only = this.only;
    if (!only) return !exits;
    return (only.allButExits === true && !delivery.set.isExit) || only.unheld.has(delivery) || only.selected.has(delivery);
  }

  /** A kept delivery's outcome: `make` decides it under the answer's exit node selection and refusal of prefixes. */
  decide(delivery: SetDelivery, exits: ExitSelection | null, refusesPrefixes: boolean, make: () => SetOutcome): SetOutcome {
    if (!this.only?.selected.has(delivery)) return this.outcome(delivery, make);
    const variant = selectionVariant(delivery.set, exits) * 2 + Number(refusesPrefixes);
    let byVariant = this.underExits.get(delivery);
    if (!byVariant) this.underExits.set(delivery, (byVariant = []));
    return (byVariant[variant] ??= make());
  }

  private readonly underExits = new Map<SetDelivery, SetOutcome[]>();

  // Maps, not WeakMaps: the memo lives as long as one question, and holds shared deliveries only
  // (a delivery of the source's own is decided without it).
  private readonly outcomes = new Map<SetDelivery, SetOutcome>();
  private readonly entries = new Map<SetOutcome, (CandidateSet | undefined)[]>();

  outcome(delivery: SetDelivery, make: () => SetOutcome): SetOutcome {
    let o = this.outcomes.get(delivery);
    if (!o) this.outcomes.set(delivery, (o = make()));
    return o;
  }

  private readonly decided = new Map<SetDelivery, MemoSet>();

  /**
   * A shared delivery decided, with what every answer holding it among its own sets reads of it:
   * its outcome, its installed form, its place in the answer's order and its rows when its choice
   * carries nothing (one lookup per set and answer, made once per delivery).
   */
  set(delivery: SetDelivery, rank: number, make: () => SetOutcome): MemoSet {
    let m = this.decided.get(delivery);
    if (m) return m;
    const outcome = this.outcome(delivery, make);
    m = { outcome, installed: isInstalled(outcome) ? installedOf(outcome) : null, key: orderKey(rank, delivery.set), plain: [null, null] };
    this.decided.set(delivery, m);
    return m;
  }

  /**
   * The set's candidates (its rows' counts, and the rows made when read: `lazyRows`), made once
   * for every answer that reads them alike.
   */
  entry(e: SetOutcome, carries: boolean, conflicting: boolean): CandidateSet {
    let byFlags = this.entries.get(e);
    if (!byFlags) this.entries.set(e, (byFlags = []));
    const k = Number(carries) * 2 + Number(conflicting);
    return (byFlags[k] ??= candidateSet(e, lazyRows(verdictsMaker(e, carries, conflicting))));
  }
}

/**
 * What of an exit node selection decides an exit set (`setOutcome` reads nothing else of it), as a
 * number: none, or whether the set's network is active and whether it is an unpaired `-v6` exit.
 */
export function selectionVariant(set: SimSet, exits: ExitSelection | null): number {
  if (exits === null) return 0;
  const id = set.networkId;
  return 1 + Number(exits.active.has(id)) * 2 + Number(exits.unpairedV6.has(id));
}

/** What the client does with one covering HA set. */
export interface SetOutcome {
  readonly delivery: SetDelivery;
  readonly rank: number;
  readonly status: 'not-received' | 'local' | 'refused' | 'exit-inactive' | 'installed';
  readonly refusal: Refusal | null;
  /** Received routes the client may use in this set (an unpaired `-v6` exit uses only its auto-apply ones). */
  readonly usable: ReadonlySet<SimRoute>;
  readonly states: ReadonlyMap<SimRoute, ResolvedState>;
  readonly scores: ReadonlyMap<SimRoute, number | null>;
  readonly choice: HaChoice<SimRoute> | null;
}

export interface ClientDecision {
  /** How the source receives each covering set, in the order found. */
  readonly sets: readonly SetOutcome[];
  /** The exit node selection, when a covering exit set is received as a client route. */
  readonly exits: ExitSelection | null;
  /** The exit sets as the source receives them, when `exits` is there. */
  readonly exitDeliveries: readonly SetDelivery[];
  /** Which installed set carries the destination. */
  readonly carrier: Decision;
  /**
   * The candidates of each set, the most specific set first (then by key); the answer lists them in
   * this order. With shared sets, a view of the class's list with the source's own merged in, read
   * by index without copying the shared part (`MergedList`).
   */
  readonly candidates: ListView<CandidateSet>;
  /**
   * Sets decided once for the source's class (`Found.shared`): `sets` holds the source's own only.
   * `special`: indexes in `candidates` of the sets not as the class has them (the source's own, and
   * shared ones whose choice carries the destination for it), ascending: no other set has a row
   * that carries the destination. `rows`: the candidate rows of every set, all told.
   */
  readonly shared?: { readonly decided: SharedDecision; readonly part: SharedPart; readonly special: readonly number[]; readonly rows: number };
}

/** One set's candidates, and how many of its rows have each cut rank (`cutRank`). */
export interface CandidateSet {
  readonly set: SetOutcome;
  readonly rows: VerdictRows;
  readonly counts: readonly number[];
}

const EMPTY_ROUTES: ReadonlySet<SimRoute> = new Set();
const EMPTY_STATES: ReadonlyMap<SimRoute, ResolvedState> = new Map();
const EMPTY_SCORES: ReadonlyMap<SimRoute, number | null> = new Map();

/** What deciding needs besides the sets: the source's deliveries, the overlay and the user's choices. */
export interface DecisionContext {
  readonly deliveries: SourceDeliveries;
  readonly overlay: Overlay;
  readonly options: SimulationOptions;
  /** Does the source's client refuse prefixes it cannot route (desktop and server clients, §5)? */
  readonly refusesPrefixes: boolean;
  /** The state of a routing peer as the source's client sees it. */
  stateOf(peerId: string): ResolvedState;
  /** Outcomes of deliveries shared with other sources of the question (explained answers only). */
  readonly memo?: DecisionMemo;
}

/**
 * The client's decision over the sets covering the destination. `covering`: how the source
 * receives each of `found.sets`, in the same order. `allRows`: candidates for every route, not
 * only those the source holds (an explained answer lists why the others are not delivered).
 */
export function decideFor(ctx: DecisionContext, found: Found, covering: readonly SetDelivery[], allRows: boolean): ClientDecision {
  if (found.shared) return decideShared(ctx, found, covering, found.shared);
  const { exits, exitDeliveries } = exitSelectionOf(ctx, covering);
  const memo = allRows ? ctx.memo : undefined;
  const memoOf = (d: SetDelivery): DecisionMemo | undefined => (memo?.keeps(d, exits !== null) ? memo : undefined);
  const sets = found.sets.map((f, i) => {
    const d = covering[i]!;
    return memoOf(d)?.decide(d, exits, ctx.refusesPrefixes, () => setOutcome(ctx, d, f.rank, exits)) ?? setOutcome(ctx, d, f.rank, exits);
  });
  const carrier = decide(sets.filter(isInstalled).map(installedOf));
  const ordered = [...sets].sort(compareSetOutcomes);
  const carrying = carryingSets(carrier);
  const conflicting = carrier.kind === 'routed' && carrier.deciding.length > 1 && carrier.nondeterministic;
  // A memoised set's candidates are the memo's (counted once, its rows made when read).
  const candidatesOf = (set: SetOutcome): CandidateSet => {
    const carries = carrying.has(set.delivery.set);
    if (set.delivery instanceof TemplatedDelivery && allRows) return candidateSet(set, templatedRows(set, set.delivery, carries, conflicting));
    return memoOf(set.delivery)?.entry(set, carries, conflicting) ?? candidateSet(set, verdicts(set, carries, conflicting, allRows));
  };
  const candidates = ordered.map(candidatesOf);
  return { sets, exits, exitDeliveries, carrier, candidates };
}

const NO_SETS: readonly SetDelivery[] = Object.freeze([]);
const NO_EXITS = Object.freeze({ exits: null, exitDeliveries: Object.freeze([]) });

/**
 * The exit node selection and every exit set as the source receives it: only when a covering exit
 * set is received as a client route (`sharedReceived`: one of the shared sets is).
 */
function exitSelectionOf(ctx: DecisionContext, covering: readonly SetDelivery[], sharedReceived = false): { readonly exits: ExitSelection | null; readonly exitDeliveries: readonly SetDelivery[] } {
  if (!sharedReceived && !covering.some((d) => d.set.isExit && d.received.length > 0)) return NO_EXITS;
  const x = ctx.deliveries.exits(ctx.options.exitNode);
  return { exits: x.selection, exitDeliveries: x.deliveries };
}

/** `remember`: the rows may be read again by other answers (their counts are kept with them). */
function candidateSet(set: SetOutcome, rows: VerdictRows, remember = true): CandidateSet {
  return { set, rows, counts: rowCounts(rows, remember) };
}

function installedOf(e: SetOutcome): InstalledSet {
  return { set: e.delivery.set, rank: e.rank, local: e.delivery.local, choice: e.choice };
}

function isInstalled(e: SetOutcome): boolean {
  return e.status === 'installed' || e.status === 'local';
}

/** The order of installed sets: the most specific first, then by key (sets are numbered in key order). */
function compareInstalled(a: InstalledSet, b: InstalledSet): number {
  return b.rank - a.rank || compareStrings(a.set.key, b.set.key);
}

/** The order of sets in an answer (rank, then key, see `compareSetOutcomes`) as one number: lower first. */
function orderKey(rank: number, set: Pick<SimSet, 'index'>): number {
  return -rank * 4194304 + set.index;
}

/** The shared sets decided, once per class (see `SharedSets`). */
function sharedDecision(ctx: DecisionContext, memo: DecisionMemo, base: SharedSets): SharedDecision {
  if (base.decided) return base.decided;
  const outcomes = base.sets.map((f, i) => {
    const d = base.deliveries[i]!;
    const make = (): SetOutcome => setOutcome(ctx, d, f.rank, base.exits);
    return d.set.isExit ? memo.decide(d, base.exits, ctx.refusesPrefixes, make) : memo.outcome(d, make);
  });
  const installedIdx = outcomes.map((_, i) => i).filter((i) => isInstalled(outcomes[i]!));
  const installedSets = installedIdx.map((i) => installedOf(outcomes[i]!));
  const byInstalled = installedIdx.map((_, k) => k).sort((a, b) => compareInstalled(installedSets[a]!, installedSets[b]!));
  const installedAt = new Int32Array(outcomes.length).fill(-1);
  byInstalled.forEach((k, at) => (installedAt[installedIdx[k]!] = at));
  const entries = outcomes.map((e) => memo.entry(e, false, false));
  const byEntry = entries.map((_, i) => i).sort((a, b) => compareSetOutcomes(entries[a]!.set, entries[b]!.set));
  const entryAt = new Int32Array(outcomes.length);
  byEntry.forEach((i, at) => (entryAt[i] = at));
  const facts = new Uint8Array(outcomes.length);
  const factCounts = new Array<number>(FACTS).fill(0);
  outcomes.forEach((e, i) => {
    facts[i] = factsOf(e);
    for (let b = 0; b < FACTS; b++) if (facts[i]! & (1 << b)) factCounts[b]!++;
  });
  const installed = byInstalled.map((k) => installedSets[k]!);
  const sorted = byEntry.map((i) => entries[i]!);
  const installedKeys = Float64Array.from(installed, (s) => orderKey(s.rank, s.set));
  const entryKeys = Float64Array.from(sorted, (e) => orderKey(e.set.rank, e.set.delivery.set));
  const rows = entries.reduce((n, e) => n + e.rows.length, 0);
  const localInstalled = installed.some((s) => s.local.length > 0);
  base.decided = { outcomes, installed, installedAt, entries: sorted, entryAt, installedKeys, entryKeys, rows, localInstalled, facts, factCounts };
  return base.decided;
}

/**
 * `decideFor` with shared sets: the source's own sets decided (and memoised) as usual, the
 * shared ones taken as decided for the class, but for those whose choice carries the destination
 * for this source (their rows then differ). Merged in order without sorting the shared ones again.
 */
function decideShared(ctx: DecisionContext, found: Found, covering: readonly SetDelivery[], part: SharedPart): ClientDecision {
  const memo = ctx.memo;
  if (!memo) throw new Error('shared sets are decided for explained answers only');
  const decided = sharedDecision(ctx, memo, part.base);
  // The covering exit sets, the source's own or shared (split.ts), are decided under its exit node
  // selection, the shared ones as it decides them (`selectionVariant`). No other set rests on it.
  const { exits, exitDeliveries } = exitSelectionOf(ctx, part.exits ? covering : NO_SETS, part.base.exitReceived);
  const alone = part.alone;
  // One memo lookup per set: its outcome, installed form and place in the order come with it.
  const n = found.sets.length;
  const sets: SetOutcome[] = new Array<SetOutcome>(n);
  const made: (MemoSet | null)[] = new Array<MemoSet | null>(n);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = found.sets[i]!;
    const d = covering[i]!;
    if (part.exits && d.set.isExit) {
      const make = (): SetOutcome => setOutcome(ctx, d, f.rank, exits);
      sets[i] = alone[i] ? make() : memo.decide(d, exits, ctx.refusesPrefixes, make);
      made[i] = null;
      keys[i] = orderKey(f.rank, d.set);
    } else if (alone[i]) {
      sets[i] = setOutcome(ctx, d, f.rank, null);
      made[i] = null;
      keys[i] = orderKey(f.rank, d.set);
    } else {
      const m = memo.set(d, f.rank, () => setOutcome(ctx, d, f.rank, null));
      sets[i] = m.outcome;
      made[i] = m;
      keys[i] = m.key;
    }
  }
  // The answer's order of the source's own sets (their keys are distinct: one per set). Found in
  // order where the covering sets come so (an address's sets, most specific first, then by key).
  const order = Array.from({ length: n }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (!sorted) order.sort((a, b) => keys[a]! - keys[b]!);
  const own: InstalledSet[] = [];
  const ownKeys: number[] = [];
  const ownInstalled: (InstalledSet | null)[] = new Array<InstalledSet | null>(n);
  for (const i of order) {
    const m = made[i];
    const installed = m ? m.installed : isInstalled(sets[i]!) ? installedOf(sets[i]!) : null;
    ownInstalled[i] = installed;
    if (!installed) continue;
    own.push(installed);
    ownKeys.push(keys[i]!);
  }
  const drop = part.excluded.map((i) => decided.installedAt[i]!).filter((at) => at >= 0).sort((a, b) => a - b);
  const tiers = tiersOf(decided);
  const carrier = localDecision(decided, drop, own, ownKeys) ?? decideTiered(tiers, drop, own, ownKeys);
  const conflicting = carrier.kind === 'routed' && carrier.deciding.length > 1 && carrier.nondeterministic;
  // The source's own sets that carry the destination: the deciding ones of its tier with a peer
  // (decideTiered takes every such set of the tier), or the set it serves there.
  const decidingRank = carrier.kind === 'routed' ? carrier.deciding[0]!.rank : NaN;
  const carries = (s: InstalledSet | null): boolean =>
    s !== null && (carrier.kind === 'local' ? s === carrier.via : carrier.kind === 'routed' && s.rank === decidingRank && s.local.length === 0 && hasPeer(s));
  const entryOf = (set: SetOutcome, carries: boolean, mine: boolean): CandidateSet =>
    set.delivery instanceof TemplatedDelivery
      ? candidateSet(set, templatedRows(set, set.delivery, carries, conflicting))
      : mine
        ? candidateSet(set, verdicts(set, carries, conflicting, true), false)
        : memo.entry(set, carries, conflicting);
  const ownEntries: CandidateSet[] = [];
  const ownEntryKeys: number[] = [];
  for (const i of order) {
    const ownCarries = carries(ownInstalled[i]!);
    const m = made[i];
    let entry: CandidateSet;
    // A memoised set is never templated (only a set the source serves is): its plain rows are kept with it.
    if (m && !ownCarries) entry = m.plain[Number(conflicting)] ??= entryOf(m.outcome, false, false);
    else entry = entryOf(sets[i]!, ownCarries, alone[i] === 1);
    ownEntries.push(entry);
    ownEntryKeys.push(keys[i]!);
  }
  // Shared sets whose choice carries the destination for this source (every one of the deciding
  // tier with a peer, less those it drops): their rows are as every source deciding there has them.
  const tier = carrier.kind === 'routed' ? tiers.tierOf(decidingRank) : -1;
  const carried = tier >= 0 ? carriedTier(decided, tiers, tier, conflicting, (e) => entryOf(e, true, false)) : null;
  const dropped = edits<CandidateSet>(part.excluded.map((i) => decided.entryAt[i]!), []);
  const candidates = carried ? new MergedList(carried.entries, decided.entryKeys, dropped, ownEntries, ownEntryKeys, carried.entries.length, carried.marked) : new MergedList(decided.entries, decided.entryKeys, dropped, ownEntries, ownEntryKeys);
  const special = candidates.special;
  let rows = decided.rows;
  for (const i of part.excluded) rows -= decided.entries[decided.entryAt[i]!]!.rows.length;
  for (const e of ownEntries) rows += e.rows.length;
  return { sets, exits, exitDeliveries, carrier, candidates, shared: { decided, part, special, rows } };
}

const sharedTiers = new WeakMap<SharedDecision, SharedTiers>();

/** The shared installed sets by tier, made once per shared decision (every member of the class decides over them). */
function tiersOf(decided: SharedDecision): SharedTiers {
  let tiers = sharedTiers.get(decided);
  if (!tiers) sharedTiers.set(decided, (tiers = new SharedTiers(decided.installed, decided.installedKeys)));
  return tiers;
}

/** A shared decision's entries with those of one tier's sets with a peer as they carry the destination (`entries`), and their indexes there (`marked`, ascending). */
interface CarriedTier {
  readonly entries: readonly CandidateSet[];
  readonly marked: readonly number[];
}

const carriedTiers = new WeakMap<SharedDecision, Map<number, CarriedTier>>();

/**
 * The shared entries as every source of the class deciding at `tier` reads them (`conflicting`:
 * identical prefixes disagree), made once per shared decision, tier and conflict: a source drops
 * a few of them and merges its own, where it would otherwise look up and replace each of the
 * tier's sets (hundreds on a covering account) one by one. `carriedEntry`: a set's carrying entry.
 */
function carriedTier(decided: SharedDecision, tiers: SharedTiers, tier: number, conflicting: boolean, carriedEntry: (e: SetOutcome) => CandidateSet): CarriedTier {
  let byTier = carriedTiers.get(decided);
  if (!byTier) carriedTiers.set(decided, (byTier = new Map()));
  const key = tier * 2 + Number(conflicting);
  let carried = byTier.get(key);
  if (carried) return carried;
  const baseOf = new Int32Array(decided.installed.length);
  decided.installedAt.forEach((at, i) => {
    if (at >= 0) baseOf[at] = i;
  });
  const entries = [...decided.entries];
  const marked: number[] = [];
  for (const at of tiers.peersOf(tier).withPeer) {
    const i = baseOf[at]!;
    const e = decided.entryAt[i]!;
    entries[e] = carriedEntry(decided.outcomes[i]!);
    marked.push(e);
  }
  byTier.set(key, (carried = { entries, marked: marked.sort((a, b) => a - b) }));
  return carried;
}

/** Edits of a sorted list by index, ascending: null drops the item, an item replaces it. */
function edits<T>(drop: readonly number[], replace: readonly [number, T][]): [number, T | null][] {
  const out: [number, T | null][] = [...drop.map((at): [number, T | null] => [at, null]), ...replace];
  return out.sort((a, b) => a[0] - b[0]);
}

/** Where each of `extraKeys` goes among `keys` (both ascending): the index of the first key not below it. */
function insertionPoints(keys: Float64Array, extraKeys: readonly number[], end = keys.length): number[] {
  return extraKeys.map((k) => lowerBound(keys, k, end));
}

function lowerBound(keys: Float64Array, k: number, end = keys.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NO_INDEXES: readonly number[] = Object.freeze([]);

/** A list read by index: an array, or a `MergedList`. */
export interface ListView<T> {
  readonly length: number;
  at(i: number): T | undefined;
  slice(start?: number, end?: number): T[];
}

/**
 * `base` (its order keys `keys`, ascending) with `edits` applied and `extra` (keys `extraKeys`,
 * ascending) merged in, an extra equal to an item dropped in its place, built only as far as it
 * is read (a member of a class reads a few sets of the class's thousands): `special` holds the indexes of the extras and replacements in it, found
 * from the edits and extras alone. `end`: the part of `base` taken (its first `end` items).
 */
export class MergedList<T> implements ListView<T> {
  readonly length: number;
  readonly special: number[] = [];
  private readonly out: T[] = [];
  private readonly extraAt: number[];
  private i = 0;
  private e = 0;
  private x = 0;

  constructor(
    private readonly base: readonly T[],
    keys: Float64Array,
    private readonly edit: readonly [number, T | null][],
    private readonly extra: readonly T[],
    extraKeys: readonly number[],
    private readonly end = base.length,
    marked: readonly number[] = NO_INDEXES,
  ) {
    this.extraAt = insertionPoints(keys, extraKeys, end);
    // Where each extra, replacement and marked item kept lands: the base items before it, less those dropped, plus the extras before it.
    let pos = 0;
    let prev = 0;
    let dropped = 0;
    for (let x = 0, e = 0, m = 0; x < extra.length || e < edit.length || (m < marked.length && marked[m]! < end); ) {
      const nextX = x < extra.length ? this.extraAt[x]! : Infinity;
      const nextE = e < edit.length ? edit[e]![0] : Infinity;
      const nextM = m < marked.length && marked[m]! < end ? marked[m]! : Infinity;
      if (nextX <= nextE && nextX <= nextM) {
        pos += nextX - prev;
        prev = nextX;
        this.special.push(pos++);
        x++;
        continue;
      }
      if (nextE <= nextM) {
        pos += nextE - prev;
        prev = nextE + 1;
        if (edit[e]![1] !== null) this.special.push(pos++);
        else dropped++;
        e++;
        // An edit of a marked item decides it.
        if (nextM === nextE) m++;
        continue;
      }
      pos += nextM - prev;
      prev = nextM + 1;
      this.special.push(pos++);
      m++;
    }
    this.length = end - dropped + extra.length;
  }

  at(k: number): T | undefined {
    if (k < 0 || k >= this.length) return undefined;
    if (k >= this.out.length) this.fill(k + 1);
    return this.out[k];
  }

  slice(start = 0, end = this.length): T[] {
    this.fill(Math.min(end, this.length));
    return this.out.slice(start, end);
  }

  /** Builds the list up to `n` items. */
  private fill(n: number): void {
    const { base, edit, extra, extraAt, out } = this;
    while (out.length < n) {
      if (this.x < extra.length && extraAt[this.x] === this.i) {
        out.push(extra[this.x++]!);
        continue;
      }
      if (this.i >= this.end) break;
      if (this.e < edit.length && edit[this.e]![0] === this.i) {
        const item = edit[this.e++]![1];
        this.i++;
        if (item !== null) out.push(item);
        continue;
      }
      out.push(base[this.i++]!);
    }
  }
}

/**
 * `decide` over the shared installed sets (`drop`: indexes left out, ascending) and the source's
 * own (`own`, keys `ownKeys`, in order) when the most specific tier holds a set the source serves:
 * the tier is a view (`MergedList`), not a copy of the shared sets. Null in any other case
 * (then `decide` over the merged list).
 */
function localDecision(decided: SharedDecision, drop: readonly number[], own: readonly InstalledSet[], ownKeys: readonly number[]): Decision | null {
  if (decided.localInstalled) return null;
  const installed = decided.installed;
  let first = 0;
  for (let d = 0; d < drop.length && drop[d] === first; d++) first++;
  const rank = Math.max(first < installed.length ? installed[first]!.rank : -Infinity, own.length > 0 ? own[0]!.rank : -Infinity);
  let top = 0;
  while (top < own.length && own[top]!.rank === rank) top++;
  // Shared sets are never the source's own: the first own set of the top rank serving it is the one `decide` finds.
  const via = own.slice(0, top).find((s) => s.local.length > 0);
  if (!via) return null;
  // The shared sets of that rank: their keys are below those of any lower rank.
  const end = lowerBound(decided.installedKeys, orderKey(rank - 1, { index: 0 }));
  const cut: [number, InstalledSet | null][] = [];
  for (const at of drop) if (at < end) cut.push([at, null]);
  return { kind: 'local', top: new MergedList(installed, decided.installedKeys, cut, own.slice(0, top), ownKeys.slice(0, top), end), via };
}

/** The order an answer lists sets in: the most specific first, then by key. */
export function compareSetOutcomes(a: SetOutcome, b: SetOutcome): number {
  return b.rank - a.rank || compareStrings(a.delivery.set.key, b.delivery.set.key);
}

/** A set the client installs nothing for. */
function unused(delivery: SetDelivery, rank: number, status: SetOutcome['status'], refusal: Refusal | null = null): SetOutcome {
  return { delivery, rank, status, refusal, usable: EMPTY_ROUTES, states: EMPTY_STATES, scores: EMPTY_SCORES, choice: null };
}

/**
 * The outcome and rows of a set the source holds no route of (neither received nor served): they
 * rest on its delivery alone, whatever the rest of the decision (split.ts shares them).
 */
export function unheldSet(delivery: SetDelivery, rank: number): { readonly set: SetOutcome; readonly rows: readonly CandidateVerdict[] } {
  if (delivery.local.length > 0 || delivery.received.length > 0) throw new Error(`the source holds a route of ${delivery.set.key}`);
  const set = unused(delivery, rank, 'not-received');
  return { set, rows: verdicts(set, false, false, true) };
}

function setOutcome(ctx: DecisionContext, delivery: SetDelivery, rank: number, exits: ExitSelection | null): SetOutcome {
  const set = delivery.set;
  if (delivery.local.length > 0) return unused(delivery, rank, 'local');
  if (delivery.received.length === 0) return unused(delivery, rank, 'not-received');
  if (set.isExit && exits && !exits.active.has(set.networkId)) return unused(delivery, rank, 'exit-inactive');
  const refusal = set.network && ctx.refusesPrefixes ? clientRefusal(set.network, ctx.overlay) : null;
  if (refusal) return unused(delivery, rank, 'refused', refusal);
  const routes = exits?.unpairedV6.has(set.networkId) ? delivery.received.filter((r) => !r.route.skipAutoApply) : delivery.received;
  // Arrays in the routes' order behind the set and maps: the memo keeps this outcome for the whole question.
  const n = routes.length;
  const states = new Array<ResolvedState>(n);
  const scores = new Array<number | null>(n);
  const scored = new Array<ScoredCandidate<SimRoute>>(n);
  for (let i = 0; i < n; i++) {
    const r = routes[i]!;
    const resolved = ctx.stateOf(r.peerId!);
    states[i] = resolved;
    const score = resolved.state ? clientScore(r.route.metric, resolved.state) : null;
    scores[i] = score;
    scored[i] = { item: r, peerId: r.peerId!, score };
  }
  const choice = chooseInHaSet(scored, ctx.options.currentPeerId);
  const index = new RouteIndex(routes);
  return { delivery, rank, status: 'installed', refusal: null, usable: new RouteSet(index), states: new RouteValues(index, states), scores: new RouteValues(index, scores), choice };
}

/** The sets whose choice reaches the destination: those deciding it, or the source's own. */
function carryingSets(carrier: Decision): ReadonlySet<SimSet> {
  if (carrier.kind === 'routed') return new Set(carrier.deciding.map((s) => s.set));
  if (carrier.kind === 'local') return new Set([carrier.via.set]);
  return new Set();
}

/**
 * How the memo makes a set's rows again when read (`lazyRows` keeps it for the whole question):
 * made here, so it holds the set and two flags, not the context of the answer that asked first
 * (its states, its decision), which a closure made inside that answer's code would keep alive.
 */
function verdictsMaker(e: SetOutcome, carries: boolean, conflicting: boolean): () => readonly CandidateVerdict[] {
  return () => verdicts(e, carries, conflicting, true);
}

/** The verdict of each candidate of one set; `carries`: the set's choice reaches the destination; `conflicting`: identical prefixes disagree. */
function verdicts(e: SetOutcome, carries: boolean, conflicting: boolean, allRows: boolean): CandidateVerdict[] {
  const rows: CandidateVerdict[] = [];
  // Every row from the codes where the delivery was made row by row, without making (and keeping)
  // its `all`: a covering account's class deliveries hold a row per route and peer, read here only.
  const codes = allRows ? rowCodesOf(e.delivery) : null;
  if (codes) {
    const routes = e.delivery.set.routes;
    for (let i = 0; i < codes.length; i++) rows.push(verdictOf(e, routes[i]!, codes[i]!, carries, conflicting));
    return rows;
  }
  // Without explanations, only the routes the client holds: not-delivered ones are not part of its decision.
  for (const { route, delivery } of allRows ? e.delivery.all : e.delivery.held) rows.push(verdictOf(e, route, delivery, carries, conflicting));
  return rows;
}

/** The verdict of one candidate of a set (see `verdicts`). */
function verdictOf(e: SetOutcome, route: SimRoute, delivery: Delivery, carries: boolean, conflicting: boolean): CandidateVerdict {
  const row = (reason: CandidateReason, eligible: boolean, score: number | null): CandidateVerdict => ({ route, delivery, reason, eligible, score });
  if (delivery === 'local') return row(carries ? 'local' : 'shadowed', true, null);
  if (delivery !== 'received') return row(delivery, false, null);
  if (e.status === 'refused') return row('refused', false, null);
  if (e.status === 'exit-inactive' || !e.usable.has(route)) return row('exit-node-inactive', false, null);
  if (e.states.get(route)!.state === null) return row('no-state', false, null);
  const score = e.scores.get(route) ?? null;
  if (score === null) return row('connecting', false, null);
  return row(scoredReason(e, route, score, carries, conflicting), true, score);
}

/** A templated set's rows (`patchedRows`), its patched rows decided as `verdicts` decides them. */
function templatedRows(e: SetOutcome, d: TemplatedDelivery, carries: boolean, conflicting: boolean): PatchedRows {
  return patchedRows(d, (route, delivery) => verdictOf(e, route, delivery, carries, conflicting));
}

/** The reason of a candidate the client scored: where it stands in its set, and whether its set carries the destination. */
function scoredReason(e: SetOutcome, route: SimRoute, score: number, carries: boolean, conflicting: boolean): CandidateReason {
  const standing = standingOf(e.choice!, route, score);
  if (standing !== 'winner') return standing;
  if (!carries) return 'shadowed';
  if (conflicting) return 'conflict';
  return e.choice!.kind === 'tied' ? 'tied' : 'selected';
}

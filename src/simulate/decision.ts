// The client's decision for one source and one destination, as data, computed once: which covering
// HA sets it receives, installs or refuses (docs/netbird-behaviour.md §5), which exit node is active (§6), the HA
// choice in each set (score and stickiness, §4), the set that carries the destination (longest
// prefix, fallback, conflicts: select.ts), and so where every candidate route stands. The answer
// (outcome.ts) and its prose (explain.ts) are rendered from it and never decide anything again.
import type { Addr } from '../net/prefix.js';
import { clientRefusal, type Overlay, type Refusal } from '../model/overlay.js';
import type { Traffic } from '../model/route-access.js';
import type { CandidateReason } from './answer.js';
import type { Delivery, SetDelivery, SimRoute, SimSet } from './distribution.js';
import type { ApexMiss } from './domain.js';
import type { ExitSelection } from './exit.js';
import type { PeerStates, ResolvedState } from './peer-states.js';
import { chooseInHaSet, clientScore, standingOf, type HaChoice, type ScoredCandidate } from './score.js';
import { decide, type Decision, type InstalledSet } from './select.js';
import type { SourceDeliveries } from './source-deliveries.js';
import { compareStrings } from '../order.js';

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

/**
 * Set outcomes and candidate rows shared by the answers of one question (split.ts): a delivery
 * shared by many sources is decided once. Valid for one question's options and peer states, and
 * for sources whose clients refuse prefixes alike.
 */
export class DecisionMemo {
  private readonly outcomes = new WeakMap<SetDelivery, SetOutcome>();
  private readonly rows = new WeakMap<SetOutcome, (readonly CandidateVerdict[] | undefined)[]>();

  outcome(delivery: SetDelivery, make: () => SetOutcome): SetOutcome {
    let o = this.outcomes.get(delivery);
    if (!o) this.outcomes.set(delivery, (o = make()));
    return o;
  }

  verdicts(e: SetOutcome, carries: boolean, conflicting: boolean, make: () => readonly CandidateVerdict[]): readonly CandidateVerdict[] {
    let byFlags = this.rows.get(e);
    if (!byFlags) this.rows.set(e, (byFlags = []));
    const k = Number(carries) * 2 + Number(conflicting);
    return (byFlags[k] ??= make());
  }
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

/** Where one candidate (one route, one routing peer) stands in the decision. */
export interface CandidateVerdict {
  readonly route: SimRoute;
  readonly delivery: Delivery;
  readonly reason: CandidateReason;
  /** Received and installed by the source, with a peer the client can use. */
  readonly eligible: boolean;
  readonly score: number | null;
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
  /** The candidates of each set, the most specific set first (then by key); the answer lists them in this order. */
  readonly candidates: readonly { readonly set: SetOutcome; readonly rows: readonly CandidateVerdict[] }[];
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
  // Exit nodes: only when a covering exit set is received as a client route.
  let exits: ExitSelection | null = null;
  let exitDeliveries: readonly SetDelivery[] = [];
  if (covering.some((d) => d.set.isExit && d.received.length > 0)) {
    const x = ctx.deliveries.exits(ctx.options.exitNode);
    exits = x.selection;
    exitDeliveries = x.deliveries;
  }
  const memo = exits === null && allRows ? ctx.memo : undefined;
  const sets = found.sets.map((f, i) => (memo ? memo.outcome(covering[i]!, () => setOutcome(ctx, covering[i]!, f.rank, null)) : setOutcome(ctx, covering[i]!, f.rank, exits)));
  const installed: InstalledSet[] = sets
    .filter((e) => e.status === 'installed' || e.status === 'local')
    .map((e) => ({ set: e.delivery.set, rank: e.rank, local: e.delivery.local, choice: e.choice }));
  const carrier = decide(installed);
  const ordered = [...sets].sort(compareSetOutcomes);
  const carrying = carryingSets(carrier);
  const conflicting = carrier.kind === 'routed' && carrier.deciding.length > 1 && carrier.nondeterministic;
  const rowsOf = (set: SetOutcome): readonly CandidateVerdict[] => {
    const carries = carrying.has(set.delivery.set);
    return memo ? memo.verdicts(set, carries, conflicting, () => verdicts(set, carries, conflicting, true)) : verdicts(set, carries, conflicting, allRows);
  };
  const candidates = ordered.map((set) => ({ set, rows: rowsOf(set) }));
  return { sets, exits, exitDeliveries, carrier, candidates };
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
  const usable = new Set(exits?.unpairedV6.has(set.networkId) ? delivery.received.filter((r) => !r.route.skipAutoApply) : delivery.received);
  const states = new Map<SimRoute, ResolvedState>();
  const scores = new Map<SimRoute, number | null>();
  const scored: ScoredCandidate<SimRoute>[] = [];
  for (const r of usable) {
    const resolved = ctx.stateOf(r.peerId!);
    states.set(r, resolved);
    const score = resolved.state ? clientScore(r.route.metric, resolved.state) : null;
    scores.set(r, score);
    scored.push({ item: r, peerId: r.peerId!, score });
  }
  const choice = chooseInHaSet(scored, ctx.options.currentPeerId);
  return { delivery, rank, status: 'installed', refusal: null, usable, states, scores, choice };
}

/** The sets whose choice reaches the destination: those deciding it, or the source's own. */
function carryingSets(carrier: Decision): ReadonlySet<SimSet> {
  if (carrier.kind === 'routed') return new Set(carrier.deciding.map((s) => s.set));
  if (carrier.kind === 'local') return new Set([carrier.via.set]);
  return new Set();
}

/** The verdict of each candidate of one set; `carries`: the set's choice reaches the destination; `conflicting`: identical prefixes disagree. */
function verdicts(e: SetOutcome, carries: boolean, conflicting: boolean, allRows: boolean): CandidateVerdict[] {
  const rows: CandidateVerdict[] = [];
  const row = (route: SimRoute, delivery: Delivery, reason: CandidateReason, eligible: boolean, score: number | null): void => {
    rows.push({ route, delivery, reason, eligible, score });
  };
  // Without explanations, only the routes the client holds: not-delivered ones are not part of its decision.
  for (const { route, delivery } of allRows ? e.delivery.all : e.delivery.held) {
    if (delivery === 'local') row(route, delivery, carries ? 'local' : 'shadowed', true, null);
    else if (delivery !== 'received') row(route, delivery, delivery, false, null);
    else if (e.status === 'refused') row(route, delivery, 'refused', false, null);
    else if (e.status === 'exit-inactive' || !e.usable.has(route)) row(route, delivery, 'exit-node-inactive', false, null);
    else if (e.states.get(route)!.state === null) row(route, delivery, 'no-state', false, null);
    else {
      const score = e.scores.get(route) ?? null;
      if (score === null) row(route, delivery, 'connecting', false, null);
      else row(route, delivery, scoredReason(e, route, score, carries, conflicting), true, score);
    }
  }
  return rows;
}

/** The reason of a candidate the client scored: where it stands in its set, and whether its set carries the destination. */
function scoredReason(e: SetOutcome, route: SimRoute, score: number, carries: boolean, conflicting: boolean): CandidateReason {
  const standing = standingOf(e.choice!, route, score);
  if (standing !== 'winner') return standing;
  if (!carries) return 'shadowed';
  if (conflicting) return 'conflict';
  return e.choice!.kind === 'tied' ? 'tied' : 'selected';
}

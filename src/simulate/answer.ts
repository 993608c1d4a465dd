// Simulator answers are data, after Batfish: a disposition from a closed vocabulary, the chosen
// peer and route, every candidate that was considered, a trace of steps and the assumptions made.
// Renderers (src/format/simulate-*.ts) turn them into text or JSON; nothing here builds output.
import type { AssumptionId } from './assumptions.js';
import type { DropReason } from './fate.js';

/** What happens to the traffic. */
export const DISPOSITIONS = ['ROUTED', 'LOCAL', 'NO_ROUTE', 'NO_ROUTING_PEER', 'DENIED', 'BLACKHOLED'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Stable machine ids of trace steps; the detail next to each is prose. */
export const TRACE_STEPS = [
  'source',
  'overlay',
  'domain-match',
  'domain-apex',
  'distribution',
  'local',
  'exit-node',
  'refused',
  'longest-prefix',
  'ha-select',
  'stickiness',
  'tie',
  'conflict',
  'fallback',
  'dropped',
  'blackhole',
  'access-control',
] as const;
export type TraceStepId = (typeof TRACE_STEPS)[number];

/** Reasons of a route the source holds (received, or served itself): the rows a brief answer keeps. */
const HELD = [
  // It carries the traffic, or might.
  'selected',
  'local',
  'tied',
  'conflict',
  // Scored by the client, but not the one used.
  'lower-score',
  'within-stickiness-margin',
  'shadowed',
  // Received, but its peer cannot be used.
  'connecting',
  'no-state',
  // Received, but the route's whole HA set is not used by the client.
  'refused',
  'exit-node-inactive',
] as const;

/** Why a candidate (one route, one routing peer) did or did not carry the traffic. */
export const CANDIDATE_REASONS = [
  ...HELD,
  // A domain route that matches only subdomains of the name.
  'apex-not-matched',
  // Not received by the source.
  'source-login-expired',
  'source-takes-no-client-routes',
  'source-without-ipv6',
  'no-routing-peer',
  'route-disabled',
  'own-ha-set',
  'routing-peer-unknown',
  'not-in-distribution-groups',
  'no-policy',
  'routing-peer-login-expired',
  'source-awaiting-approval',
  'routing-peer-awaiting-approval',
] as const;
export type CandidateReason = (typeof CANDIDATE_REASONS)[number];

export interface PeerRef {
  readonly id: string;
  readonly name: string;
}

export type RouteRef =
  | { readonly id: string; readonly network_id: string; readonly network: string }
  | { readonly id: string; readonly network_id: string; readonly domains: readonly string[] };

export interface Candidate {
  readonly route: RouteRef;
  /** Null for a route that has no routing peer at all. */
  readonly peer: PeerRef | null;
  /** Received and installed by the source, with a peer the client can use. */
  readonly eligible: boolean;
  /** NetBird's client score; null when the client does not score this candidate. */
  readonly score: number | null;
  readonly reason: CandidateReason;
  /** Prose; empty when the simulator ran without explanations. */
  readonly detail: string;
}

/** A rule that lets the source in at the routing peer's route firewall. */
export interface AllowingRuleRef {
  readonly policy: PeerRef;
  readonly rule: PeerRef;
  readonly protocol: string;
  /** Ports and ranges as the API writes them (`443`, `8000-8100`); empty means every port. */
  readonly ports: readonly string[];
  /** `unknown` when the export cannot decide the policy's posture checks for the source: assumed passed. */
  readonly posture: 'pass' | 'unknown';
}

/** The route firewall at the chosen routing peer (§8). */
export interface AccessAnswer {
  /** Does access control filter this route there (access control groups, and a peer that runs a firewall)? */
  readonly applies: boolean;
  /** The route's access control groups. */
  readonly groups: readonly PeerRef[];
  /** The rules that let this source in, for the protocol and port asked (every one, when none was). */
  readonly allowed_by: readonly AllowingRuleRef[];
}

export interface TraceStep {
  readonly step: TraceStepId;
  readonly detail: string;
}

/** The answer for one source, without the query. */
export interface Outcome {
  readonly disposition: Disposition;
  /** The routing peer that carries the traffic (the source itself for LOCAL); null when none or not determined. */
  readonly peer: PeerRef | null;
  readonly route: RouteRef | null;
  /** True when NetBird's choice depends on Go map order (exact ties, identical prefixes). */
  readonly nondeterministic: boolean;
  /** Why the chosen routing peer drops the traffic (DENIED, BLACKHOLED); null otherwise. */
  readonly drop_reason: DropReason | null;
  /** The route firewall at the chosen routing peer; null when no single routing peer carries the traffic. */
  readonly access: AccessAnswer | null;
  readonly candidates: readonly Candidate[];
  /**
   * Every candidate counted, when `candidates` was cut as it was built (`SimulationOptions.candidateLimit`:
   * `simulate` cuts a peer answer and each entry of a group answer, the rows kept as `cutCandidates`
   * keeps them); absent otherwise.
   */
  readonly candidates_total?: number;
  readonly trace: readonly TraceStep[];
  readonly assumptions: readonly string[];
  /** The id of each assumption (see assumptions.ts), in the same order. */
  readonly assumption_ids: readonly AssumptionId[];
}

export interface Query {
  readonly ip?: string;
  readonly domain?: string;
  readonly from_peer?: PeerRef;
  readonly from_group?: PeerRef;
  readonly current: PeerRef | null;
  readonly exit_node: string | null;
  /** `tcp`, `udp`, `icmp` or `all`: present only when the question gives a protocol or port. */
  readonly protocol?: string | null;
  readonly port?: number | null;
}

export interface PeerAnswer extends Outcome {
  readonly query: Query;
}

export interface GroupOutcome extends Outcome {
  /** The members of the group with exactly this outcome (with `own_routes`: this outcome but for their own routes). */
  readonly sources: readonly PeerRef[];
  /**
   * Present when routing peers that serve the destination's sets alike are merged (serving.ts):
   * each member's own routes, in the order of `sources`. The outcome is the first member's, and
   * each other member's is the same with its own routes in place of the first member's (and the
   * first member's routes where its own are); a LOCAL one then has `peer` and `route` null: each
   * member carries the traffic itself, through the first of its `routes`.
   */
  readonly own_routes?: readonly { readonly source: PeerRef; readonly routes: readonly RouteRef[] }[];
}

/**
 * What the summary reads of one outcome: a group outcome, or one kept as text (group-text.ts) with
 * its `possible` peers found when it was made.
 */
export type SummaryOutcome = Pick<GroupOutcome, 'disposition' | 'peer' | 'route' | 'nondeterministic' | 'drop_reason' | 'assumptions' | 'assumption_ids' | 'sources'> &
  ({ readonly candidates: GroupOutcome['candidates'] } | { readonly possible: readonly PeerRef[] });

/** A member that is an outcome of its own (its own LOCAL answer), left out of a group answer without being computed: `outcome` computes it. */
export interface SoleOutcome {
  readonly sole: PeerRef;
  outcome(): SummaryOutcome;
}

/**
 * What a group answer that lists only its largest outcomes (`--max-outcomes`) keeps of the
 * others: each as the summary reads it (or, never computed, a member alone in its outcome), in the
 * answer's order, and the members they hold. The summary lists as many carriers at most.
 */
export interface LeftOut {
  readonly limit: number;
  readonly outcomes: readonly (SummaryOutcome | SoleOutcome)[];
  readonly members: number;
}

export interface GroupAnswer {
  readonly query: Query;
  /** The largest outcomes first; at most `--max-outcomes` of them, the others counted in `leftOut`. */
  readonly outcomes: readonly GroupOutcome[];
  /** What is left out of `outcomes`; absent when nothing is. */
  readonly leftOut?: LeftOut;
}

/** Candidates a peer answer, or a group answer's outcome, lists at most (`simulate`); its `candidates_total` then counts them all. */
export const GROUP_CANDIDATE_LIMIT = 100;

/**
 * Candidates a group answer lists over all its members at most: past GROUP_CANDIDATE_BUDGET /
 * GROUP_CANDIDATE_LIMIT members (members of a big group may each decide their own way), each
 * outcome lists fewer, the budget shared out by member, at least one (the carrier's row comes first).
 */
export const GROUP_CANDIDATE_BUDGET = 200_000;

/** The candidates each outcome of a group answer over `members` members lists at most. */
export function groupCandidateLimit(members: number): number {
  return Math.max(1, Math.min(GROUP_CANDIDATE_LIMIT, Math.floor(GROUP_CANDIDATE_BUDGET / Math.max(1, members))));
}

/** A group outcome as `simulate --from-group` writes it: its candidates cut to the limit. */
export type ShownGroupOutcome = GroupOutcome & { readonly candidates_total?: number };

/** Rank of a reason when candidates are cut: those that carry the traffic or might, then the other rows the source holds, then the rest. */
const CARRYING: ReadonlySet<CandidateReason> = new Set<CandidateReason>(['selected', 'local', 'tied', 'conflict']);
const CUT_RANK = new Map<CandidateReason, number>(CANDIDATE_REASONS.map((r) => [r, CARRYING.has(r) ? 0 : (HELD as readonly string[]).includes(r) ? 1 : 2]));

/** Where a candidate with this reason stands when candidates are cut: lower is kept first. */
export function cutRank(reason: CandidateReason): number {
  return CUT_RANK.get(reason) ?? 2;
}

/** The indexes of the `limit` rows a cut keeps (lowest `cutRank` first, then in their order), in their order. */
export function keptRows(reasons: readonly CandidateReason[], limit: number): number[] {
  // Counting sort by rank: stable, linear.
  const byRank: number[][] = [[], [], []];
  for (let i = 0; i < reasons.length; i++) byRank[cutRank(reasons[i]!)]!.push(i);
  const kept: number[] = [];
  for (const rows of byRank) {
    for (const i of rows) {
      if (kept.length >= limit) break;
      kept.push(i);
    }
  }
  return kept.sort((a, b) => a - b);
}

/**
 * The outcome with at most `limit` candidates: those of the lowest rank (CUT_RANK) in their own
 * order, and `candidates_total` counting every one. Unchanged when it has no more than `limit`.
 */
export function cutCandidates(o: GroupOutcome, limit = GROUP_CANDIDATE_LIMIT): ShownGroupOutcome {
  if (o.candidates.length <= limit) return o;
  const kept = keptRows(o.candidates.map((c) => c.reason), limit).map((i) => o.candidates[i]!);
  // `candidates_total` goes right after `candidates`, where a reader looks for it.
  const { sources, own_routes: own } = o;
  return { sources, ...orderedOutcome({ ...o, candidates: kept }, o.candidates_total ?? o.candidates.length), ...(own ? { own_routes: own } : {}) };
}

/** Orders the fields of a peer answer as the JSON contract lists them. */
export function peerAnswer(query: Query, o: Outcome): PeerAnswer {
  return { query, ...orderedOutcome(o) };
}

/** Orders the fields of one group outcome: sources first, then the outcome's fields. */
export function groupOutcome(sources: readonly PeerRef[], o: Outcome, own?: GroupOutcome['own_routes']): GroupOutcome {
  return { sources, ...orderedOutcome(o), ...(own ? { own_routes: own } : {}) };
}

function orderedOutcome(o: Outcome, candidatesTotal = o.candidates_total): Outcome {
  return {
    disposition: o.disposition,
    peer: o.peer,
    route: o.route,
    nondeterministic: o.nondeterministic,
    drop_reason: o.drop_reason,
    access: o.access,
    candidates: o.candidates,
    ...(candidatesTotal === undefined ? {} : { candidates_total: candidatesTotal }),
    trace: o.trace,
    assumptions: o.assumptions,
    assumption_ids: o.assumption_ids,
  };
}

// Brief answers: the decision without its explanation, one line per question in `simulate --batch`.
// A brief answer is a projection of the full one (see `briefOutcome`); the simulator run without
// explanations builds only what the projection keeps.

/** Reasons of the rows of routes the source holds: the rows a brief answer keeps. */
export const HELD_REASONS: ReadonlySet<CandidateReason> = new Set<CandidateReason>(HELD);

export type BriefCandidate = Omit<Candidate, 'detail'>;

export interface BriefOutcome {
  readonly disposition: Disposition;
  readonly peer: PeerRef | null;
  readonly route: RouteRef | null;
  readonly nondeterministic: boolean;
  readonly drop_reason: DropReason | null;
  readonly access: AccessAnswer | null;
  /** The candidates the client holds, without prose. */
  readonly candidates: readonly BriefCandidate[];
  readonly assumptions: readonly string[];
  readonly assumption_ids: readonly AssumptionId[];
}

export interface BriefPeerAnswer extends BriefOutcome {
  readonly query: Query;
}

export interface BriefGroupOutcome extends BriefOutcome {
  readonly sources: readonly PeerRef[];
}

export interface BriefGroupAnswer {
  readonly query: Query;
  readonly outcomes: readonly BriefGroupOutcome[];
}

/**
 * The brief form of an outcome: no trace, no candidate detail, only the rows of routes the source
 * holds (batch.ts's `briefOf` shares one per outcome).
 */
export function briefOutcome(o: Outcome): BriefOutcome {
  return {
    disposition: o.disposition,
    peer: o.peer,
    route: o.route,
    nondeterministic: o.nondeterministic,
    drop_reason: o.drop_reason,
    access: o.access,
    candidates: o.candidates.filter((c) => HELD_REASONS.has(c.reason)).map((c) => ({ route: c.route, peer: c.peer, eligible: c.eligible, score: c.score, reason: c.reason })),
    assumptions: o.assumptions,
    assumption_ids: o.assumption_ids,
  };
}

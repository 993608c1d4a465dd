// One answer, for one source and one destination, rendered from the client's decision
// (decision.ts): the disposition and carrier, every candidate with its reason (and, explained,
// its detail), the trace (explain.ts) and the assumptions the answer rests on. The Simulator
// (simulator.ts) finds the covering sets and how the source receives them.
import { skippedWithoutCustomRouting, type Overlay } from '../model/overlay.js';
import { refusesPrefixes, routesInUserspace } from '../model/peerOs.js';
import type { PostureOverride } from '../model/posture.js';
import { portRangeText, type Traffic } from '../model/route-access.js';
import type { Model, Route } from '../model/types.js';
import { cutRank, type AccessAnswer, type Candidate, type Disposition, type Outcome, type PeerRef } from './answer.js';
import { assumption, type Assumption, type AssumptionId } from './assumptions.js';
import { anySet, compareSetOutcomes, decideFor, type ListView, FACT_IPV6, FACT_LOGIN_EXPIRED, FACT_RECEIVED, FACT_STATES, type DecisionMemo, type ClientDecision, type Destination, type Found, type SetOutcome, type SharedDecision, type SimulationOptions } from './decision.js';
import { LazyRows, PatchedRows, rowAt, rowList, rowsOfRank, type CandidateVerdict, type VerdictRows } from './rows.js';
import type { SetDelivery, SimRoute, SimSet, SourceView } from './distribution.js';
import type { ApexMiss } from './domain.js';
import { apexMissDetail, candidateDetail, Describe, fateTrace, traceOf } from './explain.js';
import { isBlackhole, packetFate, type PacketFate } from './fate.js';
import type { PeerStates, ResolvedState } from './peer-states.js';
import { stateSummary } from './state-summary.js';
import type { SourceDeliveries } from './source-deliveries.js';
import { compareStrings } from '../order.js';

/** How answers name peers, built once per peer and shared by every answer. */
export class PeerRefs {
  private readonly refs = new Map<string, PeerRef>();

  constructor(private readonly model: Model) {}

  peerRef(id: string): PeerRef {
    let ref = this.refs.get(id);
    if (!ref) this.refs.set(id, (ref = Object.freeze({ id, name: this.model.peerName(id) })));
    return ref;
  }

  private readonly orders = new WeakMap<SimSet, ReadonlyMap<SimRoute, number>>();

  /** Each route of a set by its place in `sortCandidateRows`' order (route id, peer name, peer id), computed once per set. */
  positions(set: SimSet): ReadonlyMap<SimRoute, number> {
    let at = this.orders.get(set);
    if (at) return at;
    const name = (id: string | null): string => (id === null ? '' : this.peerRef(id).name);
    const sorted = [...set.routes].sort((a, b) => compareStrings(a.ref.id, b.ref.id) || compareStrings(name(a.peerId), name(b.peerId)) || compareStrings(a.peerId ?? '', b.peerId ?? ''));
    this.orders.set(set, (at = new Map(sorted.map((r, i) => [r, i]))));
    return at;
  }

  private readonly indexOrders = new WeakMap<SimSet, Int32Array>();

  /** The indexes of a set's routes (in `set.routes`) in `positions`' order, computed once per set. */
  order(set: SimSet): Int32Array {
    let order = this.indexOrders.get(set);
    if (order) return order;
    const at = this.positions(set);
    order = new Int32Array(set.routes.length);
    set.routes.forEach((r, i) => (order![at.get(r)!] = i));
    this.indexOrders.set(set, order);
    return order;
  }
}

/** What one answer is about, besides the destination and the user's choices. */
export interface OutcomeContext {
  readonly model: Model;
  readonly names: PeerRefs;
  readonly source: SourceView;
  readonly deliveries: SourceDeliveries;
  readonly overlay: Overlay;
  readonly hasDomainRoutes: boolean;
  /** A policy with several rules names the source (§10). */
  readonly inMultiRulePolicy: boolean;
  /** Set outcomes shared with the other sources of the question (split.ts). */
  readonly memo?: DecisionMemo;
}

/** The answer for one source; `covering`: how the source receives each of `found.sets`, in the same order. */
export function outcomeOf(ctx: OutcomeContext, dest: Destination, options: SimulationOptions, found: Found, covering: readonly SetDelivery[]): Outcome {
  const explain = options.explain ?? true;
  const states = new Map<string, ResolvedState>();
  const stateOf = (peerId: string): ResolvedState => {
    let s = states.get(peerId);
    if (!s) states.set(peerId, (s = options.states.lookup(peerId)));
    return s;
  };
  const decision = decideFor({ deliveries: ctx.deliveries, overlay: ctx.overlay, options, refusesPrefixes: refusesPrefixes(ctx.source.peer), stateOf, ...(ctx.memo ? { memo: ctx.memo } : {}) }, found, covering, explain);
  const d = explain ? new Describe(ctx.model, dest, options.states.reported?.file ?? null, options.candidateLimit === undefined ? Infinity : NAMES_IN_A_CUT_ANSWER) : null;
  const carrier = carrierOf(ctx, decision);
  // Where the client sends the packet is decided; whether the routing peer forwards it is next (§3, §8).
  const fate = carrier.route && carrier.peerId ? packetFate(ctx.model, carrier.route, carrier.peerId, ctx.source.peer.id, options.traffic ?? ANY_TRAFFIC, postureOverride(options)) : null;
  const { assumptions, ids } = options.assumptions === false ? { assumptions: [], ids: [] } : assumptionList([...assumptionsOf(ctx, dest, options, found, decision), ...fateAssumptions(ctx, options, fate)]);
  const { candidates, total, boundaries } = options.carryingRowsOnly ? { candidates: carryingCandidates(ctx, d, decision), total: null } : candidatesOf(ctx, d, found, decision, options.candidateLimit);
  const outcome: Outcome = {
    disposition: fate === null || fate.delivered ? carrier.disposition : fate.reason !== null && isBlackhole(fate.reason) ? 'BLACKHOLED' : 'DENIED',
    peer: carrier.peer,
    route: carrier.ref,
    nondeterministic: carrier.nondeterministic,
    drop_reason: fate?.reason ?? null,
    access: fate ? accessAnswer(fate) : null,
    candidates,
    ...(total === null ? {} : { candidates_total: total }),
    trace: d ? [...traceOf(d, ctx.source, ctx.overlay, found, decision), ...(fate && carrier.peerId ? fateTrace(d, fate, carrier.peerId) : [])] : [],
    assumptions,
    assumption_ids: ids,
  };
  if (boundaries && boundaries.size > 0) cutAt.set(outcome, boundaries);
  return outcome;
}

const ANY_TRAFFIC: Traffic = Object.freeze({ protocol: null, port: null });

function postureOverride(options: SimulationOptions): PostureOverride | undefined {
  const given = options.posture;
  return given && given.size > 0 ? (id) => given.get(id) ?? null : undefined;
}

/** The route firewall as the answer shows it. */
function accessAnswer(fate: PacketFate): AccessAnswer {
  const { access } = fate;
  return {
    applies: access.applies,
    groups: access.groups,
    allowed_by: access.allowedBy.map((r) => ({ policy: r.policy, rule: r.rule, protocol: r.protocol, ports: r.ports.map(portRangeText), posture: r.posture })),
  };
}

/** What the packet's fate rests on that the export cannot show. */
function fateAssumptions(ctx: OutcomeContext, options: SimulationOptions, fate: PacketFate | null): Assumption[] {
  if (!fate || !fate.access.applies) return [];
  const out: Assumption[] = [];
  const unknown = [...new Set(fate.access.allowedBy.filter((r) => r.posture === 'unknown').map((r) => r.policy.name || r.policy.id))].sort(compareStrings);
  if (unknown.length > 0) out.push(assumption('posture-undecided', unknown, ctx.model.postureChecks !== null));
  if (fate.reason === 'drop-rule') out.push(assumption('drop-rule-first'));
  if (!options.traffic?.protocol && fate.delivered) out.push(assumption('any-traffic'));
  return out;
}

interface Carrier {
  readonly disposition: Disposition;
  readonly peer: PeerRef | null;
  readonly ref: Outcome['route'];
  readonly nondeterministic: boolean;
  /** The route and routing peer that carry the traffic, when one does (not LOCAL, not a nondeterministic choice). */
  readonly route: Route | null;
  readonly peerId: string | null;
}

/** The disposition, and the peer and route that carry the traffic. */
function carrierOf(ctx: OutcomeContext, decision: ClientDecision): Carrier {
  const c = decision.carrier;
  const none = (disposition: Disposition): Carrier => ({ disposition, peer: null, ref: null, nondeterministic: false, route: null, peerId: null });
  switch (c.kind) {
    case 'no-route':
      return none('NO_ROUTE');
    case 'no-peer':
      return none('NO_ROUTING_PEER');
    case 'local': {
      const ref = [...c.via.local].sort((a, b) => compareStrings(a.id, b.id))[0]!.ref;
      return { disposition: 'LOCAL', peer: ctx.names.peerRef(ctx.source.peer.id), ref, nondeterministic: false, route: null, peerId: null };
    }
    case 'routed': {
      if (c.nondeterministic) return { disposition: 'ROUTED', peer: null, ref: null, nondeterministic: true, route: null, peerId: null };
      const winners = c.deciding
        .flatMap((s) => (s.choice && s.choice.kind !== 'none' ? s.choice.winners.map((w) => w.item) : []))
        .sort((a, b) => compareStrings(a.networkId, b.networkId) || compareStrings(a.id, b.id));
      return { disposition: 'ROUTED', peer: ctx.names.peerRef(c.peerIds[0]!), ref: winners[0]!.ref, nondeterministic: false, route: winners[0]!.route, peerId: c.peerIds[0]! };
    }
  }
}

/** Peers or sets one list of a cut answer's prose names before it counts the rest. */
const NAMES_IN_A_CUT_ANSWER = 10;
/** Names `firstNames` picks one by one (at most); more are sorted. */
const FEW_NAMES = 32;

/** A candidate row not yet built: a verdict of the decision, or a route of a set that misses the name at its apex. */
type PendingRow = CandidateVerdict | { readonly route: SimRoute; readonly reason: 'apex-not-matched'; readonly miss: ApexMiss };

/** The rows of one set, built only when kept. */
interface PendingSet {
  readonly rows: readonly PendingRow[] | VerdictRows;
  /** The set's outcome; null for a set that misses the name at its apex (`miss`). */
  readonly set: SetOutcome | null;
  readonly miss?: SimSet;
  /** Rows of each cut rank, when known. */
  readonly counts?: readonly number[];
}

const keyOf = (g: PendingSet): SimSet => g.set?.delivery.set ?? g.miss!;

/** One candidate row as the answer lists it. */
function buildRow(ctx: OutcomeContext, d: Describe | null, decision: ClientDecision, g: PendingSet, p: PendingRow): Candidate {
  const peer = p.route.peerId === null ? null : ctx.names.peerRef(p.route.peerId);
  return 'miss' in p
    ? { route: p.route.ref, peer, eligible: false, score: null, reason: p.reason, detail: apexMissDetail(d!, p.miss.pattern) }
    : { route: p.route.ref, peer, eligible: p.eligible, score: p.score, reason: p.reason, detail: d ? candidateDetail(d, p, g.set!, decision.carrier) : '' };
}

/**
 * Every candidate, set by set as the decision orders them; explained, with the wildcard sets that
 * miss the name at its apex. With `limit` and more rows than it, only the rows a cut keeps
 * (`keptRows`: the lowest `cutRank` first, then in their order) are built, their detail included,
 * and `total` counts them all; otherwise `total` is null. The sets are walked without building
 * anything for those whose rows are not kept (a group's member may hold thousands of sets).
 */
function candidatesOf(ctx: OutcomeContext, d: Describe | null, found: Found, decision: ClientDecision, limit: number | undefined): { candidates: Candidate[]; total: number | null; boundaries?: ReadonlyMap<SimSet, readonly number[]> } {
  const inert = found.inert;
  let groups: ListView<PendingSet> = decision.candidates;
  // An apex miss is not a route the client holds for this name: an explanation only.
  const misses: PendingSet[] = d ? found.apexMisses.map((miss) => ({ miss: miss.set, rows: miss.set.routes.map((route) => ({ route, reason: 'apex-not-matched' as const, miss })), set: null })) : [];
  const shared = decision.shared;
  let total = inert?.rows ?? 0;
  if (shared) total += shared.rows;
  else for (let i = 0; i < groups.length; i++) total += groups.at(i)!.rows.length;
  for (const g of misses) total += g.rows.length;
  const cut = limit !== undefined && total > limit;
  // How many rows of each rank each set keeps, by the set's index in `groups`, for those that keep some.
  let quotas = new Map<number, number[]>();
  if (cut) {
    let left = limit;
    const give = (i: number, rank: number): void => {
      const c = countsOf(groups.at(i)!)[rank]!;
      if (c === 0) return;
      const q = Math.min(left, c);
      let quota = quotas.get(i);
      if (!quota) quotas.set(i, (quota = [0, 0, 0]));
      quota[rank] = q;
      left -= q;
    };
    const take = (rank: number): void => {
      for (let i = 0; i < groups.length && left > 0; i++) give(i, rank);
    };
    if (misses.length > 0) groups = [...groups.slice(0, groups.length), ...misses];
    // Rows that carry the destination are only in the sets not as the class has them.
    if (shared) for (let k = 0; k < shared.special.length && left > 0; k++) give(shared.special[k]!, 0);
    else take(0);
    take(1);
    if (inert && left > 0) {
      // Inert sets hold rows of the last rank only, and take their share of it in their place
      // among the others: only those before the point where they alone fill the cut can.
      const taken: PendingSet[] = [];
      let rows = 0;
      for (const s of inert.walk()) {
        if (rows >= left) break;
        taken.push(s);
        rows += s.rows.length;
      }
      if (taken.length > 0) {
        const before = new Map([...quotas].map(([i, q]) => [groups.at(i)!, q]));
        const merged = mergeSets(groups, taken);
        groups = merged;
        quotas = new Map();
        merged.forEach((g, i) => {
          const q = before.get(g);
          if (q) quotas.set(i, q);
        });
      }
    }
    take(2);
  } else {
    // Without a cut every inert set is listed, in its place among the others; not in an answer
    // without explanations, which keeps only the rows the source holds (none of theirs).
    if (inert && d) groups = mergeSets(groups, [...inert.walk()]);
    if (misses.length > 0) groups = [...groups.slice(0, groups.length), ...misses];
  }
  const build = (g: PendingSet, p: PendingRow): Candidate => buildRow(ctx, d, decision, g, p);
  if (!cut) return { candidates: groups.slice(0, groups.length).flatMap((g) => sortCandidateRows(allOf(g.rows).map((p) => build(g, p)))), total: null };
  const candidates: Candidate[] = [];
  const boundaries = new Map<SimSet, number[]>();
  for (const i of [...quotas.keys()].sort((a, b) => a - b)) {
    const quota = quotas.get(i)!;
    const g = groups.at(i)!;
    const key = keyOf(g);
    const counts = countsOf(g);
    const kept: PendingRow[] = [];
    for (let rank = 0; rank < 3; rank++) {
      const q = quota[rank]!;
      if (q === 0) continue;
      if (q === counts[rank]!) {
        kept.push(...ofRank(g.rows, rank));
        continue;
      }
      // A set cut within a rank keeps its first rows in sortCandidateRows' order, known per set.
      let b = boundaries.get(key);
      if (!b) boundaries.set(key, (b = [-1, -1, -1]));
      if (g.rows.length === key.routes.length && walkFinds(g.rows, q, counts[rank]!)) {
        // Every row of the set, in the set's order: walked in that order until the rank's quota is met.
        const order = ctx.names.order(key);
        let found = 0;
        for (let k = 0; k < order.length && found < q; k++) {
          const p = pendingAt(g.rows, order[k]!);
          if (cutRank(p.reason) !== rank) continue;
          kept.push(p);
          if (++found === q) b[rank] = k;
        }
        continue;
      }
      const first = firstInSetOrder(ofRank(g.rows, rank), ctx.names.positions(key), q);
      b[rank] = first.last;
      kept.push(...first.rows);
    }
    if (kept.length > 0) candidates.push(...sortCandidateRows(kept.map((p) => build(g, p))));
  }
  return { candidates, total, boundaries };
}

/** A set's carrying rows as candidates without detail, by the list of rows they come from (shared between answers: split.ts, the decision memo). */
const carryingRowsOf = new WeakMap<object, readonly Candidate[]>();

/** The rows that carry the traffic or might (`cutRank` 0), set by set as the decision orders them: the sets without one are passed by their counts. */
function carryingCandidates(ctx: OutcomeContext, d: Describe | null, decision: ClientDecision): Candidate[] {
  const groups = decision.candidates;
  const candidates: Candidate[] = [];
  const take = (g: PendingSet): void => {
    if (countsOf(g)[0] === 0) return;
    // Without detail a row's candidate is the row's alone: made once for every answer sharing the list.
    let rows = d ? undefined : carryingRowsOf.get(g.rows);
    if (!rows) {
      rows = sortCandidateRows(ofRank(g.rows, 0).map((p) => buildRow(ctx, d, decision, g, p)));
      if (!d) carryingRowsOf.set(g.rows, rows);
    }
    for (const c of rows) candidates.push(c);
  };
  // Rows that carry the destination are only in the sets not as the class has them.
  if (decision.shared) for (const i of [...decision.shared.special].sort((a, b) => a - b)) take(groups.at(i)!);
  else for (let i = 0; i < groups.length; i++) take(groups.at(i)!);
  return candidates;
}

/**
 * Is walking a set's rows in order (about `quota` × rows / `count` of them) the cheaper way to
 * find the first `quota` of a rank's `count` rows? A template's rows (`PatchedRows`) give a rank's
 * rows without reading the others: a rank of a few rows among thousands (those a member holds of
 * an exit set every member is given) is found there, and sorted.
 */
function walkFinds(rows: PendingSet['rows'], quota: number, count: number): boolean {
  return !(rows instanceof PatchedRows) || quota * rows.length < count * count;
}

/**
 * The first `q` of `rows` in their set's order (`at`: each route's place in it), and the place of
 * the last of them: their places sorted as numbers (a place and an index in one), not the rows.
 */
function firstInSetOrder(rows: readonly PendingRow[], at: ReadonlyMap<SimRoute, number>, q: number): { rows: PendingRow[]; last: number } {
  const n = rows.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = at.get(rows[i]!.route)! * n + i;
  keys.sort();
  const first: PendingRow[] = [];
  for (let k = 0; k < q; k++) first.push(rows[keys[k]! % n]!);
  return { rows: first, last: Math.floor(keys[q - 1]! / n) };
}

function allOf(rows: PendingSet['rows']): readonly PendingRow[] {
  return rows instanceof PatchedRows || rows instanceof LazyRows ? rowList(rows) : rows;
}

function pendingAt(rows: PendingSet['rows'], i: number): PendingRow {
  return rows instanceof PatchedRows || rows instanceof LazyRows ? rowAt(rows, i) : rows[i]!;
}

function ofRank(rows: PendingSet['rows'], rank: number): PendingRow[] {
  return rows instanceof PatchedRows || rows instanceof LazyRows ? rowsOfRank(rows, rank) : rows.filter((p) => cutRank(p.reason) === rank);
}

/**
 * Where a cut answer stopped keeping rows, by set and rank (`cutRank`): the place of its last
 * kept row in the set's order (`PeerRefs.positions`), or -1 where it kept all or none of them.
 * A row after every boundary of its set is left out whichever rows of the set precede it.
 */
export function cutBoundaries(o: Outcome): ReadonlyMap<SimSet, readonly number[]> | undefined {
  return cutAt.get(o);
}

const cutAt = new WeakMap<Outcome, ReadonlyMap<SimSet, readonly number[]>>();

const rankCountsOf = new WeakMap<object, readonly number[]>();

/** How many rows of each cut rank a set has (once per list of rows: split.ts shares them between answers). */
function countsOf(g: PendingSet): readonly number[] {
  if (g.counts) return g.counts;
  if (g.rows instanceof PatchedRows || g.rows instanceof LazyRows) return g.rows.counts;
  let c = rankCountsOf.get(g.rows);
  if (c) return c;
  const counts = [0, 0, 0];
  for (const p of g.rows) counts[cutRank(p.reason)]!++;
  rankCountsOf.set(g.rows, (c = counts));
  return c;
}

/** Two lists of sets, each in the answer's order of sets, merged in that order. */
function mergeSets(a: ListView<PendingSet>, b: readonly PendingSet[]): PendingSet[] {
  if (b.length === 0) return a.slice(0, a.length);
  const out: PendingSet[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const g = a.at(i)!;
    // Apex misses (no set outcome) come after every set.
    while (j < b.length && (g.set === null || compareSetOutcomes(b[j]!.set!, g.set) < 0)) out.push(b[j++]!);
    out.push(g);
  }
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Candidates of one set in a total order: route id, peer name, peer id, then (rarely needed) all their content. */
export function sortCandidateRows(rows: Candidate[]): Candidate[] {
  const json = new Map<Candidate, string>();
  const content = (c: Candidate): string => {
    let j = json.get(c);
    if (j === undefined) json.set(c, (j = JSON.stringify(c)));
    return j;
  };
  return rows.sort((a, b) => compareStrings(a.route.id, b.route.id) || compareStrings(a.peer?.name ?? '', b.peer?.name ?? '') || compareStrings(a.peer?.id ?? '', b.peer?.id ?? '') || compareStrings(content(a), content(b)));
}

/** The sentences and their ids, each sentence once (the first time it is assumed). */
function assumptionList(all: readonly Assumption[]): { assumptions: string[]; ids: AssumptionId[] } {
  const assumptions: string[] = [];
  const ids: AssumptionId[] = [];
  for (const a of all) {
    if (assumptions.includes(a.text)) continue;
    assumptions.push(a.text);
    ids.push(a.id);
  }
  return { assumptions, ids };
}

/** What the answer assumes because the export cannot show it, in the order the client meets it. */
function assumptionsOf(ctx: OutcomeContext, dest: Destination, options: SimulationOptions, found: Found, decision: ClientDecision): Assumption[] {
  const { model, source } = ctx;
  const out: Assumption[] = [];
  if (dest.kind === 'domain') {
    out.push(assumption('domain-addresses-unknown', dest.name));
    if (new Set(found.sets.map((s) => s.rank)).size > 1) out.push(assumption('domain-pattern-specificity'));
  } else if (ctx.hasDomainRoutes) {
    out.push(assumption('domain-routes-not-for-addresses'));
  }
  const exits = decision.exits;
  // The automatic pick is what a client makes when it first sees exit nodes; it then keeps it (§6).
  if (exits && exits.how === 'auto') out.push(assumption('exit-node-fresh-client', exits.chosen!));
  if (dest.kind === 'domain' && found.sets.some((s) => s.pattern?.startsWith('*.'))) out.push(assumption('dns-routing-peer-mode'));
  if (ctx.inMultiRulePolicy && model.policies !== null) out.push(assumption('policy-sources-lower-bound'));
  if (exits && exits.how === 'auto' && decision.exitDeliveries.some((s) => s.set.networkId === exits.chosen && skipsAutoApply(s.set) && s.received.some((r) => r.route.skipAutoApply))) {
    out.push(assumption('exit-node-whole-set', exits.chosen!));
  }
  // Only a short prefix that carries the traffic changes the answer when such a client skips it.
  const carrying = decision.carrier.kind === 'routed' ? decision.carrier.deciding : [];
  const short = [...new Set(carrying.filter((s) => s.set.network && skippedWithoutCustomRouting(s.set.network)).map((s) => s.set.network!.text))];
  if (short.length > 0) out.push(assumption('custom-routing', short));
  out.push(...stateAssumptions(ctx, options, decision));
  if (model.policies === null && anySet(decision, FACT_RECEIVED, (e) => e.delivery.received.length > 0)) out.push(assumption('no-policies'));
  if (found.inert?.loginExpired || anySet(decision, FACT_LOGIN_EXPIRED, (e) => e.delivery.loginExpired)) out.push(assumption('login-expiration-enabled'));
  if (dest.kind === 'ip' && (dest.addr.family === 6 || anySet(decision, FACT_IPV6, (e) => e.delivery.set.network?.family === 6 && e.status !== 'not-received'))) {
    out.push(assumption('ipv6-client-support'));
  }
  const kind = decision.carrier.kind;
  if (dest.kind === 'ip' && kind !== 'no-route' && kind !== 'local' && !routesInUserspace(source.peer)) out.push(assumption('linux-main-table'));
  return out;
}

const skipping = new WeakMap<SimSet, boolean>();

/** Has a route of the set skip_auto_apply set (once per set: an exit set of thousands of routes is received by every member)? */
function skipsAutoApply(set: SimSet): boolean {
  let skips = skipping.get(set);
  if (skips === undefined) skipping.set(set, (skips = set.routes.some((r) => r.route.skipAutoApply)));
  return skips;
}

/** The ids of each kind a shared decision's sets assume, counted by how many sets do, and sorted by name (once per shared decision). */
interface SharedStates {
  /** `byName`: the ids, by name (equal names as the sets list them); an answer names the first few. */
  readonly kinds: readonly { readonly sets: ReadonlyMap<string, number>; readonly byName: readonly string[] }[];
}

const sharedStatesOf = new WeakMap<SharedDecision, SharedStates>();

const KINDS = ['assumed', 'guessed', 'offline'] as const;

/**
 * The same, by the states of the sets that have any (their identities, in order), per question's
 * peer states: shared decisions of many classes and groups hold the same few exit set outcomes,
 * each of thousands of routing peers (on big peer groups, 715 decisions over 174 such lists).
 */
const statesByList = new WeakMap<PeerStates, Map<string, SharedStates>>();
const statesIds = new WeakMap<object, number>();
let nextStatesId = 0;

function sharedStates(model: Model, peerStates: PeerStates, decided: SharedDecision): SharedStates {
  let shared = sharedStatesOf.get(decided);
  if (shared) return shared;
  const withStates: SetOutcome[] = [];
  let key = '';
  decided.outcomes.forEach((e, i) => {
    if (!(decided.facts[i]! & (1 << FACT_STATES))) return;
    withStates.push(e);
    let id = statesIds.get(e.states);
    if (id === undefined) statesIds.set(e.states, (id = nextStatesId++));
    key += `${id},`;
  });
  let byList = statesByList.get(peerStates);
  if (!byList) statesByList.set(peerStates, (byList = new Map()));
  shared = byList.get(key);
  if (!shared) {
    const kinds = KINDS.map((kind) => {
      const sets = new Map<string, number>();
      for (const e of withStates) for (const id of stateSummary(peerStates, e)[kind]) sets.set(id, (sets.get(id) ?? 0) + 1);
      return { sets, byName: byNameRank(model, [...sets.keys()]) };
    });
    byList.set(key, (shared = { kinds }));
  }
  sharedStatesOf.set(decided, shared);
  return shared;
}

/** Each peer's place among the model's peers by name (peers of one name share one). */
const nameRanksOf = new WeakMap<Model, ReadonlyMap<string, number>>();

function nameRanks(model: Model): ReadonlyMap<string, number> {
  let ranks = nameRanksOf.get(model);
  if (!ranks) {
    const named = [...(model.peers?.keys() ?? [])].map((id) => ({ id, name: model.peerName(id) })).sort((a, b) => compareStrings(a.name, b.name));
    const out = new Map<string, number>();
    named.forEach((p, i) => out.set(p.id, i > 0 && named[i - 1]!.name === p.name ? out.get(named[i - 1]!.id)! : i));
    nameRanksOf.set(model, (ranks = out));
  }
  return ranks;
}

/**
 * The names of `ids` (distinct), sorted, the first `limit` of them: the ids with the lowest places
 * by name kept as they come, the names looked up for those alone (a member's own sets may assume
 * hundreds of routing peers, of which a cut answer names NAMES_IN_A_CUT_ANSWER).
 */
export function firstNames(model: Model, ids: ReadonlySet<string> | readonly string[], limit: number): string[] {
  const sortedAll = (): string[] => byNameRank(model, [...ids]).slice(0, limit).map((id) => model.peerName(id));
  // Past a few, inserting one by one costs more than sorting them all.
  if (limit > FEW_NAMES) return sortedAll();
  const ranks = nameRanks(model);
  const kept: number[] = [];
  const keptIds: string[] = [];
  for (const id of ids) {
    const r = ranks.get(id);
    // An id that is no peer has no place: byNameRank sorts them all by name.
    if (r === undefined) return sortedAll();
    if (kept.length >= limit && r >= kept[kept.length - 1]!) continue;
    // Insertion into the few kept, by place.
    let at = kept.length;
    while (at > 0 && kept[at - 1]! > r) at--;
    kept.splice(at, 0, r);
    keptIds.splice(at, 0, id);
    if (kept.length > limit) {
      kept.pop();
      keptIds.pop();
    }
  }
  return keptIds.map((id) => model.peerName(id));
}

/**
 * `ids` sorted by name, equal names in their order: by the peers' places by name as numbers (a
 * shared decision of an exit set of thousands of routing peers names none but the first few), by
 * the names where an id is no peer of the model.
 */
export function byNameRank(model: Model, ids: readonly string[]): string[] {
  const ranks = nameRanks(model);
  const n = ids.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = ranks.get(ids[i]!);
    if (r === undefined) return ids.map((id) => ({ id, name: model.peerName(id) })).sort((a, b) => compareStrings(a.name, b.name)).map((p) => p.id);
    keys[i] = r * n + i;
  }
  keys.sort();
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = ids[keys[k]! % n]!;
  return out;
}

/**
 * The ids of one kind the answer's sets assume: those of its own sets (`own`), and those of the
 * shared sets but the excluded ones. As names, sorted, the first `limit` of them; and how many.
 */
function namesOfKind(model: Model, peerStates: PeerStates, decision: ClientDecision, k: number, own: ReadonlySet<string>, limit: number): { names: string[]; count: number } {
  const shared = decision.shared;
  if (!shared) return { names: firstNames(model, own, limit), count: own.size };
  const kind = sharedStates(model, peerStates, shared.decided).kinds[k]!;
  // The excluded sets' ids no longer count; an id no set counts is gone, unless an own set has it.
  const removed = new Map<string, number>();
  for (const i of shared.part.excluded) {
    if (!(shared.decided.facts[i]! & (1 << FACT_STATES))) continue;
    for (const id of stateSummary(peerStates, shared.decided.outcomes[i]!)[KINDS[k]!]) removed.set(id, (removed.get(id) ?? 0) + 1);
  }
  const gone = (id: string): boolean => {
    const r = removed.get(id);
    return r !== undefined && r >= kind.sets.get(id)!;
  };
  let count = kind.sets.size;
  for (const id of removed.keys()) if (gone(id)) count--;
  const extraIds: string[] = [];
  for (const id of own) {
    if (kind.sets.has(id) && !gone(id)) continue;
    extraIds.push(id);
    count++;
  }
  // Only the first `limit` of them can be named.
  const extra = firstNames(model, extraIds, limit);
  const names: string[] = [];
  let x = 0;
  for (let i = 0; i < kind.byName.length && names.length < limit; i++) {
    const id = kind.byName[i]!;
    const name = model.peerName(id);
    if (removed.size > 0 && gone(id)) continue;
    while (x < extra.length && names.length < limit && compareStrings(extra[x]!, name) < 0) names.push(extra[x++]!);
    if (names.length < limit) names.push(name);
  }
  while (x < extra.length && names.length < limit) names.push(extra[x++]!);
  return { names, count };
}

/** What the answer assumes about the states of the routing peers it scored. */
function stateAssumptions(ctx: OutcomeContext, options: SimulationOptions, decision: ClientDecision): Assumption[] {
  const { model } = ctx;
  // Each set's states are summed up once (a set outcome shared by many answers, split.ts, is read by each).
  let used = decision.shared ? anySet(decision, FACT_STATES, (e) => e.states.size > 0) : false;
  const own = [new Set<string>(), new Set<string>(), new Set<string>()];
  const [assumed, guessed, offline] = own as [Set<string>, Set<string>, Set<string>];
  for (const e of decision.sets) {
    if (e.states.size === 0) continue;
    used = true;
    const s = stateSummary(options.states, e);
    for (const id of s.assumed) assumed.add(id);
    for (const id of s.guessed) guessed.add(id);
    for (const id of s.offline) offline.add(id);
  }
  if (!used) return [];
  const out: Assumption[] = [];
  // A cut answer (a group's entry, a peer answer past its candidate limit) names a few peers per
  // sentence and counts the rest: an offline peer in every routing peer group is named in every answer.
  const limit = options.candidateLimit === undefined ? Infinity : NAMES_IN_A_CUT_ANSWER;
  const names = (k: number): string[] | null => {
    if (k === 0 && !options.states.given) return null;
    const { names, count } = namesOfKind(model, options.states, decision, k, own[k]!, limit);
    if (count === 0) return null;
    return count > limit ? [...names, `and ${count - limit} more`] : names;
  };
  if (!options.states.given) out.push(assumption('states-assumed'));
  else {
    const a = names(0);
    if (a) out.push(assumption('state-assumed', a));
  }
  // The client scores an Idle peer of unknown connection type as direct (no relay point).
  const g = names(1);
  if (g) out.push(assumption('connection-type-unknown', g));
  const o = names(2);
  if (o) out.push(assumption('offline-assumed-connected', o));
  const reported = options.states.reported;
  if (reported && reported.localPeerId !== null && reported.localPeerId !== ctx.source.peer.id) {
    out.push(assumption('status-from-other-peer', reported.file, model.peerName(reported.localPeerId)));
  }
  return out;
}

// One answer, for one source and one destination: the HA sets covering the destination as the
// source receives them are installed, refused or scored, the client's decision is taken across
// them, and the trace, the candidates and the assumptions explain it (without explanations, the
// decision alone: see SimulationOptions.explain). The Simulator (simulator.ts) finds the sets.
import { containsAddr, type Addr } from '../net/prefix.js';
import { clientRefusal, skippedInNetstack, type Overlay, type Refusal } from '../model/overlay.js';
import type { Model } from '../model/types.js';
import type { Candidate, CandidateReason, Disposition, Outcome, PeerRef, RouteRef, TraceStep, TraceStepId } from './answer.js';
import type { SetDelivery, SimRoute, SimSet, SourceView } from './distribution.js';
import type { ApexMiss } from './domain.js';
import type { ExitSelection } from './exit.js';
import { chooseInHaSet, clientScore, effectiveLatencyNs, type HaChoice, type PeerState, type ScoredCandidate } from './score.js';
import { decide, type Decision, type Describe, type InstalledSet } from './select.js';
import type { SourceDeliveries } from './source-deliveries.js';
import type { PeerStates, ResolvedState } from './peer-states.js';
import { compareStrings } from '../order.js';
import { assumption, type Assumption, type AssumptionId } from './assumptions.js';

export type Destination = { readonly kind: 'ip'; readonly addr: Addr; readonly text: string } | { readonly kind: 'domain'; readonly name: string };

export interface SimulationOptions {
  readonly states: PeerStates;
  /** The routing peer the client uses now (stickiness), already resolved to an id. */
  readonly currentPeerId: string | null;
  /** The user's exit node selection (a network_id). */
  readonly exitNode: string | null;
  /**
   * False for a decision without its explanation (what `simulate --batch` prints): no trace, no
   * candidate detail, and no rows for routes the source does not receive. Default true.
   */
  readonly explain?: boolean;
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
}

/** Everything the answer needs about one covering HA set. */
interface Evaluated {
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

const EMPTY_ROUTES: ReadonlySet<SimRoute> = new Set();
const EMPTY_STATES: ReadonlyMap<SimRoute, ResolvedState> = new Map();
const EMPTY_SCORES: ReadonlyMap<SimRoute, number | null> = new Map();

export function isLinuxLike(os: string): boolean {
  return !/^(windows|darwin|mac|ios|ipados|android|freebsd|openbsd|netbsd)/i.test(os.trim());
}

/** How answers name peers, built once per peer and shared by every answer. */
export class PeerRefs {
  private readonly refs = new Map<string, PeerRef>();

  constructor(private readonly model: Model) {}

  peerRef(id: string): PeerRef {
    let ref = this.refs.get(id);
    if (!ref) this.refs.set(id, (ref = Object.freeze({ id, name: this.model.peerName(id) })));
    return ref;
  }
}

/** Builds one Outcome; holds the per-answer state so the steps read top to bottom. */
export class AnswerBuilder {
  private readonly trace: TraceStep[] = [];
  private readonly assumptions: string[] = [];
  private readonly assumptionIds: AssumptionId[] = [];
  private stateCache: Map<string, ResolvedState> | null = null;
  private describeCache: Describe | null = null;
  private readonly explain: boolean;

  constructor(
    private readonly model: Model,
    private readonly names: PeerRefs,
    private readonly source: SourceView,
    private readonly deliveries: SourceDeliveries,
    private readonly dest: Destination,
    private readonly options: SimulationOptions,
    private readonly overlay: Overlay,
  ) {
    this.explain = options.explain ?? true;
  }

  /** How prose names things (built only for explained answers). */
  private get describe(): Describe {
    const dest = this.dest;
    this.describeCache ??= {
      set: (s) => setLabel(s),
      peer: (id) => this.model.peerName(id),
      score: formatScore,
      destination: dest.kind === 'ip' ? dest.text : dest.name,
      unit: dest.kind === 'ip' ? 'prefix' : 'pattern',
      relation: dest.kind === 'ip' ? 'covering' : 'matching',
    };
    return this.describeCache;
  }

  /** A trace step; its prose is built only when the answer is explained. */
  private note(step: TraceStepId, detail: () => string): void {
    if (this.explain) this.trace.push({ step, detail: detail() });
  }

  private assume(a: Assumption): void {
    if (this.assumptions.includes(a.text)) return;
    this.assumptions.push(a.text);
    this.assumptionIds.push(a.id);
  }

  private stateOf(peerId: string): ResolvedState {
    this.stateCache ??= new Map();
    let s = this.stateCache.get(peerId);
    if (!s) this.stateCache.set(peerId, (s = this.options.states.lookup(peerId)));
    return s;
  }

  /** `covering`: how the source receives each of `found.sets`, in the same order. */
  build(found: Found, covering: readonly SetDelivery[], hasDomainRoutes: boolean): Outcome {
    const { model, source, dest } = this;
    const peer = source.peer;

    if (peer.loginExpired) this.note('source', () => `the source's login expired: management sends it no network map, so it receives no routes`);
    else if (peer.disableClientRoutes) this.note('source', () => 'the source has disable_client_routes set: it takes no routes from other peers (only networks it serves itself)');
    if (dest.kind === 'ip' && dest.addr.family === 6 && !source.hasIpv6 && !peer.loginExpired) {
      this.note('source', () => 'the source has no overlay IPv6 address: management sends it no IPv6 routes');
    }
    if (dest.kind === 'ip') {
      const own = dest.addr.family === 4 ? this.overlay.v4 : this.overlay.v6;
      if (own && containsAddr(own, dest.addr)) {
        this.note('overlay', () => `${this.describe.destination} is inside the account's overlay network ${own.text}: peers reach overlay addresses directly, not through routes`);
      }
    }

    // Domain matching.
    if (dest.kind === 'domain') {
      if (found.sets.length > 0) {
        this.note('domain-match', () => `${found.sets.map((s) => `${s.pattern} (${s.set.networkId})`).join(', ')} ${found.sets.length === 1 ? 'matches' : 'match'} ${dest.name} on the client (a wildcard matches subdomains at any depth, labels match whole)`);
      }
      for (const miss of found.apexMisses) {
        this.note('domain-apex', () => `${miss.pattern} (${miss.set.networkId}) does not match ${dest.name} itself on the client, but the routing peer's DNS forwarder does match the apex: the name resolves through the routing peer while its traffic is not routed to it`);
      }
      this.assume(assumption('domain-addresses-unknown', dest.name));
      if (new Set(found.sets.map((s) => s.rank)).size > 1) {
        this.assume(assumption('domain-pattern-specificity'));
      }
    } else if (hasDomainRoutes) {
      this.assume(assumption('domain-routes-not-for-addresses'));
    }

    // Delivery of every covering set.
    const deliveries = found.sets.map((f, i) => ({ f, delivery: covering[i]! }));
    const received = deliveries.filter((d) => d.delivery.received.length > 0 || d.delivery.local.length > 0);
    this.note('distribution', () => this.distributionDetail(found.sets.length, received.map((d) => d.delivery)));

    const locals = received.filter((d) => d.delivery.local.length > 0);
    if (locals.length > 0) {
      this.note('local', () => `the source itself serves ${locals.map((d) => setLabel(d.delivery.set)).join(', ')}; the client ignores every other route of a set it serves`);
    }

    // Exit nodes: only when a covering exit set is received as a client route.
    let exits: ExitSelection | null = null;
    if (received.some((d) => d.delivery.set.isExit && d.delivery.received.length > 0)) {
      const { deliveries: exitDeliveries, selection } = this.deliveries.exits(this.options.exitNode);
      exits = selection;
      this.note('exit-node', () => exitDetail(selection));
      const chosen = exits.chosen;
      if (exits.how === 'auto' && exitDeliveries.some((d) => d.set.networkId === chosen && d.received.some((r) => r.route.skipAutoApply))) {
        this.assume(assumption('exit-node-whole-set', chosen!));
      }
    }

    // Install, refuse, score.
    const evaluated: Evaluated[] = deliveries.map(({ f, delivery }) => this.evaluate(delivery, f.rank, exits));
    for (const e of evaluated) {
      if (e.status === 'refused') {
        this.note('refused', () => `the client refuses ${setLabel(e.delivery.set)} (${refusalText(e.refusal!)}) and installs nothing for it`);
      }
    }
    const netstack = evaluated.filter((e) => e.status === 'installed' && e.delivery.set.network && skippedInNetstack(e.delivery.set.network));
    if (netstack.length > 0) {
      this.assume(assumption('not-netstack', netstack.map((e) => e.delivery.set.network!.text)));
    }

    const installed: InstalledSet[] = evaluated
      .filter((e) => e.status === 'installed' || e.status === 'local')
      .map((e) => ({ set: e.delivery.set, rank: e.rank, local: e.delivery.local, choice: e.choice }));
    const { decision, steps } = decide(installed, this.explain ? this.describe : null);
    this.trace.push(...steps);

    const candidates = this.candidates(evaluated, decision, found.apexMisses);
    this.stateAssumptions(evaluated);
    if (model.policies === null && received.some((d) => d.delivery.received.length > 0)) {
      this.assume(assumption('no-policies'));
    }
    if (evaluated.some((e) => e.delivery.loginExpired)) {
      this.assume(assumption('login-expiration-enabled'));
    }
    const noServe = [...new Set(evaluated.flatMap((e) => e.delivery.servingNone))];
    if (noServe.length > 0) {
      this.assume(assumption('serves-no-routes', noServe.map((id) => model.peerName(id)).sort(compareStrings)));
    }
    if (dest.kind === 'ip' && (dest.addr.family === 6 || evaluated.some((e) => e.delivery.set.network?.family === 6 && e.status !== 'not-received'))) {
      this.assume(assumption('ipv6-client-support'));
    }
    if (dest.kind === 'ip' && decision.kind !== 'no-route' && decision.kind !== 'local' && isLinuxLike(peer.os)) {
      this.assume(assumption('linux-main-table'));
    }

    return this.finish(decision, candidates);
  }

  private distributionDetail(covering: number, received: readonly SetDelivery[]): string {
    const what = this.dest.kind === 'ip' ? `cover ${this.describe.destination}` : `match ${this.describe.destination}`;
    if (covering === 0) return this.dest.kind === 'ip' ? `no HA set covers ${this.describe.destination}` : `no domain route matches ${this.describe.destination}`;
    const head = `${covering} HA set${covering === 1 ? '' : 's'} ${covering === 1 ? what.replace(/^cover/, 'covers').replace(/^match/, 'matches') : what}`;
    if (received.length === 0) return `${head}; none is delivered to the source (see the candidates for why)`;
    const list = received.map((d) => {
      const n = d.local.length > 0 ? d.local.length : d.received.length;
      return `${setLabel(d.set)} (${n} route${n === 1 ? '' : 's'}${d.local.length > 0 ? ', its own' : ''})`;
    });
    const rest = covering - received.length;
    return `${head}; the source receives ${list.join(', ')}${rest > 0 ? `; ${rest} other${rest === 1 ? ' is' : 's are'} not delivered to it (see the candidates)` : ''}`;
  }

  private evaluate(delivery: SetDelivery, rank: number, exits: ExitSelection | null): Evaluated {
    const set = delivery.set;
    const unused = (status: Evaluated['status'], refusal: Refusal | null = null): Evaluated => ({ delivery, rank, status, refusal, usable: EMPTY_ROUTES, states: EMPTY_STATES, scores: EMPTY_SCORES, choice: null });
    if (delivery.local.length > 0) return unused('local');
    if (delivery.received.length === 0) return unused('not-received');
    if (set.isExit && exits && !exits.active.has(set.networkId)) return unused('exit-inactive');
    const refusal = set.network ? clientRefusal(set.network, this.overlay) : null;
    if (refusal) return unused('refused', refusal);
    const usable = new Set(exits?.unpairedV6.has(set.networkId) ? delivery.received.filter((r) => !r.route.skipAutoApply) : delivery.received);
    const states = new Map<SimRoute, ResolvedState>();
    const scores = new Map<SimRoute, number | null>();
    const scored: ScoredCandidate<SimRoute>[] = [];
    for (const r of usable) {
      const resolved = this.stateOf(r.peerId!);
      states.set(r, resolved);
      const score = resolved.state ? clientScore(r.route.metric, resolved.state) : null;
      scores.set(r, score);
      scored.push({ item: r, peerId: r.peerId!, score });
    }
    const choice = chooseInHaSet(scored, this.options.currentPeerId);
    return { delivery, rank, status: 'installed', refusal: null, usable, states, scores, choice };
  }

  private candidates(evaluated: readonly Evaluated[], decision: Decision, apexMisses: readonly ApexMiss[]): Candidate[] {
    const deciding = new Set<SimSet>(decision.kind === 'routed' ? decision.deciding.map((s) => s.set) : decision.kind === 'local' ? [decision.via.set] : []);
    const conflict = decision.kind === 'routed' && decision.deciding.length > 1;
    const out: Candidate[] = [];
    const ordered = [...evaluated].sort((a, b) => b.rank - a.rank || compareStrings(a.delivery.set.key, b.delivery.set.key));
    for (const e of ordered) {
      const rows: Candidate[] = [];
      const winners = new Set(e.choice && e.choice.kind !== 'none' ? e.choice.winners.map((w) => w.item) : []);
      const keptScore = e.choice?.kind === 'chosen' && e.choice.kept ? (e.choice.winners[0]!.score ?? 0) : null;
      const winnerNames = (): string => [...new Set([...winners].map((w) => this.model.peerName(w.peerId!)))].sort(compareStrings).join(', ');
      // Without explanations, only the routes the client holds: not-delivered ones are not part of its decision.
      for (const { route, delivery } of this.explain ? e.delivery.all : e.delivery.held) {
        const peer = route.peerId === null ? null : this.peerRef(route.peerId);
        const base = { route: route.ref, peer };
        if (delivery === 'local') {
          const reason: CandidateReason = deciding.has(e.delivery.set) ? 'local' : 'shadowed';
          rows.push(this.row(base, true, null, reason, () => (reason === 'local' ? 'the source serves this route itself and reaches the network directly' : `the source serves this route itself, but a more specific ${this.describe.unit} carries ${this.describe.destination}`)));
          continue;
        }
        if (delivery !== 'received') {
          rows.push(this.row(base, false, null, delivery, () => this.notDeliveredDetail(delivery, route)));
          continue;
        }
        if (e.status === 'refused') {
          rows.push(this.row(base, false, null, 'refused', () => `the client refuses ${route.network!.text} (${refusalText(e.refusal!)})`));
          continue;
        }
        if (e.status === 'exit-inactive' || !e.usable.has(route)) {
          rows.push(this.row(base, false, null, 'exit-node-inactive', () => (e.status === 'exit-inactive' ? `exit node ${route.networkId} is not the active one on this client` : `exit node ${route.networkId} applies only its routes with skip_auto_apply false`)));
          continue;
        }
        const resolved = e.states.get(route)!;
        const score = e.scores.get(route) ?? null;
        const stateText = (): string => describeState(route.route.metric, resolved, this.options.states.reported?.file ?? null);
        if (resolved.state === null) {
          rows.push(this.row(base, false, null, 'no-state', () => `the routing peer is not in the status report, so the client does not know it and skips it`));
          continue;
        }
        if (score === null) {
          rows.push(this.row(base, false, null, 'connecting', () => `${stateText()}: the client skips a peer that is not available`));
          continue;
        }
        let reason: CandidateReason;
        let detail: () => string;
        if (winners.has(route)) {
          if (deciding.has(e.delivery.set)) {
            if (conflict && decision.kind === 'routed' && decision.nondeterministic) {
              reason = 'conflict';
              detail = () => `chosen in its HA set, but another HA set has the identical ${this.describe.unit} and only one of them gets it`;
            } else if (e.choice!.kind === 'tied') {
              reason = 'tied';
              detail = () => `tied for the highest score (${winnerNames()}): which one the client uses depends on Go map order`;
            } else {
              reason = 'selected';
              detail = () => (e.choice!.kind === 'chosen' && e.choice!.kept ? 'kept as the current route (stickiness)' : 'highest score in its HA set');
            }
          } else {
            reason = 'shadowed';
            detail = () => {
              const inSet = e.choice!.kind === 'tied' ? `tied for the best score in its HA set (${winnerNames()})` : 'chosen in its HA set';
              return decision.kind === 'local' ? `${inSet}, but the source reaches ${this.describe.destination} through a network it serves itself` : `${inSet}, but a more specific ${this.describe.unit} carries ${this.describe.destination}`;
            };
          }
        } else if (keptScore !== null && score > keptScore) {
          reason = 'within-stickiness-margin';
          detail = () => 'scores higher than the current route, but by less than 0.01: the client keeps the current route';
        } else {
          reason = 'lower-score';
          detail = () => {
            const names = winnerNames();
            return names ? `scores lower than ${names}` : 'scores lower than the chosen peer';
          };
        }
        rows.push(this.row(base, true, score, reason, () => `${detail()}; ${stateText()}`));
      }
      out.push(...sortRows(rows));
    }
    // An apex miss is not a route the client holds for this name: an explanation only.
    for (const miss of this.explain ? apexMisses : []) {
      const rows = miss.set.routes.map((route) =>
        this.row({ route: route.ref, peer: route.peerId === null ? null : this.peerRef(route.peerId) }, false, null, 'apex-not-matched', () => `${miss.pattern} matches subdomains of ${this.describe.destination}, not the name itself`),
      );
      out.push(...sortRows(rows));
    }
    return out;
  }

  /** One candidate row; built in one place so every row has the same shape (and key order in the JSON). */
  private row(base: { route: RouteRef; peer: PeerRef | null }, eligible: boolean, score: number | null, reason: CandidateReason, detail: () => string): Candidate {
    return { route: base.route, peer: base.peer, eligible, score, reason, detail: this.explain ? detail() : '' };
  }

  private notDeliveredDetail(reason: Exclude<CandidateReason, 'local'>, route: SimRoute): string {
    const p = route.peerId === null ? '' : this.model.peerName(route.peerId);
    switch (reason) {
      case 'source-login-expired':
        return "the source's login expired: it receives no routes";
      case 'source-takes-no-client-routes':
        return 'the source has disable_client_routes set: it takes no routes from other peers';
      case 'source-without-ipv6':
        return 'the source has no overlay IPv6 address: it receives no IPv6 routes';
      case 'no-routing-peer':
        return route.route.peerGroups.length > 0 ? 'the peer_groups of the route have no members: nobody serves it, so nobody receives it' : 'the route names no routing peer: nobody serves it, so nobody receives it';
      case 'route-disabled':
        return 'the route is disabled: it is delivered to nobody';
      case 'own-ha-set':
        return 'the source serves this HA set itself (possibly through a disabled route), so it receives no other route of the set';
      case 'routing-peer-unknown':
        return `routing peer ${p} is not in the peers of the export: management delivers no route of an unknown peer`;
      case 'not-in-distribution-groups':
        return `the source is not in the route's distribution groups (${route.route.groups.map((g) => this.model.groupName(g)).join(', ')})`;
      case 'no-policy':
        return `no enabled policy connects the source and ${p}: management does not deliver the route`;
      case 'routing-peer-login-expired':
        return `the login of ${p} expired: management leaves it out`;
      case 'routing-peer-serves-no-routes':
        return `${p} has disable_server_routes set: it serves no routes`;
      default:
        return reason;
    }
  }

  private peerRef(id: string): PeerRef {
    return this.names.peerRef(id);
  }

  private stateAssumptions(evaluated: readonly Evaluated[]): void {
    const used = new Map<string, ResolvedState>();
    for (const e of evaluated) for (const [r, s] of e.states) used.set(r.peerId!, s);
    if (used.size === 0) return;
    const assumed = [...used].filter(([, s]) => s.origin === 'assumed').map(([id]) => id);
    const names = (ids: string[]) => ids.map((id) => this.model.peerName(id)).sort(compareStrings);
    if (!this.options.states.given) {
      this.assume(assumption('states-assumed'));
    } else if (assumed.length > 0) {
      this.assume(assumption('state-assumed', names(assumed)));
    }
    const offline = assumed.filter((id) => this.model.peers!.get(id)?.connected === false);
    if (offline.length > 0) {
      this.assume(assumption('offline-assumed-connected', names(offline)));
    }
    const reported = this.options.states.reported;
    if (reported && reported.localPeerId !== null && reported.localPeerId !== this.source.peer.id) {
      this.assume(assumption('status-from-other-peer', reported.file, this.model.peerName(reported.localPeerId)));
    }
  }

  private finish(decision: Decision, candidates: Candidate[]): Outcome {
    let disposition: Disposition;
    let peer: PeerRef | null = null;
    let route: RouteRef | null = null;
    let nondeterministic = false;
    switch (decision.kind) {
      case 'no-route':
        disposition = 'NO_ROUTE';
        break;
      case 'no-peer':
        disposition = 'NO_ROUTING_PEER';
        break;
      case 'local': {
        disposition = 'LOCAL';
        peer = this.peerRef(this.source.peer.id);
        route = [...decision.via.local].sort((a, b) => compareStrings(a.id, b.id))[0]!.ref;
        break;
      }
      case 'routed': {
        disposition = 'ROUTED';
        nondeterministic = decision.nondeterministic;
        if (!nondeterministic) {
          peer = this.peerRef(decision.peerIds[0]!);
          const winners = decision.deciding
            .flatMap((s) => (s.choice && s.choice.kind !== 'none' ? s.choice.winners.map((w) => w.item) : []))
            .sort((a, b) => compareStrings(a.networkId, b.networkId) || compareStrings(a.id, b.id));
          route = winners[0]!.ref;
        }
        break;
      }
    }
    return { disposition, peer, route, nondeterministic, candidates, trace: this.trace, assumptions: this.assumptions, assumption_ids: this.assumptionIds };
  }
}

/** Candidates of one set in a total order: route id, peer name, peer id, then (rarely needed) all their content. */
function sortRows(rows: Candidate[]): Candidate[] {
  const json = new Map<Candidate, string>();
  const content = (c: Candidate): string => {
    let j = json.get(c);
    if (j === undefined) json.set(c, (j = JSON.stringify(c)));
    return j;
  };
  return rows.sort((a, b) => compareStrings(a.route.id, b.route.id) || compareStrings(a.peer?.name ?? '', b.peer?.name ?? '') || compareStrings(a.peer?.id ?? '', b.peer?.id ?? '') || compareStrings(content(a), content(b)));
}

/** How notes name an HA set: its network_id and what it routes. */
function setLabel(set: SimSet): string {
  return set.network ? `${set.networkId} ${set.network.text}` : `${set.networkId} (${(set.domains ?? []).join(', ')})`;
}

/** Scores for prose: at most six decimals, no float noise. */
function formatScore(score: number): string {
  return String(Number(score.toFixed(6)));
}

function refusalText(r: Refusal): string {
  switch (r) {
    case 'overlay':
      return "its network address is inside the account's overlay network";
    case 'unspecified':
      return 'its network address is unspecified and it is not a /0';
    default:
      return `its network address is ${r}`;
  }
}

function describeState(metric: number, resolved: ResolvedState, statusFile: string | null): string {
  const s: PeerState | null = resolved.state;
  if (!s) return `metric ${metric}`;
  const latency = s.latencyNs === 0 ? 'latency not measured (counts as 999 ms)' : effectiveLatencyNs(s.latencyNs) !== s.latencyNs ? `latency ${formatLatency(s.latencyNs)} (over 1 s counts as 999 ms)` : `latency ${formatLatency(s.latencyNs)}`;
  const origin = resolved.origin === 'assumed' ? ', assumed' : resolved.origin === 'flag' ? ', from the command line' : resolved.origin === 'status' && statusFile ? `, from ${statusFile}` : '';
  return `metric ${metric}; ${s.status}, ${s.relayed ? 'relayed' : 'direct (P2P)'}, ${latency}${origin}`;
}

function exitDetail(x: ExitSelection): string {
  const list = x.available.length > 0 ? x.available.join(', ') : 'none';
  const parts = [`exit nodes available to the source: ${list}`];
  if (x.unavailableUserChoice !== null) parts.push(`the selected exit node ${x.unavailableUserChoice} is not available to the source, so the client falls back to auto-apply`);
  if (x.how === 'user') parts.push(`the user selected ${x.chosen}, so only it is active`);
  else if (x.how === 'auto') {
    parts.push(
      x.autoApplicable.length > 1
        ? `with no user selection the client applies the lexicographically smallest network_id among those with a route whose skip_auto_apply is false (${x.autoApplicable.join(', ')}), whatever the metrics: ${x.chosen}`
        : `with no user selection the client applies ${x.chosen}, the only one with a route whose skip_auto_apply is false`,
    );
  } else parts.push('every one of them has skip_auto_apply set and the user selected none, so no exit node is active');
  const twin = x.chosen !== null && x.active.has(`${x.chosen}-v6`) ? `; its ::/0 twin ${x.chosen}-v6 follows it` : '';
  const unpaired = x.unpairedV6.size > 0 ? `; ${[...x.unpairedV6].join(', ')} ${x.unpairedV6.size === 1 ? 'is' : 'are'} not paired with an IPv4 exit node and apply on their own` : '';
  return parts.join('; ') + twin + unpaired;
}

/** Milliseconds for display: `12 ms`, `0.5 ms`. */
function formatLatency(ns: number): string {
  const ms = ns / 1e6;
  return `${Number.isInteger(ms) ? ms : Number(ms.toFixed(3))} ms`;
}

// The prose of an explained answer, rendered from the client's decision (decision.ts): the trace
// steps, in the order the client takes them, and each candidate's detail. Nothing here decides.
import { containsAddr } from '../net/prefix.js';
import { portRangeText } from '../model/route-access.js';
import type { PacketFate } from './fate.js';
import type { Overlay, Refusal } from '../model/overlay.js';
import type { Model, Peer } from '../model/types.js';
import type { TraceStep } from './answer.js';
import { FACT_HELD, FACT_REFUSED, setsWith, type ClientDecision, type Destination, type Found, type SetOutcome } from './decision.js';
import type { CandidateVerdict } from './rows.js';
import type { SetDelivery, SimRoute, SimSet } from './distribution.js';
import type { ExitSelection } from './exit.js';
import type { ResolvedState } from './peer-states.js';
import { effectiveLatencyNs, scoreText } from './score.js';
import { possiblePeers, type Decision, type InstalledSet, type Tier } from './select.js';
import { compareStrings } from '../order.js';

/** How prose names the parts of one answer. */
export class Describe {
  /** What the destination is called in prose: an address or a name. */
  readonly destination: string;
  /** What a rank is called: `prefix` for networks, `pattern` for domains. */
  readonly unit: 'prefix' | 'pattern';
  /** How a set relates to the destination: a prefix covers an address, a pattern matches a name. */
  readonly relation: 'covering' | 'matching';

  constructor(
    private readonly model: Model,
    readonly dest: Destination,
    /** The `--status` report's file, named where a state comes from it. */
    readonly statusFile: string | null,
    /** Items one list names before it counts the rest (`SimulationOptions.candidateLimit`); Infinity: all. */
    readonly maxNames = Infinity,
  ) {
    this.destination = dest.kind === 'ip' ? dest.text : dest.name;
    this.unit = dest.kind === 'ip' ? 'prefix' : 'pattern';
    this.relation = dest.kind === 'ip' ? 'covering' : 'matching';
  }

  peer(id: string): string {
    return this.model.peerName(id);
  }

  group(id: string): string {
    return this.model.groupName(id);
  }

  /** Items joined by `sep`, at most `maxNames` of them, then how many more there are. */
  list(items: readonly string[], sep = ', '): string {
    if (items.length <= this.maxNames) return items.join(sep);
    return `${items.slice(0, this.maxNames).join(sep)}${sep}and ${items.length - this.maxNames} more`;
  }

  /** `list` of the names of `items`, naming only those it lists (a tier may hold thousands of sets). */
  listOf<T>(items: readonly T[], name: (item: T) => string, sep = ', '): string {
    if (items.length <= this.maxNames) return items.map(name).join(sep);
    return `${items.slice(0, this.maxNames).map(name).join(sep)}${sep}and ${items.length - this.maxNames} more`;
  }

  /**
   * `list` of the distinct `names` in order (`compareStrings`): past `maxNames` of them, only those
   * it names are put in order (a tie of every exit node a member receives names hundreds).
   */
  sortedList(names: readonly string[], sep = ', '): string {
    const distinct = [...new Set(names)];
    if (distinct.length <= this.maxNames) return distinct.sort(compareStrings).join(sep);
    return `${firstInOrder(distinct, this.maxNames).join(sep)}${sep}and ${distinct.length - this.maxNames} more`;
  }

  /** Winner names by choice (a choice is scored once per answer, its rows all name its winners); a Map, not a WeakMap: it lives as long as the answer. */
  readonly winners = new Map<object, string>();
}

/** The first `n` of `items` in `compareStrings` order, without sorting the rest. */
function firstInOrder(items: readonly string[], n: number): string[] {
  const first: string[] = [];
  for (const item of items) {
    if (first.length === n && compareStrings(item, first[n - 1]!) >= 0) continue;
    let at = first.length === n ? n - 1 : first.length;
    while (at > 0 && compareStrings(item, first[at - 1]!) < 0) {
      first[at] = first[at - 1]!;
      at--;
    }
    first[at] = item;
  }
  return first;
}

const labels = new WeakMap<SimSet, string>();

/** How notes name an HA set: its network_id and what it routes (made once per set: many answers name the same sets). */
export function setLabel(set: SimSet): string {
  let label = labels.get(set);
  if (label === undefined) labels.set(set, (label = set.network ? `${set.networkId} ${set.network.text}` : `${set.networkId} (${(set.domains ?? []).join(', ')})`));
  return label;
}

/** The trace: what the client does before and while it decides, step by step. */
export function traceOf(d: Describe, source: { readonly peer: Peer; readonly hasIpv6: boolean }, overlay: Overlay, found: Found, decision: ClientDecision): TraceStep[] {
  const steps: TraceStep[] = [];
  const say = (step: TraceStep['step'], detail: string): void => {
    steps.push({ step, detail });
  };
  const { peer } = source;
  const dest = d.dest;
  if (peer.loginExpired) say('source', `the source's login expired: management sends it no network map, so it receives no routes`);
  else if (peer.disableClientRoutes) say('source', 'the source has disable_client_routes set: it takes no routes from other peers (only networks it serves itself)');
  if (dest.kind === 'ip' && dest.addr.family === 6 && !source.hasIpv6 && !peer.loginExpired) say('source', 'the source has no overlay IPv6 address: management sends it no IPv6 routes');
  if (dest.kind === 'ip') {
    const own = dest.addr.family === 4 ? overlay.v4 : overlay.v6;
    if (own && containsAddr(own, dest.addr)) say('overlay', `${d.destination} is inside the account's overlay network ${own.text}: peers reach overlay addresses directly, not through routes`);
  }
  if (dest.kind === 'domain') {
    if (found.sets.length > 0) {
      say('domain-match', `${found.sets.map((s) => `${s.pattern} (${s.set.networkId})`).join(', ')} ${found.sets.length === 1 ? 'matches' : 'match'} ${dest.name} on the client (a wildcard matches subdomains at any depth, labels match whole)`);
    }
    for (const miss of found.apexMisses) {
      say('domain-apex', `${miss.pattern} (${miss.set.networkId}) does not match ${dest.name} itself on the client, but the routing peer's DNS forwarder does match the apex: the name resolves through the routing peer while its traffic is not routed to it`);
    }
  }
  const received = setsWith(decision, FACT_HELD, (e) => e.delivery.received.length > 0 || e.delivery.local.length > 0, d.maxNames);
  const shared = found.shared ? found.shared.base.sets.length - found.shared.excluded.length : 0;
  say('distribution', distributionDetail(d, found.sets.length + shared + (found.inert?.count ?? 0), received.sets.map((e) => e.delivery), received.count));
  // Shared sets are never the source's own (split.ts): its own sets are all in `decision.sets`.
  const locals = decision.sets.filter((e) => e.delivery.local.length > 0);
  if (locals.length > 0) say('local', `the source itself serves ${d.listOf(locals, (e) => setLabel(e.delivery.set))}; the client ignores every other route of a set it serves`);
  if (decision.exits) say('exit-node', exitDetail(decision.exits));
  for (const e of setsWith(decision, FACT_REFUSED, (e) => e.status === 'refused').sets) say('refused', `the client refuses ${setLabel(e.delivery.set)} (${refusalText(e.refusal!)}) and installs nothing for it`);
  steps.push(...carrierSteps(decision.carrier, d));
  return steps;
}

/** `received`: the first of the sets the source receives or serves (as many as `d` names), `count` of them in all. */
function distributionDetail(d: Describe, covering: number, received: readonly SetDelivery[], count: number): string {
  const what = d.dest.kind === 'ip' ? `cover ${d.destination}` : `match ${d.destination}`;
  if (covering === 0) return d.dest.kind === 'ip' ? `no HA set covers ${d.destination}` : `no domain route matches ${d.destination}`;
  const head = `${covering} HA set${covering === 1 ? '' : 's'} ${covering === 1 ? what.replace(/^cover/, 'covers').replace(/^match/, 'matches') : what}`;
  if (count === 0) return `${head}; none is delivered to the source (see the candidates for why)`;
  const list = (received.length > d.maxNames ? received.slice(0, d.maxNames) : received).map((s) => {
    const n = s.local.length > 0 ? s.local.length : s.received.length;
    return `${setLabel(s.set)} (${n} route${n === 1 ? '' : 's'}${s.local.length > 0 ? ', its own' : ''})`;
  });
  const rest = covering - count;
  const more = count - list.length;
  return `${head}; the source receives ${list.join(', ')}${more > 0 ? `, and ${more} more` : ''}${rest > 0 ? `; ${rest} other${rest === 1 ? ' is' : 's are'} not delivered to it (see the candidates)` : ''}`;
}

function exitDetail(x: ExitSelection): string {
  const list = x.available.length > 0 ? x.available.join(', ') : 'none';
  const parts = [`exit nodes available to the source: ${list}`];
  if (x.unavailableUserChoice !== null) parts.push(`the selected exit node ${x.unavailableUserChoice} is not available to the source, so the client falls back to auto-apply`);
  if (x.how === 'user') parts.push(`the user selected ${x.chosen}, so only it is active`);
  else if (x.how === 'user-none') parts.push('the client has no exit node applied (--exit-node none), so none is active');
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

/** The steps of the decision across HA sets: longest prefix, fallbacks, the HA choice of each deciding set, conflicts. */
function carrierSteps(c: Decision, d: Describe): TraceStep[] {
  if (c.kind === 'no-route') return [];
  const steps: TraceStep[] = [];
  const labels = (sets: Tier): string => d.listOf(sets, (s) => setLabel(s.set));
  if (c.kind === 'local') {
    // The tier but the set taken: only the sets named are picked out (a tier may hold thousands).
    const named = c.top.slice(0, Math.min(c.top.length, d.maxNames + 1)).filter((s) => s !== c.via).slice(0, d.maxNames);
    const others = c.top.length - 1;
    const note = others > 0 ? `; ${named.map((s) => setLabel(s.set)).join(', ')}${others > named.length ? `, and ${others - named.length} more` : ''} has the same ${d.unit} but the source's own network is reached directly` : '';
    steps.push({ step: 'longest-prefix', detail: `the most specific ${d.unit} ${d.relation} ${d.destination} is ${setLabel(c.via.set)}, which the source serves itself${note}` });
    return steps;
  }
  steps.push({
    step: 'longest-prefix',
    detail: c.top.length === 1 ? `the most specific ${d.unit} ${d.relation} ${d.destination} is ${setLabel(c.top[0]!.set)}` : `the most specific ${d.unit} ${d.relation} ${d.destination} is in ${c.top.length} HA sets: ${labels(c.top)}`,
  });
  for (const tier of c.fallenThrough) {
    const clients = tier.filter((s) => s.local.length === 0);
    const what = clients.length > 0 ? labels(clients) : labels(tier);
    const why = clients.length > 0 ? 'has no available routing peer' : 'is served by the source itself, which WireGuard cannot fall back to';
    steps.push({ step: 'fallback', detail: `${what} ${why}: the OS route still points into the tunnel, and WireGuard's longest match falls back to the next broader ${d.unit} with a peer` });
  }
  if (c.kind === 'no-peer') {
    steps.push({ step: 'dropped', detail: `no ${d.unit} ${d.relation} ${d.destination} has an available routing peer: the packet enters the tunnel and is dropped` });
    return steps;
  }
  for (const s of c.deciding) steps.push(haStep(s, d));
  if (c.deciding.length > 1) {
    const sets = d.listOf(c.deciding, (s) => setLabel(s.set), ' and ');
    steps.push({
      step: 'conflict',
      detail: c.nondeterministic
        ? `${sets} have the identical ${d.unit}; WireGuard gives it to one peer only, so the set that chooses first keeps it ("HA routing disabled" in the client log): ${d.listOf(c.peerIds, (id) => d.peer(id), ' or ')} (nondeterministic)`
        : `${sets} have the identical ${d.unit} but choose the same peer, ${d.peer(c.peerIds[0]!)}: the outcome is the same whichever set chooses first`,
    });
  }
  return steps;
}

/** Each deciding set's step by its choice, as last made: a set decided once for a class (split.ts) decides the answers of thousands of members. */
const haSteps = new WeakMap<object, { readonly set: SimSet; readonly maxNames: number; readonly step: TraceStep }>();

/** The HA choice of one deciding set: the winner, the current route kept, or an exact tie (one step object per choice and cut: its text rests on nothing else). */
function haStep(s: InstalledSet, d: Describe): TraceStep {
  const made = haSteps.get(s.choice!);
  if (made && made.set === s.set && made.maxNames === d.maxNames) return made.step;
  const step = Object.freeze(haStepOf(s, d));
  haSteps.set(s.choice!, { set: s.set, maxNames: d.maxNames, step });
  return step;
}

function haStepOf(s: InstalledSet, d: Describe): TraceStep {
  const c = s.choice!;
  if (c.kind === 'tied') {
    return {
      step: 'tie',
      detail: `${setLabel(s.set)}: ${d.listOf(possiblePeers(s), (id) => d.peer(id))} tie at score ${scoreText(c.best)} and there is no current route to keep: the client takes whichever it meets first in Go map order (nondeterministic)`,
    };
  }
  if (c.kind === 'none') throw new Error('a deciding set has a peer');
  const winner = c.winners[0]!;
  if (c.kept) {
    return {
      step: 'stickiness',
      detail: `${setLabel(s.set)}: the current peer ${d.peer(winner.peerId)} scores ${scoreText(winner.score!)}; the best score ${scoreText(c.best)} is not at least 0.01 higher, so the client keeps the current route`,
    };
  }
  return { step: 'ha-select', detail: `${setLabel(s.set)}: ${d.peer(winner.peerId)} has the highest score, ${scoreText(winner.score!)}` };
}

/** The prose of one candidate: why it stands where the decision put it. */
export function candidateDetail(d: Describe, v: CandidateVerdict, e: SetOutcome, carrier: Decision): string {
  const route = v.route;
  switch (v.reason) {
    case 'local':
      return 'the source serves this route itself and reaches the network directly';
    case 'refused':
      return `the client refuses ${route.network!.text} (${refusalText(e.refusal!)})`;
    case 'exit-node-inactive':
      return e.status === 'exit-inactive' ? `exit node ${route.networkId} is not the active one on this client` : `exit node ${route.networkId} applies only its routes with skip_auto_apply false`;
    case 'no-state':
      return `the routing peer is not in the status report, so the client does not know it and skips it`;
    case 'connecting':
      return `${stateText(d, route, e.states.get(route)!)}: the client skips a peer that is not available`;
    case 'conflict':
      return `chosen in its HA set, but another HA set has the identical ${d.unit} and only one of them gets it; ${stateText(d, route, e.states.get(route)!)}`;
    case 'tied':
      return `tied for the highest score (${winnerNames(d, e)}): which one the client uses depends on Go map order; ${stateText(d, route, e.states.get(route)!)}`;
    case 'selected':
      return `${e.choice!.kind === 'chosen' && e.choice!.kept ? 'kept as the current route (stickiness)' : 'highest score in its HA set'}; ${stateText(d, route, e.states.get(route)!)}`;
    case 'within-stickiness-margin':
      return `scores higher than the current route, but by less than 0.01: the client keeps the current route; ${stateText(d, route, e.states.get(route)!)}`;
    case 'lower-score': {
      const names = winnerNames(d, e);
      return `${names ? `scores lower than ${names}` : 'scores lower than the chosen peer'}; ${stateText(d, route, e.states.get(route)!)}`;
    }
    case 'shadowed': {
      if (v.delivery === 'local') return `the source serves this route itself, but a more specific ${d.unit} carries ${d.destination}`;
      const inSet = e.choice!.kind === 'tied' ? `tied for the best score in its HA set (${winnerNames(d, e)})` : 'chosen in its HA set';
      const why = carrier.kind === 'local' ? `${inSet}, but the source reaches ${d.destination} through a network it serves itself` : `${inSet}, but a more specific ${d.unit} carries ${d.destination}`;
      return `${why}; ${stateText(d, route, e.states.get(route)!)}`;
    }
    default:
      return notDeliveredDetail(d, v.reason, route);
  }
}

/** The prose of a candidate of a wildcard set that misses the name only at its apex. */
export function apexMissDetail(d: Describe, pattern: string): string {
  return `${pattern} matches subdomains of ${d.destination}, not the name itself`;
}

/** The peers that won the set's choice, by name. */
function winnerNames(d: Describe, e: SetOutcome): string {
  const c = e.choice;
  if (!c) return '';
  let names = d.winners.get(c);
  if (names === undefined) {
    // A choice the decision memo shares is named once for every answer that lists it (a tie of the
    // three hundred routing peers of a peer group, in fifty thousand members' answers).
    const shared = namedChoices.get(c);
    names = shared?.maxNames === d.maxNames ? shared.names : d.sortedList(c.kind !== 'none' ? c.winners.map((w) => d.peer(w.peerId)) : []);
    if (shared === undefined) namedChoices.set(c, { maxNames: d.maxNames, names });
    d.winners.set(c, names);
  }
  return names;
}

/** Winner names by choice across answers, with the `maxNames` they were listed under (a choice belongs to one model). */
const namedChoices = new WeakMap<object, { readonly maxNames: number; readonly names: string }>();

function stateText(d: Describe, route: SimRoute, resolved: ResolvedState): string {
  const metric = route.route.metric;
  const s = resolved.state;
  if (!s) return `metric ${metric}`;
  const latency = s.latencyNs === 0 ? 'latency not measured (counts as 999 ms)' : effectiveLatencyNs(s.latencyNs) !== s.latencyNs ? `latency ${latencyText(s.latencyNs)} (over 1 s counts as 999 ms)` : `latency ${latencyText(s.latencyNs)}`;
  const origin = resolved.origin === 'assumed' ? ', assumed' : resolved.origin === 'flag' ? ', from the command line' : resolved.origin === 'status' && d.statusFile ? `, from ${d.statusFile}` : '';
  return `metric ${metric}; ${s.status}, ${s.relayed ? 'relayed' : 'direct (P2P)'}, ${latency}${origin}`;
}

/** Milliseconds for display: `12 ms`, `0.5 ms`. */
function latencyText(ns: number): string {
  const ms = ns / 1e6;
  return `${Number.isInteger(ms) ? ms : Number(ms.toFixed(3))} ms`;
}

function notDeliveredDetail(d: Describe, reason: CandidateVerdict['reason'], route: SimRoute): string {
  const p = route.peerId === null ? '' : d.peer(route.peerId);
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
      return `the source is not in the route's distribution groups (${route.route.groups.map((g) => d.group(g)).join(', ')})`;
    case 'no-policy':
      return `no enabled policy connects the source and ${p}: management does not deliver the route`;
    case 'routing-peer-login-expired':
      return `the login of ${p} expired: management leaves it out`;
    case 'routing-peer-awaiting-approval':
      return `${p} awaits approval: it is in no network map, so management offers it to nobody`;
    case 'source-awaiting-approval':
      return 'the source awaits approval: it is in no network map and receives no routes';
    default:
      return reason;
  }
}

/** The trace of what the chosen routing peer does with the packet (§3, §8). */
export function fateTrace(d: Describe, fate: PacketFate, peerId: string): TraceStep[] {
  const p = d.peer(peerId);
  const { access } = fate;
  const steps: TraceStep[] = [];
  if (fate.reason === 'disable-server-routes') steps.push({ step: 'blackhole', detail: `${p} has local_flags.disable_server_routes: clients still receive and pick it, and it forwards nothing, so the packet is dropped there (not a failover)` });
  if (fate.reason === 'block-inbound') steps.push({ step: 'blackhole', detail: `${p} has local_flags.block_inbound: it drops all inbound traffic, routed traffic included, so the packet is dropped there (not a failover)` });
  if (!access.applies) return steps;
  const groups = access.groups.map((g) => d.group(g.id)).join(', ');
  const allowed = access.allowedBy.map((r) => `${r.policy.name || r.policy.id} (${r.protocol}${r.ports.length > 0 ? ` ${r.ports.map(portRangeText).join(',')}` : ''})`).join(', ');
  const why: Record<NonNullable<typeof access.dropReason>, string> = {
    'no-policy': `no policy names the access control groups (${groups}) as a destination, so ${p} drops all routed traffic`,
    'source-not-in-rules': `no enabled accept rule of the policies naming ${groups} has the source among its sources`,
    'source-not-in-distribution': "rules name the source, but it is not in the route's distribution groups, where rule sources count",
    'posture-check-failed': "the source fails the posture checks of every policy whose rules name it",
    'protocol-or-port-not-allowed': 'rules let the source in, but not with this protocol or port',
    'drop-rule': 'a rule with action drop matches the source and the traffic',
  };
  steps.push({ step: 'access-control', detail: access.dropReason ? `${p}'s route firewall (access control groups ${groups}): ${why[access.dropReason]}` : `${p}'s route firewall (access control groups ${groups}) lets the source in: ${allowed}` });
  return steps;
}

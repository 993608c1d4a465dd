// The reachability matrix: for every HA set and every group it is distributed to, which routing
// peer carries the set's destinations for the group's members, as the simulator decides. The
// report shows it; the diff compares two of them.
import { compareAddr, containsAddr, formatAddr, mustParseAddr, networkAddr, type Addr, type Prefix } from '../net/prefix.js';
import type { HaSet, Model } from '../model/types.js';
import type { Disposition, Outcome, PeerRef } from '../simulate/answer.js';
import { PeerStates, simulateGroup, type Destination } from '../simulate/index.js';
import { targetOfSet } from '../model/describe.js';
import { isPrivatePrefix } from '../net/prefix.js';
import { compareStrings } from '../order.js';

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
  readonly sources: readonly PeerRef[];
  /** Traffic to this private (RFC 1918, ULA) prefix leaves through an exit node instead (§5 fallback): routed, and not where it should go. */
  readonly privateViaExit: boolean;
}

export interface ReachabilityCell {
  readonly group: PeerRef;
  readonly set: SetRef;
  /** The address or name the simulator was asked about: one this set carries and no more specific set does, where there is one. */
  readonly destination: string;
  readonly outcomes: readonly CellOutcome[];
}

export interface Reachability {
  readonly groups: readonly PeerRef[];
  readonly sets: readonly SetRef[];
  /** One cell per (set, distribution group of one of its routes), sorted by set key then group name. */
  readonly cells: readonly ReachabilityCell[];
  /** HA sets left out because the simulation budget ran out (see ReachabilityOptions); absent or 0 when none. */
  readonly omittedSets?: number;
}

export interface ReachabilityOptions {
  /**
   * At most this many simulations (one per member of a cell's group); the sets that do not fit, in
   * key order, are left out and counted in `omittedSets`. Unlimited when absent.
   */
  readonly maxSimulations?: number;
  /** The exit node every source picked (`simulate --exit-node`: a network_id, or NO_EXIT_NODE); none picked when absent. */
  readonly exitNode?: string | null;
}

export function setRefOf(set: HaSet): SetRef {
  return { key: set.key, networkId: set.networkId, target: targetOfSet(set), isExit: set.isExit };
}

// Public resolvers: what a person would probe an exit node with, when no other route covers them.
const EXIT_PROBES: Record<4 | 6, Addr[]> = {
  4: ['8.8.8.8', '1.1.1.1', '9.9.9.9'].map(mustParseAddr),
  6: ['2001:4860:4860::8888', '2606:4700:4700::1111'].map(mustParseAddr),
};

/** Prefixes of `sorted` (by family, network address, then length) strictly inside `prefix`: one contiguous run, found by binary search. */
function nestedIn(prefix: Prefix, sorted: readonly Prefix[]): Prefix[] {
  const before = (p: Prefix) => p.family < prefix.family || (p.family === prefix.family && p.start < prefix.start);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  const out: Prefix[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.family !== prefix.family || p.start > prefix.end) break;
    if (p.bits > prefix.bits) out.push(p);
  }
  return out;
}

/** The first address of `prefix` that no more specific prefix of `sorted` takes away, else its network address. `sorted`: by network address, then length. */
export function representative(prefix: Prefix, sorted: readonly Prefix[]): Addr {
  const inside = nestedIn(prefix, sorted);
  if (prefix.bits === 0) {
    const probe = EXIT_PROBES[prefix.family].find((a) => !inside.some((p) => containsAddr(p, a)));
    if (probe) return probe;
  }
  let cursor = prefix.start;
  for (const p of inside) {
    if (p.start > cursor) break;
    if (p.end >= cursor) cursor = p.end + 1n;
  }
  return cursor <= prefix.end ? { family: prefix.family, value: cursor } : networkAddr(prefix);
}

/** The name the matrix asks about for a domain pattern: the name itself, or one label below a wildcard. */
export function domainProbe(domain: string): string {
  return domain.startsWith('*.') ? `host.${domain.slice(2)}` : domain;
}

/** The destination the matrix asks about for one HA set. */
export function probeOf(set: HaSet, sorted: readonly Prefix[]): { destination: Destination; text: string } | null {
  if (set.network) {
    const addr = representative(set.network, sorted);
    const text = formatAddr(addr);
    return { destination: { kind: 'ip', addr, text }, text };
  }
  const first = set.domains?.[0];
  if (!first) return null;
  const name = domainProbe(first.toLowerCase());
  return { destination: { kind: 'domain', name }, text: name };
}

/** Builds the matrix; needs the groups and peers of the export. */
export function reachabilityOf(model: Model, states: PeerStates = new PeerStates(), options: ReachabilityOptions = {}): Reachability {
  const prefixes = model.haSets.flatMap((s) => (s.network ? [s.network] : [])).sort((a, b) => compareAddr(networkAddr(a), networkAddr(b)) || a.bits - b.bits);
  const cells: ReachabilityCell[] = [];
  const groupIds = new Set<string>();
  let budget = options.maxSimulations ?? Infinity;
  let omittedSets = 0;
  let exhausted = false;
  for (const set of model.haSets) {
    const probe = probeOf(set, prefixes);
    if (!probe) continue;
    const groups = [...new Set(set.routes.flatMap((r) => r.groups))].filter((g) => g !== '');
    const cost = groups.reduce((n, g) => n + model.membersOf(g).size, 0);
    // Once one set does not fit, none after it is simulated: the matrix stays a prefix of the set order.
    if (exhausted || cost > budget) {
      exhausted = true;
      omittedSets++;
      continue;
    }
    budget -= cost;
    for (const groupId of groups) {
      groupIds.add(groupId);
      const answer = simulateGroup(model, { destination: probe.destination, from: { kind: 'group', groupId }, currentPeerId: null, exitNode: options.exitNode ?? null }, states);
      const privateSet = !set.isExit && set.network !== null && isPrivatePrefix(set.network);
      const outcomes = answer.outcomes.map((o) => ({
        disposition: o.disposition,
        peer: o.peer,
        networkId: o.route?.network_id ?? null,
        nondeterministic: o.nondeterministic,
        possiblePeers: possiblePeersOf(o),
        sources: o.sources,
        privateViaExit: privateSet && o.route !== null && 'network' in o.route && o.route.network.endsWith('/0'),
      }));
      cells.push({ group: { id: groupId, name: model.groupName(groupId) }, set: setRefOf(set), destination: probe.text, outcomes: mergeOutcomes(outcomes) });
    }
  }
  cells.sort((a, b) => compareStrings(a.set.key, b.set.key) || compareStrings(a.group.name, b.group.name) || compareStrings(a.group.id, b.group.id));
  const groups = [...groupIds].map((id) => ({ id, name: model.groupName(id) })).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  return { groups, sets: model.haSets.map(setRefOf), cells, ...(omittedSets > 0 ? { omittedSets } : {}) };
}

/** The chosen peer, or every tied or conflicting candidate's peer when the choice is nondeterministic; sorted by name. */
function possiblePeersOf(o: Pick<Outcome, 'peer' | 'nondeterministic' | 'candidates'>): PeerRef[] {
  if (!o.nondeterministic) return o.peer ? [o.peer] : [];
  const byId = new Map<string, PeerRef>();
  for (const c of o.candidates) if ((c.reason === 'tied' || c.reason === 'conflict') && c.peer) byId.set(c.peer.id, c.peer);
  return [...byId.values()].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
}

/** The simulator splits members by their whole answer (trace included); the matrix only cares who carries the traffic. */
function mergeOutcomes(outcomes: readonly CellOutcome[]): CellOutcome[] {
  const byKey = new Map<string, { o: CellOutcome; sources: PeerRef[] }>();
  for (const o of outcomes) {
    const key = JSON.stringify([o.disposition, o.peer?.id ?? null, o.networkId, o.nondeterministic, o.possiblePeers.map((p) => p.id), o.privateViaExit]);
    const entry = byKey.get(key);
    if (entry) entry.sources.push(...o.sources);
    else byKey.set(key, { o, sources: [...o.sources] });
  }
  return [...byKey.values()]
    .map(({ o, sources }) => ({ ...o, sources: sources.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id)) }))
    .sort((a, b) => b.sources.length - a.sources.length || compareStrings(a.sources[0]?.name ?? '', b.sources[0]?.name ?? ''));
}

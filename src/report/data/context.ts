// What every section builder of the report needs: names for peer and group ids, and the findings
// counted per route, so a section can mark what it shows with the worst severity behind it.
import type { LintMessage } from '../../engine/lint.js';
import { forwardingStop } from '../../model/forwarding.js';
import type { Model, Route } from '../../model/types.js';
import { comparePrefix, type Prefix } from '../../net/prefix.js';
import { compareByNameThenId } from '../../order.js';
import { ranks } from '../../model/sets.js';
import type { FindingCounts, FindingSeverity, PeerHealth, Ref, ReportFinding, WorstSeverity } from './types.js';

export interface ReportContext {
  readonly model: Model;
  peerRef(id: string): Ref;
  /** Refs of a list of peer ids, sorted by name: the same array for the same list (routes naming the same peer groups share one, see Model.routingPeersOf). */
  peerRefsOf(ids: readonly string[]): readonly Ref[];
  groupRef(id: string): Ref;
  /** Distinct, non-empty group ids as refs, sorted by name. */
  groupRefs(ids: readonly string[]): Ref[];
  /** The active findings on a route. */
  routeCounts(routeId: string): FindingCounts;
  /** The worst severity of the active findings on any of the routes. */
  routesSeverity(routes: readonly Route[]): WorstSeverity;
}

/** Refs by name, then id. */
export const compareRefs: (a: Ref, b: Ref) => number = compareByNameThenId;

/**
 * `items` sorted by `compare`, given each item's prefix (or null) for `compare` to read as
 * comparePrefix would: `compare(a, b, byPrefix)` gets byPrefix(a, b), which compares prefixes as
 * numbers made once per item rather than bigints per comparison (the sections sort a hundred
 * thousand routes or sets): an IPv4 prefix's number is exact (address times 64 plus length), an
 * IPv6 prefix's is V6_KEY_BASE plus the address's top 52 bits, equal for prefixes that differ only
 * below them (those are compared as bigints). `compare` must order two items with different
 * prefixes by their prefixes (byPrefix) before anything else: pairs whose numbers differ are
 * ordered by the numbers alone, without calling it.
 */
export function sortByPrefix<T>(items: readonly T[], prefixOf: (item: T) => Prefix | null, compare: (a: T, b: T, byPrefix: (a: T, b: T) => number) => number): T[] {
  // Sorted as positions, each with its key: the comparator reads two numbers.
  const keys = new Float64Array(items.length).fill(-1);
  items.forEach((item, i) => {
    const p = prefixOf(item);
    if (p) keys[i] = p.family === 4 ? Number(p.start) * 64 + p.bits : V6_KEY_BASE + Number(p.start >> 76n);
  });
  let i = 0;
  let j = 0;
  const byPrefix = (a: T, b: T): number => {
    const x = keys[i]!;
    const y = keys[j]!;
    // byPrefix is asked about the two items being compared (positions i and j), as compare gets them.
    return x >= 0 && y >= 0 && (x !== y || x < V6_KEY_BASE) ? x - y : comparePrefix(prefixOf(a)!, prefixOf(b)!);
  };
  // Positions compared by `compare`, equal ones in their order (a stable sort, as Array.prototype.sort).
  const compareAt = (x: number, y: number): number => {
    i = x;
    j = y;
    return compare(items[x]!, items[y]!, byPrefix) || x - y;
  };
  // Items with a prefix by their numbers' ranks, sorted natively as one number each (rank times
  // the count plus the position: no comparator called for a hundred thousand routes); only items
  // of one number are compared, run by run. The others (no prefix) are sorted by the comparator,
  // and the two lists merged by it.
  const numbered: number[] = [];
  const numbers: number[] = [];
  const rest: number[] = [];
  for (let k = 0; k < items.length; k++) {
    if (keys[k]! >= 0) {
      numbered.push(k);
      numbers.push(keys[k]!);
    } else rest.push(k);
  }
  const n = items.length;
  const { rankOf } = ranks(numbers);
  const packed = new Float64Array(numbered.length);
  for (let t = 0; t < numbered.length; t++) packed[t] = rankOf[t]! * n + numbered[t]!;
  packed.sort();
  const byNumber: number[] = new Array(numbered.length);
  for (let t = 0; t < packed.length; t++) byNumber[t] = packed[t]! % n;
  for (let start = 0; start < packed.length; ) {
    const rank = Math.floor(packed[start]! / n);
    let end = start + 1;
    while (end < packed.length && Math.floor(packed[end]! / n) === rank) end++;
    if (end - start > 1) {
      const run = byNumber.slice(start, end).sort(compareAt);
      for (let t = 0; t < run.length; t++) byNumber[start + t] = run[t]!;
    }
    start = end;
  }
  if (rest.length === 0) return byNumber.map((k) => items[k]!);
  rest.sort(compareAt);
  const out: T[] = [];
  let a = 0;
  let b = 0;
  while (a < byNumber.length && b < rest.length) out.push(items[compareAt(byNumber[a]!, rest[b]!) <= 0 ? byNumber[a++]! : rest[b++]!]!);
  while (a < byNumber.length) out.push(items[byNumber[a++]!]!);
  while (b < rest.length) out.push(items[rest[b++]!]!);
  return out;
}

/** IPv6 prefixes' numbers in sortByPrefix start here, past every IPv4 prefix's (below 2^38); plus 52 bits, below 2^53. */
const V6_KEY_BASE = 2 ** 38;

/** Drops a ref equal (by id) to the one before it, in a sorted list. */
export function dedupeRefs(refs: readonly Ref[]): Ref[] {
  return refs.filter((r, i) => i === 0 || r.id !== refs[i - 1]!.id);
}

const NO_FINDINGS: FindingCounts = Object.freeze({ error: 0, warning: 0 });

export const SEVERITY_RANK: Record<WorstSeverity, number> = { error: 2, warning: 1, none: 0 };

/** Severities by SEVERITY_RANK. */
const RANKED_SEVERITY: readonly WorstSeverity[] = ['none', 'warning', 'error'];

export function severityOf(m: LintMessage): FindingSeverity {
  return m.severity === 2 ? 'error' : 'warning';
}

export function severityOfCounts(c: FindingCounts): WorstSeverity {
  return c.error > 0 ? 'error' : c.warning > 0 ? 'warning' : 'none';
}

export function countsOf(findings: readonly ReportFinding[]): FindingCounts {
  const error = findings.filter((f) => f.severity === 'error').length;
  return { error, warning: findings.length - error };
}

/** The export's state of a routing peer; null when the export has no peers. */
export function peerHealthOf(model: Model, peerId: string): PeerHealth | null {
  if (!model.peers) return null;
  const peer = model.peers.get(peerId);
  if (!peer) return 'unknown-peer';
  if (peer.loginExpired) return 'login-expired';
  if (forwardingStop(peer) !== null) return 'forwards-nothing';
  return peer.connected ? 'connected' : 'disconnected';
}

export function reportContextOf(model: Model, active: readonly ReportFinding[]): ReportContext {
  const countsByRoute = new Map<string, { error: number; warning: number }>();
  for (const f of active) {
    if (f.routeId === null) continue;
    let c = countsByRoute.get(f.routeId);
    if (!c) countsByRoute.set(f.routeId, (c = { error: 0, warning: 0 }));
    c[f.severity]++;
  }
  // Most routes have no finding: they share one count of none (not an object each, a hundred thousand of them).
  const routeCounts = (id: string): FindingCounts => countsByRoute.get(id) ?? NO_FINDINGS;
  const groupRefCache = new Map<string, Ref>();
  const groupRef = (id: string): Ref => {
    let ref = groupRefCache.get(id);
    if (!ref) groupRefCache.set(id, (ref = Object.freeze({ id, name: model.groupName(id) })));
    return ref;
  };
  // A route's group lists are read by several sections: each list's refs are built once.
  const groupLists = new WeakMap<readonly string[], Ref[]>();
  // One ref per peer, and one sorted list of refs per list of ids, shared by every section.
  const peerRefs = new Map<string, Ref>();
  const peerRef = (id: string): Ref => {
    let ref = peerRefs.get(id);
    if (!ref) peerRefs.set(id, (ref = Object.freeze({ id, name: model.peerName(id) })));
    return ref;
  };
  const refLists = new WeakMap<readonly string[], readonly Ref[]>();
  // Each route's worst severity by its index, read once per route (the HA sets, the address map
  // and the exit nodes each ask about every route): none when no finding names a route.
  let severityByIndex: Uint8Array | null = null;
  const severityRanks = (): Uint8Array => {
    if (!severityByIndex) {
      let last = 0;
      for (const r of model.routes) if (r.index > last) last = r.index;
      severityByIndex = new Uint8Array(last + 1);
      if (countsByRoute.size > 0) for (const r of model.routes) severityByIndex[r.index] = SEVERITY_RANK[severityOfCounts(routeCounts(r.id))];
    }
    return severityByIndex;
  };
  return {
    model,
    peerRef,
    peerRefsOf: (ids) => {
      let refs = refLists.get(ids);
      if (!refs) refLists.set(ids, (refs = Object.freeze(ids.map(peerRef).sort(compareRefs))));
      return refs;
    },
    groupRef,
    groupRefs: (ids) => {
      let refs = groupLists.get(ids);
      // Most routes name one group: no set, filter or sort for it.
      if (!refs) groupLists.set(ids, (refs = ids.length === 1 ? (ids[0] === '' ? [] : [groupRef(ids[0]!)]) : [...new Set(ids)].filter((g) => g !== '').map(groupRef).sort(compareRefs)));
      // A copy: callers own the list they are given.
      return [...refs];
    },
    routeCounts,
    routesSeverity: (routes) => {
      const ranks = severityRanks();
      let rank = 0;
      for (let i = 0; i < routes.length && rank < 2; i++) {
        // The sections ask about the model's routes; an index past them is looked up by the route's id.
        const r = routes[i]!;
        const own = r.index < ranks.length ? ranks[r.index]! : SEVERITY_RANK[severityOfCounts(routeCounts(r.id))];
        if (own > rank) rank = own;
      }
      return RANKED_SEVERITY[rank]!;
    },
  };
}

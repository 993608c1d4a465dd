// Views of the HA sets that several rules share: sets ordered as NetBird ranks network_ids, the
// enabled routes of each, and network sets grouped by identical prefix in sweep order.
import { comparePrefix, type Prefix } from '../net/prefix.js';
import { compareCodePoints } from '../order.js';
import type { HaSet, Model, Route } from './types.js';

/** An HA set with only its enabled routes (disabled routes are delivered to nobody). */
export interface LiveSet {
  readonly set: HaSet;
  readonly routes: readonly Route[];
}

/** All HA sets holding one prefix, in network_id order. */
export interface PrefixNode {
  readonly prefix: Prefix;
  readonly sets: readonly LiveSet[];
}

/** Orders HA sets by network_id as NetBird compares it (Go string order), then by key. */
export function compareHaSets(a: HaSet, b: HaSet): number {
  return compareCodePoints(a.networkId, b.networkId) || compareCodePoints(a.key, b.key);
}

/** A loop, not `every`: it is asked of every HA set, and a closure per set adds up. */
function allEnabled(routes: readonly Route[]): boolean {
  for (let i = 0; i < routes.length; i++) if (!routes[i]!.enabled) return false;
  return true;
}

/** The set with its enabled routes; null when none is enabled. */
export function liveSet(set: HaSet, keep?: (route: Route) => boolean): LiveSet | null {
  // Usually every route of the set is enabled: then the set's own frozen list serves.
  if (!keep && allEnabled(set.routes)) return set.routes.length > 0 ? Object.freeze({ set, routes: set.routes }) : null;
  const routes = set.routes.filter((r) => r.enabled && (!keep || keep(r)));
  return routes.length > 0 ? Object.freeze({ set, routes: Object.freeze(routes) }) : null;
}

const nodesCache = new WeakMap<Model, readonly PrefixNode[]>();

/**
 * The distinct values of `keys` in ascending order, and the rank of each key among them: the
 * numbers sorted natively in a Float64Array (no comparator called), each rank found by binary search.
 */
export function ranks(keys: readonly number[]): { distinct: Float64Array; rankOf: Uint32Array } {
  const sorted = Float64Array.from(keys).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  const distinct = sorted.subarray(0, n);
  const rankOf = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    rankOf[i] = lo;
  }
  return { distinct, rankOf };
}

/**
 * Network HA sets with at least one enabled route, grouped by identical prefix and sorted for a
 * sweep (comparePrefix: family, network address, then shorter prefix first, so every prefix
 * comes after all prefixes that contain it).
 */
export function livePrefixNodes(model: Model): readonly PrefixNode[] {
  const known = nodesCache.get(model);
  if (known) return known;
  // IPv4 prefixes by one number each (network address × 64 + length, exact in a double), which
  // also sorts them in comparePrefix order; IPv6 prefixes by their text. The distinct numbers are
  // sorted natively (a Float64Array, no comparator) and each set is placed by the rank of its
  // number, found by binary search: no object per set and no Map of 100,000 keys.
  const v4: LiveSet[] = [];
  const v4Keys: number[] = [];
  const v6 = new Map<string, { prefix: Prefix; sets: LiveSet[] }>();
  const { haSets } = model;
  // An index loop: a for-of run once allocates an iterator result per set until it is optimized.
  for (let i = 0; i < haSets.length; i++) {
    const set = haSets[i]!;
    const prefix = set.network;
    if (!prefix) continue;
    const live = liveSet(set);
    if (!live) continue;
    if (prefix.family === 4) {
      v4.push(live);
      v4Keys.push(Number(prefix.start) * 64 + prefix.bits);
    } else {
      const node = v6.get(prefix.text);
      if (node) node.sets.push(live);
      else v6.set(prefix.text, { prefix, sets: [live] });
    }
  }
  const freeze = (n: { prefix: Prefix; sets: LiveSet[] }): PrefixNode => Object.freeze({ prefix: n.prefix, sets: Object.freeze(n.sets.length > 1 ? n.sets.sort((a, b) => compareHaSets(a.set, b.set)) : n.sets) });
  const nodes: PrefixNode[] = [];
  const { distinct, rankOf } = ranks(v4Keys);
  // Sets per rank, in HA set order within a rank (compareHaSets sorts them below when there are several).
  const perRank: LiveSet[][] = new Array<LiveSet[]>(distinct.length);
  for (let i = 0; i < v4.length; i++) {
    const r = rankOf[i]!;
    const sets = perRank[r];
    if (sets) sets.push(v4[i]!);
    else perRank[r] = [v4[i]!];
  }
  for (const sets of perRank) nodes.push(freeze({ prefix: sets[0]!.set.network!, sets }));
  for (const node of [...v6.values()].map(freeze).sort((a, b) => comparePrefix(a.prefix, b.prefix))) nodes.push(node);
  Object.freeze(nodes);
  nodesCache.set(model, nodes);
  return nodes;
}

/**
 * The routing peers of some routes (an HA set's, usually) after peer_groups expansion.
 * `enabledOnly`: of the enabled routes only; `knownOnly`: only peers in the peers export (the others
 * are unknown-peer's finding).
 */
export function routingPeersOfRoutes(model: Model, routes: readonly Route[], { enabledOnly = false, knownOnly = false } = {}): Set<string> {
  const out = new Set<string>();
  for (const route of routes) {
    if (enabledOnly && !route.enabled) continue;
    for (const p of model.routingPeersOf(route) ?? []) if (!knownOnly || model.peers?.has(p)) out.add(p);
  }
  return out;
}

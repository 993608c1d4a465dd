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
  for (const r of routes) if (!r.enabled) return false;
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
 * Network HA sets with at least one enabled route, grouped by identical prefix and sorted for a
 * sweep (comparePrefix: family, network address, then shorter prefix first, so every prefix
 * comes after all prefixes that contain it).
 */
export function livePrefixNodes(model: Model): readonly PrefixNode[] {
  const known = nodesCache.get(model);
  if (known) return known;
  // IPv4 prefixes by one number each (network address × 64 + length, exact in a double), which
  // also sorts them in comparePrefix order; IPv6 prefixes by their text. Sorting the sets by that
  // number and cutting runs costs less than a Map of 100,000 such keys.
  const v4: { key: number; live: LiveSet }[] = [];
  const v6 = new Map<string, { prefix: Prefix; sets: LiveSet[] }>();
  for (const set of model.haSets) {
    const prefix = set.network;
    if (!prefix) continue;
    const live = liveSet(set);
    if (!live) continue;
    if (prefix.family === 4) v4.push({ key: Number(prefix.start) * 64 + prefix.bits, live });
    else {
      const node = v6.get(prefix.text);
      if (node) node.sets.push(live);
      else v6.set(prefix.text, { prefix, sets: [live] });
    }
  }
  const freeze = (n: { prefix: Prefix; sets: LiveSet[] }): PrefixNode => Object.freeze({ prefix: n.prefix, sets: Object.freeze(n.sets.length > 1 ? n.sets.sort((a, b) => compareHaSets(a.set, b.set)) : n.sets) });
  v4.sort((a, b) => a.key - b.key);
  const nodes: PrefixNode[] = [];
  for (let i = 0; i < v4.length; ) {
    let j = i + 1;
    while (j < v4.length && v4[j]!.key === v4[i]!.key) j++;
    const sets: LiveSet[] = [];
    for (let k = i; k < j; k++) sets.push(v4[k]!.live);
    nodes.push(freeze({ prefix: v4[i]!.live.set.network!, sets }));
    i = j;
  }
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

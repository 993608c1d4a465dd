// Views of the HA sets that several rules share: sets ordered as NetBird ranks network_ids, the
// enabled routes of each, and network sets grouped by identical prefix in sweep order.
import { comparePrefix, type Prefix } from '../net/prefix.js';
import { compareCodePoints } from './order.js';
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

/** The set with its enabled routes; null when none is enabled. */
export function liveSet(set: HaSet, keep?: (route: Route) => boolean): LiveSet | null {
  // Usually every route of the set is enabled: then the set's own frozen list serves.
  if (!keep && set.routes.every((r) => r.enabled)) return set.routes.length > 0 ? Object.freeze({ set, routes: set.routes }) : null;
  const routes = set.routes.filter((r) => r.enabled && (!keep || keep(r)));
  return routes.length > 0 ? Object.freeze({ set, routes: Object.freeze(routes) }) : null;
}

/** The network address of an IPv4 prefix as a number. */
function n4(prefix: Prefix): number {
  return Number(prefix.start);
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
  const byPrefix = new Map<string, { prefix: Prefix; sets: LiveSet[] }>();
  for (const set of model.haSets) {
    if (!set.network) continue;
    const live = liveSet(set);
    if (!live) continue;
    const node = byPrefix.get(set.network.text);
    if (node) node.sets.push(live);
    else byPrefix.set(set.network.text, { prefix: set.network, sets: [live] });
  }
  const frozen = [...byPrefix.values()].map((n) => Object.freeze({ prefix: n.prefix, sets: Object.freeze(n.sets.length > 1 ? n.sets.sort((a, b) => compareHaSets(a.set, b.set)) : n.sets) }));
  // comparePrefix order. IPv4 prefixes, usually nearly all of them, sort on one number each
  // (network address × 64 + length, exact in a double) instead of bigint comparisons.
  const v4 = frozen
    .filter((n) => n.prefix.family === 4)
    .map((node) => ({ node, key: Number(n4(node.prefix)) * 64 + node.prefix.bits }))
    .sort((a, b) => a.key - b.key)
    .map((k) => k.node);
  const nodes = [...v4, ...frozen.filter((n) => n.prefix.family !== 4).sort((a, b) => comparePrefix(a.prefix, b.prefix))];
  Object.freeze(nodes);
  nodesCache.set(model, nodes);
  return nodes;
}

/** What an HA set routes, for messages: its prefix, or its domains joined. */
export function haSetTarget(set: HaSet): string {
  return set.network ? set.network.text : (set.domains ?? []).join(', ');
}

/** What a route routes, for messages: its prefix (as NetBird stores it) or its domains. */
export function routeTarget(route: Route): string {
  if (route.kind === 'domain' && route.domains) return route.domains.join(', ');
  return route.network ? route.network.text : route.networkText;
}

// The address map section: one entry per distinct routed prefix, whatever HA sets route it, and
// those entries nested (addressTreeOf) for the map to draw a level at a time.
import type { Route } from '../../model/types.js';
import { parentIndexes } from '../../net/prefix-forest.js';
import { isDefaultRoute, type Prefix } from '../../net/prefix.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import { sortByPrefix, type ReportContext } from './context.js';
import type { MapPrefix } from './types.js';

export function addressMapOf(ctx: ReportContext): MapPrefix[] {
  // Most prefixes are one set's: lists, deduplicated only where a prefix has several sets.
  const byPrefix = new Map<string, { prefix: Prefix; networkIds: string[]; routes: Route[] }>();
  for (const set of ctx.model.haSets) {
    if (!set.network) continue;
    const entry = byPrefix.get(set.network.text);
    if (!entry) byPrefix.set(set.network.text, { prefix: set.network, networkIds: [set.networkId], routes: set.routes.slice() });
    else {
      entry.networkIds.push(set.networkId);
      for (const r of set.routes) entry.routes.push(r);
    }
  }
  const entries = [...byPrefix.values()].map((e) => ({
    prefix: e.prefix,
    networkIds: e.networkIds.length === 1 ? e.networkIds : [...new Set(e.networkIds)].sort(compareCodePoints),
    routeIds: e.routes.length === 1 ? [e.routes[0]!.id] : [...new Set(e.routes.map((r) => r.id))].sort(compareStrings),
    severity: ctx.routesSeverity(e.routes),
    enabled: e.routes.some((r) => r.enabled),
  }));
  // In comparePrefix order (the prefixes are distinct), IPv4 ones compared as numbers made once each.
  return sortByPrefix(entries, (e) => e.prefix, (a, b, byPrefix) => byPrefix(a, b));
}

/** The address map's prefixes nested for drawing: the default routes apart, the rest as a forest. */
export interface AddressTree {
  /** 0.0.0.0/0 and ::/0 (exit nodes): they contain every address, so they are drawn apart and nothing nests under them. */
  readonly defaults: readonly MapPrefix[];
  /** Every other prefix, in comparePrefix order: a prefix before those it contains. */
  readonly nodes: readonly MapPrefix[];
  /** Per node: the index in `nodes` of the closest prefix containing it, -1 at the top level. */
  readonly parent: Int32Array;
  /** Per node: the indexes of the nodes nested directly in it, in address order. */
  readonly children: readonly (readonly number[])[];
  /** Per node: how many nodes are nested in it at any depth. */
  readonly nested: Int32Array;
  /** Top-level nodes of each family (contained by no other non-default prefix), in address order. */
  readonly top: { readonly 4: readonly number[]; readonly 6: readonly number[] };
}

/** Nests the map's entries (distinct, in comparePrefix order, as addressMapOf gives them). */
export function addressTreeOf(entries: readonly MapPrefix[]): AddressTree {
  const defaults = entries.filter((e) => isDefaultRoute(e.prefix));
  const nodes = entries.filter((e) => !isDefaultRoute(e.prefix));
  const parent = parentIndexes(nodes.map((e) => e.prefix));
  const children: number[][] = nodes.map(() => []);
  const top: { 4: number[]; 6: number[] } = { 4: [], 6: [] };
  nodes.forEach((e, i) => (parent[i]! < 0 ? top[e.prefix.family] : children[parent[i]!]!).push(i));
  // Parents come before their children: adding from the end counts each subtree once.
  const nested = new Int32Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) if (parent[i]! >= 0) nested[parent[i]!]! += nested[i]! + 1;
  return { defaults, nodes, parent, children, nested, top };
}

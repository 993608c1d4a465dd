// Small, deterministic descriptions of model objects for rule messages, and what a peer's OS
// implies for routing. Kept here so every rule names things the same way.
import type { HaSet, Model, Route } from './types.js';

/** What a route carries: its prefix, or its domains joined with ", ". */
export function targetOf(route: Route): string {
  if (route.kind === 'domain' && route.domains) return route.domains.join(', ');
  return route.network?.text ?? route.networkText;
}

/** What an HA set carries: its prefix, or its domains joined with ", ". */
export function targetOfSet(set: HaSet): string {
  return set.network?.text ?? (set.domains ?? []).join(', ');
}

/** Peers sorted by display name, then id: the total order rule messages list peers in. */
export function sortPeersByName(model: Model, ids: Iterable<string>): string[] {
  return [...ids]
    .map((id) => ({ id, name: model.peerName(id) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => p.id);
}

/**
 * Up to `limit` peer names in the order given, joined with ", ", and ", …" when `total` says
 * there are more. Callers pass ids already in their reporting order.
 */
export function nameList(names: readonly string[], total: number, limit = 3): string {
  const shown = names.slice(0, limit).join(', ');
  return total > Math.min(limit, names.length) ? `${shown}, …` : shown;
}

/** Group names of the given ids, in the order given, joined with ", ". */
export function groupNames(model: Model, ids: readonly string[]): string {
  return ids.map((g) => model.groupName(g)).join(', ');
}

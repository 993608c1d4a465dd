// Small, deterministic descriptions of model objects for rule messages, and what a peer's OS
// implies for routing. Kept here so every rule names things the same way.
import { compareByNameThenId } from '../order.js';
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
    .sort(compareByNameThenId)
    .map((p) => p.id);
}

export interface NameListOptions {
  /** How many names to show; 3 unless given. */
  readonly limit?: number;
  /** How many there are in all, when `names` holds only the first few; `names.length` unless given. */
  readonly total?: number;
  /** Say how many were left out: `a, b, …` becomes `a, b, … (4 more)`. */
  readonly countRest?: boolean;
}

/**
 * Up to `limit` names in the order given, joined with ", ", and ", …" when there are more.
 * Callers pass names already in their reporting order.
 */
export function nameList(names: readonly string[], { limit = 3, total = names.length, countRest = false }: NameListOptions = {}): string {
  const shown = names.slice(0, limit);
  const rest = total - shown.length;
  if (rest <= 0) return shown.join(', ');
  return `${shown.join(', ')}, …${countRest ? ` (${rest} more)` : ''}`;
}

/** Group names of the given ids, in the order given, joined with ", ". */
export function groupNames(model: Model, ids: readonly string[]): string {
  return ids.map((g) => model.groupName(g)).join(', ');
}

/** A list of peers as a finding shows it: how many, the first few names, and every id in the reporting order (for the JSON data). */
export interface PeerSummary {
  readonly count: number;
  /** The first three names, then `…` and how many more. */
  readonly names: string;
  readonly ids: readonly string[];
}

export function summarizePeers(model: Model, ids: Iterable<string>): PeerSummary {
  const sorted = sortPeersByName(model, ids);
  return { count: sorted.length, names: nameList(sorted.slice(0, 3).map((p) => model.peerName(p)), { total: sorted.length, countRest: true }), ids: sorted };
}

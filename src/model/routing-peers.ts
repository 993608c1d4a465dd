// Routing peers of a route (docs/netbird-behaviour.md §3): its `peer`, or every member of its `peer_groups`, each
// peer once. One expansion for the model (lint, report, diff) and the simulator.
import { compareStrings } from '../order.js';
import type { Route } from './types.js';

/**
 * How a route that names both a `peer` and `peer_groups` is read. The management server refuses
 * such a route (§2), so only a hand-edited export holds one: the model reads `peer` alone, as the
 * route's owner wrote it first ('peer-only'); the simulator serves it from both ('both'), so that
 * no routing peer the export names is left out of an answer's candidates.
 */
export type PeerWithGroups = 'peer-only' | 'both';

/** Routing peer ids of `route`, sorted; `membersOf` gives a group's peers. */
export function routingPeerIds(route: Route, membersOf: (groupId: string) => ReadonlySet<string>, peerWithGroups: PeerWithGroups): string[] {
  if (route.peer !== '' && (peerWithGroups === 'peer-only' || route.peerGroups.length === 0)) return [route.peer];
  const out = new Set<string>();
  if (route.peer !== '') out.add(route.peer);
  for (const g of route.peerGroups) for (const p of membersOf(g)) out.add(p);
  return [...out].sort(compareStrings);
}

// Routing peers that serve the destination's sets alike share one answer in a group question
// (Simulator.memberOutcomes): the answer computed for the first of them, the representative, with
// each member's own rows listed next to it (`own_routes`). A member's own answer is that one with
// the representative's rows and the member's swapped: NetBird treats its own routes the same way
// whichever peer it is (docs/netbird-behaviour.md §3: a peer serving a set reaches it directly and
// ignores the set's other routes), and the answer's prose speaks of "the source", not by name.
import type { Candidate, GroupOutcome, Outcome, PeerRef, RouteRef } from './answer.js';
import { sortCandidateRows } from './outcome.js';

/** One member of a shared serving answer and its own routes, aligned with the representative's. */
export interface OwnRoutes {
  readonly source: PeerRef;
  /** Its route in each set the answer weighs that it serves; for a LOCAL answer the one that carries the traffic first. */
  readonly routes: readonly RouteRef[];
}

const sameRoute = (a: RouteRef, b: RouteRef): boolean => a.id === b.id && a.network_id === b.network_id;

/** The set a candidate row belongs to, as the answer names it. */
function setLabel(r: RouteRef): string {
  return 'network' in r ? `${r.network_id}\u0000${r.network}` : `${r.network_id}\u0000${JSON.stringify(r.domains)}`;
}

/**
 * `shared` (the representative's answer) as `member` sees it: the representative's rows become the
 * member's and the member's the representative's, each set's rows sorted again.
 */
export function ownOutcome(shared: Outcome, representative: OwnRoutes, member: OwnRoutes): Outcome {
  if (member.source.id === representative.source.id) return shared;
  const rep = representative.source;
  const swap = (route: RouteRef, peer: PeerRef | null): { route: RouteRef; peer: PeerRef | null } | null => {
    for (let k = 0; k < representative.routes.length; k++) {
      if (peer?.id === rep.id && sameRoute(route, representative.routes[k]!)) return { route: member.routes[k]!, peer: member.source };
      if (peer?.id === member.source.id && sameRoute(route, member.routes[k]!)) return { route: representative.routes[k]!, peer: rep };
    }
    return null;
  };
  const candidates: Candidate[] = [];
  let run: Candidate[] = [];
  let label: string | null = null;
  let swapped = false;
  const flush = () => {
    candidates.push(...(swapped ? sortCandidateRows(run) : run));
    run = [];
    swapped = false;
  };
  for (const c of shared.candidates) {
    const l = setLabel(c.route);
    if (l !== label) flush();
    label = l;
    const s = swap(c.route, c.peer);
    if (s) swapped = true;
    run.push(s ? { ...c, ...s } : c);
  }
  flush();
  const carrier = shared.peer?.id === rep.id ? swap(shared.route!, shared.peer) : null;
  return { ...shared, ...(carrier ? { peer: carrier.peer, route: carrier.route } : {}), candidates };
}

/** Every member of a group outcome with its own answer (the outcome itself for most). */
export function memberAnswers(o: GroupOutcome): { source: PeerRef; outcome: Outcome }[] {
  const { sources, own_routes: own, ...rest } = o;
  const shared: Outcome = rest;
  if (!own) return sources.map((source) => ({ source, outcome: shared }));
  // A merged LOCAL outcome names no carrier: each member is its own, through the first of its routes.
  const representative = own[0]!;
  const local = shared.disposition === 'LOCAL' && shared.peer === null;
  const asRepresentative: Outcome = local ? { ...shared, peer: representative.source, route: representative.routes[0]! } : shared;
  return own.map((member) => ({ source: member.source, outcome: ownOutcome(asRepresentative, representative, member) }));
}

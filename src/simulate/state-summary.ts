// What an answer assumes about routing peers' states, summed up per set outcome (outcome.ts
// `stateAssumptions`): the peers of its states whose state was assumed, guessed or assumed while
// offline. A member of a group receives its own part of an exit set of thousands of routes; its
// summary is read off the set's few marked routes rather than off every route it receives.
import type { SetOutcome } from './decision.js';
import type { SimRoute, SimSet } from './distribution.js';
import type { PeerStates, ResolvedState } from './peer-states.js';

/**
 * The routing peers of one set's states whose state was assumed (kept only when some state was
 * given: without one every state is, and no answer names them), whose connection type is
 * unknown, and those assumed but offline in the export. Each peer once, in no particular order.
 */
export interface StateSummary {
  readonly assumed: readonly string[];
  readonly guessed: readonly string[];
  readonly offline: readonly string[];
}

const ASSUMED = 1;
const GUESSED = 2;
const OFFLINE = 4;

/** Which kinds of `StateSummary` a routing peer's state is of (bits). */
function kindsOf(route: SimRoute, s: ResolvedState, given: boolean): number {
  let kinds = 0;
  if (s.origin === 'assumed') {
    if (given) kinds |= ASSUMED;
    if (route.routingPeer?.connected === false) kinds |= OFFLINE;
  }
  if (s.state?.connectionUnknown === true && s.state.status !== 'Connecting') kinds |= GUESSED;
  return kinds;
}

/**
 * The routes of one set whose peer's state is of some kind, under one question's peer states
 * (every answer of the question looks its routing peers up in them), and their kinds; `repeats`:
 * some peer has two of them.
 */
interface MarkedRoutes {
  readonly routes: readonly SimRoute[];
  readonly kinds: Uint8Array;
  readonly repeats: boolean;
}

const markedRoutes = new WeakMap<PeerStates, WeakMap<SimSet, MarkedRoutes>>();

function markedOf(peerStates: PeerStates, set: SimSet): MarkedRoutes {
  let bySet = markedRoutes.get(peerStates);
  if (!bySet) markedRoutes.set(peerStates, (bySet = new WeakMap()));
  let marked = bySet.get(set);
  if (marked) return marked;
  const given = peerStates.given;
  const routes: SimRoute[] = [];
  const kinds: number[] = [];
  const peers = new Set<string>();
  for (const r of set.routes) {
    if (r.peerId === null) continue;
    const k = kindsOf(r, peerStates.lookup(r.peerId), given);
    if (k === 0) continue;
    routes.push(r);
    kinds.push(k);
    peers.add(r.peerId);
  }
  bySet.set(set, (marked = { routes, kinds: Uint8Array.from(kinds), repeats: peers.size < routes.length }));
  return marked;
}

/**
 * Collects a summary's ids, each peer once (a peer's state is the same on each of its routes);
 * `repeats`: a peer may come more than once.
 */
class SummaryBuilder {
  private readonly assumed: string[] = [];
  private readonly guessed: string[] = [];
  private readonly offline: string[] = [];
  private readonly seen: Set<string> | null;

  constructor(repeats: boolean) {
    this.seen = repeats ? new Set() : null;
  }

  add(peerId: string, kinds: number): void {
    if (kinds === 0) return;
    if (this.seen) {
      if (this.seen.has(peerId)) return;
      this.seen.add(peerId);
    }
    if (kinds & ASSUMED) this.assumed.push(peerId);
    if (kinds & GUESSED) this.guessed.push(peerId);
    if (kinds & OFFLINE) this.offline.push(peerId);
  }

  summary(): StateSummary {
    return { assumed: this.assumed, guessed: this.guessed, offline: this.offline };
  }
}

/** The summary of `states` (looked up in `peerStates`), route by route. */
export function plainSummary(peerStates: PeerStates, states: ReadonlyMap<SimRoute, ResolvedState>): StateSummary {
  const given = peerStates.given;
  const out = new SummaryBuilder(true);
  // forEach, not for-of: entries would make a pair per route (a member's part of an exit set, for every member).
  states.forEach((s, r) => out.add(r.peerId!, kindsOf(r, s, given)));
  return out.summary();
}

/** `plainSummary` of the states of routes of `set`, read off the set's marked routes. */
export function markedSummary(peerStates: PeerStates, set: SimSet, states: ReadonlyMap<SimRoute, ResolvedState>): StateSummary {
  const { routes, kinds, repeats } = markedOf(peerStates, set);
  const out = new SummaryBuilder(repeats);
  for (let i = 0; i < routes.length; i++) if (states.has(routes[i]!)) out.add(routes[i]!.peerId!, kinds[i]!);
  return out.summary();
}

const stateSummaries = new WeakMap<ReadonlyMap<SimRoute, ResolvedState>, StateSummary>();

/** Sets with more states than this are summed up from their marked routes when those are fewer. */
const MARKED_FROM = 16;

/** The summary of a set outcome's states (looked up in `peerStates`), once per states (a set outcome is shared by many answers, split.ts). */
export function stateSummary(peerStates: PeerStates, e: SetOutcome): StateSummary {
  const states = e.states;
  let summary = stateSummaries.get(states);
  if (summary) return summary;
  const set = e.delivery.set;
  summary = states.size > MARKED_FROM && markedOf(peerStates, set).routes.length < states.size ? markedSummary(peerStates, set, states) : plainSummary(peerStates, states);
  stateSummaries.set(states, summary);
  return summary;
}

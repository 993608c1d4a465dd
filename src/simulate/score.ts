// NetBird's client score for the routes of one HA set (docs/netbird-behaviour.md §4), computed step by step in
// the same order and with the same float64 arithmetic as the client, so ties and the 0.01
// stickiness margin come out exactly as the client sees them.

import type { PeerState } from '../load/status.js';

export type { PeerState, PeerStatus } from '../load/status.js';

/** The client's top metric; metrics at or above it add nothing to the score. */
export const MAX_METRIC = 9999;
/** The best score must beat the current route's by at least this much to replace it. */
export const STICKINESS_MARGIN = 0.01;
const SECOND_NS = 1_000_000_000;
const SUBSTITUTE_LATENCY_NS = 999_000_000;

/** The latency the client scores with: 0 counts as 999 ms, and over 1 s counts as 999 ms. */
export function effectiveLatencyNs(latencyNs: number): number {
  const l = latencyNs === 0 ? SUBSTITUTE_LATENCY_NS : latencyNs;
  return l > SECOND_NS ? SUBSTITUTE_LATENCY_NS : l;
}

/** Go's Duration.Seconds(): whole seconds plus the remainder divided by 1e9. */
function goSeconds(ns: number): number {
  const sec = Math.trunc(ns / SECOND_NS);
  return sec + (ns - sec * SECOND_NS) / 1e9;
}

/** The client's score of one candidate route; null when the client skips it (peer Connecting). */
export function clientScore(metric: number, state: PeerState): number | null {
  if (state.status === 'Connecting') return null;
  let score = 0;
  if (metric < MAX_METRIC) score = (MAX_METRIC - metric) * 10;
  score += 1 - goSeconds(effectiveLatencyNs(state.latencyNs));
  if (state.status === 'Connected') score += 100_000;
  if (!state.relayed) score += 1;
  return score;
}

export interface ScoredCandidate<T> {
  readonly item: T;
  readonly peerId: string;
  /** Null: the client skips this candidate (unknown peer or Connecting). */
  readonly score: number | null;
}

export type HaChoice<T> =
  /** No candidate is usable: the prefix gets no peer. */
  | { readonly kind: 'none' }
  /** One peer wins; `kept` when the current route stays because the best new score is not 0.01 higher. */
  | { readonly kind: 'chosen'; readonly winners: readonly ScoredCandidate<T>[]; readonly best: number; readonly kept: boolean }
  /** Several peers tie exactly and there is no current route to keep: Go map order decides. */
  | { readonly kind: 'tied'; readonly winners: readonly ScoredCandidate<T>[]; readonly best: number };

/**
 * Picks the route of one HA set as the client does. `currentPeerId` is the routing peer the client
 * uses now for this set, if any. Candidates of the same peer never make a choice nondeterministic.
 */
export function chooseInHaSet<T>(candidates: readonly ScoredCandidate<T>[], currentPeerId: string | null): HaChoice<T> {
  let best: number | null = null;
  for (const c of candidates) if (c.score !== null && (best === null || c.score > best)) best = c.score;
  if (best === null) return { kind: 'none' };
  const top = best;

  if (currentPeerId !== null) {
    // The client tracks its current route; a current peer with no usable candidate scores 0.
    let currentScore = 0;
    const current: ScoredCandidate<T>[] = [];
    for (const c of candidates) {
      if (c.peerId !== currentPeerId || c.score === null) continue;
      if (c.score > currentScore) currentScore = c.score;
    }
    for (const c of candidates) if (c.peerId === currentPeerId && c.score === currentScore) current.push(c);
    if (currentScore !== 0 && currentScore + STICKINESS_MARGIN > top) {
      return { kind: 'chosen', winners: current, best: top, kept: currentScore < top };
    }
  }

  const winners = candidates.filter((c) => c.score === top);
  const peers = new Set(winners.map((c) => c.peerId));
  if (peers.size > 1) return { kind: 'tied', winners, best: top };
  return { kind: 'chosen', winners, best: top, kept: false };
}

/** A score for prose: at most six decimals, no float noise. */
export function scoreText(score: number): string {
  return String(Number(score.toFixed(6)));
}

/** Where a scored candidate stands once the client has chosen in its HA set. */
export type Standing = 'winner' | 'within-stickiness-margin' | 'lower-score';

/**
 * Where `item` (scored `score`) stands in `choice`: one of the winners, better than the current
 * route that was kept but by less than the margin, or simply lower.
 */
export function standingOf<T>(choice: HaChoice<T>, item: T, score: number): Standing {
  if (choice.kind === 'none') return 'lower-score';
  for (const w of choice.winners) if (w.item === item) return 'winner';
  if (choice.kind === 'chosen' && choice.kept && score > (choice.winners[0]!.score ?? 0)) return 'within-stickiness-margin';
  return 'lower-score';
}

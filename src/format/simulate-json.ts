import type { BriefOutcome, GroupAnswer, PeerAnswer, Query } from '../simulate/answer.js';

/** The simulator's answer for tools: one JSON object on one line. */
export function formatAnswerJson(answer: PeerAnswer | GroupAnswer): string {
  return `${JSON.stringify(answer)}\n`;
}

const outcomeJson = new WeakMap<BriefOutcome, string>();

/**
 * A brief peer answer `{query, ...outcome}` as one line of JSON (no newline), exactly as
 * JSON.stringify writes it. The outcome is shared by every question that rests on the same facts,
 * so its JSON is written once and the answers of a batch differ only in their query.
 */
export function formatBriefPeerJson(query: Query, outcome: BriefOutcome): string {
  let json = outcomeJson.get(outcome);
  if (json === undefined) outcomeJson.set(outcome, (json = JSON.stringify(outcome)));
  return `{"query":${JSON.stringify(query)},${json.slice(1)}`;
}

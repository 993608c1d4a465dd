import type { BriefOutcome, GroupAnswer, PeerAnswer, Query } from '../simulate/answer.js';

/** The simulator's answer for tools: one JSON object on one line. */
export function formatAnswerJson(answer: PeerAnswer | GroupAnswer): string {
  return `${JSON.stringify(answer)}\n`;
}

/** A line of JSON in two parts: text, then bytes already encoded as UTF-8 (see LineWriter.writeParts). */
export interface EncodedLine {
  readonly head: string;
  readonly tail: Uint8Array;
}

const outcomeBytes = new WeakMap<BriefOutcome, Uint8Array>();

/**
 * A brief peer answer `{query, ...outcome}` as one line of JSON (no newline), exactly as
 * JSON.stringify writes it, in two parts. The outcome is shared by every question that rests on
 * the same facts: its JSON is written and encoded once, and the answers of a batch differ only in
 * their query.
 */
export function briefPeerLine(query: Query, outcome: BriefOutcome): EncodedLine {
  let tail = outcomeBytes.get(outcome);
  if (tail === undefined) outcomeBytes.set(outcome, (tail = Buffer.from(JSON.stringify(outcome).slice(1), 'utf8')));
  return { head: `{"query":${JSON.stringify(query)},`, tail };
}

/** The text of a line, whichever form it is in. */
export function lineText(line: string | EncodedLine): string {
  return typeof line === 'string' ? line : line.head + Buffer.from(line.tail.buffer, line.tail.byteOffset, line.tail.byteLength).toString('utf8');
}

import type { GroupAnswer, PeerAnswer } from '../simulate/answer.js';

/** The simulator's answer for tools: one JSON object on one line. */
export function formatAnswerJson(answer: PeerAnswer | GroupAnswer): string {
  return `${JSON.stringify(answer)}\n`;
}

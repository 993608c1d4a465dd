import type { GroupAnswer, PeerAnswer } from '../simulate/answer.js';
import { summarizeGroupAnswer } from '../simulate/group-summary.js';

/**
 * The simulator's answer for tools: one JSON object on one line. A group answer keeps its
 * `outcomes` (one per distinct full outcome) and adds `summary`: one line per carrier and
 * disposition, with its share of the members and its assumptions per share.
 */
export function formatAnswerJson(answer: PeerAnswer | GroupAnswer): string {
  return `${JSON.stringify('outcomes' in answer ? { ...answer, summary: summarizeGroupAnswer(answer) } : answer)}\n`;
}

import { cutCandidates, type GroupAnswer, type PeerAnswer } from '../simulate/answer.js';
import { summarizeGroupAnswer } from '../simulate/group-summary.js';

/**
 * The simulator's answer for tools: one JSON object on one line. A group answer keeps its
 * `outcomes` (one per distinct full outcome, serving members merged with their `own_routes`),
 * each with at most GROUP_CANDIDATE_LIMIT candidates (`candidates_total` counts them when cut),
 * and adds `summary`: one line per carrier and disposition, with its share of the members and its
 * assumptions per share.
 */
export function formatAnswerJson(answer: PeerAnswer | GroupAnswer): string {
  if (!('outcomes' in answer)) return `${JSON.stringify(answer)}\n`;
  return `${JSON.stringify({ query: answer.query, outcomes: answer.outcomes.map((o) => cutCandidates(o)), summary: summarizeGroupAnswer(answer) })}\n`;
}

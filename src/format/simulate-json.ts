import { cutCandidates, type GroupAnswer, type PeerAnswer } from '../simulate/answer.js';
import { summarizeGroupAnswer } from '../simulate/group-summary.js';
import type { GroupAnswerText } from '../simulate/group-text.js';
import { arrayElementParts } from './json-parts.js';

/**
 * The simulator's answer for tools: one JSON object on one line. A group answer keeps its
 * `outcomes` (one per distinct full outcome, serving members merged with their `own_routes`),
 * each with at most GROUP_CANDIDATE_LIMIT candidates (`candidates_total` counts them when cut),
 * and adds `summary`: one line per carrier and disposition, with its share of the members and its
 * assumptions per share. A bounded answer (`--max-outcomes`) lists its largest outcomes and
 * carriers only, and counts the rest: `outcomes_left_out`, `members_left_out` and the summary's
 * `carriers_left_out`, each present only when something is left out.
 */
export function formatAnswerJson(answer: PeerAnswer | GroupAnswer | GroupAnswerText): string {
  return [...formatAnswerJsonParts(answer)].join('');
}

/**
 * `formatAnswerJson`'s text in parts, never one string: a group answer of 50,000 members is
 * hundreds of MB of JSON, written a few dozen outcomes (and summary lines) at a time.
 */
export function* formatAnswerJsonParts(answer: PeerAnswer | GroupAnswer | GroupAnswerText): Generator<string> {
  if (!('outcomes' in answer)) return yield `${JSON.stringify(answer)}\n`;
  yield `{"query":${JSON.stringify(answer.query)},"outcomes":[`;
  if (isText(answer)) yield* textParts(answer);
  else yield* arrayElementParts(answer.outcomes, (o) => cutCandidates(o));
  const { members, carriers, carriersLeftOut } = summarizeGroupAnswer(answer);
  // Counts of what `--max-outcomes` leaves out, only when it leaves something out.
  const leftOut = answer.leftOut ? `,"outcomes_left_out":${answer.leftOut.outcomes.length},"members_left_out":${answer.leftOut.members}` : '';
  yield `]${leftOut},"summary":{"members":${JSON.stringify(members)},"carriers":[`;
  yield* arrayElementParts(carriers);
  yield carriersLeftOut > 0 ? `],"carriers_left_out":${carriersLeftOut}}}\n` : ']}}\n';
}

function isText(answer: GroupAnswer | GroupAnswerText): answer is GroupAnswerText {
  return answer.outcomes.length > 0 && 'text' in answer.outcomes[0]!;
}

/** The outcomes of an answer kept as text (simulate/group-text.ts), one a part, the commas parts of their own (no string joins them). */
function* textParts(answer: GroupAnswerText): Generator<string> {
  const outcomes = answer.outcomes;
  for (let i = 0; i < outcomes.length; i++) {
    if (i > 0) yield ',';
    yield outcomes[i]!.text();
  }
}

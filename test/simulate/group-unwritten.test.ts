// A bounded group answer keys an answer with its own `local` step ("the source itself serves ...",
// group-text.ts `ownStep`) by its member when no other answer has that step and no other member
// holds it: such an answer equals no other member's, so its JSON key is never made; the text form
// writes its text only when it is listed, computing the answer again (index.ts `groupEntries`,
// group-text.ts `steppedText`); an answer whose step an answer kept before has is written at once,
// as its key will be read. Both must give the answer computed member by member, keyed by its full
// JSON (`plainKeys`), byte for byte, for any bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAnswerJson } from '../../src/format/simulate-json.js';
import { formatAnswerText } from '../../src/format/simulate-text.js';
import { ownStep } from '../../src/simulate/group-text.js';
import { simulateGroup, simulateGroupText } from '../../src/simulate/index.js';
import { DEFLATED } from '../../src/commands/simulate.js';
import { accountArb, bundleOf, groupQuestion, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';

describe('answers told apart by their own step', () => {
  it('are the answers keyed by their JSON, listed or not, in JSON and text', () => {
    let alone = 0;
    let listedAlone = 0;
    let stepShared = 0;
    fc.assert(
      fc.property(accountArb, statesArb, questionArb, fc.integer({ min: 0, max: 6 }), (account, stateSpecs, q, max) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        const options = { candidateLimit: q.limit, maxOutcomes: max };
        const plain = simulateGroup(modelOf(bundleOf(account)), query, states, { ...options, plainKeys: true });
        const model = modelOf(bundleOf(account));
        expect(formatAnswerJson(simulateGroupText(model, query, states, options, DEFLATED))).toBe(formatAnswerJson(simulateGroupText(modelOf(bundleOf(account)), query, states, { ...options, plainKeys: true }, DEFLATED)));
        expect(formatAnswerText(simulateGroup(modelOf(bundleOf(account)), query, states, options))).toBe(formatAnswerText(plain));
        // Not vacuous: members alone in an answer with its own step that is not their own LOCAL one.
        const told = plain.outcomes.filter((o) => o.sources.length === 1 && ownStep(o) !== null && !(o.disposition === 'LOCAL' && o.peer?.id === o.sources[0]!.id));
        if (told.length > 0) alone++;
        if (max > 0 && told.length > 0) listedAlone++;
        // Not vacuous either: answers written at once, their step had by another answer kept before.
        const stepped = plain.outcomes.map(ownStep).filter((step) => step !== null);
        if (max > 0 && new Set(stepped).size < stepped.length) stepShared++;
      }),
      { numRuns: 300 },
    );
    // Over seeds 1 to 40 (300 runs each): alone 14 to 30, listed alone 10 to 26, step shared 22 to
    // 51; one CI run drew a listed alone of 3. The generator is shared with other properties and
    // moves them: these bounds say each path was exercised, with room for a thin draw.
    expect(alone).toBeGreaterThan(2);
    expect(listedAlone).toBeGreaterThan(0);
    expect(stepShared).toBeGreaterThan(2);
  }, 120_000);
});

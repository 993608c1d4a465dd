// A group answer that lists at most --max-outcomes outcomes (simulate/index.ts `maxOutcomes`)
// lists the first outcomes of the unbounded answer, in its order, and counts the rest; members
// alone in their own LOCAL outcome are found without deciding (Simulator.soleLocalMembers) and
// computed only when listed. Its summary accounts for every member and lists the first lines of
// the unbounded summary, their outcome indexes cut to the listed outcomes. On random accounts
// whose address many HA sets cover (support/covering-accounts.ts), for any bound. The brief group
// answer (`simulate --batch`) decides each member over the sets it may hold, as the full one does:
// it must be the brief answer computed member by member.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAnswerJson } from '../../src/format/simulate-json.js';
import { summarizeGroupAnswer } from '../../src/simulate/group-summary.js';
import { simulateBrief, simulateGroup, simulateGroupText } from '../../src/simulate/index.js';
import { accountArb, bundleOf, groupQuestion, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';

describe('group answers bounded by --max-outcomes', () => {
  it('list the first outcomes and summary lines of the unbounded answer, and count the rest', () => {
    let sole = 0;
    let cut = 0;
    fc.assert(
      fc.property(accountArb, statesArb, questionArb, fc.integer({ min: 1, max: 6 }), (account, stateSpecs, q, max) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        const full = simulateGroup(modelOf(bundleOf(account)), query, states, { candidateLimit: q.limit });
        const bounded = simulateGroup(modelOf(bundleOf(account)), query, states, { candidateLimit: q.limit, maxOutcomes: max });
        expect(bounded.outcomes).toEqual(full.outcomes.slice(0, max));
        const members = full.outcomes.reduce((n, o) => n + o.sources.length, 0);
        if (full.outcomes.length <= max) expect(bounded.leftOut).toBeUndefined();
        else {
          cut++;
          expect(bounded.leftOut!.outcomes).toHaveLength(full.outcomes.length - max);
          expect(bounded.outcomes.reduce((n, o) => n + o.sources.length, 0) + bounded.leftOut!.members).toBe(members);
          sole += bounded.leftOut!.outcomes.filter((o) => 'sole' in o).length;
        }
        const whole = summarizeGroupAnswer(full);
        const summary = summarizeGroupAnswer(bounded);
        expect(summary.members).toBe(members);
        expect(summary.carriers).toEqual(whole.carriers.slice(0, max).map((c) => ({ ...c, outcomes: c.outcomes.filter((i) => i < max) })));
        expect(summary.carriersLeftOut).toBe(Math.max(0, whole.carriers.length - max));
        // Nothing left out: the JSON is the unbounded answer's, byte for byte.
        if (full.outcomes.length <= max) {
          const model = modelOf(bundleOf(account));
          expect(formatAnswerJson(simulateGroupText(model, query, states, { candidateLimit: q.limit, maxOutcomes: max }))).toBe(formatAnswerJson(simulateGroupText(model, query, states, { candidateLimit: q.limit })));
        }
      }),
      { numRuns: 400 },
    );
    // The property is not vacuous: answers were cut, and members left out without being computed.
    expect(cut).toBeGreaterThan(20);
    expect(sole).toBeGreaterThan(0);
  }, 120_000);
});

describe('brief group answers (simulate --batch) over many covering sets', () => {
  it('are the brief answers computed member by member without sharing', () => {
    fc.assert(
      fc.property(accountArb, statesArb, questionArb, (account, stateSpecs, q) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        const model = modelOf(bundleOf(account));
        expect(simulateBrief(model, query, states)).toEqual(simulateBrief(modelOf(bundleOf(account)), query, states, { exhaustive: true }));
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

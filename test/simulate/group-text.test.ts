// group-text.ts: an answer's text is `JSON.stringify` of its group outcome, byte for byte, also
// when a long trace is written from the text of each step (frozen steps shared by many answers,
// explain.ts), whatever the steps, the assumptions and the candidates say.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutCandidates, groupOutcome, TRACE_STEPS, type Outcome, type TraceStep } from '../../src/simulate/answer.js';
import { outcomeText } from '../../src/simulate/group-text.js';

/** Prose with the characters JSON escapes, and the text of a trace's key. */
const prose = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('"trace":[]', 'a "quoted" \\ word', '\u00e9\u4e2d\n'));
const stepArb = fc.record({ step: fc.constantFrom(...TRACE_STEPS), detail: prose });

describe('outcomeText', () => {
  it('is the group outcome JSON, long traces of shared steps included', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 60 }), fc.array(prose, { maxLength: 3 }), fc.boolean(), (kinds, picks, assumptions, frozen) => {
        // Steps repeated by reference, as a class's deciding sets give every member the same ones.
        const steps: TraceStep[] = kinds.map((s) => (frozen ? Object.freeze({ ...s }) : { ...s }));
        const trace = picks.map((p) => steps[p % steps.length]!);
        const o: Outcome = { disposition: 'ROUTED', peer: null, route: null, nondeterministic: true, drop_reason: null, access: null, candidates: [], trace, assumptions, assumption_ids: assumptions.map(() => 'states-assumed' as const) };
        const want = JSON.stringify(cutCandidates(groupOutcome([], o))).slice('{"sources":[],'.length);
        // Twice: the second reads the kept text of each frozen step.
        expect(outcomeText(o, null).body()).toBe(want);
        expect(outcomeText(o, null).body()).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});

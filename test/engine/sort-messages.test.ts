import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMessages, sortMessages, type LintMessage } from '../../src/engine/lint.js';
import { positionsOf } from '../../src/load/source.js';

describe('sortMessages', () => {
  // Few distinct values, so that many messages share a line and column and the tie-breaks decide.
  const message = fc.record({
    line: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 31 })),
    column: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 28 })),
    ruleId: fc.constantFrom('a', 'b', null),
    messageId: fc.constantFrom('x', 'y', undefined),
    routeId: fc.constantFrom('r1', 'r2', undefined),
    message: fc.constantFrom('m', 'n'),
    severity: fc.constantFrom(1 as const, 2 as const),
    tag: fc.nat(),
  });

  it('orders messages as a stable sort by compareMessages does', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 60 }), (list) => {
        const want = [...list].sort(compareMessages as (a: unknown, b: unknown) => number);
        const got = [...list] as unknown as LintMessage[];
        sortMessages(got);
        expect(got).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});

describe('positionsOf', () => {
  it('gives each offset its line and column, in any order and with repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '\n'), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 30 }), (chars, picks) => {
        const text = chars.join('');
        const offsets = picks.map((p) => p % (text.length + 1));
        const want = offsets.map((o) => {
          const before = text.slice(0, o);
          return { line: before.split('\n').length, column: o - (before.lastIndexOf('\n') + 1) + 1 };
        });
        expect(positionsOf(text, offsets)).toEqual(want);
      }),
    );
  });
});

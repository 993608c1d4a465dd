import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareStrings } from '../src/order.js';

describe('compareCodePoints', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['exit', 'exit', 0],
    ['exit', 'exit-eu', -1],
    ['Z', 'a', -1],
    ['\uFF21', '\u{1F600}', -1],
    ['\u{1F600}', '\uE000', 1],
  ])('%s vs %s', (a, b, want) => {
    expect(Math.sign(compareCodePoints(a, b))).toBe(want);
  });

  it('orders as Go compares UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3 }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (shared, x, y) => {
        const [a, b] = [shared + x, shared + y];
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compareStrings', () => {
  it('is the total order of `<` as a comparator', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(Math.sign(compareStrings(a, b))).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(compareStrings(a, b) + compareStrings(b, a)).toBe(0);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareByNameThenId, compareCodePoints, compareStrings } from '../src/order.js';

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

describe('compareByNameThenId', () => {
  it.each([
    { a: { name: 'a', id: '2' }, b: { name: 'b', id: '1' }, sign: -1 },
    { a: { name: 'b', id: '1' }, b: { name: 'a', id: '2' }, sign: 1 },
    { a: { name: 'same', id: '1' }, b: { name: 'same', id: '2' }, sign: -1 },
    { a: { name: 'same', id: '2' }, b: { name: 'same', id: '2' }, sign: 0 },
  ])('$a.name/$a.id vs $b.name/$b.id', ({ a, b, sign }) => {
    expect(Math.sign(compareByNameThenId(a, b))).toBe(sign);
  });

  it('is a total order: sorting any permutation gives one list', () => {
    const ref = fc.record({ name: fc.string({ maxLength: 3 }), id: fc.string({ maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(ref, { maxLength: 12 }), (refs) => {
        const once = [...refs].sort(compareByNameThenId);
        expect([...refs].reverse().sort(compareByNameThenId)).toEqual(once);
      }),
    );
  });
});

// mostReachedFirst (src/analysis/reachability.ts): the matrix's order of HA sets (most members
// reached first, then set order) and the report's order of rows, sorted as one number each: the
// same order as the comparator it replaces, on random reaches and orders, large ones too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mostReachedFirst } from '../../src/analysis/reachability.js';

function byComparator(reach: readonly number[], orders: readonly number[]): number[] {
  return orders
    .map((order, i) => ({ order, reach: reach[i]! }))
    .sort((a, b) => b.reach - a.reach || a.order - b.order)
    .map((t) => t.order);
}

describe('mostReachedFirst', () => {
  it('orders as the comparator: reach from most to fewest, then order (random)', () => {
    const input = fc.integer({ min: 1, max: 200 }).chain((count) =>
      fc
        .tuple(fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: count }), fc.oneof(fc.constant(3), fc.constant(100_000), fc.constant(2 ** 52)))
        .chain(([orders, most]) => fc.tuple(fc.constant(count), fc.constant(orders), fc.array(fc.integer({ min: 0, max: most }), { minLength: orders.length, maxLength: orders.length }))),
    );
    fc.assert(
      fc.property(input, ([count, orders, reach]) => {
        expect(mostReachedFirst(reach, orders, count)).toEqual(byComparator(reach, orders));
      }),
      { numRuns: 500 },
    );
  });

  it('a hundred thousand sets of a few reaches: the same order', () => {
    const count = 100_000;
    const orders = Array.from({ length: count }, (_, i) => (i * 7919) % count);
    const reach = orders.map((o) => (o % 13) * 100 + (o % 3));
    expect(mostReachedFirst(reach, orders, count)).toEqual(byComparator(reach, orders));
  });
});

// The first members of a change's classes (selection.ts `firstOfClasses`): merged from classes in
// name order, they must equal the plain way, every class's first members sorted together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstOfClasses, type MemberClass } from '../../src/diff/selection.js';
import { compareByNameThenId } from '../../src/order.js';
import type { PeerRef } from '../../src/simulate/answer.js';

/** The plain way: each class's first `n` (less those it skips), all sorted by name, the first `n`. */
function plainFirst(classes: readonly MemberClass[], n: number): PeerRef[] {
  return classes
    .flatMap((c) => c.list.filter((m) => !c.skip?.has(m.id)).slice(0, n))
    .sort(compareByNameThenId)
    .slice(0, n);
}

// Members with names that repeat (ties broken by id), split at random into classes, each in name order, some skipping members.
const classesArb = fc
  .array(fc.record({ name: fc.constantFrom('a', 'b', 'host-1', 'host-10', 'host-2', 'Z', 'é'), cls: fc.nat(5), skipped: fc.boolean() }), { maxLength: 40 })
  .map((rows) => {
    const members = rows.map((r, i) => ({ ref: { id: `p-${i}`, name: r.name }, cls: r.cls, skipped: r.skipped }));
    const classes: MemberClass[] = [];
    for (let c = 0; c <= 5; c++) {
      const mine = members.filter((m) => m.cls === c);
      if (mine.length === 0) continue;
      const list = mine.map((m) => m.ref).sort(compareByNameThenId);
      const skipped = mine.filter((m) => m.skipped).map((m) => m.ref.id);
      classes.push({ list, skip: skipped.length > 0 ? new Set(skipped) : null, count: list.length - skipped.length });
    }
    return classes;
  });

describe('firstOfClasses', () => {
  it('equals sorting every class first members together, whatever the limit', () => {
    fc.assert(
      fc.property(classesArb, fc.oneof(fc.integer({ min: 0, max: 45 }), fc.constant(Infinity)), (classes, n) => {
        expect(firstOfClasses(classes, n).map((m) => m.id)).toEqual(plainFirst(classes, n).map((m) => m.id));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the members of several classes in name order, past those a class skips', () => {
    const ref = (id: string, name: string) => ({ id, name });
    const classes: MemberClass[] = [
      { list: [ref('1', 'a'), ref('2', 'c'), ref('3', 'e')], skip: new Set(['2']), count: 2 },
      { list: [ref('4', 'b'), ref('5', 'd')], skip: null, count: 2 },
    ];
    expect(firstOfClasses(classes, 3).map((m) => m.name)).toEqual(['a', 'b', 'd']);
    expect(firstOfClasses(classes, 10).map((m) => m.name)).toEqual(['a', 'b', 'd', 'e']);
  });
});

// decision.ts `MergedList`: a class's shared order with a member's edits (sets dropped or replaced
// by index) and its own sets merged in by order key, built only as far as it is read. It must be
// the list a plain sort makes (own sets before shared ones of an equal key, dropped ones gone),
// whatever order its items are read in, and `special` must name exactly the own and replaced items
// and the marked base items kept (a deciding tier's carrying sets, `carriedTier`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MergedList } from '../../src/simulate/decision.js';

type Item = { readonly name: string; readonly key: number };

/** The reference: every item kept, sorted by key, own ones first among equal keys, then as given. */
function plainMerge(base: readonly Item[], edits: ReadonlyMap<number, Item | null>, extra: readonly Item[], end: number, marked: ReadonlySet<number>): { list: Item[]; special: number[] } {
  const tagged: { item: Item; key: number; own: number; at: number; special: boolean }[] = [];
  base.slice(0, end).forEach((item, i) => {
    const edit = edits.get(i);
    if (edit === null) return;
    tagged.push({ item: edit ?? item, key: item.key, own: 1, at: i, special: edit !== undefined || marked.has(i) });
  });
  extra.forEach((item, x) => tagged.push({ item, key: item.key, own: 0, at: x, special: true }));
  tagged.sort((a, b) => a.key - b.key || a.own - b.own || a.at - b.at);
  return { list: tagged.map((t) => t.item), special: tagged.flatMap((t, i) => (t.special ? [i] : [])) };
}

const sortedKeys = (max: number) => fc.array(fc.integer({ min: 0, max }), { maxLength: 40 }).map((k) => k.sort((a, b) => a - b));

describe('MergedList', () => {
  it('is the plain sorted merge, read in any order', () => {
    fc.assert(
      fc.property(
        sortedKeys(60).map((k) => [...new Set(k)]),
        sortedKeys(60),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 15 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 15 }),
        (baseKeys, extraKeys, rawEdits, reads, endSeed, rawMarks) => {
          const base = baseKeys.map((key, i) => ({ name: `b${i}`, key }));
          // `end` cuts the base; the extras taken are those below its first key left out (as a tier is cut).
          const end = base.length === 0 ? 0 : endSeed % (base.length + 1);
          const limit = end < base.length ? base[end]!.key : Infinity;
          const extra = extraKeys.filter((k) => k < limit).map((key, x) => ({ name: `x${x}`, key }));
          const edits = new Map<number, Item | null>();
          for (const [at, drop] of rawEdits) if (end > 0) edits.set(at % end, drop ? null : { name: `r${at % end}`, key: base[at % end]!.key });
          const edit = [...edits].sort((a, b) => a[0] - b[0]);
          // Marked items anywhere in the base, some past `end` (not taken), some edited.
          const marked = [...new Set(base.length === 0 ? [] : rawMarks.map((m) => m % base.length))].sort((a, b) => a - b);
          const want = plainMerge(base, edits, extra, end, new Set(marked));
          const list = new MergedList(base, Float64Array.from(baseKeys), edit, extra, extra.map((e) => e.key), end, marked);
          expect(list.length).toBe(want.list.length);
          expect(list.special).toEqual(want.special);
          // Read at random places first (the list grows as far as read), then whole.
          for (const r of reads) {
            const k = want.list.length === 0 ? r : r % (want.list.length + 1);
            expect(list.at(k)).toBe(want.list[k]);
          }
          expect(list.slice(0, list.length)).toEqual(want.list);
          expect(list.slice(1, 3)).toEqual(want.list.slice(1, 3));
          expect(list.at(-1)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('puts an own item before a shared one of an equal key, and drops before it merges', () => {
    const base = [
      { name: 'a', key: 1 },
      { name: 'b', key: 2 },
      { name: 'c', key: 3 },
    ];
    const list = new MergedList(base, Float64Array.from([1, 2, 3]), [[1, null]], [{ name: 'own', key: 2 }], [2]);
    expect(list.slice(0, list.length).map((i) => i.name)).toEqual(['a', 'own', 'c']);
    expect(list.special).toEqual([1]);
    expect(list.length).toBe(3);
  });
});

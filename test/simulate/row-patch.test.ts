// row-patch.ts and rows.ts `PatchedRows`: a source's own rows over a template its class shares, as
// two arrays in row order. Whatever rows are patched, in whatever order they were found, the patch
// must read as a Map of them, and the patched rows as the template with those rows replaced: by
// index, as a list, by cut rank in the set's order, and counted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_REASONS, cutRank, type CandidateReason } from '../../src/simulate/answer.js';
import type { SimRoute } from '../../src/simulate/distribution.js';
import { RowPatch } from '../../src/simulate/row-patch.js';
import { PatchedRows, type CandidateVerdict } from '../../src/simulate/rows.js';

const reason = fc.constantFrom(...(CANDIDATE_REASONS as readonly CandidateReason[]));

/** A template of `length` rows and a patch of some of them, the patched rows in a shuffled order. */
const patched = fc
  .record({ template: fc.array(reason, { maxLength: 60 }), picks: fc.array(fc.tuple(fc.nat(59), reason), { maxLength: 30 }), seed: fc.nat() })
  .map(({ template, picks, seed }) => {
    const byRow = new Map<number, CandidateReason>();
    for (const [row, r] of picks) if (row < template.length) byRow.set(row, r);
    // Found in no particular order: shuffled by the seed.
    const rows = [...byRow.keys()].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
    return { template, rows, reasons: rows.map((r) => byRow.get(r)!) };
  });

const verdict = (i: number, r: CandidateReason, own: boolean): CandidateVerdict => ({ route: { id: `r${i}` } as unknown as SimRoute, delivery: 'received', reason: r, eligible: own, score: null });

describe('RowPatch', () => {
  it('reads as a Map of the rows patched, and over a template as the template with them replaced', () => {
    fc.assert(
      fc.property(patched, ({ template, rows, reasons }) => {
        const patch = RowPatch.of(rows, reasons);
        const map = new Map(rows.map((r, k) => [r, reasons[k]!]));
        expect(patch.size).toBe(map.size);
        expect([...patch.rows]).toEqual([...map.keys()].sort((a, b) => a - b));
        for (let i = -1; i <= template.length; i++) {
          expect(patch.get(i)).toBe(map.get(i));
          expect(patch.has(i)).toBe(map.has(i));
        }
        expect(patch.over(template.length, (i) => template[i], (r) => `own ${r}`)).toEqual(template.map((r, i) => (map.has(i) ? `own ${map.get(i)}` : r)));
        const mapped = patch.map((r, i) => `${i}:${r}`);
        expect([...mapped.rows]).toEqual([...patch.rows]);
        expect([...mapped.values]).toEqual(patch.rows.map((i) => `${i}:${map.get(i)}`));
      }),
      { numRuns: 300 },
    );
  });
});

describe('PatchedRows', () => {
  it('reads as the template with the patched rows replaced: by index, as a list, by rank and counted', () => {
    fc.assert(
      fc.property(patched, ({ template, rows, reasons }) => {
        const base = template.map((r, i) => verdict(i, r, false));
        const own = rows.map((row, k) => verdict(row, reasons[k]!, true));
        const rowsOf = new PatchedRows(base, RowPatch.of(rows, own));
        const ownAt = new Map(rows.map((row, k) => [row, own[k]!]));
        const expected = base.map((v, i) => ownAt.get(i) ?? v);
        expect(rowsOf.length).toBe(expected.length);
        expect(rowsOf.list()).toEqual(expected);
        expected.forEach((v, i) => expect(rowsOf.at(i)).toBe(v));
        for (let rank = 0; rank < 3; rank++) {
          const ofRank = expected.filter((v) => cutRank(v.reason) === rank);
          expect(rowsOf.ofRank(rank)).toEqual(ofRank);
          expect(rowsOf.counts[rank]).toBe(ofRank.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// A cut set's first rows of a rank (simulate/outcome.ts `firstInSetOrder`), found by keeping the few
// smallest places as the rows are read, must be the rows sorted by their place in the set and
// taken from the front, with the place of the last taken, for rows in any order and any quota.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimRoute } from '../../src/simulate/distribution.js';
import { firstInSetOrder } from '../../src/simulate/outcome.js';
import type { CandidateVerdict } from '../../src/simulate/rows.js';

describe("a cut set's first rows", () => {
  it('are the rows sorted by place, taken from the front', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(200), { minLength: 1, maxLength: 40 }).chain((places) => fc.record({ places: fc.shuffledSubarray(places, { minLength: places.length }), q: fc.integer({ min: 1, max: places.length }) })),
        ({ places, q }) => {
          const routes = places.map((p) => ({ id: `r-${p}` }) as unknown as SimRoute);
          const at = new Map(routes.map((r, i) => [r, places[i]!]));
          const rows = routes.map((route) => ({ route, reason: 'lower-score' }) as CandidateVerdict);
          const sorted = [...rows].sort((a, b) => at.get(a.route)! - at.get(b.route)!);
          expect(firstInSetOrder(rows, at, q)).toEqual({ rows: sorted.slice(0, q), last: at.get(sorted[q - 1]!.route) });
        },
      ),
      { numRuns: 500 },
    );
  });
});

// rows.ts `lazyRows`: the decision memo keeps a set's rows as their counts and a way to make them
// (a covering question's memo holds every set a class reads). Read in any order, interleaved with
// other lists, they must be the rows made: the same length, counts by cut rank, rows by index,
// by rank and as a list; short lists are kept as they are, and a long one once read a second time
// (answers reading the rows of one big set in turn would each make them all again).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_REASONS, cutRank, type CandidateReason } from '../../src/simulate/answer.js';
import { LazyRows, lazyRows, rowAt, rowCounts, rowList, rowsOfRank, type CandidateVerdict } from '../../src/simulate/rows.js';
import type { SimRoute } from '../../src/simulate/distribution.js';

const reason = fc.constantFrom(...(CANDIDATE_REASONS as readonly CandidateReason[]));
const verdicts = fc.array(
  fc.record({ reason, eligible: fc.boolean(), score: fc.option(fc.integer({ min: 0, max: 100000 })), peer: fc.integer({ min: 0, max: 50 }) }),
  { maxLength: 40 },
);

/** Rows made afresh each call, as `verdicts` in decision.ts makes them: equal content, new objects. */
function maker(spec: readonly { reason: CandidateReason; eligible: boolean; score: number | null; peer: number }[], calls: { n: number }): () => CandidateVerdict[] {
  const routes = spec.map((s, i) => ({ id: `r${i}`, peerId: `p${s.peer}` }) as unknown as SimRoute);
  return () => {
    calls.n++;
    return spec.map((s, i) => ({ route: routes[i]!, delivery: 'received', reason: s.reason, eligible: s.eligible, score: s.score }));
  };
}

describe('lazyRows', () => {
  it('reads as the rows it makes, whatever is read in between', () => {
    fc.assert(
      fc.property(verdicts, verdicts, fc.array(fc.tuple(fc.boolean(), fc.nat(60), fc.nat(2)), { maxLength: 30 }), (a, b, reads) => {
        const callsA = { n: 0 };
        const callsB = { n: 0 };
        const makeA = maker(a, callsA);
        const makeB = maker(b, callsB);
        const expectedA = makeA();
        const expectedB = makeB();
        const rowsA = lazyRows(makeA);
        const rowsB = lazyRows(makeB);
        for (const [first, i, rank] of reads) {
          const [rows, expected] = first ? [rowsA, expectedA] : [rowsB, expectedB];
          expect(rows.length).toBe(expected.length);
          expect(rowCounts(rows)).toEqual([0, 1, 2].map((r) => expected.filter((p) => cutRank(p.reason) === r).length));
          if (i < expected.length) expect(rowAt(rows, i)).toEqual(expected[i]);
          expect(rowsOfRank(rows, rank)).toEqual(expected.filter((p) => cutRank(p.reason) === rank));
          expect(rowList(rows)).toEqual(expected);
        }
        // Made once here for `expected`, once to count them, at most twice when read: kept from the second read on.
        expect(callsA.n).toBeLessThanOrEqual(4);
        expect(callsB.n).toBeLessThanOrEqual(4);
      }),
    );
  });

  it('keeps short lists as made, makes a long one again once per run of reads, and keeps it once made a second time', () => {
    const calls = { n: 0 };
    const short = maker([{ reason: 'selected', eligible: true, score: 1, peer: 1 }], calls);
    const made = lazyRows(short);
    expect(made).toBeInstanceOf(Array);
    expect(calls.n).toBe(1);
    const long = { n: 0 };
    const spec = Array.from({ length: 30 }, (_, i) => ({ reason: (i === 3 ? 'selected' : 'shadowed') as CandidateReason, eligible: true, score: i, peer: i }));
    const rows = lazyRows(maker(spec, long));
    expect(rows).toBeInstanceOf(LazyRows);
    expect(long.n).toBe(1);
    expect((rows as LazyRows).counts).toEqual([1, 29, 0]);
    // Reading every row one by one makes the list once; reading another list in between makes it again.
    for (let i = 0; i < 30; i++) expect(rowAt(rows, i).score).toBe(i);
    expect(long.n).toBe(2);
    const other = lazyRows(maker(spec, { n: 0 }));
    rowAt(other, 0);
    rowAt(rows, 5);
    expect(long.n).toBe(3);
    // Made a second time after its first: kept, however the reads interleave from then on.
    for (let i = 0; i < 30; i++) {
      rowAt(other, i);
      expect(rowAt(rows, i).score).toBe(i);
    }
    expect(rowsOfRank(rows, 0).map((p) => p.score)).toEqual([3]);
    expect(long.n).toBe(3);
  });
});

// route-values.ts: a set outcome's usable routes, states and scores are arrays read through the
// Set and Map interfaces, a lookup trying where the last one ended first (a walk in the set's
// order), then a little further on, then an index. Read in any order (walks in order, skips,
// restarts, routes not among them, the three views interleaved as verdicts reads them), they must
// answer as the Set and Maps made of the same routes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimRoute } from '../../src/simulate/distribution.js';
import { RouteIndex, RouteSet, RouteValues } from '../../src/simulate/route-values.js';

/**
 * Routes named three ways: in their set's order (by id, then routing peer: a lookup out of order
 * searches them), out of it (`r10` before `r2`: an index is built), and in order with runs of
 * routes alike in both (rows of duplicate route ids: the search must find the one asked, not an equal).
 */
const NAMINGS = {
  ordered: (i: number) => ({ id: `r${String(i).padStart(4, '0')}`, peerId: `p${i}` }),
  unordered: (i: number) => ({ id: `r${i}`, peerId: `p${i}` }),
  alike: (i: number) => ({ id: `r${String(Math.floor(i / 3)).padStart(4, '0')}`, peerId: 'p' }),
};

/** Lookups as readers make them: a walk from some route on, with a stride (1: in order), or one route anywhere (past the end: not among them); `first`: the view that reads each route first. */
const lookups = fc.array(
  fc.oneof(
    fc.record({ from: fc.nat(80), stride: fc.integer({ min: 1, max: 20 }), steps: fc.integer({ min: 1, max: 80 }), first: fc.nat(3) }),
    fc.record({ at: fc.nat(90), first: fc.nat(3) }),
  ),
  { maxLength: 12 },
);

describe('RouteValues and RouteSet', () => {
  it.each(Object.keys(NAMINGS) as (keyof typeof NAMINGS)[])('answer every lookup as a Map and a Set of the same routes (routes %s)', (naming) => {
    const routeOf = (i: number): SimRoute => NAMINGS[naming](i) as unknown as SimRoute;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70 }), fc.nat(30), lookups, (n, extra, reads) => {
        // Routes the outcome uses, and others of the set it does not (received but not usable, or not received).
        const all = Array.from({ length: n + extra }, (_, i) => routeOf(i));
        const routes = all.filter((_, i) => i % 3 !== 2 || i >= n).slice(0, n);
        const states = routes.map((_, i) => `state-${i}`);
        const scores = routes.map((_, i) => (i % 4 === 0 ? null : i * 1.5));
        const index = new RouteIndex(routes);
        const set = new RouteSet(index);
        const stateMap = new RouteValues(index, states);
        const scoreMap = new RouteValues(index, scores);
        const plainSet = new Set(routes);
        const plainStates = new Map(routes.map((r, i) => [r, states[i]!]));
        const plainScores = new Map(routes.map((r, i) => [r, scores[i]!]));
        // The views share one index: whichever reads a route first moves it, as verdicts reads them.
        const views = [
          (r: SimRoute) => expect(set.has(r)).toBe(plainSet.has(r)),
          (r: SimRoute) => expect(stateMap.get(r)).toBe(plainStates.get(r)),
          (r: SimRoute) => expect(scoreMap.has(r)).toBe(plainScores.has(r)),
          (r: SimRoute) => expect(scoreMap.get(r)).toBe(plainScores.get(r)),
        ];
        const check = (r: SimRoute, first: number): void => {
          for (let v = 0; v < views.length; v++) views[(first + v) % views.length]!(r);
        };
        for (const read of reads) {
          if ('at' in read) check(read.at < all.length ? all[read.at]! : routeOf(1000 + read.at), read.first);
          else for (let k = 0, i = read.from; k < read.steps && i < all.length; k++, i += read.stride) check(all[i]!, read.first);
        }
        expect(set.size).toBe(plainSet.size);
        expect(stateMap.size).toBe(plainStates.size);
        expect([...set]).toEqual([...plainSet]);
        expect([...stateMap]).toEqual([...plainStates]);
        expect([...scoreMap.keys()]).toEqual([...plainScores.keys()]);
        expect([...scoreMap.values()]).toEqual([...plainScores.values()]);
        const seen: [SimRoute, string][] = [];
        stateMap.forEach((v, k) => seen.push([k, v]));
        expect(seen).toEqual([...plainStates]);
      }),
      { numRuns: 300 },
    );
  });
});

// select.ts `decideTiered`: a class's shared tiers (their peers worked out once) less a member's
// dropped sets, plus its own, must decide as `decide` over the merged list (`MergedList`)
// does: the same top tier, fallbacks, deciding sets and peers, whichever sets are dropped or added.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MergedList } from '../../src/simulate/decision.js';
import { decide, decideTiered, SharedTiers, type InstalledSet } from '../../src/simulate/select.js';
import type { SimRoute, SimSet } from '../../src/simulate/distribution.js';
import type { HaChoice } from '../../src/simulate/score.js';

const PEERS = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e', 'p-f'];

/** An installed set as the decision reads it: its rank, its own routes and its HA choice. */
const setArb = fc.record({
  rank: fc.integer({ min: 0, max: 3 }),
  local: fc.boolean(),
  choice: fc.oneof(
    fc.constant<'none' | null>(null),
    fc.constant<'none' | null>('none'),
    fc.record({ tied: fc.boolean(), peers: fc.uniqueArray(fc.constantFrom(...PEERS), { minLength: 1, maxLength: 4 }) }),
  ),
});

type SetSpec = { rank: number; local: boolean; choice: null | 'none' | { tied: boolean; peers: string[] } };

function installedOf(spec: SetSpec, index: number): InstalledSet {
  const set = { key: `set-${index}`, index } as unknown as SimSet;
  let choice: HaChoice<SimRoute> | null = null;
  if (spec.choice === 'none') choice = { kind: 'none' };
  else if (spec.choice !== null) {
    const winners = spec.choice.peers.map((peerId) => ({ item: {} as SimRoute, peerId, score: 1 }));
    choice = spec.choice.tied && winners.length > 1 ? { kind: 'tied', winners, best: 1 } : { kind: 'chosen', winners: winners.slice(0, 1), best: 1, kept: false };
  }
  return { set, rank: spec.rank, local: spec.local ? [{} as SimRoute] : [], choice };
}

const orderKey = (s: InstalledSet): number => -s.rank * 4194304 + s.set.index;
const inOrder = (a: InstalledSet, b: InstalledSet): number => orderKey(a) - orderKey(b);

describe('decideTiered', () => {
  it('decides as decide over the merged list', () => {
    fc.assert(
      fc.property(fc.array(setArb, { maxLength: 30 }), fc.array(setArb, { maxLength: 8 }), fc.array(fc.boolean(), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (sharedSpecs, ownSpecs, dropFlags, replaceSeeds) => {
        const shared = sharedSpecs.map((s, i) => installedOf(s, i * 2)).sort(inOrder);
        const keys = Float64Array.from(shared, orderKey);
        const drop = shared.flatMap((_, i) => (dropFlags[i] ? [i] : []));
        // Own sets: new ones (odd indexes), and some in the place of a dropped shared set (its key).
        const own = ownSpecs.map((s, k) => {
          const seed = replaceSeeds[k];
          if (seed !== undefined && drop.length > 0 && seed % 3 === 0) {
            const replaced = shared[drop[seed % drop.length]!]!;
            return installedOf({ ...s, rank: replaced.rank }, replaced.set.index);
          }
          return installedOf(s, k * 2 + 1 + 1000);
        });
        const unique = [...new Map(own.map((s) => [s.set.index, s])).values()].sort(inOrder);
        const ownKeys = unique.map(orderKey);
        const merged = new MergedList(shared, keys, drop.map((at): [number, InstalledSet | null] => [at, null]), unique, ownKeys);
        const want = decide(merged.slice(0, merged.length), true);
        const got = decideTiered(new SharedTiers(shared, keys), drop, unique, ownKeys);
        expect(got).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('reuses a tier read by many members', () => {
    const shared = [installedOf({ rank: 2, local: false, choice: { tied: true, peers: ['p-b', 'p-a'] } }, 0), installedOf({ rank: 2, local: false, choice: { tied: false, peers: ['p-c'] } }, 2)];
    const tiers = new SharedTiers(shared, Float64Array.from(shared, orderKey));
    const first = decideTiered(tiers, [], [], []);
    const second = decideTiered(tiers, [], [], []);
    expect(first.kind === 'routed' && first.peerIds).toEqual(['p-a', 'p-b', 'p-c']);
    expect(second.kind === 'routed' && first.kind === 'routed' && second.peerIds === first.peerIds).toBe(true);
  });
});

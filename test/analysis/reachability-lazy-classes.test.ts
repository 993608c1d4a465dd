// MemberClasses.classes (src/analysis/member-classes.ts) makes a cell's classes when first read, tells
// how many there are at least before that (the matrix refuses a cell on that count alone), and keeps
// a group's one-member and unsplit classes for every cell that asks, and stops making them at a count
// the cell is refused on. Checked here: the classes one instance gives after answering every cell of
// the matrix, some first with a limit (the shared path), are those a fresh instance makes for that
// cell alone (the plain path); the count before is never above them; a limit refuses exactly the
// cells with more classes than it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateAccount, generateFlatAccount } from '../../bench/generate.js';
import { generatePolicyAccount } from '../../bench/shapes.js';
import { MemberClasses, type ClassSplit } from '../../src/analysis/member-classes.js';
import { probeOf, sortedPrefixes } from '../../src/analysis/probes.js';
import type { Model } from '../../src/model/types.js';
import { PeerStates } from '../../src/simulate/index.js';
import { loadBundle } from '../support/model.js';
import type { Bundle } from '../support/api.js';

const modelOfAccount = (account: object): Model => loadBundle(account as Bundle).model;

/** A split's classes as their members (skipped ones left out), with how many were singled out. */
function shape(classes: MemberClasses, split: ClassSplit | null) {
  if (!split) return null;
  return { special: split.special, classes: split.classes()!.map((c) => ({ key: c.key, ids: [...classes.view(c).all()] })) };
}

/** Every (group, covering sets) pair the matrix asks about: each set's covering sets, and its most specific ones. */
function questions(model: Model, classes: MemberClasses) {
  const prefixes = sortedPrefixes(model.haSets);
  const out: { groupId: string; covering: ReturnType<MemberClasses['sim']['coveringSets']> }[] = [];
  for (const set of model.haSets) {
    const probe = probeOf(set, prefixes);
    if (!probe) continue;
    const covering = classes.sim.coveringSets(probe.destination);
    const ranked = covering.filter((c) => !c.isExit && c.network !== null);
    const top = ranked.filter((c) => c.network!.bits === Math.max(...ranked.map((r) => r.network!.bits)));
    for (const groupId of new Set(set.routes.flatMap((r) => r.groups).filter((g) => g !== ''))) {
      out.push({ groupId, covering });
      if (top.length > 0) out.push({ groupId, covering: top });
    }
  }
  return out;
}

describe('member classes made when first read', () => {
  it('give what a fresh instance makes for one cell alone, after every other cell was asked; never fewer than their count before', () => {
    fc.assert(
      fc.property(fc.constantFrom('tidy', 'flat', 'policies'), fc.integer({ min: 30, max: 120 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), (shapeName, routes, seed, maxSpecial, most) => {
        const account = shapeName === 'tidy' ? generateAccount(routes, seed) : shapeName === 'flat' ? generateFlatAccount(routes, seed) : generatePolicyAccount(routes, seed);
        const model = modelOfAccount(account);
        const shared = new MemberClasses(model, new PeerStates());
        const asked = questions(model, shared);
        // The shared instance answers every question first (some refused for maxSpecial, then asked
        // again without it), with at most `most` classes: refused past it, made in full below it.
        let refused = 0;
        for (const q of asked) {
          const split = shared.classes(q.groupId, q.covering, maxSpecial);
          if (!split) continue;
          const fresh = () => new MemberClasses(model, new PeerStates()).classes(q.groupId, q.covering)!;
          const count = fresh().classes()!.length;
          // At the edge, on instances that make them first with the limit: one fewer is refused, the count is not.
          expect(fresh().classes((n) => n > count - 1)).toBeNull();
          expect(fresh().classes((n) => n > count)?.length).toBe(count);
          const limited = split.classes((n) => n > most);
          expect(limited === null).toBe(count > most);
          if (limited === null) refused++;
          else expect(limited.length).toBe(count);
          expect(split.fewest).toBeLessThanOrEqual(split.classes()!.length);
        }
        if (most === 0) expect(refused).toBeGreaterThan(0);
        for (const q of asked) {
          const plain = new MemberClasses(model, new PeerStates());
          expect(shape(shared, shared.classes(q.groupId, q.covering))).toEqual(shape(plain, plain.classes(q.groupId, q.covering)));
          expect(shared.classes(q.groupId, q.covering, maxSpecial) === null).toBe(plain.classes(q.groupId, q.covering, maxSpecial) === null);
        }
      }),
      { numRuns: 10 },
    );
  }, 300_000);
});

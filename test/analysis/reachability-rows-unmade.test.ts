// The matrix reads a covering set's row count and what classes() needs of it (distribution groups,
// routing peers, guards) from its routes (src/analysis/reachability.ts rowCount, src/analysis/member-classes.ts setFacts), without
// making its rows: checked against the rows themselves, made afterwards (the plain path). And the
// members a cell's covering sets single out, read by peer number where the sets' groups hold many
// members (coverMarks): checked against the members read by id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateAccount, generateFlatAccount } from '../../bench/generate.js';
import { generateCoveringAccount, generateManyGroupsAccount } from '../../bench/shapes.js';
import { MemberClasses } from '../../src/analysis/member-classes.js';
import { probeOf, sortedPrefixes } from '../../src/analysis/probes.js';
import { rowCount } from '../../src/analysis/reachability.js';
import { membershipsOf } from '../../src/model/reach.js';
import type { Model } from '../../src/model/types.js';
import { PeerStates } from '../../src/simulate/index.js';
import { compareStrings } from '../../src/order.js';
import type { Bundle } from '../support/api.js';
import { loadBundle } from '../support/model.js';

const SHAPES = ['tidy', 'flat', 'many-groups', 'chain', 'one-prefix'] as const;

function modelOf(shape: (typeof SHAPES)[number], routes: number, seed: number): Model {
  const account = shape === 'tidy' ? generateAccount(routes, seed) : shape === 'flat' ? generateFlatAccount(routes, seed) : shape === 'many-groups' ? generateManyGroupsAccount(routes, seed) : generateCoveringAccount(routes, shape, seed);
  return loadBundle(account as unknown as Bundle).model;
}

/** Small models of every shape: a shape, a size and a seed. */
const models = fc.tuple(fc.constantFrom(...SHAPES), fc.integer({ min: 20, max: 150 }), fc.integer({ min: 1, max: 1_000_000 })).map(([shape, routes, seed]) => modelOf(shape, routes, seed));

describe('covering sets read without their rows', () => {
  it('count the rows and give the groups, routing peers and guards the rows give', () => {
    fc.assert(
      fc.property(models, (model) => {
        const classes = new MemberClasses(model, new PeerStates());
        for (const set of classes.sim.sets) {
          // Read first, while the set's rows are not made.
          const count = rowCount(set);
          const facts = classes['setFacts'](set);
          expect(count).toBe(set.routes.length);
          const rowRoutes = [...new Set(set.routes.map((r) => r.route))];
          expect([...facts.groups].sort(compareStrings)).toEqual([...new Set(rowRoutes.flatMap((r) => r.groups))].sort(compareStrings));
          expect([...new Set(facts.servers.flat())].sort(compareStrings)).toEqual([...new Set(set.routes.flatMap((r) => (!r.twin && r.peerId !== null ? [r.peerId] : [])))].sort(compareStrings));
          expect(facts.guarded).toBe(rowRoutes.some((r) => r.accessControlGroups.length > 0 || Boolean(r.networkResource)));
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('members singled out, read by peer number', () => {
  it('are those read by id, for every group and covering sets the matrix asks about', () => {
    fc.assert(
      fc.property(models, (model) => {
        const classes = new MemberClasses(model, new PeerStates());
        const prefixes = sortedPrefixes(model.haSets);
        const numbers = membershipsOf(model).groupNumbers;
        for (const set of model.haSets) {
          const probe = probeOf(set, prefixes);
          if (!probe) continue;
          const covering = classes.sim.coveringSets(probe.destination);
          const facts = classes['coverFacts'](covering);
          // The sets' own groups, and every group of the account (then the marks are made whatever the sets' groups hold).
          for (const distribution of [facts.distribution, new Set([...facts.distribution, ...model.groups!.keys()])]) {
            const asked = { ...facts, distribution, holders: null, marks: undefined };
            const marks = classes['coverMarks'](asked);
            if (!marks) continue;
            for (const groupId of new Set(set.routes.flatMap((r) => r.groups))) {
              const memberNumbers = numbers.has(groupId) ? membershipsOf(model).membersByGroup[numbers.get(groupId)!]! : null;
              if (!memberNumbers) continue;
              const byNumber = classes['singledOut'](groupId, memberNumbers, marks, asked);
              expect(classes['countSingledOut'](groupId, memberNumbers, marks, asked)).toBe(byNumber.size);
              for (const shared of [false, true]) {
                const byId = classes['singledOutById'](groupId, classes.members(groupId), { ...asked, marks: null }, shared);
                expect([...byNumber].sort(compareStrings)).toEqual([...byId].sort(compareStrings));
              }
            }
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

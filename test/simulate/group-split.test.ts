// A group question whose address many HA sets cover is answered member by member over the sets
// each member may hold a route of, the others counted as inert and listed only where the cut
// keeps them, and deliveries shared by members of one class (simulate/split.ts). On random small
// accounts with nested and identical prefixes, routes served by sources themselves (alone, or
// through a group that is also a distribution group), resources, flags and policies, the group
// answer with a small cut must be exactly the one computed member by member without any sharing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupAnswer, Outcome } from '../../src/simulate/answer.js';
import { memberAnswers, simulateGroup } from '../../src/simulate/index.js';
import { accountArb, bundleOf, groupQuestion, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';

function byMember(a: GroupAnswer): Map<string, Outcome> {
  return new Map(a.outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
}

describe('group answers over many covering sets, split member by member', () => {
  it('are the answers computed member by member without sharing, for any cut', () => {
    fc.assert(
      fc.property(accountArb, statesArb, questionArb, (account, stateSpecs, q) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        const split = simulateGroup(modelOf(bundleOf(account)), query, states, { candidateLimit: q.limit });
        const alone = simulateGroup(modelOf(bundleOf(account)), query, states, { exhaustive: true, candidateLimit: q.limit });
        expect(byMember(split)).toEqual(byMember(alone));
        expect(split.outcomes.reduce((n, o) => n + o.sources.length, 0)).toBe(alone.outcomes.reduce((n, o) => n + o.sources.length, 0));
        if (!split.outcomes.some((o) => o.own_routes)) expect(split).toEqual(alone);
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

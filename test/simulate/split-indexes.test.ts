// Where a group question's covering sets are split (simulate/split.ts), what the sharing scope
// and the serving roles read of them comes from the split's indexes, not from passes over every
// row: the facts of the sets together (their routes' distribution groups, their routing peers),
// the HA keys of their rows and each routing peer's rows, set by set in the sets' order. Each must
// be what the rows themselves give; and the group answers over many covering sets (more than a
// scope keeps set by set) must be the answers computed member by member, bounded or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mustParseAddr } from '../../src/net/prefix.js';
import { simulateGroup, simulatorFor } from '../../src/simulate/index.js';
import { CoveringSplit } from '../../src/simulate/split.js';
import { summarizeGroupAnswer } from '../../src/simulate/group-summary.js';
import { bundleOf, groupQuestion, manySetsAccountArb, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';

describe("a split's indexes", () => {
  it('give the facts, HA keys and rows by peer that the rows give', () => {
    fc.assert(
      fc.property(manySetsAccountArb, fc.constantFrom('10.1.2.3', '10.1.2.77'), (account, ip) => {
        const model = modelOf(bundleOf(account));
        const sets = simulatorFor(model).coveringSets({ kind: 'ip', addr: mustParseAddr(ip), text: ip });
        const split = new CoveringSplit(model, { sets: sets.map((set) => ({ set, rank: set.network!.bits })), apexMisses: [] });
        const rows = sets.flatMap((set) => set.routes.map((row) => ({ set, row })));
        const groups = new Set(rows.flatMap(({ row }) => row.route.groups));
        const servers = new Set(rows.flatMap(({ row }) => (row.peerId === null ? [] : [row.peerId])));
        expect(split.facts()).toEqual({ groups, servers });
        for (const { row } of rows) expect(split.hasKey(row.baseKey)).toBe(true);
        expect(split.hasKey('no such key')).toBe(false);
        const byIndex = [...rows].sort((a, b) => a.set.index - b.set.index);
        for (const peerId of [...servers, 'p-nobody']) expect(split.rowsOfPeer(peerId)).toEqual(byIndex.filter(({ row }) => row.peerId === peerId));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

/** Questions about the addresses most routes of `manySetsAccountArb` cover. */
const manyCoveringQuestionArb = fc.tuple(questionArb, fc.constantFrom('10.1.2.3', '10.1.2.77')).map(([q, ip]) => ({ ...q, ip }));

describe('group answers over more covering sets than a scope keeps one by one', () => {
  it('are the answers computed member by member without sharing, bounded or not', () => {
    let many = 0;
    fc.assert(
      fc.property(manySetsAccountArb, statesArb, manyCoveringQuestionArb, fc.integer({ min: 1, max: 6 }), (account, stateSpecs, q, max) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        if (simulatorFor(modelOf(bundleOf(account))).coveringSets(query.destination).length > 64) many++;
        const alone = simulateGroup(modelOf(bundleOf(account)), query, states, { exhaustive: true, candidateLimit: q.limit });
        const shared = simulateGroup(modelOf(bundleOf(account)), query, states, { candidateLimit: q.limit });
        expect(shared.outcomes.reduce((n, o) => n + o.sources.length, 0)).toBe(alone.outcomes.reduce((n, o) => n + o.sources.length, 0));
        if (!shared.outcomes.some((o) => o.own_routes)) expect(shared).toEqual(alone);
        const bounded = simulateGroup(modelOf(bundleOf(account)), query, states, { candidateLimit: q.limit, maxOutcomes: max });
        expect(bounded.outcomes).toEqual(shared.outcomes.slice(0, max));
        const whole = summarizeGroupAnswer(shared);
        expect(summarizeGroupAnswer(bounded).carriers).toEqual(whole.carriers.slice(0, max).map((c) => ({ ...c, outcomes: c.outcomes.filter((i) => i < max) })));
      }),
      { numRuns: 60 },
    );
    // Not vacuous: the scope read the facts of many sets together, from the split.
    expect(many).toBeGreaterThan(20);
  }, 120_000);
});

// A group question that is not split member by member (the cut keeps every row; a small cut is
// split, exit sets and all: split.ts, split-exits.test.ts) shares deliveries between its members
// (simulate/member-deliveries.ts): the
// covering sets reaching a member by no route, by its flags; every other set, exit sets too, by
// delivery class and the member's groups among the set's distribution groups; equal exit set
// deliveries as one object, decided once per exit node selection. On random small accounts with
// many covering sets under exit sets, and exit and covering sets served by a peer group of every
// peer (large enough to be delivered from templates), the group answer must be exactly the one computed
// member by member without any sharing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupAnswer, Outcome } from '../../src/simulate/answer.js';
import { NO_EXIT_NODE } from '../../src/simulate/exit.js';
import { memberAnswers, simulateGroup } from '../../src/simulate/index.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { route } from '../support/api.js';
import { accountArb, bundleOf, exitRouteArb, exitRoutes, groupQuestion, manySetsAccountArb, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';

function byMember(a: GroupAnswer): Map<string, Outcome> {
  return new Map(a.outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
}

const bulkRouteArb = fc.record({ groups: fc.subarray(['g-a', 'g-b', 'g-all'], { minLength: 1, maxLength: 2 }), enabled: fc.constantFrom(true, true, false), metric: fc.constantFrom(1, 9999) });

type BulkRoute = typeof bulkRouteArb extends fc.Arbitrary<infer T> ? T : never;

const accountWithExitsArb = fc.record({
  account: fc.oneof(manySetsAccountArb, accountArb),
  exits: fc.array(exitRouteArb, { minLength: 0, maxLength: 7 }),
  // None, or one covering HA set of 5 to 8 routes served by every peer (13): 64 rows or more are delivered from a template.
  bulk: fc.oneof(fc.constant<BulkRoute[]>([]), fc.array(bulkRouteArb, { minLength: 5, maxLength: 8 })),
});

type Drawn = typeof accountWithExitsArb extends fc.Arbitrary<infer T> ? T : never;

function bundleWithExits({ account, exits, bulk }: Drawn) {
  const bundle = bundleOf(account);
  const bulkRoutes = bulk.map((b, i) => route({ id: `b${i}`, network: '10.1.0.0/16', network_id: 'bulk', peer_groups: ['g-all'], groups: b.groups, enabled: b.enabled, metric: b.metric }));
  return { ...bundle, routes: [...bundle.routes, ...exitRoutes(exits), ...bulkRoutes] };
}

const destinationArb = fc.constantFrom('10.1.2.3', '10.1.2.77', '8.8.8.8', 'fd00::1', '2001:db8::1');

describe('group answers with deliveries shared between members', () => {
  it('are the answers computed member by member without sharing', () => {
    fc.assert(
      fc.property(accountWithExitsArb, statesArb, questionArb, destinationArb, fc.constantFrom<string | null>(null, 'exit-a', 'exit-b', NO_EXIT_NODE), fc.boolean(), (drawn, stateSpecs, q, ip, exitNode, wholeCut) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        const asked = { ...query, destination: { kind: 'ip' as const, addr: mustParseAddr(ip), text: ip }, exitNode };
        // A cut that keeps every row: the covering sets are then not split, exit set or none.
        const limit = wholeCut ? 100_000 : q.limit;
        const shared = simulateGroup(modelOf(bundleWithExits(drawn)), asked, states, { candidateLimit: limit });
        const alone = simulateGroup(modelOf(bundleWithExits(drawn)), asked, states, { exhaustive: true, candidateLimit: limit });
        expect(byMember(shared)).toEqual(byMember(alone));
        if (!shared.outcomes.some((o) => o.own_routes)) expect(shared).toEqual(alone);
      }),
      { numRuns: 250 },
    );
  }, 180_000);
});

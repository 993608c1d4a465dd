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
import { group, peer, policy, route } from '../support/api.js';
import { accountArb, bundleOf, exitRouteArb, exitRoutes, groupQuestion, manySetsAccountArb, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';
import { templateTuning } from '../../src/simulate/set-templates.js';

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
  it("tell apart routing peers of a disabled exit route by their groups where its ::/0 twin shares a set with another network's route (fast-check seed 1258332303)", () => {
    // p-s6 and p-s9 serve exit-a's disabled route (a peer group of everyone), whose ::/0 twin sits
    // in exit-a-v6's ::/0 set: serving a disabled row, they do not serve the set, so exit-a-v6's
    // route reaches p-s6 (in g-a) and not p-s9.
    const bundle = {
      routes: [
        route({ id: 'x0', network: '::/0', network_id: 'exit-a-v6', peer: 'p-g0', groups: ['g-a'] }),
        route({ id: 'x1', network: '0.0.0.0/0', network_id: 'exit-a', peer_groups: ['g-all'], groups: ['g-all'], enabled: false }),
      ],
      groups: [group('g-a', 'a', ['p-s6']), group('g-c', 'c', ['p-s6', 'p-s9']), group('g-all', 'All', ['p-s6', 'p-s9', 'p-g0'])],
      peers: [
        peer({ id: 'p-s6', name: 's6', ip: '100.64.1.7', ipv6: 'fd00:aaaa::7', groups: ['g-a', 'g-c', 'g-all'] }),
        peer({ id: 'p-s9', name: 's9', ip: '100.64.1.10', ipv6: 'fd00:aaaa::10', groups: ['g-c', 'g-all'] }),
        peer({ id: 'p-g0', name: 'g0', ip: '100.64.0.1', ipv6: 'fd00:aaaa::1', groups: ['g-all'] }),
      ],
      policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
    };
    const asked = { from: { kind: 'group' as const, groupId: 'g-c' }, destination: { kind: 'ip' as const, addr: mustParseAddr('2001:db8::1'), text: '2001:db8::1' }, exitNode: null, currentPeerId: null };
    for (const candidateLimit of [1, 100_000]) {
      const shared = byMember(simulateGroup(modelOf(bundle), asked, undefined, { candidateLimit }));
      const alone = byMember(simulateGroup(modelOf(bundle), asked, undefined, { exhaustive: true, candidateLimit }));
      expect([shared.get('p-s6')!.disposition, shared.get('p-s9')!.disposition]).toEqual(['ROUTED', 'NO_ROUTE']);
      expect(shared).toEqual(alone);
    }
  });

  const sharedAsAlone = (numRuns: number) =>
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
      { numRuns },
    );

  it('are the answers computed member by member without sharing', () => sharedAsAlone(250), 180_000);

  // Every set from a template, the small exit sets too: members of one delivery class share the
  // codes of the rows distributed to them (set-templates.ts `classCodes`), whatever their groups.
  it('are the answers computed member by member when every set comes from a template', () => {
    const minRows = templateTuning.minRows;
    templateTuning.minRows = 1;
    try {
      sharedAsAlone(150);
    } finally {
      templateTuning.minRows = minRows;
    }
  }, 180_000);
});

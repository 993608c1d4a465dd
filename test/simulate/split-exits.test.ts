// A group question split member by member (simulate/split.ts) where exit sets cover the address
// too (::/0 under an IPv6 address): a member's exit set deliveries its class shares go with the
// class's shared sets, made once per exit node selection variant (decision.ts `selectionVariant`),
// those it serves are its own. On random small accounts with many IPv6 covering sets (most of them
// distributed to the group of every peer), exit sets paired and unpaired, served by members or by
// gateways, distributed to some groups only (members of one class then select differently), and
// covering sets named like an exit set (such a question is not split), the group answer with a
// small cut must be exactly the one computed member by member without any sharing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupAnswer, Outcome } from '../../src/simulate/answer.js';
import { NO_EXIT_NODE } from '../../src/simulate/exit.js';
import { memberAnswers, simulateGroup } from '../../src/simulate/index.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { group, peer, policy, route } from '../support/api.js';
import { accountArb, bundleOf, exitRouteArb, exitRoutes, groupQuestion, questionArb, statesArb } from '../support/covering-accounts.js';
import { modelOf } from '../support/simulate.js';
import { PeerStates } from '../../src/simulate/peer-states.js';

function byMember(a: GroupAnswer): Map<string, Outcome> {
  return new Map(a.outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
}

const v6RouteArb = fc.record({
  network: fc.constantFrom('fd00::/8', 'fd00::/16', 'fd00::/64', 'fd00::/64', 'fd00::/120', 'fd00::1/128'),
  // Most have a network_id of their own; an exit set's now and then.
  network_id: fc.constantFrom('v-1', 'v-2', 'v-3', 'v-4', 'v-5', 'v-6', 'v-7', 'v-8', 'exit-a-v6'),
  routing: fc.constantFrom<{ peer_groups: string[] } | { peer: string }>({ peer: 'p-g0' }, { peer: 'p-g1' }, { peer: 'p-s1' }, { peer: 'p-s3' }, { peer_groups: ['g-gw'] }, { peer_groups: ['g-b'] }),
  // The group of every peer brings most of them: the class's shared sets.
  groups: fc.constantFrom(['g-all'], ['g-all'], ['g-all'], ['g-a'], ['g-b', 'g-all'], ['g-c']),
  enabled: fc.constantFrom(true, true, true, false),
  skip_auto_apply: fc.boolean(),
  metric: fc.constantFrom(1, 9999),
});

const drawnArb = fc.record({
  account: accountArb,
  v6: fc.array(v6RouteArb, { minLength: 2, maxLength: 12 }),
  exits: fc.array(exitRouteArb, { minLength: 1, maxLength: 6 }),
});

type Drawn = typeof drawnArb extends fc.Arbitrary<infer T> ? T : never;

function bundleOfDrawn({ account, v6, exits }: Drawn) {
  const bundle = bundleOf(account);
  const v6Routes = v6.map((r, i) => route({ id: `v${i}`, network: r.network, network_id: r.network_id, ...r.routing, groups: r.groups, enabled: r.enabled, skip_auto_apply: r.skip_auto_apply, metric: r.metric }));
  return { ...bundle, routes: [...bundle.routes, ...v6Routes, ...exitRoutes(exits)] };
}

describe('group answers split member by member under covering exit sets', () => {
  it('are the answers computed member by member without sharing', () => {
    fc.assert(
      fc.property(drawnArb, statesArb, questionArb, fc.constantFrom('fd00::1', 'fd00::1', '2001:db8::1'), fc.constantFrom<string | null>(null, null, 'exit-a', 'exit-b', 'exit-a-v6', NO_EXIT_NODE), (drawn, stateSpecs, q, ip, exitNode) => {
        const { states, query } = groupQuestion(stateSpecs, q);
        const asked = { ...query, destination: { kind: 'ip' as const, addr: mustParseAddr(ip), text: ip }, exitNode };
        const split = simulateGroup(modelOf(bundleOfDrawn(drawn)), asked, states, { candidateLimit: q.limit });
        const alone = simulateGroup(modelOf(bundleOfDrawn(drawn)), asked, states, { exhaustive: true, candidateLimit: q.limit });
        expect(byMember(split)).toEqual(byMember(alone));
        if (!split.outcomes.some((o) => o.own_routes)) expect(split).toEqual(alone);
      }),
      { numRuns: 250 },
    );
  }, 180_000);
});

describe('members of one class sharing an exit set delivery', () => {
  // p-s1 and p-s2 are of one class and receive exit-a's ::/0 twin alike (one delivery, shared).
  // exit-b, of 80 rows (a route per gateway, four times), reaches p-s1 alone (it is in g-c) by a
  // quarter of its rows: each receives it from a template, its own. The user selects exit-b: p-s1
  // has it, p-s2 falls back to exit-a, and exit-a's twin is active for p-s2 only.
  const gateways = Array.from({ length: 20 }, (_, i) => `p-g${i}`);
  const bundle = {
    routes: [
      route({ id: 'v0', network: 'fd00::/64', network_id: 'v-0', peer: 'p-g0', groups: ['g-all'], enabled: false }),
      route({ id: 'xa', network: '0.0.0.0/0', network_id: 'exit-a', peer: 'p-g0', groups: ['g-all'] }),
      ...['g-c', 'g-none', 'g-none', 'g-none'].map((g, i) => route({ id: `xb${i}`, network: '0.0.0.0/0', network_id: 'exit-b', peer_groups: ['g-gw'], groups: [g] })),
    ],
    groups: [group('g-c', 'g-c', ['p-s1']), group('g-none', 'nobody', []), group('g-src', 'sources', ['p-s1', 'p-s2']), group('g-gw', 'gateways', gateways), group('g-all', 'All', ['p-s1', 'p-s2', ...gateways])],
    peers: [
      peer({ id: 'p-s1', ip: '100.64.1.1', ipv6: 'fd00:aaaa::1' }),
      peer({ id: 'p-s2', ip: '100.64.1.2', ipv6: 'fd00:aaaa::2' }),
      ...gateways.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, ipv6: `fd00:aaaa::1${i}` })),
    ],
    policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
  };

  it('decide it under their own exit node selection', () => {
    const query = { destination: { kind: 'ip' as const, addr: mustParseAddr('fd00::1'), text: 'fd00::1' }, from: { kind: 'group' as const, groupId: 'g-src' }, currentPeerId: null, exitNode: 'exit-b' };
    const split = byMember(simulateGroup(modelOf(bundle), query, new PeerStates(), { candidateLimit: 1 }));
    expect(split.get('p-s1')!.disposition).toBe('ROUTED');
    expect(split.get('p-s2')!.route?.network_id).toBe('exit-a-v6');
    expect(split).toEqual(byMember(simulateGroup(modelOf(bundle), query, new PeerStates(), { exhaustive: true, candidateLimit: 1 })));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintExport } from '../../src/engine/lint.js';
import { rawExportOf } from '../support/model.js';
import rule from '../../rules/routing-peer-unavailable.js';
import { group, peer, route, type Bundle, type PeerInput } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const gw = (n: number, state: Partial<PeerInput> = {}) => peer({ id: `p-gw${n}`, ip: `100.92.0.${n}`, groups: ['g-gw'], ...state });
const account = (routes: Bundle['routes'], peers: Record<string, unknown>[]): Bundle => ({ routes, peers, groups: [group('g-gw', 'gateways', peers.map((p) => p.id as string))] });
const ha = (routes = 2) => Array.from({ length: routes }, (_, i) => route({ id: `r${i + 1}`, network_id: 'lan', peer: `p-gw${i + 1}`, metric: 100 * (i + 1) }));

ruleTable(rule, {
  valid: [
    { name: 'connected routing peer', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1)]) },
    { name: 'all peers of a peer group connected', bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] })], [gw(1), gw(2)]) },
    { name: 'offline peer of a disabled route', bundle: account([route({ id: 'r1', peer: 'p-gw1', enabled: false })], [gw(1, { connected: false })]) },
    { name: 'offline peer that serves no route', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1), gw(2, { connected: false })]) },
    { name: 'unknown routing peer is unknown-peer\'s finding', bundle: account([route({ id: 'r1', peer: 'p-ghost' })], [gw(1)]) },
    { name: 'client routes disabled does not stop serving', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { disable_client_routes: true })]) },
    // Still offered and picked: a black hole, routing-peer-not-forwarding's finding.
    { name: "disable_server_routes is routing-peer-not-forwarding's finding", bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { disable_server_routes: true })]) },
    { name: 'a disable_server_routes peer still counts as a peer clients use', bundle: account(ha(), [gw(1, { disable_server_routes: true }), gw(2)]) },
  ],
  invalid: [
    {
      name: 'offline single routing peer: nothing left',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'lan' })], [gw(1, { connected: false })]),
      errors: [{ messageId: 'notConnectedNoneLeft', routeId: 'r1', data: { peer: 'gw1', networkId: 'lan', available: 0, total: 1, target: '10.0.0.0/24' } }],
    },
    {
      name: 'offline peer of an HA set with a peer left',
      bundle: account(ha(), [gw(1), gw(2, { connected: false })]),
      errors: [{ messageId: 'notConnected', routeId: 'r2', data: { peer: 'gw2', available: 1, total: 2 } }],
    },
    {
      name: 'login expired',
      bundle: account(ha(), [gw(1, { login_expired: true, connected: false }), gw(2)]),
      errors: [{ messageId: 'loginExpired', routeId: 'r1', data: { peer: 'gw1', available: 1, total: 2 } }],
    },
    {
      name: 'every peer of the set unavailable',
      bundle: account(ha(), [gw(1, { connected: false }), gw(2, { login_expired: true })]),
      errors: [
        { messageId: 'notConnectedNoneLeft', routeId: 'r1', data: { available: 0, total: 2 } },
        { messageId: 'loginExpiredNoneLeft', routeId: 'r2', data: { available: 0, total: 2 } },
      ],
    },
    {
      name: 'a disable_server_routes peer is not unavailable: clients still pick it',
      bundle: account(ha(), [gw(1, { disable_server_routes: true }), gw(2, { connected: false })]),
      errors: [{ messageId: 'notConnected', routeId: 'r2', data: { peer: 'gw2', available: 1, total: 2 } }],
    },
    {
      name: 'peer group: one finding for the route that counts its unavailable members',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] })], [gw(1), gw(2, { connected: false }), gw(3, { login_expired: true })]),
      errors: [{ messageId: 'severalUnavailable', routeId: 'r1', data: { count: 2, peers: 'gw2, gw3', expired: 1, offline: 1, available: 1, total: 3 }, facts: ['p-gw2', 'p-gw3'] }],
    },
    {
      name: 'peer group with every member down: one finding, nothing left',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] })], [1, 2, 3, 4, 5].map((n) => gw(n, { connected: false }))),
      errors: [{ messageId: 'severalUnavailableNoneLeft', routeId: 'r1', data: { count: 5, peers: 'gw1, gw2, gw3, … (2 more)', available: 0, total: 5 } }],
    },
    {
      name: 'a disabled route of the set does not count as a peer left',
      bundle: account([...ha(1), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200, enabled: false })], [gw(1, { connected: false }), gw(2)]),
      errors: [{ messageId: 'notConnectedNoneLeft', routeId: 'r1', data: { total: 1 } }],
    },
    {
      name: 'domain route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', domains: ['a.example.com'] })], [gw(1, { connected: false })]),
      errors: [{ messageId: 'notConnectedNoneLeft', data: { target: 'a.example.com' } }],
    },
    {
      name: 'points at the peer field of a plain route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { connected: false })]),
      errors: [{ messageId: 'notConnectedNoneLeft', line: 17, column: 15 }],
    },
  ],
});

describe('routing-peer-unavailable', () => {
  it('needs peers', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })] }).skipped).toEqual(['routing-peer-unavailable']);
  });
});

// Property: past the limit of findings the rule only counts, by peer number for peer groups; the
// count equals the findings it reports without a limit, on random small accounts.
describe('routing-peer-unavailable counting past the limit', () => {
  const PEERS = ['p1', 'p2', 'p3', 'p4', 'p5'];
  const GROUPS = ['g1', 'g2', 'g3'];
  const arb = fc.record({
    states: fc.array(fc.constantFrom('up', 'offline', 'expired'), { minLength: PEERS.length, maxLength: PEERS.length }),
    members: fc.tuple(...GROUPS.map(() => fc.subarray(PEERS))),
    routes: fc.array(
      fc.record({
        server: fc.oneof(fc.constantFrom(...PEERS, 'p-ghost').map((p) => ({ peer: p })), fc.subarray([...GROUPS, 'g-unlisted'], { minLength: 1 }).map((peer_groups) => ({ peer: '', peer_groups }))),
        networkId: fc.constantFrom('a', 'b', 'c'),
        enabled: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
  });

  it('counts what it reports without a limit', () => {
    fc.assert(
      fc.property(arb, ({ states, members, routes }) => {
        const bundle: Bundle = {
          routes: routes.map((r, i) => route({ id: `r${i}`, network_id: r.networkId, enabled: r.enabled, ...r.server })),
          peers: PEERS.map((p, i) => peer({ id: p, ip: `100.92.0.${i + 1}`, groups: GROUPS.filter((_, k) => members[k]!.includes(p)), connected: states[i] !== 'offline', login_expired: states[i] === 'expired' })),
          groups: GROUPS.map((g, k) => group(g, g, members[k]!)),
        };
        const raw = rawExportOf(bundle);
        const settings = new Map([[rule.meta.id, { severity: rule.meta.severity, options: {} }]]);
        const [all] = lintExport(raw, [rule], { path: null, settings, ignores: [] }, { maxFindings: 0 });
        const [limited] = lintExport(raw, [rule], { path: null, settings, ignores: [] }, { maxFindings: 1 });
        expect((limited?.messages.length ?? 0) + (limited?.findingsLeftOut ?? 0)).toBe(all?.messages.length ?? 0);
      }),
      { numRuns: 800 },
    );
  });
});

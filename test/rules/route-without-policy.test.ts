import { describe, expect, it } from 'vitest';
import rule from '../../rules/route-without-policy.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const peers = [
  peer({ id: 'p-gw1', ip: '100.92.0.1', groups: ['g-gw'] }),
  peer({ id: 'p-gw2', ip: '100.92.0.2', groups: ['g-gw'] }),
  peer({ id: 'p-anna', ip: '100.92.1.1', ipv6: 'fd00::1', groups: ['g-eng'] }),
  peer({ id: 'p-ben', ip: '100.92.1.2', groups: ['g-eng'] }),
  peer({ id: 'p-carl', ip: '100.92.1.3', groups: ['g-sales'] }),
  peer({ id: 'p-dora', ip: '100.92.1.4', groups: ['g-sales'] }),
  peer({ id: 'p-eve', ip: '100.92.1.5', groups: ['g-sales'] }),
  peer({ id: 'p-finn', ip: '100.92.1.6', groups: ['g-sales'] }),
];
const groups = [
  group('g-all', 'All', peers.map((p) => p.id as string)),
  group('g-gw', 'gateways', ['p-gw1', 'p-gw2']),
  group('g-eng', 'engineering', ['p-anna', 'p-ben']),
  group('g-sales', 'sales', ['p-carl', 'p-dora', 'p-eve', 'p-finn']),
];
const engToGateways = policy({ id: 'pol-eng', sources: ['g-eng'], destinations: ['g-gw'] });
const account = (routes: Bundle['routes'], policies: unknown[] = [engToGateways], extra: Partial<Bundle> = {}): Bundle => ({ routes, groups, peers, policies, ...extra });

ruleTable(rule, {
  valid: [
    { name: 'policy from the distribution group to the routing peer group', bundle: account([route({ id: 'r1', groups: ['g-eng'] })]) },
    { name: 'policy the other way round, and a drop rule, still make the route visible', bundle: account([route({ id: 'r1', groups: ['g-eng'] })], [policy({ id: 'pol', sources: ['g-gw'], destinations: ['g-eng'], action: 'drop', bidirectional: false })]) },
    { name: 'peer_groups route: a policy to one of its peers is enough', bundle: account([route({ id: 'r1', peer_groups: ['g-gw'], groups: ['g-eng'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-gw'] })]) },
    { name: 'allow-all policy', bundle: account([route({ id: 'r1', groups: ['g-all'] })], [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })]) },
    {
      name: 'allow-all policy next to narrow ones: nobody is cut off from any route',
      bundle: account([route({ id: 'r1', groups: ['g-sales'] }), route({ id: 'r2', network: '10.9.0.0/16', groups: ['g-eng', 'g-sales'] })], [engToGateways, policy({ id: 'pol-all', sources: ['g-all'], destinations: ['g-all'], bidirectional: false })]),
    },
    { name: 'disabled route is delivered to nobody anyway', bundle: account([route({ id: 'r1', groups: ['g-sales'], enabled: false })]) },
    { name: 'route with no routing peer is left to ha-group-empty', bundle: account([route({ id: 'r1', peer: '', groups: ['g-sales'] })]) },
    { name: 'unknown routing peer is left to unknown-peer', bundle: account([route({ id: 'r1', peer: 'p-ghost', groups: ['g-sales'] })]) },
    {
      name: 'routing peers in the distribution group serve the route and are not cut off',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'], groups: ['g-gw', 'g-eng'] })]),
    },
    {
      name: 'login-expired and client-routes-disabled members get no routes anyway',
      bundle: account([route({ id: 'r1', groups: ['g-x'] })], [engToGateways], {
        peers: [...peers, peer({ id: 'p-old', ip: '100.92.9.1', login_expired: true, groups: ['g-x'] }), peer({ id: 'p-kiosk', ip: '100.92.9.2', disable_client_routes: true, groups: ['g-x'] })],
        groups: [...groups, group('g-x', 'x', ['p-old', 'p-kiosk'])],
      }),
    },
    {
      name: 'peers without an overlay IPv6 get no IPv6 routes anyway',
      bundle: account([route({ id: 'r1', network: 'fd10::/64', groups: ['g-eng', 'g-sales'] })], [policy({ id: 'pol', sources: ['g-anna'], destinations: ['g-gw'] }), engToGateways], {
        groups: [...groups, group('g-anna', 'anna', ['p-anna'])],
      }),
    },
    { name: 'empty distribution group', bundle: account([route({ id: 'r1', groups: ['g-none'] })], [engToGateways], { groups: [...groups, group('g-none', 'none', [])] }) },
    {
      name: 'sibling routing peers of the HA set never receive the route from another peer',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'lan', groups: ['g-gw', 'g-eng'] }), route({ id: 'r2', peer: 'p-gw2', network_id: 'lan', metric: 200, groups: ['g-gw', 'g-eng'] })]),
    },
    {
      name: 'peer resource (direct peer) on the far side of a rule',
      bundle: account(
        [route({ id: 'r1', groups: ['g-sales'] })],
        [
          {
            ...policy({ id: 'pol', sources: ['g-sales'], destinations: [] }),
            rules: [{ ...(policy({ id: 'pol', sources: ['g-sales'], destinations: [] }).rules as object[])[0], destinations: null, destinationResource: { id: 'p-gw1', type: 'peer' } }],
          },
        ],
      ),
    },
  ],
  invalid: [
    {
      name: 'no policy reaches the distribution group',
      bundle: account([route({ id: 'r1', groups: ['g-sales'] })]),
      errors: [{ messageId: 'nobodyReceives', routeId: 'r1', data: { count: 4, total: 4, members: 'carl, dora, eve, …' } }],
    },
    {
      name: 'some members cut off, names sorted',
      bundle: account([route({ id: 'r1', groups: ['g-eng', 'g-sales'] })]),
      errors: [{ messageId: 'membersCutOff', routeId: 'r1', data: { count: 4, total: 6, members: 'carl, dora, eve, …', networkId: 'net-r1' } }],
    },
    {
      name: 'disabled policy does not count',
      bundle: account([route({ id: 'r1', groups: ['g-eng'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-gw'], enabled: false })]),
      errors: [{ messageId: 'nobodyReceives', data: { count: 2, total: 2, members: 'anna, ben' } }],
    },
    {
      name: 'disabled rule does not count',
      bundle: account([route({ id: 'r1', groups: ['g-eng'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-gw'], ruleEnabled: false })]),
      errors: [{ messageId: 'nobodyReceives', data: { count: 2 } }],
    },
    {
      name: 'policy to another gateway does not help',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', groups: ['g-eng'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-gw2'] })], { groups: [...groups, group('g-gw2', 'gw2', ['p-gw2'])] }),
      errors: [{ messageId: 'nobodyReceives', data: { count: 2, total: 2 } }],
    },
    {
      name: 'policy between members only, not to the routing peer',
      bundle: account([route({ id: 'r1', groups: ['g-sales'] })], [policy({ id: 'pol', sources: ['g-sales'], destinations: ['g-eng'] })]),
      errors: [{ messageId: 'nobodyReceives', data: { count: 4 } }],
    },
    {
      name: 'All group: the routing peers are left out, everyone else counted',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'], groups: ['g-all'] })]),
      errors: [{ messageId: 'membersCutOff', data: { count: 4, total: 6, members: 'carl, dora, eve, …' } }],
    },
    {
      name: 'three cut off: no ellipsis',
      bundle: account([route({ id: 'r1', groups: ['g-sales'] })], [engToGateways, policy({ id: 'pol-finn', sources: ['g-finn'], destinations: ['g-gw'] })], { groups: [...groups, group('g-finn', 'finn', ['p-finn'])] }),
      errors: [{ messageId: 'membersCutOff', data: { count: 3, total: 4, members: 'carl, dora, eve' } }],
    },
    {
      name: 'IPv6 route: only members with an overlay IPv6 count',
      bundle: account([route({ id: 'r1', network: 'fd10::/64', groups: ['g-eng', 'g-sales'] })], [policy({ id: 'pol', sources: ['g-sales'], destinations: ['g-gw'] })]),
      errors: [{ messageId: 'nobodyReceives', data: { count: 1, total: 1, members: 'anna' } }],
    },
    {
      name: 'each route of an HA set is judged on its own routing peer',
      bundle: account(
        [route({ id: 'r1', peer: 'p-gw1', network_id: 'lan', groups: ['g-eng'] }), route({ id: 'r2', peer: 'p-gw2', network_id: 'lan', metric: 200, groups: ['g-eng'] })],
        [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-gw1'] })],
        { groups: [...groups, group('g-gw1', 'gw1', ['p-gw1'])] },
      ),
      errors: [{ messageId: 'nobodyReceives', routeId: 'r2', data: { count: 2 } }],
    },
    {
      name: 'allow-all policy disabled: the narrow ones decide',
      bundle: account([route({ id: 'r1', groups: ['g-sales'] })], [engToGateways, policy({ id: 'pol-all', sources: ['g-all'], destinations: ['g-all'], enabled: false })]),
      errors: [{ messageId: 'nobodyReceives', routeId: 'r1', data: { count: 4 } }],
    },
    {
      name: 'All on one side only: a rule from All to engineering does not reach the gateways',
      bundle: account([route({ id: 'r1', groups: ['g-sales'] })], [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-eng'] })]),
      errors: [{ messageId: 'nobodyReceives', routeId: 'r1', data: { count: 4 } }],
    },
    {
      name: 'domain route',
      bundle: account([route({ id: 'r1', domains: ['example.com'], groups: ['g-sales'] })]),
      errors: [{ messageId: 'nobodyReceives', data: { target: 'example.com', count: 4 } }],
    },
  ],
});

describe('route-without-policy', () => {
  it('needs groups and policies', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })], peers }).skipped).toEqual(['route-without-policy']);
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })], groups }).skipped).toEqual(['route-without-policy']);
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })], groups, policies: [] }).skipped).toEqual([]);
  });

  it('works without peers (no login or IPv6 data): every member counts', () => {
    const { messages } = lintBundle(rule, { routes: [route({ id: 'r1', groups: ['g-sales'] })], groups, policies: [engToGateways] });
    expect(messages.map((m) => [m.messageId, m.data?.count])).toEqual([['nobodyReceives', 4]]);
  });
});

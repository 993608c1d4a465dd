import { describe, expect, it } from 'vitest';
import rule from '../../rules/masquerade-off-needs-return.js';
import { group, peer, route, type Bundle, type RouteInput } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const peers = [
  peer({ id: 'p-gw1', ip: '100.92.0.1', ipv6: 'fd00:1:2:3::1', os: 'Ubuntu 22.04', groups: ['g-gw'] }),
  peer({ id: 'p-gw2', ip: '100.92.0.2', os: 'Debian GNU/Linux 12', groups: ['g-gw'] }),
  peer({ id: 'p-win', ip: '100.92.0.3', os: 'Windows Server 2022', groups: ['g-mixed'] }),
  peer({ id: 'p-mac', ip: '100.92.0.4', os: 'Darwin 15.1', groups: ['g-mixed'] }),
];
const groups = [group('g-gw', 'gateways', ['p-gw1', 'p-gw2']), group('g-mixed', 'mixed', ['p-win', 'p-mac'])];
const off = (input: Partial<RouteInput> & { id: string }) => route({ masquerade: false, ...input });
const account = (routes: Bundle['routes']): Bundle => ({ routes, groups, peers });

ruleTable(rule, {
  valid: [
    { name: 'masquerade on everywhere', bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] }), route({ id: 'r2', network: '0.0.0.0/0', peer: 'p-gw1' })]) },
    { name: 'masquerade off on a LAN route with one routing peer', bundle: account([off({ id: 'r1', peer: 'p-gw1' })]) },
    { name: 'disabled route', bundle: account([off({ id: 'r1', peer_groups: ['g-gw'], enabled: false })]) },
    { name: 'non-Linux routing peers translate whatever the flag says', bundle: account([off({ id: 'r1', peer_groups: ['g-mixed'] }), off({ id: 'r2', network: '0.0.0.0/0', peer: 'p-win' })]) },
    {
      name: 'one peer forwards untranslated, the other masquerades: replies go back the way they came',
      bundle: account([off({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200 })]),
    },
    // One route to a peer group of two Linux peers: they tie at its metric, metric-conflict's equalMetricNoMasquerade.
    { name: 'peer group of two Linux peers', bundle: account([off({ id: 'r1', peer_groups: ['g-gw'], network_id: 'lan' })]) },
    { name: 'two routes at one metric', bundle: account([off({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), off({ id: 'r2', network_id: 'lan', peer: 'p-gw2' })]) },
    // Exit nodes are exit-node-masquerade's.
    { name: 'exit node with masquerade off', bundle: account([off({ id: 'r1', network: '0.0.0.0/0', network_id: 'exit', peer: 'p-gw1' })]) },
    { name: 'IPv6 exit node', bundle: account([off({ id: 'r1', network: '::/0', peer: 'p-gw1' })]) },
    { name: 'IPv6 route when no peer has an overlay IPv6', bundle: { routes: [off({ id: 'r1', network: 'fd10::/64', peer_groups: ['g-gw'] })], groups, peers: peers.map((p) => ({ ...p, ipv6: undefined })) } },
  ],
  invalid: [
    {
      name: 'two routes of one HA set, both off: both reported',
      bundle: account([off({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), off({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200 })]),
      errors: [
        { messageId: 'severalPeers', routeId: 'r1', data: { count: 2, networkId: 'lan', target: '10.0.0.0/24', overlay: '100.92.0.0/16' } },
        { messageId: 'severalPeers', routeId: 'r2', data: { count: 2 } },
      ],
    },
    {
      name: 'a tie at one metric and a backup: the backup is reported',
      bundle: {
        routes: [off({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), off({ id: 'r2', network_id: 'lan', peer: 'p-gw2' }), off({ id: 'r3', network_id: 'lan', peer: 'p-gw3', metric: 300 })],
        groups,
        peers: [...peers, peer({ id: 'p-gw3', ip: '100.92.0.5', os: 'Ubuntu 24.04' })],
      },
      errors: [{ messageId: 'severalPeers', routeId: 'r3', data: { count: 3 } }],
    },
    {
      name: 'IPv6 route: the overlay IPv6 needs the way back',
      bundle: account([off({ id: 'r1', network: 'fd10::/64', network_id: 'v6', peer: 'p-gw1' }), off({ id: 'r2', network: 'fd10::/64', network_id: 'v6', peer: 'p-gw2', metric: 200 })]),
      errors: [
        { messageId: 'severalPeers', routeId: 'r1', data: { overlay: 'fd00:1:2:3::/64' } },
        { messageId: 'severalPeers', routeId: 'r2', data: { overlay: 'fd00:1:2:3::/64' } },
      ],
    },
    {
      name: 'domain route with masquerade off',
      bundle: account([off({ id: 'r1', domains: ['api.example.com'], peer: 'p-gw1' })]),
      errors: [{ messageId: 'internetHosts', data: { target: 'api.example.com' } }],
    },
  ],
});

describe('masquerade-off-needs-return', () => {
  it('without peers, every routing peer may forward untranslated and the overlay is somewhere in 100.64.0.0/10', () => {
    const { messages, skipped } = lintBundle(rule, { routes: [off({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), off({ id: 'r2', network_id: 'lan', peer: 'p-win', metric: 200 })], groups });
    expect(skipped).toEqual([]);
    expect(messages.map((m) => [m.messageId, m.routeId, m.data?.count, m.data?.overlay])).toEqual([
      ['severalPeers', 'r1', 2, '100.64.0.0/10'],
      ['severalPeers', 'r2', 2, '100.64.0.0/10'],
    ]);
  });

  it('notes routes whose peer groups it could not expand', () => {
    const result = lintBundle(rule, { routes: [off({ id: 'r1', peer_groups: ['g-gw'] })] });
    expect(result.messages).toEqual([]);
    expect(result.partial).toHaveLength(1);
  });
});

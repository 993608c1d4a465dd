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
    { name: 'IPv6 route when no peer has an overlay IPv6', bundle: { routes: [off({ id: 'r1', network: 'fd10::/64', peer_groups: ['g-gw'] })], groups, peers: peers.map((p) => ({ ...p, ipv6: undefined })) } },
  ],
  invalid: [
    {
      name: 'peer group of two Linux peers',
      bundle: account([off({ id: 'r1', peer_groups: ['g-gw'], network_id: 'lan' })]),
      errors: [{ messageId: 'severalPeers', routeId: 'r1', data: { count: 2, networkId: 'lan', target: '10.0.0.0/24', overlay: '100.92.0.0/16' } }],
    },
    {
      name: 'two routes of one HA set, both off: both reported',
      bundle: account([off({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), off({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200 })]),
      errors: [
        { messageId: 'severalPeers', routeId: 'r1', data: { count: 2 } },
        { messageId: 'severalPeers', routeId: 'r2', data: { count: 2 } },
      ],
    },
    {
      name: 'exit node with masquerade off',
      bundle: account([off({ id: 'r1', network: '0.0.0.0/0', network_id: 'exit', peer: 'p-gw1' })]),
      errors: [{ messageId: 'internetHosts', routeId: 'r1', data: { networkId: 'exit', target: '0.0.0.0/0', overlay: '100.92.0.0/16' } }],
    },
    {
      name: 'IPv6 exit node: the overlay IPv6 needs the way back',
      bundle: account([off({ id: 'r1', network: '::/0', peer: 'p-gw1' })]),
      errors: [{ messageId: 'internetHosts', data: { overlay: 'fd00:1:2:3::/64' } }],
    },
    {
      name: 'domain route with masquerade off',
      bundle: account([off({ id: 'r1', domains: ['api.example.com'], peer: 'p-gw1' })]),
      errors: [{ messageId: 'internetHosts', data: { target: 'api.example.com' } }],
    },
    {
      name: 'a Linux and a Windows peer: only the Linux one forwards untranslated, the exit still fails through it',
      bundle: { routes: [off({ id: 'r1', network: '0.0.0.0/0', peer_groups: ['g-both'] })], peers, groups: [...groups, group('g-both', 'both', ['p-gw1', 'p-win'])] },
      errors: [{ messageId: 'internetHosts', routeId: 'r1' }],
    },
  ],
});

describe('masquerade-off-needs-return', () => {
  it('without peers, every routing peer may forward untranslated and the overlay is somewhere in 100.64.0.0/10', () => {
    const { messages, skipped } = lintBundle(rule, { routes: [off({ id: 'r1', peer_groups: ['g-gw'] })], groups });
    expect(skipped).toEqual([]);
    expect(messages.map((m) => [m.messageId, m.data?.overlay])).toEqual([['severalPeers', '100.64.0.0/10']]);
  });

  it('notes routes whose peer groups it could not expand', () => {
    const result = lintBundle(rule, { routes: [off({ id: 'r1', peer_groups: ['g-gw'] })] });
    expect(result.messages).toEqual([]);
    expect(result.partial).toHaveLength(1);
  });
});

import rule from '../../rules/exit-node-masquerade.js';
import { group, peer, route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

const exit = (input: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'r1', network: '0.0.0.0/0', network_id: 'exit-eu', masquerade: false, ...input });
const gw = (id: string, os: string) => peer({ id, ip: `100.92.12.${id.length}`, os });

ruleTable(rule, {
  valid: [
    { name: 'IPv4 exit node with masquerade', bundle: { routes: [exit({ masquerade: true })] } },
    { name: 'IPv6 exit node with masquerade', bundle: { routes: [exit({ network: '::/0', masquerade: true })] } },
    { name: 'LAN route without masquerade', bundle: { routes: [exit({ network: '10.0.0.0/8' })] } },
    { name: 'IPv6 LAN route without masquerade', bundle: { routes: [exit({ network: '2000::/3' })] } },
    { name: 'Windows routing peer translates anyway', bundle: { routes: [exit({ peer: 'p-exit' })], peers: [gw('p-exit', 'Windows Server 2022')] } },
    { name: 'macOS routing peer translates anyway', bundle: { routes: [exit({ peer: 'p-exit' })], peers: [gw('p-exit', 'Darwin 15.1')] } },
    {
      name: 'peer_groups whose members all route in userspace',
      bundle: {
        routes: [exit({ peer_groups: ['g-exit'] })],
        groups: [group('g-exit', 'exit-nodes', ['p-a', 'p-b', 'p-c', 'p-d'])],
        peers: [gw('p-a', 'Windows 11'), gw('p-b', 'macOS 14.2'), gw('p-c', 'Android 14'), gw('p-d', 'FreeBSD 14.0-RELEASE')],
      },
    },
  ],
  invalid: [
    { name: 'IPv4 exit node without masquerade', bundle: { routes: [exit()] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1', data: { networkId: 'exit-eu', network: '0.0.0.0/0' } }] },
    { name: 'IPv6 exit node without masquerade', bundle: { routes: [exit({ network: '::/0', network_id: 'exit6' })] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1', data: { networkId: 'exit6', network: '::/0' } }] },
    { name: 'host bits cleared to a default route', bundle: { routes: [exit({ network: '1.2.3.4/0' })] }, errors: [{ messageId: 'masqueradeOff', data: { network: '0.0.0.0/0' } }] },
    { name: 'disabled exit node', bundle: { routes: [exit({ enabled: false })] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }] },
    { name: 'points at the masquerade flag', bundle: { routes: [exit()] }, errors: [{ messageId: 'masqueradeOff', line: 12, column: 21 }] },
    { name: 'Linux routing peer', bundle: { routes: [exit({ peer: 'p-exit' })], peers: [gw('p-exit', 'Ubuntu 22.04')] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }] },
    { name: 'routing peer with unknown OS', bundle: { routes: [exit({ peer: 'p-exit' })], peers: [gw('p-exit', '')] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }] },
    { name: 'routing peer not in the export', bundle: { routes: [exit({ peer: 'p-gone' })], peers: [gw('p-exit', 'Windows 11')] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }] },
    { name: 'Windows routing peer but no peers section', bundle: { routes: [exit({ peer: 'p-exit' })] }, errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }] },
    {
      name: 'peer_groups with one Linux member',
      bundle: { routes: [exit({ peer_groups: ['g-exit'] })], groups: [group('g-exit', 'exit-nodes', ['p-a', 'p-b'])], peers: [gw('p-a', 'Windows 11'), gw('p-b', 'Debian GNU/Linux 12')] },
      errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }],
    },
    {
      name: 'peer_groups no listed peer belongs to, without groups',
      bundle: { routes: [exit({ peer_groups: ['g-exit'] })], peers: [gw('p-a', 'Windows 11')] },
      errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }],
    },
    {
      name: 'peer_groups without members',
      bundle: { routes: [exit({ peer_groups: ['g-exit'] })], groups: [group('g-exit', 'exit-nodes', [])], peers: [gw('p-a', 'Windows 11')] },
      errors: [{ messageId: 'masqueradeOff', routeId: 'r1' }],
    },
  ],
});

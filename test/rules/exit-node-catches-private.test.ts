import rule from '../../rules/exit-node-catches-private.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

const groups = [group('g-staff', 'staff', ['p-anna', 'p-carl']), group('g-other', 'other', ['p-dora']), group('g-ha', 'ha', ['p-gw1'])];
const lan = (extra: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'r1', network: '10.1.0.0/24', network_id: 'lan', groups: ['g-staff'], peer: 'p-gw1', ...extra });
const exit = (extra: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'x1', network: '0.0.0.0/0', network_id: 'exit', groups: ['g-staff'], peer: 'p-ex1', ...extra });
const account = (routes: Bundle['routes'], extra: Partial<Bundle> = {}): Bundle => ({ routes, groups, ...extra });
const gw = (n: number, connected = true) => peer({ id: `p-gw${n}`, ip: `100.92.0.${n}`, connected });
const SINGLE = { singlePeer: true };
const peers = (gw1 = true, gw2 = true) => [gw(1, gw1), gw(2, gw2), peer({ id: 'p-ex1', ip: '100.92.0.9' })];

ruleTable(rule, {
  valid: [
    { name: 'a single routing peer is not reported by default', bundle: account([lan(), exit()]) },
    { name: 'two routing peers in the HA set', bundle: account([lan(), lan({ id: 'r2', peer: 'p-gw2' }), exit()]), options: SINGLE },
    { name: 'a public prefix', bundle: account([lan({ network: '203.0.113.0/24' }), exit()]), options: SINGLE },
    { name: 'no exit node', bundle: account([lan()]), options: SINGLE },
    { name: 'the exit node is not applied unless selected', bundle: account([lan(), exit({ skip_auto_apply: true })]), options: SINGLE },
    { name: 'the exit node is disabled', bundle: account([lan(), exit({ enabled: false })]), options: SINGLE },
    { name: 'the exit node goes to other clients', bundle: account([lan(), exit({ groups: ['g-other'] })]), options: SINGLE },
    { name: 'the exit node is served by the same peer', bundle: account([lan(), exit({ peer: 'p-gw1' })]), options: SINGLE },
    { name: 'an IPv6-only exit node does not take IPv4 traffic', bundle: account([lan(), exit({ network: '::/0' })]), options: SINGLE },
    { name: 'a disabled private route', bundle: account([lan({ enabled: false }), exit()]), options: SINGLE },
    { name: 'inside another routed private prefix, traffic falls back to that one', bundle: account([lan(), lan({ id: 'r2', network: '10.0.0.0/8', network_id: 'corp', peer: '', peer_groups: ['g-gw'] }), exit()], { groups: [...groups, group('g-gw', 'gw', ['p-gw2', 'p-gw3'])] }), options: SINGLE },
    { name: 'two routing peers, one of them connected', bundle: account([lan(), lan({ id: 'r2', peer: 'p-gw2' }), exit()], { peers: peers(false, true) }), options: SINGLE },
  ],
  invalid: [
    {
      name: 'a single routing peer and an exit node for the same clients',
      bundle: account([lan(), exit()]),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', routeId: 'r1', data: { networkId: 'lan', target: '10.1.0.0/24', peer: 'p-gw1', exitNode: 'exit', total: 1 } }],
    },
    {
      name: 'every routing peer unavailable at export',
      bundle: account([lan(), lan({ id: 'r2', peer: 'p-gw2' }), exit()], { peers: peers(false, false) }),
      errors: [{ messageId: 'noPeerAvailable', routeId: 'r1', data: { networkId: 'lan', total: 2, exitNode: 'exit' } }],
    },
    {
      name: 'the single routing peer offline at export: reported by default',
      bundle: account([lan(), exit()], { peers: peers(false) }),
      errors: [{ messageId: 'noPeerAvailable', routeId: 'r1', data: { total: 1, exitNode: 'exit' } }],
    },
    {
      name: 'login expired and awaiting approval count as unavailable',
      bundle: account([lan(), lan({ id: 'r2', peer: 'p-gw2' }), exit()], { peers: [{ ...gw(1), login_expired: true }, { ...gw(2), approval_required: true }, peer({ id: 'p-ex1', ip: '100.92.0.9' })] }),
      errors: [{ messageId: 'noPeerAvailable', data: { total: 2 } }],
    },
    {
      name: 'a peer group of one',
      bundle: account([lan({ peer: '', peer_groups: ['g-ha'] }), exit()]),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', data: { peer: 'p-gw1' } }],
    },
    {
      name: 'a ULA prefix and the IPv6 twin of an IPv4 exit node',
      bundle: account([lan({ network: 'fd00:1::/64' }), exit()]),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', data: { target: 'fd00:1::/64' } }],
    },
    {
      name: 'the exit node a fresh client applies is named',
      bundle: account([lan(), exit({ id: 'x2', network_id: 'exit-b' }), exit({ network_id: 'exit-a' })]),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', data: { exitNode: 'exit-a' } }],
    },
    {
      name: 'clients shared through a member, not a group id',
      bundle: account([lan(), exit({ groups: ['g-anna'] })], { groups: [...groups, group('g-anna', 'anna', ['p-anna'])] }),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', data: { exitNode: 'exit' } }],
    },
    {
      name: 'only the outermost private prefix is reported',
      bundle: account([lan(), lan({ id: 'r2', network: '10.0.0.0/8', network_id: 'corp', peer: 'p-gw2' }), exit()]),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', routeId: 'r2', data: { networkId: 'corp', peer: 'p-gw2' } }],
    },
    {
      name: 'the routing peer by name when peers are exported',
      bundle: account([lan(), exit()], { peers: peers() }),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', data: { peer: 'gw1' } }],
    },
    {
      name: 'points at the network',
      bundle: account([lan(), exit()]),
      options: SINGLE,
      errors: [{ messageId: 'singlePeer', line: 14, column: 18 }],
    },
  ],
});

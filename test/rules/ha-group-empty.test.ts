import { describe, expect, it } from 'vitest';
import rule from '../../rules/ha-group-empty.js';
import { lintExport } from '../../src/engine/lint.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { rawExportOf } from '../support/model.js';
import { ruleTable } from '../support/ruleTester.js';

const lab = (input: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'r1', network: '192.168.77.0/24', network_id: 'lab-net', ...input });

ruleTable(rule, {
  valid: [
    { name: 'a routing peer', bundle: { routes: [lab({ peer: 'p-gw1' })] } },
    { name: 'peer groups with a member', bundle: { routes: [lab({ peer_groups: ['g-gw'] })], groups: [group('g-gw', 'gw-lab', ['p-gw1'])] } },
    { name: 'one of two peer groups has a member', bundle: { routes: [lab({ peer_groups: ['g-empty', 'g-gw'] })], groups: [group('g-empty', 'spare', []), group('g-gw', 'gw-lab', ['p-gw1'])] } },
    { name: 'a member known from the peers section only', bundle: { routes: [lab({ peer_groups: ['g-gw'] })], peers: [peer({ id: 'p-gw1', ip: '100.92.0.1', groups: ['g-gw'] })] } },
    { name: 'peer groups without a groups section are not guessed at', bundle: { routes: [lab({ peer_groups: ['g-gw'] })] } },
    { name: 'peer groups nobody claims, without a groups section', bundle: { routes: [lab({ peer_groups: ['g-gw'] })], peers: [peer({ id: 'p-gw1', ip: '100.92.0.1', groups: ['g-other'] })] } },
  ],
  invalid: [
    { name: 'no peer and no peer_groups', bundle: { routes: [lab({ peer: '' })] }, errors: [{ messageId: 'noRoutingPeer', routeId: 'r1', data: { networkId: 'lab-net', target: '192.168.77.0/24' } }] },
    { name: 'no routing peer on a disabled route', bundle: { routes: [lab({ peer: '', enabled: false })] }, errors: [{ messageId: 'noRoutingPeer', routeId: 'r1' }] },
    { name: 'no routing peer on an IPv6 route', bundle: { routes: [lab({ peer: '', network: 'fd00:77::/64' })] }, errors: [{ messageId: 'noRoutingPeer', data: { target: 'fd00:77::/64' } }] },
    { name: 'no routing peer on a domain route', bundle: { routes: [route({ id: 'r1', network_id: 'apps', domains: ['a.example.com', 'b.example.com'], peer: '' })] }, errors: [{ messageId: 'noRoutingPeer', data: { target: 'a.example.com, b.example.com' } }] },
    { name: 'points at the empty peer', bundle: { routes: [lab({ peer: '' })] }, errors: [{ messageId: 'noRoutingPeer', line: 17, column: 15 }] },
    {
      name: 'an empty peer group, named',
      bundle: { routes: [lab({ peer_groups: ['g-gw'] })], groups: [group('g-gw', 'gw-lab', [])] },
      errors: [{ messageId: 'emptyPeerGroups', routeId: 'r1', data: { peerGroups: 'gw-lab', networkId: 'lab-net', target: '192.168.77.0/24' } }],
    },
    {
      name: 'every peer group empty or unknown',
      bundle: { routes: [lab({ peer_groups: ['g-gw', 'g-gone'] })], groups: [group('g-gw', 'gw-lab', [])] },
      errors: [{ messageId: 'emptyPeerGroups', routeId: 'r1', data: { peerGroups: 'gw-lab, g-gone' } }],
    },
    {
      name: 'empty peer group on a disabled IPv6 route',
      bundle: { routes: [lab({ peer_groups: ['g-gw'], network: '2001:db8:77::/48', enabled: false })], groups: [group('g-gw', 'gw-lab', [])], peers: [] },
      errors: [{ messageId: 'emptyPeerGroups', routeId: 'r1', data: { target: '2001:db8:77::/48' } }],
    },
  ],
});

describe('ha-group-empty without groups', () => {
  const skippedOf = (bundle: Bundle) => {
    const settings = new Map([[rule.meta.id, { severity: rule.meta.severity, options: {} }]]);
    return lintExport(rawExportOf(bundle), [rule], { path: null, settings, ignores: [] }).flatMap((r) => r.skippedRules);
  };

  it('says once that empty peer groups were not checked', () => {
    const routes = [lab({ id: 'r1', peer_groups: ['g1'] }), lab({ id: 'r2', peer_groups: ['g2'] })];
    expect(skippedOf({ routes })).toEqual([{ ruleId: 'ha-group-empty', missing: ['groups'], partial: 'empty peer groups' }]);
  });

  it('says nothing when no route has peer groups', () => {
    expect(skippedOf({ routes: [lab({ peer: 'p-gw1' })] })).toEqual([]);
  });
});

import rule from '../../rules/peer-xor-peer-groups.js';
import { group, peer, route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

ruleTable(rule, {
  valid: [
    { name: 'plain routing peer', bundle: { routes: [route({ id: 'r1', peer: 'p-gw1' })] } },
    { name: 'peer groups with an empty peer', bundle: { routes: [route({ id: 'r1', peer_groups: ['g-gw'] })] } },
    { name: 'neither peer nor peer groups (ha-group-empty reports it)', bundle: { routes: [route({ id: 'r1', peer: '' })] } },
    { name: 'plain peer next to an empty peer_groups list', bundle: { routes: [{ ...route({ id: 'r1', peer: 'p-gw1' }), peer_groups: [] }] } },
    { name: 'plain peer next to peer_groups null', bundle: { routes: [{ ...route({ id: 'r1', peer: 'p-gw1' }), peer_groups: null }] } },
  ],
  invalid: [
    { name: 'peer and peer groups', bundle: { routes: [route({ id: 'r1', peer: 'p-gw1', peer_groups: ['g-gw'] })] }, errors: [{ messageId: 'both', routeId: 'r1', data: { peer: 'p-gw1', peerGroups: 'g-gw' } }] },
    {
      name: 'names come from the peers and groups sections',
      bundle: {
        routes: [route({ id: 'r1', peer: 'p-gw1', peer_groups: ['g-gw', 'g-dr'] })],
        groups: [group('g-gw', 'gateways', ['p-gw1']), group('g-dr', 'disaster-recovery', [])],
        peers: [peer({ id: 'p-gw1', name: 'gw-berlin-1', ip: '100.64.0.1' })],
      },
      errors: [{ messageId: 'both', routeId: 'r1', data: { peer: 'gw-berlin-1', peerGroups: 'gateways, disaster-recovery' } }],
    },
    {
      name: 'domain route with both',
      bundle: { routes: [route({ id: 'r1', domains: ['example.com'], peer: 'p-gw1', peer_groups: ['g-gw'] }), route({ id: 'r2', peer_groups: ['g-gw'] })] },
      errors: [{ messageId: 'both', routeId: 'r1' }],
    },
  ],
});

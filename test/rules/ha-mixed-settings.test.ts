import rule from '../../rules/ha-mixed-settings.js';
import { route, type RouteInput } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

/** Two routes of HA set `lan` (10.0.0.0/24) on two peers with distinct metrics, plus overrides. */
const pair = (first: Partial<RouteInput> = {}, second: Partial<RouteInput> = {}) => ({
  routes: [route({ id: 'r1', network_id: 'lan', peer: 'p-gw1', metric: 100, ...first }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200, ...second })],
});

ruleTable(rule, {
  valid: [
    { name: 'same settings, different peers and metrics', bundle: pair() },
    { name: 'distribution groups compare as sets', bundle: pair({ groups: ['g-a', 'g-b'] }, { groups: ['g-b', 'g-a', 'g-a'] }) },
    { name: 'access control groups compare as sets', bundle: pair({ access_control_groups: ['g-x', 'g-y'] }, { access_control_groups: ['g-y', 'g-x'] }) },
    { name: 'descriptions may differ', bundle: pair({ description: 'primary' }, { description: 'backup' }) },
    { name: 'same network_id, different prefix: two HA sets', bundle: { routes: [route({ id: 'r1', network_id: 'lan', masquerade: true }), route({ id: 'r2', network_id: 'lan', network: '10.0.1.0/24', masquerade: false })] } },
    { name: 'same prefix, different network_id: two HA sets', bundle: { routes: [route({ id: 'r1', network_id: 'a', masquerade: true }), route({ id: 'r2', network_id: 'b', masquerade: false })] } },
    // A disabled route beside enabled ones is ineffective-field's disabledInHaSet, said once.
    { name: 'enabled differs', bundle: pair({ enabled: false }) },
    { name: 'single route', bundle: { routes: [route({ id: 'r1', masquerade: false, enabled: false })] } },
  ],
  invalid: [
    { name: 'masquerade differs', bundle: pair({}, { masquerade: false }), errors: [{ messageId: 'mixedMasquerade', routeId: 'r2', relatedRouteIds: ['r1'], data: { networkId: 'lan', target: '10.0.0.0/24' } }] },
    { name: 'distribution groups differ', bundle: pair({ groups: ['g-a'] }, { groups: ['g-a', 'g-b'] }), errors: [{ messageId: 'mixedGroups', routeId: 'r2' }] },
    { name: 'access control on one route only', bundle: pair({ access_control_groups: ['g-x'] }), errors: [{ messageId: 'mixedAccessControl', routeId: 'r2' }] },
    {
      name: 'each differing setting once per set',
      bundle: pair({ masquerade: false, groups: ['g-a'] }, { groups: ['g-b'] }),
      errors: [{ messageId: 'mixedMasquerade', routeId: 'r2' }, { messageId: 'mixedGroups', routeId: 'r2' }],
    },
    {
      name: 'points at the first route that differs from the first one, relates the rest',
      bundle: {
        routes: [
          route({ id: 'r1', network_id: 'lan', peer: 'p-gw1', metric: 100 }),
          route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200 }),
          route({ id: 'r3', network_id: 'lan', peer: 'p-gw3', metric: 300, masquerade: false }),
          route({ id: 'r4', network_id: 'lan', peer: 'p-gw4', metric: 400, masquerade: false }),
        ],
      },
      errors: [{ messageId: 'mixedMasquerade', routeId: 'r3', relatedRouteIds: ['r1', 'r2', 'r4'] }],
    },
    {
      name: 'domain HA set',
      bundle: pair({ domains: ['a.example.com'], network_id: 'web' }, { domains: ['a.example.com'], network_id: 'web', masquerade: false }),
      errors: [{ messageId: 'mixedMasquerade', data: { networkId: 'web', target: 'a.example.com' } }],
    },
    {
      name: 'HA set from a peer_groups route and a plain route',
      bundle: pair({ peer: '', peer_groups: ['g-gw'] }, { access_control_groups: ['g-x'] }),
      errors: [{ messageId: 'mixedAccessControl', routeId: 'r2' }],
    },
  ],
});

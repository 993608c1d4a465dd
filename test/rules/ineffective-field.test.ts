import rule from '../../rules/ineffective-field.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

ruleTable(rule, {
  valid: [
    { name: 'keep_route on a domain route', bundle: { routes: [route({ id: 'r1', domains: ['a.example.com'], keep_route: true })] } },
    { name: 'keep_route off on a network route', bundle: { routes: [route({ id: 'r1', keep_route: false })] } },
    { name: 'skip_auto_apply on an IPv4 exit node', bundle: { routes: [route({ id: 'r1', network: '0.0.0.0/0', skip_auto_apply: true })] } },
    { name: 'skip_auto_apply on an IPv6 exit node', bundle: { routes: [route({ id: 'r1', network: '::/0', skip_auto_apply: true })] } },
    { name: 'disabled route alone in its HA set', bundle: { routes: [route({ id: 'r1', enabled: false })] } },
    {
      name: 'all routes of an HA set disabled',
      bundle: { routes: [route({ id: 'r1', network_id: 'lan', enabled: false }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', enabled: false })] },
    },
    { name: 'network_id ending in -v6 with no exit node of that name', bundle: { routes: [route({ id: 'r1', network_id: 'lab-v6', network: 'fd10::/64' })] } },
    {
      name: 'network_id ending in -v6 next to a non-exit route of the base name',
      bundle: { routes: [route({ id: 'r1', network_id: 'lab' }), route({ id: 'r2', network_id: 'lab-v6', network: 'fd10::/64' })] },
    },
    {
      name: 'the twin is made for IPv4 exit nodes only',
      bundle: { routes: [route({ id: 'r1', network_id: 'exit', network: '::/0' }), route({ id: 'r2', network_id: 'exit-v6', network: 'fd10::/64' })] },
    },
  ],
  invalid: [
    { name: 'keep_route on a network route', bundle: { routes: [route({ id: 'r1', keep_route: true })] }, errors: [{ messageId: 'keepRouteOnNetwork', routeId: 'r1', data: { target: '10.0.0.0/24' } }] },
    { name: 'skip_auto_apply on a LAN route', bundle: { routes: [route({ id: 'r1', skip_auto_apply: true })] }, errors: [{ messageId: 'skipAutoApplyOnNonExit', data: { target: '10.0.0.0/24' } }] },
    { name: 'skip_auto_apply on a domain route', bundle: { routes: [route({ id: 'r1', domains: ['a.example.com'], skip_auto_apply: true })] }, errors: [{ messageId: 'skipAutoApplyOnNonExit', data: { target: 'a.example.com' } }] },
    { name: 'skip_auto_apply on a /1', bundle: { routes: [route({ id: 'r1', network: '128.0.0.0/1', skip_auto_apply: true })] }, errors: [{ messageId: 'skipAutoApplyOnNonExit' }] },
    {
      name: 'disabled route in an HA set with enabled routes',
      bundle: { routes: [route({ id: 'r1', network_id: 'lan' }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', enabled: false }), route({ id: 'r3', network_id: 'lan', peer: 'p-gw3' })] },
      errors: [{ messageId: 'disabledInHaSet', routeId: 'r2', relatedRouteIds: ['r1', 'r3'], data: { networkId: 'lan', enabled: 2 } }],
    },
    {
      name: 'a user network_id that takes the exit node twin\'s name',
      bundle: { routes: [route({ id: 'r1', network_id: 'exit-eu', network: '0.0.0.0/0' }), route({ id: 'r2', network_id: 'exit-eu-v6', network: '2001:db8::/32' })] },
      errors: [{ messageId: 'v6TwinName', routeId: 'r2', relatedRouteIds: ['r1'], data: { networkId: 'exit-eu-v6', exitNetworkId: 'exit-eu' } }],
    },
    {
      name: 'a user IPv6 exit named like the twin',
      bundle: { routes: [route({ id: 'r1', network_id: 'exit', network: '0.0.0.0/0' }), route({ id: 'r2', network_id: 'exit-v6', network: '::/0' })] },
      errors: [{ messageId: 'v6TwinName', routeId: 'r2' }],
    },
    {
      name: 'several findings on one route',
      bundle: { routes: [route({ id: 'r1', keep_route: true, skip_auto_apply: true })] },
      errors: [{ messageId: 'keepRouteOnNetwork' }, { messageId: 'skipAutoApplyOnNonExit' }],
    },
  ],
});

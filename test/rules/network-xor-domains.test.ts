import rule from '../../rules/network-xor-domains.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

ruleTable(rule, {
  valid: [
    { name: 'IPv4 network route', bundle: { routes: [route({ id: 'r1', network: '10.20.0.0/16' })] } },
    { name: 'IPv6 network route', bundle: { routes: [route({ id: 'r1', network: '2001:db8::/32' })] } },
    { name: 'domain route with the server placeholder network', bundle: { routes: [route({ id: 'r1', domains: ['wiki.example.com'] })] } },
    { name: 'domain route without any network', bundle: { routes: [route({ id: 'r1', domains: ['wiki.example.com'], network: '' })] } },
    { name: 'network route with an empty domain list', bundle: { routes: [{ ...route({ id: 'r1', network: '10.20.0.0/16' }), domains: [] }] } },
    { name: 'placeholder network on its own is a network route', bundle: { routes: [route({ id: 'r1', network: '192.0.2.0/32' })] } },
  ],
  invalid: [
    {
      name: 'domains next to a real IPv4 network',
      bundle: { routes: [route({ id: 'r1', domains: ['wiki.example.com', 'git.example.com'], network: '10.20.0.0/16' })] },
      errors: [{ messageId: 'both', routeId: 'r1', data: { network: '10.20.0.0/16', domains: 'wiki.example.com, git.example.com' } }],
    },
    { name: 'domains next to ::/0', bundle: { routes: [route({ id: 'r1', domains: ['example.com'], network: '::/0' })] }, errors: [{ messageId: 'both', routeId: 'r1', data: { network: '::/0' } }] },
    { name: 'domains next to a placeholder with another length', bundle: { routes: [route({ id: 'r1', domains: ['example.com'], network: '192.0.2.0/24' })] }, errors: [{ messageId: 'both', routeId: 'r1' }] },
    { name: 'domains next to an unparsable network', bundle: { routes: [route({ id: 'r1', domains: ['example.com'], network: 'lan' })] }, errors: [{ messageId: 'both', routeId: 'r1', data: { network: 'lan' } }] },
    { name: 'empty network and null domains', bundle: { routes: [route({ id: 'r1', network: '' })] }, errors: [{ messageId: 'neither', routeId: 'r1' }] },
    { name: 'empty network and empty domains', bundle: { routes: [{ ...route({ id: 'r1', network: '' }), domains: [] }] }, errors: [{ messageId: 'neither', routeId: 'r1' }] },
    {
      name: 'both pointing at the network field',
      bundle: { routes: [route({ id: 'r1', network: '10.0.0.0/8' }), route({ id: 'r2', domains: ['example.com'], network: '10.1.0.0/16' })] },
      errors: [{ messageId: 'both', routeId: 'r2', line: 33, column: 18 }],
    },
  ],
});

import rule from '../../rules/prefix-host-bits.js';
import { route } from '../support/api.js';
import { ruleTable, type InvalidCase } from '../support/ruleTester.js';

const masked = (name: string, network: string, stored: string): InvalidCase => ({
  name,
  bundle: { routes: [route({ id: 'r1', network })] },
  errors: [{ messageId: 'hostBitsSet', routeId: 'r1', data: { network, stored } }],
});

ruleTable(rule, {
  valid: [
    { name: 'masked IPv4', bundle: { routes: [route({ id: 'r1', network: '10.1.0.0/16' })] } },
    { name: 'IPv4 /0', bundle: { routes: [route({ id: 'r1', network: '0.0.0.0/0' })] } },
    { name: 'IPv4 /32 host', bundle: { routes: [route({ id: 'r1', network: '10.1.2.3/32' })] } },
    { name: 'IPv6 /0', bundle: { routes: [route({ id: 'r1', network: '::/0' })] } },
    { name: 'IPv6 /128 host', bundle: { routes: [route({ id: 'r1', network: 'fd00::1/128' })] } },
    { name: 'masked IPv6', bundle: { routes: [route({ id: 'r1', network: '2001:db8::/32' })] } },
    { name: 'unparsable network is invalid-prefix', bundle: { routes: [route({ id: 'r1', network: '10.1.2.3/33' })] } },
    { name: 'domain route', bundle: { routes: [route({ id: 'r1', domains: ['example.com'] })] } },
  ],
  invalid: [
    masked('IPv4 /16 with host bits', '10.1.2.3/16', '10.1.0.0/16'),
    masked('IPv4 /25 with host bits', '192.168.1.129/25', '192.168.1.128/25'),
    masked('IPv4 /0 with host bits', '10.0.0.1/0', '0.0.0.0/0'),
    masked('IPv4 /31 with host bits', '10.0.0.1/31', '10.0.0.0/31'),
    masked('IPv6 /32 with host bits', '2001:db8::1/32', '2001:db8::/32'),
    masked('IPv6 /0 with host bits', '::1/0', '::/0'),
    masked('IPv6 /127 with host bits', 'fd00::1/127', 'fd00::/127'),
    masked('IPv4-mapped IPv6 keeps its dotted quad', '::ffff:10.1.2.3/112', '::ffff:10.1.0.0/112'),
    {
      name: 'points at the network value',
      bundle: { routes: [route({ id: 'r1', network: '10.0.0.0/8' }), route({ id: 'r2', network: '10.0.0.1/8' })] },
      errors: [{ messageId: 'hostBitsSet', routeId: 'r2', line: 31, column: 18 }],
    },
  ],
});

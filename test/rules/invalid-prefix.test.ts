import rule from '../../rules/invalid-prefix.js';
import { parsePrefix } from '../../src/net/prefix.js';
import { route } from '../support/api.js';
import { ruleTable, type InvalidCase } from '../support/ruleTester.js';

/** The reason parsePrefix gives, so the table checks that the message quotes it without restating prose. */
function reasonOf(text: string): string {
  const r = parsePrefix(text);
  if (r.ok) throw new Error(`${text} parses`);
  return r.reason;
}

const bad = (name: string, network: string): InvalidCase => ({
  name,
  bundle: { routes: [route({ id: 'r1', network })] },
  errors: [{ messageId: 'notAPrefix', routeId: 'r1', data: { network, reason: reasonOf(network) } }],
});

ruleTable(rule, {
  valid: [
    { name: 'IPv4 /16', bundle: { routes: [route({ id: 'r1', network: '10.20.0.0/16' })] } },
    { name: 'IPv4 /0', bundle: { routes: [route({ id: 'r1', network: '0.0.0.0/0' })] } },
    { name: 'IPv4 /32', bundle: { routes: [route({ id: 'r1', network: '10.0.0.1/32' })] } },
    { name: 'IPv6 /0', bundle: { routes: [route({ id: 'r1', network: '::/0' })] } },
    { name: 'IPv6 /64', bundle: { routes: [route({ id: 'r1', network: '2001:db8:1::/64' })] } },
    { name: 'IPv6 /128', bundle: { routes: [route({ id: 'r1', network: 'fd00::1/128' })] } },
    { name: 'host bits set are not this rule', bundle: { routes: [route({ id: 'r1', network: '10.1.2.3/16' })] } },
    { name: 'domain route placeholder is not checked', bundle: { routes: [route({ id: 'r1', domains: ['example.com'] })] } },
    { name: 'domain route without a network is not checked', bundle: { routes: [route({ id: 'r1', domains: ['example.com'], network: '' })] } },
    { name: 'empty network without domains is network-xor-domains', bundle: { routes: [route({ id: 'r1', network: '' })] } },
  ],
  invalid: [
    bad('IPv4 length over 32', '192.168.0.0/34'),
    bad('IPv6 length over 128', '2001:db8::/129'),
    bad('bare IPv4 address', '10.0.0.1'),
    bad('bare IPv6 address', 'fd00::1'),
    bad('garbage', 'office-lan'),
    bad('leading zeros in an octet', '010.0.0.0/8'),
    bad('leading zero in the length', '10.0.0.0/08'),
    bad('octet over 255', '10.0.0.256/32'),
    bad('zone', 'fe80::1%eth0/64'),
    bad('negative length', '10.0.0.0/-1'),
    bad('whitespace', ' 10.0.0.0/8'),
    bad('three octets', '10.0.0/24'),
    bad('leading zero in an embedded IPv4 part', '::ffff:010.0.0.0/104'),
    {
      name: 'unparsable network next to domains is reported too',
      bundle: { routes: [route({ id: 'r1', domains: ['example.com'], network: '10.0.0.0/33' })] },
      errors: [{ messageId: 'notAPrefix', routeId: 'r1', data: { network: '10.0.0.0/33' } }],
    },
    {
      name: 'points at the network value',
      bundle: { routes: [route({ id: 'r1', network: '10.0.0.0/8' }), route({ id: 'r2', network: '300.0.0.0/8' })] },
      errors: [{ messageId: 'notAPrefix', routeId: 'r2', line: 31, column: 18 }],
    },
  ],
});

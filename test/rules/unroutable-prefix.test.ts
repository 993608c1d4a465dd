import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/unroutable-prefix.js';
import { peer, route } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const at = (network: string) => ({ routes: [route({ id: 'r1', network })] });

ruleTable(rule, {
  valid: [
    { name: 'private /16', bundle: at('10.20.0.0/16') },
    { name: 'the longest skipped length is /7, /8 is installed', bundle: at('10.0.0.0/8') },
    { name: 'IPv4 default route', bundle: at('0.0.0.0/0') },
    { name: 'IPv6 default route', bundle: at('::/0') },
    { name: 'global IPv6', bundle: at('2001:db8:100::/48') },
    { name: 'just past link-local', bundle: at('169.255.0.0/16') },
    { name: 'just before multicast', bundle: at('223.255.255.0/24') },
    { name: 'domain route', bundle: { routes: [route({ id: 'r1', domains: ['example.com'] })] } },
    {
      name: "a prefix inside the account's overlay is overlay-overlap's finding",
      bundle: { routes: [route({ id: 'r1', network: '100.92.5.0/24' })], peers: [peer({ id: 'p-gw1', ip: '100.92.0.1' })] },
    },
  ],
  invalid: [
    { name: 'loopback', bundle: at('127.0.0.0/8'), errors: [{ messageId: 'refused', routeId: 'r1', data: { prefix: '127.0.0.0/8', addressClass: 'loopback' } }] },
    { name: 'IPv6 loopback', bundle: at('::1/128'), errors: [{ messageId: 'refused', data: { prefix: '::1/128', addressClass: 'loopback' } }] },
    { name: 'cloud metadata is link-local', bundle: at('169.254.169.254/32'), errors: [{ messageId: 'refused', data: { prefix: '169.254.169.254/32', addressClass: 'link-local' } }] },
    { name: 'IPv6 link-local', bundle: at('fe80::/64'), errors: [{ messageId: 'refused', data: { addressClass: 'link-local' } }] },
    { name: 'multicast', bundle: at('239.1.0.0/16'), errors: [{ messageId: 'refused', data: { addressClass: 'multicast' } }] },
    { name: 'IPv6 multicast', bundle: at('ff02::/16'), errors: [{ messageId: 'refused', data: { addressClass: 'multicast' } }] },
    { name: 'IPv4-mapped loopback is loopback', bundle: at('::ffff:127.0.0.1/128'), errors: [{ messageId: 'refused', data: { addressClass: 'loopback' } }] },
    { name: 'unspecified /8', bundle: at('0.0.0.0/8'), errors: [{ messageId: 'unspecified', data: { prefix: '0.0.0.0/8' } }] },
    { name: 'half of the IPv4 space from 0.0.0.0 is refused, not skipped', bundle: at('0.0.0.0/1'), errors: [{ messageId: 'unspecified', data: { prefix: '0.0.0.0/1' } }] },
    { name: 'unspecified IPv6 /64', bundle: at('::/64'), errors: [{ messageId: 'unspecified', data: { prefix: '::/64' } }] },
    { name: 'host bits of a default route cleared, still /0', bundle: at('10.0.0.0/1'), errors: [{ messageId: 'unspecified', data: { prefix: '0.0.0.0/1' } }] },
    { name: 'other half of the IPv4 space', bundle: at('128.0.0.0/1'), errors: [{ messageId: 'netstackSkipped', routeId: 'r1', data: { prefix: '128.0.0.0/1' } }] },
    { name: '/7', bundle: at('10.0.0.0/7'), errors: [{ messageId: 'netstackSkipped', data: { prefix: '10.0.0.0/7' } }] },
    { name: 'IPv6 /3', bundle: at('2000::/3'), errors: [{ messageId: 'netstackSkipped', data: { prefix: '2000::/3' } }] },
  ],
});

describe('unroutable-prefix', () => {
  it('needs no other section', () => {
    expect(lintBundle(rule, at('127.0.0.0/8')).skipped).toEqual([]);
  });

  it('reports every /1../7 IPv4 prefix that does not start at 0.0.0.0 as skipped in netstack, and no /8../32 unicast prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 1, max: 32 }), (first, bits) => {
        fc.pre(first !== 127 && first !== 169);
        const { messages } = lintBundle(rule, at(`${first}.0.0.0/${bits}`));
        const startsAtZero = bits < 8 && first >> (8 - bits) === 0;
        const want = startsAtZero ? ['unspecified'] : bits <= 7 ? ['netstackSkipped'] : [];
        expect(messages.map((m) => m.messageId)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});

import fc from 'fast-check';
import { containsCidr } from 'cidr-tools';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/overlay-overlap.js';
import { peer, route } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

// The account's overlay is the /16 most peers' `ip` fall in: here 100.92.0.0/16 and fd00:1234:5678:9abc::/64.
const peers = [
  peer({ id: 'p-gw1', ip: '100.92.0.1', ipv6: 'fd00:1234:5678:9abc::1' }),
  peer({ id: 'p-laptop', ip: '100.92.7.20' }),
];
const at = (network: string, extra: Partial<Parameters<typeof route>[0]> = {}) => ({ routes: [route({ id: 'r1', network, ...extra })], peers });

ruleTable(rule, {
  valid: [
    { name: 'private LAN', bundle: at('10.20.0.0/16') },
    { name: 'another /16 of 100.64.0.0/10 than the account uses', bundle: at('100.93.0.0/16') },
    { name: 'the /16 just below the overlay', bundle: at('100.91.0.0/16') },
    { name: 'exit node covers everything by design', bundle: at('0.0.0.0/0') },
    { name: 'IPv6 exit node', bundle: at('::/0') },
    { name: 'IPv6 prefix outside the overlay /64', bundle: at('fd00:1234:5678:9abd::/64') },
    { name: 'domain route (placeholder network)', bundle: { routes: [route({ id: 'r1', domains: ['example.com'] })], peers } },
    { name: 'no peer has an overlay address', bundle: { routes: [route({ id: 'r1', network: '100.92.1.0/24' })], peers: [peer({ id: 'p-gw1', ip: '' })] } },
    { name: 'no peer has an overlay IPv6', bundle: { routes: [route({ id: 'r1', network: 'fd00:1234:5678:9abc::/64' })], peers: [peer({ id: 'p-gw1', ip: '100.92.0.1' })] } },
    { name: 'covering prefix refused for its unspecified network address is left to unroutable-prefix', bundle: at('0.0.0.0/1') },
  ],
  invalid: [
    { name: 'subnet inside the overlay', bundle: at('100.92.5.0/24'), errors: [{ messageId: 'insideOverlay', routeId: 'r1', data: { prefix: '100.92.5.0/24', overlay: '100.92.0.0/16' } }] },
    { name: 'the overlay itself', bundle: at('100.92.0.0/16'), errors: [{ messageId: 'insideOverlay', data: { prefix: '100.92.0.0/16' } }] },
    { name: 'host route to a peer', bundle: at('100.92.7.20/32'), errors: [{ messageId: 'insideOverlay', data: { prefix: '100.92.7.20/32' } }] },
    { name: 'host bits cleared first', bundle: at('100.92.5.7/24'), errors: [{ messageId: 'insideOverlay', data: { prefix: '100.92.5.0/24' } }] },
    { name: 'disabled route is still refused once enabled', bundle: at('100.92.5.0/24', { enabled: false }), errors: [{ messageId: 'insideOverlay' }] },
    { name: 'CGNAT /10 covering the account /16', bundle: at('100.64.0.0/10'), errors: [{ messageId: 'coversOverlay', routeId: 'r1', data: { prefix: '100.64.0.0/10', overlay: '100.92.0.0/16' } }] },
    { name: '/8 covering the overlay', bundle: at('100.0.0.0/8'), errors: [{ messageId: 'coversOverlay', data: { prefix: '100.0.0.0/8' } }] },
    {
      name: 'CGNAT /10 when the account /16 is 100.64.0.0/16: the network address is inside, so refused',
      bundle: { routes: [route({ id: 'r1', network: '100.64.0.0/10' })], peers: [peer({ id: 'p-gw1', ip: '100.64.3.1' })] },
      errors: [{ messageId: 'insideOverlay', data: { prefix: '100.64.0.0/10', overlay: '100.64.0.0/16' } }],
    },
    { name: 'IPv6 inside the overlay /64', bundle: at('fd00:1234:5678:9abc:1::/80'), errors: [{ messageId: 'insideOverlay', data: { prefix: 'fd00:1234:5678:9abc:1::/80', overlay: 'fd00:1234:5678:9abc::/64' } }] },
    { name: 'IPv6 covering the overlay /64', bundle: at('fd00:1234::/32'), errors: [{ messageId: 'coversOverlay', data: { prefix: 'fd00:1234::/32' } }] },
    {
      name: 'points at the network field',
      bundle: at('100.92.5.0/24'),
      errors: [{ messageId: 'insideOverlay', line: 14, column: 18 }],
    },
  ],
});

describe('overlay-overlap', () => {
  it('is skipped without peers: the overlay network is unknown', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1', network: '100.92.5.0/24' })] }).skipped).toEqual(['overlay-overlap']);
  });

  it('agrees with cidr-tools on which IPv4 prefixes are refused and which cover the overlay', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 127 }), octet, octet, octet, octet, fc.integer({ min: 1, max: 32 }), (third, a, b, c, d, bits) => {
        const overlay = `100.${third}.0.0/16`;
        const network = `${a}.${b}.${c}.${d}/${bits}`;
        const { messages } = lintBundle(rule, { routes: [route({ id: 'r1', network })], peers: [peer({ id: 'p-gw1', ip: `100.${third}.0.1` })] });
        const masked = (BigInt(((a << 24) | (b << 16) | (c << 8) | d) >>> 0) >> BigInt(32 - bits)) << BigInt(32 - bits);
        const start = [24n, 16n, 8n, 0n].map((s) => String((masked >> s) & 255n)).join('.');
        const inside = containsCidr(overlay, start);
        // A covering prefix that starts at 0.0.0.0 is refused as unspecified (unroutable-prefix's).
        const covers = !inside && masked !== 0n && containsCidr(`${start}/${bits}`, overlay);
        expect(messages.map((m) => m.messageId)).toEqual(inside ? ['insideOverlay'] : covers ? ['coversOverlay'] : []);
      }),
      { numRuns: 300 },
    );
  });
});

import { containsCidr, overlapCidr } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rule, { AddedGroups } from '../../rules/overlapping-networks.js';
import { lintExport } from '../../src/engine/lint.js';
import { buildModel } from '../../src/model/build.js';
import { reachOf, RecipientIndex } from '../../src/model/reach.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';
import { rawExportOf } from '../support/model.js';

const office = (id: string, network: string, networkId: string, extra: Partial<Parameters<typeof route>[0]> = {}) => route({ id, network, network_id: networkId, ...extra });

ruleTable(rule, {
  valid: [
    { name: 'one route', bundle: { routes: [office('r1', '10.0.0.0/16', 'office')] } },
    { name: 'disjoint prefixes', bundle: { routes: [office('r1', '10.0.0.0/16', 'a'), office('r2', '10.1.0.0/16', 'b')] } },
    { name: 'adjacent halves', bundle: { routes: [office('r1', '10.0.0.0/25', 'a'), office('r2', '10.0.0.128/25', 'b')] } },
    { name: 'one HA set of two routing peers', bundle: { routes: [office('r1', '10.0.0.0/16', 'office', { peer: 'p-gw1' }), office('r2', '10.0.0.0/16', 'office', { peer: 'p-gw2' })] } },
    { name: 'same prefix, no common group and membership unknown', bundle: { routes: [office('r1', '10.0.0.0/16', 'a', { groups: ['g1'] }), office('r2', '10.0.0.0/16', 'b', { groups: ['g2'] })] } },
    {
      name: 'same prefix, groups with disjoint members',
      bundle: { routes: [office('r1', '10.0.0.0/16', 'a', { groups: ['g1'] }), office('r2', '10.0.0.0/16', 'b', { groups: ['g2'] })], groups: [group('g1', 'eng', ['p-anna']), group('g2', 'ops', ['p-ben'])] },
    },
    { name: 'nested, no common group', bundle: { routes: [office('r1', '10.0.0.0/16', 'a', { groups: ['g1'] }), office('r2', '10.0.1.0/24', 'b', { groups: ['g2'] })], groups: [] } },
    { name: 'same prefix, one route disabled', bundle: { routes: [office('r1', '10.0.0.0/16', 'a'), office('r2', '10.0.0.0/16', 'b', { enabled: false })] } },
    { name: 'nested in a disabled route', bundle: { routes: [office('r1', '10.0.0.0/16', 'a', { enabled: false }), office('r2', '10.0.1.0/24', 'b')] } },
    { name: 'nested under an IPv4 exit node', bundle: { routes: [office('r1', '0.0.0.0/0', 'exit'), office('r2', '10.0.1.0/24', 'lan')] } },
    { name: 'nested under an IPv6 exit node', bundle: { routes: [office('r1', '::/0', 'exit6'), office('r2', 'fd00:1::/64', 'lan6')] } },
    { name: 'two exit nodes under different network_ids', bundle: { routes: [office('r1', '0.0.0.0/0', 'exit-eu'), office('r2', '0.0.0.0/0', 'exit-us')] } },
    { name: 'IPv4 and IPv6 never overlap', bundle: { routes: [office('r1', '::/96', 'v6'), office('r2', '10.0.0.0/8', 'v4')] } },
    { name: 'different domains', bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['a.example.com'] }), route({ id: 'r2', network_id: 'b', domains: ['b.example.com'] })] } },
    { name: 'wildcard and apex are different domains', bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['*.example.com'] }), route({ id: 'r2', network_id: 'b', domains: ['example.com'] })] } },
    { name: 'same domain in one HA set', bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['a.example.com'], peer: 'p-gw1' }), route({ id: 'r2', network_id: 'a', domains: ['a.example.com'], peer: 'p-gw2' })] } },
    { name: 'same domain, one route disabled', bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['a.example.com'] }), route({ id: 'r2', network_id: 'b', domains: ['a.example.com'], enabled: false })] } },
    { name: 'a domain route and the placeholder network are not compared', bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['a.example.com'] }), office('r2', '192.0.2.0/24', 'b')] } },
    // allowNestedIn: network_ids whose prefixes more specific sets may override.
    { name: 'allowNestedIn: nested in an allowed network_id', options: { allowNestedIn: ['office-berlin'] }, bundle: { routes: [office('r1', '10.20.0.0/16', 'office-berlin'), office('r2', '10.20.1.0/24', 'berlin-lab')] } },
    { name: 'allowNestedIn "*": no nested finding at all', options: { allowNestedIn: ['*'] }, bundle: { routes: [office('r1', '10.0.0.0/8', 'corp'), office('r2', '10.1.0.0/16', 'site'), office('r3', '10.1.2.0/24', 'lab')] } },
    { name: 'allowNestedIn: a chain under allowed network_ids', options: { allowNestedIn: ['corp', 'site'] }, bundle: { routes: [office('r1', '10.0.0.0/8', 'corp'), office('r2', '10.1.0.0/16', 'site'), office('r3', '10.1.2.0/24', 'lab')] } },
  ],
  invalid: [
    {
      name: 'same prefix under two network_ids',
      bundle: { routes: [office('r1', '10.30.0.0/16', 'office-paris'), office('r2', '10.30.0.0/16', 'paris-dr')] },
      errors: [{ messageId: 'samePrefix', routeId: 'r2', relatedRouteIds: ['r1'], data: { prefix: '10.30.0.0/16', networkId: 'paris-dr', otherNetworkId: 'office-paris' } }],
    },
    {
      name: 'reported on the later network_id whatever the file order',
      bundle: { routes: [office('r1', '10.30.0.0/16', 'zeta'), office('r2', '10.30.0.0/16', 'alpha')] },
      errors: [{ messageId: 'samePrefix', routeId: 'r1', relatedRouteIds: ['r2'], data: { otherNetworkId: 'alpha' } }],
    },
    {
      name: 'same prefix after NetBird clears host bits',
      bundle: { routes: [office('r1', '10.1.2.3/16', 'a'), office('r2', '10.1.0.0/16', 'b')] },
      errors: [{ messageId: 'samePrefix', routeId: 'r2', data: { prefix: '10.1.0.0/16', otherNetworkId: 'a' } }],
    },
    {
      name: 'same IPv6 prefix',
      bundle: { routes: [office('r1', 'fd00:1234::/64', 'a'), office('r2', 'fd00:1234:0::/64', 'b')] },
      errors: [{ messageId: 'samePrefix', routeId: 'r2', data: { prefix: 'fd00:1234::/64', otherNetworkId: 'a' } }],
    },
    {
      name: 'same prefix, common member through different groups',
      bundle: {
        routes: [office('r1', '10.0.0.0/16', 'a', { groups: ['g1'] }), office('r2', '10.0.0.0/16', 'b', { groups: ['g2'] })],
        groups: [group('g1', 'eng', ['p-anna']), group('g2', 'laptops', ['p-anna', 'p-ben'])],
      },
      errors: [{ messageId: 'samePrefix', routeId: 'r2', relatedRouteIds: ['r1'] }],
    },
    {
      name: 'same prefix, common member known from the peers only',
      bundle: {
        routes: [office('r1', '10.0.0.0/16', 'a', { groups: ['g1'] }), office('r2', '10.0.0.0/16', 'b', { groups: ['g2'] })],
        peers: [peer({ id: 'p-anna', ip: '100.92.0.1', groups: ['g1', 'g2'] })],
      },
      errors: [{ messageId: 'samePrefix', routeId: 'r2' }],
    },
    {
      name: 'three sets: each later one against the first it shares clients with',
      bundle: {
        routes: [office('r1', '10.0.0.0/16', 'a', { groups: ['g1'] }), office('r2', '10.0.0.0/16', 'b', { groups: ['g2'] }), office('r3', '10.0.0.0/16', 'c', { groups: ['g1', 'g2'] }), office('r4', '10.0.0.0/16', 'd', { groups: ['g2'] })],
      },
      errors: [
        { messageId: 'samePrefix', routeId: 'r3', data: { otherNetworkId: 'a' } },
        { messageId: 'samePrefix', routeId: 'r4', data: { otherNetworkId: 'b' } },
      ],
    },
    {
      name: 'every route of the later HA set, related to the routes of the other',
      bundle: { routes: [office('r1', '10.0.0.0/16', 'a', { peer: 'p-gw1' }), office('r2', '10.0.0.0/16', 'a', { peer: 'p-gw2' }), office('r3', '10.0.0.0/16', 'b', { peer: 'p-gw3' }), office('r4', '10.0.0.0/16', 'b', { peer: 'p-gw4' })] },
      errors: [
        { messageId: 'samePrefix', routeId: 'r3', relatedRouteIds: ['r1', 'r2'] },
        { messageId: 'samePrefix', routeId: 'r4', relatedRouteIds: ['r1', 'r2'] },
      ],
    },
    {
      name: 'disabled routes of the other set are not related',
      bundle: { routes: [office('r1', '10.0.0.0/16', 'a', { peer: 'p-gw1' }), office('r2', '10.0.0.0/16', 'a', { peer: 'p-gw2', enabled: false }), office('r3', '10.0.0.0/16', 'b')] },
      errors: [{ messageId: 'samePrefix', routeId: 'r3', relatedRouteIds: ['r1'] }],
    },
    {
      name: 'nested IPv4 prefix',
      bundle: { routes: [office('r1', '10.20.0.0/16', 'office-berlin'), office('r2', '10.20.1.0/24', 'berlin-lab')] },
      errors: [{ messageId: 'nested', routeId: 'r2', relatedRouteIds: ['r1'], data: { prefix: '10.20.1.0/24', networkId: 'berlin-lab', otherPrefix: '10.20.0.0/16', otherNetworkId: 'office-berlin' } }],
    },
    {
      name: 'nested IPv6 prefix',
      bundle: { routes: [office('r1', 'fd00:1::/48', 'dc6'), office('r2', 'fd00:1:0:5::/64', 'rack6')] },
      errors: [{ messageId: 'nested', routeId: 'r2', data: { prefix: 'fd00:1:0:5::/64', otherPrefix: 'fd00:1::/48', otherNetworkId: 'dc6' } }],
    },
    {
      name: 'nested under the same network_id is still another HA set',
      bundle: { routes: [office('r1', '10.0.0.0/16', 'office'), office('r2', '10.0.5.0/24', 'office')] },
      errors: [{ messageId: 'nested', routeId: 'r2', data: { otherPrefix: '10.0.0.0/16', otherNetworkId: 'office' } }],
    },
    {
      name: 'a chain is reported against the nearest ancestor only',
      bundle: { routes: [office('r1', '10.0.0.0/8', 'corp'), office('r2', '10.1.0.0/16', 'site'), office('r3', '10.1.2.0/24', 'lab')] },
      errors: [
        { messageId: 'nested', routeId: 'r2', data: { otherPrefix: '10.0.0.0/8' } },
        { messageId: 'nested', routeId: 'r3', data: { otherPrefix: '10.1.0.0/16' } },
      ],
    },
    {
      name: 'the nearest ancestor that shares clients',
      bundle: {
        routes: [office('r1', '10.0.0.0/8', 'corp', { groups: ['g1'] }), office('r2', '10.1.0.0/16', 'site', { groups: ['g2'] }), office('r3', '10.1.2.0/24', 'lab', { groups: ['g1'] })],
      },
      errors: [{ messageId: 'nested', routeId: 'r3', data: { otherPrefix: '10.0.0.0/8', otherNetworkId: 'corp' } }],
    },
    {
      name: 'nested under an exit node and a LAN: only the LAN counts',
      bundle: { routes: [office('r1', '0.0.0.0/0', 'exit'), office('r2', '10.0.0.0/8', 'corp'), office('r3', '10.1.0.0/16', 'site')] },
      errors: [{ messageId: 'nested', routeId: 'r3', data: { otherPrefix: '10.0.0.0/8' } }],
    },
    {
      name: 'nested after an unrelated sibling',
      bundle: { routes: [office('r1', '10.0.0.0/16', 'a'), office('r2', '10.0.1.0/24', 'b'), office('r3', '10.0.1.128/25', 'c'), office('r4', '10.0.2.0/24', 'd')] },
      errors: [
        { messageId: 'nested', routeId: 'r2', data: { otherPrefix: '10.0.0.0/16' } },
        { messageId: 'nested', routeId: 'r3', data: { otherPrefix: '10.0.1.0/24', otherNetworkId: 'b' } },
        { messageId: 'nested', routeId: 'r4', data: { otherPrefix: '10.0.0.0/16' } },
      ],
    },
    {
      name: 'allowNestedIn: the nearest set that is not allowed is reported',
      options: { allowNestedIn: ['site'] },
      bundle: { routes: [office('r1', '10.0.0.0/8', 'corp'), office('r2', '10.1.0.0/16', 'site'), office('r3', '10.1.2.0/24', 'lab')] },
      errors: [
        { messageId: 'nested', routeId: 'r2', data: { otherPrefix: '10.0.0.0/8', otherNetworkId: 'corp' } },
        { messageId: 'nested', routeId: 'r3', data: { otherPrefix: '10.0.0.0/8', otherNetworkId: 'corp' } },
      ],
    },
    {
      name: 'allowNestedIn: another set of the same prefix that is not allowed still counts',
      options: { allowNestedIn: ['office'] },
      bundle: { routes: [office('r1', '10.0.0.0/16', 'office'), office('r2', '10.0.0.0/16', 'office-dr'), office('r3', '10.0.5.0/24', 'lab')] },
      errors: [
        { messageId: 'samePrefix', routeId: 'r2', data: { otherNetworkId: 'office' } },
        { messageId: 'nested', routeId: 'r3', data: { otherPrefix: '10.0.0.0/16', otherNetworkId: 'office-dr' } },
      ],
    },
    {
      name: 'allowNestedIn: identical prefixes are still reported',
      options: { allowNestedIn: ['*'] },
      bundle: { routes: [office('r1', '10.30.0.0/16', 'office-paris'), office('r2', '10.30.0.0/16', 'paris-dr')] },
      errors: [{ messageId: 'samePrefix', routeId: 'r2', data: { otherNetworkId: 'office-paris' } }],
    },
    {
      name: 'same prefix and nested at once',
      bundle: { routes: [office('r1', '10.0.0.0/16', 'a'), office('r2', '10.0.0.0/16', 'b'), office('r3', '10.0.7.0/24', 'c')] },
      errors: [
        { messageId: 'samePrefix', routeId: 'r2', data: { otherNetworkId: 'a' } },
        { messageId: 'nested', routeId: 'r3', data: { otherNetworkId: 'a' } },
      ],
    },
    {
      name: 'same domain in two network_ids, compared lower-case',
      bundle: { routes: [route({ id: 'r1', network_id: 'apps', domains: ['api.example.com', 'www.example.com'] }), route({ id: 'r2', network_id: 'api', domains: ['API.example.com'] })] },
      errors: [{ messageId: 'sameDomain', routeId: 'r1', relatedRouteIds: ['r2'], data: { domain: 'api.example.com', networkId: 'apps', otherNetworkId: 'api' } }],
    },
    {
      name: 'same wildcard domain',
      bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['*.corp.example'] }), route({ id: 'r2', network_id: 'b', domains: ['*.corp.example'] })] },
      errors: [{ messageId: 'sameDomain', routeId: 'r2', data: { domain: '*.corp.example' } }],
    },
    {
      name: 'the finding points at the shared domain',
      bundle: { routes: [route({ id: 'r1', network_id: 'a', domains: ['x.example.com', 'a.example.com'] }), route({ id: 'r2', network_id: 'b', domains: ['y.example.com', 'a.example.com'] })] },
      errors: [{ messageId: 'sameDomain', routeId: 'r2', line: 27, column: 9 }],
    },
  ],
});

// Property: the sweep finds exactly what a naive pairwise check (cidr-tools as the containment
// oracle) finds, on random small accounts.
const PREFIXES = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.128/25', '10.2.0.0/16', '10.1.3.0/24', '192.168.0.0/16', '::/0', '::/96', 'fd00::/8', 'fd00:1::/32', 'fd00:1:2::/48', 'fd00:2::/32'];
const NETWORK_IDS = ['a', 'b', 'c', 'd'];
const GROUPS = ['g0', 'g1', 'g2', 'g3'];
const PEERS = ['p0', 'p1', 'p2', 'p3'];

const accountArb = fc.record({
  routes: fc.array(
    fc.record({
      network: fc.constantFrom(...PREFIXES),
      networkId: fc.constantFrom(...NETWORK_IDS),
      groups: fc.uniqueArray(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 2 }),
      enabled: fc.boolean(),
    }),
    { maxLength: 12 },
  ),
  membership: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PEERS)), { maxLength: 6 }),
});

function bitsOf(prefix: string): number {
  return Number(prefix.split('/')[1]);
}

type Account = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function naiveFindings(account: Account): string[] {
  const members = (g: string) => new Set(account.membership.filter(([mg]) => mg === g).map(([, p]) => p));
  const reach = (x: string[], y: string[]) => x.some((g) => y.includes(g) || y.some((h) => [...members(g)].some((p) => members(h).has(p))));
  const routes = account.routes.map((r, i) => ({ ...r, id: `r${i}` })).filter((r) => r.enabled);
  const out: string[] = [];
  for (const r of routes) {
    const sameFamily = (t: { network: string }) => t.network.includes(':') === r.network.includes(':');
    if (bitsOf(r.network) > 0) {
      const earlier = routes.filter((t) => t.network === r.network && t.networkId < r.networkId && reach(r.groups, t.groups)).map((t) => t.networkId).sort();
      if (earlier.length > 0) out.push(`${r.id} samePrefix ${earlier[0]} ${r.network}`);
    }
    const ancestors = routes
      .filter((t) => sameFamily(t) && t.network !== r.network && bitsOf(t.network) > 0 && containsCidr(t.network, r.network) && reach(r.groups, t.groups))
      .sort((x, y) => bitsOf(y.network) - bitsOf(x.network) || (x.networkId < y.networkId ? -1 : x.networkId > y.networkId ? 1 : 0));
    if (ancestors.length > 0) out.push(`${r.id} nested ${ancestors[0]!.networkId} ${ancestors[0]!.network}`);
  }
  return out.sort();
}

describe('overlapping-networks sweep', () => {
  it('agrees with a naive pairwise check', () => {
    fc.assert(
      fc.property(accountArb, (account) => {
        const bundle: Bundle = {
          routes: account.routes.map((r, i) => route({ id: `r${i}`, network: r.network, network_id: r.networkId, groups: r.groups, enabled: r.enabled, peer: `p-gw${i}` })),
          groups: GROUPS.map((g) => group(g, g, [...new Set(account.membership.filter(([mg]) => mg === g).map(([, p]) => p))])),
        };
        const { messages } = lintBundle(rule, bundle);
        const got = messages
          .filter((m) => m.messageId !== 'sameDomain')
          .map((m) => `${m.routeId} ${m.messageId} ${m.data?.otherNetworkId} ${m.messageId === 'nested' ? m.data?.otherPrefix : m.data?.prefix}`)
          .sort();
        expect(got).toEqual(naiveFindings(account));
      }),
      { numRuns: 400 },
    );
  });
});

// Property: on random prefixes (both families, any length) the sweep agrees with every pair of
// routes compared through cidr-tools' overlapCidr, the check a user would otherwise write. Two
// distinct prefixes that overlap are nested (the longer inside the shorter); equal ones are the same.
const v4Prefix = fc.tuple(fc.constantFrom(10, 172, 192), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 8, 12, 16, 20, 23, 24, 25, 30, 32)).map(([a, b, c, d, bits]) => {
  const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  const masked = bits === 0 ? 0 : (value & ((0xffffffff << (32 - bits)) >>> 0)) >>> 0;
  return `${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${bits}`;
});
const v6Prefix = fc.tuple(fc.constantFrom('fd00', 'fd01'), fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 8, 16, 32, 48, 64)).map(([head, second, bits]) => {
  if (bits === 0) return '::/0';
  if (bits <= 16) return bits === 8 ? 'fd00::/8' : `${head}::/16`;
  // Canonical text, as NetBird stores it and the rule prints it.
  return second === 0 ? `${head}::/${bits}` : `${head}:${second}::/${bits}`;
});

const randomAccountArb = fc.record({
  routes: fc.array(
    fc.record({
      network: fc.oneof({ weight: 4, arbitrary: v4Prefix }, { weight: 1, arbitrary: v6Prefix }),
      networkId: fc.constantFrom(...NETWORK_IDS),
      groups: fc.uniqueArray(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 2 }),
      enabled: fc.boolean(),
    }),
    { maxLength: 16 },
  ),
  membership: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PEERS)), { maxLength: 6 }),
});

function pairwiseFindings(account: Account): string[] {
  const members = (g: string) => new Set(account.membership.filter(([mg]) => mg === g).map(([, p]) => p));
  const reach = (x: string[], y: string[]) => x.some((g) => y.includes(g) || y.some((h) => [...members(g)].some((p) => members(h).has(p))));
  const routes = account.routes.map((r, i) => ({ ...r, id: `r${i}` })).filter((r) => r.enabled && bitsOf(r.network) > 0);
  const out: string[] = [];
  for (const r of routes) {
    const same: string[] = [];
    const wider: typeof routes = [];
    // Every pair, through overlapCidr; cidr-tools says false across families.
    for (const t of routes) {
      if (t === r || !overlapCidr(t.network, r.network) || !reach(r.groups, t.groups)) continue;
      const equal = bitsOf(t.network) === bitsOf(r.network);
      if (equal && t.networkId < r.networkId) same.push(t.networkId);
      if (!equal && bitsOf(t.network) < bitsOf(r.network)) wider.push(t);
    }
    if (same.length > 0) out.push(`${r.id} samePrefix ${same.sort()[0]} ${r.network}`);
    wider.sort((x, y) => bitsOf(y.network) - bitsOf(x.network) || (x.networkId < y.networkId ? -1 : x.networkId > y.networkId ? 1 : 0));
    if (wider.length > 0) out.push(`${r.id} nested ${wider[0]!.networkId} ${wider[0]!.network}`);
  }
  return out.sort();
}

describe('overlapping-networks sweep against every pair (cidr-tools overlapCidr)', () => {
  it('finds exactly the overlaps of the pairwise check on random prefixes', () => {
    fc.assert(
      fc.property(randomAccountArb, (account) => {
        const bundle: Bundle = {
          routes: account.routes.map((r, i) => route({ id: `r${i}`, network: r.network, network_id: r.networkId, groups: r.groups, enabled: r.enabled, peer: `p-gw${i}` })),
          groups: GROUPS.map((g) => group(g, g, [...new Set(account.membership.filter(([mg]) => mg === g).map(([, p]) => p))])),
        };
        const { messages } = lintBundle(rule, bundle);
        const got = messages.map((m) => `${m.routeId} ${m.messageId} ${m.data?.otherNetworkId} ${m.messageId === 'nested' ? m.data?.otherPrefix : m.data?.prefix}`).sort();
        expect(got).toEqual(pairwiseFindings(account));
      }),
      { numRuns: 500 },
    );
  });
});

// Property: past the limit of findings the sweep only counts, through AddedGroups (a bit per added
// group, asked against meeting bitsets) and each open ancestor's groups as bits; the count equals
// the naive pairwise check's, on the same random accounts, groups only routes name included.
describe('overlapping-networks counting past the limit', () => {
  const countingArb = fc.record({
    routes: fc.array(
      fc.record({
        network: fc.constantFrom(...PREFIXES),
        networkId: fc.constantFrom(...NETWORK_IDS),
        groups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'g-unlisted'), { minLength: 1, maxLength: 2 }),
        enabled: fc.boolean(),
      }),
      { maxLength: 14 },
    ),
    membership: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PEERS)), { maxLength: 6 }),
  });

  it('counts exactly the findings the naive check finds', () => {
    fc.assert(
      fc.property(countingArb, (account) => {
        const bundle: Bundle = {
          routes: account.routes.map((r, i) => route({ id: `r${i}`, network: r.network, network_id: r.networkId, groups: r.groups, enabled: r.enabled, peer: `p-gw${i}` })),
          groups: GROUPS.map((g) => group(g, g, [...new Set(account.membership.filter(([mg]) => mg === g).map(([, p]) => p))])),
        };
        const settings = new Map([[rule.meta.id, { severity: rule.meta.severity, options: rule.defaultOptions }]]);
        const [result] = lintExport(rawExportOf(bundle), [rule], { path: null, settings, ignores: [] }, { maxFindings: 1 });
        expect((result?.messages.length ?? 0) + (result?.findingsLeftOut ?? 0)).toBe(naiveFindings(account).length);
      }),
      { numRuns: 600 },
    );
  });
});

// Property: AddedGroups answers as a RecipientIndex of the same routes (the earliest one found or none).
describe('AddedGroups', () => {
  const arb = fc.record({
    groups: fc.array(fc.uniqueArray(fc.constantFrom(...GROUPS, 'g-unlisted', 'g-empty'), { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
    membership: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PEERS)), { maxLength: 8 }),
    // Per route: added (true) or asked (false); a clear part-way.
    adds: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    clearAt: fc.integer({ min: 0, max: 12 }),
  });

  it('says whether an added route reaches a common recipient', () => {
    fc.assert(
      fc.property(arb, ({ groups, membership, adds, clearAt }) => {
        const bundle: Bundle = {
          routes: groups.map((g, i) => route({ id: `r${i}`, network: '10.0.0.0/16', network_id: `n${i}`, groups: g, peer: `p-gw${i}` })),
          groups: [...GROUPS.map((g) => group(g, g, [...new Set(membership.filter(([mg]) => mg === g).map(([, p]) => p))])), group('g-empty', 'spare', [])],
        };
        const model = buildModel(rawExportOf(bundle))!;
        const reach = reachOf(model);
        const fast = new AddedGroups(reach);
        let slow = new RecipientIndex<true>(reach);
        model.routes.forEach((r, i) => {
          if (i === clearAt) {
            fast.clear();
            slow = new RecipientIndex<true>(reach);
          }
          expect(fast.has(r)).toBe(slow.first(r) !== undefined);
          if (adds[i]) {
            fast.add(r);
            slow.add([r], true);
          }
        });
      }),
      { numRuns: 800 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/ipv6-route-unreachable.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const v4 = (id: string, n: number) => peer({ id, ip: `100.92.0.${n}`, groups: ['g-staff'] });
const v6 = (id: string, n: number) => peer({ id, ip: `100.92.0.${n}`, ipv6: `fd00:4e42::${n}`, groups: ['g-staff'] });
const gw = (ipv6 = true) => peer({ id: 'p-gw1', ip: '100.92.0.1', ...(ipv6 ? { ipv6: 'fd00:4e42::1' } : {}), groups: ['g-gw'] });
const v6Route = (extra: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'r1', network: 'fd00:1234::/64', network_id: 'lab-v6', groups: ['g-staff'], peer: 'p-gw1', ...extra });
const account = (routes: Bundle['routes'], peers: Record<string, unknown>[], groups?: unknown[]): Bundle => ({ routes, peers, ...(groups ? { groups } : {}) });

ruleTable(rule, {
  valid: [
    { name: 'one member has an overlay IPv6', bundle: account([v6Route()], [v4('p-anna', 11), v6('p-carl', 13), gw()]) },
    { name: 'an IPv4 route', bundle: account([v6Route({ network: '10.0.0.0/24' })], [v4('p-anna', 11), gw()]) },
    { name: 'a domain route', bundle: account([v6Route({ network: undefined, domains: ['v6.example.com'] })], [v4('p-anna', 11), gw()]) },
    { name: 'a disabled route', bundle: account([v6Route({ enabled: false })], [v4('p-anna', 11), gw()]) },
    { name: 'distribution groups without members', bundle: account([v6Route({ groups: ['g-empty'] })], [v4('p-anna', 11), gw()]) },
    { name: 'a member missing from the peers export might have IPv6', bundle: account([v6Route()], [v4('p-anna', 11), gw()], [group('g-staff', 'staff', ['p-anna', 'p-ghost'])]) },
    { name: 'only the routing peer is in the distribution groups', bundle: account([v6Route({ groups: ['g-gw'] })], [gw(false)]) },
  ],
  invalid: [
    {
      name: 'no member has an overlay IPv6',
      bundle: account([v6Route()], [v4('p-anna', 11), v4('p-carl', 13), gw()]),
      errors: [{ messageId: 'noMemberHasIpv6', routeId: 'r1', data: { networkId: 'lab-v6', target: 'fd00:1234::/64', count: 2 } }],
    },
    {
      name: "the routing peer's own IPv6 does not count",
      bundle: account([v6Route({ groups: ['g-staff', 'g-gw'] })], [v4('p-anna', 11), gw()]),
      errors: [{ messageId: 'noMemberHasIpv6', data: { count: 1 } }],
    },
    {
      name: 'an IPv6 exit node of the user\'s own',
      bundle: account([v6Route({ network: '::/0', network_id: 'exit-v6' })], [v4('p-anna', 11), gw()]),
      errors: [{ messageId: 'noMemberHasIpv6', data: { target: '::/0' } }],
    },
    {
      name: 'membership from the groups export',
      bundle: account([v6Route()], [v4('p-anna', 11), { ...v4('p-carl', 13), groups: [] }, gw()], [group('g-staff', 'staff', ['p-anna', 'p-carl'])]),
      errors: [{ messageId: 'noMemberHasIpv6', data: { count: 2 } }],
    },
    {
      name: 'every route of an HA set, its routing peers counted once per group for all of them',
      bundle: account(
        [v6Route({ groups: ['g-staff', 'g-gw'] }), v6Route({ id: 'r2', peer: 'p-gw2', groups: ['g-staff', 'g-gw'] }), v6Route({ id: 'r3', peer: 'p-gw2', groups: ['g-gw'] })],
        [v4('p-anna', 11), gw(), peer({ id: 'p-gw2', ip: '100.92.0.2', ipv6: 'fd00:4e42::2', groups: ['g-gw'] })],
      ),
      errors: [
        { messageId: 'noMemberHasIpv6', routeId: 'r1', data: { count: 1 } },
        { messageId: 'noMemberHasIpv6', routeId: 'r2', data: { count: 1 } },
      ],
    },
    {
      name: 'each route on its own, pointing at its groups',
      bundle: account([v6Route(), v6Route({ id: 'r2', network: 'fd00:5678::/64' })], [v4('p-anna', 11), gw()]),
      errors: [
        { messageId: 'noMemberHasIpv6', routeId: 'r1', line: 7, column: 17 },
        { messageId: 'noMemberHasIpv6', routeId: 'r2' },
      ],
    },
  ],
});

describe('ipv6-route-unreachable', () => {
  it('needs peers', () => {
    expect(lintBundle(rule, { routes: [v6Route()], groups: [group('g-staff', 'staff', ['p-anna'])] }).skipped).toEqual(['ipv6-route-unreachable']);
  });

  it('reports a route exactly when no member outside its routing peers could receive IPv6, counting its members but its routing peers (random accounts)', () => {
    const PEERS = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
    const GROUPS = ['g-a', 'g-b', 'g-c', 'g-d'];
    fc.assert(
      fc.property(
        // Per peer: in the peers export or not, an overlay IPv6 or not, its groups.
        fc.array(fc.record({ listed: fc.boolean(), ipv6: fc.boolean(), groups: fc.subarray(GROUPS) }), { minLength: PEERS.length, maxLength: PEERS.length }),
        fc.array(fc.record({ groups: fc.subarray(GROUPS, { minLength: 1 }), serving: fc.oneof(fc.constantFrom(...PEERS).map((p) => ({ peer: p })), fc.constantFrom(...GROUPS).map((g) => ({ peerGroup: g }))), ha: fc.boolean() }), { minLength: 1, maxLength: 5 }),
        (peerTraits, routeTraits) => {
          const members = (g: string) => PEERS.filter((_, i) => peerTraits[i]!.groups.includes(g));
          const groups = GROUPS.map((g) => group(g, g, members(g)));
          const peers = PEERS.flatMap((id, i) => (peerTraits[i]!.listed ? [peer({ id, ip: `100.92.0.${i + 1}`, ...(peerTraits[i]!.ipv6 ? { ipv6: `fd00:4e42::${i + 1}` } : {}), groups: peerTraits[i]!.groups })] : []));
          const routes = routeTraits.map((r, i) =>
            route({ id: `r${i}`, network: 'fd00:1234::/64', network_id: r.ha ? 'shared' : `net-${i}`, groups: r.groups, ...('peer' in r.serving ? { peer: r.serving.peer } : { peer: '', peer_groups: [r.serving.peerGroup] }) }),
          );
          // The definition, route by route: the HA set's routing peers are those of every route under its network_id.
          const couldReceive = (p: string) => !peerTraits[PEERS.indexOf(p)]!.listed || peerTraits[PEERS.indexOf(p)]!.ipv6;
          const expected = routeTraits.flatMap((r, i) => {
            const set = routeTraits.filter((x, k) => (x.ha && r.ha) || k === i);
            const servers = new Set(set.flatMap((x) => ('peer' in x.serving ? [x.serving.peer] : members(x.serving.peerGroup))));
            const recipients = new Set(r.groups.flatMap(members));
            if ([...recipients].some((p) => !servers.has(p) && couldReceive(p))) return [];
            const count = [...recipients].filter((p) => !servers.has(p)).length;
            return count === 0 ? [] : [{ routeId: `r${i}`, count }];
          });
          const found = lintBundle(rule, { routes, groups, peers }).messages.map((m) => ({ routeId: m.routeId, count: (m.data as { count: number }).count }));
          expect(found.sort((a, b) => a.routeId!.localeCompare(b.routeId!))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

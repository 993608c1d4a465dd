import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reachOf, RecipientIndex } from '../../src/model/reach.js';
import rule from '../../rules/metric-conflict.js';
import { lintExport } from '../../src/engine/lint.js';
import { group, peer, route } from '../support/api.js';
import { modelOf, rawExportOf } from '../support/model.js';
import { ruleTable } from '../support/ruleTester.js';

type RouteInput = Parameters<typeof route>[0];
/** A LAN route of HA set `office` without masquerade, as the equal-metric cases need. */
const lan = (id: string, input: Partial<RouteInput> = {}) => route({ id, network: '10.20.0.0/16', network_id: 'office', masquerade: false, metric: 100, ...input });
const exit = (id: string, networkId: string, input: Partial<RouteInput> = {}) => route({ id, network: '0.0.0.0/0', network_id: networkId, metric: 100, ...input });
const gw = (id: string, os = 'Ubuntu 22.04') => peer({ id, ip: `100.92.10.${id.length}`, os });

ruleTable(rule, {
  valid: [
    // (a) equal metrics without masquerade
    { name: 'two peers, distinct metrics, masquerade off', bundle: { routes: [lan('r1', { peer: 'p-gw1', metric: 100 }), lan('r2', { peer: 'p-gw2', metric: 200 })] } },
    { name: 'two peers, equal metrics, masquerade on', bundle: { routes: [lan('r1', { peer: 'p-gw1', masquerade: true }), lan('r2', { peer: 'p-gw2', masquerade: true })] } },
    { name: 'two peers, equal metrics, only one without masquerade', bundle: { routes: [lan('r1', { peer: 'p-gw1' }), lan('r2', { peer: 'p-gw2', masquerade: true })] } },
    { name: 'two peers, equal metrics, one route disabled', bundle: { routes: [lan('r1', { peer: 'p-gw1' }), lan('r2', { peer: 'p-gw2', enabled: false })] } },
    { name: 'the same peer twice', bundle: { routes: [lan('r1', { peer: 'p-gw1' }), lan('r2', { peer: 'p-gw1' })] } },
    { name: 'equal metrics in two different HA sets', bundle: { routes: [lan('r1', { peer: 'p-gw1' }), lan('r2', { peer: 'p-gw2', network: '10.21.0.0/16' })] } },
    {
      name: 'equal metrics for clients with nothing in common',
      bundle: { routes: [lan('r1', { peer: 'p-gw1', groups: ['g1'] }), lan('r2', { peer: 'p-gw2', groups: ['g2'] })], groups: [group('g1', 'eng', ['p-anna']), group('g2', 'ops', ['p-ben'])] },
    },
    { name: 'peer_groups route with one member', bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] })], groups: [group('g-gw', 'gw-berlin', ['p-gw1'])] } },
    { name: 'peer_groups route whose members route in userspace', bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] })], groups: [group('g-gw', 'gw-berlin', ['p-gw1', 'p-gw2'])], peers: [gw('p-gw1', 'Windows Server 2022'), gw('p-gw2', 'Darwin 15.1')] } },
    { name: 'peer_groups route that cannot be expanded', bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] })] } },
    // (b) metrics across network_ids
    { name: 'same prefix, different network_ids, same metric', bundle: { routes: [lan('r1', { network_id: 'a', masquerade: true }), lan('r2', { network_id: 'b', masquerade: true })] } },
    { name: 'same prefix, different metrics, no common group', bundle: { routes: [lan('r1', { network_id: 'a', metric: 100, groups: ['g1'] }), lan('r2', { network_id: 'b', metric: 200, groups: ['g2'] })] } },
    { name: 'same prefix, different metrics, one disabled', bundle: { routes: [lan('r1', { network_id: 'a', metric: 100 }), lan('r2', { network_id: 'b', metric: 200, enabled: false })] } },
    { name: 'nested prefixes with different metrics', bundle: { routes: [lan('r1', { network_id: 'a', metric: 100 }), lan('r2', { network_id: 'b', metric: 200, network: '10.20.1.0/24' })] } },
    // (c) auto-applied exit nodes
    { name: 'one exit set of two peers', bundle: { routes: [exit('r1', 'exit', { peer: 'p-gw1', metric: 10 }), exit('r2', 'exit', { peer: 'p-gw2', metric: 20 })] } },
    { name: 'the other exit node is not auto-applied', bundle: { routes: [exit('r1', 'exit-eu'), exit('r2', 'exit-us', { skip_auto_apply: true })] } },
    { name: 'no exit node is auto-applied', bundle: { routes: [exit('r1', 'exit-eu', { skip_auto_apply: true, metric: 10 }), exit('r2', 'exit-us', { skip_auto_apply: true })] } },
    { name: 'the other exit node is disabled', bundle: { routes: [exit('r1', 'exit-eu', { enabled: false }), exit('r2', 'exit-us')] } },
    { name: 'exit nodes for different clients', bundle: { routes: [exit('r1', 'exit-eu', { groups: ['g-eu'] }), exit('r2', 'exit-us', { groups: ['g-us'] })], groups: [group('g-eu', 'eu', ['p-anna']), group('g-us', 'us', ['p-ben'])] } },
    { name: 'an IPv4 and an IPv6 exit node', bundle: { routes: [exit('r1', 'exit-eu'), exit('r2', 'exit-eu6', { network: '::/0' })] } },
  ],
  invalid: [
    // (a)
    {
      name: 'two peers, equal metrics, masquerade off',
      bundle: { routes: [lan('r1', { peer: 'p-gw1' }), lan('r2', { peer: 'p-gw2' })], peers: [gw('p-gw1'), gw('p-gw2')] },
      errors: [
        { messageId: 'equalMetricNoMasquerade', routeId: 'r1', relatedRouteIds: ['r2'], data: { networkId: 'office', network: '10.20.0.0/16', metric: 100, peers: 'gw1, gw2' } },
        { messageId: 'equalMetricNoMasquerade', routeId: 'r2', relatedRouteIds: ['r1'], data: { peers: 'gw1, gw2' } },
      ],
    },
    {
      name: 'a peer_groups route with two members ties by itself',
      bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] })], groups: [group('g-gw', 'gw-berlin', ['p-gw1', 'p-gw2'])] },
      // Without a peers section, peers are named by id.
      errors: [{ messageId: 'equalMetricNoMasquerade', routeId: 'r1', relatedRouteIds: [], data: { metric: 100, peers: 'p-gw1, p-gw2' } }],
    },
    {
      name: 'peer_groups expanded from the peers section',
      bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] })], peers: [peer({ id: 'p-gw1', ip: '100.92.10.1', groups: ['g-gw'] }), peer({ id: 'p-gw2', ip: '100.92.10.2', groups: ['g-gw'] })] },
      errors: [{ messageId: 'equalMetricNoMasquerade', routeId: 'r1' }],
    },
    {
      name: 'userspace peers are left out of the tie',
      bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] })], groups: [group('g-gw', 'gw', ['p-gw1', 'p-gw2', 'p-gw3'])], peers: [gw('p-gw1'), gw('p-gw2', 'Windows 11'), gw('p-gw3', 'Debian GNU/Linux 12')] },
      errors: [{ messageId: 'equalMetricNoMasquerade', routeId: 'r1', data: { peers: 'gw1, gw3' } }],
    },
    {
      name: 'a plain route ties with a peer_groups route',
      bundle: { routes: [lan('r1', { peer_groups: ['g-gw'] }), lan('r2', { peer: 'p-gw3' }), lan('r3', { peer: 'p-gw4', metric: 200 })], groups: [group('g-gw', 'gw', ['p-gw1'])] },
      errors: [
        { messageId: 'equalMetricNoMasquerade', routeId: 'r1', relatedRouteIds: ['r2'], data: { peers: 'p-gw1, p-gw3' } },
        { messageId: 'equalMetricNoMasquerade', routeId: 'r2', relatedRouteIds: ['r1'] },
      ],
    },
    {
      name: 'IPv6 HA set tie',
      bundle: { routes: [lan('r1', { network: 'fd00:20::/48', peer: 'p-gw1' }), lan('r2', { network: 'fd00:20::/48', peer: 'p-gw2' })] },
      errors: [
        { messageId: 'equalMetricNoMasquerade', routeId: 'r1', data: { network: 'fd00:20::/48' } },
        { messageId: 'equalMetricNoMasquerade', routeId: 'r2', data: { network: 'fd00:20::/48' } },
      ],
    },
    {
      name: 'domain HA set tie',
      bundle: { routes: [lan('r1', { network: '192.0.2.0/32', domains: ['api.example.com'], peer: 'p-gw1' }), lan('r2', { network: '192.0.2.0/32', domains: ['api.example.com'], peer: 'p-gw2' })] },
      errors: [
        { messageId: 'equalMetricNoMasquerade', routeId: 'r1', data: { network: 'api.example.com' } },
        { messageId: 'equalMetricNoMasquerade', routeId: 'r2' },
      ],
    },
    {
      name: 'tie through a common member of different groups',
      bundle: { routes: [lan('r1', { peer: 'p-gw1', groups: ['g1'] }), lan('r2', { peer: 'p-gw2', groups: ['g2'] })], groups: [group('g1', 'eng', ['p-anna']), group('g2', 'laptops', ['p-anna'])] },
      errors: [
        { messageId: 'equalMetricNoMasquerade', routeId: 'r1' },
        { messageId: 'equalMetricNoMasquerade', routeId: 'r2' },
      ],
    },
    // (b)
    {
      name: 'primary and backup under different network_ids',
      bundle: { routes: [lan('r1', { network_id: 'office-paris', metric: 100, masquerade: true }), lan('r2', { network_id: 'paris-dr', metric: 200, masquerade: true })] },
      errors: [{ messageId: 'metricAcrossNetworkIds', routeId: 'r2', relatedRouteIds: ['r1'], data: { prefix: '10.20.0.0/16', networkId: 'paris-dr', metric: 200, otherNetworkId: 'office-paris', otherMetric: 100 } }],
    },
    {
      name: 'IPv6 primary and backup under different network_ids',
      bundle: { routes: [lan('r1', { network: '2001:db8::/32', network_id: 'b', metric: 10, masquerade: true }), lan('r2', { network: '2001:db8::/32', network_id: 'a', metric: 20, masquerade: true })] },
      errors: [{ messageId: 'metricAcrossNetworkIds', routeId: 'r1', data: { prefix: '2001:db8::/32', otherNetworkId: 'a', metric: 10, otherMetric: 20 } }],
    },
    {
      name: 'the first earlier set with another metric',
      bundle: { routes: [lan('r1', { network_id: 'a', metric: 100, masquerade: true }), lan('r2', { network_id: 'b', metric: 200, masquerade: true }), lan('r3', { network_id: 'c', metric: 100, masquerade: true })] },
      errors: [
        { messageId: 'metricAcrossNetworkIds', routeId: 'r2', data: { otherNetworkId: 'a' } },
        { messageId: 'metricAcrossNetworkIds', routeId: 'r3', data: { otherNetworkId: 'b', otherMetric: 200 } },
      ],
    },
    // (c)
    {
      name: 'two auto-applied exit nodes: the smallest network_id wins whatever the metric',
      bundle: { routes: [exit('r1', 'exit-eu', { metric: 100 }), exit('r2', 'exit-us', { metric: 10 })] },
      errors: [{ messageId: 'exitNodeShadowed', routeId: 'r2', relatedRouteIds: ['r1'], data: { winner: 'exit-eu', networkId: 'exit-us' } }],
    },
    {
      name: 'network_ids compared as Go compares strings',
      bundle: { routes: [exit('r1', 'exit-\u{1F600}'), exit('r2', 'exit-\uFF21')] },
      errors: [{ messageId: 'exitNodeShadowed', routeId: 'r1', data: { winner: 'exit-\uFF21' } }],
    },
    {
      name: 'three auto-applied exit nodes',
      bundle: { routes: [exit('r1', 'c'), exit('r2', 'a'), exit('r3', 'b')] },
      errors: [
        { messageId: 'exitNodeShadowed', routeId: 'r1', data: { winner: 'a', networkId: 'c' } },
        { messageId: 'exitNodeShadowed', routeId: 'r3', data: { winner: 'a', networkId: 'b' } },
      ],
    },
    {
      name: 'IPv6 exit nodes are selected on their own',
      bundle: { routes: [exit('r1', 'a'), exit('r2', 'b', { network: '::/0' }), exit('r3', 'c', { network: '::/0' })] },
      errors: [{ messageId: 'exitNodeShadowed', routeId: 'r3', data: { winner: 'b', networkId: 'c' } }],
    },
    {
      name: 'only the auto-applied routes of the losing set',
      bundle: { routes: [exit('r1', 'a'), exit('r2', 'b', { peer: 'p-gw1' }), exit('r3', 'b', { peer: 'p-gw2', skip_auto_apply: true })] },
      errors: [{ messageId: 'exitNodeShadowed', routeId: 'r2', data: { winner: 'a' } }],
    },
    {
      name: 'exit nodes with a common member of different groups',
      bundle: { routes: [exit('r1', 'exit-eu', { groups: ['g-eu'] }), exit('r2', 'exit-us', { groups: ['g-us'] })], groups: [group('g-eu', 'eu', ['p-anna']), group('g-us', 'us', ['p-anna', 'p-ben'])] },
      errors: [{ messageId: 'exitNodeShadowed', routeId: 'r2', data: { winner: 'exit-eu' } }],
    },
  ],
});

describe('metric-conflict without groups or peers', () => {
  it('says that peer_groups ties were not checked', () => {
    const raw = rawExportOf({ routes: [lan('r1', { peer_groups: ['g-gw'] }), lan('r2', { peer_groups: ['g-gw2'] })] });
    const settings = new Map([[rule.meta.id, { severity: rule.meta.severity, options: {} }]]);
    const [result] = lintExport(raw, [rule], { path: null, settings, ignores: [] });
    expect(result!.skippedRules).toEqual([{ ruleId: 'metric-conflict', missing: ['groups'], partial: 'equal metrics of peer_groups routes' }]);
  });
});

describe('metric-conflict: a tie is decided by the first two peers of each route', () => {
  // The rule indexes only the first two peers of a route (a peer group of thousands adds two
  // entries): every answer it asks must equal the index holding all of them.
  const PEERS = ['p1', 'p2', 'p3', 'p4', 'p5'];
  // Past 16 groups an index takes its other paths (early entries, bitsets): both are exercised.
  const GROUPS = Array.from({ length: 24 }, (_, i) => `g${i}`);
  const account = fc.record({
    members: fc.tuple(...GROUPS.map(() => fc.subarray(PEERS))),
    routes: fc.array(fc.record({ peers: fc.subarray(PEERS, { minLength: 1 }), groups: fc.subarray(GROUPS, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 40 }),
  });

  it('answers first(route) and first(route, its first peer) as the index of every peer', () => {
    fc.assert(
      fc.property(account, ({ members, routes: specs }) => {
        const memberOf = new Map(GROUPS.map((g, i) => [g, members[i]!]));
        const model = modelOf({
          routes: specs.map((s, i) => route({ id: `r${i}`, network: '10.0.0.0/24', peer: `p1`, groups: s.groups })),
          groups: GROUPS.map((g) => group(g, g, memberOf.get(g)!)),
          peers: PEERS.map((p, i) => peer({ id: p, name: p, ip: `100.64.0.${i + 1}`, groups: GROUPS.filter((g) => memberOf.get(g)!.includes(p)) })),
        });
        const reach = reachOf(model);
        const all = new RecipientIndex<string>(reach);
        const two = new RecipientIndex<string>(reach);
        model.routes.forEach((r, i) => {
          for (const p of specs[i]!.peers) all.add([r], p, p);
          for (const p of specs[i]!.peers.slice(0, 2)) two.add([r], p, p);
        });
        model.routes.forEach((r, i) => {
          const own = specs[i]!.peers[0]!;
          expect(two.first(r)).toBe(all.first(r));
          expect(two.first(r, own)).toBe(all.first(r, own));
          const first = all.first(r);
          if (first !== undefined) expect(two.first(r, first)).toBe(all.first(r, first));
        });
      }),
      { numRuns: 300 },
    );
  });
});

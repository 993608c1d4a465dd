// metric-conflict and masquerade-off-needs-return decide an HA set of one route without the maps,
// sets and sorts a set of several routes needs. A disabled second route changes nothing either rule
// finds (both read enabled routes only) but takes the general path: the findings must be the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import masqueradeOffNeedsReturn from '../../rules/masquerade-off-needs-return.js';
import metricConflict from '../../rules/metric-conflict.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { lintBundle } from '../support/ruleTester.js';

const PEERS = ['p-a', 'p-b', 'p-c', 'p-d'];
const GROUPS = ['g-x', 'g-y', 'g-z'];
const routeArb = fc.record({
  peer: fc.constantFrom('', ...PEERS),
  peerGroups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'g-none'), { maxLength: 2 }),
  groups: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 }),
  masquerade: fc.boolean(),
  enabled: fc.boolean(),
  metric: fc.constantFrom(10, 20),
  domain: fc.boolean(),
});
const accountArb = fc.record({
  routes: fc.array(routeArb, { minLength: 1, maxLength: 8 }),
  members: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PEERS)), { maxLength: 8 }),
  linux: fc.array(fc.boolean(), { minLength: PEERS.length, maxLength: PEERS.length }),
  withGroups: fc.boolean(),
});

type Account = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function bundleOf(a: Account, twins: boolean): Bundle {
  const routes = a.routes.flatMap((r, i) => {
    const own = route({
      id: `r${i}`,
      network_id: `n${i}`,
      ...(r.domain ? { domains: [`h${i}.example.com`] } : { network: `10.${i}.0.0/16` }),
      peer: r.peerGroups.length > 0 ? '' : r.peer || 'p-a',
      ...(r.peerGroups.length > 0 ? { peer_groups: r.peerGroups } : {}),
      groups: r.groups,
      masquerade: r.masquerade,
      enabled: r.enabled,
      metric: r.metric,
    });
    // The twin: same HA set (network_id and network), disabled, another peer.
    const { peer_groups: _, ...plain } = own;
    return twins ? [own, { ...plain, id: `r${i}-twin`, enabled: false, peer: 'p-d' }] : [own];
  });
  const inGroup = (g: string) => [...new Set(a.members.filter(([mg]) => mg === g).map(([, p]) => p))];
  return {
    routes,
    peers: PEERS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, groups: GROUPS.filter((g) => inGroup(g).includes(id)), os: a.linux[i] ? 'Ubuntu 24.04' : 'Windows 11' })),
    ...(a.withGroups ? { groups: GROUPS.map((g) => group(g, g, inGroup(g))) } : {}),
  };
}

describe('HA sets of one route', () => {
  it.each([metricConflict, masqueradeOffNeedsReturn])('$meta.id finds the same with a disabled twin in each set', (rule) => {
    fc.assert(
      fc.property(accountArb, (a) => {
        const shown = (twins: boolean) => {
          const { messages, partial } = lintBundle(rule, bundleOf(a, twins));
          return { findings: messages.map((m) => `${m.routeId} ${m.messageId} ${JSON.stringify(m.data)} ${(m.relatedRouteIds ?? []).join(',')}`).sort(), partial };
        };
        expect(shown(false)).toEqual(shown(true));
      }),
      { numRuns: 400 },
    );
  });
});

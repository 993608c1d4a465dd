// Members of a group whose answers rest on the same facts share one computed answer (simulate/share.ts):
// on random small accounts (sources that serve routes themselves, peer groups, nested prefixes,
// exit nodes and their ::/0 twins, access control, peer resources, login, approval, IPv6, mobile
// and desktop clients), the group answer must be exactly the one computed member by member.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mustParseAddr } from '../../src/net/prefix.js';
import type { GroupAnswer, Outcome } from '../../src/simulate/answer.js';
import { memberAnswers, PeerStates, simulateBrief, simulateGroup, type SimQuery } from '../../src/simulate/index.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { modelOf, stateOf } from '../support/simulate.js';

const SOURCES = ['p-s0', 'p-s1', 'p-s2', 'p-s3', 'p-s4', 'p-s5', 'p-s6', 'p-s7'];
const GATEWAYS = ['p-g0', 'p-g1', 'p-g2'];
const GROUPS = ['g-a', 'g-b', 'g-c'];
const NETWORKS = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/32', '0.0.0.0/0', '::/0', 'fd00::/8'];
const DESTINATIONS = ['10.1.2.3', '10.1.2.77', '10.1.9.9', '10.200.0.1', '8.8.8.8', 'fd00::1', '2001:db8::1'];
const OSES = ['Ubuntu 22.04', 'Windows 11', 'Darwin 15.1', 'Android 14', 'iOS 18.1'];

const sourceArb = fc.record({
  groups: fc.subarray(GROUPS),
  loginExpired: fc.constantFrom(false, false, false, true),
  noClientRoutes: fc.constantFrom(false, false, false, true),
  approval: fc.constantFrom(false, false, false, true),
  ipv6: fc.boolean(),
  os: fc.constantFrom(...OSES),
});

const routeArb = fc.record({
  network: fc.constantFrom(...NETWORKS),
  network_id: fc.constantFrom('a', 'b', 'a-v6'),
  // Sources serve routes too, alone or through a group of theirs.
  routing: fc.oneof(fc.constantFrom(...GATEWAYS, ...GATEWAYS, 'p-s1', 'p-s2').map((p) => ({ peer: p })), fc.constantFrom(...GROUPS, 'g-gw').map((g) => ({ peer_groups: [g] }))),
  metric: fc.constantFrom(1, 100, 9999),
  enabled: fc.constantFrom(true, true, true, false),
  skip_auto_apply: fc.constantFrom(false, false, true),
  groups: fc.subarray([...GROUPS, 'g-all'], { minLength: 1 }),
  access_control_groups: fc.constantFrom([], [], ['g-gw'], ['g-c']),
});

const accountArb = fc.record({
  sources: fc.array(sourceArb, { minLength: SOURCES.length, maxLength: SOURCES.length }),
  routes: fc.array(routeArb, { minLength: 1, maxLength: 8 }),
  gateways: fc.array(fc.constantFrom('ok', 'ok', 'expired', 'serves-none', 'no-firewall'), { minLength: GATEWAYS.length, maxLength: GATEWAYS.length }),
  policySources: fc.subarray(GROUPS, { minLength: 1 }),
  policyDestinations: fc.constantFrom(['g-gw'], ['g-all'], ['g-gw', 'g-c']),
  // A rule that names one source directly (a peer resource).
  directSource: fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
  // The account has no policies at all.
  noPolicies: fc.constantFrom(false, false, false, true),
  // The first route copied once per gateway and per source that serves: an HA set of many serving members (merged in the group answer).
  fanOut: fc.boolean(),
});

type Account = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function bundleOf(a: Account): Bundle {
  const members = (g: string) => SOURCES.filter((_, i) => a.sources[i]!.groups.includes(g));
  const policies: Record<string, unknown>[] = [policy({ id: 'pol', sources: a.policySources, destinations: a.policyDestinations })];
  if (a.directSource) {
    policies.push(policy({ id: 'pol-direct', sources: [], destinations: ['g-gw'], sourceResource: a.directSource }));
  }
  return {
    routes: [
      ...a.routes.map((r, i) => route({ id: `r${i}`, network: r.network, network_id: r.network_id, ...r.routing, metric: r.metric, enabled: r.enabled, skip_auto_apply: r.skip_auto_apply, groups: r.groups, access_control_groups: r.access_control_groups })),
      ...(a.fanOut ? [...GATEWAYS, 'p-s3', 'p-s4', 'p-s5'].map((p) => ({ p, r: a.routes[0]! })).map(({ p, r }) => route({ id: `fan-${p}`, network: r.network, network_id: r.network_id, peer: p, metric: r.metric, enabled: r.enabled, skip_auto_apply: r.skip_auto_apply, groups: r.groups, access_control_groups: r.access_control_groups })) : []),
    ],
    groups: [...GROUPS.map((g) => group(g, g, members(g))), group('g-gw', 'gateways', GATEWAYS), group('g-all', 'All', [...SOURCES, ...GATEWAYS])],
    peers: [
      ...SOURCES.map((id, i) => {
        const s = a.sources[i]!;
        return peer({ id, ip: `100.64.1.${i + 1}`, ...(s.ipv6 ? { ipv6: `fd00:aaaa::${i + 1}` } : {}), login_expired: s.loginExpired, disable_client_routes: s.noClientRoutes, approval_required: s.approval, os: s.os });
      }),
      ...GATEWAYS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, login_expired: a.gateways[i] === 'expired', disable_server_routes: a.gateways[i] === 'serves-none', disable_firewall: a.gateways[i] === 'no-firewall' })),
    ],
    ...(a.noPolicies ? {} : { policies }),
  };
}

const questionArb = fc.record({
  group: fc.constantFrom(...GROUPS, 'g-all'),
  ip: fc.constantFrom(...DESTINATIONS),
  current: fc.option(fc.constantFrom(...GATEWAYS), { nil: null }),
  exitNode: fc.option(fc.constantFrom('a', 'b', 'a-v6'), { nil: null }),
  traffic: fc.constantFrom(undefined, { protocol: 'tcp' as const, port: 443 }),
});

/** Each member's own answer, by id. */
function byMember(a: GroupAnswer): Map<string, Outcome> {
  return new Map(a.outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
}

const statesArb = fc.dictionary(fc.constantFrom(...GATEWAYS, 'p-s1'), fc.constantFrom('connected', 'idle', 'connecting', 'connected,relayed', 'connected,latency=12'), { maxKeys: 3 });

describe('group answers shared between members with the same facts', () => {
  it('are the answers computed member by member, explained and brief', () => {
    fc.assert(
      fc.property(accountArb, statesArb, questionArb, (account, stateSpecs, q) => {
        const model = modelOf(bundleOf(account));
        const states = new PeerStates(new Map(Object.entries(stateSpecs).map(([id, spec]) => [id, stateOf(spec)])));
        const query: SimQuery & { from: { kind: 'group' } } = {
          destination: { kind: 'ip', addr: mustParseAddr(q.ip), text: q.ip },
          from: { kind: 'group', groupId: q.group },
          currentPeerId: q.current,
          exitNode: q.exitNode,
          ...(q.traffic ? { traffic: q.traffic } : {}),
        };
        const shared = simulateGroup(model, query, states);
        const exhaustive = simulateGroup(modelOf(bundleOf(account)), query, states, { exhaustive: true });
        // Merged serving members are each their own member's answer once expanded; the counts add up.
        expect(byMember(shared)).toEqual(byMember(exhaustive));
        for (const o of shared.outcomes) if (o.own_routes) expect(o.own_routes.map((m) => m.source)).toEqual(o.sources);
        expect(shared.outcomes.reduce((n, o) => n + o.sources.length, 0)).toBe(exhaustive.outcomes.reduce((n, o) => n + o.sources.length, 0));
        // Without serving members to merge, the answers are the same outcome for outcome.
        if (!shared.outcomes.some((o) => o.own_routes)) expect(shared).toEqual(exhaustive);
        expect(simulateBrief(model, query, states)).toEqual(simulateBrief(modelOf(bundleOf(account)), query, states, { exhaustive: true }));
      }),
      { numRuns: 600 },
    );
  }, 120_000);
});

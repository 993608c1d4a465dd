// Random small accounts whose addresses many HA sets cover (nested and identical prefixes, routes
// served by sources themselves, alone or through a group that is also a distribution group,
// resources, flags and policies), and group questions on them: for the properties of group
// answers over covering sets (test/simulate/group-split.test.ts, group-bounded.test.ts,
// split-indexes.test.ts).
import fc from 'fast-check';
import { mustParseAddr } from '../../src/net/prefix.js';
import { PeerStates, type SimQuery } from '../../src/simulate/index.js';
import { group, peer, policy, route, type Bundle } from './api.js';
import { stateOf } from './simulate.js';

const SOURCES = ['p-s0', 'p-s1', 'p-s2', 'p-s3', 'p-s4', 'p-s5', 'p-s6', 'p-s7', 'p-s8', 'p-s9'];
const GATEWAYS = ['p-g0', 'p-g1', 'p-g2'];
const GROUPS = ['g-a', 'g-b', 'g-c', 'g-d'];
// Nested and identical prefixes: every one covers 10.1.2.3, most cover 10.1.2.77.
const NETWORKS = ['10.0.0.0/8', '10.1.0.0/16', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.0/24', '10.1.2.3/32', 'fd00::/8'];
const DESTINATIONS = ['10.1.2.3', '10.1.2.77', '10.9.9.9', 'fd00::1'];
const OSES = ['Ubuntu 22.04', 'Windows 11', 'Android 14', 'iOS 18.1'];

const sourceArb = fc.record({
  groups: fc.subarray(GROUPS),
  loginExpired: fc.constantFrom(false, false, false, false, true),
  noClientRoutes: fc.constantFrom(false, false, false, false, true),
  approval: fc.constantFrom(false, false, false, false, true),
  ipv6: fc.boolean(),
  os: fc.constantFrom(...OSES),
});

const routeArb = fc.record({
  network: fc.constantFrom(...NETWORKS),
  // Several routes share a network_id (an HA set), most have their own.
  network_id: fc.constantFrom<string>('ha-1', 'ha-2', 'n-1', 'n-2', 'n-3', 'n-4', 'n-5', 'n-6', 'n-7', 'n-8'),
  routing: fc.oneof(fc.constantFrom(...GATEWAYS, 'p-s1', 'p-s2', 'p-s3').map((p) => ({ peer: p })), fc.constantFrom(...GROUPS, 'g-all', 'g-gw').map((g) => ({ peer_groups: [g] }))),
  metric: fc.constantFrom(1, 100, 9999),
  enabled: fc.constantFrom(true, true, true, true, false),
  groups: fc.subarray([...GROUPS, 'g-all'], { minLength: 1, maxLength: 2 }),
  access_control_groups: fc.constantFrom([], [], [], ['g-gw'], ['g-c']),
});

export const accountArb = fc.record({
  sources: fc.array(sourceArb, { minLength: SOURCES.length, maxLength: SOURCES.length }),
  routes: fc.array(routeArb, { minLength: 1, maxLength: 14 }),
  gateways: fc.array(fc.constantFrom('ok', 'ok', 'expired', 'offline', 'serves-none'), { minLength: GATEWAYS.length, maxLength: GATEWAYS.length }),
  // Policies name some groups: members of one class share deliveries only with the same of them.
  policySources: fc.subarray([...GROUPS, 'g-all'], { minLength: 1 }),
  policyDestinations: fc.constantFrom(['g-gw'], ['g-all'], ['g-gw', 'g-c'], ['g-a', 'g-gw']),
  directSource: fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
  noPolicies: fc.constantFrom(false, false, false, false, true),
});

export type Account = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

/** Exit routes: paired (`exit-a`, its ::/0 twin `exit-a-v6`) and unpaired (`exit-a-v6` alone), served by every peer, the gateways or one peer. */
export const exitRouteArb = fc.record({
  network: fc.constantFrom('0.0.0.0/0', '::/0'),
  network_id: fc.constantFrom('exit-a', 'exit-a-v6', 'exit-b'),
  // g-all: every peer serves it (rows enough for a template); g-gw: the gateways; or one peer.
  routing: fc.constantFrom<{ peer_groups: string[] } | { peer: string }>({ peer_groups: ['g-all'] }, { peer_groups: ['g-all'] }, { peer_groups: ['g-gw'] }, { peer: 'p-s2' }, { peer: 'p-g0' }),
  groups: fc.subarray(['g-a', 'g-b', 'g-c', 'g-all'], { minLength: 1, maxLength: 2 }),
  skip_auto_apply: fc.boolean(),
  enabled: fc.constantFrom(true, true, true, false),
  metric: fc.constantFrom(1, 100, 9999),
});

export type ExitRoute = typeof exitRouteArb extends fc.Arbitrary<infer T> ? T : never;

export function exitRoutes(exits: readonly ExitRoute[]): ReturnType<typeof route>[] {
  return exits.map((e, i) => route({ id: `x${i}`, network: e.network, network_id: e.network_id, ...e.routing, groups: e.groups, skip_auto_apply: e.skip_auto_apply, enabled: e.enabled, metric: e.metric }));
}

/**
 * Accounts of more covering sets than a sharing scope keeps set by set (share.ts MANY_SETS): its
 * facts are then read together, from the split's indexes (split.ts `CoveringSplit.facts`).
 */
export const manySetsAccountArb = fc.record({
  account: accountArb,
  routes: fc.array(fc.record({ route: routeArb, id: fc.integer({ min: 0, max: 199 }) }), { minLength: 90, maxLength: 110 }),
}).map(({ account, routes }): Account => ({ ...account, routes: routes.map(({ route, id }) => ({ ...route, network_id: `m-${id}` })) }));

export function bundleOf(a: Account): Bundle {
  const members = (g: string) => SOURCES.filter((_, i) => a.sources[i]!.groups.includes(g));
  const policies: Record<string, unknown>[] = [policy({ id: 'pol', sources: a.policySources, destinations: a.policyDestinations })];
  if (a.directSource) {
    policies.push(policy({ id: 'pol-direct', sources: [], destinations: ['g-gw'], sourceResource: a.directSource }));
  }
  return {
    routes: a.routes.map((r, i) => route({ id: `r${i}`, network: r.network, network_id: r.network_id, ...r.routing, metric: r.metric, enabled: r.enabled, groups: r.groups, access_control_groups: r.access_control_groups })),
    groups: [...GROUPS.map((g) => group(g, g, members(g))), group('g-gw', 'gateways', GATEWAYS), group('g-all', 'All', [...SOURCES, ...GATEWAYS])],
    peers: [
      ...SOURCES.map((id, i) => {
        const s = a.sources[i]!;
        return peer({ id, ip: `100.64.1.${i + 1}`, ...(s.ipv6 ? { ipv6: `fd00:aaaa::${i + 1}` } : {}), login_expired: s.loginExpired, disable_client_routes: s.noClientRoutes, approval_required: s.approval, os: s.os });
      }),
      ...GATEWAYS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, login_expired: a.gateways[i] === 'expired', connected: a.gateways[i] !== 'offline', disable_server_routes: a.gateways[i] === 'serves-none' })),
    ],
    ...(a.noPolicies ? {} : { policies }),
  };
}

export const questionArb = fc.record({
  group: fc.constantFrom(...GROUPS, 'g-all'),
  ip: fc.constantFrom(...DESTINATIONS),
  current: fc.option(fc.constantFrom(...GATEWAYS), { nil: null }),
  traffic: fc.constantFrom(undefined, { protocol: 'tcp' as const, port: 443 }),
  // Small cuts, so the inert sets' rows are listed only in part.
  limit: fc.integer({ min: 1, max: 12 }),
});

export const statesArb = fc.dictionary(fc.constantFrom(...GATEWAYS, 'p-s1', 'p-s2'), fc.constantFrom('connected', 'idle', 'connecting', 'connected,relayed', 'connected,latency=12'), { maxKeys: 3 });

export type Question = typeof questionArb extends fc.Arbitrary<infer T> ? T : never;

/** The states and the group question of a drawn question. */
export function groupQuestion(stateSpecs: Record<string, string>, q: Question): { states: PeerStates; query: SimQuery & { from: { kind: 'group' } } } {
  const states = new PeerStates(new Map(Object.entries(stateSpecs).map(([id, spec]) => [id, stateOf(spec)])));
  const query: SimQuery & { from: { kind: 'group' } } = {
    destination: { kind: 'ip', addr: mustParseAddr(q.ip), text: q.ip },
    from: { kind: 'group', groupId: q.group },
    currentPeerId: q.current,
    exitNode: null,
    ...(q.traffic ? { traffic: q.traffic } : {}),
  };
  return { states, query };
}

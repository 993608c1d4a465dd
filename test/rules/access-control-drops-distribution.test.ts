import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rule, { tuning } from '../../rules/access-control-drops-distribution.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { reference } from '../support/access-control-drops-reference.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const groups = [
  group('g-staff', 'staff', ['p-anna', 'p-carl', 'p-dora']),
  group('g-eng', 'engineering', ['p-anna']),
  group('g-sales', 'sales', ['p-carl', 'p-dora']),
  group('g-db', 'db-acl', []),
  group('g-gw', 'gateways', ['p-gw1']),
  group('g-crowd', 'crowd', ['p-anna', 'p-ben', 'p-carl', 'p-dora', 'p-emil']),
];
const member = (id: string, n: number, extra: Record<string, unknown> = {}) => ({ ...peer({ id, ip: `100.92.0.${n}`, ipv6: `fd00:4e42::${n}` }), ...extra });
const clients = () => [member('p-anna', 11), member('p-ben', 12), member('p-carl', 13), member('p-dora', 14), member('p-emil', 15)];
const gw = (extra: Record<string, unknown> = {}) => member('p-gw1', 1, extra);
const acRoute = (extra: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'r1', network_id: 'db', groups: ['g-staff'], access_control_groups: ['g-db'], peer: 'p-gw1', ...extra });
/** Connects the distribution groups to the gateway, so that every member receives the route. */
const connect = (sources = ['g-staff', 'g-crowd']) => policy({ id: 'conn', sources, destinations: ['g-gw'] });
const allow = (sources: string[], extra: Record<string, unknown> = {}) => ({ ...policy({ id: 'acc', sources, destinations: ['g-db'], bidirectional: false }), ...extra });
const account = (routes: Bundle['routes'], policies: unknown[], peers: unknown[] = [...clients(), gw()], extra: Partial<Bundle> = {}): Bundle => ({ routes, groups, peers, policies, ...extra });

/** A policy of several rules, each `[sources, destinations, action, enabled]`. */
const multi = (id: string, rules: [string[], string[], 'accept' | 'drop', boolean][]) => {
  const base = policy({ id, sources: [], destinations: [] });
  const template = (base.rules as Record<string, unknown>[])[0]!;
  const ref = (g: string) => ({ id: g, name: g });
  return { ...base, rules: rules.map(([s, d, action, enabled], i) => ({ ...template, id: `${id}-r${i + 1}`, sources: s.map(ref), destinations: d.map(ref), action, enabled, bidirectional: false })) };
};
const postureChecks = [
  { id: 'pc-version', name: 'recent client', description: '', checks: { nb_version_check: { min_version: '0.60.0' } } },
  { id: 'pc-process', name: 'edr running', description: '', checks: { process_check: { processes: [{ linux_path: '/opt/edr/agent' }] } } },
];

ruleTable(rule, {
  valid: [
    { name: 'no access control groups', bundle: account([route({ id: 'r1', groups: ['g-staff'], peer: 'p-gw1' })], [connect()]) },
    { name: 'the whole distribution group is allowed', bundle: account([acRoute()], [connect(), allow(['g-staff'])]) },
    { name: 'disabled route', bundle: account([acRoute({ enabled: false })], [connect(), allow(['g-eng'])]) },
    { name: "no accept rule at all is access-control-without-policy's finding", bundle: account([acRoute()], [connect()]) },
    { name: "no source in the distribution groups is access-control-without-policy's finding", bundle: account([acRoute({ groups: ['g-sales'] })], [connect(), allow(['g-eng'])]) },
    { name: 'members no policy connects to the routing peer do not receive the route', bundle: account([acRoute()], [connect(['g-eng']), allow(['g-eng'])]) },
    {
      name: 'members that receive nothing: awaiting approval, login expired',
      bundle: account([acRoute()], [connect(), allow(['g-eng'])], [member('p-anna', 11), member('p-carl', 13, { approval_required: true }), member('p-dora', 14, { login_expired: true }), gw()]),
    },
    {
      name: 'members whose client installs no routes, or missing from the peers export',
      bundle: account([acRoute()], [connect(), allow(['g-eng'])], [member('p-anna', 11), member('p-carl', 13, { local_flags: { ...(gw().local_flags as object), disable_client_routes: true } }), gw()]),
    },
    { name: 'a routing peer without a firewall enforces nothing', bundle: account([acRoute()], [connect(), allow(['g-eng'])], [...clients(), gw({ local_flags: { ...(gw().local_flags as object), disable_firewall: true } })]) },
    { name: 'a routing peer awaiting approval is offered to nobody', bundle: account([acRoute()], [connect(), allow(['g-eng'])], [...clients(), gw({ approval_required: true })]) },
    {
      name: 'an undecidable posture check counts as passed for an accept rule',
      bundle: account([acRoute()], [connect(), allow(['g-staff'], { source_posture_checks: ['pc-process'] })], undefined, { posture_checks: postureChecks }),
    },
    {
      name: 'a member that connects to the routing peer only through an undecidable posture check is not counted',
      bundle: account([acRoute()], [{ ...connect(['g-sales']), source_posture_checks: ['pc-process'] }, connect(['g-eng']), allow(['g-eng'])], undefined, { posture_checks: postureChecks }),
    },
    {
      name: 'IPv6 route: members without an overlay IPv6 do not receive it',
      bundle: account([acRoute({ network: 'fd00:1::/64' })], [connect(), allow(['g-eng'])], [member('p-anna', 11), { ...peer({ id: 'p-carl', ip: '100.92.0.13' }) }, { ...peer({ id: 'p-dora', ip: '100.92.0.14' }) }, gw()]),
    },
    { name: 'a routing peer of the HA set is no client of it', bundle: account([acRoute({ groups: ['g-eng', 'g-gw'] })], [connect(['g-eng', 'g-gw']), allow(['g-eng'])]) },
  ],
  invalid: [
    {
      name: 'members outside the allowed sources get the route and lose every packet',
      bundle: account([acRoute()], [connect(), allow(['g-eng'])]),
      errors: [{ messageId: 'membersDropped', routeId: 'r1', data: { count: 2, total: 3, members: 'carl, dora', groups: 'db-acl', networkId: 'db', target: '10.0.0.0/24' } }],
    },
    {
      name: 'the allowed sources do not receive the route: everyone who does is dropped',
      bundle: account([acRoute()], [connect(['g-sales']), allow(['g-eng'])]),
      errors: [{ messageId: 'everyoneDropped', routeId: 'r1', data: { count: 2, total: 2, members: 'carl, dora' } }],
    },
    {
      name: 'a member failing the posture check of the allowing policy is dropped',
      bundle: account([acRoute()], [connect(), allow(['g-staff'], { source_posture_checks: ['pc-version'] })], [member('p-anna', 11, { version: '0.61.0' }), member('p-carl', 13), member('p-dora', 14, { version: '0.60.1' }), gw()], { posture_checks: postureChecks }),
      errors: [{ messageId: 'membersDropped', routeId: 'r1', data: { count: 1, total: 3, members: 'carl' } }],
    },
    {
      name: 'a drop rule for all traffic takes its sources out',
      bundle: account([acRoute()], [connect(), multi('acc', [[['g-staff'], ['g-db'], 'accept', true], [['g-sales'], ['g-db'], 'drop', true]])]),
      errors: [{ messageId: 'membersDropped', data: { count: 2, total: 3, members: 'carl, dora' } }],
    },
    {
      name: 'a policy naming the group only in a disabled rule allows the sources of its enabled rules only',
      bundle: account([acRoute()], [connect(), multi('acc', [[['g-staff'], ['g-db'], 'accept', false], [['g-eng'], ['g-gw'], 'accept', true]])]),
      errors: [{ messageId: 'membersDropped', data: { count: 2, total: 3, members: 'carl, dora' } }],
    },
    {
      name: 'a few names, then an ellipsis',
      bundle: account([acRoute({ groups: ['g-crowd'] })], [connect(), allow(['g-eng'])]),
      errors: [{ messageId: 'membersDropped', data: { count: 4, total: 5, members: 'ben, carl, dora, …' } }],
    },
    {
      name: 'points at the access control groups',
      bundle: account([acRoute()], [connect(), allow(['g-eng'])]),
      errors: [{ messageId: 'membersDropped', line: 4, column: 32 }],
    },
  ],
});

describe('access-control-drops-distribution', () => {
  it('needs groups and policies', () => {
    expect(lintBundle(rule, { routes: [acRoute()], policies: [] }).skipped).toEqual(['access-control-drops-distribution']);
    expect(lintBundle(rule, { routes: [acRoute()], groups }).skipped).toEqual(['access-control-drops-distribution']);
  });

  it('without peers, every member of the distribution groups counts as a client', () => {
    const { messages } = lintBundle(rule, { routes: [acRoute()], groups, policies: [connect(), allow(['g-eng'])] });
    expect(messages.map((m) => [m.messageId, m.data?.count, m.data?.total])).toEqual([['membersDropped', 2, 3]]);
  });
});

describe('access-control-drops-distribution against the member-by-member reference', () => {
  const PEERS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
  const GROUPS = ['g1', 'g2', 'g3', 'g4'];
  // Names that sort otherwise than the ids, so the peers a finding names are the first by name.
  const NAMES: Record<string, string> = { p1: 'delta', p2: 'bravo', p3: 'echo', p4: 'alpha', p5: 'charlie', p6: 'bravo', p7: 'golf', p8: 'foxtrot' };
  // Mostly ordinary peers, groups and routes, so that findings are common and name several peers.
  const rarely = fc.constantFrom(false, false, false, false, false, true);
  const flags = fc.record({ login_expired: rarely, approval_required: rarely, disable_client_routes: rarely, disable_firewall: rarely, ipv6: fc.boolean(), version: fc.constantFrom('0.50.0', '0.61.0') });
  const side = fc.subarray(GROUPS);
  const ruleSpec = fc.record({ sources: side, destinations: side, action: fc.constantFrom('accept', 'drop'), enabled: fc.boolean(), allTraffic: fc.boolean(), sourceResource: fc.option(fc.constantFrom(...PEERS), { nil: undefined }) });
  const policySpec = fc.record({ enabled: fc.boolean(), rules: fc.array(ruleSpec, { minLength: 1, maxLength: 2 }), checks: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.subarray(['pc-version', 'pc-process', 'pc-missing'], { minLength: 1 }), weight: 1 }) });
  const routeSpec = fc.record({
    server: fc.oneof(fc.constantFrom(...PEERS).map((p) => ({ peer: p })), fc.subarray(GROUPS, { minLength: 1 }).map((peer_groups) => ({ peer_groups }))),
    groups: fc.subarray([...GROUPS, 'g-unknown'], { minLength: 1 }),
    acg: fc.oneof(fc.constant(['g4']), fc.subarray(GROUPS, { minLength: 1 })),
    v6: rarely,
    enabled: fc.constantFrom(true, true, true, false),
    network_id: fc.constantFrom('a', 'b'),
  });
  const accountSpec = fc.record({
    peers: fc.tuple(...PEERS.map(() => flags)),
    known: fc.subarray(PEERS, { minLength: 6 }),
    // The first group holds every peer in a third of the accounts (NetBird's All): a rule naming it connects everyone.
    members: fc.tuple(...GROUPS.map((_, i) => (i === 0 ? fc.oneof(fc.subarray(PEERS, { minLength: 2 }), fc.constant(PEERS)) : fc.subarray(PEERS, { minLength: 2 })))),
    policies: fc.array(policySpec, { maxLength: 4 }),
    routes: fc.array(routeSpec, { minLength: 1, maxLength: 5 }),
    withChecks: fc.boolean(),
    // A policy between the groups other than g4 (an access control group naming it would let everyone through): most members receive most routes.
    connectAll: fc.constantFrom(true, true, false),
    // An accept rule into access control group g4 for some sources, under posture checks or not.
    allow: fc.record({ sources: fc.subarray(['g1', 'g2', 'g3'], { minLength: 1 }), checks: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.subarray(['pc-version', 'pc-process'], { minLength: 1 }), weight: 1 }) }),
  });

  const bundleOf = (spec: typeof accountSpec extends fc.Arbitrary<infer T> ? T : never): Bundle => ({
    groups: GROUPS.map((g, i) => group(g, g, spec.members[i]!)),
    peers: PEERS.flatMap((id, i) => {
      if (!spec.known.includes(id)) return [];
      const f = spec.peers[i]!;
      return [peer({ id, name: NAMES[id], ip: `100.92.0.${i + 1}`, ...(f.ipv6 ? { ipv6: `fd00:4e42::${i + 1}` } : {}), login_expired: f.login_expired, approval_required: f.approval_required, disable_client_routes: f.disable_client_routes, disable_firewall: f.disable_firewall, version: f.version })];
    }),
    policies: [
      ...(spec.connectAll ? [policy({ id: 'default', sources: ['g1', 'g2', 'g3'], destinations: ['g1', 'g2', 'g3'] })] : []),
      { ...policy({ id: 'allow', sources: spec.allow.sources, destinations: ['g4'], bidirectional: false }), source_posture_checks: spec.allow.checks },
      ...spec.policies.map((p, i) => {
      const ref = (g: string) => ({ id: g, name: g });
      const base = policy({ id: `pol${i}`, sources: [], destinations: [], enabled: p.enabled });
      const template = (base.rules as Record<string, unknown>[])[0]!;
      const rules = p.rules.map((r, k) => ({
        ...template,
        id: `pol${i}-r${k}`,
        sources: r.sources.map(ref),
        destinations: r.destinations.map(ref),
        action: r.action,
        enabled: r.enabled,
        ...(r.allTraffic ? {} : { protocol: 'tcp', ports: ['443'] }),
        ...(r.sourceResource === undefined ? {} : { sourceResource: { id: r.sourceResource, type: 'peer' } }),
      }));
      return { ...base, rules, source_posture_checks: p.checks };
    })],
    routes: spec.routes.map((r, i) => route({ id: `r${i}`, network_id: r.network_id, network: r.v6 ? 'fd00:1::/64' : `10.${i}.0.0/16`, groups: r.groups, access_control_groups: r.acg, enabled: r.enabled, ...r.server })),
    ...(spec.withChecks ? { posture_checks: postureChecks } : {}),
  });

  it('a member connected to a routing peer without a firewall only under a posture check it fails may still get through', () => {
    // carl reaches gw2 (no firewall) only through a policy whose check he fails (version 0.59.0 < 0.60.0):
    // whether a peer may pick that routing peer does not depend on posture, so carl is not counted.
    const bundle: Bundle = {
      routes: [route({ id: 'r1', network_id: 'db', groups: ['g-staff'], access_control_groups: ['g-db'], peer_groups: ['g-gw', 'g-gw2'] })],
      groups: [group('g-staff', 'staff', ['p-anna', 'p-carl']), group('g-eng', 'engineering', ['p-anna']), group('g-db', 'db-acl', []), group('g-gw', 'gateways', ['p-gw1']), group('g-gw2', 'open gateways', ['p-gw2'])],
      peers: [member('p-anna', 11), member('p-carl', 13), gw(), { ...member('p-gw2', 2), local_flags: { ...(gw().local_flags as object), disable_firewall: true } }],
      policies: [connect(['g-staff']), { ...policy({ id: 'conn2', sources: ['g-staff'], destinations: ['g-gw2'] }), source_posture_checks: ['pc-version'] }, allow(['g-eng'])],
      posture_checks: postureChecks,
    };
    expect(lintBundle(rule, bundle).messages).toEqual([]);
    expect(lintBundle(reference, bundle).messages).toEqual([]);
    // Without the second routing peer carl is dropped: the case above is decided by gw2 alone.
    const single = { ...bundle, routes: [route({ id: 'r1', network_id: 'db', groups: ['g-staff'], access_control_groups: ['g-db'], peer_groups: ['g-gw'] })] };
    expect(lintBundle(rule, single).messages.map((m) => m.data?.count)).toEqual([1]);
  });

  // Every way of asking (member by member; as sets of peers, with the routing peers taken out one
  // by one or as a bitset) must give the reference's answers.
  it.each([
    ['one by one', Number.POSITIVE_INFINITY, 64],
    ['as sets', 0, 64],
    ['as sets, routing peers as a bitset', 0, 0],
  ])('reports the same findings, counts and first names, recipients asked about %s', (_, memberByMember, serversAsBits) => {
    const saved = { ...tuning };
    Object.assign(tuning, { memberByMember, serversAsBits });
    try {
      fc.assert(
        fc.property(accountSpec, (spec) => {
          const bundle = bundleOf(spec);
          const shown = (rule: Parameters<typeof lintBundle>[0]) => lintBundle(rule, bundle).messages.map((m) => [m.routeId, m.messageId, m.message, JSON.stringify(m.data)]).sort();
          expect(shown(rule)).toEqual(shown(reference));
        }),
        // About one account in eight has findings: enough runs that each way of being counted or left out occurs.
        { numRuns: 2000 },
      );
    } finally {
      Object.assign(tuning, saved);
    }
    // 2,000 accounts each way: past the default timeout on a loaded machine.
  }, 60_000);
});

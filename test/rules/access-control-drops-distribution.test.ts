import { describe, expect, it } from 'vitest';
import rule from '../../rules/access-control-drops-distribution.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
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

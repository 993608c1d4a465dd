import { describe, expect, it } from 'vitest';
import rule from '../../rules/access-control-without-policy.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const groups = [
  group('g-eng', 'engineering', ['p-anna']),
  group('g-sales', 'sales', ['p-carl']),
  group('g-both', 'staff', ['p-anna', 'p-carl']),
  group('g-db', 'db-acl', []),
  group('g-web', 'web-acl', []),
  group('g-outside', 'contractors', ['p-dora', 'p-finn']),
];
const acRoute = (extra: Partial<Parameters<typeof route>[0]> = {}) => route({ id: 'r1', groups: ['g-eng'], access_control_groups: ['g-db'], ...extra });
/** A policy whose first rule names the access control group but is disabled, and whose second rule is enabled. */
const disabledFirst = (second: { sources: string[]; destinations: string[]; action?: 'accept' | 'drop' }) => {
  const first = (policy({ id: 'pol', sources: ['g-sales'], destinations: ['g-db'], ruleEnabled: false }).rules as Record<string, unknown>[])[0]!;
  const other = { ...(policy({ id: 'pol', ...second }).rules as Record<string, unknown>[])[0]!, id: 'pol-r2' };
  return { ...policy({ id: 'pol', sources: [], destinations: [] }), rules: [first, other] };
};
const account = (routes: Bundle['routes'], policies: unknown[]): Bundle => ({ routes, groups, policies });

ruleTable(rule, {
  valid: [
    { name: 'no access control groups: everything routed is allowed', bundle: account([route({ id: 'r1' })], []) },
    { name: 'policy from the distribution group to the access control group', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'] })]) },
    { name: 'one of several access control groups is enough', bundle: account([acRoute({ access_control_groups: ['g-web', 'g-db'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'] })]) },
    { name: 'source group shares a member with the distribution group', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-both'], destinations: ['g-db'] })]) },
    { name: 'distribution group larger than the source group, sharing a member', bundle: account([acRoute({ groups: ['g-both'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'] })]) },
    { name: 'a one-way policy still allows its direction', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'], bidirectional: false })]) },
    { name: 'disabled route carries nothing', bundle: account([acRoute({ enabled: false })], []) },
    {
      name: 'peer resource as source',
      bundle: account(
        [acRoute()],
        [{ ...policy({ id: 'pol', sources: [], destinations: ['g-db'] }), rules: [{ ...(policy({ id: 'pol', sources: [], destinations: ['g-db'] }).rules as object[])[0], sources: null, sourceResource: { id: 'p-anna', type: 'peer' } }] }],
      ),
    },
    {
      name: 'a policy naming the group only in a disabled rule brings in its enabled rules',
      bundle: account([acRoute()], [disabledFirst({ sources: ['g-eng'], destinations: ['g-web'] })]),
    },
    {
      name: 'membership from the peers export alone',
      bundle: { routes: [acRoute()], peers: [peer({ id: 'p-anna', ip: '100.92.0.9', groups: ['g-eng', 'g-x'] })], policies: [policy({ id: 'pol', sources: ['g-x'], destinations: ['g-db'] })] },
    },
  ],
  invalid: [
    { name: 'no policy at all', bundle: account([acRoute()], []), errors: [{ messageId: 'noPolicy', routeId: 'r1', data: { groups: 'db-acl', target: '10.0.0.0/24' } }] },
    { name: 'policies to other groups only', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-web'] })]), errors: [{ messageId: 'noPolicy' }] },
    { name: 'the access control group as source does not allow traffic to it', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-db'], destinations: ['g-eng'], bidirectional: false })]), errors: [{ messageId: 'noPolicy' }] },
    { name: 'disabled policy', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'], enabled: false })]), errors: [{ messageId: 'noPolicy' }] },
    { name: 'disabled rule', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'], ruleEnabled: false })]), errors: [{ messageId: 'noPolicy' }] },
    { name: 'a drop rule allows nothing', bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'], action: 'drop' })]), errors: [{ messageId: 'noPolicy' }] },
    {
      name: 'the accepting policy has no source among the peers that receive the route',
      bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-sales'], destinations: ['g-db'] })]),
      errors: [{ messageId: 'noSourceInDistribution', routeId: 'r1', data: { groups: 'db-acl' } }],
    },
    {
      name: 'a larger source group with no member in the distribution group',
      bundle: account([acRoute()], [policy({ id: 'pol', sources: ['g-outside'], destinations: ['g-db'] })]),
      errors: [{ messageId: 'noSourceInDistribution', routeId: 'r1' }],
    },
    {
      name: 'the group only in a disabled rule: the enabled rules decide, and their sources do not receive the route',
      bundle: account([acRoute()], [disabledFirst({ sources: ['g-sales'], destinations: ['g-web'] })]),
      errors: [{ messageId: 'noSourceInDistribution', routeId: 'r1', data: { groups: 'db-acl' } }],
    },
    {
      name: 'the group only in a disabled rule, and the enabled rule drops',
      bundle: account([acRoute()], [disabledFirst({ sources: ['g-eng'], destinations: ['g-web'], action: 'drop' })]),
      errors: [{ messageId: 'noPolicy', routeId: 'r1' }],
    },
    {
      name: 'the group only in a disabled rule of a disabled policy',
      bundle: account([acRoute()], [{ ...disabledFirst({ sources: ['g-eng'], destinations: ['g-web'] }), enabled: false }]),
      errors: [{ messageId: 'noPolicy', routeId: 'r1' }],
    },
    {
      name: 'domain route',
      bundle: account([acRoute({ domains: ['db.example.com'] })], []),
      errors: [{ messageId: 'noPolicy', data: { target: 'db.example.com' } }],
    },
    {
      name: 'each route on its own',
      bundle: account([acRoute(), acRoute({ id: 'r2', network: '10.0.1.0/24', access_control_groups: ['g-web'] })], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'] })]),
      errors: [{ messageId: 'noPolicy', routeId: 'r2', data: { groups: 'web-acl' } }],
    },
  ],
});

describe('access-control-without-policy', () => {
  it('needs policies', () => {
    expect(lintBundle(rule, { routes: [acRoute()], groups }).skipped).toEqual(['access-control-without-policy']);
    expect(lintBundle(rule, account([acRoute()], [policy({ id: 'pol', sources: ['g-eng'], destinations: ['g-db'] })])).partial).toEqual([]);
  });

  it('without groups or peers it still finds routes no policy allows, and says the source check did not run', () => {
    const bundle = { routes: [acRoute(), acRoute({ id: 'r2', network: '10.0.1.0/24' })], policies: [policy({ id: 'pol', sources: ['g-sales'], destinations: ['g-db'] }), policy({ id: 'pol2', sources: ['g-eng'], destinations: ['g-x'] })] };
    bundle.routes[1]!.access_control_groups = ['g-x-unused'];
    const result = lintBundle(rule, bundle);
    expect(result.messages.map((m) => [m.messageId, m.routeId])).toEqual([['noPolicy', 'r2']]);
    expect(result.partial).toHaveLength(1);
    expect(result.partial[0]).toMatch(/^access-control-without-policy: /);
  });
});

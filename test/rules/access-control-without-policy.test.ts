import fc from 'fast-check';
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

describe('access-control-without-policy against members one by one', () => {
  const PEERS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
  const GROUPS = ['g1', 'g2', 'g3', 'g4', 'g5'];
  const spec = fc.record({
    members: fc.tuple(...GROUPS.map(() => fc.subarray(PEERS))),
    // Groups only the peers export names (g-x), as the reach index counts them too.
    extra: fc.subarray(PEERS),
    rules: fc.array(fc.record({ sources: fc.subarray([...GROUPS, 'g-x', 'g-unknown']), peer: fc.option(fc.constantFrom(...PEERS), { nil: undefined }), action: fc.constantFrom('accept', 'accept', 'drop') }), { minLength: 1, maxLength: 4 }),
    routes: fc.array(fc.record({ groups: fc.subarray([...GROUPS, 'g-x', 'g-unknown'], { minLength: 1 }) }), { minLength: 1, maxLength: 4 }),
  });
  it('a route is reported for its sources exactly when no accept rule has a source among its recipients', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const memberOf = (g: string): string[] => (g === 'g-x' ? s.extra : s.members[GROUPS.indexOf(g)] ?? []);
        const bundle: Bundle = {
          groups: [...GROUPS.map((g, i) => group(g, g, s.members[i]!)), group('g-acl', 'acl', [])],
          peers: PEERS.map((id, i) => peer({ id, ip: `100.92.0.${i + 1}`, groups: [...GROUPS.filter((g) => memberOf(g).includes(id)), ...(s.extra.includes(id) ? ['g-x'] : [])] })),
          policies: s.rules.map((r, i) => {
            const base = policy({ id: `pol${i}`, sources: r.sources, destinations: ['g-acl'], action: r.action as 'accept' | 'drop' });
            const first = (base.rules as Record<string, unknown>[])[0]!;
            return r.peer === undefined ? base : { ...base, rules: [{ ...first, sourceResource: { id: r.peer, type: 'peer' } }] };
          }),
          routes: s.routes.map((r, i) => route({ id: `r${i}`, network: `10.${i}.0.0/16`, groups: r.groups, access_control_groups: ['g-acl'] })),
        };
        const reported = new Map(lintBundle(rule, bundle).messages.map((m) => [m.routeId, m.messageId]));
        s.routes.forEach((r, i) => {
          const accepts = s.rules.filter((x) => x.action === 'accept');
          const recipients = new Set(r.groups.flatMap(memberOf));
          // A peer resource replaces the rule's source groups (the API's sourceResource).
          const sourcesOf = (x: (typeof accepts)[number]): string[] => (x.peer !== undefined ? [x.peer] : x.sources.flatMap(memberOf));
          const named = (x: (typeof accepts)[number]): boolean => x.peer === undefined && x.sources.some((g) => r.groups.includes(g));
          const expected = accepts.length === 0 ? 'noPolicy' : accepts.some((x) => named(x) || sourcesOf(x).some((p) => recipients.has(p))) ? undefined : 'noSourceInDistribution';
          expect(reported.get(`r${i}`)).toBe(expected);
        });
      }),
      { numRuns: 500 },
    );
  });
});

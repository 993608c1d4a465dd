import { describe, expect, it } from 'vitest';
import rule from '../../rules/exit-node-scope.js';
import { group, route, type Bundle, type RouteInput } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const groups = [
  group('g-all', 'All', ['p-ex1', 'p-ex2', 'p-anna', 'p-ben']),
  group('g-exits', 'exit-nodes', ['p-ex1', 'p-ex2']),
  group('g-laptops', 'laptops', ['p-anna', 'p-ben']),
  group('g-travel', 'travel', ['p-ben']),
];
const exit = (input: Partial<RouteInput> & { id: string }) => route({ network: '0.0.0.0/0', network_id: 'exit', ...input });
const account = (routes: Bundle['routes']): Bundle => ({ routes, groups });

ruleTable(rule, {
  valid: [
    { name: 'exit node distributed to laptops only', bundle: account([exit({ id: 'r1', peer_groups: ['g-exits'], groups: ['g-laptops'] })]) },
    { name: 'a single-peer exit node may reach its own routing peer', bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-exits', 'g-laptops'] })]) },
    { name: 'a non-exit route to its siblings is not this rule\'s business', bundle: account([route({ id: 'r1', peer_groups: ['g-exits'], groups: ['g-all'] })]) },
    { name: 'disabled exit route', bundle: account([exit({ id: 'r1', peer_groups: ['g-exits'], groups: ['g-all'], enabled: false, skip_auto_apply: true })]) },
    {
      name: 'an opt-in exit next to an auto-applied one for the same group',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-laptops'], skip_auto_apply: true }), exit({ id: 'r2', peer: 'p-ex2', network_id: 'exit-b', groups: ['g-laptops'] })]),
    },
    {
      name: 'an opt-in exit for a group whose members all get an auto-applied exit through another group',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-travel'], skip_auto_apply: true }), exit({ id: 'r2', peer: 'p-ex2', network_id: 'exit-b', groups: ['g-laptops'] })]),
    },
    { name: 'an opt-in exit for an empty group', bundle: { routes: [exit({ id: 'r1', peer: 'p-ex1', groups: ['g-none'], skip_auto_apply: true })], groups: [...groups, group('g-none', 'none', [])] } },
  ],
  invalid: [
    {
      name: 'peer_groups exit distributed to All, which holds both exit peers',
      bundle: account([exit({ id: 'r1', peer_groups: ['g-exits'], groups: ['g-all'] })]),
      errors: [{ messageId: 'siblingsInGroups', routeId: 'r1', data: { networkId: 'exit', count: 2, peers: 'p-ex1, p-ex2' } }],
    },
    {
      name: 'two exit routes of one HA set, each distributed to the other\'s peer',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', metric: 100, groups: ['g-exits'] }), exit({ id: 'r2', peer: 'p-ex2', metric: 200, groups: ['g-laptops'] })]),
      errors: [{ messageId: 'siblingsInGroups', routeId: 'r1', data: { count: 1, peers: 'p-ex2' } }],
    },
    {
      name: 'a disabled sibling route still keeps its peer from receiving the set',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-all'] }), exit({ id: 'r2', peer: 'p-ex2', metric: 200, groups: ['g-laptops'], enabled: false })]),
      errors: [{ messageId: 'siblingsInGroups', routeId: 'r1', data: { peers: 'p-ex2' } }],
    },
    {
      name: 'IPv6 exit node',
      bundle: account([exit({ id: 'r1', network: '::/0', peer_groups: ['g-exits'], groups: ['g-exits'] })]),
      errors: [{ messageId: 'siblingsInGroups', data: { count: 2 } }],
    },
    {
      name: 'every exit node of a group is opt-in',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-laptops'], skip_auto_apply: true }), exit({ id: 'r2', peer: 'p-ex2', network_id: 'exit-b', groups: ['g-laptops'], skip_auto_apply: true })]),
      errors: [{ messageId: 'noAutoApply', routeId: 'r1', relatedRouteIds: ['r2'], data: { group: 'laptops', count: 2 } }],
    },
    {
      name: 'opt-in only for the members not reached by an auto-applied exit elsewhere',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-laptops'], skip_auto_apply: true }), exit({ id: 'r2', peer: 'p-ex2', network_id: 'exit-b', groups: ['g-travel'] })]),
      errors: [{ messageId: 'noAutoApply', routeId: 'r1', data: { group: 'laptops', count: 1 } }],
    },
    {
      name: 'the exit peers themselves are not counted',
      bundle: account([exit({ id: 'r1', peer: 'p-ex1', groups: ['g-all'], skip_auto_apply: true })]),
      errors: [{ messageId: 'noAutoApply', data: { group: 'All', count: 3 } }],
    },
  ],
});

describe('exit-node-scope', () => {
  it('notes that it cannot tell group members without groups or peers', () => {
    const result = lintBundle(rule, { routes: [exit({ id: 'r1', peer_groups: ['g-exits'], groups: ['g-all'] })] });
    expect(result.messages).toEqual([]);
    expect(result.partial).toHaveLength(1);
  });
});

describe('exit-node-scope without exit nodes', () => {
  it('says nothing, not even that it lacks groups', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })] }).partial).toEqual([]);
  });
});

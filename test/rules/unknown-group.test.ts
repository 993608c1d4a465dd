import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-group.js';
import { group, route } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const groups = [group('g-all', 'All', ['p-gw1', 'p-gw2']), group('g-gw', 'gateways', ['p-gw1']), group('g-acl', 'lan-servers', [])];

ruleTable(rule, {
  valid: [
    { name: 'every reference exists', bundle: { routes: [route({ id: 'r1', groups: ['g-all'], peer_groups: ['g-gw'], access_control_groups: ['g-acl'] })], groups } },
    { name: 'a group without members exists', bundle: { routes: [route({ id: 'r1', groups: ['g-acl'] })], groups } },
    { name: 'plain peer route without peer groups', bundle: { routes: [route({ id: 'r1', peer: 'p-gw1' })], groups } },
    { name: 'empty distribution group id is distribution-groups', bundle: { routes: [route({ id: 'r1', groups: ['g-all', ''] })], groups } },
  ],
  invalid: [
    {
      name: 'unknown distribution group, pointing at the element',
      bundle: { routes: [route({ id: 'r1', groups: ['g-all', 'g-gone'] })], groups },
      errors: [{ messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-gone', field: 'groups' }, line: 9, column: 9 }],
    },
    {
      name: 'unknown peer group',
      bundle: { routes: [route({ id: 'r1', peer_groups: ['g-gw', 'g-paris'] })], groups },
      errors: [{ messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-paris', field: 'peer_groups' } }],
    },
    {
      name: 'unknown access control group',
      bundle: { routes: [route({ id: 'r1', access_control_groups: ['g-db'] })], groups },
      errors: [{ messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-db', field: 'access_control_groups' } }],
    },
    {
      name: 'one finding per missing reference',
      bundle: { routes: [route({ id: 'r1', groups: ['g-x'], peer_groups: ['g-x'], access_control_groups: ['g-y', 'g-z'] })], groups },
      errors: [
        { messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-x', field: 'groups' } },
        { messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-x', field: 'peer_groups' } },
        { messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-y', field: 'access_control_groups' } },
        { messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-z', field: 'access_control_groups' } },
      ],
    },
    {
      name: 'empty peer group id',
      bundle: { routes: [route({ id: 'r1', peer_groups: [''] })], groups },
      errors: [{ messageId: 'emptyGroupId', routeId: 'r1', data: { field: 'peer_groups' } }],
    },
    {
      name: 'group ids are case-sensitive',
      bundle: { routes: [route({ id: 'r1', groups: ['G-ALL'] })], groups },
      errors: [{ messageId: 'unknownGroup', routeId: 'r1', data: { group: 'G-ALL' } }],
    },
    {
      name: 'an empty groups export knows no group',
      bundle: { routes: [route({ id: 'r1', groups: ['g-all'] })], groups: [] },
      errors: [{ messageId: 'unknownGroup', routeId: 'r1', data: { group: 'g-all', field: 'groups' } }],
    },
  ],
});

describe('unknown-group without groups', () => {
  it('is skipped', () => {
    const { messages, skipped } = lintBundle(rule, { routes: [route({ id: 'r1', groups: ['g-gone'] })] });
    expect(messages).toEqual([]);
    expect(skipped).toEqual(['unknown-group']);
  });
});

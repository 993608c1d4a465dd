import rule from '../../rules/distribution-groups.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

const withoutGroups = Object.fromEntries(Object.entries(route({ id: 'r1' })).filter(([k]) => k !== 'groups'));

ruleTable(rule, {
  valid: [
    { name: 'one distribution group', bundle: { routes: [route({ id: 'r1', groups: ['g-staff'] })] } },
    { name: 'several distribution groups', bundle: { routes: [route({ id: 'r1', groups: ['g-staff', 'g-ops'] })] } },
    { name: 'group that does not exist is unknown-group', bundle: { routes: [route({ id: 'r1', groups: ['g-gone'] })], groups: [] } },
    { name: 'empty peer group id is not this rule', bundle: { routes: [route({ id: 'r1', peer_groups: [''] })] } },
  ],
  invalid: [
    { name: 'empty groups', bundle: { routes: [route({ id: 'r1', groups: [] })] }, errors: [{ messageId: 'none', routeId: 'r1' }] },
    { name: 'groups null', bundle: { routes: [{ ...route({ id: 'r1' }), groups: null }] }, errors: [{ messageId: 'none', routeId: 'r1' }] },
    { name: 'groups missing points at the route', bundle: { routes: [withoutGroups] }, errors: [{ messageId: 'none', routeId: 'r1', line: 3, column: 5 }] },
    { name: 'only an empty id', bundle: { routes: [route({ id: 'r1', groups: [''] })] }, errors: [{ messageId: 'emptyId', routeId: 'r1', data: { position: 1 } }] },
    {
      name: 'an empty id among others, pointing at it',
      bundle: { routes: [route({ id: 'r1', groups: ['g-staff', ''] })] },
      errors: [{ messageId: 'emptyId', routeId: 'r1', data: { position: 2 }, line: 9, column: 9 }],
    },
    {
      name: 'domain routes are checked too',
      bundle: { routes: [route({ id: 'r1', groups: ['g-staff'] }), route({ id: 'r2', domains: ['example.com'], groups: [] })] },
      errors: [{ messageId: 'none', routeId: 'r2' }],
    },
  ],
});

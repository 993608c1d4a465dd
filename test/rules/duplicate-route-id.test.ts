import rule from '../../rules/duplicate-route-id.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

ruleTable(rule, {
  valid: [
    { name: 'distinct ids', bundle: { routes: [route({ id: 'chacdk86lnnboviihd7g' }), route({ id: 'chacdl86lnnboviihd80' })] } },
    { name: 'ids differing only in case are distinct', bundle: { routes: [route({ id: 'r1' }), route({ id: 'R1' })] } },
    { name: 'one route', bundle: { routes: [route({ id: 'r1' })] } },
  ],
  invalid: [
    {
      name: 'two routes with the same id',
      bundle: { routes: [route({ id: 'r1', network: '10.0.0.0/8' }), route({ id: 'r1', network: '10.1.0.0/16' })] },
      errors: [{ messageId: 'duplicateId', routeId: 'r1', relatedRouteIds: ['r1'], data: { id: 'r1', occurrence: 2 }, line: 27, column: 13 }],
    },
    {
      name: 'every occurrence after the first',
      bundle: { routes: [route({ id: 'r1' }), route({ id: 'r2' }), route({ id: 'r1' }), route({ id: 'r1' })] },
      errors: [
        { messageId: 'duplicateId', routeId: 'r1', data: { occurrence: 2 } },
        { messageId: 'duplicateId', routeId: 'r1', data: { occurrence: 3 } },
      ],
    },
    {
      name: 'two pairs',
      bundle: { routes: [route({ id: 'r1' }), route({ id: 'r2' }), route({ id: 'r2' }), route({ id: 'r1' })] },
      errors: [
        { messageId: 'duplicateId', routeId: 'r1', data: { occurrence: 2 } },
        { messageId: 'duplicateId', routeId: 'r2', data: { occurrence: 2 } },
      ],
    },
    {
      name: 'empty ids are duplicates too',
      bundle: { routes: [route({ id: '' }), route({ id: '' })] },
      errors: [{ messageId: 'duplicateId', routeId: '', data: { id: '' } }],
    },
  ],
});

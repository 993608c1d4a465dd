import rule from '../../rules/metric-range.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

ruleTable(rule, {
  valid: [
    { name: 'lowest metric', bundle: { routes: [route({ id: 'r1', metric: 1 })] } },
    { name: 'highest metric', bundle: { routes: [route({ id: 'r1', metric: 9999 })] } },
  ],
  invalid: [
    { name: 'metric 0', bundle: { routes: [route({ id: 'r1', metric: 0 })] }, errors: [{ messageId: 'outOfRange', routeId: 'r1', data: { metric: 0 } }] },
    { name: 'metric 10000', bundle: { routes: [route({ id: 'r1', metric: 10000 })] }, errors: [{ messageId: 'outOfRange', routeId: 'r1', data: { metric: 10000 } }] },
    { name: 'negative metric', bundle: { routes: [route({ id: 'r1', metric: -5 })] }, errors: [{ messageId: 'outOfRange', routeId: 'r1' }] },
    {
      name: 'missing metric points at the route',
      bundle: { routes: [Object.fromEntries(Object.entries(route({ id: 'r1' })).filter(([k]) => k !== 'metric'))] },
      errors: [{ messageId: 'missing', routeId: 'r1', line: 3, column: 5 }],
    },
  ],
});

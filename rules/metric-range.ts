import { defineRule } from '../src/engine/rule.js';

export const MIN_METRIC = 1;
export const MAX_METRIC = 9999;

export default defineRule({
  id: 'metric-range',
  type: 'problem',
  description: 'Route metric outside 1..9999; the management API refuses it (a missing metric counts as 0).',
  severity: 'error',
  messages: {
    missing: 'Route has no metric; NetBird refuses it (metric must be 1..9999)',
    outOfRange: 'Metric {{metric}} is outside 1..9999; NetBird refuses the route',
  },
  explanations: {
    missing:
      'NetBird reads a missing metric as 0, which is outside 1..9999, and refuses the route.',
    outOfRange:
      'NetBird accepts metrics from 1 to 9999 and refuses a route with any other.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      if (!route.present.has('metric')) report({ messageId: 'missing', route });
      else if (route.metric < MIN_METRIC || route.metric > MAX_METRIC) report({ messageId: 'outOfRange', route, field: 'metric', data: { metric: route.metric }, facts: [String(route.metric)] });
    }
  },
});

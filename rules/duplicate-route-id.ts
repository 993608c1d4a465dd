import { defineRule } from '../src/engine/rule.js';
import type { Route } from '../src/model/types.js';

export default defineRule({
  id: 'duplicate-route-id',
  type: 'problem',
  description: 'Two routes with the same id; NetBird gives every route a unique id, so the export was edited by hand or merged from several accounts.',
  severity: 'error',
  messages: {
    duplicateId: 'Route id "{{id}}" is already used by an earlier route (occurrence {{occurrence}}); NetBird keeps one route per id, so this export was edited by hand or merged from several exports',
  },
  check({ model, report }) {
    const seen = new Map<string, { first: Route; count: number }>();
    for (const route of model.routes) {
      const entry = seen.get(route.id);
      if (!entry) {
        seen.set(route.id, { first: route, count: 1 });
        continue;
      }
      entry.count += 1;
      report({ messageId: 'duplicateId', route, field: 'id', related: [entry.first], data: { id: route.id, occurrence: entry.count }, facts: [String(entry.count)] });
    }
  },
});

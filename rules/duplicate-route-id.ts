import { defineRule } from '../src/engine/rule.js';
import type { Route } from '../src/model/types.js';

export default defineRule({
  id: 'duplicate-route-id',
  type: 'problem',
  description: 'Two routes with the same id; NetBird gives every route a unique id, so the export was edited by hand or merged from several accounts.',
  severity: 'error',
  messages: {
    duplicateId: 'Route id "{{id}}" is used again (occurrence {{occurrence}}); NetBird keeps one route per id',
  },
  explanations: {
    duplicateId:
      'NetBird keeps one route per id, so this export was edited by hand or merged from several exports.',
  },
  check({ model, report }) {
    const first = new Map<string, Route>();
    // Occurrences so far, kept only for ids seen twice (the rare case).
    const counts = new Map<string, number>();
    for (const route of model.routes) {
      const earlier = first.get(route.id);
      if (!earlier) {
        first.set(route.id, route);
        continue;
      }
      const count = (counts.get(route.id) ?? 1) + 1;
      counts.set(route.id, count);
      report({ messageId: 'duplicateId', route, field: 'id', related: [earlier], data: { id: route.id, occurrence: count }, facts: [String(count)] });
    }
  },
});

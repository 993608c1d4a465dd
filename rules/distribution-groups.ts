import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'distribution-groups',
  type: 'problem',
  description: 'A route without distribution groups, or with an empty group id among them; the management API refuses it.',
  severity: 'error',
  messages: {
    none: 'The route has no distribution groups; the API refuses it (422)',
    emptyId: 'Distribution group {{position}} is an empty id; the API refuses the route (422)',
  },
  explanations: {
    none:
      'The API refuses a route without distribution groups with 422 (groups must list at least one group), so this export was edited by hand or produced by a tool.',
    emptyId:
      'The API refuses a route whose groups hold an empty id "" with 422, so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      // Routes made from Networks API resources take their groups from policies, not from the API's route checks.
      if (route.networkResource) continue;
      if (route.groups.length === 0) {
        report({ messageId: 'none', route, field: route.present.has('groups') ? 'groups' : undefined, facts: ['none'] });
        continue;
      }
      // A loop, not forEach: no closure per route on an account of 100,000 routes.
      for (let i = 0; i < route.groups.length; i++) {
        if (route.groups[i] === '') report({ messageId: 'emptyId', route, field: ['groups', i], data: { position: i + 1 }, facts: [`groups[${i}]`] });
      }
    }
  },
});

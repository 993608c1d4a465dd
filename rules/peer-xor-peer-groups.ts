import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'peer-xor-peer-groups',
  type: 'problem',
  description: 'A route with both a routing peer and peer groups; the management API refuses it.',
  severity: 'error',
  messages: {
    both: 'The route names both routing peer {{peer}} and peer groups; the API refuses it (422)',
  },
  explanations: {
    both:
      'Its peer groups are {{peerGroups}}. The API answers 422 ("only one of \'peer\' or \'peer_groups\' should be provided"), so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      if (route.peer === '' || route.peerGroups.length === 0) continue;
      report({
        messageId: 'both',
        route,
        field: 'peer',
        data: { peer: model.peerName(route.peer), peerGroups: route.peerGroups.map((g) => model.groupName(g)).join(', ') },
        facts: [route.peer],
      });
    }
  },
});

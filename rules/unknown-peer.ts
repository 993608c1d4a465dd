import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'unknown-peer',
  type: 'problem',
  description: 'A route whose routing peer is not in the account; the management API refuses it.',
  severity: 'error',
  requires: ['peers'],
  messages: {
    unknownPeer: 'Routing peer "{{peer}}" is not in the peers export; the API refuses such a route with 422 ("peer not found"), so the exports do not match (different times or accounts) or were edited by hand, and no peer serves this route',
  },
  check({ model, report }) {
    const peers = model.peers!;
    for (const route of model.routes) {
      if (route.peer !== '' && !peers.has(route.peer)) report({ messageId: 'unknownPeer', route, field: 'peer', data: { peer: route.peer }, facts: [route.peer] });
    }
  },
});

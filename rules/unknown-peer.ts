import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'unknown-peer',
  type: 'problem',
  description: 'A route whose routing peer is not in the account; the management API refuses it.',
  severity: 'error',
  requires: ['peers'],
  messages: {
    unknownPeer: 'Routing peer "{{peer}}" is not in the peers export, so no peer serves this route',
  },
  explanations: {
    unknownPeer:
      'The API refuses such a route with 422 ("peer not found"), so the exports do not match (taken at different times or from different accounts) or were edited by hand.',
  },
  check({ model, report }) {
    const peers = model.peers!;
    for (const route of model.routes) {
      if (route.peer !== '' && !peers.has(route.peer)) report({ messageId: 'unknownPeer', route, field: 'peer', data: { peer: route.peer }, facts: [route.peer] });
    }
  },
});

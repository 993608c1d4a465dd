import { defineRule } from '../src/engine/rule.js';
import { parsePrefix } from '../src/net/prefix.js';

export default defineRule({
  id: 'invalid-prefix',
  type: 'problem',
  description: 'A network route whose network is not a prefix (bad address, bad or missing length); the management API refuses it.',
  severity: 'error',
  messages: {
    notAPrefix: 'network "{{network}}" is not a prefix: {{reason}}',
  },
  explanations: {
    notAPrefix:
      'The API refuses the route with 422 ("invalid network"), so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      // The model parsed every network already: only the ones that failed need their reason.
      if ((route.kind !== 'network' && route.kind !== 'both') || route.network !== null) continue;
      const parsed = parsePrefix(route.networkText);
      if (parsed.ok) continue;
      report({ messageId: 'notAPrefix', route, field: 'network', data: { network: route.networkText, reason: parsed.reason }, facts: [route.networkText] });
    }
  },
});

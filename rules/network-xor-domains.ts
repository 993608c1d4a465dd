import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'network-xor-domains',
  type: 'problem',
  description: 'A route with both a network and domains, or with neither; the management API refuses it.',
  severity: 'error',
  messages: {
    both: 'The route has both a network ({{network}}) and domains; the API refuses it (422)',
    neither: 'The route has neither a network nor domains; the API refuses it (422)',
  },
  explanations: {
    both:
      'Its domains are {{domains}}. The API answers 422 ("only one of \'network\' or \'domains\' should be provided"), so this export was edited by hand or produced by a tool.',
    neither:
      'The API answers 422 ("either \'network\' or \'domains\' should be provided"), so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      if (route.kind === 'both') {
        report({ messageId: 'both', route, field: 'network', data: { network: route.networkText, domains: (route.domains ?? []).join(', ') }, facts: ['both'] });
      } else if (route.kind === 'none') {
        report({ messageId: 'neither', route, facts: ['neither'] });
      }
    }
  },
});

import { defineRule } from '../src/engine/rule.js';
import { checkDomain, MAX_ROUTE_DOMAINS } from '../src/net/domain.js';

export default defineRule({
  id: 'invalid-domains',
  type: 'problem',
  description: 'A domain route with more than 32 domains, or a domain that is not a DNS name (after punycode conversion) or has a misplaced wildcard; the management API refuses it.',
  severity: 'error',
  messages: {
    tooMany: 'The route has {{count}} domains, more than 32; the API refuses it (422)',
    invalidDomain: 'Domain "{{domain}}" is not a valid DNS name: {{reason}}',
    notPunycode: 'Domain "{{domain}}" cannot be converted to punycode: {{reason}}',
    badWildcard: 'Domain "{{domain}}" has a wildcard other than one leading "*." label',
  },
  explanations: {
    tooMany:
      'The API answers 422 ("domains list exceeds maximum allowed domains"), so this export was edited by hand or produced by a tool.',
    invalidDomain:
      'The API refuses the route with 422 ("invalid domain format"), so this export was edited by hand or produced by a tool.',
    notPunycode:
      'The API refuses the route with 422, so this export was edited by hand or produced by a tool.',
    badWildcard:
      'NetBird only accepts wildcards like *.example.com and refuses the route with 422, so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      const domains = route.domains;
      if (!domains || domains.length === 0) continue;
      if (domains.length > MAX_ROUTE_DOMAINS) report({ messageId: 'tooMany', route, field: 'domains', data: { count: domains.length }, facts: [String(domains.length)] });
      domains.forEach((domain, i) => {
        const result = checkDomain(domain);
        if (result.ok) return;
        const messageId = result.problem === 'wildcard' ? 'badWildcard' : result.problem === 'punycode' ? 'notPunycode' : 'invalidDomain';
        report({ messageId, route, field: ['domains', i], data: { domain, reason: result.reason }, facts: [domain] });
      });
    }
  },
});

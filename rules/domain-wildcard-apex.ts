import { defineRule } from '../src/engine/rule.js';

const WILDCARD_PREFIX = '*.';

export default defineRule({
  id: 'domain-wildcard-apex',
  type: 'suggestion',
  description: 'A wildcard domain (*.example.com) without its apex (example.com) in the same route: clients do not route the apex, while the routing peer\'s DNS forwarder does match it.',
  severity: 'warn',
  messages: {
    apexMissing: '{{apex}} is not routed: {{wildcard}} matches only its subdomains',
  },
  explanations: {
    apexMissing:
      '{{wildcard}} matches every subdomain of {{apex}} but not {{apex}} itself, so clients do not route {{apex}}, while the routing peer\'s DNS forwarder does answer for it. Add {{apex}} to the domains if it should be routed too.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      if (route.kind !== 'domain' || !route.domains) continue;
      const listed = new Set(route.domains.map((d) => d.toLowerCase()));
      route.domains.forEach((domain, i) => {
        if (!domain.startsWith(WILDCARD_PREFIX)) return;
        const apex = domain.slice(WILDCARD_PREFIX.length);
        if (apex === '' || listed.has(apex.toLowerCase())) return;
        report({ messageId: 'apexMissing', route, field: ['domains', i], data: { wildcard: domain, apex }, facts: [domain.toLowerCase()] });
      });
    }
  },
});

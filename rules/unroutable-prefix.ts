import { defineRule } from '../src/engine/rule.js';
import { clientRefusal, overlayOf, skippedWithoutCustomRouting } from '../src/model/overlay.js';

export default defineRule({
  id: 'unroutable-prefix',
  type: 'problem',
  description: 'A loopback, link-local, multicast or unspecified prefix that every client refuses, or a /1 to /7 prefix that clients running with custom routing disabled skip.',
  severity: 'error',
  messages: {
    refused: '{{prefix}} has a {{addressClass}} network address: clients refuse to install it',
    unspecified: '{{prefix}} starts at the unspecified address but is no /0: clients refuse to install it',
    netstackSkipped: '{{prefix}} is shorter than /8: clients with custom routing disabled skip it',
  },
  explanations: {
    refused:
      'Every NetBird client refuses to install such a route (and logs an error), so the route carries no traffic.',
    unspecified:
      'Every NetBird client refuses to install a route that starts at the unspecified address unless it is the /0 default route (and logs an error), so the route carries no traffic.',
    netstackSkipped:
      'Clients that run with custom routing disabled (NB_DISABLE_CUSTOM_ROUTING, outside netstack mode) skip prefixes shorter than /8, so on them the route carries no traffic.',
  },
  check({ model, report }) {
    const overlay = overlayOf(model);
    for (const route of model.routes) {
      const prefix = route.network;
      if (route.kind !== 'network' || !prefix) continue;
      const refusal = clientRefusal(prefix, overlay);
      // A prefix inside the overlay network is overlay-overlap's finding.
      if (refusal === 'overlay') continue;
      if (refusal === 'unspecified') {
        report({ messageId: 'unspecified', route, field: 'network', data: { prefix: prefix.text }, facts: [prefix.text] });
      } else if (refusal !== null) {
        report({ messageId: 'refused', route, field: 'network', data: { prefix: prefix.text, addressClass: refusal }, facts: [prefix.text] });
      } else if (prefix.bits >= 1 && skippedWithoutCustomRouting(prefix)) {
        report({ messageId: 'netstackSkipped', route, field: 'network', data: { prefix: prefix.text }, facts: [prefix.text] });
      }
    }
  },
});

import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'prefix-host-bits',
  type: 'problem',
  description: 'A network prefix with host bits set (10.1.2.3/16); NetBird silently stores the masked prefix instead.',
  severity: 'warn',
  messages: {
    hostBitsSet: 'network "{{network}}" has host bits set; NetBird stores it as {{stored}}',
  },
  explanations: {
    hostBitsSet:
      'NetBird silently clears the host bits, so the route covers {{stored}}, which may not be the range you meant.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      if (!route.network || !route.networkHadHostBits) continue;
      report({ messageId: 'hostBitsSet', route, field: 'network', data: { network: route.networkText, stored: route.network.text }, facts: [route.networkText] });
    }
  },
});

import { defineRule } from '../src/engine/rule.js';
import { containsPrefix } from '../src/net/prefix.js';
import { clientRefusal, overlayOf } from '../src/model/overlay.js';

export default defineRule({
  id: 'overlay-overlap',
  type: 'problem',
  description: "A prefix that starts inside the account's overlay network (every client refuses it) or covers the overlay network.",
  severity: 'error',
  requires: ['peers'],
  messages: {
    insideOverlay: '{{prefix}} starts inside the overlay network {{overlay}}: clients refuse to install it',
    coversOverlay: '{{prefix}} covers the overlay network {{overlay}}: stray overlay traffic goes to this route',
  },
  explanations: {
    insideOverlay:
      'Every NetBird client refuses to install a route that starts inside the account\'s overlay network (and logs an error), so the route carries no traffic.',
    coversOverlay:
      'Clients install it, so overlay addresses they have no peer connection for are sent to this route\'s routing peer instead of being dropped.',
  },
  check({ model, report }) {
    const overlay = overlayOf(model);
    for (const route of model.routes) {
      const prefix = route.network;
      if (route.kind !== 'network' || !prefix) continue;
      const own = prefix.family === 4 ? overlay.v4 : overlay.v6;
      if (!own) continue;
      const refusal = clientRefusal(prefix, overlay);
      const data = { prefix: prefix.text, overlay: own.text };
      if (refusal === 'overlay') {
        report({ messageId: 'insideOverlay', route, field: 'network', data, facts: [prefix.text] });
      } else if (refusal === null && prefix.bits > 0 && containsPrefix(prefix, own)) {
        // A default route covers everything by design; a prefix refused for another reason is unroutable-prefix's.
        report({ messageId: 'coversOverlay', route, field: 'network', data, facts: [prefix.text] });
      }
    }
  },
});

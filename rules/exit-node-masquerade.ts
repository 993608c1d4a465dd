import { defineRule } from '../src/engine/rule.js';
import { isDefaultRoute } from '../src/net/prefix.js';
import { peersNotAlwaysMasquerading } from '../src/model/peerOs.js';
import type { Model, Route } from '../src/model/types.js';

/**
 * Routing peers that route in userspace translate whatever the flag says, so masquerade off is
 * harmless only when every routing peer is known to be one of them. A route with no routing peer,
 * or whose peers cannot be listed, gets no such benefit of the doubt.
 */
function translatedAnyway(model: Model, route: Route): boolean {
  if (!model.peers) return false;
  const peers = model.routingPeersOf(route);
  return peers !== null && peers.length > 0 && peersNotAlwaysMasquerading(model, peers).length === 0;
}

export default defineRule({
  id: 'exit-node-masquerade',
  type: 'problem',
  description: 'An exit node (0.0.0.0/0 or ::/0) with masquerade off: internet hosts cannot route replies back to overlay addresses.',
  severity: 'error',
  messages: {
    masqueradeOff: 'Exit node {{networkId}} has masquerade off: internet hosts cannot reply to overlay addresses',
  },
  explanations: {
    masqueradeOff:
      'A Linux routing peer forwards client traffic to the internet ({{network}}) with the clients\' overlay source addresses, which internet hosts cannot route back to, so replies are lost. Turn masquerade on.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      if (route.kind !== 'network' || !route.network || !isDefaultRoute(route.network) || route.masquerade) continue;
      if (translatedAnyway(model, route)) continue;
      report({ messageId: 'masqueradeOff', route, field: 'masquerade', data: { networkId: route.networkId, network: route.network.text }, facts: [route.network.text] });
    }
  },
});

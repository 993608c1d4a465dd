import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { summarizePeers, targetOfSet } from '../src/model/describe.js';

export default defineRule({
  id: 'routing-peer-awaiting-approval',
  type: 'problem',
  description: 'A routing peer of an enabled route that still awaits approval (approval_required): it is in no network map, so no client is offered it; says whether its HA set has any routing peer left.',
  severity: 'warn',
  requires: ['peers'],
  messages: {
    awaitingApproval: 'Routing peer {{peer}} awaits approval, so it is not offered for {{networkId}}',
    awaitingApprovalNoneLeft: 'Routing peer {{peer}} awaits approval, and no other peer of {{networkId}} is offered',
    severalAwaitingApproval: '{{count}} routing peers of {{networkId}} await approval: {{available}} of {{total}} offered',
    severalAwaitingApprovalNoneLeft: '{{count}} routing peers of {{networkId}} await approval, and no other peer is offered',
  },
  explanations: {
    awaitingApproval:
      'NetBird leaves a peer awaiting approval out of every network map until an administrator approves it. This HA set still has {{available}} of {{total}} routing peers clients are offered.',
    awaitingApprovalNoneLeft:
      'NetBird leaves a peer awaiting approval out of every network map until an administrator approves it, and no other routing peer of this HA set is offered, so no client receives {{target}}.',
    severalAwaitingApproval:
      'They are {{peers}}. NetBird leaves a peer awaiting approval out of every network map until an administrator approves it; clients are offered the other routing peers of this HA set.',
    severalAwaitingApprovalNoneLeft:
      'They are {{peers}}. NetBird leaves a peer awaiting approval out of every network map until an administrator approves it, and no other routing peer of this HA set is offered, so no client receives {{target}}.',
  },
  check({ model, report }) {
    const peers = model.peers!;
    let any = false;
    for (const peer of peers.values()) if (peer.approvalRequired) any = true;
    if (!any) return;
    for (const set of model.haSets) {
      // Known routing peers of the set's enabled routes; those outside the peers export are unknown-peer's finding.
      const servers = routingPeersOfRoutes(model, set.routes, { enabledOnly: true, knownOnly: true });
      let waiting = 0;
      let available = 0;
      for (const p of servers) {
        const peer = peers.get(p)!;
        if (peer.approvalRequired) waiting++;
        // A peer whose login expired is left out as well (routing-peer-unavailable says so).
        else if (!peer.loginExpired) available++;
      }
      if (waiting === 0) continue;
      // One finding per route, however many of its peers wait.
      for (const route of set.routes) {
        if (!route.enabled) continue;
        const waitingHere = new Set((model.routingPeersOf(route) ?? []).filter((p) => peers.get(p)?.approvalRequired));
        if (waitingHere.size === 0) continue;
        const common = { networkId: set.networkId, target: targetOfSet(set), available, total: servers.size };
        if (waitingHere.size === 1) {
          const p = waitingHere.values().next().value!;
          report({
            messageId: available === 0 ? 'awaitingApprovalNoneLeft' : 'awaitingApproval',
            route,
            field: route.peer === p ? 'peer' : 'peer_groups',
            data: { peer: model.peerName(p), ...common },
            facts: [p],
          });
          continue;
        }
        const summary = summarizePeers(model, waitingHere);
        report({
          messageId: available === 0 ? 'severalAwaitingApprovalNoneLeft' : 'severalAwaitingApproval',
          route,
          field: route.peer !== '' && waitingHere.has(route.peer) ? 'peer' : 'peer_groups',
          data: { count: summary.count, peers: summary.names, ...common },
          facts: summary.ids,
        });
      }
    }
  },
});

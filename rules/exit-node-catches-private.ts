import { defineRule } from '../src/engine/rule.js';
import { targetOfSet } from '../src/model/describe.js';
import { reachOf, RecipientIndex } from '../src/model/reach.js';
import { compareHaSets, livePrefixNodes, routingPeersOfRoutes, type LiveSet, type PrefixNode } from '../src/model/sets.js';
import { containsPrefix, isPrivatePrefix } from '../src/net/prefix.js';
import type { Model, Route } from '../src/model/types.js';

/** Distinct routing peers of a live set's routes (known ones, when peers are exported). */
function serversOf(model: Model, live: LiveSet): Set<string> {
  return routingPeersOfRoutes(model, live.routes, { knownOnly: model.peers !== null });
}

/** Could a client use one of the set's routing peers (connected, login valid, approved)? Without peers, assumed so. */
function anyPeerAvailable(model: Model, live: LiveSet): boolean {
  const peers = model.peers;
  if (!peers) return true;
  // No Set per set: most private sets have an available peer, and this runs for every one of them.
  for (const route of live.routes) {
    for (const p of model.routingPeersOf(route) ?? []) {
      const peer = peers.get(p);
      if (peer && peer.connected && !peer.loginExpired && !peer.approvalRequired) return true;
    }
  }
  return false;
}

type MessageId = 'singlePeer' | 'noPeerAvailable';

interface Options {
  /** Also report sets with a single routing peer, one failure away from the fallback (off by default: it is most single-gateway networks). */
  readonly singlePeer: boolean;
}

export default defineRule<MessageId, Options>({
  id: 'exit-node-catches-private',
  type: 'problem',
  description: 'A private (RFC 1918 or ULA) network with no routing peer available (optionally: a single one) while an auto-applied exit node reaches the same clients: its traffic then leaves through the exit node.',
  severity: 'warn',
  schema: {
    type: 'object',
    properties: {
      singlePeer: { type: 'boolean', description: 'Also report private networks served by a single routing peer, which fall back to the exit node whenever that peer is down.' },
    },
    additionalProperties: false,
  },
  defaultOptions: { singlePeer: false },
  messages: {
    singlePeer: 'When {{peer}} is down, traffic to {{target}} leaves through exit node {{exitNode}}',
    noPeerAvailable: 'No routing peer of {{networkId}} is up: its traffic leaves through exit node {{exitNode}}',
  },
  explanations: {
    singlePeer:
      'Private network {{target}} ({{networkId}}) has a single routing peer, {{peer}}, and exit node {{exitNode}} is applied to the same clients: whenever {{peer}} is unavailable, their traffic to {{target}} falls back to the exit node and leaves through it instead of failing.',
    noPeerAvailable:
      'None of the {{total}} routing peers of private network {{target}} ({{networkId}}) was available at export (offline, login expired or awaiting approval), and exit node {{exitNode}} is applied to the same clients: their traffic to {{target}} falls back to the exit node and leaves through it.',
  },
  check({ model, options, report }) {
    const nodes = livePrefixNodes(model);
    // Exit nodes a client applies without being asked: at least one enabled route without skip_auto_apply.
    const exits: { live: LiveSet; servers: ReadonlySet<string> }[] = [];
    for (const node of nodes) {
      if (node.prefix.bits !== 0) continue;
      for (const live of node.sets) if (live.routes.some((r) => !r.skipAutoApply)) exits.push({ live, servers: serversOf(model, live) });
    }
    if (exits.length === 0) return;
    exits.sort((a, b) => compareHaSets(a.live.set, b.live.set));
    const reach = reachOf(model);
    // Routes with the same distribution reach the same clients: one route per audience of each exit
    // set is enough to ask (an exit HA set of a thousand routes is usually a handful of audiences).
    // Per exit set, its distribution indexed once, and the answer per audience asking: an exit set
    // of a thousand routes is not compared route by route with every private network.
    const exitReach = exits.map(({ live }) => {
      const index = new RecipientIndex<true>(reach);
      index.add(live.routes, true);
      const byAudience = new Map<number, boolean>();
      return (route: Route): boolean => {
        const id = reach.audienceOf(route).id;
        let answer = byAudience.get(id);
        if (answer === undefined) byAudience.set(id, (answer = index.first(route) !== undefined));
        return answer;
      };
    });
    const peers = model.peers;

    // Sweep in containment order with a stack of open ancestors: a private prefix inside another
    // routed (non-exit) prefix falls back to that one first, not to the exit node (§5).
    const open: PrefixNode[] = [];
    for (const node of nodes) {
      while (open.length > 0 && !containsPrefix(open[open.length - 1]!.prefix, node.prefix)) open.pop();
      const covered = open.some((n) => n.prefix.bits > 0);
      open.push(node);
      if (covered || node.prefix.bits === 0 || !isPrivatePrefix(node.prefix)) continue;
      for (const live of node.sets) {
        if (!options.singlePeer && anyPeerAvailable(model, live)) continue;
        const servers = serversOf(model, live);
        // A set nobody serves is ha-group-empty's or unknown-peer's finding.
        if (servers.size === 0) continue;
        const available = peers ? [...servers].filter((p) => { const peer = peers.get(p)!; return peer.connected && !peer.loginExpired && !peer.approvalRequired; }).length : servers.size;
        const messageId: MessageId | null = available === 0 ? 'noPeerAvailable' : options.singlePeer && servers.size === 1 ? 'singlePeer' : null;
        if (messageId === null) continue;
        // The first exit node (in NetBird's order) that reaches a client of this set, served by a peer
        // other than this set's (a peer that is down takes its exit node down too).
        const found = exits.find(({ live: e, servers: exitServers }, i) => {
          if (node.prefix.family === 4 && e.set.network?.family !== 4) return false;
          if (exitServers.size <= servers.size && [...exitServers].every((p) => servers.has(p))) return false;
          return live.routes.some((r) => exitReach[i]!(r));
        });
        if (!found) continue;
        const exit = found.live;
        const [only] = servers;
        report({
          messageId,
          route: live.routes[0]!,
          field: 'network',
          data: { networkId: live.set.networkId, target: targetOfSet(live.set), exitNode: exit.set.networkId, total: servers.size, ...(messageId === 'singlePeer' ? { peer: model.peerName(only!) } : {}) },
          facts: [exit.set.key],
        });
      }
    }
  },
});

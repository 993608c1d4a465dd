import { defineRule } from '../src/engine/rule.js';
import { summarizePeers, targetOfSet, type PeerSummary } from '../src/model/describe.js';
import { FindingLimit } from '../src/engine/limit.js';
import { membershipsOf } from '../src/model/reach.js';
import type { Model, Peer, Route } from '../src/model/types.js';

type Reason = 'loginExpired' | 'notConnected';

/**
 * Why clients cannot use a routing peer, most lasting cause first; null when they can. A peer with
 * disable_server_routes or block_inbound is still offered and picked (§3): routing-peer-not-forwarding's finding.
 */
function unavailability(peer: Peer): Reason | null {
  if (peer.loginExpired) return 'loginExpired';
  if (!peer.connected) return 'notConnected';
  return null;
}

/**
 * Does a route's routing-peer list hold a known peer that is unavailable? The yes or no that is all
 * a finding needs once findings are only counted, per list (routes share them), and for peer
 * groups by number: each peer is looked up once however many groups hold it (a group of every
 * peer and the groups it overlaps would otherwise look up the same ids list after list).
 */
class DownLists {
  private readonly byList = new Map<readonly string[], boolean>();
  private readonly byGroup = new Map<string, boolean>();
  /** Per peer number of the memberships: 0 not looked up, 1 down, 2 available or not in the peers export. */
  private readonly state: Uint8Array;

  constructor(
    private readonly model: Model,
    private readonly peers: ReadonlyMap<string, Peer>,
  ) {
    this.state = new Uint8Array(membershipsOf(model).peerIds.length);
  }

  private isDown(id: string): boolean {
    const peer = this.peers.get(id);
    return peer !== undefined && unavailability(peer) !== null;
  }

  private groupDown(groupId: string): boolean {
    let known = this.byGroup.get(groupId);
    if (known !== undefined) return known;
    const m = membershipsOf(this.model);
    const g = m.groupNumbers.get(groupId);
    known = false;
    if (g === undefined) {
      // A group the memberships do not number (membersOf still knows its members): by id.
      for (const p of this.model.membersOf(groupId)) if (this.isDown(p)) known = true;
    } else {
      const { state } = this;
      for (const n of m.membersByGroup[g]!) {
        if (state[n] === 0) state[n] = this.isDown(m.peerIds[n]!) ? 1 : 2;
        if (state[n] === 1) {
          known = true;
          break;
        }
      }
    }
    this.byGroup.set(groupId, known);
    return known;
  }

  has(route: Route): boolean {
    const list = this.model.routingPeersOf(route);
    if (!list) return false;
    let known = this.byList.get(list);
    if (known !== undefined) return known;
    // A route's list is its plain peer when it names one, else its peer groups' members (routingPeersOf).
    if (route.peer !== '' || route.peerGroups.length === 0) known = list.some((p) => this.isDown(p));
    else known = route.peerGroups.some((g) => this.groupDown(g));
    this.byList.set(list, known);
    return known;
  }
}

interface ListState {
  readonly known: number;
  readonly available: number;
  readonly down: ReadonlyMap<string, Reason> | null;
}

export default defineRule({
  id: 'routing-peer-unavailable',
  type: 'problem',
  description: 'A routing peer whose login expired or that was not connected at export time; says whether its HA set has any peer left.',
  severity: 'warn',
  requires: ['peers'],
  messages: {
    loginExpired: 'Routing peer {{peer}}\'s login has expired, so it does not carry {{networkId}}',
    loginExpiredNoneLeft: 'Routing peer {{peer}}\'s login has expired, and no peer of {{networkId}} is left',
    notConnected: 'Routing peer {{peer}} was offline at export, so clients cannot use it for {{networkId}}',
    notConnectedNoneLeft: 'Routing peer {{peer}} was offline at export, and no peer of {{networkId}} is left',
    severalUnavailable: '{{count}} routing peers of {{networkId}} are unavailable: {{available}} of {{total}} left',
    severalUnavailableNoneLeft: '{{count}} routing peers of {{networkId}} are unavailable, and none is left',
  },
  explanations: {
    loginExpired:
      'NetBird leaves it out of the network until it logs in again. This HA set still has {{available}} of {{total}} routing peers available.',
    loginExpiredNoneLeft:
      'NetBird leaves it out of the network until it logs in again, and no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go.',
    notConnected:
      'While it is offline, clients cannot use it. This HA set still has {{available}} of {{total}} routing peers available.',
    notConnectedNoneLeft:
      'While it is offline, clients cannot use it, and no routing peer of this HA set is available, so traffic to {{target}} has nowhere to go.',
    severalUnavailable:
      'Unavailable at export: {{peers}} ({{expired}} with an expired login, which NetBird leaves out of the network until they log in again, and {{offline}} offline). Clients fail over to the routing peers left.',
    severalUnavailableNoneLeft:
      'Unavailable at export: {{peers}} ({{expired}} with an expired login, which NetBird leaves out of the network until they log in again, and {{offline}} offline). No routing peer of this HA set is available, so traffic to {{target}} has nowhere to go.',
  },
  check({ model, report, leftOut: ask }) {
    const peers = model.peers!;
    const limit = new FindingLimit(model, ask);
    const { leftOut } = limit;
    let downLists: DownLists | null = null;
    const lists = new Map<readonly string[], ListState>();
    const summaries = new Map<ReadonlyMap<string, Reason>, PeerSummary>();
    /** The known, available and unavailable peers of one routing-peer list (distinct ids), computed once per list. */
    const listState = (list: readonly string[]): ListState => {
      let state = lists.get(list);
      if (!state) {
        let known = 0;
        let availableHere = 0;
        let down: Map<string, Reason> | null = null;
        for (const p of list) {
          const peer = peers.get(p);
          if (peer === undefined) continue;
          known++;
          const reason = unavailability(peer);
          if (reason === null) availableHere++;
          else (down ??= new Map()).set(p, reason);
        }
        lists.set(list, (state = { known, available: availableHere, down }));
      }
      return state;
    };
    for (const set of model.haSets) {
      // Once every finding left is only counted: a finding per enabled route with an unavailable peer.
      if (limit.onlyCounting) {
        downLists ??= new DownLists(model, peers);
        for (const route of set.routes) if (route.enabled && downLists.has(route)) leftOut(route);
        continue;
      }
      // Most sets are one route to one peer: nothing to say while that peer is available (or unknown, or the route disabled).
      const only = set.routes.length === 1 ? set.routes[0]! : null;
      if (only && only.peer !== '') {
        const peer = only.enabled ? peers.get(only.peer) : undefined;
        if (peer === undefined || unavailability(peer) === null) continue;
      }
      // One pass over the set's enabled routes: the known routing peers of the set, and each
      // route's unavailable ones (those outside the peers export are unknown-peer's finding).
      // Routes share their routing-peer lists (model.routingPeersOf): a list is read once.
      let servers: ReadonlySet<string> | number;
      let available: number;
      const downByRoute: { route: (typeof set.routes)[number]; down: ReadonlyMap<string, Reason> }[] = [];
      if (set.routes.length === 1) {
        const route = set.routes[0]!;
        if (!route.enabled) continue;
        const list = listState(model.routingPeersOf(route) ?? []);
        servers = list.known;
        available = list.available;
        if (list.down) downByRoute.push({ route, down: list.down });
      } else {
        const known = new Set<string>();
        // Routes of one peer group share a list: each list is walked once per set.
        const walked = new Set<readonly string[]>();
        available = 0;
        for (const route of set.routes) {
          if (!route.enabled) continue;
          const peersOfRoute = model.routingPeersOf(route) ?? [];
          if (walked.has(peersOfRoute)) {
            const down = listState(peersOfRoute).down;
            if (down) downByRoute.push({ route, down });
            continue;
          }
          walked.add(peersOfRoute);
          for (const p of peersOfRoute) {
            const peer = peers.get(p);
            if (peer === undefined || known.has(p)) continue;
            known.add(p);
            if (unavailability(peer) === null) available++;
          }
          const down = listState(peersOfRoute).down;
          if (down) downByRoute.push({ route, down });
        }
        servers = known;
      }
      const total = typeof servers === 'number' ? servers : servers.size;
      // One finding per route, however many of its peers are down: a peer group of thousands must not repeat itself.
      for (const { route, down } of downByRoute) {
        if (leftOut(route)) continue;
        const common = { networkId: set.networkId, target: targetOfSet(set), available, total };
        if (down.size === 1) {
          const [p, reason] = [...down][0]!;
          report({
            messageId: available === 0 ? `${reason}NoneLeft` : reason,
            route,
            field: route.peer === p ? 'peer' : 'peer_groups',
            data: { peer: model.peerName(p), ...common },
            facts: [p],
          });
          continue;
        }
        let summary = summaries.get(down);
        if (!summary) summaries.set(down, (summary = summarizePeers(model, down.keys())));
        let expired = 0;
        for (const reason of down.values()) if (reason === 'loginExpired') expired++;
        report({
          messageId: available === 0 ? 'severalUnavailableNoneLeft' : 'severalUnavailable',
          route,
          field: route.peer !== '' && down.has(route.peer) ? 'peer' : 'peer_groups',
          data: { count: summary.count, peers: summary.names, expired, offline: summary.count - expired, ...common },
          facts: summary.ids,
        });
      }
    }
  },
});

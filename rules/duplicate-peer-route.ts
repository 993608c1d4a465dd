import { defineRule } from '../src/engine/rule.js';
import { targetOf } from '../src/model/describe.js';
import { domainListKey } from '../src/net/domain.js';
import type { Model, Route } from '../src/model/types.js';
import { compareStrings } from '../src/order.js';

// Why two routes to the same network collide, strongest first. NetBird's own check (run when a
// route is saved) finds the first two; the last it misses because it records plain routing peers
// under the route's id instead of the peer's.
type Reason = 'samePeerGroup' | 'samePeer' | 'samePeerTwice';
const REASONS: readonly Reason[] = ['samePeerGroup', 'samePeer', 'samePeerTwice'];

/** Which exact network a route serves, as the server compares them; null when it serves none it could check. */
function networkKey(route: Route): string | null {
  if (route.kind === 'network' && route.network) return `prefix ${route.network.text}`;
  if (route.kind === 'domain' && route.domains) return `domains ${domainListKey(route.domains)}`;
  return null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The earlier routes one route collides with, and through which peers or groups, per reason. */
class Collisions {
  private readonly found = new Map<Route, Map<Reason, Set<string>>>();

  /** Records that the current route collides with each of `earlier` through `culprit` (a peer id or a group id). */
  add(reason: Reason, culprit: string, earlier: readonly Route[] | undefined): void {
    for (const other of earlier ?? []) {
      let reasons = this.found.get(other);
      if (!reasons) this.found.set(other, (reasons = new Map()));
      let culprits = reasons.get(reason);
      if (!culprits) reasons.set(reason, (culprits = new Set()));
      culprits.add(culprit);
    }
  }

  /** Each earlier route under its strongest reason, with the culprits of that reason. */
  byReason(): Map<Reason, { routes: Route[]; culprits: Set<string> }> {
    const out = new Map<Reason, { routes: Route[]; culprits: Set<string> }>();
    for (const [route, reasons] of this.found) {
      const reason = REASONS.find((r) => reasons.has(r))!;
      let entry = out.get(reason);
      if (!entry) out.set(reason, (entry = { routes: [], culprits: new Set() }));
      entry.routes.push(route);
      for (const culprit of reasons.get(reason)!) entry.culprits.add(culprit);
    }
    return out;
  }
}

/** The routes before the current one in a bucket of routes to the same network, indexed for lookups. */
class EarlierRoutes {
  readonly byPlainPeer = new Map<string, Route[]>();
  readonly byPeerGroup = new Map<string, Route[]>();
  readonly byGroupMember = new Map<string, Route[]>();

  add(route: Route, members: ReadonlySet<string> | null): void {
    if (route.peer !== '') push(this.byPlainPeer, route.peer, route);
    for (const g of new Set(route.peerGroups)) push(this.byPeerGroup, g, route);
    for (const p of members ?? []) push(this.byGroupMember, p, route);
  }
}

/** Peers of a route's peer groups (a peer in two of them counts once); null when groups cannot be expanded. */
function peerGroupMembers(model: Model, route: Route, expandable: boolean): ReadonlySet<string> | null {
  if (!expandable || route.peerGroups.length === 0) return null;
  const out = new Set<string>();
  for (const g of route.peerGroups) for (const p of model.membersOf(g)) out.add(p);
  return out;
}

/**
 * Does any route of the bucket share a routing peer (plain or through peer groups) or a peer group
 * with an earlier one? Every collision needs one; most buckets (one network, routed by distinct
 * peers under several network_ids or in several tenants) have none and need no closer look.
 */
function sharesPeerOrGroup(model: Model, routes: readonly Route[], expandable: boolean): boolean {
  const peers = new Set<string>();
  const groups = new Set<string>();
  for (const route of routes) {
    // Most routes name one peer and no group: a set of their own is not needed.
    if (route.peerGroups.length === 0) {
      if (route.peer === '') continue;
      if (peers.has(route.peer)) return true;
      peers.add(route.peer);
      continue;
    }
    const own = new Set<string>();
    if (route.peer !== '') own.add(route.peer);
    for (const g of route.peerGroups) {
      if (groups.has(g)) return true;
      if (expandable) for (const p of model.membersOf(g)) own.add(p);
    }
    for (const p of own) if (peers.has(p)) return true;
    for (const p of own) peers.add(p);
    for (const g of route.peerGroups) groups.add(g);
  }
  return false;
}

export default defineRule({
  id: 'duplicate-peer-route',
  type: 'problem',
  description: 'A routing peer serves the exact same prefix (or the same ordered domain list) through two routes; the management API refuses the second with 409, or, for two plain peer routes, misses it.',
  severity: 'error',
  messages: {
    samePeerGroup: 'Peer group {{group}} already serves {{network}} by another route; the API refuses this (409)',
    samePeer: 'Routing peer {{peer}} already serves {{network}} by another route; the API refuses this (409)',
    samePeerTwice: 'Routing peer {{peer}} serves {{network}} twice, through this route and another',
  },
  explanations: {
    samePeerGroup:
      'The API refuses a second route for the same network through the same peer group with 409 ("peer group already has this route"), even across network_ids and for disabled routes, so this export was edited by hand or produced by a tool.',
    samePeer:
      'One of the two routes reaches {{peer}} through a peer group. The API refuses this with 409 ("peer already has this route") on save, even across network_ids and for disabled routes, and the peer serves one network twice.',
    samePeerTwice:
      'The API misses this duplicate (its check only sees peers reached through peer groups), so the peer serves one network twice: as two HA sets if the network_ids differ, which clients resolve in no fixed order, or as a redundant entry in one HA set.',
  },
  check({ model, report, note, leftOut }) {
    // Members come from the groups' own lists or from the peers' group lists: either section expands them.
    const expandable = model.groups !== null || model.peers !== null;
    // Routes by exact network: prefixes by their canonical text, domain lists apart (their key is built only for domain routes).
    const byPrefix = new Map<string, Route[]>();
    const byDomains = new Map<string, Route[]>();
    for (const route of model.routes) {
      if (route.kind === 'network' && route.network) push(byPrefix, route.network.text, route);
      else if (route.kind === 'domain' && route.domains) push(byDomains, domainListKey(route.domains), route);
    }
    const buckets = new Map<string, Route[]>();
    for (const routes of byPrefix.values()) if (routes.length > 1) buckets.set(networkKey(routes[0]!)!, routes);
    for (const [key, routes] of byDomains) if (routes.length > 1) buckets.set(`domains ${key}`, routes);
    let unexpanded = false;
    // The built-in sort orders strings as compareStrings does (UTF-16 code units), without a comparator call per step.
    for (const key of [...buckets.keys()].sort()) {
      const routes = buckets.get(key)!;
      if (routes.length < 2) continue;
      if (!expandable && routes.some((r) => r.peerGroups.length > 0)) unexpanded = true;
      if (!sharesPeerOrGroup(model, routes, expandable)) continue;
      const earlier = new EarlierRoutes();
      for (const route of routes) {
        const members = peerGroupMembers(model, route, expandable);
        const found = new Collisions();
        for (const g of new Set(route.peerGroups)) found.add('samePeerGroup', g, earlier.byPeerGroup.get(g));
        if (route.peer !== '') {
          found.add('samePeer', route.peer, earlier.byGroupMember.get(route.peer));
          found.add('samePeerTwice', route.peer, earlier.byPlainPeer.get(route.peer));
        }
        for (const p of members ?? []) {
          found.add('samePeer', p, earlier.byPlainPeer.get(p));
          found.add('samePeer', p, earlier.byGroupMember.get(p));
        }
        const byReason = found.byReason();
        for (const reason of REASONS) {
          const entry = byReason.get(reason);
          if (!entry || leftOut(route)) continue;
          const network = targetOf(route);
          if (reason === 'samePeerGroup') {
            const group = [...entry.culprits].sort((a, b) => compareStrings(model.groupName(a), model.groupName(b)) || compareStrings(a, b))[0]!;
            report({ messageId: reason, route, field: 'peer_groups', related: entry.routes, data: { group: model.groupName(group), groupId: group, network }, facts: [group, key] });
          } else {
            const peer = [...entry.culprits].sort((a, b) => compareStrings(model.peerName(a), model.peerName(b)) || compareStrings(a, b))[0]!;
            report({ messageId: reason, route, field: route.peer !== '' ? 'peer' : 'peer_groups', related: entry.routes, data: { peer: model.peerName(peer), peerId: peer, network }, facts: [peer, key] });
          }
        }
        earlier.add(route, members);
      }
    }
    if (unexpanded) note('groups', 'routes with peer groups were only compared by group id: without groups or peers their members are unknown');
  },
});

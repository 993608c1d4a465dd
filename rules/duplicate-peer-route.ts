import { defineRule } from '../src/engine/rule.js';
import { targetOf } from '../src/model/describe.js';
import { domainListKey } from '../src/net/domain.js';
import type { Model, Route } from '../src/model/types.js';
import { groupsByPeer, reachOf, type Reach } from '../src/model/reach.js';
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

function addEntry(map: Map<string, Entries>, key: string, pos: number, single: boolean): void {
  let entries = map.get(key);
  if (!entries) map.set(key, (entries = { single: [], shared: [] }));
  (single ? entries.single : entries.shared).push(pos);
}

/**
 * Adds position `p` to `top`, the RELATED_SHOWN smallest positions so far (distinct, ascending);
 * false when `p` ranks after all of them.
 */
function addEarliest(top: number[], p: number): boolean {
  if (top.length === RELATED_SHOWN && p > top[RELATED_SHOWN - 1]!) return false;
  let i = top.length < RELATED_SHOWN ? top.length : RELATED_SHOWN - 1;
  while (i > 0 && top[i - 1]! > p) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = p;
  return true;
}

/** Adds the positions of an ascending list to `top` (see addEarliest), up to the first that ranks after them. */
function addHeads(top: number[], list: readonly number[]): void {
  for (let i = 0; i < list.length; i++) if (!addEarliest(top, list[i]!)) return;
}

/**
 * Earlier positions of one peer group or plain peer, split by how many such lists a route is in:
 * a `single` route (a plain peer and no peer group, or one peer group and no plain peer) is in this
 * list alone, so lists of single routes are counted by their lengths and need no look at each
 * route; a `shared` route (several peer groups, or a peer and groups) is looked at one by one.
 */
interface Entries {
  readonly single: number[];
  readonly shared: number[];
}

/** At most this many earlier routes are named per finding (the earliest in the export); `data.earlierRoutes` counts them all. */
export const RELATED_SHOWN = 10;

const byPeerName =
  (model: Model) =>
  (a: string, b: string): number =>
    compareStrings(model.peerName(a), model.peerName(b)) || compareStrings(a, b);

/**
 * The routes of one bucket (one exact network) before the current one, by position in the bucket,
 * indexed by plain peer and by peer group, and the questions each reason asks of them. Two routes
 * share a member of their peer groups when two of the groups meet, so member questions are asked
 * of groups (an earlier route is listed once per peer group, not once per member): a bucket of
 * many routes with overlapping peer groups costs the routes that collide, not members × routes.
 */
class Bucket {
  private readonly byPlainPeer = new Map<string, Entries>();
  private readonly byPeerGroup = new Map<string, Entries>();
  /** Per position, the last current position that saw it (a stamp: no set per route). */
  private readonly seen: Int32Array;
  private readonly groupsOfPeer: ReadonlyMap<string, readonly string[]>;
  private readonly reach: Reach;

  // The current route: its position, plain peer, distinct peer groups and their members (null when not expandable).
  private pos = -1;
  private x = '';
  private gx: readonly string[] = [];
  private mx: ReadonlySet<string> | null = null;

  constructor(
    private readonly model: Model,
    private readonly routes: readonly Route[],
    private readonly expandable: boolean,
    /** Members of a peer group sorted by peer name (then id), made once per group for the whole rule. */
    private readonly membersByName: (group: string) => readonly string[],
  ) {
    this.seen = new Int32Array(routes.length).fill(-1);
    this.groupsOfPeer = expandable ? groupsByPeer(model) : new Map<string, readonly string[]>();
    this.reach = reachOf(model);
  }

  /** Makes `routes[pos]` the current route; the routes before it are the earlier ones. */
  visit(pos: number): void {
    const route = this.routes[pos]!;
    this.pos = pos;
    this.x = route.peer;
    this.gx = route.peerGroups.length < 2 ? route.peerGroups : [...new Set(route.peerGroups)];
    this.mx = peerGroupMembers(this.model, route, this.expandable);
  }

  /** Adds the current route to the earlier ones. */
  push(): void {
    const single = (this.x !== '' ? 1 : 0) + this.gx.length === 1;
    if (this.x !== '') addEntry(this.byPlainPeer, this.x, this.pos, single);
    for (const g of this.gx) addEntry(this.byPeerGroup, g, this.pos, single);
  }

  /** Does an earlier route share a peer group with the current one? */
  private inG(y: Route): boolean {
    const gy = y.peerGroups;
    for (let i = 0; i < gy.length; i++) if (this.gx.includes(gy[i]!)) return true;
    return false;
  }

  /** Does an earlier route share a routing peer with the current one through a peer group of either? */
  private inP(y: Route): boolean {
    const { x, mx, model, reach } = this;
    if (x !== '' && this.expandable) for (const h of y.peerGroups) if (model.membersOf(h).has(x)) return true;
    if (mx === null) return false;
    if (y.peer !== '' && mx.has(y.peer)) return true;
    for (const h of y.peerGroups) for (const g of this.gx) if (reach.meets(g, h)) return true;
    return false;
  }

  /**
   * `peerLists` of the current route (asked by `has`, then by `detail`) in parallel arrays reused
   * from route to route, their number, and the position they are of.
   */
  private readonly listEntries: Entries[] = [];
  private readonly listGroup: (string | null)[] = [];
  private readonly listPeer: (string | null)[] = [];
  private listCount = 0;
  private listsOf = -1;
  /** Per peer group, the last position whose peerLists took it, and the last whose detail noted it. */
  private readonly taken = new Map<string, number>();
  private readonly noted = new Map<string, number>();

  /**
   * Lists of earlier positions holding every route that shares a routing peer with the current one
   * through a peer group, and no other route; the lists of the current route's own peer groups are
   * left out (their routes share a peer group, the stronger reason). Each list is of one peer group
   * or of one plain peer.
   */
  private peerLists(): number {
    if (this.listsOf === this.pos) return this.listCount;
    const { x, mx, gx, reach, byPeerGroup, byPlainPeer, taken, pos, listEntries, listGroup, listPeer } = this;
    let n = 0;
    const list = (entries: Entries, group: string | null, peer: string | null): void => {
      listEntries[n] = entries;
      listGroup[n] = group;
      listPeer[n] = peer;
      n++;
    };
    const take = (h: string): void => {
      if (taken.get(h) === pos || gx.includes(h)) return;
      taken.set(h, pos);
      const entries = byPeerGroup.get(h);
      if (entries) list(entries, h, null);
    };
    // Earlier peer groups holding the plain peer.
    if (x !== '') for (const h of this.groupsOfPeer.get(x) ?? []) take(h);
    if (mx !== null) {
      // Earlier plain peers among the members (whichever side is smaller is walked).
      if (mx.size <= byPlainPeer.size) {
        for (const p of mx) {
          const entries = byPlainPeer.get(p);
          if (entries) list(entries, null, p);
        }
      } else for (const [y, entries] of byPlainPeer) if (mx.has(y)) list(entries, null, y);
      // Earlier peer groups sharing a member with one of the current route's.
      for (const g of gx) {
        const meeting = reach.groupsMeeting(g);
        if (meeting.size <= byPeerGroup.size) {
          for (const h of meeting) take(h);
        } else for (const h of byPeerGroup.keys()) if (meeting.has(h)) take(h);
      }
    }
    this.listsOf = pos;
    return (this.listCount = n);
  }

  /** Is there an earlier route whose strongest reason is `reason`? Stops at the first. */
  has(reason: Reason): boolean {
    if (reason === 'samePeerGroup') return this.gx.some((g) => this.byPeerGroup.has(g));
    if (reason === 'samePeerTwice') return this.twice(true).count > 0;
    // As peerLists, but stopping at the first list with a route that does not share a peer group.
    const { x, mx, gx, reach, byPeerGroup, byPlainPeer } = this;
    const viaGroup = (h: string): boolean => {
      if (gx.includes(h)) return false;
      const entries = byPeerGroup.get(h);
      return entries !== undefined && this.anyOutsideGroups(entries);
    };
    if (x !== '') for (const h of this.groupsOfPeer.get(x) ?? []) if (viaGroup(h)) return true;
    if (mx === null) return false;
    for (const g of gx) {
      const meeting = reach.groupsMeeting(g);
      if (meeting.size <= byPeerGroup.size) {
        for (const h of meeting) if (viaGroup(h)) return true;
      } else for (const h of byPeerGroup.keys()) if (meeting.has(h) && viaGroup(h)) return true;
    }
    if (mx.size <= byPlainPeer.size) {
      for (const p of mx) {
        const entries = byPlainPeer.get(p);
        if (entries && this.anyOutsideGroups(entries)) return true;
      }
    } else for (const [y, entries] of byPlainPeer) if (mx.has(y) && this.anyOutsideGroups(entries)) return true;
    return false;
  }

  /**
   * Does one of these earlier routes share no peer group with the current one? Asked of lists of
   * peer groups the current route does not have and of plain peers, where a single route shares none.
   */
  private anyOutsideGroups({ single, shared }: Entries): boolean {
    if (single.length > 0) return true;
    for (let i = 0; i < shared.length; i++) if (!this.inG(this.routes[shared[i]!]!)) return true;
    return false;
  }

  /**
   * Earlier routes with the same plain peer and no stronger reason: their number and, ascending,
   * the first RELATED_SHOWN of them (any one, given `one`). A single route of the peer (no peer
   * group) has no stronger reason: the current route's members do not hold its peer.
   */
  private twice(one: boolean): { positions: number[]; count: number } {
    const { x, mx, routes } = this;
    const none = { positions: [], count: 0 };
    // A plain peer among the current route's members makes every earlier route of that peer a samePeer.
    if (x === '' || mx?.has(x)) return none;
    const entries = this.byPlainPeer.get(x);
    if (!entries) return none;
    if (one && entries.single.length > 0) return { positions: [entries.single[0]!], count: 1 };
    const positions: number[] = [];
    addHeads(positions, entries.single);
    let count = entries.single.length;
    for (const pos of entries.shared) {
      const y = routes[pos]!;
      if (this.inG(y) || this.inP(y)) continue;
      addEarliest(positions, pos);
      count++;
      if (one) break;
    }
    return { positions, count };
  }

  /** The earlier routes whose strongest reason is `reason`, by position, and the peer or group the finding names; null when there are none. */
  detail(reason: Reason): { positions: readonly number[]; count: number; culprit: string } | null {
    const { model, routes, seen, pos: current, mx, x } = this;
    if (reason === 'samePeerTwice') {
      const { positions, count } = this.twice(false);
      return count > 0 ? { positions, count, culprit: x } : null;
    }
    // Single routes of a list are in no other list: they are counted by the list's length and only
    // the first RELATED_SHOWN of each are candidates for the earliest; shared ones are looked at
    // one by one, each once (a stamp per position), so a bucket of many routes costs its lists, not its routes.
    if (reason === 'samePeerGroup') {
      const shared = this.gx.filter((g) => this.byPeerGroup.has(g));
      if (shared.length === 0) return null;
      const culprit = shared.reduce((a, b) => (compareStrings(model.groupName(b), model.groupName(a)) || compareStrings(b, a)) < 0 ? b : a);
      const positions: number[] = [];
      let count = 0;
      for (const g of shared) {
        const entries = this.byPeerGroup.get(g)!;
        addHeads(positions, entries.single);
        count += entries.single.length;
        for (const p of entries.shared) {
          if (seen[p] === current) continue;
          seen[p] = current;
          addEarliest(positions, p);
          count++;
        }
      }
      return { positions, count, culprit };
    }
    // samePeer: the routes, their peer groups (the members they share are in these) and their plain
    // peers among the members; a list's own group or peer is noted once, any other of a route's apart.
    // A single route of a list has no group or peer but the list's own, and no peer group of the
    // current route (the lists of those are left out).
    const positions: number[] = [];
    let count = 0;
    // The groups noted carry the current position in `noted` (a stamp: no set per route).
    const { noted } = this;
    const note = (h: string): void => void noted.set(h, current);
    const plain = new Set<string>();
    const { listEntries, listGroup, listPeer } = this;
    const n = this.peerLists();
    for (let i = 0; i < n; i++) {
      const entries = listEntries[i]!;
      const group = listGroup[i]!;
      let any = entries.single.length > 0;
      addHeads(positions, entries.single);
      count += entries.single.length;
      for (const p of entries.shared) {
        if (seen[p] === current) continue;
        seen[p] = current;
        const y = routes[p]!;
        if (this.inG(y)) continue;
        addEarliest(positions, p);
        count++;
        any = true;
        if (y.peerGroups.length > (group === null ? 0 : 1)) for (const h of y.peerGroups) note(h);
        if (group !== null && y.peer !== '' && mx?.has(y.peer)) plain.add(y.peer);
      }
      if (!any) continue;
      if (group !== null) note(group);
      else plain.add(listPeer[i]!);
    }
    const inGroups = (h: string): boolean => noted.get(h) === current;
    if (count === 0) return null;
    // The peers they collide through: the plain peer when one of those groups holds it, and the
    // current route's members that are those plain peers or in those groups. The first by name.
    const order = byPeerName(model);
    let culprit: string | null = null;
    if (x !== '' && this.expandable && (this.groupsOfPeer.get(x) ?? []).some(inGroups)) culprit = x;
    if (mx !== null) {
      // The members of each of the current route's peer groups by name: the first that qualifies is that group's candidate.
      for (const g of this.gx) {
        for (const p of this.membersByName(g)) {
          if (culprit !== null && order(p, culprit) >= 0) break;
          if (plain.has(p) || (this.groupsOfPeer.get(p) ?? []).some(inGroups)) {
            culprit = p;
            break;
          }
        }
      }
    }
    return { positions, count, culprit: culprit! };
  }
}

/** Peers of a route's peer groups (a peer in two of them counts once); null when groups cannot be expanded. */
function peerGroupMembers(model: Model, route: Route, expandable: boolean): ReadonlySet<string> | null {
  if (!expandable || route.peerGroups.length === 0) return null;
  if (route.peerGroups.length === 1) return model.membersOf(route.peerGroups[0]!);
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
    const sortedMembers = new Map<string, readonly string[]>();
    const membersByName = (group: string): readonly string[] => {
      let sorted = sortedMembers.get(group);
      if (!sorted) {
        const named = [...model.membersOf(group)].map((id) => ({ id, name: model.peerName(id) }));
        named.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
        sortedMembers.set(group, (sorted = named.map((m) => m.id)));
      }
      return sorted;
    };
    /** Files whose findings reached the limit: leftOut answered true once. */
    const pastLimit = new Set<string>();
    // The built-in sort orders strings as compareStrings does (UTF-16 code units), without a comparator call per step.
    for (const key of [...buckets.keys()].sort()) {
      const routes = buckets.get(key)!;
      if (routes.length < 2) continue;
      if (!expandable && routes.some((r) => r.peerGroups.length > 0)) unexpanded = true;
      if (!sharesPeerOrGroup(model, routes, expandable)) continue;
      const bucket = new Bucket(model, routes, expandable, membersByName);
      for (let pos = 0; pos < routes.length; pos++) {
        const route = routes[pos]!;
        bucket.visit(pos);
        for (const reason of REASONS) {
          // Past the limit of findings (it only rises) a finding is only counted: whether there is
          // one is asked, stopping at the first earlier route, and its detail is never built.
          if (pastLimit.has(route.loc.file.path)) {
            if (bucket.has(reason)) leftOut(route);
            continue;
          }
          const found = bucket.detail(reason);
          if (!found) continue;
          if (leftOut(route)) {
            pastLimit.add(route.loc.file.path);
            continue;
          }
          const network = targetOf(route);
          const related = found.positions.map((p) => routes[p]!);
          const earlierRoutes = found.count;
          if (reason === 'samePeerGroup') {
            const group = found.culprit;
            report({ messageId: reason, route, field: 'peer_groups', related, data: { group: model.groupName(group), groupId: group, network, earlierRoutes }, facts: [group, key] });
          } else {
            const peer = found.culprit;
            report({ messageId: reason, route, field: route.peer !== '' ? 'peer' : 'peer_groups', related, data: { peer: model.peerName(peer), peerId: peer, network, earlierRoutes }, facts: [peer, key] });
          }
        }
        bucket.push();
      }
    }
    if (unexpanded) note('groups', 'routes with peer groups were only compared by group id: without groups or peers their members are unknown');
  },
});

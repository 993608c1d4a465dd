import { defineRule } from '../src/engine/rule.js';
import { targetOf } from '../src/model/describe.js';
import { domainListKey } from '../src/net/domain.js';
import type { Model, Route } from '../src/model/types.js';
import { membershipsOf } from '../src/model/reach.js';
import { compareStrings } from '../src/order.js';
import { ranks } from '../src/model/sets.js';

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

/**
 * Earlier positions of the current bucket per peer group or per plain peer (an owner, by number),
 * split by how many such lists a route is in: a `single` route (a plain peer and no peer group, or
 * one peer group and no plain peer) is in this list alone, so single routes are kept as a count and
 * the first RELATED_SHOWN positions (no later one can be among a finding's earliest), in flat
 * arrays indexed by owner: reading a list costs no object and no array of its own. A `shared`
 * route (several peer groups, or a peer and groups) is kept in an array per owner and looked at
 * one by one.
 */
class Lists {
  /** Per owner, how many single routes; and its first RELATED_SHOWN single positions at owner × RELATED_SHOWN. */
  readonly singles: Int32Array;
  readonly heads: Int32Array;
  /** Per owner, its shared routes' positions, ascending; undefined while it has none. */
  readonly shared: (number[] | undefined)[];
  /** Owners with positions in the current bucket, in the order first pushed. */
  readonly keys: number[] = [];

  constructor(owners: number) {
    this.singles = new Int32Array(owners);
    this.heads = new Int32Array(owners * RELATED_SHOWN);
    this.shared = new Array<number[] | undefined>(owners).fill(undefined);
  }

  /** Does owner `o` have earlier positions? */
  has(o: number): boolean {
    return this.singles[o] !== 0 || this.shared[o] !== undefined;
  }

  push(o: number, pos: number, single: boolean): void {
    if (!this.has(o)) this.keys.push(o);
    if (single) {
      const n = this.singles[o]!;
      if (n < RELATED_SHOWN) this.heads[o * RELATED_SHOWN + n] = pos;
      this.singles[o] = n + 1;
    } else (this.shared[o] ??= []).push(pos);
  }

  /** Adds owner `o`'s first single positions to `top` (see addEarliest), up to the first that ranks after them. */
  addHeads(top: number[], o: number): void {
    const n = Math.min(this.singles[o]!, RELATED_SHOWN);
    const at = o * RELATED_SHOWN;
    for (let k = 0; k < n; k++) if (!addEarliest(top, this.heads[at + k]!)) return;
  }

  /** Forgets the positions of the last bucket. */
  clear(): void {
    for (const o of this.keys) {
      this.singles[o] = 0;
      this.shared[o] = undefined;
    }
    this.keys.length = 0;
  }
}

/** At most this many earlier routes are named per finding (the earliest in the export); `data.earlierRoutes` counts them all. */
export const RELATED_SHOWN = 10;

/**
 * Peers and groups of the rule by number: the model's memberships (`membershipsOf`), then the
 * peers and groups only routes name (no members, no groups). Per-route questions are asked of
 * arrays indexed by these numbers, not of maps keyed by id.
 */
export class Numbering {
  readonly groupIds: string[];
  readonly peerIds: string[];
  /** Per group number, its members' peer numbers (empty for groups only routes name). */
  readonly membersByGroup: readonly (readonly number[])[];
  /** Per peer number, its group numbers, ascending (empty for peers only routes name). */
  readonly groupsByPeer: readonly (readonly number[])[];
  private readonly knownGroups: number;
  private readonly knownPeers: number;
  private readonly groupNumbers: ReadonlyMap<string, number>;
  private readonly peerByRoute: Int32Array;
  private readonly groupsByRoute: (readonly number[])[];
  private readonly extraGroups = new Map<string, number>();
  private readonly peerNumbers = new Map<string, number>();
  private readonly meetingOf: (Int32Array | undefined)[] = [];
  private meetStamp: Int32Array | null = null;
  private rank: Int32Array | null = null;
  private readonly byRank: (readonly number[] | undefined)[] = [];

  constructor(
    private readonly model: Model,
    routes: readonly Route[],
  ) {
    const m = membershipsOf(model);
    this.groupNumbers = m.groupNumbers;
    this.groupIds = [...m.groupIds];
    this.peerIds = [...m.peerIds];
    this.knownGroups = m.groupIds.length;
    this.knownPeers = m.peerIds.length;
    for (let p = 0; p < this.peerIds.length; p++) this.peerNumbers.set(this.peerIds[p]!, p);
    // Each route's numbers, looked up once here: buckets read them by route index, not by id.
    let size = 0;
    for (const route of routes) if (route.index >= size) size = route.index + 1;
    this.peerByRoute = new Int32Array(size).fill(-1);
    this.groupsByRoute = new Array<readonly number[]>(size).fill(NONE);
    for (const route of routes) {
      if (route.peer !== '') {
        let p = this.peerNumbers.get(route.peer);
        if (p === undefined) {
          this.peerNumbers.set(route.peer, (p = this.peerIds.length));
          this.peerIds.push(route.peer);
        }
        this.peerByRoute[route.index] = p;
      }
      const ids = route.peerGroups;
      if (ids.length === 0) continue;
      const numbers: number[] = [];
      for (const g of ids) {
        let n = this.groupNumbers.get(g) ?? this.extraGroups.get(g);
        if (n === undefined) {
          this.extraGroups.set(g, (n = this.groupIds.length));
          this.groupIds.push(g);
        }
        // Each group once, in the order the route names them.
        if (!numbers.includes(n)) numbers.push(n);
      }
      this.groupsByRoute[route.index] = numbers;
    }
    this.membersByGroup = m.membersByGroup;
    this.groupsByPeer = m.groupsByPeer;
    // Every peer's group numbers in one array, read far more often than built.
    const peers = this.peerIds.length;
    const start = new Int32Array(peers + 1);
    for (let p = 0; p < this.knownPeers; p++) start[p + 1] = start[p]! + m.groupsByPeer[p]!.length;
    for (let p = this.knownPeers; p < peers; p++) start[p + 1] = start[p]!;
    const list = new Int32Array(start[peers]!);
    for (let p = 0; p < this.knownPeers; p++) {
      const groups = m.groupsByPeer[p]!;
      for (let k = 0, at = start[p]!; k < groups.length; k++) list[at + k] = groups[k]!;
    }
    this.groupStart = start;
    this.groupList = list;
  }

  /**
   * Peer p's group numbers (`groupsOf(p)`) are groupList[groupStart[p]] .. groupList[groupStart[p + 1] - 1]:
   * one array for every peer, not an array per peer scattered in memory, for the loops that ask per route.
   */
  readonly groupStart: Int32Array;
  readonly groupList: Int32Array;

  get groups(): number {
    return this.groupIds.length;
  }

  get peers(): number {
    return this.peerIds.length;
  }

  /** A route's plain peer (-1 for none); the route is one of those numbered. */
  peerOf(route: Route): number {
    return this.peerByRoute[route.index]!;
  }

  /** A route's distinct peer groups, in the order it names them; the route is one of those numbered. */
  groupsOfRoute(route: Route): readonly number[] {
    return this.groupsByRoute[route.index]!;
  }

  members(g: number): readonly number[] {
    return g < this.knownGroups ? this.membersByGroup[g]! : NONE;
  }

  groupsOf(p: number): readonly number[] {
    return p < this.knownPeers ? this.groupsByPeer[p]! : NONE;
  }

  /** Is peer `p` a member of group `g`? */
  isMember(p: number, g: number): boolean {
    const { groupStart, groupList } = this;
    for (let k = groupStart[p]!, end = groupStart[p + 1]!; k < end; k++) if (groupList[k] === g) return true;
    return false;
  }

  /** The groups sharing a member with `g`, `g` first, then in the order its members name them (cached). */
  meeting(g: number): Int32Array {
    let known = this.meetingOf[g];
    if (known) return known;
    const stamp = (this.meetStamp ??= new Int32Array(this.groups).fill(-1));
    const { groupStart: start, groupList: list } = this;
    const out = (this.meetOut ??= new Int32Array(this.groups));
    let n = 0;
    out[n++] = g;
    stamp[g] = g;
    const members = this.members(g);
    for (let i = 0; i < members.length; i++) {
      const p = members[i]!;
      for (let k = start[p]!, end = start[p + 1]!; k < end; k++) {
        const h = list[k]!;
        if (stamp[h] === g) continue;
        stamp[h] = g;
        out[n++] = h;
      }
    }
    this.meetingOf[g] = known = out.slice(0, n);
    return known;
  }

  private meetOut: Int32Array | null = null;

  /** Peers in the order findings name them: by name, then id (a rank per peer number). */
  private ranks(): Int32Array {
    if (this.rank) return this.rank;
    const named = this.peerIds.map((id, n) => ({ n, id, name: this.model.peerName(id) }));
    named.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    const rank = new Int32Array(named.length);
    named.forEach((e, i) => (rank[e.n] = i));
    return (this.rank = rank);
  }

  /** Does peer `a` come before peer `b` by name (then id)? */
  before(a: number, b: number): boolean {
    const rank = this.ranks();
    return rank[a]! < rank[b]!;
  }

  /** The members of group `g` by name (then id), made once per group. */
  membersByName(g: number): readonly number[] {
    let sorted = this.byRank[g];
    if (!sorted) {
      const rank = this.ranks();
      this.byRank[g] = sorted = [...this.members(g)].sort((a, b) => rank[a]! - rank[b]!);
    }
    return sorted;
  }
}

const NONE: readonly number[] = [];

/**
 * Per-number stamps and lists shared by the buckets of one run (allocated once, not per bucket):
 * an entry is current when its stamp is the current bucket's or position's.
 */
class Scratch {
  /** Per group / peer number, its earlier positions in the current bucket. */
  readonly byPeerGroup: Lists;
  readonly byPlainPeer: Lists;
  /** Per group number: the current route's own (stamp: its tag), taken by a walk of peer lists (stamp: the walk), noted by detail, meeting one of its own. */
  readonly own: Int32Array;
  readonly taken: Int32Array;
  readonly noted: Int32Array;
  readonly meets: Int32Array;
  /** Per peer number: the plain peers a samePeer detail collides through. */
  readonly plain: Int32Array;
  /** Walks of peer lists so far: the stamp of `taken`. */
  walks = 0;

  constructor(groups: number, peers: number) {
    this.byPeerGroup = new Lists(groups);
    this.byPlainPeer = new Lists(peers);
    this.own = new Int32Array(groups).fill(-1);
    this.taken = new Int32Array(groups).fill(-1);
    this.noted = new Int32Array(groups).fill(-1);
    this.meets = new Int32Array(groups).fill(-1);
    this.plain = new Int32Array(peers).fill(-1);
  }

  /** Forgets the entries of the last bucket. */
  clear(): void {
    this.byPeerGroup.clear();
    this.byPlainPeer.clear();
  }
}

/**
 * The routes of one bucket (one exact network) before the current one, by position in the bucket,
 * indexed by plain peer and by peer group, and the questions each reason asks of them. Two routes
 * share a member of their peer groups when two of the groups meet, so member questions are asked
 * of groups (an earlier route is listed once per peer group, not once per member): a bucket of
 * many routes with overlapping peer groups costs the routes that collide, not members × routes.
 * Peers and groups go by number (`Numbering`), and per-route sets are stamps in `Scratch`.
 */
class Bucket {
  /** Per position, the last current position that saw it (a stamp: no set per route). */
  private readonly seen: Int32Array;
  /** Per position, the route's plain peer (-1 for none) and its distinct peer groups, by number. */
  private readonly peerAt: Int32Array;
  private readonly groupsAt: (readonly number[])[];

  // The current route: its position, its tag (unique in the run: the stamp of its per-number
  // marks), plain peer, distinct peer groups, and whether its peer groups' members are known.
  private pos = -1;
  private tag: number;
  private x = -1;
  private gx: readonly number[] = NONE;
  private mx = false;
  private meetsMarked = -1;

  constructor(
    private readonly model: Model,
    routes: readonly Route[],
    private readonly expandable: boolean,
    private readonly num: Numbering,
    private readonly s: Scratch,
    /** The tag of the bucket's first route. */
    firstTag: number,
  ) {
    this.seen = new Int32Array(routes.length).fill(-1);
    this.peerAt = new Int32Array(routes.length);
    this.groupsAt = new Array<readonly number[]>(routes.length);
    for (let i = 0; i < routes.length; i++) {
      const route = routes[i]!;
      this.peerAt[i] = num.peerOf(route);
      this.groupsAt[i] = num.groupsOfRoute(route);
    }
    this.tag = firstTag - 1;
    s.clear();
  }

  /** Makes `routes[pos]` the current route; the routes before it are the earlier ones. */
  visit(pos: number): void {
    this.pos = pos;
    this.tag++;
    this.x = this.peerAt[pos]!;
    this.gx = this.groupsAt[pos]!;
    this.mx = this.expandable && this.gx.length > 0;
    for (const g of this.gx) this.s.own[g] = this.tag;
  }

  /** Adds the current route to the earlier ones. */
  push(): void {
    const { x, gx, pos, s } = this;
    const single = (x !== -1 ? 1 : 0) + gx.length === 1;
    if (x !== -1) s.byPlainPeer.push(x, pos, single);
    for (const g of gx) s.byPeerGroup.push(g, pos, single);
  }

  /** Is `p` a member of one of the current route's peer groups? */
  private inMx(p: number): boolean {
    if (!this.mx) return false;
    const { own } = this.s;
    const { groupStart, groupList } = this.num;
    for (let k = groupStart[p]!, end = groupStart[p + 1]!; k < end; k++) if (own[groupList[k]!] === this.tag) return true;
    return false;
  }

  /** Does the earlier route at `q` share a peer group with the current one? */
  private inG(q: number): boolean {
    const { own } = this.s;
    for (const h of this.groupsAt[q]!) if (own[h] === this.tag) return true;
    return false;
  }

  /** Does the earlier route at `q` share a routing peer with the current one through a peer group of either? */
  private inP(q: number): boolean {
    const { x, num } = this;
    const gy = this.groupsAt[q]!;
    if (x !== -1 && this.expandable) for (const h of gy) if (num.isMember(x, h)) return true;
    if (!this.mx) return false;
    const y = this.peerAt[q]!;
    if (y !== -1 && this.inMx(y)) return true;
    const { meets } = this.s;
    if (this.meetsMarked !== this.tag) {
      for (const g of this.gx) for (const h of num.meeting(g)) meets[h] = this.tag;
      this.meetsMarked = this.tag;
    }
    for (const h of gy) if (meets[h] === this.tag) return true;
    return false;
  }

  /**
   * `peerLists` of the current route (asked by `detail`) in parallel arrays reused from route to
   * route, their number, and the position they are of.
   */
  /** The list's owner: its peer group, or its plain peer as -2 - peer. */
  private readonly listOwner: number[] = [];

  /** The lists of an owner's kind, and its number among them. */
  private listsOf(owner: number): Lists {
    return owner >= 0 ? this.s.byPeerGroup : this.s.byPlainPeer;
  }

  /** Earlier entries of a group the current route does not have (once per route: `taken`), through `add`. */
  private take(h: number, add: (owner: number) => boolean): boolean {
    const { s } = this;
    if (s.taken[h] === s.walks || s.own[h] === this.tag) return false;
    s.taken[h] = s.walks;
    return s.byPeerGroup.has(h) && add(h);
  }

  /**
   * Walks lists of earlier positions holding every route that shares a routing peer with the
   * current one through a peer group, and no other route, until `add` answers true; the lists of
   * the current route's own peer groups are left out (their routes share a peer group, the
   * stronger reason). Each list is of one peer group or of one plain peer (owner -2 - peer).
   */
  private walkPeerLists(add: (owner: number) => boolean): boolean {
    const { x, mx, gx, s, num } = this;
    s.walks++;
    // Earlier peer groups holding the plain peer.
    if (x !== -1 && this.expandable) {
      const { groupStart, groupList } = num;
      for (let k = groupStart[x]!, end = groupStart[x + 1]!; k < end; k++) if (this.take(groupList[k]!, add)) return true;
    }
    if (!mx) return false;
    // Earlier peer groups sharing a member with one of the current route's (whichever side is smaller is walked).
    for (const g of gx) {
      const meeting = num.meeting(g);
      const groupKeys = s.byPeerGroup.keys;
      if (meeting.length <= groupKeys.length) {
        for (let i = 0; i < meeting.length; i++) if (this.take(meeting[i]!, add)) return true;
      } else {
        const { meets } = s;
        if (this.meetsMarked !== this.tag) {
          for (const g2 of gx) for (const h of num.meeting(g2)) meets[h] = this.tag;
          this.meetsMarked = this.tag;
        }
        for (let i = 0; i < groupKeys.length; i++) if (meets[groupKeys[i]!] === this.tag && this.take(groupKeys[i]!, add)) return true;
      }
    }
    // Earlier plain peers among the members (whichever side is smaller is walked).
    let size = 0;
    for (const g of gx) size += num.members(g).length;
    const plain = s.byPlainPeer;
    if (size <= plain.keys.length) {
      for (const g of gx) {
        for (const p of num.members(g)) {
          // A peer in two of the route's groups is listed once: at the first of them.
          if (plain.has(p) && this.firstOwnGroupOf(p) === g && add(-2 - p)) return true;
        }
      }
    } else for (const p of plain.keys) if (this.inMx(p) && add(-2 - p)) return true;
    return false;
  }

  /** The first of the current route's peer groups holding member `p`. */
  private firstOwnGroupOf(p: number): number {
    if (this.gx.length === 1) return this.gx[0]!;
    for (const g of this.gx) if (this.num.isMember(p, g)) return g;
    return -1;
  }

  private peerLists(): number {
    let n = 0;
    const { listOwner } = this;
    this.walkPeerLists((owner) => {
      listOwner[n] = owner;
      n++;
      return false;
    });
    return n;
  }

  /** Is there an earlier route whose strongest reason is `reason`? Stops at the first. */
  has(reason: Reason): boolean {
    if (reason === 'samePeerGroup') {
      for (const g of this.gx) if (this.s.byPeerGroup.has(g)) return true;
      return false;
    }
    if (reason === 'samePeerTwice') return this.twice(true).count > 0;
    // As peerLists, stopping at the first list with a route that does not share a peer group.
    return this.walkPeerLists(this.outsideGroups);
  }

  private readonly outsideGroups = (owner: number): boolean => this.anyOutsideGroups(owner);

  /**
   * Does one of these earlier routes share no peer group with the current one? Asked of lists of
   * peer groups the current route does not have and of plain peers, where a single route shares none.
   */
  private anyOutsideGroups(owner: number): boolean {
    const lists = this.listsOf(owner);
    const o = owner >= 0 ? owner : -2 - owner;
    if (lists.singles[o] !== 0) return true;
    const shared = lists.shared[o];
    if (shared) for (let i = 0; i < shared.length; i++) if (!this.inG(shared[i]!)) return true;
    return false;
  }

  /**
   * Earlier routes with the same plain peer and no stronger reason: their number and, ascending,
   * the first RELATED_SHOWN of them (any one, given `one`). A single route of the peer (no peer
   * group) has no stronger reason: the current route's members do not hold its peer.
   */
  private twice(one: boolean): { positions: number[]; count: number } {
    const { x } = this;
    const none = { positions: [], count: 0 };
    // A plain peer among the current route's members makes every earlier route of that peer a samePeer.
    if (x === -1 || this.inMx(x)) return none;
    const lists = this.s.byPlainPeer;
    if (!lists.has(x)) return none;
    const singles = lists.singles[x]!;
    if (one && singles > 0) return { positions: [lists.heads[x * RELATED_SHOWN]!], count: 1 };
    const positions: number[] = [];
    lists.addHeads(positions, x);
    let count = singles;
    for (const q of lists.shared[x] ?? NONE) {
      if (this.inG(q) || this.inP(q)) continue;
      addEarliest(positions, q);
      count++;
      if (one) break;
    }
    return { positions, count };
  }

  /** The earlier routes whose strongest reason is `reason`, by position, and the peer or group the finding names; null when there are none. */
  detail(reason: Reason): { positions: readonly number[]; count: number; culprit: string } | null {
    const { model, seen, pos: current, x, num, s, tag } = this;
    if (reason === 'samePeerTwice') {
      const { positions, count } = this.twice(false);
      return count > 0 ? { positions, count, culprit: num.peerIds[x]! } : null;
    }
    // Single routes of a list are in no other list: they are counted by the list's length and only
    // the first RELATED_SHOWN of each are candidates for the earliest; shared ones are looked at
    // one by one, each once (a stamp per position), so a bucket of many routes costs its lists, not its routes.
    if (reason === 'samePeerGroup') {
      const lists = s.byPeerGroup;
      if (!this.has('samePeerGroup')) return null;
      const shared = this.gx.filter((g) => lists.has(g)).map((g) => num.groupIds[g]!);
      const culprit = shared.reduce((a, b) => (compareStrings(model.groupName(b), model.groupName(a)) || compareStrings(b, a)) < 0 ? b : a);
      const positions: number[] = [];
      let count = 0;
      for (const g of this.gx) {
        if (!lists.has(g)) continue;
        lists.addHeads(positions, g);
        count += lists.singles[g]!;
        for (const p of lists.shared[g] ?? NONE) {
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
    // Groups noted and plain peers collided through carry the current tag (stamps: no set per route).
    const { noted, plain } = s;
    const { listOwner } = this;
    const n = this.peerLists();
    for (let i = 0; i < n; i++) {
      const owner = listOwner[i]!;
      const lists = this.listsOf(owner);
      const o = owner >= 0 ? owner : -2 - owner;
      const singles = lists.singles[o]!;
      let any = singles > 0;
      lists.addHeads(positions, o);
      count += singles;
      for (const p of lists.shared[o] ?? NONE) {
        if (seen[p] === current) continue;
        seen[p] = current;
        if (this.inG(p)) continue;
        addEarliest(positions, p);
        count++;
        any = true;
        const gy = this.groupsAt[p]!;
        if (gy.length > (owner < 0 ? 0 : 1)) for (const h of gy) noted[h] = tag;
        const y = this.peerAt[p]!;
        if (owner >= 0 && y !== -1 && this.inMx(y)) plain[y] = tag;
      }
      if (!any) continue;
      if (owner >= 0) noted[owner] = tag;
      else plain[-2 - owner] = tag;
    }
    if (count === 0) return null;
    const inGroups = (p: number): boolean => {
      const { groupStart, groupList } = num;
      for (let k = groupStart[p]!, end = groupStart[p + 1]!; k < end; k++) if (noted[groupList[k]!] === tag) return true;
      return false;
    };
    // The peers they collide through: the plain peer when one of those groups holds it, and the
    // current route's members that are those plain peers or in those groups. The first by name.
    let culprit = -1;
    if (x !== -1 && this.expandable && inGroups(x)) culprit = x;
    if (this.mx) {
      // The members of each of the current route's peer groups by name: the first that qualifies is that group's candidate.
      for (const g of this.gx) {
        for (const p of num.membersByName(g)) {
          if (culprit !== -1 && !num.before(p, culprit)) break;
          if (plain[p] === tag || inGroups(p)) {
            culprit = p;
            break;
          }
        }
      }
    }
    return { positions, count, culprit: num.peerIds[culprit]! };
  }
}

/**
 * Does any route of the bucket share a routing peer (plain or through peer groups) or a peer group
 * with an earlier one? Every collision needs one; most buckets (one network, routed by distinct
 * peers under several network_ids or in several tenants) have none and need no closer look. The
 * simple computation, by ids: `sharesNumbered` answers the same by number.
 */
export function sharesPeerOrGroup(model: Model, routes: readonly Route[], expandable: boolean): boolean {
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

/**
 * Per peer and group number, the tag of the last route that named it (plain peer, member of its
 * peer groups, or peer group): `sharesNumbered`'s sets, as stamps reused from bucket to bucket.
 */
export class Marks {
  readonly peer: Int32Array;
  readonly group: Int32Array;
  /** The last tag given: tags rise through the run, so a bucket's are those from its first on. */
  tag = 0;

  constructor(num: Numbering) {
    this.peer = new Int32Array(num.peers);
    this.group = new Int32Array(num.groups);
  }
}

/**
 * `sharesPeerOrGroup` by number: a peer or group marked by a tag of this bucket before the current
 * route's was named by an earlier route. No set per route, and members come as numbers, so a
 * bucket of routes through large peer groups costs their members once, with no string hashed.
 */
export function sharesNumbered(num: Numbering, routes: readonly Route[], expandable: boolean, marks: Marks): boolean {
  const first = marks.tag + 1;
  const { peer: peerMark, group: groupMark } = marks;
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i]!;
    const tag = ++marks.tag;
    const groups = num.groupsOfRoute(route);
    for (let k = 0; k < groups.length; k++) if (groupMark[groups[k]!]! >= first) return true;
    const p = num.peerOf(route);
    if (p !== -1) {
      if (peerMark[p]! >= first) return true;
      peerMark[p] = tag;
    }
    if (expandable) {
      for (let k = 0; k < groups.length; k++) {
        const members = num.members(groups[k]!);
        for (let j = 0; j < members.length; j++) {
          const p = members[j]!;
          const was = peerMark[p]!;
          if (was >= first && was !== tag) return true;
          peerMark[p] = tag;
        }
      }
    }
    for (let k = 0; k < groups.length; k++) groupMark[groups[k]!] = tag;
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
    // Routes by exact network. IPv4 prefixes by one number each (network address × 64 + length,
    // one-to-one with the canonical text), placed by rank (sets.ts `ranks`: a native sort, no Map of
    // 100,000 keys); IPv6 prefixes by their text and domain lists apart (their key is built only for domain routes).
    const v4: Route[] = [];
    const v4Keys: number[] = [];
    const byV6 = new Map<string, Route[]>();
    const byDomains = new Map<string, Route[]>();
    for (const route of model.routes) {
      const prefix = route.network;
      if (route.kind === 'network' && prefix) {
        if (prefix.family === 4) {
          v4.push(route);
          v4Keys.push(Number(prefix.start) * 64 + prefix.bits);
        } else push(byV6, prefix.text, route);
      } else if (route.kind === 'domain' && route.domains) push(byDomains, domainListKey(route.domains), route);
    }
    const buckets = new Map<string, Route[]>();
    const { distinct, rankOf } = ranks(v4Keys);
    // Per rank, its first route's position, then (a rank met again) its routes in export order.
    const firstAt = new Int32Array(distinct.length).fill(-1);
    const sameRank: (Route[] | undefined)[] = new Array<Route[] | undefined>(distinct.length);
    for (let i = 0; i < v4.length; i++) {
      const r = rankOf[i]!;
      const at = firstAt[r]!;
      if (at < 0) firstAt[r] = i;
      else (sameRank[r] ??= [v4[at]!]).push(v4[i]!);
    }
    for (const routes of sameRank) if (routes) buckets.set(networkKey(routes[0]!)!, routes);
    for (const routes of byV6.values()) if (routes.length > 1) buckets.set(networkKey(routes[0]!)!, routes);
    for (const [key, routes] of byDomains) if (routes.length > 1) buckets.set(`domains ${key}`, routes);
    let unexpanded = false;
    // Peers and groups by number, made for the first bucket with a peer group or needing a closer look.
    let numbering: Numbering | null = null;
    let scratch: Scratch | null = null;
    let marks: Marks | null = null;
    const numbered = (): Numbering => {
      if (numbering) return numbering;
      numbering = new Numbering(model, [...buckets.values()].flat());
      marks = new Marks(numbering);
      return numbering;
    };
    let tags = 0;
    /** Files whose findings reached the limit: leftOut answered true once. */
    const pastLimit = new Set<string>();
    // The built-in sort orders strings as compareStrings does (UTF-16 code units), without a comparator call per step.
    for (const key of [...buckets.keys()].sort()) {
      const routes = buckets.get(key)!;
      if (routes.length < 2) continue;
      const grouped = routes.some((r) => r.peerGroups.length > 0);
      if (!expandable && grouped) unexpanded = true;
      // Buckets of plain peers only are told apart by their ids; the others by number.
      if (!(grouped ? sharesNumbered(numbered(), routes, expandable, marks!) : sharesPeerOrGroup(model, routes, expandable))) continue;
      const num = numbered();
      scratch ??= new Scratch(num.groups, num.peers);
      const bucket = new Bucket(model, routes, expandable, num, scratch, tags);
      tags += routes.length;
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

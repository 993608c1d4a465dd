// Who a route reaches. A route's recipients are the peers in its distribution `groups`. Two routes
// reach a common recipient when they share a distribution group id, or, when group membership is
// known (the export has groups or peers), when some peer is a member of a distribution group of
// each. Policies are not consulted: this answers "could one client be given both routes".
//
// Everything is computed lazily and cached per model: routes listing the same groups share one
// Audience, group-to-group meetings (a shared member) are computed once per group, and answers
// are cached per pair of audiences, so rules never pay for the size of a group twice.
import type { Memberships, Model, Route } from './types.js';

/** The distribution of routes that list the same groups: such routes reach exactly the same recipients. */
export interface Audience {
  /** Small integer, unique within one model. */
  readonly id: number;
  /** Distribution group ids, sorted, without duplicates. */
  readonly groupIds: readonly string[];
}

export interface Reach {
  audienceOf(route: Route): Audience;
  /** Do the two routes reach a common recipient? */
  reachCommon(a: Route, b: Route): boolean;
  /** Peers in the route's distribution groups; empty when membership is unknown. */
  recipientsOf(route: Route): ReadonlySet<string>;
  /** Groups sharing at least one member with `groupId`, `groupId` itself included. */
  groupsMeeting(groupId: string): ReadonlySet<string>;
  /** Is `b` among `groupsMeeting(a)`? Answered from the two member lists alone. */
  meets(a: string, b: string): boolean;
  /** A small number per group id, stable within one model (what `meetsNumbered` takes). */
  groupNumber(groupId: string): number;
  /** The numbers of the route's distribution groups (its audience's `groupIds`, in order). */
  groupNumbersOf(route: Route): readonly number[];
  /** `meets` by group numbers. */
  meetsNumbered(a: number, b: number): boolean;
  /**
   * The groups meeting group number `a` as a bitset over group numbers (bit n of word n >>> 5), or
   * null when the account has too many groups for bitsets or `a` meets too many to list.
   */
  meetingBitsOf(a: number): Uint32Array | null;
}

class ModelReach implements Reach {
  private readonly audienceByKey = new Map<string, Audience>();
  /** By route index (unique within the model). */
  private readonly audienceByRoute: (Audience | undefined)[];
  private readonly recipients = new Map<number, ReadonlySet<string>>();
  private readonly meetings = new Map<string, ReadonlySet<string>>();
  private readonly pairs = new Map<number, Map<number, boolean>>();

  constructor(private readonly model: Model) {
    // Filled up front: routes are asked about in any order, and an array written far past its end
    // turns into a slow dictionary.
    let size = 0;
    const { routes } = model;
    for (let i = 0; i < routes.length; i++) if (routes[i]!.index >= size) size = routes[i]!.index + 1;
    this.audienceByRoute = new Array<Audience | undefined>(size).fill(undefined);
  }

  /** The last route asked about: rules often ask about one route several times in a row. */
  private lastRoute: Route | null = null;
  private lastAudience: Audience | null = null;

  audienceOf(route: Route): Audience {
    if (route === this.lastRoute) return this.lastAudience!;
    let audience = this.audienceByRoute[route.index];
    if (audience) {
      this.lastRoute = route;
      this.lastAudience = audience;
      return audience;
    }
    const g = route.groups;
    // Most routes name one group: its id is the key, and no list is built unless the audience is new.
    let groupIds: string[] | null = null;
    let key: string;
    if (g.length === 1) key = g[0]!;
    else {
      groupIds = g.length === 0 ? [] : g.length === 2 ? (g[0]! < g[1]! ? [g[0]!, g[1]!] : g[0] === g[1] ? [g[0]!] : [g[1]!, g[0]!]) : [...new Set(g)].sort();
      key = groupIds.length === 1 ? groupIds[0]! : groupIds.join('\u0000');
    }
    audience = this.audienceByKey.get(key);
    if (!audience) {
      groupIds ??= [g[0]!];
      audience = Object.freeze({ id: this.audienceByKey.size, groupIds: Object.freeze(groupIds) });
      this.audienceByKey.set(key, audience);
      this.audienceNumbers.push(undefined);
    }
    this.audienceByRoute[route.index] = audience;
    this.lastRoute = route;
    this.lastAudience = audience;
    return audience;
  }

  reachCommon(a: Route, b: Route): boolean {
    const x = this.audienceOf(a);
    const y = this.audienceOf(b);
    if (x.groupIds.length === 0 || y.groupIds.length === 0) return false;
    if (x === y) return true;
    const [lo, hi] = x.id < y.id ? [x, y] : [y, x];
    let row = this.pairs.get(lo.id);
    if (!row) this.pairs.set(lo.id, (row = new Map()));
    let answer = row.get(hi.id);
    if (answer === undefined) {
      answer = lo.groupIds.some((g) => {
        const meeting = this.groupsMeeting(g);
        return hi.groupIds.some((h) => meeting.has(h));
      });
      row.set(hi.id, answer);
    }
    return answer;
  }

  recipientsOf(route: Route): ReadonlySet<string> {
    const audience = this.audienceOf(route);
    let peers = this.recipients.get(audience.id);
    if (!peers) {
      const set = new Set<string>();
      for (const g of audience.groupIds) for (const p of this.model.membersOf(g)) set.add(p);
      this.recipients.set(audience.id, (peers = set));
    }
    return peers;
  }

  groupsMeeting(groupId: string): ReadonlySet<string> {
    let meeting = this.meetings.get(groupId);
    if (!meeting) this.meetings.set(groupId, (meeting = this.meetingList(groupId, Number.POSITIVE_INFINITY)!));
    return meeting;
  }

  /** The groups sharing a member with `groupId` (itself included), or null once listing them costs more than `budget` memberships. */
  private meetingList(groupId: string, budget: number): Set<string> | null {
    const { groupNumbers, groupIds, membersByGroup, groupsByPeer: groupsOf } = membershipsOf(this.model);
    const set = new Set<string>([groupId]);
    const g = groupNumbers.get(groupId);
    // A group no export lists and no peer names has no members.
    if (g === undefined) return set;
    const members = membersByGroup[g]!;
    let cost = 0;
    for (let i = 0; i < members.length; i++) {
      const groups = groupsOf[members[i]!]!;
      cost += groups.length;
      if (cost > budget) return null;
      for (let k = 0; k < groups.length; k++) set.add(groupIds[groups[k]!]!);
    }
    return set;
  }

  /** Answers by pair of group numbers (see `numberOf`), the smaller number first. */
  private readonly meetsCache = new Map<number, Map<number, boolean>>();
  private readonly groupNumbers = new Map<string, number>();

  /** Group ids by number. */
  private readonly groupIds: string[] = [];
  /**
   * Groups with members are numbered first, 0 to knownGroups - 1; a group named only by routes
   * (no members) gets a later number when first asked about, and meets no group but itself.
   */
  private knownGroups = -1;
  /** Per group number: its meeting bitset, null when not listed (see meetingBitsOf), undefined until asked. */
  private meetingBits: (Uint32Array | null | undefined)[] = [];
  /** Group numbers by audience id. */
  private readonly audienceNumbers: (readonly number[] | undefined)[] = [];

  private numberKnownGroups(): void {
    if (this.knownGroups >= 0) return;
    for (const g of membershipsOf(this.model).groupIds) this.numberOf(g);
    this.knownGroups = this.groupNumbers.size;
    this.meetingBits = new Array<Uint32Array | null | undefined>(this.knownGroups).fill(undefined);
  }

  /** A small number per group id: answers are kept by numbers, which hash faster than ids. */
  private numberOf(groupId: string): number {
    let n = this.groupNumbers.get(groupId);
    if (n === undefined) {
      this.groupNumbers.set(groupId, (n = this.groupNumbers.size));
      this.groupIds.push(groupId);
    }
    return n;
  }

  groupNumber(groupId: string): number {
    this.numberKnownGroups();
    return this.numberOf(groupId);
  }

  groupNumbersOf(route: Route): readonly number[] {
    const audience = this.audienceOf(route);
    let numbers = this.audienceNumbers[audience.id];
    if (!numbers) {
      this.numberKnownGroups();
      this.audienceNumbers[audience.id] = numbers = audience.groupIds.map((g) => this.numberOf(g));
    }
    return numbers;
  }

  meetingBitsOf(a: number): Uint32Array | null {
    this.numberKnownGroups();
    const known = this.knownGroups;
    // A group without members lists no meeting groups.
    if (a >= known) return null;
    let bits = this.meetingBits[a];
    if (bits !== undefined) return bits;
    bits = known <= MAX_BITSET_GROUPS ? this.meetingBitsFromMembers(a) : null;
    this.meetingBits[a] = bits;
    return bits;
  }

  /**
   * Memberships by numbers, built once when the first bitset is asked for: per group number its
   * members' peer numbers, per peer number its group numbers. A bitset is then made from numbers
   * alone (no set of group ids, no lookup per meeting group), so even a group holding every peer
   * gets one.
   */
  private membersByNumber: readonly (readonly number[])[] | null = null;
  private groupsByPeerNumber: readonly (readonly number[])[] | null = null;

  private numberMemberships(): void {
    if (this.membersByNumber) return;
    const m = membershipsOf(this.model);
    // The model's numbers are these unless `meets` numbered a group first: then they are translated.
    const own = m.groupIds.map((g) => this.groupNumbers.get(g)!);
    if (this.knownGroups === own.length && own.every((n, i) => n === i)) {
      this.membersByNumber = m.membersByGroup;
      this.groupsByPeerNumber = m.groupsByPeer;
      return;
    }
    const members: number[][] = [];
    for (let a = 0; a < this.knownGroups; a++) members.push([]);
    for (let g = 0; g < own.length; g++) members[own[g]!] = [...m.membersByGroup[g]!];
    this.membersByNumber = members;
    this.groupsByPeerNumber = m.groupsByPeer.map((groups) => groups.map((g) => own[g]!));
  }

  /** The meeting bitset of known group `a` (itself included), or null past BITSET_BUDGET memberships. */
  private meetingBitsFromMembers(a: number): Uint32Array | null {
    this.numberMemberships();
    const members = this.membersByNumber![a]!;
    const groupsOf = this.groupsByPeerNumber!;
    let cost = 0;
    for (let i = 0; i < members.length; i++) cost += groupsOf[members[i]!]!.length;
    if (cost > BITSET_BUDGET) return null;
    const bits = new Uint32Array((this.knownGroups + 31) >>> 5);
    bits[a >>> 5]! |= 1 << (a & 31);
    for (let i = 0; i < members.length; i++) {
      const groups = groupsOf[members[i]!]!;
      for (let k = 0; k < groups.length; k++) {
        const h = groups[k]!;
        bits[h >>> 5]! |= 1 << (h & 31);
      }
    }
    return bits;
  }

  meetsNumbered(a: number, b: number): boolean {
    if (a === b) return true;
    this.numberKnownGroups();
    // A group without members meets nothing but itself.
    if (a >= this.knownGroups || b >= this.knownGroups) return false;
    const bitsA = this.meetingBitsOf(a);
    if (bitsA) return (bitsA[b >>> 5]! & (1 << (b & 31))) !== 0;
    const bitsB = this.meetingBitsOf(b);
    if (bitsB) return (bitsB[a >>> 5]! & (1 << (a & 31))) !== 0;
    return this.meets(this.groupIds[a]!, this.groupIds[b]!);
  }

  /**
   * Groups whose meeting set is worth listing once (null: too costly, ask pair by pair). Listing
   * costs the sum of the members' group counts; a group like All would list every group of the
   * account from every member, so past MEETING_LIST_BUDGET the pair answers are used instead.
   */
  private readonly listedMeetings = new Map<string, ReadonlySet<string> | null>();

  private listedMeeting(groupId: string): ReadonlySet<string> | null {
    let listed = this.listedMeetings.get(groupId);
    if (listed !== undefined) return listed;
    listed = this.meetings.get(groupId) ?? this.meetingList(groupId, MEETING_LIST_BUDGET);
    if (listed) this.meetings.set(groupId, listed);
    this.listedMeetings.set(groupId, listed);
    return listed;
  }

  meets(a: string, b: string): boolean {
    if (a === b) return true;
    // Most groups are small: their list of meeting groups answers every question in one probe.
    const listedA = this.listedMeeting(a);
    if (listedA) return listedA.has(b);
    const listedB = this.listedMeeting(b);
    if (listedB) return listedB.has(a);
    const na = this.numberOf(a);
    const nb = this.numberOf(b);
    const lo = na < nb ? na : nb;
    let row = this.meetsCache.get(lo);
    if (!row) this.meetsCache.set(lo, (row = new Map()));
    const hi = na < nb ? nb : na;
    let answer = row.get(hi);
    if (answer === undefined) {
      const membersA = this.model.membersOf(a);
      const membersB = this.model.membersOf(b);
      const small = membersA.size <= membersB.size ? membersA : membersB;
      const large = small === membersA ? membersB : membersA;
      answer = false;
      for (const p of small) {
        if (large.has(p)) {
          answer = true;
          break;
        }
      }
      row.set(hi, answer);
    }
    return answer;
  }
}

export type { Memberships } from './types.js';

/** The model's group memberships by number (built with the model). */
export function membershipsOf(model: Model): Memberships {
  return model.memberships;
}

const peerGroupsCache = new WeakMap<Model, ReadonlyMap<string, readonly string[]>>();

/**
 * Peer id → every group it is a member of, from the groups' own member lists and the peers' group
 * lists (groups missing from the groups export included), each group once, in the model's one
 * order of groups (see `Memberships`). Built once per model.
 */
export function groupsByPeer(model: Model): ReadonlyMap<string, readonly string[]> {
  let known = peerGroupsCache.get(model);
  if (known) return known;
  const { peerIds, groupIds, groupsByPeer: numbers } = membershipsOf(model);
  const byPeer = new Map<string, string[]>();
  for (let p = 0; p < peerIds.length; p++) {
    const groups = numbers[p]!;
    const ids = new Array<string>(groups.length);
    for (let k = 0; k < groups.length; k++) ids[k] = groupIds[groups[k]!]!;
    byPeer.set(peerIds[p]!, ids);
  }
  peerGroupsCache.set(model, byPeer);
  return byPeer;
}

/** Group memberships a group's meeting list may cost before `meets` answers its pairs one by one. */
const MEETING_LIST_BUDGET = 1 << 16;

/** Up to this many groups with members, meeting lists are also kept as bitsets (at most 8 MB for all of them). */
const MAX_BITSET_GROUPS = 8192;

/** Group memberships a meeting bitset may cost (a few milliseconds): past it, pairs are answered one by one. */
const BITSET_BUDGET = 1 << 20;

const cache = new WeakMap<Model, Reach>();

/** The reach answers of one model (cached: every rule on the same model shares them). */
export function reachOf(model: Model): Reach {
  let reach = cache.get(model);
  if (!reach) cache.set(model, (reach = new ModelReach(model)));
  return reach;
}

/** Do the two routes reach a common recipient? See the module comment for what counts. */
export function reachCommon(model: Model, a: Route, b: Route): boolean {
  return reachOf(model).reachCommon(a, b);
}

interface Entry<T> {
  readonly rank: number;
  readonly item: T;
  readonly key: string;
}

/** Per group: the earliest entry, and the earliest entry whose key differs from that one's. */
interface Slot<T> {
  readonly first: Entry<T>;
  other: Entry<T> | null;
}

/** Up to this many groups in an index, queries test each (group, group) pair instead of listing the groups that meet. */
const PAIRWISE_SLOTS = 16;

/** Past this many queries without an add, an index first tests the union of its groups' meeting bitsets. */
const MASK_AFTER_QUERIES = 2;

/**
 * Past this many queries, an index remembers each answer it finds per group and exceptKey: a sweep
 * (query, then add) over one prefix of many HA sets asks about the same groups again and again,
 * and walking their meeting groups each time costs more than the rest of the rule.
 */
const REMEMBER_AFTER_QUERIES = 8;

/**
 * The earliest entries (this many) keep their group numbers: an index of many groups tests them
 * first, in rank order, and the first that qualifies is the answer; only when none does is the
 * walk over the meeting groups needed.
 */
const EARLY_ENTRIES = 32;

/** Is group number `g`'s bit set? A group numbered past the bitsets has no members: it meets no group with one. */
export function hasGroupBit(bits: Uint32Array, g: number): boolean {
  return g >>> 5 < bits.length && (bits[g >>> 5]! & (1 << (g & 31))) !== 0;
}

/**
 * The union of the meeting bitsets of `groups`: a route's group meets one of them iff its bit is
 * set (`hasGroupBit`); null when one of them has no bitset (or there are none).
 */
export function meetingUnionOf(reach: Reach, groups: Iterable<number>): Uint32Array | null {
  let union: Uint32Array | null = null;
  for (const h of groups) {
    const bits = reach.meetingBitsOf(h);
    if (!bits) return null;
    union ??= new Uint32Array(bits.length);
    for (let w = 0; w < bits.length; w++) union[w]! |= bits[w]!;
  }
  return union;
}

/** `best`, or the slot's entry (its other one when the first has `exceptKey`) when that was added earlier. */
function earlier<T>(slot: Slot<T>, exceptKey: string | undefined, best: Entry<T> | null): Entry<T> | null {
  const candidate = exceptKey === undefined || slot.first.key !== exceptKey ? slot.first : slot.other;
  return candidate && (!best || candidate.rank < best.rank) ? candidate : best;
}

/**
 * Finds, for a route, the earliest-added item whose routes reach a common recipient with it,
 * without comparing it with every item: items are indexed by distribution group, and a query
 * looks only at the groups that meet the route's own. Optional keys let a query skip items of its
 * own kind (`first(route, ownKey)` returns the earliest item whose key is not `ownKey`).
 */
export class RecipientIndex<T> {
  /** Group numbers in the order first added, their ids and the slot of each (parallel arrays). */
  private readonly groups: number[] = [];
  private readonly ids: string[] = [];
  private readonly slots: Slot<T>[] = [];
  /** Slot index by group number, built once the index outgrows a linear search (most never do). */
  private byGroup: Map<number, number> | null = null;
  private nextRank = 0;
  /** Group numbers of the entries ranked below EARLY_ENTRIES, by rank (with repeats). */
  private readonly earlyGroups: number[][] = [];
  private readonly earlyEntries: Entry<T>[] = [];
  /** Queries since the last add. */
  private queries = 0;
  /**
   * The union of the meeting bitsets of the index's groups: a route's group meets one of them iff
   * its bit is set. Made for an index asked often (a sweep asks an open ancestor for each prefix
   * inside it, and most of them reach none of its groups); null when a group has no bitset.
   */
  private reachable: Uint32Array | null | undefined = undefined;

  constructor(private readonly reach: Reach) {}

  private reachableBits(): Uint32Array | null {
    if (this.reachable === undefined) this.reachable = meetingUnionOf(this.reach, this.groups);
    return this.reachable;
  }

  private slotIndex(group: number): number {
    if (this.byGroup) return this.byGroup.get(group) ?? -1;
    return this.groups.indexOf(group);
  }

  /** Adds an item reached through `routes`; items added earlier win queries. */
  add(routes: Iterable<Route>, item: T, key = ''): void {
    const entry: Entry<T> = { rank: this.nextRank++, item, key };
    const early: number[] | null = entry.rank < EARLY_ENTRIES ? [] : null;
    if (early) {
      this.earlyGroups.push(early);
      this.earlyEntries.push(entry);
    }
    this.queries = 0;
    this.reachable = undefined;
    for (const route of routes) {
      const numbers = this.reach.groupNumbersOf(route);
      if (early) for (const g of numbers) if (!early.includes(g)) early.push(g);
      for (let k = 0; k < numbers.length; k++) {
        const g = numbers[k]!;
        const at = this.slotIndex(g);
        if (at < 0) {
          this.groups.push(g);
          this.ids.push(this.reach.audienceOf(route).groupIds[k]!);
          this.slots.push({ first: entry, other: null });
          if (this.byGroup) this.byGroup.set(g, this.groups.length - 1);
          else if (this.groups.length > PAIRWISE_SLOTS) this.byGroup = new Map(this.groups.map((h, i) => [h, i]));
          continue;
        }
        const slot = this.slots[at]!;
        if (slot.other === null && slot.first.key !== key) slot.other = entry;
      }
    }
  }

  /** The earliest item sharing a recipient with `route` (and, given `exceptKey`, whose key differs from it). */
  first(route: Route, exceptKey?: string): T | undefined {
    const { groups, reach } = this;
    if (groups.length === 0) return undefined;
    let best: Entry<T> | null = null;
    const numbers = reach.groupNumbersOf(route);
    if (++this.queries > MASK_AFTER_QUERIES) {
      const reachable = this.reachableBits();
      if (reachable) {
        let any = false;
        for (let k = 0; k < numbers.length && !any; k++) any = hasGroupBit(reachable, numbers[k]!);
        if (!any) return undefined;
      }
    }
    const found = ++this.asked > REMEMBER_AFTER_QUERIES ? this.foundFor(exceptKey) : null;
    for (let k = 0; k < numbers.length; k++) {
      const g = numbers[k]!;
      let entry = found?.get(g) ?? null;
      if (entry === null) {
        const early = this.earliestAmongEarly(g, exceptKey);
        entry = early === undefined ? this.earliestMeeting(g, route, k, exceptKey) : early;
        if (entry && found) found.set(g, entry);
      }
      if (entry && (!best || entry.rank < best.rank)) best = entry;
    }
    return best?.item;
  }

  /** Answers found so far per exceptKey, by group number (made once the index is asked often). */
  private found: Map<string | undefined, Map<number, Entry<T>>> | null = null;
  /** Queries in all (`queries` restarts at each add). */
  private asked = 0;

  private foundFor(exceptKey: string | undefined): Map<number, Entry<T>> {
    this.found ??= new Map();
    let byGroup = this.found.get(exceptKey);
    if (!byGroup) this.found.set(exceptKey, (byGroup = new Map()));
    return byGroup;
  }

  /**
   * The earliest entry, other than of `exceptKey`, with a group meeting group number `g`, when one
   * of the first EARLY_ENTRIES is (or they are all there is: null); undefined when the answer, if
   * any, ranks later. Used by an index of many groups, where walking the meeting groups costs more.
   */
  private earliestAmongEarly(g: number, exceptKey: string | undefined): Entry<T> | null | undefined {
    if (this.groups.length <= PAIRWISE_SLOTS) return undefined;
    const { earlyGroups, earlyEntries, reach } = this;
    for (let i = 0; i < earlyEntries.length; i++) {
      const entry = earlyEntries[i]!;
      if (exceptKey !== undefined && entry.key === exceptKey) continue;
      const groups = earlyGroups[i]!;
      for (let j = 0; j < groups.length; j++) if (reach.meetsNumbered(g, groups[j]!)) return entry;
    }
    return this.nextRank <= EARLY_ENTRIES ? null : undefined;
  }

  /**
   * The earliest entry, other than of `exceptKey`, with a group meeting group number `g` (the
   * `k`th group of `route`). Once there is one it stays the answer: later entries rank after it.
   */
  private earliestMeeting(g: number, route: Route, k: number, exceptKey: string | undefined): Entry<T> | null {
    const { groups, slots, reach } = this;
    let best: Entry<T> | null = null;
    // An index usually holds a few groups: ask about each pair (a bit test when the account's
    // meeting lists are bitsets), which never lists the members' other groups (for a group like
    // All, every group of the account). Plain arrays and index loops: an account has tens of
    // thousands of such indexes, asked once each.
    if (groups.length <= PAIRWISE_SLOTS) {
      for (let i = 0; i < groups.length; i++) if (reach.meetsNumbered(g, groups[i]!)) best = earlier(slots[i]!, exceptKey, best);
      return best;
    }
    const byGroup = this.byGroup!;
    const bits = reach.meetingBitsOf(g);
    if (bits) {
      // Walk the groups meeting `g` (its set bits) when they are fewer words than the index has slots.
      if (bits.length <= groups.length) {
        for (let w = 0; w < bits.length; w++) {
          let word = bits[w]!;
          while (word !== 0) {
            const low = word & -word;
            word ^= low;
            const at = byGroup.get((w << 5) + 31 - Math.clz32(low));
            if (at !== undefined) best = earlier(slots[at]!, exceptKey, best);
          }
        }
      } else {
        for (let i = 0; i < groups.length; i++) {
          const h = groups[i]!;
          if (h === g || (bits[h >>> 5]! & (1 << (h & 31))) !== 0) best = earlier(slots[i]!, exceptKey, best);
        }
      }
      return best;
    }
    const meeting = reach.groupsMeeting(reach.audienceOf(route).groupIds[k]!);
    // Walk whichever side is smaller: a big group meets many groups, an index often holds few.
    if (meeting.size <= groups.length) {
      for (const h of meeting) {
        const at = byGroup.get(reach.groupNumber(h));
        if (at !== undefined) best = earlier(slots[at]!, exceptKey, best);
      }
    } else {
      for (let i = 0; i < groups.length; i++) if (meeting.has(this.ids[i]!)) best = earlier(slots[i]!, exceptKey, best);
    }
    return best;
  }

  get isEmpty(): boolean {
    return this.groups.length === 0;
  }
}

// The reachability matrix: for every HA set and every group it is distributed to, which routing
// peer carries the set's destinations for the group's members, as the simulator decides. The
// report shows it; the diff compares two of them.
import { comparePrefix, containsAddr, formatAddr, mustParseAddr, networkAddr, type Addr, type Family, type Prefix } from '../net/prefix.js';
import type { HaSet, Model, Route } from '../model/types.js';
import type { Disposition, Outcome, PeerRef } from '../simulate/answer.js';
import { PeerStates, simulatorFor, type Destination, type Simulator } from '../simulate/index.js';
import { routesAndPeers, type SimSet } from '../simulate/distribution.js';
import type { SimulationOptions } from '../simulate/decision.js';
import { groupsByPeer, membershipsOf } from '../model/reach.js';
import { refusesPrefixes, routesInUserspace } from '../model/peerOs.js';
import { targetOfSet } from '../model/describe.js';
import { isPrivatePrefix } from '../net/prefix.js';
import { compareByNameThenId, compareStrings } from '../order.js';
import { ranks } from '../model/sets.js';

export interface SetRef {
  readonly key: string;
  readonly networkId: string;
  /** The prefix (network routes) or the domain list (domain routes), as text. */
  readonly target: string;
  readonly isExit: boolean;
}

export interface CellOutcome {
  readonly disposition: Disposition;
  readonly peer: PeerRef | null;
  /** The network_id of the route that carries it (another set's when it shadows this one). */
  readonly networkId: string | null;
  readonly nondeterministic: boolean;
  /** Routing peers that may carry it: the chosen one, or every tied or conflicting one when nondeterministic; empty when none. */
  readonly possiblePeers: readonly PeerRef[];
  /** How many members of the group get this outcome. */
  readonly members: number;
  /** The first of them by name, at most OUTCOME_SAMPLE. */
  readonly sources: readonly PeerRef[];
  /** Traffic to this private (RFC 1918, ULA) prefix leaves through an exit node instead (§5 fallback): routed, and not where it should go. */
  readonly privateViaExit: boolean;
}

export interface ReachabilityCell {
  readonly group: PeerRef;
  readonly set: SetRef;
  /** The address or name the simulator was asked about: one this set carries and no more specific set does, where there is one. */
  readonly destination: string;
  /** False when the work budget ran out before this set (see reachabilityOf): `outcomes` is then empty. */
  readonly simulated: boolean;
  /** Members of the group. */
  readonly members: number;
  readonly outcomes: readonly CellOutcome[];
}

export interface Reachability {
  readonly groups: readonly PeerRef[];
  readonly sets: readonly SetRef[];
  /** One cell per (set, distribution group of one of its routes), sorted by set key then group name. */
  readonly cells: readonly ReachabilityCell[];
}

export interface ReachabilityOptions {
  /** The work budget (defaultMatrixWork when absent; Infinity: every set). */
  readonly maxWork?: number;
  /** The exit node every source picked (`simulate --exit-node`: a network_id, or NO_EXIT_NODE); none picked when absent. */
  readonly exitNode?: string | null;
}

export function setRefOf(set: HaSet): SetRef {
  return { key: set.key, networkId: set.networkId, target: targetOfSet(set), isExit: set.isExit };
}

// Public resolvers: what a person would probe an exit node with, when no other route covers them.
const EXIT_PROBES: Record<4 | 6, Addr[]> = {
  4: ['8.8.8.8', '1.1.1.1', '9.9.9.9'].map(mustParseAddr),
  6: ['2001:4860:4860::8888', '2606:4700:4700::1111'].map(mustParseAddr),
};

/** Index of the first prefix of `sorted` (by family, network address, then length) that does not start before `prefix`, by binary search (an IPv4 prefix's over numbers). */
function firstInside(prefix: Prefix, sorted: readonly Prefix[]): number {
  if (prefix.family !== 4) return firstAtOrAfter(prefix.family, prefix.start, sorted, 0);
  const n = numericOf(sorted);
  const start = Number(prefix.start);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (n.family[mid]! < 4 || (n.family[mid] === 4 && n.start[mid]! < start)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index (from `lo` on) of the first prefix of `sorted` that does not start before the address
 * `start` of `family`, by binary search: over numbers, the bigints compared only where the
 * numbers are equal (IPv6 addresses sharing their top 52 bits).
 */
function firstAtOrAfter(family: Family, start: bigint, sorted: readonly Prefix[], lo: number): number {
  const n = numericOf(sorted);
  const top = family === 4 ? Number(start) : topOfV6(start);
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const f = n.family[mid]!;
    if (f < family || (f === family && (n.start[mid]! < top || (n.start[mid] === top && sorted[mid]!.start < start)))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An IPv6 address's top 52 bits as a number: ordered as the addresses are, equal for those that differ only below. */
function topOfV6(value: bigint): number {
  return Number(value >> 76n);
}

/**
 * The first address of `prefix` that no more specific prefix of `sorted` takes away, else its
 * network address. `sorted`: by network address, then length. The nested prefixes are one
 * contiguous run of `sorted`, read only as far as the first gap (a /8 may hold a hundred
 * thousand of them).
 */
export function representative(prefix: Prefix, sorted: readonly Prefix[], from = firstInside(prefix, sorted)): Addr {
  // Index loops, not a generator: the matrix asks this of every HA set.
  if (prefix.bits === 0) {
    const probes = EXIT_PROBES[prefix.family];
    const taken = probes.map(() => false);
    if (prefix.family === 4) {
      // Every IPv4 prefix is read: as numbers (a hundred thousand bigint comparisons per probe took 50 ms).
      const n = numericOf(sorted);
      const at = probes.map((a) => Number(a.value));
      for (let i = from; i < sorted.length && n.family[i] === 4; i++) {
        if (n.bits[i]! > 0) for (let j = 0; j < at.length; j++) if (!taken[j] && n.start[i]! <= at[j]! && at[j]! <= n.end[i]!) taken[j] = true;
      }
    } else {
      for (let i = from; i < sorted.length; i++) {
        const p = sorted[i]!;
        if (p.family !== prefix.family) break;
        if (p.bits > 0) for (let j = 0; j < probes.length; j++) if (!taken[j] && containsAddr(p, probes[j]!)) taken[j] = true;
      }
    }
    const probe = probes.find((_, i) => !taken[i]);
    if (probe) return probe;
  }
  if (prefix.family === 4) return representativeV4(prefix, sorted, from);
  let cursor = prefix.start;
  for (let i = from; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.family !== prefix.family || p.start > cursor || p.start > prefix.end) break;
    // The same prefix (another network_id) takes nothing away; any other from here on is nested.
    if (p.bits > prefix.bits && p.end >= cursor) {
      cursor = p.end + 1n;
      // Prefixes nest or are apart: none of those inside p reaches past it, so the walk goes on
      // from the first prefix starting after it (a /17 may hold hundreds).
      i = firstAtOrAfter(prefix.family, cursor, sorted, i + 1) - 1;
    }
  }
  return cursor <= prefix.end ? { family: prefix.family, value: cursor } : networkAddr(prefix);
}

/** A sorted list of prefixes as numbers (IPv4 addresses fit a double): family, length, first and last address by position. */
interface NumericPrefixes {
  readonly family: Uint8Array;
  readonly bits: Uint8Array;
  /** The first address of an IPv4 prefix; of an IPv6 one, its top 52 bits (topOfV6). */
  readonly start: Float64Array;
  /** The last address of an IPv4 prefix (none for IPv6). */
  readonly end: Float64Array;
}

const numericLists = new WeakMap<readonly Prefix[], NumericPrefixes>();

/** `sorted` as numbers, made once per list (the matrix asks representative() about every prefix of one list). */
function numericOf(sorted: readonly Prefix[]): NumericPrefixes {
  let n = numericLists.get(sorted);
  if (n && n.family.length === sorted.length) return n;
  n = { family: new Uint8Array(sorted.length), bits: new Uint8Array(sorted.length), start: new Float64Array(sorted.length), end: new Float64Array(sorted.length) };
  sorted.forEach((p, i) => {
    n!.family[i] = p.family;
    n!.bits[i] = p.bits;
    if (p.family === 4) {
      n!.start[i] = Number(p.start);
      n!.end[i] = Number(p.end);
    } else n!.start[i] = topOfV6(p.start);
  });
  numericLists.set(sorted, n);
  return n;
}

/** representative() of an IPv4 prefix (past the exit probes), walking numbers instead of bigints (a /16 may hold hundreds of nested prefixes, each a binary search). */
function representativeV4(prefix: Prefix, sorted: readonly Prefix[], from: number): Addr {
  const n = numericOf(sorted);
  const last = Number(prefix.end);
  let cursor = Number(prefix.start);
  for (let i = from; i < sorted.length; i++) {
    if (n.family[i] !== 4 || n.start[i]! > cursor || n.start[i]! > last) break;
    if (n.bits[i]! > prefix.bits && n.end[i]! >= cursor) {
      cursor = n.end[i]! + 1;
      // As representative(): on from the first prefix starting at or after the cursor.
      let lo = i + 1;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (n.family[mid]! < 4 || (n.family[mid] === 4 && n.start[mid]! < cursor)) lo = mid + 1;
        else hi = mid;
      }
      i = lo - 1;
    }
  }
  return cursor <= last ? { family: 4, value: BigInt(cursor) } : networkAddr(prefix);
}

/**
 * The sets' prefixes by network address (family first), then length: comparePrefix's order, equal
 * prefixes as they came. IPv4 prefixes by one number each (address times 64 plus length), placed
 * by counting sort over their ranks (model/sets.ts `ranks`: the numbers sorted natively, no
 * comparator called for a hundred thousand sets); IPv6 prefixes after them, by comparePrefix.
 */
export function sortedPrefixes(sets: readonly HaSet[]): Prefix[] {
  const v4: Prefix[] = [];
  const keys: number[] = [];
  const v6: Prefix[] = [];
  for (let i = 0; i < sets.length; i++) {
    const p = sets[i]!.network;
    if (!p) continue;
    if (p.family === 4) {
      v4.push(p);
      keys.push(Number(p.start) * 64 + p.bits);
    } else v6.push(p);
  }
  const { distinct, rankOf } = ranks(keys);
  // Where each rank's prefixes start in the output, then each prefix put in its place in arrival order.
  const next = new Uint32Array(distinct.length + 1);
  for (let i = 0; i < rankOf.length; i++) next[rankOf[i]! + 1]!++;
  for (let r = 1; r <= distinct.length; r++) next[r]! += next[r - 1]!;
  const at = new Uint32Array(v4.length);
  for (let i = 0; i < v4.length; i++) at[next[rankOf[i]!]!++] = i;
  const out: Prefix[] = [];
  for (let k = 0; k < at.length; k++) out.push(v4[at[k]!]!);
  // Array.prototype.sort is stable: equal prefixes stay as they came.
  if (v6.length > 1) v6.sort(comparePrefix);
  for (const p of v6) out.push(p);
  return out;
}

/** The name the matrix asks about for a domain pattern: the name itself, or one label below a wildcard. */
export function domainProbe(domain: string): string {
  return domain.startsWith('*.') ? `host.${domain.slice(2)}` : domain;
}

const representatives = new WeakMap<readonly Prefix[], Map<number | string, { readonly addr: Addr; readonly text: string }>>();

/**
 * representative(), found once per prefix of a list: sets of one prefix under many network_ids
 * (thousands of 0.0.0.0/0 sets, each reading every IPv4 prefix for the exit probes) ask alike.
 */
export function representativeOnce(prefix: Prefix, sorted: readonly Prefix[]): Addr {
  return representativeFound(prefix, sorted).addr;
}

/** representativeOnce() with the address as text, both made once per prefix. */
function representativeFound(prefix: Prefix, sorted: readonly Prefix[]): { readonly addr: Addr; readonly text: string } {
  let byPrefix = representatives.get(sorted);
  if (!byPrefix) representatives.set(sorted, (byPrefix = new Map()));
  // An IPv4 prefix keyed by one number (address times 64 plus length): no bigint made text per set.
  const key = prefix.family === 4 ? Number(prefix.start) * 64 + prefix.bits : `${prefix.start} ${prefix.bits}`;
  let found = byPrefix.get(key);
  if (!found) {
    const addr = representative(prefix, sorted);
    byPrefix.set(key, (found = { addr, text: formatAddr(addr) }));
  }
  return found;
}

/** The destination the matrix asks about for one HA set; `sorted`: the sets' prefixes (sortedPrefixes). */
export function probeOf(set: HaSet, sorted: readonly Prefix[]): { destination: Destination; text: string } | null {
  if (set.network) {
    const { addr, text } = representativeFound(set.network, sorted);
    return { destination: { kind: 'ip', addr, text }, text };
  }
  const first = set.domains?.[0];
  if (!first) return null;
  const name = domainProbe(first.toLowerCase());
  return { destination: { kind: 'domain', name }, text: name };
}

/** Members named in a cell's outcome (by name), the rest counted: a group may hold every peer of the account. */
export const OUTCOME_SAMPLE = 8;

/**
 * The members of a group that answer alike, found without asking the simulator about each.
 *
 * What a source receives, and so its answer for one destination, rests on (docs/netbird-behaviour.md §3):
 * its flags and OS class, its groups among those that policies name or that distribute the routes
 * covering the destination, the covering HA sets it serves itself, and whether a policy rule, a
 * Networks API resource or the status report names it. Members alike in all of these get the same
 * answer, so a cell asks the simulator once per class of members. The classes are built in two
 * steps: per group once (`staticClasses`: everything but the covering sets), then per cell, the
 * few members the covering sets single out (`special`: in another of their distribution groups,
 * or serving one of them) are moved to classes of their own. Where a covering route has a route
 * firewall (access control groups) or a Networks API resource, or posture checks decide what a
 * source receives, each member is asked about on its own, as before.
 */
export class MemberClasses {
  readonly sim: Simulator;
  private readonly groupsOf: ReadonlyMap<string, readonly string[]>;
  /** Groups policies name, and the distribution groups of exit routes (which cover every address). */
  private readonly staticGroups = new Set<string>();
  /** Peers whose answers are their own (see the class comment). */
  private readonly ownAnswer = new Set<string>();
  private readonly perMember: boolean;
  /** Peers of the account by name then id: the order of every member list. */
  readonly rank = new Map<string, number>();
  readonly refs: PeerRef[] = [];
  /** Peer ids serving each exit HA key (twins counted under their base set), as the server compares them. */
  private readonly exitServers = new Map<string, Set<string>>();
  private readonly staticKeys = new Map<string, string>();
  private readonly classesByGroup = new Map<string, { key: string; ids: string[] }[]>();
  private readonly sortedMembers = new Map<string, string[]>();

  constructor(
    readonly model: Model,
    states: PeerStates,
  ) {
    this.sim = simulatorFor(model);
    this.groupsOf = groupsByPeer(model);
    const peers = [...model.peers!.values()].sort(compareByNameThenId);
    peers.forEach((p, i) => {
      this.rank.set(p.id, i);
      this.refs.push({ id: p.id, name: model.peerName(p.id) });
    });
    const multiRule = new Set<string>();
    let posture = false;
    for (const policy of model.policies ?? []) {
      if (policy.enabled && policy.sourcePostureCheckIds.length > 0) posture = true;
      const multi = policy.enabled && policy.rules.filter((r) => r.enabled).length > 1;
      for (const rule of policy.rules) {
        for (const side of [rule.sources, rule.destinations]) {
          for (const g of side.groupIds) this.staticGroups.add(g);
          for (const id of side.peerIds) this.ownAnswer.add(id);
          if (multi && rule.enabled) for (const g of side.groupIds) for (const id of model.membersOf(g)) multiRule.add(id);
        }
      }
    }
    this.multiRule = multiRule;
    let guarded = posture;
    for (const route of model.routes) for (const id of route.networkResource?.sourcePeerIds ?? []) this.ownAnswer.add(id);
    if (states.reported?.localPeerId) this.ownAnswer.add(states.reported.localPeerId);
    for (const set of this.sim.sets) {
      if (!set.isExit) continue;
      for (const r of set.routes) {
        if (!r.twin && r.peerId !== null) {
          let servers = this.exitServers.get(r.baseKey);
          if (!servers) this.exitServers.set(r.baseKey, (servers = new Set()));
          servers.add(r.peerId);
        }
        for (const g of r.route.groups) this.staticGroups.add(g);
        if (r.route.accessControlGroups.length > 0 || r.route.networkResource) guarded = true;
      }
    }
    this.perMember = guarded;
    this.staticGroupNumbers = new Map([...this.staticGroups].map((g, i) => [g, i]));
  }

  private readonly multiRule: ReadonlySet<string>;
  /** Each of staticGroups by a number: what a static key holds of a member's groups. */
  private readonly staticGroupNumbers: ReadonlyMap<string, number>;

  /** Members of a group in the export's peers, by name then id. */
  members(groupId: string): string[] {
    let list = this.sortedMembers.get(groupId);
    if (!list) {
      const numbers = this.memberNumbers(groupId);
      if (numbers) {
        // By the model's peer numbers: no set of ids made, no id looked up.
        const ranks = this.ranksByNumber();
        const own: number[] = [];
        for (let i = 0; i < numbers.length; i++) {
          const r = ranks[numbers[i]!]!;
          if (r >= 0) own.push(r);
        }
        list = this.idsOfRanks(own);
      } else list = this.inOrder(this.model.membersOf(groupId));
      this.sortedMembers.set(groupId, list);
    }
    return list;
  }

  /** How many members of a group are in the export's peers (without ordering them). */
  memberCount(groupId: string): number {
    let n = this.memberCounts.get(groupId);
    if (n === undefined) {
      n = 0;
      const numbers = this.memberNumbers(groupId);
      if (numbers) {
        const ranks = this.ranksByNumber();
        for (let i = 0; i < numbers.length; i++) if (ranks[numbers[i]!]! >= 0) n++;
      } else for (const id of this.model.membersOf(groupId)) if (this.rank.has(id)) n++;
      this.memberCounts.set(groupId, n);
    }
    return n;
  }

  /** A group's members as the model's peer numbers (membershipsOf), the same peers as membersOf; null for a group the numbers leave out. */
  private memberNumbers(groupId: string): readonly number[] | null {
    const m = membershipsOf(this.model);
    const g = m.groupNumbers.get(groupId);
    return g === undefined ? null : (m.membersByGroup[g] ?? null);
  }

  /** Per peer number of the model, the peer's rank (-1: not among the export's peers). */
  private ranksByNumber(): Int32Array {
    if (!this.numberRanks) {
      const ids = membershipsOf(this.model).peerIds;
      this.numberRanks = new Int32Array(ids.length);
      for (let i = 0; i < ids.length; i++) this.numberRanks[i] = this.rank.get(ids[i]!) ?? -1;
    }
    return this.numberRanks;
  }

  private numberRanks: Int32Array | null = null;

  /** The ids of peers given by rank, by name then id. */
  private idsOfRanks(ranks: readonly number[]): string[] {
    // A typed array sorts numbers natively, without a comparator called per pair (a group may hold every peer).
    const sorted = Int32Array.from(ranks).sort();
    const out: string[] = new Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) out[i] = this.refs[sorted[i]!]!.id;
    return out;
  }

  private readonly memberCounts = new Map<string, number>();

  /** Peers of the export among `ids`, by name then id (sorted by their numbers, not by looking names up per comparison). */
  inOrder(ids: Iterable<string>): string[] {
    const ranks: number[] = [];
    for (const id of ids) {
      const r = this.rank.get(id);
      if (r !== undefined) ranks.push(r);
    }
    return this.idsOfRanks(ranks);
  }

  /** `ids` (members of the group whose ordered members are `within`) in member order: read off `within` when they are many, else ordered themselves. */
  orderedWithin(ids: ReadonlySet<string>, within: readonly string[]): string[] {
    return ids.size * 4 >= within.length ? within.filter((id) => ids.has(id)) : this.inOrder(ids);
  }

  /** Everything but the covering sets that decides a member's answers (and so which exit nodes it receives and serves). */
  staticKey(id: string): string {
    let key = this.staticKeys.get(id);
    if (key !== undefined) return key;
    if (this.perMember || this.ownAnswer.has(id)) key = `peer ${id}`;
    else {
      const p = this.model.peers!.get(id)!;
      const flags = Number(p.loginExpired) | (Number(p.approvalRequired) << 1) | (Number(p.disableClientRoutes) << 2) | (Number(p.overlayV6 !== null) << 3) | (Number(routesInUserspace(p)) << 4) | (Number(refusesPrefixes(p)) << 5) | (Number(this.multiRule.has(id)) << 6);
      // Asked of every member of the groups the matrix and the exit nodes section read (every peer
      // of the account): index loops, and the groups and exit sets by their numbers, not their ids.
      const groups: number[] = [];
      for (const g of this.groupsOf.get(id) ?? []) {
        const n = this.staticGroupNumbers.get(g);
        if (n !== undefined) groups.push(n);
      }
      if (groups.length > 1) groups.sort((a, b) => a - b);
      key = `${flags} ${groups.join(',')}${this.exitSuffix().get(id) ?? ''}`;
    }
    this.staticKeys.set(id, key);
    return key;
  }

  /**
   * Per peer serving an exit set, the positions of the exit sets it serves (in exitServers' order)
   * as the static key ends with them: made once from the few servers, not asked of every set per member.
   */
  private exitSuffix(): ReadonlyMap<string, string> {
    if (!this.exitSuffixes) {
      const out = new Map<string, string>();
      let k = 0;
      for (const servers of this.exitServers.values()) {
        for (const id of servers) out.set(id, `${out.get(id) ?? ''} ${k}`);
        k++;
      }
      this.exitSuffixes = out;
    }
    return this.exitSuffixes;
  }

  private exitSuffixes: Map<string, string> | null = null;

  /** Is the member named on its own (by a rule, a Networks API resource or the status report), whatever else keys it? */
  namedAlone(id: string): boolean {
    return this.ownAnswer.has(id);
  }

  /** Does the peer serve an exit set (then its answers among the exit sets are its own)? Members of one static class all do, or none does. */
  servesExit(id: string): boolean {
    // exitServers holds the exit keys with a routing peer: every exit set a peer may serve.
    return this.exitSuffix().has(id);
  }

  /** A group's members by static key, each list in member order (a key of `peer <id>`: that member alone). */
  staticClasses(groupId: string): { key: string; ids: string[] }[] {
    let classes = this.classesByGroup.get(groupId);
    if (!classes) {
      const byKey = new Map<string, string[]>();
      for (const id of this.members(groupId)) {
        const key = this.staticKey(id);
        const list = byKey.get(key);
        if (list) list.push(id);
        else byKey.set(key, [id]);
      }
      classes = [...byKey].map(([key, ids]) => ({ key, ids }));
      this.classesByGroup.set(groupId, classes);
    }
    return classes;
  }

  /**
   * The members of `groupId` in classes of members that answer alike about a destination whose
   * covering sets are `covering`: each class as its members in order (one list, or a static class
   * less the members singled out), made when first read: a cell may be refused on how many there
   * are at least. Null when more than `maxSpecial` members would be singled out (each is keyed on
   * its own: a covering set served by every peer singles out the whole group).
   */
  classes(groupId: string, covering: readonly SimSet[], maxSpecial = Infinity): ClassSplit | null {
    // Cells of one prefix ask about the same covering sets (an account with one prefix under
    // thousands of network_ids asks thousands of times): what the sets hold together is read once,
    // and each group's classes are made once.
    let byGroup = this.classesByCover.get(covering);
    if (!byGroup) this.classesByCover.set(covering, (byGroup = new Map()));
    let out = byGroup.get(groupId);
    if (!out || (out.split === null && out.special <= maxSpecial)) byGroup.set(groupId, (out = this.classesAmong(groupId, this.coverFacts(covering), byGroup.size > 0, maxSpecial)));
    return out.split;
  }

  private readonly classesByCover = new WeakMap<readonly SimSet[], Map<string, { readonly special: number; readonly split: ClassSplit | null }>>();
  private readonly factsByCover = new WeakMap<readonly SimSet[], CoverFacts>();

  /** What classes() reads of a list of covering sets, read once per list. */
  private coverFacts(covering: readonly SimSet[]): CoverFacts {
    let facts = this.factsByCover.get(covering);
    if (facts) return facts;
    const sets = covering.filter((s) => !s.isExit);
    const distribution = new Set<string>();
    const positions = new Map<string, number[]>();
    let guarded = false;
    // Routes naming the same peer groups share one list of routing peers: each list kept once.
    const lists = new Set<readonly string[]>();
    sets.forEach((set, i) => {
      const own = this.setFacts(set);
      for (const g of own.groups) if (!this.staticGroups.has(g)) distribution.add(g);
      for (const list of own.servers) lists.add(list);
      if (own.guarded) guarded = true;
      const at = positions.get(set.key);
      if (at) at.push(i);
      else positions.set(set.key, [i]);
    });
    this.factsByCover.set(covering, (facts = { sets, distribution, serverLists: [...lists], servers: null, positions, guarded, holders: null, marks: undefined }));
    return facts;
  }

  /**
   * The classes of `groupId`'s members among `facts`' sets (no split past `maxSpecial` members
   * singled out); `shared`: other groups asked about these sets too. The classes are made when
   * first read: on an account whose every member is a class of its own (posture checks, route
   * firewalls), most cells are refused on their count alone, and a group of every peer is not
   * copied class by class for each of them.
   */
  private classesAmong(groupId: string, facts: CoverFacts, shared: boolean, maxSpecial: number): { readonly special: number; readonly split: ClassSplit | null } {
    const members = this.members(groupId);
    if (facts.guarded) {
      if (members.length > maxSpecial) return { special: members.length, split: null };
      return { special: members.length, split: { special: members.length, fewest: members.length, classes: () => this.singleClasses(groupId) } };
    }
    const numbers = this.memberNumbers(groupId);
    const marks = numbers ? this.coverMarks(facts) : null;
    // Counted before they are listed: past maxSpecial, only how many there are is read.
    const count = marks ? this.countSingledOut(groupId, numbers!, marks, facts) : null;
    if (count !== null && count > maxSpecial) return { special: count, split: null };
    const special = marks ? this.singledOut(groupId, numbers!, marks, facts) : this.singledOutById(groupId, members, facts, shared);
    if (special.size > maxSpecial) return { special: special.size, split: null };
    const fewest = this.staticClasses(groupId).length + (special.size > 0 ? 1 : 0);
    if (special.size === 0) return { special: 0, split: { special: 0, fewest, classes: () => this.unsplitClasses(groupId) } };
    let made: MemberClass[] | null = null;
    return { special: special.size, split: { special: special.size, fewest, classes: () => (made ??= this.splitClasses(groupId, facts, special)) } };
  }

  /**
   * The covering sets' distribution groups and routing peers by peer number, made once per list of
   * sets where the groups hold many members: each group's members are then read as numbers, not
   * looked up by id (thousands of groups asked about the most specific sets of one probe). Null
   * where they hold few (a set of tenants: a list of two groups, asked once) or a group has no numbers.
   */
  private coverMarks(facts: CoverFacts): CoverMarks | null {
    if (facts.marks !== undefined) return facts.marks;
    const m = membershipsOf(this.model);
    let held = 0;
    const lists: (readonly number[])[] = [];
    for (const g of facts.distribution) {
      const numbers = this.memberNumbers(g);
      if (!numbers) return (facts.marks = null);
      lists.push(numbers);
      held += numbers.length;
    }
    if (held * 8 < m.peerIds.length) return (facts.marks = null);
    const holders = new Int32Array(m.peerIds.length);
    for (const list of lists) for (let i = 0; i < list.length; i++) holders[list[i]!]!++;
    const serving = new Uint8Array(m.peerIds.length);
    for (const list of facts.serverLists) {
      const numbers = this.peerNumbersOf(list);
      for (let i = 0; i < numbers.length; i++) serving[numbers[i]!] = 1;
    }
    return (facts.marks = { holders, serving });
  }

  /** The peer numbers (Memberships) of a list of routing peers, those a group holds; made once per list (a peer group's list serves every route naming it). */
  private peerNumbersOf(list: readonly string[]): Int32Array {
    let numbers = this.listNumbers.get(list);
    if (!numbers) {
      const numberOf = (this.numbersOfPeers ??= new Map(membershipsOf(this.model).peerIds.map((id, n) => [id, n])));
      const out: number[] = [];
      for (const id of list) {
        const n = numberOf.get(id);
        if (n !== undefined) out.push(n);
      }
      this.listNumbers.set(list, (numbers = Int32Array.from(out)));
    }
    return numbers;
  }

  private numbersOfPeers: Map<string, number> | null = null;
  private readonly listNumbers = new WeakMap<readonly string[], Int32Array>();

  /** The covering sets' routing peers as one set of ids, made when first read. */
  private serversOf(facts: CoverFacts): ReadonlySet<string> {
    if (!facts.servers) {
      const servers = new Set<string>();
      for (const list of facts.serverLists) for (const id of list) servers.add(id);
      facts.servers = servers;
    }
    return facts.servers;
  }

  /** Is the member (a peer number of the group, among the export's peers) singled out by the sets `marks` were made for? */
  private isSingledOut(n: number, marks: CoverMarks, inOwn: number, ranks: Int32Array): boolean {
    return ranks[n]! >= 0 && (marks.serving[n] === 1 || marks.holders[n]! > inOwn);
  }

  /** How many members of the group (its peer `numbers`) the sets single out. */
  private countSingledOut(groupId: string, numbers: readonly number[], marks: CoverMarks, facts: CoverFacts): number {
    const inOwn = facts.distribution.has(groupId) ? 1 : 0;
    const ranks = this.ranksByNumber();
    let count = 0;
    for (let i = 0; i < numbers.length; i++) if (this.isSingledOut(numbers[i]!, marks, inOwn, ranks)) count++;
    return count;
  }

  /** The members of the group the sets single out, read by number. */
  private singledOut(groupId: string, numbers: readonly number[], marks: CoverMarks, facts: CoverFacts): Set<string> {
    const inOwn = facts.distribution.has(groupId) ? 1 : 0;
    const ranks = this.ranksByNumber();
    const ids = membershipsOf(this.model).peerIds;
    const special = new Set<string>();
    for (let i = 0; i < numbers.length; i++) if (this.isSingledOut(numbers[i]!, marks, inOwn, ranks)) special.add(ids[numbers[i]!]!);
    return special;
  }

  /** The members of the group the sets single out, read by id (see classesAmong). */
  private singledOutById(groupId: string, members: readonly string[], facts: CoverFacts, shared: boolean): Set<string> {
    const inGroup = this.model.membersOf(groupId);
    const special = new Set<string>();
    // Members serving a covering set, or in a distribution group of one other than `groupId`; each
    // side read from the smaller: a set may be served by every peer, a group may hold them all.
    const servers = this.serversOf(facts);
    if (servers.size <= inGroup.size) {
      for (const id of servers) if (inGroup.has(id) && this.rank.has(id)) special.add(id);
    } else for (const id of members) if (servers.has(id)) special.add(id);
    const inOwn = facts.distribution.has(groupId) ? 1 : 0;
    if (shared) {
      // Asked for several groups: how many distribution groups hold each peer, counted once.
      const holders = (facts.holders ??= this.holdersOf(facts.distribution));
      if (holders.size <= inGroup.size) {
        for (const [id, n] of holders) if (n > inOwn && inGroup.has(id) && this.rank.has(id)) special.add(id);
      } else for (const id of members) if ((holders.get(id) ?? 0) > inOwn) special.add(id);
    } else {
      for (const g of facts.distribution) {
        if (g === groupId) continue;
        const other = this.model.membersOf(g);
        if (other.size < inGroup.size) {
          for (const id of other) if (inGroup.has(id) && this.rank.has(id)) special.add(id);
        } else for (const id of members) if (other.has(id)) special.add(id);
      }
    }
    return special;
  }

  /** A group's members each a class of its own, made once per group. */
  private singleClasses(groupId: string): readonly MemberClass[] {
    let out = this.singlesByGroup.get(groupId);
    if (!out) this.singlesByGroup.set(groupId, (out = this.members(groupId).map((id) => ({ ids: [id], skip: null, key: null }))));
    return out;
  }

  /** A group's static classes as classes no covering set splits, made once per group. */
  private unsplitClasses(groupId: string): readonly MemberClass[] {
    let out = this.unsplitByGroup.get(groupId);
    if (!out) this.unsplitByGroup.set(groupId, (out = this.staticClasses(groupId).map((c) => ({ ids: c.ids, skip: null, key: c.key }))));
    return out;
  }

  private readonly singlesByGroup = new Map<string, readonly MemberClass[]>();
  private readonly unsplitByGroup = new Map<string, readonly MemberClass[]>();

  /** A group's static classes less the members `facts`' sets single out (`special`, some at least), and those members classed by what sets them apart. */
  private splitClasses(groupId: string, facts: CoverFacts, special: ReadonlySet<string>): MemberClass[] {
    const members = this.members(groupId);
    const out: MemberClass[] = this.staticClasses(groupId).map((c) => ({ ids: c.ids, skip: special, key: c.key }));
    const byKey = new Map<string, string[]>();
    for (const id of this.orderedWithin(special, members)) {
      const groups = (this.groupsOf.get(id) ?? []).filter((g) => g !== groupId && facts.distribution.has(g)).sort(compareStrings);
      const key = JSON.stringify([this.staticKey(id), groups, this.servedAmong(id, facts)]);
      const list = byKey.get(key);
      if (list) list.push(id);
      else byKey.set(key, [id]);
    }
    for (const ids of byKey.values()) out.push({ ids, skip: null, key: null });
    return out;
  }

  /** Per peer, how many of `groups` hold it. */
  private holdersOf(groups: Iterable<string>): Map<string, number> {
    const out = new Map<string, number>();
    for (const g of groups) for (const id of this.model.membersOf(g)) out.set(id, (out.get(id) ?? 0) + 1);
    return out;
  }

  /** The keys of the sets among `facts.sets` that the peer serves, in their order: from its own keys when it serves fewer. */
  private servedAmong(id: string, facts: CoverFacts): string[] {
    const own = this.sim.servedKeys(id);
    if (own.size >= facts.sets.length) return facts.sets.filter((s) => own.has(s.key)).map((s) => s.key);
    const at: number[] = [];
    for (const k of own) for (const i of facts.positions.get(k) ?? []) at.push(i);
    return at.sort((a, b) => a - b).map((i) => facts.sets[i]!.key);
  }

  /**
   * The members of `some` (members of the group `classes` were made for) by class, in member order:
   * one pass over `some`, not one over each class (a group of every peer, a few members left).
   */
  bucket(groupId: string, classes: readonly MemberClass[], some: ReadonlySet<string>): (readonly string[])[] {
    const byKey = new Map<string, number>();
    const byId = new Map<string, number>();
    classes.forEach((c, i) => {
      if (c.key !== null) byKey.set(c.key, i);
      else for (const id of c.ids) byId.set(id, i);
    });
    const out: string[][] = classes.map(() => []);
    for (const id of this.orderedWithin(some, this.members(groupId))) {
      // A member singled out is in one of the classes of those (a static class skips it); any other, in its static class.
      const i = byId.get(id) ?? byKey.get(this.staticKey(id));
      if (i !== undefined) out[i]!.push(id);
    }
    return out;
  }

  private readonly factsBySet = new WeakMap<SimSet, SetFacts>();

  /** What classes() reads of a covering set, read once per set: a set may have a row per peer of the account. */
  private setFacts(set: SimSet): SetFacts {
    let facts = this.factsBySet.get(set);
    if (facts) return facts;
    const groups = new Set<string>();
    const servers: (readonly string[])[] = [];
    let guarded = false;
    const readRoute = (route: Route): void => {
      for (const g of route.groups) groups.add(g);
      if (route.accessControlGroups.length > 0 || route.networkResource) guarded = true;
    };
    if (set.isExit) {
      let last = null;
      const peers: string[] = [];
      servers.push(peers);
      for (const r of set.routes) {
        // Its routing peers, as the server compares them (a twin row counts under its base set).
        if (!r.twin && r.peerId !== null) peers.push(r.peerId);
        // A route's rows are adjacent and share its groups.
        if (r.route === last) continue;
        last = r.route;
        readRoute(r.route);
      }
    } else {
      // Only ::/0 sets hold twins: the others are read from their routes, without making their rows
      // (on an account where every route covers one address, each set is the most specific of one probe).
      const { routes, peers } = routesAndPeers(set);
      routes.forEach((route, i) => {
        servers.push(peers[i]!);
        readRoute(route);
      });
    }
    this.factsBySet.set(set, (facts = { groups: [...groups], servers, guarded }));
    return facts;
  }

  /**
   * The members of a class less those it skips: how many, and the first of them, without copying a
   * long list when few are skipped (a group of every peer, a handful singled out).
   */
  view(c: MemberClass): MemberView {
    const skip = c.skip;
    if (!skip) return listView(c.ids);
    let all: readonly string[] | null = null;
    const filtered = (): readonly string[] => (all ??= c.ids.filter((id) => !skip.has(id)));
    if (c.key === null || skip.size * 4 > c.ids.length) {
      return listView(filtered());
    }
    // Members skipped are in the group: those of this class have its static key.
    let skipped = 0;
    for (const id of skip) if (this.staticKey(id) === c.key) skipped++;
    return {
      length: c.ids.length - skipped,
      first: (n) => {
        const out: string[] = [];
        for (let i = 0; i < c.ids.length && out.length < n; i++) if (!skip.has(c.ids[i]!)) out.push(c.ids[i]!);
        return out;
      },
      all: filtered,
    };
  }
}

/** What a covering set adds to a cell's classes: its routes' distribution groups, its routing peers, and whether a route firewall or a Networks API resource guards it. */
/** What classes() reads of a list of covering sets (see MemberClasses.coverFacts). */
interface CoverFacts {
  /** The covering sets but the exit sets, in order. */
  readonly sets: readonly SimSet[];
  /** Their distribution groups, but those in every static key (policies', exit routes'). */
  readonly distribution: ReadonlySet<string>;
  /** Their routing peers, as their routes' lists (each once). */
  readonly serverLists: readonly (readonly string[])[];
  /** The same as one set: made when first read (MemberClasses.serversOf). */
  servers: ReadonlySet<string> | null;
  /** Each set key's places in `sets`. */
  readonly positions: ReadonlyMap<string, readonly number[]>;
  readonly guarded: boolean;
  /** Per peer, how many of `distribution` hold it: made when a second group asks. */
  holders: Map<string, number> | null;
  /** `holders` and `servers` by peer number, where the groups hold many members (see MemberClasses.coverMarks): undefined until asked. */
  marks: CoverMarks | null | undefined;
}

/** Per peer number (Memberships): how many of some covering sets' distribution groups hold it, and whether it serves one of them. */
interface CoverMarks {
  readonly holders: Int32Array;
  readonly serving: Uint8Array;
}

interface SetFacts {
  readonly groups: readonly string[];
  /** Its routing peers, in lists that may share peers (a route's list is shared by the routes naming the same peer groups). */
  readonly servers: readonly (readonly string[])[];
  readonly guarded: boolean;
}

/** See MemberClasses.view. */
interface MemberView {
  readonly length: number;
  first(n: number): readonly string[];
  all(): readonly string[];
}

function listView(ids: readonly string[]): MemberView {
  return { length: ids.length, first: (n) => ids.slice(0, n), all: () => ids };
}

/** A group's members in classes among some covering sets: how many members the sets single out, how many classes there are at least (known before the classes are made), and the classes. */
export interface ClassSplit {
  readonly special: number;
  readonly fewest: number;
  /** Made at the first call. */
  readonly classes: () => readonly MemberClass[];
}

/** Member classes per model, and per peer whose status report the states hold (all they read of the states). */
const classesByModel = new WeakMap<Model, Map<string | null, MemberClasses>>();

/** The member classes of a model (built once: the report's matrix and its exit nodes section share them). */
export function memberClassesOf(model: Model, states: PeerStates = new PeerStates()): MemberClasses {
  let byReport = classesByModel.get(model);
  if (!byReport) classesByModel.set(model, (byReport = new Map()));
  const own = states.reported?.localPeerId ?? null;
  let classes = byReport.get(own);
  if (!classes) byReport.set(own, (classes = new MemberClasses(model, states)));
  return classes;
}

/** Members of one class: `ids` less those in `skip`. */
interface MemberClass {
  readonly ids: readonly string[];
  readonly skip: ReadonlySet<string> | null;
  /** The static key all of `ids` share; null for a class of members singled out. */
  readonly key: string | null;
}

/** Does what the matrix shows of the answer name its source (it serves the destination, or may carry it)? Then members of a class differ. */
function namesSource(o: Outcome, sourceId: string): boolean {
  return o.disposition === 'LOCAL' || o.peer?.id === sourceId || (o.nondeterministic && possiblePeersOf(o).some((p) => p.id === sourceId));
}

interface Tally {
  readonly outcome: Outcome;
  count: number;
  /** Member ranks, the first OUTCOME_SAMPLE by name. */
  sample: number[];
}

const notExit = (set: SimSet): boolean => !set.isExit;
const isExit = (set: SimSet): boolean => set.isExit;

/** Thrown by a cell's simulation when the work budget runs out within it. */
const OUT_OF_WORK = Symbol('out of work');

/**
 * What every cell of one probe shares: its covering sets, their rows, and the scopes answers are
 * asked in. What only a question reads (the rows of every covering set, the scopes) is found when
 * a cell first asks one: on an account where every route covers one address, cells are refused on
 * the most specific sets alone, and a probe may have a hundred thousand covering sets.
 */
class ProbeFacts {
  readonly covering: readonly SimSet[];
  /** Ask without the exit sets first (see the constructor). */
  readonly split: boolean;
  readonly onlyExits: boolean;
  readonly family: number;
  /** The most specific covering sets, when less specific ones cover the address too; else null. */
  readonly top: readonly SimSet[] | null;
  readonly topRows: number;
  readonly #ask: (keep: (set: SimSet) => boolean) => (id: string) => Outcome;
  #rows: { all: number; nonExit: number } | null = null;
  #amongExits: ((id: string) => Outcome) | null = null;
  #amongOthers: ((id: string) => Outcome) | null = null;
  #amongAll: ((id: string) => Outcome) | null = null;
  #amongTop: ((id: string) => Outcome) | null = null;

  constructor(classes: MemberClasses, destination: Destination, simOptions: SimulationOptions) {
    const covering = (this.covering = classes.sim.coveringSets(destination));
    this.#ask = (keep) => classes.sim.outcomesAmong(destination, simOptions, keep);
    // The exit sets (a thousand routes on some accounts) cover every address but are weighed only
    // when no other covering set carries the destination: asked without them first, an answer that
    // is carried (routed, local, denied or black-holed at a peer) is the whole answer's carrier.
    // Not when a covering set shares a network_id with an exit set (an unpaired `-v6` exit changes
    // which of that network_id's routes the client may use).
    const exitNetworkIds = new Set<string>();
    let nonExit = false;
    let topBits = 0;
    for (const c of covering) {
      if (c.isExit) exitNetworkIds.add(c.networkId);
      else {
        nonExit = true;
        if (destination.kind === 'ip' && c.network !== null && c.network.bits > topBits) topBits = c.network.bits;
      }
    }
    this.split = exitNetworkIds.size > 0 && nonExit && !covering.some((c) => !c.isExit && exitNetworkIds.has(c.networkId));
    this.onlyExits = exitNetworkIds.size > 0 && !nonExit;
    this.family = destination.kind === 'ip' ? destination.addr.family : 0;
    const topSets = destination.kind === 'ip' ? covering.filter((c) => !c.isExit && c.network !== null && c.network.bits === topBits) : [];
    this.top = topSets.length > 0 && topSets.length < covering.length && !topSets.some((c) => exitNetworkIds.has(c.networkId)) ? topSets : null;
    this.topRows = (this.top ?? []).reduce((n, c) => n + rowCount(c), 0) + 1;
  }

  get rows(): number {
    return this.#counted().all;
  }

  get nonExitRows(): number {
    return this.#counted().nonExit;
  }

  get exitRows(): number {
    return this.rows - this.nonExitRows + 1;
  }

  #counted(): { all: number; nonExit: number } {
    if (!this.#rows) {
      let all = 1;
      let nonExit = 1;
      for (const c of this.covering) {
        const n = rowCount(c);
        all += n;
        if (!c.isExit) nonExit += n;
      }
      this.#rows = { all, nonExit };
    }
    return this.#rows;
  }

  amongExits(id: string): Outcome {
    return (this.#amongExits ??= this.#ask(isExit))(id);
  }

  amongOthers(id: string): Outcome {
    return (this.#amongOthers ??= this.#ask(notExit))(id);
  }

  amongAll(id: string): Outcome {
    return (this.#amongAll ??= this.#ask(() => true))(id);
  }

  amongTop(id: string): Outcome {
    const inTop = new Set(this.top ?? []);
    return (this.#amongTop ??= this.#ask((c) => inTop.has(c)))(id);
  }
}

const rowCounts = new WeakMap<SimSet, number>();

/**
 * How many rows a set has (one per route and routing peer, one for a route with none), counted
 * without making them where they are not made yet (`routesAndPeers`): an exit set's rows, with
 * their ::/0 twins, as they are.
 */
export function rowCount(set: SimSet): number {
  let n = rowCounts.get(set);
  if (n === undefined) {
    if (set.isExit) n = set.routes.length;
    else {
      n = 0;
      for (const peers of routesAndPeers(set).peers) n += Math.max(1, peers.length);
    }
    rowCounts.set(set, n);
  }
  return n;
}

/** Probes with at least this many covering sets have their facts kept for the sets after them. */
const PROBE_MEMO_MIN_SETS = 32;
/** The covering sets the kept facts may hold in all. */
const PROBE_MEMO_MAX_SETS = 4_000_000;

/**
 * Work the matrix may do by default, counted in rows of covering HA sets the simulator weighs (one
 * per route and routing peer, per answer) and QUESTION_WORK per answer: a fixed part and a part per
 * route of the account, so that on a large account the matrix takes a fraction of what lint of the
 * same account takes (the report lints too, and builds every other section: all of it within twice
 * lint's time). Up to 100,000 routes the budget stays that of 100,000 routes (a few seconds): a
 * page of a smaller account simulates every cell it can in that time rather than a share of it.
 */
export function defaultMatrixWork(model: Model): number {
  return 150_000 + 3 * Math.max(100_000, model.routes.length);
}

/**
 * What one question to the simulator costs the budget besides the rows it weighs: finding the
 * source's deliveries and deciding among them take about as long as weighing this many rows (about
 * 40 us a question, 2.5 us a row, measured on the bench's accounts). Without it an account whose
 * cells ask many questions about few rows each (tenants' sets, a handful of routes covering each
 * address) ran its matrix for twice as long as one whose questions weigh hundreds of rows.
 */
export const QUESTION_WORK = 24;

/**
 * Builds the matrix: every HA set by every group it is distributed to; needs the groups and peers
 * of the export. Sets are simulated in order of the members they reach, most first, while the
 * work budget lasts; the cells of the sets after that are there, unsimulated, with their members counted.
 * A cell may take a fiftieth of the budget: rows weighed, and members classed again (those the
 * covering sets single out, those the most specific sets leave over), each member counted as a row
 * before it is classed; a cell that would pass its share is left unsimulated whole, and what it was
 * not let do stays for the cells after it. Counts, not time: the same export gives the same matrix.
 */
export function reachabilityOf(model: Model, states: PeerStates = new PeerStates(), options: ReachabilityOptions = {}): Reachability {
  const prefixes = sortedPrefixes(model.haSets);
  const classes = memberClassesOf(model, states);
  // Brief answers without assumptions: the matrix shows who carries the traffic, nothing more.
  const simOptions = { states, currentPeerId: null, exitNode: options.exitNode ?? null, explain: false, assumptions: false };
  const budget = options.maxWork ?? defaultMatrixWork(model);
  const share = budget / 50;
  let work = 0;
  const exitAnswers = new Map<string, Outcome>();
  const probes = new Map<string, ProbeFacts>();
  let memoized = 0;
  // Each set's cells, by the set's place in model.haSets (sorted by key, as the cells are listed).
  const cellsBySet: ReachabilityCell[][] = new Array(model.haSets.length);
  // One column per group, found once per set (six hundred thousand cells): its ref shared by its
  // cells, its members counted, its place among the columns by name then id.
  const columns = new Map<string, Column>();
  const columnOf = (id: string): Column => {
    let column = columns.get(id);
    if (!column) columns.set(id, (column = { ref: { id, name: model.groupName(id) }, members: classes.memberCount(id), place: 0, shown: false }));
    return column;
  };
  // One ref per set, shared by its cells and the matrix's list of sets.
  const setRefs = model.haSets.map(setRefOf);
  // The sets distributed to a group, most members reached first, then in set order: sorted as one
  // number each (a hundred thousand sets), not by a comparator.
  const groupsOfSet: Column[][] = new Array(model.haSets.length);
  const reachOf: number[] = [];
  const orders: number[] = [];
  for (let order = 0; order < model.haSets.length; order++) {
    const groups = distributionGroupsOf(model.haSets[order]!);
    if (groups.length === 0) continue;
    let reach = 0;
    const setColumns = groups.map(columnOf);
    for (const c of setColumns) reach += c.members;
    groupsOfSet[order] = setColumns;
    reachOf.push(reach);
    orders.push(order);
  }
  [...columns.values()].sort((a, b) => compareByNameThenId(a.ref, b.ref)).forEach((c, place) => (c.place = place));
  for (const order of mostReachedFirst(reachOf, orders, model.haSets.length)) {
    const set = model.haSets[order]!;
    const setColumns = groupsOfSet[order]!;
    const probe = probeOf(set, prefixes);
    if (!probe) continue;
    const setRef = setRefs[order]!;
    const cells: ReachabilityCell[] = (cellsBySet[order] = []);
    for (const c of setColumns) c.shown = true;
    if (work >= budget) {
      for (const c of setColumns) cells.push({ group: c.ref, set: setRef, destination: probe.text, simulated: false, members: c.members, outcomes: NO_OUTCOMES });
      continue;
    }
    // Sets of one prefix share the probe: its covering sets and the answers' scopes are found once
    // for them (kept for the probes with many covering sets, within a bound).
    const probeKey = `${probe.destination.kind} ${probe.text}`;
    let kept = probes.get(probeKey);
    if (!kept) {
      kept = new ProbeFacts(classes, probe.destination, simOptions);
      if (kept.covering.length >= PROBE_MEMO_MIN_SETS && memoized < PROBE_MEMO_MAX_SETS) {
        probes.set(probeKey, kept);
        memoized += kept.covering.length;
      }
    }
    const facts = kept;
    const { split, onlyExits, family, top, topRows, covering } = facts;
    const privateSet = !set.isExit && set.network !== null && isPrivatePrefix(set.network);
    let cellWork = 0;
    const spend = (n: number): void => {
      // One cell may take a fiftieth of the budget: a costly one (thousands of members who each
      // serve the destination) is left unsimulated rather than leaving every set after it so.
      // `n`: the rows one question weighs; the question itself costs QUESTION_WORK more.
      if (work >= budget || cellWork >= share) throw OUT_OF_WORK;
      work += n + QUESTION_WORK;
      cellWork += n + QUESTION_WORK;
    };
    // Members a cell classes or sorts again (singled out by the covering sets, or left over by the
    // most specific ones) count as work too, one row each, and are counted before that is done: a
    // group of every peer is not classed member by member only to find it over its share.
    const charge = (n: number): void => {
      if (work >= budget || cellWork + n > share) throw OUT_OF_WORK;
      work += n;
      cellWork += n;
    };
    // A member's answer among the exit sets alone is the same for every address of a family (they
    // cover them all, and a brief answer names no address), and the same for members of one static
    // class that serve no exit set (the static key holds all it rests on): asked once per class
    // (per member for exit servers) and family.
    const exitAnswer = (id: string): Outcome => {
      const key = `${family} ${classes.servesExit(id) ? `peer ${id}` : classes.staticKey(id)}`;
      let o = exitAnswers.get(key);
      if (!o) {
        spend(facts.exitRows);
        exitAnswers.set(key, (o = facts.amongExits(id)));
      }
      return o;
    };
    const ask = (id: string): Outcome => {
      if (onlyExits) return exitAnswer(id);
      if (split) {
        spend(facts.nonExitRows);
        const o = facts.amongOthers(id);
        if (o.disposition !== 'NO_ROUTE' && o.disposition !== 'NO_ROUTING_PEER') return o;
        // No other covering set is installed: the exit sets alone decide.
        if (o.disposition === 'NO_ROUTE') return exitAnswer(id);
      }
      spend(facts.rows);
      return facts.amongAll(id);
    };
    // The answer among the most specific sets, when one of them carries the destination (then the
    // less specific sets and the exit sets change nothing about who carries it); else null.
    const askTop = (id: string): Outcome | null => {
      spend(topRows);
      const o = facts.amongTop(id);
      return o.disposition === 'NO_ROUTE' || o.disposition === 'NO_ROUTING_PEER' ? null : o;
    };
    for (const column of setColumns) {
      const groupId = column.ref.id;
      const cell = (): ReachabilityCell => {
      const tallies: Tally[] = [];
      const add = (outcome: Outcome, ranks: readonly number[], count: number): void => {
        tallies.push({ outcome, count, sample: ranks.slice(0, OUTCOME_SAMPLE) as number[] });
      };
      // Members the most specific sets carry the destination for are answered by those sets alone,
      // in the classes those sets make (few: a group of every peer is one or two classes there);
      // the others, in the classes every covering set makes.
      let pending: Set<string> | null = null;
      if (top) {
        const among = classes.classes(groupId, top, share - cellWork);
        if (!among) throw OUT_OF_WORK;
        charge(among.special);
        // A cell whose classes alone would take more than its share is left unsimulated before any
        // work is spent on it: what it would have cost stays for the sets after it. Refused on the
        // fewest classes it may have where they are enough, before they are made.
        const tooMany = (n: number): boolean => n * (topRows + QUESTION_WORK) > share;
        if (tooMany(among.fewest)) throw OUT_OF_WORK;
        const topClasses = among.classes();
        if (tooMany(topClasses.length)) throw OUT_OF_WORK;
        const left: string[] = [];
        for (const c of topClasses) {
          const ids = classes.view(c);
          if (ids.length === 0) continue;
          const head = ids.first(1)[0]!;
          const first = askTop(head);
          if (first && ids.length > 1 && namesSource(first, head)) {
            for (const id of ids.all()) {
              const o = askTop(id);
              if (o) add(o, [classes.rank.get(id)!], 1);
              else left.push(id);
            }
          } else if (first) add(first, ids.first(OUTCOME_SAMPLE).map((id) => classes.rank.get(id)!), ids.length);
          else {
            charge(ids.length);
            for (const id of ids.all()) left.push(id);
          }
        }
        pending = new Set(left);
      }
      if (pending === null || pending.size > 0) {
        const among = classes.classes(groupId, covering, share - cellWork);
        if (!among) throw OUT_OF_WORK;
        charge(among.special);
        // Each class with members (left) is asked about once at least: every class when no member
        // was answered by the most specific sets, so refused on the fewest there may be first.
        const tooMany = (n: number): boolean => n * ((split ? facts.nonExitRows : facts.rows) + QUESTION_WORK) > share;
        if (!pending && tooMany(among.fewest)) throw OUT_OF_WORK;
        const memberClasses = among.classes();
        const buckets = pending ? classes.bucket(groupId, memberClasses, pending) : null;
        const asked = buckets ? buckets.reduce((n, b) => n + (b.length > 0 ? 1 : 0), 0) : memberClasses.length;
        if (tooMany(asked)) throw OUT_OF_WORK;
        for (const [i, c] of memberClasses.entries()) {
          const ids = buckets ? listView(buckets[i]!) : classes.view(c);
          if (ids.length === 0) continue;
          const head = ids.first(1)[0]!;
          const first = ask(head);
          if (ids.length > 1 && namesSource(first, head)) {
            for (const id of ids.all()) add(ask(id), [classes.rank.get(id)!], 1);
            continue;
          }
          add(first, ids.first(OUTCOME_SAMPLE).map((id) => classes.rank.get(id)!), ids.length);
        }
      }
      const outcomes = tallies.map((t) => ({
        tally: t,
        o: {
          disposition: t.outcome.disposition,
          peer: t.outcome.peer,
          networkId: t.outcome.route?.network_id ?? null,
          nondeterministic: t.outcome.nondeterministic,
          possiblePeers: possiblePeersOf(t.outcome),
          privateViaExit: privateSet && t.outcome.route !== null && 'network' in t.outcome.route && t.outcome.route.network.endsWith('/0'),
        },
      }));
      return { group: column.ref, set: setRef, destination: probe.text, simulated: true, members: tallies.reduce((n, t) => n + t.count, 0), outcomes: mergeOutcomes(outcomes, classes.refs) };
      };
      try {
        cellWork = 0;
        cells.push(cell());
      } catch (err) {
        // The budget ran out within the cell, or the cell took its share: it is left unsimulated whole, never shown in part.
        if (err !== OUT_OF_WORK) throw err;
        cells.push({ group: column.ref, set: setRef, destination: probe.text, simulated: false, members: column.members, outcomes: NO_OUTCOMES });
      }
    }
  }
  // By set key (the sets' order), then group name and id: a set's cells, one per column in its
  // order, are listed by the columns' places, not every cell against every other.
  const cells: ReachabilityCell[] = [];
  cellsBySet.forEach((list, order) => {
    const setColumns = groupsOfSet[order]!;
    const at = list.map((_, i) => i);
    if (list.length > 1) at.sort((i, j) => setColumns[i]!.place - setColumns[j]!.place);
    for (const i of at) cells.push(list[i]!);
  });
  const groups = [...columns.values()]
    .filter((c) => c.shown)
    .sort((a, b) => a.place - b.place)
    .map((c) => c.ref);
  return { groups, sets: setRefs, cells };
}

/**
 * `orders` (distinct, each below `count`) by `reach` (same positions) from most to fewest, equal
 * reach in ascending order: as numbers (most reach less own reach, times `count`, plus the order)
 * sorted natively; by a comparator when those numbers would pass what a double holds exactly.
 */
export function mostReachedFirst(reach: readonly number[], orders: readonly number[], count: number): number[] {
  let most = 0;
  for (const r of reach) if (r > most) most = r;
  if ((most + 1) * Math.max(count, 1) >= Number.MAX_SAFE_INTEGER) {
    return orders.map((order, i) => ({ order, reach: reach[i]! })).sort((a, b) => b.reach - a.reach || a.order - b.order).map((t) => t.order);
  }
  const keys = new Float64Array(orders.length);
  for (let i = 0; i < orders.length; i++) keys[i] = (most - reach[i]!) * count + orders[i]!;
  keys.sort();
  const out: number[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = keys[i]! % count;
  return out;
}

/** A group as a column of the matrix (see reachabilityOf). */
interface Column {
  readonly ref: PeerRef;
  /** Members the group has among the peers (classes.memberCount). */
  readonly members: number;
  /** Its place among the columns, by name then id. */
  place: number;
  /** Whether a set with a probe is distributed to it: then it has cells. */
  shown: boolean;
}

/** The outcomes of every cell left unsimulated (a hundred thousand of them on a large account): one empty list. */
const NO_OUTCOMES: readonly CellOutcome[] = Object.freeze([]);

/** The distinct distribution groups of a set's routes, in their order (a route of one group: its own list). */
function distributionGroupsOf(set: HaSet): readonly string[] {
  if (set.routes.length === 1) {
    // A route's few groups, none repeated and none empty (the usual case), are its list as it is.
    const groups = set.routes[0]!.groups;
    if (groups.length <= 16 && groups.every((g, i) => g !== '' && groups.indexOf(g) === i)) return groups;
  }
  return [...new Set(set.routes.flatMap((r) => r.groups))].filter((g) => g !== '');
}

/** The chosen peer, or every tied or conflicting candidate's peer when the choice is nondeterministic; sorted by name. */
export function possiblePeersOf(o: Pick<Outcome, 'peer' | 'nondeterministic' | 'candidates'>): PeerRef[] {
  if (!o.nondeterministic) return o.peer ? [o.peer] : [];
  const byId = new Map<string, PeerRef>();
  for (const c of o.candidates) if ((c.reason === 'tied' || c.reason === 'conflict') && c.peer) byId.set(c.peer.id, c.peer);
  return [...byId.values()].sort(compareByNameThenId);
}

/** The simulator splits members by their whole answer (trace included); the matrix only cares who carries the traffic. */
function mergeOutcomes(outcomes: readonly { tally: Tally; o: Omit<CellOutcome, 'members' | 'sources'> }[], refs: readonly PeerRef[]): CellOutcome[] {
  const byKey = new Map<string, { o: Omit<CellOutcome, 'members' | 'sources'>; count: number; sample: number[] }>();
  for (const { tally, o } of outcomes) {
    const key = JSON.stringify([o.disposition, o.peer?.id ?? null, o.networkId, o.nondeterministic, o.possiblePeers.map((p) => p.id), o.privateViaExit]);
    const entry = byKey.get(key);
    if (entry) {
      entry.count += tally.count;
      entry.sample = [...entry.sample, ...tally.sample].sort((a, b) => a - b).slice(0, OUTCOME_SAMPLE);
    } else byKey.set(key, { o, count: tally.count, sample: [...tally.sample] });
  }
  return [...byKey.values()]
    .map(({ o, count, sample }) => ({ ...o, members: count, sources: sample.map((r) => refs[r]!) }))
    .sort((a, b) => b.members - a.members || compareStrings(a.sources[0]?.name ?? '', b.sources[0]?.name ?? '') || compareStrings(a.sources[0]?.id ?? '', b.sources[0]?.id ?? ''));
}

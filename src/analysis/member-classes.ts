// A group's members in classes that get the same answer for a destination (see MemberClasses),
// shared by the report's matrix and its exit nodes section.
import type { Model, Route } from '../model/types.js';
import type { PeerRef } from '../simulate/answer.js';
import { PeerStates, simulatorFor, type Simulator } from '../simulate/index.js';
import { routesAndPeers, type SimSet } from '../simulate/distribution.js';
import { groupsByPeer, membershipsOf } from '../model/reach.js';
import { refusesPrefixes, routesInUserspace } from '../model/peerOs.js';
import { compareByNameThenId, compareStrings } from '../order.js';

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
      return { special: members.length, split: { special: members.length, fewest: members.length, classes: (tooMany = never) => atMost(this.singleClasses(groupId), tooMany) } };
    }
    const numbers = this.memberNumbers(groupId);
    const marks = numbers ? this.coverMarks(facts) : null;
    // Counted before they are listed: past maxSpecial, only how many there are is read.
    const count = marks ? this.countSingledOut(groupId, numbers!, marks, facts) : null;
    if (count !== null && count > maxSpecial) return { special: count, split: null };
    const special = marks ? this.singledOut(groupId, numbers!, marks, facts) : this.singledOutById(groupId, members, facts, shared);
    if (special.size > maxSpecial) return { special: special.size, split: null };
    const fewest = this.staticClasses(groupId).length + (special.size > 0 ? 1 : 0);
    if (special.size === 0) return { special: 0, split: { special: 0, fewest, classes: (tooMany = never) => atMost(this.unsplitClasses(groupId), tooMany) } };
    let made: MemberClass[] | null = null;
    return { special: special.size, split: { special: special.size, fewest, classes: (tooMany = never) => atMost((made ??= this.splitClasses(groupId, facts, special, tooMany)), tooMany) } };
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

  /**
   * A group's static classes less the members `facts`' sets single out (`special`, some at least), and
   * those members classed by what sets them apart; null as soon as there are `tooMany` classes (a
   * cell refused on their count: thousands of members singled out are not all keyed to learn it).
   */
  private splitClasses(groupId: string, facts: CoverFacts, special: ReadonlySet<string>, tooMany: (count: number) => boolean): MemberClass[] | null {
    const members = this.members(groupId);
    const out: MemberClass[] = this.staticClasses(groupId).map((c) => ({ ids: c.ids, skip: special, key: c.key }));
    if (tooMany(out.length + 1)) return null;
    const byKey = new Map<string, string[]>();
    for (const id of this.orderedWithin(special, members)) {
      const groups = (this.groupsOf.get(id) ?? []).filter((g) => g !== groupId && facts.distribution.has(g)).sort(compareStrings);
      const key = JSON.stringify([this.staticKey(id), groups, this.servedAmong(id, facts)]);
      const list = byKey.get(key);
      if (list) list.push(id);
      else if (tooMany(out.length + byKey.size + 1)) return null;
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

  /**
   * The keys of the sets among `facts.sets` that the peer serves (as the simulator's servedKeys
   * reads a route: its peer, or a member of one of its peer groups), in their order. Read off an
   * index of the covering sets' own routes by peer and by peer group, made once per list of sets:
   * not off the peer's served keys, which on a covering account are hundreds per peer, made per peer.
   */
  private servedAmong(id: string, facts: CoverFacts): string[] {
    const served = (facts.served ??= this.servedIndexOf(facts));
    const at: number[] = [];
    for (const i of served.byPeer.get(id) ?? []) at.push(i);
    for (const g of this.groupsOf.get(id) ?? []) for (const i of served.byGroup.get(g) ?? []) at.push(i);
    if (at.length === 0) return [];
    at.sort((a, b) => a - b);
    const keys: string[] = [];
    for (let k = 0; k < at.length; k++) if (k === 0 || at[k] !== at[k - 1]) keys.push(facts.sets[at[k]!]!.key);
    return keys;
  }

  /** Per peer and per peer group, the places in `facts.sets` of the sets whose routes name it (each place once per peer or group). */
  private servedIndexOf(facts: CoverFacts): ServedIndex {
    const byPeer = new Map<string, number[]>();
    const byGroup = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, name: string, places: readonly number[]): void => {
      const list = map.get(name);
      // A key's places are added together: a name already holding them ends with them.
      if (list && list[list.length - 1] === places[places.length - 1]) return;
      if (list) list.push(...places);
      else map.set(name, [...places]);
    };
    for (const [key, places] of facts.positions) {
      for (const route of this.model.haSetByKey.get(key)?.routes ?? []) {
        if (route.peer !== '') add(byPeer, route.peer, places);
        for (const g of route.peerGroups) add(byGroup, g, places);
      }
    }
    return { byPeer, byGroup };
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
  /** Who serves which of `sets` (MemberClasses.servedAmong): made when first read. */
  served?: ServedIndex;
}

/** The places in a list of covering sets of the sets whose routes name a peer, or a peer group, as routing peers. */
interface ServedIndex {
  readonly byPeer: ReadonlyMap<string, readonly number[]>;
  readonly byGroup: ReadonlyMap<string, readonly number[]>;
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
export interface MemberView {
  readonly length: number;
  first(n: number): readonly string[];
  all(): readonly string[];
}

export function listView(ids: readonly string[]): MemberView {
  return { length: ids.length, first: (n) => ids.slice(0, n), all: () => ids };
}

/** A group's members in classes among some covering sets: how many members the sets single out, how many classes there are at least (known before the classes are made), and the classes. */
export interface ClassSplit {
  readonly special: number;
  readonly fewest: number;
  /** Made at the first call that completes them; null when their count is `tooMany` (made no further than that). */
  readonly classes: (tooMany?: (count: number) => boolean) => readonly MemberClass[] | null;
}

const never = (): boolean => false;

function atMost(classes: readonly MemberClass[] | null, tooMany: (count: number) => boolean): readonly MemberClass[] | null {
  return classes === null || tooMany(classes.length) ? null : classes;
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

// One side of a behaviour comparison (see behaviour.ts): an export's model, simulator and indexes,
// the tiers of covering sets a member's answer is found through (`Level`), and the carrier of
// each source for a destination, shared among members whose answers read the same facts.
import { alwaysMasquerades } from '../model/peerOs.js';
import type { HaSet, Model, Route } from '../model/types.js';
import { mustParseAddr, type Addr, type Family } from '../net/prefix.js';
import { PrefixTable } from '../net/prefix-table.js';
import type { Outcome, PeerRef } from '../simulate/answer.js';
import { matchPattern } from '../simulate/domain.js';
import { simulatorFor, PeerStates, servingRows, type Destination, type Simulator, type SimSet } from '../simulate/index.js';
import { routesAndPeers } from '../simulate/distribution.js';
import type { Carrier } from './types.js';
import { groupsByPeer, membershipsOf } from '../model/reach.js';
import { compareByNameThenId, compareStrings } from '../order.js';

/** The sets of one model by prefix, and by domain pattern. */
export class SetIndex {
  private readonly byPrefix = new PrefixTable<HaSet>();
  private readonly byPattern = new Map<string, HaSet[]>();

  constructor(model: Model) {
    for (const set of model.haSets) {
      if (set.network) this.byPrefix.add(set.network, set);
      for (const pattern of new Set((set.domains ?? []).map((d) => d.toLowerCase()))) push(this.byPattern, pattern, set);
    }
  }

  /** Sets whose prefix contains `addr`. */
  covering(addr: Addr): HaSet[] {
    return this.byPrefix.covering(addr);
  }

  /** Exit sets (a /0 network) of one family. */
  exits(family: Family): readonly HaSet[] {
    return this.byPrefix.defaults(family);
  }

  /** Sets with a pattern the client matches `name` with: the name itself, or a wildcard over one of its parents. */
  matching(name: string): HaSet[] {
    const out = [...(this.byPattern.get(name) ?? [])];
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) {
      const pattern = `*.${labels.slice(i).join('.')}`;
      for (const set of this.byPattern.get(pattern) ?? []) if (matchPattern(pattern, name) === 'wildcard') out.push(set);
    }
    return out;
  }
}

/** Who may hold a route of some sets (see `Level.holders`): read from their routes, without making their rows. */
function holdersOf(sets: readonly SimSet[]): Level['holders'] {
  const byGroup = new Set<string>();
  const byPeer = new Set<string>();
  for (const set of sets) {
    const { routes, peers } = routesAndPeers(set);
    for (let i = 0; i < routes.length; i++) {
      for (const p of peers[i]!) byPeer.add(p);
      for (const g of routes[i]!.groups) byGroup.add(g);
      for (const id of routes[i]!.networkResource?.sourcePeerIds ?? []) byPeer.add(id);
    }
  }
  return { byGroup, byPeer };
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What each routing peer serves among some sets, by peer (see `servingRows`). */
export interface ServingRows {
  get(peerId: string): string | undefined;
  has(peerId: string): boolean;
  /** At least the number of peers. */
  readonly size: number;
  /** Every peer, some maybe more than once. */
  keys(): Iterable<string>;
}

/**
 * The rows of several sets, joined for a peer when asked: each set's rows name the set, so joined
 * in the sets' order, equal text is equal rows. A set served by every peer would otherwise make one
 * joined text per peer for every destination it covers.
 */
class JoinedRows implements ServingRows {
  readonly size: number;

  constructor(private readonly parts: readonly ReadonlyMap<string, string>[]) {
    this.size = parts.reduce((n, p) => n + p.size, 0);
  }

  get(peerId: string): string | undefined {
    let out: string | undefined;
    for (const part of this.parts) {
      const rows = part.get(peerId);
      if (rows !== undefined) out = out === undefined ? rows : out + rows;
    }
    return out;
  }

  has(peerId: string): boolean {
    return this.parts.some((p) => p.has(peerId));
  }

  *keys(): Iterable<string> {
    for (const part of this.parts) yield* part.keys();
  }
}

/** What policies bring into a member's answer key (see `Side.answerGroups`). */
interface PolicyReads {
  /** By group a rule names: the groups of the rules naming it. */
  readonly byGroup: Map<string, Set<string>>;
  /** By peer a rule names directly: the groups of those rules. */
  readonly byPeer: Map<string, Set<string>>;
  /** By group a policy names: the groups of every rule of those policies (a route firewall reads whole policies). */
  readonly byPolicyGroup: Map<string, Set<string>>;
  /** Peers every peer is connected to by an enabled rule of an enabled policy without posture checks. */
  readonly open: ReadonlySet<string>;
}

/**
 * Test hooks. `byTiers`: false asks every member among all covering sets at once (see `Side.carriers`).
 * `touchedFromMembers`: how `bySide` finds the members of a group a destination's other read groups touch.
 * null: by cost (the read groups' members, or the group's members' own groups); true or false
 * forces the members' own groups (when they list every read group) or the read groups' members.
 * `tierGroupsByPeer`: a tier singles out a group's members through each member's groups among the
 * tier's once walking each of its groups would cost more than this many times the group (0: always; Infinity: never).
 * `shareWalks`: false walks a member's tiers for each destination anew (see `Level.walks`).
 * `shareChains`: false answers a group tier by tier for each destination anew, where destinations
 * with one side's tiers in common share that side's answers (see behaviour.ts `byLevels`).
 * `splitTierSets`: past this many sets in a tier, a member's answer among it is decided over the sets
 * it may hold (simulate/split.ts, as a group question's members are), not over every set of the tier.
 * `tierMemoLimit`: what the memos kept across destinations (`Level.answers` and `walks`, the members a tier
 * singles out, a side's answers by tiers) hold at once, each; past it they are dropped, which is always safe (1: each
 * destination as if alone).
 */
export const tuning: { touchedFromMembers: boolean | null; tierGroupsByPeer: number; byTiers: boolean; shareWalks: boolean; shareChains: boolean; splitTierSets: number; tierMemoLimit: number } = {
  touchedFromMembers: null,
  tierGroupsByPeer: 2,
  byTiers: true,
  shareWalks: true,
  shareChains: true,
  splitTierSets: 64,
  tierMemoLimit: 1 << 18,
};

const NO_GROUPS: ReadonlySet<string> = new Set();
const NO_PEER_GROUPS: readonly string[] = [];

/**
 * A member's answer key for one destination on one side (see `Side.answerGroups`): members with
 * one key have one answer. `exits`: false for the answer among the covering sets that are not exit nodes.
 */
export type AnswerKeys = (peerId: string, exits: boolean, among?: Level) => string;

/**
 * The covering sets of one prefix length that are not exit nodes (one tier of the client's
 * decision, docs/netbird-behaviour.md §5), with what a member's answer among them alone reads.
 */
export interface Level {
  readonly sets: readonly SimSet[];
  /** The groups an answer among these sets alone reads (see `Side.answerGroups`). */
  readonly reads: (group: string) => boolean;
  /** What each routing peer of these sets serves among them (see `servingRows`). */
  readonly serving: ReadonlyMap<string, string>;
  /** The groups `reads` accepts. */
  readonly groups: readonly string[];
  /**
   * Answers among these sets alone, by answer key, for every destination they cover: a brief
   * answer names no address (simulate/batch.ts), so nested prefixes share their less specific
   * tiers' answers. Bounded by `tuning.tierMemoLimit`.
   */
  readonly answers: Map<string, Outcome>;
  /**
   * A member's walk from this tier on (see `Side.carriers`), by member: the tiers after it are
   * those of every prefix this one nests in, so nested prefixes share their less specific tiers'
   * walks. Bounded with `answers`.
   */
  readonly walks: Map<string, TierWalk>;
  /**
   * Who may hold a route of these sets: the members of their distribution groups (`byGroup`),
   * their routing peers and the sources of a Networks API resource (`byPeer`). Anyone else holds
   * none (simulate/distribution.ts `delivery`), and so answers NO_ROUTE among them.
   */
  readonly holders: { readonly byGroup: ReadonlySet<string>; readonly byPeer: ReadonlySet<string> };
  /**
   * Asks a member's answer among these sets alone, set up on the first answer a destination adds
   * and kept for the others they cover (a brief answer names no address); dropped with `answers`.
   */
  asker: ((peerId: string) => Outcome) | null;
}

/** A tier (see `Level`); what its routing peers serve is read on first use: most tiers are never asked. */
class Tier implements Level {
  readonly reads: (group: string) => boolean;
  readonly groups: readonly string[];
  readonly answers = new Map<string, Outcome>();
  readonly walks = new Map<string, TierWalk>();
  readonly holders: Level['holders'];
  asker: ((peerId: string) => Outcome) | null = null;
  #serving: ReadonlyMap<string, string> | null = null;

  /** `reads`: the groups an answer among `sets` alone reads. */
  constructor(
    readonly sets: readonly SimSet[],
    reads: ReadonlySet<string>,
  ) {
    this.reads = (g) => reads.has(g);
    this.groups = [...reads];
    this.holders = holdersOf(sets);
  }

  get serving(): ReadonlyMap<string, string> {
    return (this.#serving ??= servingRows(this.sets));
  }
}

/**
 * Where a member's walk from one tier on stops: the first tier whose answer is not NO_ROUTE, as
 * `rest`, the tiers from it to the last (0: none; `outcome` is then the last tier's).
 */
export interface TierWalk {
  readonly outcome: Outcome;
  readonly rest: number;
}


/** What the exit sets of one side bring into a source's exit classes (see `Side.exitClassOf`, `Side.exitChoiceClassOf`). */
interface ExitFacts {
  /** Groups whose membership decides what a source receives of the exit sets. */
  readonly read: ReadonlySet<string>;
  /** Routing peers of exit routes. */
  readonly servers: ReadonlySet<string>;
  /** The HA keys of the exit sets' rows (a twin's is its base set's). */
  readonly baseKeys: ReadonlySet<string>;
  /** The exit sets (by index, in order) each routing peer holds a row of. */
  readonly rowSets: ReadonlyMap<string, string>;
}

/** A member's carrier found tier by tier (see `Side.carriers`): `depth`, the tier that decides (the number of tiers: the exit sets, or none; -1: every covering set). */
export interface Walked {
  readonly carrier: SideCarrier;
  readonly depth: number;
}

/** The carrier of each source for one destination; with `levels` when it is found tier by tier. */
export type CarrierOf = ((peerId: string) => SideCarrier) & { readonly levels?: { readonly levels: readonly Level[]; readonly exits: boolean; readonly walk: (peerId: string) => Walked } };

/** Who carries a destination for one source on one side, and whether an exit set carries it. */
export interface SideCarrier {
  readonly carrier: Carrier;
  readonly viaExit: boolean;
}

/** The side of the comparison one export gives: its model, simulator and indexes. */
export class Side {
  readonly sim: Simulator;
  readonly index: SetIndex;
  private readonly routesById = new Map<string, Route>();
  private readonly states = new PeerStates();

  constructor(readonly model: Model) {
    this.sim = simulatorFor(model);
    this.index = new SetIndex(model);
    for (const r of model.routes) if (!this.routesById.has(r.id)) this.routesById.set(r.id, r);
    this.exitNetworkIds = new Set(this.sim.sets.filter((s) => s.isExit).map((s) => s.networkId));
    this.groupsOfPeer = groupsByPeer(model);
  }

  private readonly groupsOfPeer: ReadonlyMap<string, readonly string[]>;

  /** A peer's groups as the simulator counts membership (`SharingSource.groups`), without building its source. */
  groupsOf(peerId: string): readonly string[] {
    return this.groupsOfPeer.get(peerId) ?? NO_PEER_GROUPS;
  }

  /**
   * Do the peers' own groups (`groupsOf`) list this group wherever `membersOf` has it? Not for a
   * group only a peer whose id a later peer repeats names (see model/memberships.ts): it has
   * members, but no peer lists it.
   */
  listsMembers(groupId: string): boolean {
    return membershipsOf(this.model).groupNumbers.has(groupId) || this.model.membersOf(groupId).size === 0;
  }

  /** Groups per peer, on average (memberships over peers): what looking at a member's own groups costs. */
  get groupsPerPeer(): number {
    if (this.perPeer === null) {
      let n = 0;
      for (const groups of this.groupsOfPeer.values()) n += groups.length;
      this.perPeer = n / Math.max(1, this.groupsOfPeer.size);
    }
    return this.perPeer;
  }

  private perPeer: number | null = null;

  /** What each routing peer of an exit set serves among them (see `servingRows`), built on first use. */
  get exitRows(): ReadonlyMap<string, string> {
    this.exitRowsOf ??= servingRows(this.sim.sets.filter((s) => s.isExit));
    return this.exitRowsOf;
  }

  private exitRowsOf: Map<string, string> | null = null;
  private readonly rowsBySet = new Map<SimSet, Map<string, string>>();

  /**
   * The groups whose membership a member's answer for a destination may read on this side: a
   * test. An answer reads the distribution groups of the covering sets (of every exit set when one
   * covers it: the exit node selection reads them all) and, of the groups policy rules name, only
   * those that decide whether a policy connects the member to one of those sets' routing peers
   * (the groups of the rules naming the routing peer, docs/netbird-behaviour.md §3) or whether a
   * route firewall lets it in (the groups of the policies naming an access control group of their
   * routes, §8). Both are taken whole, whichever side of a rule, enabled or not: a superset.
   * Members equal in their carrier traits, their groups among these, their rows in the exit sets
   * and the sets they serve have one answer, whatever their other policy groups.
   */
  answerGroups(destination: Destination, exits = true): (group: string) => boolean {
    const covering = this.sim.coveringSets(destination);
    const reads = covering.filter((s) => !s.isExit).map((s) => this.setReads(s));
    if (reads.length === 0 && !exits) return () => false;
    if (exits && covering.some((s) => s.isExit)) {
      if (!this.exitReads) {
        this.exitReads = new Set();
        for (const set of this.sim.sets) if (set.isExit) for (const g of this.setReads(set)) this.exitReads.add(g);
      }
      reads.push(this.exitReads);
    }
    if (reads.length === 1) return (g) => reads[0]!.has(g);
    if (reads.length > 4) {
      const union = new Set<string>();
      for (const r of reads) for (const g of r) union.add(g);
      return (g) => union.has(g);
    }
    return (g) => reads.some((r) => r.has(g));
  }

  private exitReads: Set<string> | null = null;

  /**
   * The covering sets of an address that are not exit nodes, by prefix length, the most specific
   * first (see `carriers`); null when one of them is not a prefix, or shares
   * its network_id with an exit set (an unpaired `-v6` exit, read with the exit node selection).
   */
  levelsOf(covering: readonly SimSet[]): readonly Level[] | null {
    // Loops, not filters and a map of lists: every destination asks this on both sides.
    let ranked: SimSet[] = [];
    let others = 0;
    for (const set of covering) {
      if (set.isExit) continue;
      others++;
      if (set.network === null) return null;
      if (this.exitNetworkIds.has(set.networkId)) return null;
      ranked.push(set);
    }
    if (ranked.length !== others) return null;
    // The longest prefix first, a length's sets in their order here (the order `coveringSets` gives): a tier is a run of one length.
    for (let i = 1; i < ranked.length; i++) {
      if (ranked[i]!.network!.bits > ranked[i - 1]!.network!.bits) {
        ranked = [...ranked].sort((a, b) => b.network!.bits - a.network!.bits);
        break;
      }
    }
    // The tiers after the first are those of every prefix the first one's nests in, the same for
    // every address it covers: the whole list is kept by the first tier (see `chains`).
    let first = '';
    for (let j = 0; j < ranked.length && ranked[j]!.network!.bits === ranked[0]!.network!.bits; j++) first += j === 0 ? `${ranked[j]!.index}` : `,${ranked[j]!.index}`;
    const known = this.chains.get(first);
    if (known) return this.enter(known);
    const out: Level[] = [];
    for (let i = 0; i < ranked.length; ) {
      const bits = ranked[i]!.network!.bits;
      let j = i + 1;
      let key = `${ranked[i]!.index}`;
      while (j < ranked.length && ranked[j]!.network!.bits === bits) key += `,${ranked[j++]!.index}`;
      let level = this.levels.get(key);
      if (!level) {
        const sets = ranked.slice(i, j);
        const union = new Set<string>();
        for (const set of sets) for (const g of this.setReads(set)) union.add(g);
        this.levels.set(key, (level = new Tier(sets, union)));
      }
      out.push(level);
      i = j;
    }
    if (ranked.length > 0) this.chains.set(first, out);
    return this.enter(out);
  }

  /** The tiers of the destination compared last (see `enter`). */
  private chain: readonly Level[] = [];

  /**
   * Makes `chain` the current destination's tiers. The diff asks destinations in prefix order, so
   * a tier the new chain leaves behind covers no later destination: its answers and walks are
   * dropped (were one asked again, they would be found again). Chains of two addresses share
   * their common tiers as a tail (the prefixes covering both), so only the head is looked at.
   */
  private enter(chain: readonly Level[]): readonly Level[] {
    const old = this.chain;
    if (old === chain) return chain;
    let i = old.length - 1;
    for (let j = chain.length - 1; i >= 0 && j >= 0 && old[i] === chain[j]; j--) i--;
    for (; i >= 0; i--) this.forget(old[i]!);
    this.chain = chain;
    return chain;
  }

  private forget(level: Level): void {
    this.levelAnswers -= level.answers.size + level.walks.size;
    level.answers.clear();
    level.walks.clear();
    level.asker = null;
  }

  /** The tiers of an address by its first tier's key (see `levelsOf`): nested prefixes' addresses share their lists. */
  private readonly chains = new Map<string, readonly Level[]>();

  /** May a peer hold a route of a level's sets (see `Level.holders`)? */
  holds(level: Level, peerId: string): boolean {
    const { byGroup, byPeer } = level.holders;
    if (byPeer.has(peerId)) return true;
    for (const g of this.groupsOf(peerId)) if (byGroup.has(g)) return true;
    return false;
  }

  /** Levels by their sets (see `levelsOf`): nested prefixes share their less specific levels. */
  private readonly levels = new Map<string, Level>();
  /** Answers and walks the levels keep (see `Level.answers`, `Level.walks`). */
  private levelAnswers = 0;

  /** Counts one more answer or walk the levels keep; past `tuning.tierMemoLimit`, they forget them all. */
  private countLevelMemo(): void {
    if (++this.levelAnswers <= tuning.tierMemoLimit) return;
    for (const l of this.levels.values()) {
      l.answers.clear();
      l.walks.clear();
      l.asker = null;
    }
    this.levelAnswers = 1;
  }

  private readonly readsBySet = new Map<SimSet, Set<string>>();
  private readonly readsByPeer = new Map<string, ReadonlySet<string>>();
  private policyReads: PolicyReads | null = null;

  /** What `answerGroups` reads of one set: its distribution groups, and the policy groups its routing peers and access control groups bring in. */
  private setReads(set: SimSet): ReadonlySet<string> {
    let out = this.readsBySet.get(set);
    if (out) return out;
    out = new Set<string>();
    const policy = this.policyReadsOf();
    // From its routes and their routing peers, without making its rows (most tiers are never asked).
    const { routes, peers } = routesAndPeers(set);
    for (let i = 0; i < routes.length; i++) {
      for (const g of routes[i]!.groups) out.add(g);
      for (const g of routes[i]!.accessControlGroups) for (const x of policy.byPolicyGroup.get(g) ?? []) out.add(x);
      for (const p of peers[i]!) for (const x of this.peerReads(p)) out.add(x);
    }
    this.readsBySet.set(set, out);
    return out;
  }

  /**
   * The groups of the rules that name a routing peer, directly or by a group it is in; none when
   * an enabled rule of an enabled policy without posture checks connects it to every peer (a
   * group of every peer on its other side): then every member is connected to it, whatever its groups.
   */
  private peerReads(peerId: string): ReadonlySet<string> {
    let out = this.readsByPeer.get(peerId);
    if (out) return out;
    const policy = this.policyReadsOf();
    if (policy.open.has(peerId)) {
      this.readsByPeer.set(peerId, NO_GROUPS);
      return NO_GROUPS;
    }
    const set = new Set<string>(policy.byPeer.get(peerId) ?? []);
    for (const [g, groups] of policy.byGroup) if (this.model.membersOf(g).has(peerId)) for (const x of groups) set.add(x);
    this.readsByPeer.set(peerId, set);
    return set;
  }

  private policyReadsOf(): PolicyReads {
    if (this.policyReads) return this.policyReads;
    const byGroup = new Map<string, Set<string>>();
    const byPeer = new Map<string, Set<string>>();
    const byPolicyGroup = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, groups: readonly string[]) => {
      let s = map.get(key);
      if (!s) map.set(key, (s = new Set()));
      for (const g of groups) s.add(g);
    };
    for (const policy of this.model.policies ?? []) {
      const all: string[] = [];
      for (const rule of policy.rules) {
        const sides = [rule.sources, rule.destinations];
        const groups = sides.flatMap((s) => [...s.groupIds, ...s.ignoredGroupIds]);
        all.push(...groups);
        for (const g of groups) add(byGroup, g, groups);
        for (const s of sides) for (const p of s.peerIds) add(byPeer, p, groups);
      }
      for (const g of all) add(byPolicyGroup, g, all);
    }
    // Peers an open rule connects to every peer (see `peerReads`).
    const open = new Set<string>();
    const peers = this.model.peers ?? new Map();
    const everyone = new Map<string, boolean>();
    const ofEveryone = (g: string): boolean => {
      let e = everyone.get(g);
      if (e === undefined) {
        const members = this.model.membersOf(g);
        e = members.size >= peers.size && [...peers.keys()].every((id) => members.has(id));
        everyone.set(g, e);
      }
      return e;
    };
    for (const policy of this.model.policies ?? []) {
      if (!policy.enabled || policy.sourcePostureCheckIds.length > 0) continue;
      for (const rule of policy.rules) {
        if (!rule.enabled) continue;
        for (const [side, other] of [
          [rule.sources, rule.destinations],
          [rule.destinations, rule.sources],
        ] as const) {
          if (!side.groupIds.some(ofEveryone)) continue;
          for (const p of other.peerIds) open.add(p);
          for (const g of other.groupIds) for (const p of this.model.membersOf(g)) open.add(p);
        }
      }
    }
    return (this.policyReads = { byGroup, byPeer, byPolicyGroup, open });
  }

  /** What each routing peer of the sets covering (or matching) a destination that are not exit nodes serves among them (see `servingRows`). */
  servingAmong(destination: Destination): ServingRows {
    const sets = this.sim.coveringSets(destination).filter((s) => !s.isExit);
    const rowsOf = (set: SimSet) => {
      let rows = this.rowsBySet.get(set);
      if (!rows) this.rowsBySet.set(set, (rows = servingRows([set])));
      return rows;
    };
    if (sets.length === 1) return rowsOf(sets[0]!);
    return new JoinedRows(sets.map(rowsOf));
  }

  /** Carriers already derived, by the answer they come from (shared answers give one each). */
  private readonly derived = new WeakMap<Outcome, SideCarrier>();

  private derivedOf(o: Outcome): SideCarrier {
    let c = this.derived.get(o);
    if (!c) this.derived.set(o, (c = this.carrierOfOutcome(o)));
    return c;
  }

  /**
   * The carrier of each source for one destination. Sources whose answers rest on the same facts
   * share one answer without explanations (see simulate/share.ts) and so one carrier; `exhaustive`
   * asks the explained answer of every source on its own (the sharing's own check).
   */
  carriers(destination: Destination, exhaustive: boolean, exitKeyOf: (peerId: string) => string, keyOf?: AnswerKeys): CarrierOf {
    const options = { states: this.states, currentPeerId: null, exitNode: null };
    if (exhaustive) return (peerId) => this.carrierOfOutcome(this.sim.outcome(peerId, destination, options));
    // Only carriers are read: no explanation, no assumptions, only the rows that carry.
    const brief = { ...options, explain: false, assumptions: false, carryingRowsOnly: true };
    const derive = (o: Outcome): SideCarrier => this.derivedOf(o);
    const covering = destination.kind === 'ip' ? this.sim.coveringSets(destination) : [];
    const exits = covering.some((s) => s.isExit);
    // A set that shares its network_id with an exit set is read with the exit node selection (an unpaired `-v6` exit): asked with every set.
    const apart = exits && !covering.some((s) => !s.isExit && this.exitNetworkIds.has(s.networkId));
    // Set up on first use: tier by tier, only a tier without a peer asks among every covering set.
    let askedAll: ((peerId: string) => Outcome) | null = null;
    const asked = (peerId: string): Outcome => (askedAll ??= this.sim.outcomes(destination, brief, true))(peerId);
    // Members of one answer key (see `answerGroups`) share one answer: asked once.
    const outcomeOf = !keyOf ? asked : askedOncePerKey(asked, (peerId) => keyOf(peerId, true));
    // The sets that are not exit nodes, tier by tier, the most specific first: a member that
    // installs none of a tier's sets (NO_ROUTE among them) decides among the tiers after it as if
    // that tier did not cover the address, and the first tier where it installs a set and one of
    // them has a peer (or is its own) decides for it (docs/netbird-behaviour.md §5, select.ts
    // `decide`). Among one tier an answer reads only that tier's groups and rows (its `Level`):
    // members alike there share it, whatever the other covering sets read.
    const levels = tuning.byTiers && keyOf && destination.kind === 'ip' && (apart || !exits) ? this.levelsOf(covering) : null;
    if (levels) {
      const amongLevels = levels.map((level) => (peerId: string): Outcome => {
        const key = keyOf!(peerId, false, level);
        let o = level.answers.get(key);
        if (!o) {
          if (!level.asker) {
            // Set up on the first answer a destination adds: most tiers' answers are known from a destination before.
            const inLevel = new Set(level.sets);
            level.asker = this.sim.outcomes(destination, brief, true, (set) => inLevel.has(set), level.sets.length > tuning.splitTierSets);
          }
          o = level.asker(peerId);
          this.countLevelMemo();
          level.answers.set(key, o);
        }
        return o;
      });
      // A member's walk from tier `depth` on, kept with the tier (see `Level.walks`).
      const walkFrom = (depth: number, peerId: string): TierWalk => {
        const level = levels[depth]!;
        let w = level.walks.get(peerId);
        if (w) return w;
        // A member that holds no route of a tier walks past it (NO_ROUTE among it): nothing asked.
        // The walk past it is kept too: a nested destination's member then stops here, not at every tier above.
        if (depth + 1 < levels.length && !this.holds(level, peerId)) w = walkFrom(depth + 1, peerId);
        else {
          const o = amongLevels[depth]!(peerId);
          w = o.disposition !== 'NO_ROUTE' ? { outcome: o, rest: levels.length - depth } : depth + 1 < levels.length ? walkFrom(depth + 1, peerId) : { outcome: o, rest: 0 };
        }
        this.countLevelMemo();
        level.walks.set(peerId, w);
        return w;
      };
      let exitCarrier: ((peerId: string) => SideCarrier) | null = null;
      const levelFamily = (destination as Extract<Destination, { kind: 'ip' }>).addr.family;
      // A walk that stops at a tier is kept with it (`walkFrom`); one past every tier is asked once
      // per member: a member of several groups the destination is distributed to is asked for each.
      const walked = new Map<string, Walked>();
      const walk = (peerId: string): Walked => {
        const tiers = levels.length === 0 ? null : tuning.shareWalks ? walkFrom(0, peerId) : walkAlone(peerId);
        if (tiers !== null && tiers.rest > 0 && tiers.outcome.disposition !== 'NO_ROUTING_PEER') return { carrier: derive(tiers.outcome), depth: levels.length - tiers.rest };
        let w = walked.get(peerId);
        if (!w) walked.set(peerId, (w = walkPast(peerId, tiers)));
        return w;
      };
      const walkPast = (peerId: string, walked: TierWalk | null): Walked => {
        // Installed, but no peer in this tier: the client falls back past it, the whole answer decides.
        if (walked !== null && walked.rest > 0) return { carrier: derive(outcomeOf(peerId)), depth: -1 };
        // No set that is not an exit node is installed: the exit sets alone decide (or nothing is routed).
        if (!exits) return { carrier: derive(walked?.outcome ?? outcomeOf(peerId)), depth: levels.length };
        exitCarrier ??= this.exitCarrierOf(levelFamily, destination, brief, exitKeyOf);
        return { carrier: exitCarrier(peerId), depth: levels.length };
      };
      // The plain walk, tier by tier, for `tuning.shareWalks` off.
      const walkAlone = (peerId: string): TierWalk => {
        let last: Outcome | null = null;
        for (let depth = 0; depth < levels.length; depth++) {
          last = amongLevels[depth]!(peerId);
          if (last.disposition !== 'NO_ROUTE') return { outcome: last, rest: levels.length - depth };
        }
        return { outcome: last!, rest: 0 };
      };
      return Object.assign((peerId: string) => walk(peerId).carrier, { levels: { levels, exits, walk } });
    }
    if (!apart || destination.kind !== 'ip') return (peerId) => derive(outcomeOf(peerId));
    // When an address is covered by exit sets, a member is first asked among the other covering
    // sets: when one of them carries the address (or none is installed), the exit sets change
    // nothing about who carries it (docs/netbird-behaviour.md §5: they rank below every other
    // prefix, and WireGuard falls back to them only past sets without a peer). Among the exit sets
    // alone the answer is the same for every address of a family (a brief answer names no
    // address): one per member class (`exitKeyOf`) and family, for the whole comparison.
    const family = destination.addr.family;
    const askOthers = covering.some((s) => !s.isExit) ? this.sim.outcomes(destination, brief, true, (set) => !set.isExit) : null;
    // Among the other sets, an answer reads only their groups (`answerGroups` without the exit sets).
    const amongOthers = !askOthers || !keyOf ? askOthers : askedOncePerKey(askOthers, (peerId) => keyOf(peerId, false));
    const exitCarrier = this.exitCarrierOf(family, destination, brief, exitKeyOf);
    return (peerId) => {
      if (!amongOthers) return exitCarrier(peerId);
      const o = amongOthers(peerId);
      if (o.disposition === 'NO_ROUTE') return exitCarrier(peerId);
      return derive(o.disposition === 'NO_ROUTING_PEER' ? outcomeOf(peerId) : o);
    };
  }

  /** A member's carrier among the exit sets alone: one per member class (`exitKeyOf`) and family, for the whole comparison (see `carriers`). */
  private exitCarrierOf(family: Family, destination: Destination, brief: Parameters<Simulator['outcomes']>[1], exitKeyOf: (peerId: string) => string): (peerId: string) => SideCarrier {
    let amongExits = this.exitAsk.get(family);
    if (!amongExits) this.exitAsk.set(family, (amongExits = this.sim.outcomes(destination, brief, true, (set) => set.isExit)));
    let byClass = this.exitCarriers.get(family);
    if (!byClass) this.exitCarriers.set(family, (byClass = new Map()));
    const ask = amongExits;
    const classes = byClass;
    return (peerId) => {
      const key = exitKeyOf(peerId);
      let c = classes.get(key);
      if (!c) classes.set(key, (c = this.derivedOf(ask(peerId))));
      return c;
    };
  }

  /** Does a set covering (or matching) the destination that is not an exit node share its network_id with an exit set (an unpaired `-v6` exit, read with the exit node selection)? */
  sharesExitNetwork(destination: Destination): boolean {
    return this.sim.coveringSets(destination).some((s) => !s.isExit && this.exitNetworkIds.has(s.networkId));
  }

  /** Network ids of the exit sets. */
  private readonly exitNetworkIds: ReadonlySet<string>;
  /** Answers among the exit sets alone, by address family (see `carriers`). */
  private readonly exitAsk = new Map<Family, (peerId: string) => Outcome>();
  /** Carriers among the exit sets alone, by family and member class. */
  private readonly exitCarriers = new Map<Family, Map<string, SideCarrier>>();

  /**
   * A source's class for its answer among the exit sets alone (a peer a rule or resource names is
   * a class of its own). What it receives reads its traits, whether the exit routes are
   * distributed to it, whether a policy connects it to their routing peers and whether their route
   * firewalls let it in: sources with the same traits, exit distribution groups and groups in the
   * policy rules that name an exit routing peer or an exit route's access control group receive
   * the same exit routes, and so have the same answer among the exit sets. A routing peer of an
   * exit set also reads what it serves (its own rows are LOCAL, the rest of its HA set dropped:
   * simulate/distribution.ts `delivery`): its HA keys among the exit sets' and its rows in them
   * (`servingRows`). Peers of one large exit HA set would otherwise each be asked alone, each
   * answer reading every row of the set.
   */
  exitClassOf(peerId: string): string {
    const facts = (this.exitFacts ??= this.exitFactsOf());
    if (this.sim.sharingNames.namedPeers.has(peerId)) return `@${peerId}`;
    const key = this.exitReceiverKey(peerId, facts.read);
    if (!facts.servers.has(peerId)) return key;
    return `${key}\u0000${this.servedExitKeys(peerId, facts)}\u0000${this.exitRows.get(peerId) ?? ''}`;
  }

  /** The HA keys of the exit sets' rows a peer serves (of any set: a non-exit set under one drops it too). */
  private servedExitKeys(peerId: string, facts: ExitFacts): string {
    let served = '';
    for (const k of this.sim.servedKeys(peerId)) if (facts.baseKeys.has(k)) served += `${k.length}:${k}`;
    return served;
  }

  /** What decides which exit routes a source receives as a client (see `exitClassOf`): its traits and its groups among `read`. */
  private exitReceiverKey(peerId: string, read: ReadonlySet<string>): string {
    let key = this.sim.carrierTraitsOf(peerId);
    for (const g of this.groupsOf(peerId)) if (read.has(g)) key += `|${g.length}:${g}`;
    return key;
  }

  /**
   * A source's class for its exit node selection (`exitChoice`), coarser than `exitClassOf` for
   * routing peers of exit sets. The selection reads only which exit sets the source receives a
   * route of as a client and whether one of those auto-applies (simulate/exit.ts), and a source
   * receives no route of a set it serves (its own rows are LOCAL, the others dropped as its own
   * HA set: simulate/distribution.ts `delivery`). So routing peers with the same exit sets served
   * (and rows held) receive the rest as any source with their traits and groups does: a thousand
   * exit routes served through peer groups would otherwise make ten thousand selections, each
   * reading every exit row.
   */
  private exitChoiceClassOf(peerId: string): string {
    const facts = (this.exitFacts ??= this.exitFactsOf());
    if (this.sim.sharingNames.namedPeers.has(peerId)) return `@${peerId}`;
    const key = this.exitReceiverKey(peerId, facts.read);
    const served = this.servedExitKeys(peerId, facts);
    const rows = facts.rowSets.get(peerId);
    return served === '' && rows === undefined ? key : `${key}|${served}|${rows ?? ''}`;
  }

  private exitFacts: ExitFacts | null = null;

  private exitFactsOf(): ExitFacts {
    const model = this.model;
    const exitRoutes = model.haSets.filter((s) => s.isExit).flatMap((s) => s.routes);
    const read = new Set(exitRoutes.flatMap((r) => r.groups));
    const servers = new Set(exitRoutes.flatMap((r) => model.routingPeersOf(r) ?? []));
    const acg = new Set(exitRoutes.flatMap((r) => r.accessControlGroups));
    for (const policy of model.policies ?? []) {
      for (const rule of policy.rules) {
        const sides = [rule.sources, rule.destinations];
        const names = (side: (typeof sides)[0]) => side.peerIds.some((p) => servers.has(p)) || [...side.groupIds, ...side.ignoredGroupIds].some((g) => acg.has(g) || [...servers].some((p) => model.membersOf(g).has(p)));
        if (sides.some(names)) for (const side of sides) for (const g of [...side.groupIds, ...side.ignoredGroupIds]) read.add(g);
      }
    }
    const baseKeys = new Set<string>();
    const rowSets = new Map<string, string>();
    for (const set of this.sim.sets) {
      if (!set.isExit) continue;
      for (const row of set.routes) {
        baseKeys.add(row.baseKey);
        if (row.peerId === null) continue;
        const held = rowSets.get(row.peerId);
        if (held === undefined) rowSets.set(row.peerId, `${set.index}`);
        else if (!held.endsWith(`,${set.index}`) && held !== `${set.index}`) rowSets.set(row.peerId, `${held},${set.index}`);
      }
    }
    return { read, servers, baseKeys, rowSets };
  }

  /**
   * The carrier key of each source's answer among the exit sets of `family` alone (see
   * `ChangeScope.exitAffected`), one per `exitClassOf` class; `alone`: each source asked on its own (the classes' check).
   */
  exitOnlyCarrierKeys(family: Family, alone = false): (peerId: string) => string {
    const dest: Destination = family === 4 ? { kind: 'ip', addr: mustParseAddr('0.0.0.0'), text: '0.0.0.0' } : { kind: 'ip', addr: mustParseAddr('::'), text: '::' };
    const outcomeOf = this.sim.outcomesAmong(dest, { states: this.states, currentPeerId: null, exitNode: null, explain: false, assumptions: false, carryingRowsOnly: true }, (s) => s.isExit);
    const byKey = new Map<string, string>();
    return (peerId) => {
      const key = alone ? `@${peerId}` : this.exitClassOf(peerId);
      let c = byKey.get(key);
      if (c === undefined) byKey.set(key, (c = carrierKey(this.carrierOf(outcomeOf(peerId)))));
      return c;
    };
  }

  private readonly chosenByClass = new Map<string, string | null>();

  /** The exit node a source's client applies by itself (`Simulator.exitSelection`), one per `exitChoiceClassOf` class. */
  exitChoice(peerId: string): string | null {
    const key = this.exitChoiceClassOf(peerId);
    let c = this.chosenByClass.get(key);
    if (c === undefined) this.chosenByClass.set(key, (c = this.sim.exitSelection(peerId).chosen));
    return c;
  }

  /** The carrier, and whether an exit set carries it (then a change to exit nodes alone can change it). */
  private carrierOfOutcome(o: Outcome): SideCarrier {
    // Only the routes the source holds can carry: an answer without explanations keeps exactly those rows.
    const viaExit = o.candidates.some((c) => (c.reason === 'selected' || c.reason === 'local' || c.reason === 'tied' || c.reason === 'conflict') && 'network' in c.route && c.route.network.endsWith('/0'));
    return { carrier: this.carrierOf(o), viaExit };
  }

  /** Who carries the traffic, and how the carrying routes treat it (masquerade, access control). */
  private carrierOf(o: Outcome): Carrier {
    const none = { disposition: o.disposition, peers: [], networkIds: [], nondeterministic: o.nondeterministic, masquerade: null, accessControlGroups: [] };
    if (o.disposition === 'NO_ROUTE' || o.disposition === 'NO_ROUTING_PEER') return none;
    if (o.disposition === 'LOCAL') return { ...none, networkIds: o.route ? [o.route.network_id] : [] };
    const carrying = o.nondeterministic ? o.candidates.filter((c) => (c.reason === 'tied' || c.reason === 'conflict') && c.peer) : o.candidates.filter((c) => c.reason === 'selected' && c.peer);
    const peers = new Map<string, PeerRef>();
    const networkIds = new Set<string>();
    const masquerades = new Set<boolean>();
    const acg = new Set<string>();
    for (const c of carrying) {
      peers.set(c.peer!.id, c.peer!);
      networkIds.add(c.route.network_id);
      // A ::/0 twin carries its 0.0.0.0/0 route's settings under `<id>-v6-default`.
      const route = this.routesById.get(c.route.id) ?? this.routesById.get(c.route.id.replace(/-v6-default$/, ''));
      if (!route) continue;
      masquerades.add(route.masquerade || alwaysMasquerades(this.model, c.peer!.id));
      for (const g of route.accessControlGroups) acg.add(g);
    }
    if (!o.nondeterministic && o.peer && !peers.has(o.peer.id)) peers.set(o.peer.id, o.peer);
    return {
      disposition: o.disposition,
      peers: [...peers.values()].sort(compareByNameThenId),
      networkIds: [...networkIds].sort(compareStrings),
      nondeterministic: o.nondeterministic,
      masquerade: masquerades.size === 1 ? [...masquerades][0]! : null,
      accessControlGroups: [...acg].sort(compareStrings).map((id) => ({ id, name: this.model.groupName(id) })),
    };
  }
}

export const routed = (c: Carrier) => c.disposition === 'ROUTED' || c.disposition === 'LOCAL';

const carrierKeys = new WeakMap<Carrier, string>();

/** The identity of a carrier for comparison: names and network ids are left out, so a rename is no change. */
export function carrierKey(c: Carrier): string {
  let key = carrierKeys.get(c);
  if (key === undefined) {
    // Ids length-prefixed: no two carriers make one key.
    key = `${c.disposition}|${Number(c.nondeterministic)}|${c.masquerade}|`;
    for (const id of c.peers.length < 2 ? c.peers.map((p) => p.id) : c.peers.map((p) => p.id).sort(compareStrings)) key += `${id.length}:${id}`;
    key += '|';
    for (const g of c.accessControlGroups) key += `${g.id.length}:${g.id}`;
    carrierKeys.set(c, key);
  }
  return key;
}

/** `ask`, asked once per key: members of one answer key share one answer. */
function askedOncePerKey(ask: (peerId: string) => Outcome, keyOf: (peerId: string) => string): (peerId: string) => Outcome {
  const known = new Map<string, Outcome>();
  return (peerId) => {
    const key = keyOf(peerId);
    let o = known.get(key);
    if (!o) known.set(key, (o = ask(peerId)));
    return o;
  };
}


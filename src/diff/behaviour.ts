// Routing behaviour of two exports compared, as the simulator sees it. The unit is a destination
// and a distribution group: every prefix routed in either export (asked at one address that no
// more specific prefix of either export takes away, so a nested prefix added in the new export is
// compared against whatever carried its range before) and every domain pattern of either export.
// For each, every member of the groups the destination is distributed to is simulated in both
// exports, and members whose carrier changes are reported, grouped by identical change. Sets are
// matched by what they route, not by HA key: a renamed network_id with the same carrier is no
// change. Exit nodes are compared per member: which one its client applies by itself.
import { domainProbe, representative } from '../analysis/probes.js';
import type { HaSet, Model } from '../model/types.js';
import { compareAddr, formatAddr, networkAddr, type Family, type Prefix } from '../net/prefix.js';
import type { PeerRef } from '../simulate/answer.js';
import type { Destination } from '../simulate/index.js';
import { behaviourMessage, exitNodeMessage } from './describe.js';
import { ChangeScope, type Touched } from './scope.js';
import type { BehaviourChange, BehaviourKind, Carrier, ExitNodeChange, ExitNodeKind, Scope } from './types.js';
import { nameList } from '../model/describe.js';
import { compareByNameThenId, compareStrings } from '../order.js';
import { carrierKey, push, routed, Side, tuning, type AnswerKeys, type CarrierOf, type Level, type ServingRows, type SideCarrier } from './side.js';
import { firstOfClass, firstOfClasses, gather, listingCeiling, Selection, type Candidate, type MemberClass } from './selection.js';
import { numberBuckets, pairBucketsOf, PairCounter, type Buckets, type PairBuckets, type SideAnswer } from './pairs.js';

/** Members of a group by bucket (see pairs.ts `Buckets`): the members of bucket `b` some tier singles out at `[b]`. */
type ByBucket = readonly (readonly number[] | undefined)[];
const NONE_TOUCHED: ByBucket = [];
const NO_MEMBERS: readonly string[] = [];

/** One destination of the comparison. */
interface Target {
  readonly key: string;
  readonly text: string;
  readonly type: 'prefix' | 'domain';
  readonly prefix: Prefix | null;
  readonly destination: Destination;
  readonly probe: string;
}

function comparePrefixTargets(a: Prefix, b: Prefix): number {
  return compareAddr(networkAddr(a), networkAddr(b)) || a.bits - b.bits;
}


/** Every prefix and domain pattern routed in either export, with the address or name it is asked at. */
function targetsOf(models: readonly Model[]): Target[] {
  const prefixes = new Map<string, Prefix>();
  const patterns = new Set<string>();
  for (const model of models) {
    for (const set of model.haSets) {
      if (set.network) prefixes.set(set.network.text, set.network);
      for (const d of set.domains ?? []) patterns.add(d.toLowerCase());
    }
  }
  const sorted = [...prefixes.values()].sort(comparePrefixTargets);
  const out: Target[] = sorted.map((prefix) => {
    const addr = representative(prefix, sorted);
    const text = formatAddr(addr);
    return { key: `p:${prefix.text}`, text: prefix.text, type: 'prefix', prefix, destination: { kind: 'ip', addr, text }, probe: text };
  });
  for (const pattern of [...patterns].sort(compareStrings)) {
    const name = domainProbe(pattern);
    out.push({ key: `d:${pattern}`, text: pattern, type: 'domain', prefix: null, destination: { kind: 'domain', name }, probe: name });
  }
  return out;
}

/** What kind of change going from `o` to `n` is (the two differ). */
export function kindOf(o: Carrier, n: Carrier): BehaviourKind {
  if (routed(o) && !routed(n)) return 'no-longer-routed';
  if (!routed(o) && routed(n)) return 'now-routed';
  if (!routed(o)) return 'disposition-changed';
  const ids = (c: Carrier) => JSON.stringify(c.peers.map((p) => p.id).sort(compareStrings));
  const samePeers = o.disposition === n.disposition && ids(o) === ids(n);
  if (!samePeers) {
    if (!o.nondeterministic && n.nondeterministic) return 'nondeterministic';
    if (o.nondeterministic && !n.nondeterministic) return 'deterministic';
    return 'moved';
  }
  const sameAcg = JSON.stringify(o.accessControlGroups.map((g) => g.id)) === JSON.stringify(n.accessControlGroups.map((g) => g.id));
  return sameAcg ? 'masquerade-changed' : 'access-control-changed';
}

export interface BehaviourDiff {
  /** The changes listed: the first `maxChanges` in order, the largest audience first. */
  readonly behaviour: BehaviourChange[];
  readonly exitNodes: ExitNodeChange[];
  /** Every change found, listed or not. */
  readonly behaviourTotal: number;
  readonly exitNodeTotal: number;
  readonly notes: string[];
}

/** Behaviour (and exit node) changes listed by default; the rest are counted. */
export const DEFAULT_MAX_CHANGES = 1000;
/** Members listed by name in each change by default; the rest are counted (`sourcesLeftOut`). */
export const DEFAULT_MAX_SOURCES = 50;
/** The members of a change whose account changes are looked for among its causes: the first this many by name. */
export const CAUSE_SOURCES = 10_000;

export interface CompareOptions {
  /** Simulate every member for every destination on its own, skipping and sharing nothing (the scoping's and the sharing's own check). */
  readonly exhaustive?: boolean;
  /** Changes listed (each of behaviour and exit nodes); 0: every one. Default DEFAULT_MAX_CHANGES. */
  readonly maxChanges?: number;
  /** Members named in each change; 0: every one. Default DEFAULT_MAX_SOURCES. */
  readonly maxSources?: number;
  /** Told now and then how many of the destinations have been compared (a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Destinations compared between two progress reports. */
const PROGRESS_EVERY = 256;

/** The members of a listed change, as classes, among whom `linkCauses` looks for account changes (the first CAUSE_SOURCES by name): named when linked, one change at a time. */
export const causeSourcesOf = new WeakMap<BehaviourChange | ExitNodeChange, readonly MemberClass[]>();

/** A `--max-changes` or `--max-sources` as a limit: the default when not given, no limit for 0. */
export const limitOf = (n: number | undefined, fallback: number) => ((n ?? fallback) > 0 ? (n ?? fallback) : Infinity);

/** A group as compared: its members in both exports, in name order, by base class. */
interface GroupMembers {
  readonly ref: PeerRef;
  readonly members: readonly PeerRef[];
  /** Each member's place in `members`. */
  readonly index: ReadonlyMap<string, number>;
  /** Members in the group in one export only. */
  readonly oneSide: readonly string[];
}

/** Compares routing behaviour; both models need their groups and peers. */
export function compareBehaviour(oldModel: Model, newModel: Model, options: CompareOptions = {}): BehaviourDiff {
  const before = new Side(oldModel);
  const after = new Side(newModel);
  const sides = [before, after];
  const maxChanges = limitOf(options.maxChanges, DEFAULT_MAX_CHANGES);
  const maxSources = limitOf(options.maxSources, DEFAULT_MAX_SOURCES);

  // Only peers in both exports have a before and an after.
  const inBoth = new Set([...oldModel.peers!.keys()].filter((id) => newModel.peers!.has(id)));
  const refs = new Map<string, PeerRef>();
  const peerRef = (id: string): PeerRef => {
    let r = refs.get(id);
    if (!r) refs.set(id, (r = { id, name: newModel.peerName(id) }));
    return r;
  };
  const groupRef = (id: string): PeerRef => ({ id, name: newModel.groups!.has(id) ? newModel.groupName(id) : oldModel.groupName(id) });
  const scopeOf = (count: number, members: number): Scope => (count === members ? 'group' : 'members');

  // Most of a large account usually has the same answer on both sides: simulate only what may differ.
  const exhaustive = options.exhaustive ?? false;
  const exitAnswersDiffer = (family: Family, ids: Iterable<string>): Set<string> => {
    const [o, n] = [before.exitOnlyCarrierKeys(family), after.exitOnlyCarrierKeys(family)];
    const out = new Set<string>();
    for (const id of ids) if (o(id) !== n(id)) out.add(id);
    return out;
  };
  const scope = new ChangeScope(oldModel, newModel, exhaustive, exitAnswersDiffer, inBoth);
  // A member's base class on one side: what its answers there rest on whatever the destination
  // (its traits, groups any policy names). Members of one group with one base class, in no other
  // group the destination's answer reads and serving none of its sets, share one answer (see
  // simulate/share.ts); exhaustive, every member is a class of its own.
  const policyGroups = new Set([...before.sim.sharingNames.policyGroups, ...after.sim.sharingNames.policyGroups]);
  const named = (id: string) => before.sim.sharingNames.namedPeers.has(id) || after.sim.sharingNames.namedPeers.has(id);
  const baseIds = new Map<string, number>();
  // The base class of a member on one side only (see bySide): its traits and policy groups there.
  const sideBases = [new Map<string, string>(), new Map<string, string>()];
  const sideBaseOf = (k: number, peerId: string): string => {
    let base = sideBases[k]!.get(peerId);
    if (base === undefined) {
      if (named(peerId)) base = `@${peerId}`;
      else {
        const side = sides[k]!;
        const text = `${side.sim.carrierTraitsOf(peerId)}\u0001${side.groupsOf(peerId).filter((g) => policyGroups.has(g)).join('\u0001')}`;
        let n = baseIds.get(text);
        if (n === undefined) baseIds.set(text, (n = baseIds.size));
        base = `b${n}`;
      }
      sideBases[k]!.set(peerId, base);
    }
    return base;
  };
  // A member's class on one side whatever the destination: its base class there and, for a routing
  // peer of an exit set, its rows in the exit sets (see `servingRows`). Routing peers of the exit
  // sets that serve them alike and share a base class have one answer for every address an exit
  // set covers (simulate/share.ts, Simulator.memberOutcomes), and for any other destination too.
  const staticBases = [new Map<string, string>(), new Map<string, string>()];
  const staticIds = new Map<string, number>();
  const staticBaseOf = (k: number, peerId: string): string => {
    let base = staticBases[k]!.get(peerId);
    if (base === undefined) {
      base = sideBaseOf(k, peerId);
      const rows = sides[k]!.exitRows.get(peerId);
      if (rows !== undefined && !base.startsWith('@')) {
        const text = `${base}|${rows}`;
        let n = staticIds.get(text);
        if (n === undefined) staticIds.set(text, (n = staticIds.size));
        base = `x${n}`;
      }
      staticBases[k]!.set(peerId, base);
    }
    return base;
  };
  // What a member's answer among the exit sets alone rests on, on one side: its class there
  // (traits, policy groups, rows in the exit sets) and its membership of the exit sets' other distribution groups.
  const exitGroups = sides.map((s) => [...new Set(s.sim.sets.filter((set) => set.isExit).flatMap((set) => set.routes.flatMap((r) => r.route.groups)))].filter((g) => !policyGroups.has(g)).sort(compareStrings));
  // Whatever the destination: kept per member.
  const exitKeys = [new Map<string, string>(), new Map<string, string>()];
  const exitKeyOf = (k: number, peerId: string): string => {
    let key = exitKeys[k]!.get(peerId);
    if (key === undefined) {
      key = staticBaseOf(k, peerId);
      if (!key.startsWith('@')) {
        key += '|';
        for (const x of exitGroups[k]!) key += `${Number(sides[k]!.model.membersOf(x).has(peerId))}${x.length}:${x}`;
      }
      exitKeys[k]!.set(peerId, key);
    }
    return key;
  };
  // A member's bucket in a group on one side: its class there, and whether it is in the group on
  // that side (a member of the group in one export only is compared too). Buckets are numbered
  // per group and side, members by their place in the group's name order. Worked out for every
  // member of the group at once, on first use, and kept with the group; with each bucket's class
  // key (one string per bucket, whatever the destination).
  type SideBuckets = Buckets & { readonly keys: readonly string[] };
  const bucketsCache = [new Map<GroupMembers, SideBuckets>(), new Map<GroupMembers, SideBuckets>()];
  const bucketsOf = (k: number, g: GroupMembers): SideBuckets => {
    let buckets = bucketsCache[k]!.get(g);
    if (!buckets) {
      const members = sides[k]!.model.membersOf(g.ref.id);
      const numbers = new Map<string, number>();
      const keys: string[] = [];
      const numbered = numberBuckets(g.members.length, (i) => {
        const m = g.members[i]!;
        const text = `${staticBaseOf(k, m.id)}|${Number(members.has(m.id))}`;
        let n = numbers.get(text);
        if (n === undefined) {
          numbers.set(text, (n = numbers.size));
          keys.push(`${text}|=${g.ref.id}`);
        }
        return n;
      });
      bucketsCache[k]!.set(g, (buckets = { ...numbered, keys }));
    }
    return buckets;
  };
  // The members of a group by their buckets on both sides (whatever the destination), with their references as a change lists them.
  const pairsCache = new Map<GroupMembers, { readonly pairs: PairBuckets; readonly refs: (readonly PeerRef[] | undefined)[] }>();
  const pairsOf = (g: GroupMembers) => {
    let pairs = pairsCache.get(g);
    if (!pairs) pairsCache.set(g, (pairs = { pairs: pairBucketsOf(bucketsOf(0, g), bucketsOf(1, g)), refs: [] }));
    return pairs;
  };
  const groupsCache = new Map<string, GroupMembers>();
  const groupMembers = (groupId: string): GroupMembers => {
    let g = groupsCache.get(groupId);
    if (!g) {
      const o = oldModel.membersOf(groupId);
      const n = newModel.membersOf(groupId);
      const ids = new Set([...o, ...n].filter((id) => inBoth.has(id)));
      const members = [...ids].map(peerRef).sort(compareByNameThenId);
      g = { ref: groupRef(groupId), members, index: new Map(members.map((m, i) => [m.id, i])), oneSide: [...ids].filter((id) => o.has(id) !== n.has(id)) };
      groupsCache.set(groupId, g);
    }
    return g;
  };
  const exitSets = sides.flatMap((s) => s.model.haSets.filter((set) => set.isExit));
  // The members of a group in one part of the members touched (see `ChangeScope.membersToSimulate`),
  // by part: the parts are the scope's sets (changed peers, what a changed set reaches), each shared
  // by every destination it touches, so a group's members in it are found once, not per destination.
  const inPart = new WeakMap<ReadonlySet<string>, Map<GroupMembers, readonly string[]>>();
  const membersInPart = (part: ReadonlySet<string>, g: GroupMembers): readonly string[] => {
    let byGroup = inPart.get(part);
    if (!byGroup) inPart.set(part, (byGroup = new Map()));
    let out = byGroup.get(g);
    if (!out) {
      const found: string[] = [];
      if (part.size <= g.index.size) {
        for (const id of part) if (g.index.has(id)) found.push(id);
      } else for (const m of g.members) if (part.has(m.id)) found.push(m.id);
      byGroup.set(g, (out = found.length === 0 ? NO_MEMBERS : found));
    }
    return out;
  };
  /** The members of a group among those touched. */
  const membersIn = (touched: Touched, g: GroupMembers): string[] => {
    const lists = touched.parts.map((p) => membersInPart(p, g)).filter((l) => l.length > 0);
    if (lists.length < 2) return [...(lists[0] ?? NO_MEMBERS)];
    return [...new Set(lists.flat())];
  };
  // What begins a member's answer key on one side (see `answerKeyOf`), whatever the destination:
  // its carrier traits and, when the answer reads the exit sets, its rows in them, numbered (short
  // keys are quicker to look up). An answer among sets that are not exit nodes reads no exit set
  // (simulate/decision.ts reads the exit node selection only when an exit set covers the address):
  // routing peers of the exit sets share it with the members alike but for their exit rows.
  const memberPrefixes = [0, 1].map(() => [new Map<string, string>(), new Map<string, string>()]);
  const prefixNumbers = new Map<string, number>();
  const memberPrefixOf = (k: number, id: string, exits: boolean): string => {
    const known = memberPrefixes[k]![Number(exits)]!;
    let prefix = known.get(id);
    if (prefix === undefined) {
      const side = sides[k]!;
      const text = exits ? `${side.sim.carrierTraitsOf(id)}|${side.exitRows.get(id) ?? ''}` : side.sim.carrierTraitsOf(id);
      let n = prefixNumbers.get(text);
      if (n === undefined) prefixNumbers.set(text, (n = prefixNumbers.size));
      known.set(id, (prefix = `${n}|`));
    }
    return prefix;
  };

  // The members of a group a tier singles out (see `byLevels`), by bucket: they rest on the tier
  // and the group alone, so nested prefixes share their less specific tiers' (bounded as `Level.answers`).
  const levelTouched = new Map<Level, Map<GroupMembers, ByBucket>>();
  let levelTouchedCount = 0;
  // A side's answers for a group found tier by tier (see `byLevels`), by the destination's tiers on
  // that side (its family when none): they rest on the tiers and the family's exit sets alone, so
  // the other export's destinations inside one prefix of this one share them. Bounded by the members they hold.
  const chainAnswers = [new Map<readonly Level[] | Family, Map<GroupMembers, SideAnswer | null>>(), new Map<readonly Level[] | Family, Map<GroupMembers, SideAnswer | null>>()];
  let chainAnswersCount = 0;
  // The members of a group the exit sets single out, by bucket, per side: whatever the destination.
  const exitTouchedOf = [new Map<GroupMembers, ByBucket>(), new Map<GroupMembers, ByBucket>()];
  // The distribution groups of a set's routes, each once: every destination it covers reads them.
  const setGroups = new Map<HaSet, readonly string[]>();
  const distributionGroupsOf = (set: HaSet): readonly string[] => {
    let out = setGroups.get(set);
    if (!out) setGroups.set(set, (out = [...new Set(set.routes.flatMap((r) => r.groups))].filter((g) => g !== '')));
    return out;
  };
  const targets = targetsOf([oldModel, newModel]);
  const behaviourSelection = new Selection<Carrier>(Math.min(maxChanges, listingCeiling.changes));
  const counter = new PairCounter(behaviourSelection);
  // Members a side singles out for a group, by place in the group (scratch space, cleared after each use).
  let seen = new Uint8Array(0);
  const keys = new Map<{ old: Carrier; new: Carrier }, string | null>();
  // When most members may have changed (as between exports of different accounts), every member
  // is compared, each side classed on its own (see bySide): that costs the members of the read
  // groups and the group's classes, where classing the touched members costs each of them. When
  // the members that changed themselves are that many, no destination's scope is looked for.
  const mostChanged = (count: number) => count > 0 && count * 2 >= inBoth.size;
  const everyMember = mostChanged(scope.changedCount);
  const onProgress = options.onProgress;
  targets.forEach((target, rank) => {
    if (onProgress && rank % PROGRESS_EVERY === 0) onProgress(rank, targets.length);
    const covering = sides.flatMap((s) => (target.destination.kind === 'ip' ? s.index.covering(target.destination.addr) : s.index.matching(target.destination.name)));
    let only = everyMember ? null : scope.membersToSimulate(covering, target.destination.kind === 'ip' ? target.destination.addr.family : null);
    if (only !== null && only.parts.every((p) => p.size === 0)) return;
    if (only !== null && mostChanged(only.parts.reduce((n, p) => n + p.size, 0))) only = null;
    // The groups this destination is distributed to: of the target's own exit sets for a /0, else of the sets covering it that are not exit nodes.
    const distributing = target.prefix?.bits === 0 ? sides.flatMap((s) => s.index.exits(target.prefix!.family)) : covering.filter((s) => !s.isExit);
    const distributed = new Set<string>();
    for (const set of distributing) for (const g of distributionGroupsOf(set)) distributed.add(g);
    if (distributed.size === 0) return;
    const groupIds = [...distributed];
    const keysOf = (k: number): AnswerKeys | undefined => (exhaustive ? undefined : (id, exits, among) => answerKeyOf(k, id, exits, among));
    // Each side's answers are set up on first use: a destination whose touched members all keep their carrier needs none of the new side's.
    let oldCarrierOf: CarrierOf | null = null;
    const oldCarriers = () => (oldCarrierOf ??= before.carriers(target.destination, exhaustive, (id) => exitKeyOf(0, id), keysOf(0)));
    const oldCarrier = (peerId: string) => oldCarriers()(peerId);
    let newCarrierOf: CarrierOf | null = null;
    const newCarriers = () => (newCarrierOf ??= after.carriers(target.destination, exhaustive, (id) => exitKeyOf(1, id), keysOf(1)));
    const newCarrier = (peerId: string) => newCarriers()(peerId);
    // One pair object per pair of carriers: members with the same change share it.
    const pairs = new Map<SideCarrier, Map<Carrier, { old: Carrier; new: Carrier }>>();
    // By class key: every member of a class has one pair.
    const cache = new Map<string, { old: Carrier; new: Carrier }>();
    const carriers = (peerId: string, key: string) => {
      let c = cache.get(key);
      if (!c) {
        const was = oldCarrier(peerId);
        // Only exit sets changed for this member, and a more specific set carries its traffic: that set still does.
        const unaffected = only !== null && only.exitOnly(peerId) && routed(was.carrier) && !was.viaExit;
        const now = unaffected ? was.carrier : newCarrier(peerId).carrier;
        let byNew = pairs.get(was);
        if (!byNew) pairs.set(was, (byNew = new Map()));
        c = byNew.get(now);
        if (!c) byNew.set(now, (c = { old: was.carrier, new: now }));
        cache.set(key, c);
      }
      return c;
    };
    // What the answer reads besides the base class: membership of the covering sets' distribution groups, and serving one of them.
    // Found on first use: members touched by a change are keyed by `answerKeyOf` alone.
    let readList: string[] | null = null;
    let readLookup: Set<string> | null = null;
    const readGroupsOf = (): string[] => {
      if (!readList) {
        const shares = exhaustive ? [] : sides.map((s) => s.sim.sharingScope(target.destination));
        readList = [...new Set(shares.flatMap((s) => [...s.relevantGroups]))].filter((g) => !policyGroups.has(g)).sort(compareStrings);
      }
      return readList;
    };
    const readSetOf = (): Set<string> => (readLookup ??= new Set(readGroupsOf()));
    // The read groups by their numbers in `readGroupsOf`, per side; null when a peer's own groups
    // (`Side.groupsOf`) do not list every group it is a member of among them (see `Side.listsMembers`).
    const readIndexes: (Map<string, number> | null | undefined)[] = [undefined, undefined];
    const readIndexOf = (k: number): Map<string, number> | null => {
      let index = readIndexes[k];
      if (index === undefined) {
        const list = readGroupsOf();
        index = list.every((x) => sides[k]!.listsMembers(x)) ? new Map(list.map((x, i) => [x, i])) : null;
        readIndexes[k] = index;
      }
      return index;
    };
    const models = [oldModel, newModel];
    const ipTarget = target.destination.kind === 'ip';
    // What each routing peer of the covering sets that are not exit nodes serves among them, on each side (see `servingRows`).
    // Found on first use: a destination whose members are answered tier by tier may never need them.
    const sideServing: (ServingRows | undefined)[] = [undefined, undefined];
    const servingOf = (k: number): ServingRows => (sideServing[k] ??= sides[k]!.servingAmong(target.destination));
    // A member's class for this destination on one side: what its answer there reads (see
    // `Side.answerGroups`): its carrier traits, its groups among those the answer reads, its rows in
    // the exit sets and in the covering sets that are not exit nodes (for a domain, a routing peer of
    // one is answered alone, as is a peer a rule or resource names). Members with one key have one answer.
    const answerReads: ((group: string) => boolean)[][] = [[], []];
    const answerKeyOf = (k: number, id: string, exits = true, among?: Level): string => {
      const rows = among ? among.serving.get(id) : servingOf(k).get(id);
      if (named(id) || (rows !== undefined && !ipTarget)) return `@${id}`;
      const side = sides[k]!;
      const reads = among ? among.reads : (answerReads[k]![Number(exits)] ??= side.answerGroups(target.destination, exits));
      let key = memberPrefixOf(k, id, exits);
      for (const g of side.groupsOf(id)) if (reads(g)) key += `${g.length}:${g}`;
      if (rows !== undefined) key += `|${rows}`;
      return key;
    };
    // The touched members of each group that may change. A member only an exit set's change
    // touches, whose traffic a more specific set carries on the old side, keeps that carrier (see
    // `carriers` above): it is left out here, before the destination's classes are built, and a
    // destination left with none is done. Its old answer is asked once per class of the old side
    // (as bySide classes a side: its class there, the read groups it is in, its rows in the
    // covering sets that are not exit nodes). Whether a more specific set carries the traffic is
    // decided among the sets that are not exit nodes (see `Side.carriers`), whose deliveries read
    // no exit rows: unless one of them shares a network_id with an exit set, a routing peer of the
    // exit sets is classed by its base class alone, not by its rows in them.
    const touchedIn = new Map<string, string[]>();
    if (only !== null) {
      const touched = only;
      const baseOf = before.sharesExitNetwork(target.destination) ? staticBaseOf : sideBaseOf;
      const keepByClass = new Map<string, boolean>();
      const mayChange = new Map<string, boolean>();
      const keep = (id: string): boolean => {
        let k = mayChange.get(id);
        if (k === undefined) {
          if (!touched.exitOnly(id)) k = true;
          else if (oldCarriers().levels) {
            // Tier by tier, a member's walk reads only the tiers' answer keys, each answer asked once per key: no class needed.
            const was = oldCarrier(id);
            k = !routed(was.carrier) || was.viaExit;
          } else {
            const base = baseOf(0, id);
            const rows = servingOf(0).get(id);
            let key: string;
            if (base.startsWith('@') || (rows !== undefined && !ipTarget)) key = `@${id}`;
            else {
              key = `${base}|`;
              const readSet = readSetOf();
              for (const x of before.groupsOf(id)) if (readSet.has(x)) key += `${x.length}:${x}`;
              if (rows !== undefined) key += `|${rows}`;
            }
            k = keepByClass.get(key);
            if (k === undefined) {
              const was = oldCarrier(id);
              keepByClass.set(key, (k = !routed(was.carrier) || was.viaExit));
            }
          }
          mayChange.set(id, k);
        }
        return k;
      };
      let any = false;
      for (const groupId of groupIds) {
        const list = membersIn(touched, groupMembers(groupId)).filter(keep);
        touchedIn.set(groupId, list);
        if (list.length > 0) any = true;
      }
      if (!any) return;
    }
    // A touched member's class: on each side, what its answer there rests on (`answerKeyOf`).
    const signatureOf = (id: string): string => {
      // Members touched by an exit set's change alone are answered by a shortcut the others are not (see `carriers`).
      let sig = `${Number(scope.changed(id))}${Number(only?.exitOnly(id) ?? false)}`;
      for (let k = 0; k < 2; k++) {
        const key = answerKeyOf(k, id);
        if (key.startsWith('@')) return key;
        sig += `\u0002${key}`;
      }
      return sig;
    };
    /**
     * Members answered apart from their base class, gathered by what their answer reads. Found
     * tier by tier on both sides, each is a class of its own: its walks are shared with the
     * destinations around it (see `Level.walks`), where its class would read every covering set.
     */
    const classesOfTouched = (touched: Iterable<string>): { cls: MemberClass; key: string }[] => {
      if (tuning.shareWalks && oldCarriers().levels && newCarriers().levels) return [...touched].map((id) => ({ key: `@${id}`, cls: { list: [peerRef(id)], skip: null, count: 1 } }));
      const byKey = new Map<string, PeerRef[]>();
      for (const id of touched) push(byKey, signatureOf(id), peerRef(id));
      return [...byKey].map(([key, list]) => ({ key, cls: { list: list.sort(compareByNameThenId), skip: null, count: list.length } }));
    };
    // Unscoped (every member compared, as for exports of different accounts), each side is classed
    // on its own: a member's answer on one side rests on that side's traits, groups and serving
    // role only (see `staticBaseOf`), and the two sides' answers meet by pairs (pairs.ts).
    const sideCarriers = [new Map<string, SideCarrier>(), new Map<string, SideCarrier>()];
    const carrierOfSide = [oldCarrier, newCarrier];
    const carriersOfSide = [oldCarriers, newCarriers];
    // Does a group (its members `s`) hold every member of `g`? Then it singles none of them out.
    const holdsAll = (s: ReadonlySet<string>, g: GroupMembers): boolean => {
      if (s.size < g.index.size) return false;
      for (let i = 0; i < g.members.length; i++) if (!s.has(g.members[i]!.id)) return false;
      return true;
    };
    // By side, for a tier's groups: each peer's groups among them (policy groups left out).
    const groupsOfPeerIn = [new WeakMap<readonly string[], ReadonlyMap<string, readonly string[]>>(), new WeakMap<readonly string[], ReadonlyMap<string, readonly string[]>>()];
    const peerGroupsIn = (k: number, groups: readonly string[]): ReadonlyMap<string, readonly string[]> => {
      let byPeer = groupsOfPeerIn[k]!.get(groups);
      if (!byPeer) {
        const out = new Map<string, string[]>();
        for (const x of groups) if (!policyGroups.has(x)) for (const id of models[k]!.membersOf(x)) push(out, id, x);
        groupsOfPeerIn[k]!.set(groups, (byPeer = out));
      }
      return byPeer;
    };
    // The members of `g` whose answer among a tier may differ from their bucket's: in one of the
    // groups it reads other than `g` and the policy groups (both in the bucket), or serving one of
    // its sets. By place in `g`. A group every member of `g` is in sets none apart (a group of every peer).
    const touchedBy = (k: number, g: GroupMembers, groupId: string, groups: readonly string[], serving: ReadonlyMap<string, string> | null, into: Set<number>): void => {
      const model = models[k]!;
      const index = g.index;
      // Walking each group's members costs the smaller of it and `g`, each time; walking `g`'s
      // members through their groups among these (indexed once per tier) costs `g`: a tier of
      // hundreds of groups (nested covering prefixes) is met by every group at every destination it covers.
      let walk = 0;
      for (const x of groups) walk += Math.min(model.membersOf(x).size, index.size);
      if (walk > tuning.tierGroupsByPeer * index.size) {
        const byPeer = peerGroupsIn(k, groups);
        const holds = new Map<string, boolean>();
        for (let i = 0; i < g.members.length; i++) {
          const xs = byPeer.get(g.members[i]!.id);
          if (!xs) continue;
          for (const x of xs) {
            if (x === groupId) continue;
            let all = holds.get(x);
            if (all === undefined) holds.set(x, (all = holdsAll(model.membersOf(x), g)));
            if (!all) {
              into.add(i);
              break;
            }
          }
        }
      } else
        for (const x of groups) {
          if (x === groupId || policyGroups.has(x)) continue;
          const s = model.membersOf(x);
          if (s.size < index.size) {
            for (const id of s) {
              const i = index.get(id);
              if (i !== undefined) into.add(i);
            }
          } else if (!holdsAll(s, g)) for (let i = 0; i < g.members.length; i++) if (s.has(g.members[i]!.id)) into.add(i);
        }
      if (!serving) return;
      if (serving.size <= index.size) {
        for (const id of serving.keys()) {
          const i = index.get(id);
          if (i !== undefined) into.add(i);
        }
      } else for (let i = 0; i < g.members.length; i++) if (serving.has(g.members[i]!.id)) into.add(i);
    };
    // Members of `g` by bucket on side `k`.
    const byBucket = (k: number, g: GroupMembers, members: Iterable<number>): ByBucket => {
      const of = bucketsOf(k, g).of;
      const out: number[][] = [];
      for (const i of members) (out[of[i]!] ??= []).push(i);
      return out;
    };
    /**
     * A side's answers found tier by tier (see `Side.carriers`), or null when a bucket's answer
     * needs every covering set. A bucket's members that no tier its answer reads (nor the exit
     * sets, when they decide) singles out share its answer; each member singled out is answered
     * on its own (its answer shared with members alike by the tiers' keys). Far fewer members are
     * singled out than by every covering set's groups (see `bySide`): a group of every peer, most
     * of whom the most specific set carries the address for, is one or two buckets.
     */
    const byLevels = (k: number, g: GroupMembers, groupId: string): SideAnswer | null => {
      const plan = carriersOfSide[k]!().levels;
      if (!plan) return null;
      if (!tuning.shareChains) return levelAnswers(k, plan, g, groupId);
      const chain = plan.levels.length > 0 ? plan.levels : (target.destination as Extract<Destination, { kind: 'ip' }>).addr.family;
      let byGroup = chainAnswers[k]!.get(chain);
      if (!byGroup) chainAnswers[k]!.set(chain, (byGroup = new Map()));
      let answer = byGroup.get(g);
      if (answer === undefined) {
        answer = levelAnswers(k, plan, g, groupId);
        chainAnswersCount += 1 + (answer?.touched.length ?? 0);
        if (chainAnswersCount > tuning.tierMemoLimit) {
          for (const m of chainAnswers) m.clear();
          chainAnswers[k]!.set(chain, byGroup);
          byGroup.clear();
          chainAnswersCount = 1 + (answer?.touched.length ?? 0);
        }
        byGroup.set(g, answer);
      }
      return answer;
    };
    // `byLevels` for one destination alone.
    const levelAnswers = (k: number, plan: NonNullable<CarrierOf['levels']>, g: GroupMembers, groupId: string): SideAnswer | null => {
      const touchedAt = (level: Level): ByBucket => {
        let byGroup = levelTouched.get(level);
        if (!byGroup) levelTouched.set(level, (byGroup = new Map()));
        let t = byGroup.get(g);
        if (!t) {
          const found = new Set<number>();
          touchedBy(k, g, groupId, level.groups, level.serving, found);
          t = found.size === 0 ? NONE_TOUCHED : byBucket(k, g, found);
          if (++levelTouchedCount > tuning.tierMemoLimit) {
            levelTouched.clear();
            levelTouchedCount = 1;
            levelTouched.set(level, byGroup);
          }
          byGroup.set(g, t);
        }
        return t;
      };
      let exitTouched: ByBucket | null = null;
      const lists = bucketsOf(k, g).lists;
      const touched: number[] = [];
      const add = (list: readonly number[] | undefined) => {
        if (list) for (const i of list) if (!seen[i]) {
          seen[i] = 1;
          touched.push(i);
        }
      };
      const bucket: (Carrier | undefined)[] = new Array(lists.length);
      for (let b = 0; b < lists.length; b++) {
        const list = lists[b]!;
        let done = -1;
        for (let at = 0; ; ) {
          while (at < list.length && seen[list[at]!]) at++;
          if (at === list.length) break;
          const rep = list[at]!;
          const walked = plan.walk(g.members[rep]!.id);
          if (walked.depth < 0) {
            for (const i of touched) seen[i] = 0;
            return null;
          }
          for (let i = done + 1; i <= Math.min(walked.depth, plan.levels.length - 1); i++) add(touchedAt(plan.levels[i]!)[b]);
          if (walked.depth === plan.levels.length && plan.exits && done < plan.levels.length) {
            if (!exitTouched) {
              exitTouched = exitTouchedOf[k]!.get(g) ?? null;
              if (!exitTouched) {
                const found = new Set<number>();
                touchedBy(k, g, groupId, exitGroups[k]!, null, found);
                exitTouchedOf[k]!.set(g, (exitTouched = byBucket(k, g, found)));
              }
            }
            add(exitTouched[b]);
          }
          done = Math.max(done, walked.depth);
          if (!seen[rep]) {
            bucket[b] = walked.carrier.carrier;
            break;
          }
        }
      }
      for (const i of touched) seen[i] = 0;
      // Each member singled out reports its own carrier (a change reports its first member's; a carrier key leaves out names and network ids).
      return { bucket, touched, own: touched.map((i) => plan.walk(g.members[i]!.id).carrier.carrier) };
    };
    /**
     * A side's answers when they are not found tier by tier: members touched by the covering sets
     * (in a read group other than `g`, or serving one of them) by what their answer reads on this
     * side, the others by bucket; each class's carrier is its first member's, kept by class key for the destination.
     */
    const byReads = (k: number, g: GroupMembers, groupId: string): SideAnswer => {
      const model = models[k]!;
      const serving = servingOf(k);
      const side = sides[k]!;
      const touched = new Set<string>();
      const readGroups = readGroupsOf();
      const readIndex = readIndexOf(k);
      // The members of the group in a read group other than itself, or serving: from the read
      // groups' members, or from the group's members' own groups when those are fewer to look at.
      let bySets = Math.min(serving.size, g.index.size);
      for (const x of readGroups) if (x !== groupId) bySets += Math.min(model.membersOf(x).size, g.index.size);
      if (readIndex !== null && (tuning.touchedFromMembers ?? g.index.size * (side.groupsPerPeer + 1) < bySets)) {
        for (const id of g.index.keys()) {
          if (serving.has(id)) touched.add(id);
          else for (const x of side.groupsOf(id)) if (x !== groupId && readIndex.has(x)) {
            touched.add(id);
            break;
          }
        }
      } else {
        for (const x of readGroups) {
          if (x === groupId) continue;
          const s = model.membersOf(x);
          if (s.size <= g.index.size) {
            for (const id of s) if (g.index.has(id)) touched.add(id);
          } else for (const id of g.index.keys()) if (s.has(id)) touched.add(id);
        }
        if (serving.size <= g.index.size) {
          for (const id of serving.keys()) if (g.index.has(id)) touched.add(id);
        } else for (const id of g.index.keys()) if (serving.has(id)) touched.add(id);
      }
      const carrierOf = (key: string, first: string): Carrier => {
        let carrier = sideCarriers[k]!.get(key);
        if (!carrier) sideCarriers[k]!.set(key, (carrier = carrierOfSide[k]!(first)));
        return carrier.carrier;
      };
      // Touched members by what their answer reads on this side; the others by base class. A
      // routing peer of a covering set that is not an exit node adds its rows in those sets: peers
      // that serve them alike share an answer (see `servingRows`); for a domain, each is answered alone.
      const byKey = new Map<string, number[]>();
      const readSets = readIndex === null ? readGroups.map((x) => model.membersOf(x)) : [];
      const read: number[] = [];
      for (const id of touched) {
        const at = g.index.get(id)!;
        seen[at] = 1;
        const base = staticBaseOf(k, id);
        const rows = serving.get(id);
        if (base.startsWith('@') || (rows !== undefined && !ipTarget)) {
          push(byKey, `@${id}`, at);
          continue;
        }
        // The read groups it is in (the same groups for every member of this destination): by
        // their numbers among the read groups, from its own groups; else one digit per read group.
        let key = `${base}|`;
        if (readIndex !== null) {
          read.length = 0;
          for (const x of side.groupsOf(id)) {
            const i = readIndex.get(x);
            if (i !== undefined) read.push(i);
          }
          key += read.length < 2 ? read.join(',') : read.sort((a, b) => a - b).join(',');
        } else for (let i = 0; i < readSets.length; i++) key += readSets[i]!.has(id) ? '1' : '0';
        if (rows !== undefined) key += `|${rows}`;
        push(byKey, key, at);
      }
      const list: number[] = [];
      const own: Carrier[] = [];
      for (const [key, members] of byKey) {
        const carrier = carrierOf(key, g.members[members.reduce((a, b) => (a < b ? a : b))]!.id);
        for (const i of members) {
          list.push(i);
          own.push(carrier);
        }
      }
      const { lists, keys } = bucketsOf(k, g);
      const bucket: (Carrier | undefined)[] = new Array(lists.length);
      for (let b = 0; b < lists.length; b++) {
        const first = lists[b]!.find((i) => !seen[i]);
        if (first !== undefined) bucket[b] = carrierOf(keys[b]!, g.members[first]!.id);
      }
      for (const i of list) seen[i] = 0;
      return { bucket, touched: list, own };
    };
    const bySide = (g: GroupMembers, groupId: string): void => {
      if (seen.length < g.members.length) seen = new Uint8Array(Math.max(g.members.length, 2 * seen.length));
      const old = byLevels(0, g, groupId) ?? byReads(0, g, groupId);
      const neu = byLevels(1, g, groupId) ?? byReads(1, g, groupId);
      const { pairs, refs } = pairsOf(g);
      counter.meet({ members: g.members, buckets: [bucketsOf(0, g), bucketsOf(1, g)], pairs, pairRefs: refs, rank, group: g.ref }, old, neu);
    };
    for (const groupId of groupIds) {
      const g = groupMembers(groupId);
      let classes: { cls: MemberClass; key: string }[];
      if (only !== null) classes = classesOfTouched(touchedIn.get(groupId)!);
      else if (exhaustive) classes = g.members.map((m) => ({ key: `@${m.id}`, cls: { list: [m], skip: null, count: 1 } }));
      else {
        bySide(g, groupId);
        continue;
      }
      const valued = classes.map(({ cls, key }) => ({ cls, value: carriers(firstOfClass(cls, 1)[0]!.id, key) }));
      for (const c of gather(valued, carrierKey, keys, { rank, group: g.ref, members: g.members.length })) behaviourSelection.add(c);
    }
  });
  const listed = <T, C extends BehaviourChange | ExitNodeChange>(c: Candidate<T>, make: (rest: { group: PeerRef; scope: Scope; sources: PeerRef[]; sourcesLeftOut?: number; members: number }) => C): C => {
    const sources = firstOfClasses(c.classes, maxSources);
    const leftOut = c.count - sources.length;
    const change = make({ group: c.group, scope: scopeOf(c.count, c.members), sources, ...(leftOut > 0 ? { sourcesLeftOut: leftOut } : {}), members: c.members });
    causeSourcesOf.set(change, c.classes);
    return change;
  };
  const behaviour = withinNames(behaviourSelection.listed(), maxSources).map((c) =>
    listed(c, ({ sources, sourcesLeftOut, ...who }) => {
      const kind = kindOf(c.old, c.new);
      const target = targets[c.rank]!;
      const rest = { destination: target.text, destinationType: target.type, probe: target.probe, group: who.group, scope: who.scope, sources, ...(sourcesLeftOut !== undefined ? { sourcesLeftOut } : {}), members: who.members, old: c.old, new: c.new };
      return { kind, message: behaviourMessage({ kind, ...rest }), ...rest };
    }),
  );

  const exitSelection = new Selection<string | null>(Math.min(maxChanges, listingCeiling.changes));
  const onlyExit = scope.membersToSimulate(exitSets, null) === null ? null : scope.exitSelectionMembers();
  if (onlyExit === null || onlyExit.parts.some((p) => p.size > 0)) {
    const groupIds = [...new Set(exitSets.flatMap((s) => s.routes.flatMap((r) => r.groups)))].filter((g) => g !== '');
    const chosen = new Map<string, { old: string | null; new: string | null }>();
    const exitOf = (peerId: string) => {
      let c = chosen.get(peerId);
      if (!c) chosen.set(peerId, (c = exhaustive ? { old: before.sim.exitSelection(peerId).chosen, new: after.sim.exitSelection(peerId).chosen } : { old: before.exitChoice(peerId), new: after.exitChoice(peerId) }));
      return c;
    };
    const exitKeys = new Map<{ old: string | null; new: string | null }, string | null>();
    for (const groupId of groupIds) {
      const g = groupMembers(groupId);
      const compared = onlyExit === null ? g.members : membersIn(onlyExit, g).map(peerRef).sort(compareByNameThenId);
      const valued = compared.map((m) => ({ cls: { list: [m], skip: null, count: 1 }, value: exitOf(m.id) }));
      for (const c of gather(valued, (v) => v ?? '', exitKeys, { rank: 0, group: g.ref, members: g.members.length })) exitSelection.add(c);
    }
  }
  const exitNodes = withinNames(exitSelection.listed(), maxSources).map((c) =>
    listed(c, (rest) => {
      const kind: ExitNodeKind = c.old === null ? 'now-auto-applied' : c.new === null ? 'no-longer-auto-applied' : 'switched';
      const all = { ...rest, old: c.old, new: c.new };
      return { kind, message: exitNodeMessage({ kind, ...all }), ...all };
    }),
  );

  return { behaviour, exitNodes, behaviourTotal: behaviourSelection.total, exitNodeTotal: exitSelection.total, notes: notesOf(oldModel, newModel, inBoth) };
}

/** The first candidates whose changes name no more than `listingCeiling.names` members, one name for each change itself. */
function withinNames<T>(candidates: Candidate<T>[], maxSources: number): Candidate<T>[] {
  let names = 0;
  for (let i = 0; i < candidates.length; i++) {
    names += 1 + Math.min(candidates[i]!.count, maxSources);
    if (names > listingCeiling.names) return candidates.slice(0, i);
  }
  return candidates;
}

function notesOf(oldModel: Model, newModel: Model, inBoth: ReadonlySet<string>): string[] {
  const notes = [
    'Every routing peer is assumed connected, direct and with equal latency: inside an HA set the metric decides, and exact ties are reported as nondeterministic.',
    'A prefix is compared at one address that no more specific prefix of either export takes away, so a nested prefix shows what changes for its own range; a domain pattern is compared at one name it matches.',
  ];
  const onlyIn = (a: Model, b: Model) =>
    [...a.peers!.keys()]
      .filter((id) => !inBoth.has(id) && !b.peers!.has(id))
      .map((id) => a.peerName(id))
      .sort(compareStrings);
  for (const [names, side] of [
    [onlyIn(oldModel, newModel), 'old'],
    [onlyIn(newModel, oldModel), 'new'],
  ] as const) {
    if (names.length === 0) continue;
    const shown = nameList(names, { limit: 5 });
    notes.push(`${names.length} peer${names.length === 1 ? ' is' : 's are'} only in the ${side} export (${shown}): without a before and an after, ${names.length === 1 ? 'it is' : 'they are'} not compared as sources.`);
  }
  for (const [model, side] of [
    [oldModel, 'old'],
    [newModel, 'new'],
  ] as const) {
    if (model.policies === null) notes.push(`The ${side} export has no policies: every routing peer is assumed to be connected to every source by an enabled policy.`);
    const n = model.schemaIssues.length;
    if (n > 0) notes.push(`${n} value${n === 1 ? '' : 's'} in the ${side} export ${n === 1 ? 'has' : 'have'} the wrong type or shape; the objects holding them were left out (see routelint lint).`);
  }
  return notes;
}


// The simulator: per-model indexes built once (prefixes by family and length, domain patterns,
// exit sets, the HA sets each peer serves, who receives what by delivery profile), then one answer
// per (source, destination), built by outcome.ts from the HA sets covering the destination only.
import type { Addr } from '../net/prefix.js';
import { PrefixTable } from '../net/prefix-table.js';
import { overlayOf, type Overlay } from '../model/overlay.js';
import type { Model, Policy } from '../model/types.js';
import { groupsByPeer } from '../model/reach.js';
import type { Outcome, RouteRef } from './answer.js';
import { buildSimSets, ownDelivery, ServedKeys, sourceViewOf, type SetDelivery, type SimSet, type SourceView } from './distribution.js';
import { DomainIndex } from './domain.js';
import { type ExitSelection } from './exit.js';
import { NO_APEX_MISSES, type DecisionMemo, type Destination, type Found, type RankedSet, type SimulationOptions } from './decision.js';
import { cutBoundaries, outcomeOf, PeerRefs } from './outcome.js';
import { refusesPrefixes, routesInUserspace } from '../model/peerOs.js';
import { policyPostureOf } from '../model/posture.js';
import { SourceDeliveries } from './source-deliveries.js';
import { SetTemplates } from './set-templates.js';
import { BriefMemo } from './batch.js';
import { ShareFacts, ShareScope, type SharingSource } from './share.js';
import { compareCodePoints, compareStrings } from '../order.js';
import { CoveringSplit } from './split.js';
import { MemberDeliveries } from './member-deliveries.js';
import { loneServers, rowsByPeer, servedBaseKeys, servingRole, type ServedRow, type ServingRole } from './serving-roles.js';

const NO_KEYS: ReadonlySet<string> = new Set();
const NO_GROUPS: readonly string[] = [];

export type { Destination, SimulationOptions } from './decision.js';


/** A source peer as the simulator sees it: its delivery view, its delivery profile, its OS class and what sharing keys it by. */
interface Source extends SharingSource {
  readonly view: SourceView;
}

/** A member's answer to a group question (see `Simulator.memberOutcomes`). */
export interface MemberOutcome {
  /** Its answer; with `own`, the representative's, which differs from its own only by their rows (see `ownOutcome`). */
  readonly outcome: Outcome;
  /** The member's own rows in the sets the answer weighs, set by set; null when `outcome` is its own answer. */
  readonly own: readonly RouteRef[] | null;
  /** The member the shared answer was computed for; null without `own`. */
  readonly representative: string | null;
}

/** A member's answer as `Simulator.memberAnswers` keeps it. */
export interface MemberAnswer<T> {
  /** Its answer as kept; with `own`, the representative's (see `MemberOutcome`). */
  readonly answer: T;
  readonly own: readonly RouteRef[] | null;
  readonly representative: string | null;
}

/** What `memberAnswers` shares answers by for one question (see `Simulator.memberScope`). */
interface MemberScope {
  readonly scope: ShareScope;
  readonly relevant: ReadonlySet<SimSet>;
  templateKey(source: Source): { key: string; role: ServingRole } | null;
}

/** A destination as text: one question's caches are checked against it. */
function destinationKey(dest: Destination): string {
  return dest.kind === 'ip' ? `ip ${dest.text}` : `domain ${dest.name}`;
}

/** Delivery profiles whose deliveries the simulator keeps at once. */
const MAX_CACHED_PROFILES = 4096;

export class Simulator {
  readonly sets: readonly SimSet[];
  /** HA sets by prefix, each with its rank (the prefix length). */
  private readonly prefixes = new PrefixTable<RankedSet>();
  private readonly domains: DomainIndex;
  private readonly exitSets: readonly SimSet[];
  private readonly served: ServedKeys;
  private readonly overlay: Overlay;
  private readonly hasDomainRoutes: boolean;
  /** Answers without explanations for addresses, shared by the questions that rest on the same facts (batch speed). */
  private readonly brief: BriefMemo;

  constructor(readonly model: Model) {
    if (!model.peers || !model.groups) throw new Error('the simulator needs the groups and peers of the export');
    this.sets = buildSimSets(model);
    this.brief = new BriefMemo(this.sets);
    for (const set of this.sets) if (set.network) this.prefixes.add(set.network, Object.freeze({ set, rank: set.network.bits }));
    const domainSets = this.sets.filter((s) => s.domains !== null);
    this.hasDomainRoutes = domainSets.length > 0;
    this.domains = new DomainIndex(domainSets);
    this.exitSets = this.sets.filter((s) => s.isExit);
    this.exitNetworkIdSet = new Set(this.exitSets.map((s) => s.networkId));
    this.served = new ServedKeys(model);
    const named = this.served.peers();
    for (const policy of model.policies ?? []) for (const rule of policy.rules) for (const id of [...rule.sources.peerIds, ...rule.destinations.peerIds]) named.add(id);
    for (const route of model.routes) for (const id of route.networkResource?.sourcePeerIds ?? []) named.add(id);
    this.namedPeers = named;
    this.posturePolicies = (model.policies ?? []).filter((p) => p.enabled && p.sourcePostureCheckIds.length > 0);
    this.multiRulePolicies = (model.policies ?? []).filter((p) => p.enabled && p.rules.filter((r) => r.enabled).length > 1);
    this.groupsOfPeer = groupsByPeer(model);
    this.peerRefs = new PeerRefs(model);
    this.overlay = overlayOf(model);
    this.shareFacts = new ShareFacts(model, this.exitSets);
    this.templates = new SetTemplates(model);
  }

  private readonly shareFacts: ShareFacts;
  private readonly templates: SetTemplates;
  /** The exit sets' network ids. */
  private readonly exitNetworkIdSet: ReadonlySet<string>;

  /** Network ids of the account's exit nodes a user may select (paired `-v6` twins follow their base), sorted as Go does. */
  exitNetworkIds(): string[] {
    return [...new Set(this.exitSets.filter((s) => s.routes.some((r) => !r.twin)).map((s) => s.networkId))].sort(compareCodePoints);
  }

  /**
   * Deliveries by delivery profile, reused by every question from a source with that profile;
   * bounded (see `deliveriesOf`).
   */
  private readonly byProfile = new Map<number, SourceDeliveries>();
  /** Peers whose deliveries are their own (see `profileOf`). */
  private readonly namedPeers: ReadonlySet<string>;
  /** Enabled policies with source posture checks: a source's verdicts on them decide what it receives (§3, §9). */
  private readonly posturePolicies: readonly Policy[];
  /** Enabled policies with several enabled rules, whose exported sources may be incomplete (§10). */
  private readonly multiRulePolicies: readonly Policy[];
  /** Groups of each peer, as the model counts membership, sorted. */
  private readonly groupsOfPeer: ReadonlyMap<string, readonly string[]>;

  /** The exit node selection of one source peer (docs/netbird-behaviour.md §6): what it installs given the user's choice, or none. */
  exitSelection(sourceId: string, userChoice: string | null = null): ExitSelection {
    return this.deliveriesOf(this.sourceOf(sourceId)).exits(userChoice).selection;
  }

  /** What the simulator knows of each source peer asked about, found with one lookup per question. */
  private readonly sources = new Map<string, Source>();
  private readonly peerRefs: PeerRefs;

  /** `posture`: the question's `--posture` overrides, which change what the source receives (§3, §9). */
  private sourceOf(sourceId: string, posture?: ReadonlyMap<string, 'pass' | 'fail'>): Source {
    const overridden = posture !== undefined && posture.size > 0;
    const cacheKey = overridden ? `${sourceId}\u0000${JSON.stringify([...posture])}` : sourceId;
    let source = this.sources.get(cacheKey);
    if (source) return source;
    const peer = this.model.peers!.get(sourceId);
    if (!peer) throw new Error(`unknown source peer ${sourceId}`);
    const override = overridden ? (id: string) => posture.get(id) ?? null : undefined;
    const groups = this.groupsOfPeer.get(peer.id) ?? [];
    const view = sourceViewOf(peer, this.served.of(peer.id), groups, override);
    const keyed = { profile: this.profileOf(view), linuxLike: !routesInUserspace(peer), refusesPrefixes: refusesPrefixes(peer), peerId: peer.id, inMultiRulePolicy: this.inMultiRulePolicy(peer.id) };
    const traits = `${this.traitsOf(view)}${Number(keyed.refusesPrefixes)}`;
    this.sources.set(cacheKey, (source = { view, ...keyed, groups, traits: `${traits}${Number(keyed.linuxLike)}${Number(keyed.inMultiRulePolicy)}`, carrierTraits: traits }));
    return source;
  }

  /** Does a policy with several rules name the peer among its sources or destinations (§10: its sources may be under-reported)? */
  private inMultiRulePolicy(peerId: string): boolean {
    // The names are gathered once: a matrix or a group question asks this of thousands of sources.
    const names = (this.multiRuleNames ??= namesOfEnabledRules(this.multiRulePolicies));
    if (names.peerIds.has(peerId)) return true;
    for (const g of this.groupsOfPeer.get(peerId) ?? NO_GROUPS) if (names.groupIds.has(g)) return true;
    return false;
  }

  private multiRuleNames: { readonly groupIds: ReadonlySet<string>; readonly peerIds: ReadonlySet<string> } | null = null;

  /**
   * What decides which routes a source receives (docs/netbird-behaviour.md §3): its groups and its flags. Sources
   * with the same profile receive the same routes, as the management server computes network maps
   * from groups. A source that serves routes, or that a policy rule or a network resource names
   * directly, has a profile of its own.
   */
  private profileOf(view: SourceView): number {
    const text = this.computeProfile(view);
    let profile = this.profileIds.get(text);
    if (profile === undefined) this.profileIds.set(text, (profile = this.profileIds.size));
    return profile;
  }

  /** Each distinct profile, numbered in order of first use. */
  private readonly profileIds = new Map<string, number>();

  private computeProfile(view: SourceView): string {
    const peer = view.peer;
    if (this.namedPeers.has(peer.id)) return `peer ${peer.id}`;
    return `${this.traitsOf(view)}${JSON.stringify([...(this.groupsOfPeer.get(peer.id) ?? [])].sort(compareStrings))}`;
  }

  /** The source's flags that decide what it receives, and its posture verdicts. */
  private traitsOf(view: SourceView): string {
    const peer = view.peer;
    const flags = `${Number(peer.loginExpired)}${Number(peer.disableClientRoutes)}${Number(view.hasIpv6)}${Number(peer.approvalRequired)}`;
    // Two sources in the same groups receive different routes when one fails a policy's posture checks.
    const posture = this.posturePolicies.map((p) => policyPostureOf(this.model.postureChecks, p, peer, view.posture)[0]).join('');
    return `${flags}${posture}`;
  }

  /** `keep: false`: made for one answer, not cached (unless cached already). */
  private deliveriesOf({ view, profile }: Source, keep = true): SourceDeliveries {
    let cached = this.byProfile.get(profile);
    if (cached) return cached;
    if (!keep) return new SourceDeliveries(this.model, view, this.exitSets, this.templates);
    // Deliveries depend on the model and the profile only, so dropping them all is always safe;
    // it bounds memory when a long batch asks from many sources.
    if (this.byProfile.size >= MAX_CACHED_PROFILES) this.byProfile.clear();
    this.byProfile.set(profile, (cached = new SourceDeliveries(this.model, view, this.exitSets, this.templates)));
    return cached;
  }

  /** The answer for one source peer. */
  outcome(sourceId: string, dest: Destination, options: SimulationOptions): Outcome {
    return this.outcomeFound(this.sourceOf(sourceId, options.posture), dest, options, this.found(dest));
  }

  /**
   * Answers for one destination as if only the covering sets `keep` accepts covered it: a
   * function from source peer to `outcome`'s answer over those sets, the covering sets looked up
   * once. The matrix (analysis/reachability.ts) asks among the most specific sets first: when one
   * of them carries the destination, the less specific sets and the exit sets (below every other
   * prefix) change nothing about who carries it.
   */
  outcomesAmong(dest: Destination, options: SimulationOptions, keep: (set: SimSet) => boolean): (sourceId: string) => Outcome {
    const all = this.found(dest);
    const found = { sets: all.sets.filter((f) => keep(f.set)), apexMisses: all.apexMisses };
    return (sourceId) => this.outcomeFound(this.sourceOf(sourceId, options.posture), dest, options, found);
  }

  /**
   * Answers for many sources to one destination (see share.ts): a function from source peer to
   * its answer, which is `outcome`'s answer; sources whose answers rest on the same facts get the
   * same object, computed once. The covering sets are looked up once. `carrierOnly`: only the
   * carrier of each answer is read (disposition, peer, route, candidates, fate), and sources that
   * differ only in what adds an assumption share an answer too: its assumptions are then the
   * first source's. `keep`: as `outcomesAmong`, as if only the covering sets it accepts covered
   * the destination (the sharing then rests on those sets alone).
   */
  outcomes(dest: Destination, options: SimulationOptions, carrierOnly = false, keep?: (set: SimSet) => boolean, members = false): (sourceId: string) => Outcome {
    const all = this.found(dest);
    const found = keep ? { sets: all.sets.filter((f) => keep(f.set)), apexMisses: all.apexMisses } : all;
    const scope = new ShareScope(this.shareFacts, found.sets.map((f) => f.set), options.states.reported?.localPeerId ?? null);
    const shared = new Map<string, Outcome>();
    // `members`: the sources are a group's members, many of them answered alone where every route
    // covers the address: each is decided over the sets it may hold (split.ts), as in `memberAnswers`.
    const split = members && dest.kind === 'ip' && !found.sets.some((f) => f.set.isExit) ? new CoveringSplit(this.model, found) : null;
    const answer = (source: Source): Outcome => (split ? this.splitOutcome(source, dest, options, split) : this.outcomeFound(source, dest, options, found));
    return (sourceId) => {
      const source = this.sourceOf(sourceId, options.posture);
      const key = scope.key(source, carrierOnly);
      if (key === null) return answer(source);
      let o = shared.get(key);
      if (!o) shared.set(key, (o = answer(source)));
      return o;
    };
  }

  /**
   * Answers for the members of a group to one address (see share.ts), as `outcomes` gives them,
   * and one more kind of sharing: routing peers of the covering sets that serve them the same way
   * (one row in the same sets, routes alike but for their id and peer, the same traits and groups)
   * share one answer computed for the first of them, the `representative`. Such a member's own
   * answer is the representative's with their own rows swapped (`ownOutcome`): its `own` lists its
   * rows, set by set, aligned with the representative's.
   */
  memberOutcomes(dest: Destination, options: SimulationOptions): (sourceId: string) => MemberOutcome {
    const answers = this.memberAnswers(dest, options, (o) => o);
    return (sourceId) => {
      const a = answers(sourceId);
      return { outcome: a.answer, own: a.own, representative: a.representative };
    };
  }

  /**
   * `memberOutcomes`, each answer kept only as `keep` makes it (given the answer and, for a shared
   * serving answer, its representative): a group of 50,000 members keeps 50,000 answers until
   * they are written, so the group's JSON keeps their text, not their objects. Members whose
   * answers `memberOutcomes` shares get the same kept value, made once. `memberIds`: the group's
   * members, when known: a member serving sets no other member serves is answered alone at once.
   */
  memberAnswers<T>(dest: Destination, options: SimulationOptions, keep: (o: Outcome, representative: string | null) => T, memberIds?: readonly string[]): (sourceId: string) => MemberAnswer<T> {
    const found = this.found(dest);
    const { scope, templateKey } = this.memberScope(dest, options, found);
    const shared = new Map<string, T>();
    const templates = new Map<string, { answer: T; representative: string; rows: readonly ServedRow[]; boundaries: ReadonlyMap<SimSet, readonly number[]> | undefined }>();
    const split = this.splitFor(dest, options, found);
    const lone = split && !split.coversExit && memberIds ? loneServers(split, memberIds.filter((id) => scope.serves(id))) : NO_KEYS;
    const shares = split || options.explain === false ? null : new MemberDeliveries(this.model, found.sets.map((f) => f.set));
    // A member's deliveries are not kept: members of one profile have one key, so one answer (see share.ts).
    const answer = (source: Source): Outcome => (split ? this.splitOutcome(source, dest, options, split, false) : this.outcomeFound(source, dest, options, found, false, shares));
    const alone = (source: Source): MemberAnswer<T> => ({ answer: keep(answer(source), null), own: null, representative: null });
    return (sourceId) => {
      const source = this.sourceOf(sourceId, options.posture);
      if (!scope.serves(sourceId)) {
        const key = scope.key(source);
        if (key === null) return alone(source);
        let o = shared.get(key);
        if (o === undefined) shared.set(key, (o = keep(answer(source), null)));
        return { answer: o, own: null, representative: null };
      }
      // Alone with its serving key, it would be a serving answer of one member: an answer as any.
      if (lone.has(sourceId)) return alone(source);
      const served = templateKey(source);
      if (served === null) return alone(source);
      const { key, role } = served;
      let t = templates.get(key);
      if (!t) {
        const o = answer(source);
        templates.set(key, (t = { answer: keep(o, sourceId), representative: sourceId, rows: role.rows, boundaries: cutBoundaries(o) }));
      } else if (!this.swapsUnderCut(t.boundaries, t.rows, role.rows)) return alone(source);
      return { answer: t.answer, own: role.refs, representative: t.representative };
    };
  }

  /**
   * What `memberAnswers` shares answers by for one question: the sharing scope, the sets weighed,
   * and the key of the answer a routing peer of them shares with those that serve them alike
   * (null: it is answered alone).
   */
  private memberScope(dest: Destination, options: SimulationOptions, found: Found): MemberScope {
    // One scope per question (`memberAnswers` and `soleLocalMembers` ask with the same options): its sets are read once.
    const destKey = destinationKey(dest);
    const made = this.memberScopes.get(options);
    if (made && made.dest === destKey) return made.scope;
    const scope = this.newMemberScope(dest, options, found);
    this.memberScopes.set(options, { dest: destKey, scope });
    return scope;
  }

  private readonly memberScopes = new WeakMap<SimulationOptions, { readonly dest: string; readonly scope: MemberScope }>();

  private newMemberScope(dest: Destination, options: SimulationOptions, found: Found): MemberScope {
    // Where the covering sets are split (split.ts), its indexes hold what the scope reads of them.
    const split = this.splitFor(dest, options, found);
    const scope = new ShareScope(this.shareFacts, found.sets.map((f) => f.set), options.states.reported?.localPeerId ?? null, split ? () => split.facts() : undefined);
    const relevant = new Set(found.sets.map((f) => f.set));
    if (found.sets.some((f) => f.set.isExit)) for (const s of this.exitSets) relevant.add(s);
    let rowsOf: (peerId: string) => ServedRow[];
    let isBaseKey: (key: string) => boolean;
    // Its rows by peer are the covering sets' only: with an exit set, every exit set is weighed.
    if (split && !split.coversExit) {
      rowsOf = (id) => split.rowsOfPeer(id);
      isBaseKey = (key) => split.hasKey(key);
    } else {
      rowsOf = rowsByPeer([...relevant].sort((a, b) => a.index - b.index));
      const baseKeys = new Set<string>();
      for (const set of relevant) {
        // A set's rows share their HA key but for twins: looked up when it changes.
        let last: string | null = null;
        for (const r of set.routes) if (r.baseKey !== last) baseKeys.add((last = r.baseKey));
      }
      isBaseKey = (key) => baseKeys.has(key);
    }
    const baseKeys = servedBaseKeys(isBaseKey);
    const templateKey = (source: Source): { key: string; role: ServingRole } | null => {
      const base = dest.kind === 'ip' && source.peerId !== options.currentPeerId ? scope.servingKey(source) : null;
      if (base === null) return null;
      const role = servingRole(source, rowsOf(source.peerId), baseKeys);
      // A source that serves every set weighed receives none of their routes (§3: it ignores the
      // other routes of a set it serves): its groups decide nothing, its traits still do. Not so
      // where its only rows of a set are disabled (a disabled exit route's ::/0 twin in another
      // network's ::/0 set): that network's rows reach it by its groups. Whatever else keeps its own
      // row from being installed (its login, approval, no IPv6) keeps the others from it too.
      let decided = 0;
      let last: SimSet | null = null;
      for (const { set, row } of role.rows) {
        if (set === last || ownDelivery(source.view, row.route, row.family) === 'route-disabled') continue;
        last = set;
        decided++;
      }
      return { key: `${role.key}\u0000${decided === relevant.size ? source.traits : base}`, role };
    };
    return { scope, relevant, templateKey };
  }

  /**
   * The members whose answer to a group question is, for certain, their own LOCAL answer (they
   * carry the traffic themselves) and shared with no other member (see `memberAnswers`), found
   * without deciding it (`CoveringSplit.servesFirst`), and where no other member serves the sets
   * alike. Such a member is an outcome of its own, and a group answer that lists only some
   * outcomes need not compute it (index.ts). Only where `memberAnswers` splits the covering sets
   * (many rows) and no exit set covers the address: elsewhere every answer is cheap, or (an exit
   * set) the exit node selection reads more sets than the split's. `options`: the same object as
   * `memberAnswers` is given (they share the split).
   */
  soleLocalMembers(dest: Destination, options: SimulationOptions, memberIds: readonly string[]): ReadonlySet<string> {
    const sole = new Set<string>();
    const found = this.found(dest);
    const split = this.splitFor(dest, options, found);
    if (!split || split.coversExit) return sole;
    // Members that serve the sets alike share one answer (`memberAnswers`): only a member alone
    // with its key is an outcome of its own. Equal keys need rows in the same sets (`servedAt`),
    // so the key is worked out only where those collide.
    const local = memberIds.filter((id) => split.servesFirst(sourceViewOf(this.model.peers!.get(id)!, NO_KEYS, this.groupsOfPeer.get(id) ?? NO_GROUPS)));
    const lone = loneServers(split, local);
    const { templateKey } = this.memberScope(dest, options, found);
    const keys = new Map<string, number>();
    const keyOf = new Map<string, string | null>();
    for (const id of local) {
      if (lone.has(id)) continue;
      const key = templateKey(this.sourceOf(id, options.posture))?.key ?? null;
      keyOf.set(id, key);
      if (key !== null) keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    for (const id of local) {
      const key = lone.has(id) ? null : keyOf.get(id)!;
      if (key === null || keys.get(key) === 1) sole.add(id);
    }
    return sole;
  }

  /**
   * May a member take a cut answer with its rows and the representative's swapped (`ownOutcome`)?
   * Only where the cut keeps the same rows either way: in each set, every rank cut part-way
   * stops before both members' rows (`cutBoundaries`); a rank kept whole or not at all is the same
   * whichever of them holds which row.
   */
  private swapsUnderCut(boundaries: ReadonlyMap<SimSet, readonly number[]> | undefined, representative: readonly ServedRow[], member: readonly ServedRow[]): boolean {
    if (!boundaries) return true;
    for (const rows of [representative, member]) {
      for (const { set, row } of rows) {
        const b = boundaries.get(set);
        if (!b) continue;
        const at = this.peerRefs.positions(set).get(row)!;
        if (at <= b[0]! || at <= b[1]! || at <= b[2]!) return false;
      }
    }
    return true;
  }

  /**
   * A number shared by sources that `outcomes` keys alike for every destination (with no status
   * report, and `carrierOnly` as given): the same traits and groups, and no routing peer, rule or
   * resource naming them (those each have a number of their own).
   */
  classOf(sourceId: string, carrierOnly = false): number {
    const source = this.sourceOf(sourceId);
    const text = `${carrierOnly ? source.carrierTraits : source.traits} ${source.profile}`;
    let n = this.classIds.get(text);
    if (n === undefined) this.classIds.set(text, (n = this.classIds.size));
    return n;
  }

  private readonly classIds = new Map<string, number>();

  /** What `outcomes` keys the sources of one destination by (no status report): for callers that class many sources at once (diff). */
  sharingScope(dest: Destination): ShareScope {
    return new ShareScope(this.shareFacts, this.found(dest).sets.map((f) => f.set), null);
  }

  /** HA keys of the sets a peer is a routing peer of. */
  servedKeys(peerId: string): ReadonlySet<string> {
    return this.served.of(peerId);
  }

  /** A source as sharing sees it: its traits and groups. */
  sharingSource(sourceId: string): SharingSource {
    return this.sourceOf(sourceId);
  }

  /** Groups any policy rule names, and peers a rule or a network resource names directly (each answered alone). */
  get sharingNames(): { readonly policyGroups: ReadonlySet<string>; readonly namedPeers: ReadonlySet<string> } {
    return this.shareFacts;
  }

  private found(dest: Destination): Found {
    return dest.kind === 'ip' ? this.ipSets(dest.addr) : this.domainSets(dest.name);
  }

  /** `shares`: the deliveries the question's members share (explained answers). */
  private outcomeFound(source: Source, dest: Destination, options: SimulationOptions, found: Found, keepDeliveries = true, shares: MemberDeliveries | null = null): Outcome {
    // Loops and methods, not closures: a batch asks this for every line.
    const covering: SetDelivery[] = [];
    if (shares) {
      const deliveries = this.sharedDeliveries(source, shares);
      const shared = shares.deliveries(source.view);
      for (let i = 0; i < found.sets.length; i++) covering.push(shared[i] ?? deliveries.deliver(found.sets[i]!.set));
      return this.answer(source, deliveries, dest, options, found, covering, shares.memo);
    }
    const deliveries = this.deliveriesOf(source, keepDeliveries);
    for (let i = 0; i < found.sets.length; i++) covering.push(deliveries.deliver(found.sets[i]!.set));
    if (options.explain !== false || dest.kind !== 'ip') return this.answer(source, deliveries, dest, options, found, covering);
    return this.brief.outcome(source, covering, dest.addr.family, options, () => this.answer(source, deliveries, dest, options, found, covering));
  }

  /** The source's deliveries as the members of one question share them (member-deliveries.ts). */
  private sharedDeliveries(source: Source, shares: MemberDeliveries): SourceDeliveries {
    const classKey = this.shareFacts.namedPeers.has(source.peerId) ? null : this.deliveryClass(source);
    return new SourceDeliveries(this.model, source.view, this.exitSets, this.templates, (set, make) => shares.classDelivery(source.view, source.groups, classKey, set, make));
  }

  /**
   * The covering sets of a group question split member by member (split.ts), when it pays: an
   * explained answer for an address whose candidates are cut. The exit node selection decides
   * the exit sets and no other: not where a covering set has an exit set's network id (an
   * unpaired `-v6` exit's selection would decide it too).
   */
  private splitFor(dest: Destination, options: SimulationOptions, found: Found): CoveringSplit | null {
    if (dest.kind !== 'ip' || options.explain === false || options.candidateLimit === undefined) return null;
    if (found.sets.some((f) => f.set.isExit) && found.sets.some((f) => !f.set.isExit && this.exitNetworkIdSet.has(f.set.networkId))) return null;
    // One split per question (its memo is the question's): asked again with the same options, the same split.
    const made = this.splits.get(options);
    if (made && made.dest === dest.text) return made.split;
    const split = new CoveringSplit(this.model, found);
    const used = split.totalRows > options.candidateLimit ? split : null;
    this.splits.set(options, { dest: dest.text, split: used });
    return used;
  }

  private readonly splits = new WeakMap<SimulationOptions, { readonly dest: string; readonly split: CoveringSplit | null }>();

  /**
   * A source's carrier traits (`SharingSource.carrierTraits`: its flags and posture verdicts)
   * without building the source (`sharingSource` also works out its profile): for callers that
   * class many peers and simulate few of them.
   */
  carrierTraitsOf(sourceId: string): string {
    const built = this.sources.get(sourceId);
    if (built) return built.carrierTraits;
    let traits = this.traitsOnly.get(sourceId);
    if (traits === undefined) {
      const peer = this.model.peers!.get(sourceId);
      if (!peer) throw new Error(`unknown source peer ${sourceId}`);
      traits = `${this.traitsOf(sourceViewOf(peer, NO_KEYS, NO_GROUPS))}${Number(refusesPrefixes(peer))}`;
      this.traitsOnly.set(sourceId, traits);
    }
    return traits;
  }

  private readonly traitsOnly = new Map<string, string>();

  /** `outcomeFound`'s answer, weighing only the sets the source may hold a route of (see split.ts). */
  private splitOutcome(source: Source, dest: Destination, options: SimulationOptions, split: CoveringSplit, keepDeliveries = true): Outcome {
    const deliveries = split.exitShares ? this.sharedDeliveries(source, split.exitShares) : this.deliveriesOf(source, keepDeliveries);
    const exits = { deliver: (set: SimSet) => deliveries.deliver(set), selection: () => deliveries.exits(options.exitNode).selection };
    const { found, covering } = split.forSource(source.view, source.groups, this.deliveryClass(source), exits);
    const ctx = { model: this.model, names: this.peerRefs, source: source.view, deliveries, overlay: this.overlay, hasDomainRoutes: this.hasDomainRoutes, inMultiRulePolicy: source.inMultiRulePolicy, memo: split.memo };
    return outcomeOf(ctx, dest, options, found, covering);
  }

  /**
   * Sources of one class receive a set alike when the same of its routes reach them, and decide
   * it alike: the same flags, posture verdicts and refusal of prefixes (`carrierTraits`), the same
   * policy groups, and no policy rule or network resource naming them (such a source is a class of
   * its own). What else `traits` holds (a Linux-like client, a multi-rule policy naming it) adds
   * assumptions to the whole answer and decides no set: members differing only there share the
   * class's deliveries and set outcomes (on the covering shapes, half the memo).
   */
  private deliveryClass(source: Source): string {
    if (this.shareFacts.namedPeers.has(source.peerId)) return `peer ${source.peerId}`;
    let key = source.carrierTraits;
    const policyGroups = this.shareFacts.policyGroups;
    for (const g of source.groups) if (policyGroups.has(g)) key += `|${g.length}:${g}`;
    return key;
  }

  private answer(source: Source, deliveries: SourceDeliveries, dest: Destination, options: SimulationOptions, found: Found, covering: readonly SetDelivery[], memo?: DecisionMemo): Outcome {
    const ctx = { model: this.model, names: this.peerRefs, source: source.view, deliveries, overlay: this.overlay, hasDomainRoutes: this.hasDomainRoutes, inMultiRulePolicy: source.inMultiRulePolicy, ...(memo ? { memo } : {}) };
    return outcomeOf(ctx, dest, options, found, covering);
  }

  /** The HA sets that cover a destination (any source): those an answer about it weighs. */
  coveringSets(dest: Destination): SimSet[] {
    const found = dest.kind === 'ip' ? this.ipSets(dest.addr) : this.domainSets(dest.name);
    return found.sets.map((s) => s.set);
  }

  private ipSets(addr: Addr): Found {
    return { sets: this.prefixes.covering(addr), apexMisses: NO_APEX_MISSES };
  }

  private domainSets(name: string): Found {
    const { matches, apexMisses } = this.domains.lookup(name);
    return { sets: matches.map((m) => ({ set: m.set, rank: m.rank, pattern: m.pattern })), apexMisses };
  }
}

/** The groups and peers the enabled rules of some policies name, on either side. */
function namesOfEnabledRules(policies: readonly Policy[]): { groupIds: Set<string>; peerIds: Set<string> } {
  const groupIds = new Set<string>();
  const peerIds = new Set<string>();
  for (const p of policies) {
    for (const r of p.rules) {
      if (!r.enabled) continue;
      for (const side of [r.sources, r.destinations]) {
        for (const g of side.groupIds) groupIds.add(g);
        for (const id of side.peerIds) peerIds.add(id);
      }
    }
  }
  return { groupIds, peerIds };
}

// Answers shared between the sources of one question (`simulate --from-group`, `diff`): a group of
// 50,000 members asks one destination 50,000 times, and most members have the same answer for the
// same reasons. A source's answer for one destination rests on (docs/netbird-behaviour.md §3-§9):
//   - its own traits: login expired, approval, disable_client_routes, overlay IPv6, OS class,
//     posture verdicts, whether a multi-rule policy names it (`traits` below; where only the
//     carrier matters, as in `diff`, the OS class that only adds an assumption and the multi-rule
//     policy are left out: `carrierTraits`);
//   - its membership in the groups that decide anything about the routes it may hold: the
//     distribution groups of the HA sets covering the destination (and of every exit set when one
//     of them covers it: the exit node selection reads them all), and the groups any policy rule
//     names (policies connect it to routing peers, and route firewalls let it in by them);
//   - nothing else, unless it is itself a routing peer of one of those sets, a policy rule or a
//     network resource names it, or the status report is its own: such a source is answered alone.
// Sources that agree on all of that share one computed answer (the same object). The simulator
// (simulator.ts) computes the first answer of each key; `exhaustive` paths compute every one.
import type { Model } from '../model/types.js';
import type { KeyedSource } from './batch.js';
import type { SimSet } from './distribution.js';

/** A source as sharing sees it. */
export interface SharingSource extends KeyedSource {
  /** What the source's answers depend on besides its groups and identity (see `traitsOf` in simulator.ts). */
  readonly traits: string;
  /** `traits` without what only adds an assumption (the Linux main table, a multi-rule policy naming it). */
  readonly carrierTraits: string;
  /** Its groups, in the model's one order (see `groupsByPeer`): equal memberships give equal lists. */
  readonly groups: readonly string[];
}

/** What a set adds to a scope: its routes' distribution groups, and its routing peers. */
export interface SetFacts {
  readonly groups: ReadonlySet<string>;
  readonly servers: ReadonlySet<string>;
}

/** Per model, the facts that do not depend on the destination: computed once, reused by every scope. */
export class ShareFacts {
  /** Groups named by any policy rule, on either side, enabled or not. */
  readonly policyGroups: ReadonlySet<string>;
  /** Peers a policy rule or a network resource names directly. */
  readonly namedPeers: ReadonlySet<string>;
  private readonly bySet = new Map<SimSet, SetFacts>();
  private exitFacts: SetFacts | null = null;

  constructor(
    model: Model,
    private readonly exitSets: readonly SimSet[],
  ) {
    const groups = new Set<string>();
    const named = new Set<string>();
    for (const policy of model.policies ?? []) {
      for (const rule of policy.rules) {
        for (const side of [rule.sources, rule.destinations]) {
          for (const g of side.groupIds) groups.add(g);
          for (const g of side.ignoredGroupIds) groups.add(g);
          for (const p of side.peerIds) named.add(p);
        }
      }
    }
    for (const route of model.routes) for (const id of route.networkResource?.sourcePeerIds ?? []) named.add(id);
    this.policyGroups = groups;
    this.namedPeers = named;
  }

  /** The facts of one set (of every exit set together for `exits`), computed once. */
  of(set: SimSet): SetFacts {
    let facts = this.bySet.get(set);
    if (!facts) this.bySet.set(set, (facts = factsOf([set])));
    return facts;
  }

  exits(): SetFacts {
    this.exitFacts ??= factsOf(this.exitSets);
    return this.exitFacts;
  }
}

function factsOf(sets: readonly SimSet[]): SetFacts {
  const groups = new Set<string>();
  const servers = new Set<string>();
  for (const set of sets) {
    let last = null;
    for (const r of set.routes) {
      if (r.peerId !== null) servers.add(r.peerId);
      // A route's rows (one per routing peer) are adjacent and share its groups.
      if (r.route === last) continue;
      last = r.route;
      for (const g of r.route.groups) groups.add(g);
    }
  }
  return { groups, servers };
}

/**
 * What each routing peer serves among `sets`, as text: its rows set by set (the set, whether the
 * row is an exit route's ::/0 twin, its HA key, whether its route is enabled), in the order given.
 * A row the source serves is LOCAL for it, never scored or chosen: routing peers with equal text
 * serve the sets alike. It is the serving part of what `Simulator.memberOutcomes` shares answers
 * by (its served HA keys among the sets are those of its rows).
 */
export function servingRows(sets: readonly SimSet[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const set of sets) {
    for (const row of set.routes) {
      if (row.peerId === null) continue;
      out.set(row.peerId, `${out.get(row.peerId) ?? ''}${set.index},${Number(row.twin)},${row.baseKey.length}:${row.baseKey},${Number(row.route.enabled)};`);
    }
  }
  return out;
}

/** Past this many covering sets, a scope reads their facts together (`factsOf`), without keeping each set's. */
const MANY_SETS = 64;

/** The sharing key of each source for one destination. */
export class ShareScope {
  private readonly relevant: ReadonlySet<string>;
  private readonly policyGroups: ReadonlySet<string>;
  private readonly facts: readonly SetFacts[];
  private readonly coversExit: boolean;

  /**
   * `covering`: the sets covering (or matching) the destination. `ownReport`: the peer whose
   * status report the states come from. `together`: the facts of the sets that are not exit
   * nodes, read together, when the caller has them (split.ts indexes them).
   */
  constructor(
    shared: ShareFacts,
    covering: readonly SimSet[],
    private readonly ownReport: string | null,
    together?: () => SetFacts,
  ) {
    const plain = covering.filter((s) => !s.isExit);
    // Many sets (a covering account's destination: every route covers it) are read together, not
    // kept set by set: each set's facts would be two sets of its own, held as long as the model.
    const facts = plain.length > MANY_SETS ? [together ? together() : factsOf(plain)] : plain.map((s) => shared.of(s));
    // The exit sets' facts come last.
    this.coversExit = covering.some((s) => s.isExit);
    if (this.coversExit) facts.push(shared.exits());
    // Policy groups are many and shared by every scope: looked up where they are, not copied.
    this.policyGroups = shared.policyGroups;
    const relevant = new Set<string>();
    for (const f of facts) for (const g of f.groups) if (!this.policyGroups.has(g)) relevant.add(g);
    this.relevant = relevant;
    this.facts = facts;
    this.named = shared.namedPeers;
  }

  private readonly named: ReadonlySet<string>;

  /** The groups besides the policy groups whose membership the key reads (distribution groups of the covering sets). */
  get relevantGroups(): ReadonlySet<string> {
    return this.relevant;
  }

  /**
   * The routing peers of the covering sets: each is answered alone (as are the named peers and the
   * status report's own peer). `exits: false`: of the sets that are not exit nodes only.
   */
  *servers(exits = true): Iterable<string> {
    const n = this.facts.length - (this.coversExit && !exits ? 1 : 0);
    for (let i = 0; i < n; i++) yield* this.facts[i]!.servers;
  }

  /** The key of a source: sources with equal keys have equal answers. Null: the source is answered alone. */
  key(source: SharingSource, carrierOnly = false): string | null {
    if (this.serves(source.peerId)) return null;
    return this.servingKey(source, carrierOnly);
  }

  /** Does the source serve one of the sets the answers weigh? */
  serves(id: string): boolean {
    // Few sets: looked up set by set; many (a group question asks for every member): once, together.
    if (this.facts.length <= 8) {
      for (let i = 0; i < this.facts.length; i++) if (this.facts[i]!.servers.has(id)) return true;
      return false;
    }
    if (!this.allServers) {
      this.allServers = new Set();
      for (const f of this.facts) for (const p of f.servers) this.allServers.add(p);
    }
    return this.allServers.has(id);
  }

  private allServers: Set<string> | null = null;

  /**
   * `key` without the rule that a routing peer of the sets is answered alone: the caller adds
   * what the source serves (see `Simulator.memberOutcomes`). Null: the source is answered alone.
   */
  servingKey(source: SharingSource, carrierOnly = false): string | null {
    const id = source.peerId;
    if (id === this.ownReport || this.named.has(id)) return null;
    let key = carrierOnly ? source.carrierTraits : source.traits;
    const groups = source.groups;
    // Any character may be in an id: each is length-prefixed, so no two lists make one key.
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (this.policyGroups.has(g) || this.relevant.has(g)) key += `|${g.length}:${g}`;
    }
    return key;
  }
}

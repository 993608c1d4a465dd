// What changed between two exports, and which members that can change an answer for (see
// ChangeScope): the diff (behaviour.ts) simulates only those, per destination.
import { overlayOf } from '../model/overlay.js';
import type { HaSet, Model } from '../model/types.js';
import type { Family } from '../net/prefix.js';
import { compareStrings } from '../order.js';

/** JSON without source positions, and without what says nothing about behaviour (a route's index, field-presence set and description). */
function contentJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'loc' || key === 'index' || key === 'present' || key === 'description' ? undefined : typeof v === 'bigint' ? v.toString() : v));
}

/** What the simulator reads account-wide besides routes, peers and policy rules: whether there are policies, and the overlay network. */
function accountSignature(model: Model): string {
  const overlay = overlayOf(model);
  return JSON.stringify([model.policies !== null, overlay.v4?.text ?? null, overlay.v6?.text ?? null]);
}

/** Each policy rule by policy id and position, with its content and every peer on either side of it. */
function policyRules(model: Model): Map<string, { content: string; peers: Set<string> }> {
  const out = new Map<string, { content: string; peers: Set<string> }>();
  for (const policy of model.policies ?? []) {
    policy.rules.forEach((rule, i) => {
      const peers = new Set<string>();
      for (const side of [rule.sources, rule.destinations]) {
        for (const p of side.peerIds) peers.add(p);
        for (const g of side.groupIds) for (const p of model.membersOf(g)) peers.add(p);
      }
      out.set(JSON.stringify([policy.id, i, rule.id]), { content: contentJson([policy.enabled, rule]), peers });
    });
  }
  return out;
}

/** Peers on either side of a policy rule that differs between the models: whether a policy connects them to a routing peer may have changed. */
function peersOfChangedRules(a: Model, b: Model): Set<string> {
  const ra = policyRules(a);
  const rb = policyRules(b);
  const out = new Set<string>();
  for (const key of new Set([...ra.keys(), ...rb.keys()])) {
    const x = ra.get(key);
    const y = rb.get(key);
    if (x?.content === y?.content) continue;
    for (const p of x?.peers ?? []) out.add(p);
    for (const p of y?.peers ?? []) out.add(p);
  }
  return out;
}

/**
 * What the simulator reads about each peer, as a source or as a routing peer: overlay addresses,
 * expired login, local flags, OS (masquerade) and the groups it is a member of. Its name and
 * whether it was online at export time are left out: they change no carrier.
 */
function peerSignatures(model: Model): Map<string, string> {
  const groupsOf = new Map<string, string[]>();
  const groupIds = new Set([...(model.groups?.keys() ?? []), ...[...(model.peers?.values() ?? [])].flatMap((p) => p.groupIds)]);
  for (const g of [...groupIds].sort(compareStrings)) {
    for (const p of model.membersOf(g)) {
      const list = groupsOf.get(p);
      if (list) list.push(g);
      else groupsOf.set(p, [g]);
    }
  }
  const out = new Map<string, string>();
  for (const p of model.peers?.values() ?? []) {
    out.set(p.id, JSON.stringify([p.ip, p.ipv6, p.loginExpired, p.disableServerRoutes, p.disableClientRoutes, p.os, groupsOf.get(p.id) ?? []]));
  }
  return out;
}

/** Peers whose signature differs between the models, or that are in one only. */
function changedPeerIds(a: Model, b: Model): Set<string> {
  const sa = peerSignatures(a);
  const sb = peerSignatures(b);
  const out = new Set<string>();
  for (const id of new Set([...sa.keys(), ...sb.keys()])) if (sa.get(id) !== sb.get(id)) out.add(id);
  return out;
}

/** Keys that say nothing about behaviour (see `contentJson`). */
const NOT_CONTENT = new Set(['loc', 'index', 'present', 'description']);

/**
 * Do two values have the same content, as `contentJson` compares them (keys of `NOT_CONTENT` and
 * undefined values left out)? Without building the text: every set of both models is compared.
 * Sets and maps are compared by their entries (stricter than JSON, which writes them as `{}`).
 */
function sameContent(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ya = y as unknown[];
    if (x.length !== ya.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameContent(x[i], ya[i])) return false;
    return true;
  }
  if (x instanceof Set || x instanceof Map || y instanceof Set || y instanceof Map) return sameContent([...(x as Iterable<unknown>)], [...(y as Iterable<unknown>)]);
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !NOT_CONTENT.has(k) && o[k] !== undefined);
  const kx = keys(xo);
  const ky = keys(yo);
  if (kx.length !== ky.length) return false;
  for (const k of kx) if (!sameContent(xo[k], yo[k])) return false;
  return true;
}

/** HA keys whose routes differ between the two models (or exist in one only). */
function changedSetKeys(a: Model, b: Model): Set<string> {
  const out = new Set<string>();
  for (const key of new Set([...a.haSetByKey.keys(), ...b.haSetByKey.keys()])) {
    const x = a.haSetByKey.get(key);
    const y = b.haSetByKey.get(key);
    if (!x || !y || !sameContent(x.routes, y.routes)) out.add(key);
  }
  return out;
}

/** The members one set reaches on one side: those its routes are distributed to, and its routing peers. */
function reachOf(model: Model, set: HaSet | undefined, out: Set<string>): void {
  // Each group once: the routes of an exit set are often distributed to one large group.
  const groups = new Set<string>();
  for (const route of set?.routes ?? []) {
    for (const g of route.groups) groups.add(g);
    for (const p of route.networkResource?.sourcePeerIds ?? []) out.add(p);
    for (const p of model.routingPeersOf(route) ?? []) out.add(p);
  }
  for (const g of groups) for (const p of model.membersOf(g)) out.add(p);
}

/** The members that need simulating for one destination (see `ChangeScope.membersToSimulate`). */
export interface Touched {
  /** Some of the members, with repeats: the union of these sets. */
  readonly parts: readonly ReadonlySet<string>[];
  has(peerId: string): boolean;
  /** Only an exit set's change touches the member: where a more specific set carries its traffic, that set still does. */
  exitOnly(peerId: string): boolean;
}

/**
 * Which members need simulating for a destination. A member's answer can only change when the
 * member itself changed (addresses, flags, groups, a policy rule it is on), or when a set it
 * receives or serves on either side changed (its routes, or one of their routing peers): a set
 * that reaches neither side of a member delivers it nothing either way. Exit sets are covered by
 * a second rule, decided once per member and family rather than per destination: when no more
 * specific set carries a member's traffic, it falls through to the exit tier, and what the exit
 * tier then gives it is a function of its answer among the exit sets alone (unless it serves an
 * exit set itself, see `exitAffected`). So only members whose exit-only answer differs, or routing
 * peers of exit sets a changed exit set reaches, need simulating for that.
 */
export class ChangeScope {
  private readonly sameAccount: boolean;
  private readonly changedKeys: Set<string>;
  private readonly changedPeers: Set<string>;
  private readonly dirty = new Map<HaSet, boolean>();
  /** Members each changed non-exit set reaches, on either side, by HA key. */
  private readonly reach = new Map<string, Set<string>>();
  /** Did an exit set change (its routes, or a routing peer)? */
  readonly exitDirty: boolean;
  private readonly exitAffectedOf = new Map<Family, Set<string>>();

  constructor(
    private readonly before: Model,
    private readonly after: Model,
    exhaustive: boolean,
    /** Members whose answer among the exit sets of a family alone differs between the sides. */
    private readonly exitAnswersDiffer: (family: Family, candidates: Iterable<string>) => Set<string>,
    private readonly inBoth: ReadonlySet<string>,
  ) {
    this.sameAccount = !exhaustive && accountSignature(before) === accountSignature(after);
    this.changedKeys = changedSetKeys(before, after);
    this.changedPeers = new Set([...changedPeerIds(before, after), ...peersOfChangedRules(before, after)]);
    this.exitDirty = [before, after].some((m) => m.haSets.some((s) => s.isExit && this.isDirty(s)));
    this.exitNetworkIds = new Set([before, after].flatMap((m) => m.haSets.filter((s) => s.isExit).map((s) => s.networkId)));
  }

  /** Network ids of the exit sets of either side. */
  private readonly exitNetworkIds: ReadonlySet<string>;

  /**
   * Null: every member; else the members that need simulating. `sets`: those covering or matching
   * the destination; `family`: the destination's address family, null for a domain (exit sets never match a name).
   */
  membersToSimulate(sets: readonly HaSet[], family: Family | null): Touched | null {
    if (!this.sameAccount) return null;
    const parts: ReadonlySet<string>[] = [this.changedPeers];
    const keys = new Set<string>();
    // A set sharing its network_id with an exit set is read with the exit node selection (an
    // unpaired `-v6` exit): when an exit set changed, the members it reaches may change there too.
    for (const s of sets) if (!s.isExit && !keys.has(s.key) && (this.isDirty(s) || (this.exitDirty && this.exitNetworkIds.has(s.networkId)))) keys.add(s.key);
    for (const key of keys) parts.push(this.reachOfKey(key));
    const sets0 = parts.length;
    if (family !== null && this.exitDirty) parts.push(this.exitAffected(family));
    const has = (id: string) => parts.some((p) => p.has(id));
    const setParts = parts.slice(0, sets0);
    return { parts, has, exitOnly: (id) => parts.length > sets0 && !setParts.some((p) => p.has(id)) };
  }

  /** Members whose exit node selection may differ: changed ones, and when an exit set changed, everyone it or any exit set reaches. */
  exitSelectionMembers(): Touched {
    const parts: Set<string>[] = [this.changedPeers];
    if (this.exitDirty) {
      const out = new Set<string>();
      for (const m of [this.before, this.after]) for (const set of m.haSets) if (set.isExit) reachOf(m, set, out);
      parts.push(out);
    }
    return { parts, has: (id) => parts.some((p) => p.has(id)), exitOnly: () => false };
  }

  private reachOfKey(key: string): Set<string> {
    let out = this.reach.get(key);
    if (!out) {
      out = new Set();
      reachOf(this.before, this.before.haSetByKey.get(key), out);
      reachOf(this.after, this.after.haSetByKey.get(key), out);
      this.reach.set(key, out);
    }
    return out;
  }

  /**
   * Members (unchanged, in both exports) whose traffic may go elsewhere when it falls through to
   * the exit sets of `family`. For a member that serves no exit route on either side, the exit
   * tier gives what its answer among the exit sets alone gives (routed by the same peers, or no
   * peer), so it is touched when that answer differs. A routing peer of an exit set is asked the
   * same way, unless it holds an enabled route of the changed set on both sides: the set is then
   * its own (LOCAL) on both, and the set's other routes never reach it.
   */
  private exitAffected(family: Family): Set<string> {
    let out = this.exitAffectedOf.get(family);
    if (out) return out;
    const servers = new Set<string>();
    for (const m of [this.before, this.after]) for (const set of m.haSets) if (set.isExit) for (const r of set.routes) for (const p of m.routingPeersOf(r) ?? []) servers.add(p);
    // A member no changed exit set reaches on either side receives the same exit routes on both, and serves the same.
    const others = new Set<string>();
    for (const m of [this.before, this.after]) {
      for (const set of m.haSets) {
        if (!set.isExit || !this.isDirty(set)) continue;
        const reached = new Set<string>();
        reachOf(m, set, reached);
        for (const id of reached) {
          if (this.changedPeers.has(id) || !this.inBoth.has(id)) continue;
          if (!servers.has(id) || !this.ownsOnBoth(set.key, id)) others.add(id);
        }
      }
    }
    out = this.exitAnswersDiffer(family, others);
    this.exitAffectedOf.set(family, out);
    return out;
  }

  /** Does the peer hold an enabled route of the IPv4 exit set `key` on both sides (then that set is LOCAL for it on both)? */
  private ownsOnBoth(key: string, peerId: string): boolean {
    let owners = this.ownersOf.get(key);
    if (!owners) {
      // The routing peers of the set's enabled routes on each side, found once per set rather than per peer.
      owners = [this.before, this.after].map((m) => {
        const out = new Set<string>();
        const set = m.haSetByKey.get(key);
        if (set !== undefined && set.network?.family === 4) for (const r of set.routes) if (r.enabled) for (const p of m.routingPeersOf(r) ?? []) out.add(p);
        return out;
      });
      this.ownersOf.set(key, owners);
    }
    return owners.every((o) => o.has(peerId));
  }

  private readonly ownersOf = new Map<string, Set<string>[]>();

  /** How many peers changed themselves (see `changed`). */
  get changedCount(): number {
    return this.changedPeers.size;
  }

  /** Did the peer itself change (addresses, flags, groups, a policy rule it is on)? */
  changed(peerId: string): boolean {
    return this.changedPeers.has(peerId);
  }

  /** Did the set's routes, or one of its routing peers on either side, change? */
  private isDirty(set: HaSet): boolean {
    let d = this.dirty.get(set);
    if (d === undefined) {
      d = this.changedKeys.has(set.key) || (this.changedPeers.size > 0 && set.routes.some((r) => [this.before, this.after].some((m) => (m.routingPeersOf(r) ?? []).some((p) => this.changedPeers.has(p)))));
      this.dirty.set(set, d);
    }
    return d;
  }
}

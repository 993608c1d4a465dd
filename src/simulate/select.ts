// Which HA set carries the destination (docs/netbird-behaviour.md §5). Each HA set picks its peer on its own;
// across sets the longest prefix wins. When the most specific set has no peer, its OS route
// still points into the tunnel and WireGuard's own longest match falls back to the broader
// prefix's peer (a routing peer's own networks are not in WireGuard, so the fallback never lands
// on them). The same prefix in two HA sets is a conflict: the first set to choose keeps it.
// The decision is data; explain.ts renders its trace steps.
import type { SimRoute, SimSet } from './distribution.js';
import type { HaChoice } from './score.js';
import { compareStrings } from '../order.js';

/** An HA set the source installs: served by the source itself (`local`), or a client set with its choice. */
export interface InstalledSet {
  readonly set: SimSet;
  /** Prefix length, or a domain pattern's specificity: higher wins. */
  readonly rank: number;
  readonly local: readonly SimRoute[];
  /** The HA choice of a client set; null for a set the source serves. */
  readonly choice: HaChoice<SimRoute> | null;
}

/** Installed sets of one rank (the same prefix length or pattern specificity), by key. */
export type Tier = readonly InstalledSet[];

/** A tier read by its length and its first items only (a tier may hold thousands of sets shared by a class: decision.ts `MergedList`). */
export interface TierView {
  readonly length: number;
  slice(start: number, end: number): InstalledSet[];
}

export type Decision =
  | { readonly kind: 'no-route' }
  /** The most specific tier holds a set the source serves itself: it reaches the destination directly. */
  | { readonly kind: 'local'; readonly top: TierView; readonly via: InstalledSet }
  /**
   * `fallenThrough`: the more specific tiers with no peer, which WireGuard falls back past.
   * `deciding`: the sets whose chosen peers get the destination (several: identical prefixes).
   */
  | { readonly kind: 'routed'; readonly top: Tier; readonly fallenThrough: readonly Tier[]; readonly deciding: readonly InstalledSet[]; readonly peerIds: readonly string[]; readonly nondeterministic: boolean }
  /** Every tier has no peer: the packet enters the tunnel and is dropped. */
  | { readonly kind: 'no-peer'; readonly top: Tier; readonly fallenThrough: readonly Tier[] };

function winnersOf(s: InstalledSet): readonly { item: SimRoute; peerId: string; score: number | null }[] {
  const c = s.choice;
  return c && c.kind !== 'none' ? c.winners : [];
}

/** `possiblePeers` by choice: a set's choice is shared by every answer holding it (split.ts), and read by each. */
const possibleByChoice = new WeakMap<object, readonly string[]>();

/** Peers the set may give the destination to: its winner, or every tied peer (sorted; not to be changed). */
export function possiblePeers(s: InstalledSet): readonly string[] {
  const c = s.choice;
  if (c === null) return [];
  let ids = possibleByChoice.get(c);
  if (!ids) possibleByChoice.set(c, (ids = [...new Set(winnersOf(s).map((w) => w.peerId))].sort(compareStrings)));
  return ids;
}

/** Does the set have a peer to give the destination to? */
export function hasPeer(s: InstalledSet): boolean {
  return s.choice !== null && s.choice.kind !== 'none';
}

/** Decides which installed set carries the destination; `sorted`: `installed` is already in the order below (a copy the caller gives away). */
export function decide(installed: readonly InstalledSet[], sorted = false): Decision {
  if (installed.length === 0) return { kind: 'no-route' };
  const inOrder = sorted ? installed : [...installed].sort((a, b) => b.rank - a.rank || compareStrings(a.set.key, b.set.key));
  // Tiers are cut out of the sorted list where the rank changes.
  const tiers: (readonly InstalledSet[])[] = [];
  let start = 0;
  for (let i = 1; i <= inOrder.length; i++) {
    if (i < inOrder.length && inOrder[i]!.rank === inOrder[start]!.rank) continue;
    tiers.push(start === 0 && i === inOrder.length ? inOrder : inOrder.slice(start, i));
    start = i;
  }
  const top = tiers[0]!;
  const topLocal = top.find((s) => s.local.length > 0);
  if (topLocal) return { kind: 'local', top, via: topLocal };

  const fallenThrough: Tier[] = [];
  for (const tier of tiers) {
    const withPeer = tier.filter((s) => s.local.length === 0 && hasPeer(s));
    if (withPeer.length === 0) {
      fallenThrough.push(tier);
      continue;
    }
    const peerIds = [...new Set(withPeer.flatMap(possiblePeers))].sort(compareStrings);
    return { kind: 'routed', top, fallenThrough, deciding: withPeer, peerIds, nondeterministic: peerIds.length > 1 };
  }
  return { kind: 'no-peer', top, fallenThrough };
}

/** A tier's sets with a peer (indexes in the shared list, ascending) and the union of their possible peers (sorted), with how many of them name each. */
interface TierPeers {
  readonly withPeer: readonly number[];
  readonly sets: readonly InstalledSet[];
  readonly peers: readonly string[];
  readonly counts: ReadonlyMap<string, number>;
}

/**
 * A class's installed sets in order (`keys`: their order keys, ascending), cut into tiers, each
 * tier's peers worked out once when first read: every member of the class decides over the same
 * tiers, less a few sets and plus its own (`decideTiered`).
 */
export class SharedTiers {
  /** Where each tier starts, then the list's length. */
  private readonly bounds: number[] = [];
  private readonly peers: (TierPeers | undefined)[] = [];

  constructor(
    readonly installed: readonly InstalledSet[],
    readonly keys: Float64Array,
  ) {
    for (let i = 0; i < installed.length; i++) if (i === 0 || installed[i]!.rank !== installed[i - 1]!.rank) this.bounds.push(i);
    this.bounds.push(installed.length);
  }

  get count(): number {
    return this.bounds.length - 1;
  }

  start(t: number): number {
    return this.bounds[t]!;
  }

  end(t: number): number {
    return this.bounds[t + 1]!;
  }

  rank(t: number): number {
    return this.installed[this.bounds[t]!]!.rank;
  }

  /** The tier of a rank, or -1 (ranks fall as tiers go: found by binary search). */
  tierOf(rank: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rank(mid) > rank) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.count && this.rank(lo) === rank ? lo : -1;
  }

  peersOf(t: number): TierPeers {
    let p = this.peers[t];
    if (p) return p;
    const withPeer: number[] = [];
    const counts = new Map<string, number>();
    for (let i = this.start(t); i < this.end(t); i++) {
      const s = this.installed[i]!;
      if (s.local.length > 0 || !hasPeer(s)) continue;
      withPeer.push(i);
      for (const id of possiblePeers(s)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const peers = Object.freeze([...counts.keys()].sort(compareStrings));
    this.peers[t] = p = { withPeer, sets: Object.freeze(withPeer.map((i) => this.installed[i]!)), peers, counts };
    return p;
  }
}

/**
 * `decide` over a class's shared sets less `drop` (indexes in `shared.installed`,
 * ascending) with the source's own sets merged in (`own`, in order, keys `ownKeys`; an own set
 * goes before a shared one of an equal key), as `MergedList` merges them: the same decision,
 * without sorting each tier's peers again for every member (the tied peers of hundreds of sets).
 */
export function decideTiered(shared: SharedTiers, drop: readonly number[], own: readonly InstalledSet[], ownKeys: readonly number[]): Decision {
  const { installed, keys } = shared;
  const tiers = shared.count;
  let t = 0;
  let o = 0;
  let d = 0;
  let top: InstalledSet[] | null = null;
  const fallenThrough: Tier[] = [];
  while (t < tiers || o < own.length) {
    const sharedRank = t < tiers ? shared.rank(t) : -Infinity;
    const ownRank = o < own.length ? own[o]!.rank : -Infinity;
    const rank = sharedRank > ownRank ? sharedRank : ownRank;
    let oEnd = o;
    while (oEnd < own.length && own[oEnd]!.rank === rank) oEnd++;
    const inShared = sharedRank === rank;
    const start = inShared ? shared.start(t) : 0;
    const end = inShared ? shared.end(t) : 0;
    while (d < drop.length && drop[d]! < start) d++;
    let dEnd = d;
    while (dEnd < drop.length && drop[dEnd]! < end) dEnd++;
    if (end - start - (dEnd - d) + (oEnd - o) === 0) {
      // Every shared set of the tier is dropped and the source has none of its own there: no tier.
      t++;
      d = dEnd;
      continue;
    }
    const tier: InstalledSet[] = [];
    const slice: TierSlice = { drop, d, dEnd, own, ownKeys, o, oEnd };
    mergeByKey(installed, keys, start, end, slice, (s) => tier.push(s));
    if (top === null) {
      top = tier;
      const topLocal = tier.find((s) => s.local.length > 0);
      if (topLocal) return { kind: 'local', top, via: topLocal };
    }
    const routed = tieredRouted(inShared ? shared : null, t, slice);
    if (routed) return { kind: 'routed', top, fallenThrough, ...routed };
    fallenThrough.push(tier);
    if (inShared) t++;
    o = oEnd;
    d = dEnd;
  }
  if (top === null) return { kind: 'no-route' };
  return { kind: 'no-peer', top, fallenThrough };
}

/** A member's part of one tier: the shared sets it drops (`drop[d..dEnd]`) and its own sets (`own[o..oEnd]`, keys `ownKeys`). */
interface TierSlice {
  readonly drop: readonly number[];
  readonly d: number;
  readonly dEnd: number;
  readonly own: readonly InstalledSet[];
  readonly ownKeys: readonly number[];
  readonly o: number;
  readonly oEnd: number;
}

/** Shared sets `start..end` but the slice's dropped merged with its own by key, own first at an equal key. */
function mergeByKey(installed: readonly InstalledSet[], keys: Float64Array, start: number, end: number, slice: TierSlice, out: (s: InstalledSet) => void): void {
  const { drop, d, dEnd, own, ownKeys, o, oEnd } = slice;
  let i = start;
  let x = d;
  let k = o;
  while (i < end || k < oEnd) {
    if (i < end && x < dEnd && drop[x] === i) {
      x++;
      i++;
      continue;
    }
    if (k < oEnd && (i >= end || ownKeys[k]! <= keys[i]!)) out(own[k++]!);
    else out(installed[i++]!);
  }
}

/** The deciding sets and peers of one tier (shared tier `t` when `shared`), or null when none has a peer. */
function tieredRouted(shared: SharedTiers | null, t: number, slice: TierSlice): { deciding: readonly InstalledSet[]; peerIds: readonly string[]; nondeterministic: boolean } | null {
  const { drop, d, dEnd, own, ownKeys, o, oEnd } = slice;
  const tierPeers = shared ? shared.peersOf(t) : null;
  let ownWithPeer = 0;
  for (let k = o; k < oEnd; k++) if (own[k]!.local.length === 0 && hasPeer(own[k]!)) ownWithPeer++;
  // Dropped shared sets with a peer, and how many times each of their peers is gone.
  let removed: Map<string, number> | null = null;
  let droppedWithPeer = 0;
  if (tierPeers && dEnd > d) {
    const wp = tierPeers.withPeer;
    for (let x = d, w = 0; x < dEnd; x++) {
      while (w < wp.length && wp[w]! < drop[x]!) w++;
      if (w === wp.length || wp[w] !== drop[x]) continue;
      droppedWithPeer++;
      removed ??= new Map();
      for (const id of possiblePeers(shared!.installed[wp[w]!]!)) removed.set(id, (removed.get(id) ?? 0) + 1);
    }
  }
  const sharedLeft = tierPeers ? tierPeers.withPeer.length - droppedWithPeer : 0;
  if (sharedLeft === 0 && ownWithPeer === 0) return null;
  if (tierPeers && ownWithPeer === 0 && droppedWithPeer === 0) {
    return { deciding: tierPeers.sets, peerIds: tierPeers.peers, nondeterministic: tierPeers.peers.length > 1 };
  }
  const deciding: InstalledSet[] = [];
  const wp = tierPeers?.withPeer ?? [];
  const installed = shared?.installed ?? [];
  const keys = shared?.keys ?? new Float64Array(0);
  // The shared sets with a peer but the dropped, merged with the source's own by key (own first at an equal key).
  let w = 0;
  let x = d;
  let k = o;
  const skipOwn = (): void => {
    while (k < oEnd && (own[k]!.local.length > 0 || !hasPeer(own[k]!))) k++;
  };
  skipOwn();
  while (w < wp.length || k < oEnd) {
    if (w < wp.length) {
      while (x < dEnd && drop[x]! < wp[w]!) x++;
      if (x < dEnd && drop[x] === wp[w]) {
        w++;
        continue;
      }
    }
    if (k < oEnd && (w >= wp.length || ownKeys[k]! <= keys[wp[w]!]!)) {
      deciding.push(own[k++]!);
      skipOwn();
    } else deciding.push(installed[wp[w++]!]!);
  }
  const counts = tierPeers?.counts;
  // The tier's peers no remaining shared set names: named by dropped sets only.
  const gone = new Set<string>();
  if (removed !== null) for (const [id, n] of removed) if (n >= counts!.get(id)!) gone.add(id);
  let extras: readonly string[];
  if (gone.size === 0) {
    // The own sets' peers beyond the tier's, each set's list made once per tier (a set of a peer
    // group of hundreds, tied, held by every member of the group), merged.
    extras = [];
    for (let j = o; j < oEnd; j++) {
      const s = own[j]!;
      if (s.local.length > 0 || !hasPeer(s)) continue;
      const beyond = tierPeers ? peersBeyond(tierPeers, s) : possiblePeers(s);
      extras = extras.length === 0 ? beyond : unionOfSorted(extras, beyond);
    }
  } else {
    const extra = new Set<string>();
    for (let j = o; j < oEnd; j++) {
      const s = own[j]!;
      if (s.local.length > 0 || !hasPeer(s)) continue;
      for (const id of possiblePeers(s)) if (!(counts?.has(id) && !gone.has(id))) extra.add(id);
    }
    extras = [...extra].sort(compareStrings);
  }
  const peerIds = tierPeers ? mergedPeers(tierPeers.peers, extras, [...gone].sort(compareStrings)) : extras;
  return { deciding, peerIds, nondeterministic: peerIds.length > 1 };
}

/** A set's possible peers that no shared set of the tier names, in order: once per tier and choice. */
const beyondTiers = new WeakMap<TierPeers, WeakMap<object, readonly string[]>>();

function peersBeyond(tier: TierPeers, s: InstalledSet): readonly string[] {
  let byChoice = beyondTiers.get(tier);
  if (!byChoice) beyondTiers.set(tier, (byChoice = new WeakMap()));
  const choice = s.choice!;
  let beyond = byChoice.get(choice);
  if (!beyond) byChoice.set(choice, (beyond = possiblePeers(s).filter((id) => !tier.counts.has(id))));
  return beyond;
}

/** Two lists sorted by `compareStrings`, each id once, as one. */
function unionOfSorted(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = i === a.length ? 1 : j === b.length ? -1 : compareStrings(a[i]!, b[j]!);
    if (c <= 0) out.push(a[i++]!);
    else out.push(b[j++]!);
    if (c === 0) j++;
  }
  return out;
}

/**
 * `peers` (sorted) less `gone` (sorted, each in `peers`) with `extras` (sorted, none of them a peer
 * left) merged in: their places found by binary search, the runs between them copied, so a tier of
 * thousands of peers is not compared name by name for each member holding a few sets of its own.
 */
function mergedPeers(peers: readonly string[], extras: readonly string[], gone: readonly string[]): readonly string[] {
  if (extras.length === 0 && gone.length === 0) return peers;
  const out: string[] = [];
  const copy = (to: number): void => {
    for (let i = from; i < to; i++) out.push(peers[i]!);
  };
  let from = 0;
  let e = 0;
  let g = 0;
  while (e < extras.length || g < gone.length) {
    const extraAt = e < extras.length ? lowerBound(peers, extras[e]!) : Infinity;
    const goneAt = g < gone.length ? lowerBound(peers, gone[g]!) : Infinity;
    if (extraAt <= goneAt) {
      copy(extraAt);
      from = extraAt;
      out.push(extras[e++]!);
    } else {
      copy(goneAt);
      from = goneAt + 1;
      g++;
    }
  }
  copy(peers.length);
  return out;
}

/** The index of the first of `sorted` not below `id` (`compareStrings` order). */
function lowerBound(sorted: readonly string[], id: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

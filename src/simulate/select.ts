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
/** A sorted list of installed sets read by index, built only as far as it is read (decision.ts `MergedList`). */
export interface SortedInstalled {
  readonly length: number;
  at(i: number): InstalledSet | undefined;
  slice(start: number, end: number): InstalledSet[];
}

/**
 * `decide` over sets already in order, reading the list only as far as the decision needs: tier
 * by tier until one has a routing peer (a member of a group holds thousands of covering sets, and
 * the first tier usually decides).
 */
export function decideSorted(list: SortedInstalled): Decision {
  const n = list.length;
  if (n === 0) return { kind: 'no-route' };
  const tierEnd = (start: number): number => {
    const rank = list.at(start)!.rank;
    let end = start + 1;
    while (end < n && list.at(end)!.rank === rank) end++;
    return end;
  };
  let end = tierEnd(0);
  const top = list.slice(0, end);
  const topLocal = top.find((s) => s.local.length > 0);
  if (topLocal) return { kind: 'local', top, via: topLocal };
  const fallenThrough: Tier[] = [];
  for (let tier = top; ; ) {
    const withPeer = tier.filter((s) => s.local.length === 0 && hasPeer(s));
    if (withPeer.length > 0) {
      const peerIds = [...new Set(withPeer.flatMap(possiblePeers))].sort(compareStrings);
      return { kind: 'routed', top, fallenThrough, deciding: withPeer, peerIds, nondeterministic: peerIds.length > 1 };
    }
    fallenThrough.push(tier);
    if (end >= n) break;
    const start = end;
    end = tierEnd(start);
    tier = list.slice(start, end);
  }
  return { kind: 'no-peer', top, fallenThrough };
}

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

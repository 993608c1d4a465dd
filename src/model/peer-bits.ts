// Sets of peers as bitsets over the peer numbers of `membershipsOf` (reach.ts): bit n of word
// n >>> 5 is peer number n. A rule asking "which members of this route's distribution groups are
// sources of these policies, connected to its routing peers, ..." answers it with a few passes
// over words per route instead of set lookups per member: a group of every peer, as distribution
// group of thousands of routes, otherwise costs members × routes.
//
// Only peers some group holds are numbered; the others are in no group, so no distribution group
// or policy side reaches them through a group (a peer a policy names directly is added by number
// when it has one; when it has none, no group-made set can hold it either).
import { compareByNameThenId } from '../order.js';
import { membershipsOf, type Memberships } from './reach.js';
import type { Model, PolicySide } from './types.js';

export type PeerBits = Uint32Array;

/** Past this many members a group's bitset is kept: smaller groups are cheaper to add member by member. */
const CACHED_GROUP_MEMBERS = 256;

export class PeerBitsIndex {
  /** Words per bitset. */
  readonly words: number;
  private readonly memberships: Memberships;
  private numbers: Map<string, number> | null = null;
  private readonly bigGroups = new Map<number, PeerBits>();
  private readonly sides = new WeakMap<PolicySide, PeerBits>();
  private ranks: Int32Array | null = null;

  constructor(private readonly model: Model) {
    this.memberships = membershipsOf(model);
    this.words = (this.memberships.peerIds.length + 31) >>> 5;
  }

  /** How many groups are numbered (`groupNumberOf` gives numbers below it). */
  get groupCount(): number {
    return this.memberships.groupIds.length;
  }

  /** How many peers are numbered. */
  get size(): number {
    return this.memberships.peerIds.length;
  }

  empty(): PeerBits {
    return new Uint32Array(this.words);
  }

  idOf(n: number): string {
    return this.memberships.peerIds[n]!;
  }

  numberOf(peer: string): number | undefined {
    if (!this.numbers) {
      const numbers = new Map<string, number>();
      this.memberships.peerIds.forEach((id, n) => numbers.set(id, n));
      this.numbers = numbers;
    }
    return this.numbers.get(peer);
  }

  /** Adds the group's members to `bits`; a group unknown to the model adds none. */
  addGroup(bits: PeerBits, group: string): void {
    const g = this.memberships.groupNumbers.get(group);
    if (g === undefined) return;
    const members = this.memberships.membersByGroup[g]!;
    if (members.length < CACHED_GROUP_MEMBERS) {
      for (const n of members) bits[n >>> 5]! |= 1 << (n & 31);
      return;
    }
    let own = this.bigGroups.get(g);
    if (!own) {
      own = this.empty();
      for (const n of members) own[n >>> 5]! |= 1 << (n & 31);
      this.bigGroups.set(g, own);
    }
    orInto(bits, own);
  }

  /** The peer numbers of a group's members (none for a group unknown to the model). */
  membersOf(group: string): readonly number[] {
    const g = this.memberships.groupNumbers.get(group);
    return g === undefined ? [] : this.memberships.membersByGroup[g]!;
  }

  addPeer(bits: PeerBits, peer: string): void {
    const n = this.numberOf(peer);
    if (n !== undefined) bits[n >>> 5]! |= 1 << (n & 31);
  }

  /** The peers of the given numbers. */
  ofNumbers(numbers: readonly number[]): PeerBits {
    const bits = this.empty();
    for (const n of numbers) bits[n >>> 5]! |= 1 << (n & 31);
    return bits;
  }

  /** Members of the groups, and the peers, as one set (a new bitset). */
  of(groups: Iterable<string>, peers: Iterable<string> = []): PeerBits {
    const bits = this.empty();
    for (const g of groups) this.addGroup(bits, g);
    for (const p of peers) this.addPeer(bits, p);
    return bits;
  }

  /** Adds the peers on one side of a policy rule (its groups' members and the peers it names) to `bits`. */
  addSide(bits: PeerBits, side: PolicySide): void {
    for (const g of side.groupIds) this.addGroup(bits, g);
    for (const p of side.peerIds) this.addPeer(bits, p);
  }

  /** The peers on one side of a policy rule (its groups' members and the peers it names); cached per side. */
  side(side: PolicySide): PeerBits {
    let bits = this.sides.get(side);
    if (!bits) {
      bits = this.of(side.groupIds, side.peerIds);
      this.sides.set(side, bits);
    }
    return bits;
  }

  /** The number of a group the model knows (a group without one has no members). */
  groupNumberOf(group: string): number | undefined {
    return this.memberships.groupNumbers.get(group);
  }

  /** Does one of the side's groups hold every numbered peer (so the side does)? */
  sideHoldsEveryone(side: PolicySide): boolean {
    return side.groupIds.some((g) => this.membersOf(g).length === this.size && this.size > 0);
  }

  /** Every numbered peer. */
  everyone(): PeerBits {
    const bits = this.empty();
    for (let n = 0; n < this.size; n++) bits[n >>> 5]! |= 1 << (n & 31);
    return bits;
  }

  /** The group numbers of peer number `n`, ascending. */
  groupsOfNumber(n: number): readonly number[] {
    return this.memberships.groupsByPeer[n]!;
  }

  /** The numbered peers `keep` accepts (it is given each peer's id). */
  where(keep: (peer: string) => boolean): PeerBits {
    const bits = this.empty();
    const ids = this.memberships.peerIds;
    for (let n = 0; n < ids.length; n++) if (keep(ids[n]!)) bits[n >>> 5]! |= 1 << (n & 31);
    return bits;
  }

  /** The first `limit` peers of `bits` in name order (then id, as `sortPeersByName`). */
  firstByName(bits: PeerBits, limit: number): string[] {
    const count = countBits(bits);
    // A set holding most peers is read in name order until `limit` are found (about limit × size /
    // count steps); a sparse one is read bit by bit, keeping the best `limit`.
    if (count * count > limit * this.size) {
      this.nameRanks();
      const order = this.nameOrder!;
      const first: string[] = [];
      for (let r = 0; r < order.length && first.length < limit; r++) if (hasBit(bits, order[r]!)) first.push(this.idOf(order[r]!));
      return first;
    }
    return this.firstByNameOf((visit) => forEachBit(bits, visit), limit);
  }

  /** `firstByName` over a list of peer numbers (without duplicates). */
  firstByNameAmong(numbers: ArrayLike<number>, limit: number): string[] {
    return this.firstByNameOf((visit) => {
      for (let k = 0; k < numbers.length; k++) visit(numbers[k]!);
    }, limit);
  }

  private firstByNameOf(each: (visit: (n: number) => void) => void, limit: number): string[] {
    const ranks = this.nameRanks();
    const best: number[] = [];
    each((n) => {
      const r = ranks[n]!;
      if (best.length === limit && r >= best[limit - 1]!) return;
      let i = best.length === limit ? limit - 1 : best.length;
      while (i > 0 && best[i - 1]! > r) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = r;
    });
    const order = this.nameOrder!;
    return best.map((r) => this.idOf(order[r]!));
  }

  private nameOrder: Int32Array | null = null;

  /** Per peer number, its place in name order. */
  private nameRanks(): Int32Array {
    if (!this.ranks) {
      const ids = this.memberships.peerIds;
      const named = ids.map((id, n) => ({ id, name: this.model.peerName(id), n }));
      named.sort(compareByNameThenId);
      const ranks = new Int32Array(ids.length);
      const order = new Int32Array(ids.length);
      named.forEach((p, r) => {
        ranks[p.n] = r;
        order[r] = p.n;
      });
      this.ranks = ranks;
      this.nameOrder = order;
    }
    return this.ranks;
  }
}

export function orInto(target: PeerBits, other: PeerBits): void {
  for (let i = 0; i < target.length; i++) target[i]! |= other[i]!;
}

export function andInto(target: PeerBits, other: PeerBits): void {
  for (let i = 0; i < target.length; i++) target[i]! &= other[i]!;
}

export function andNotInto(target: PeerBits, other: PeerBits): void {
  for (let i = 0; i < target.length; i++) target[i]! &= ~other[i]!;
}

export function hasBit(bits: PeerBits, n: number): boolean {
  return (bits[n >>> 5]! & (1 << (n & 31))) !== 0;
}

export function intersects(a: PeerBits, b: PeerBits): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i]! & b[i]!) !== 0) return true;
  return false;
}

export function countBits(bits: PeerBits): number {
  let count = 0;
  for (let i = 0; i < bits.length; i++) {
    let v = bits[i]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    count += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}

export function forEachBit(bits: PeerBits, visit: (n: number) => void): void {
  for (let i = 0; i < bits.length; i++) {
    let v = bits[i]!;
    while (v !== 0) {
      const low = v & -v;
      visit((i << 5) + (31 - Math.clz32(low)));
      v ^= low;
    }
  }
}

const cache = new WeakMap<Model, PeerBitsIndex>();

/** The peer bitsets of a model, shared by the rules that ask (group bitsets are built once). */
export function peerBitsOf(model: Model): PeerBitsIndex {
  let index = cache.get(model);
  if (!index) {
    index = new PeerBitsIndex(model);
    cache.set(model, index);
  }
  return index;
}

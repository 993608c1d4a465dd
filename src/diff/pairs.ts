// Where the two sides of a behaviour comparison meet for one group and destination (see
// behaviour.ts `bySide`): members by number (their place in the group's name order), each side's
// carriers by bucket with the members it singles out, and the changes counted by pair of carrier
// keys. A change is made into a candidate only when the selection would keep it: between exports
// of different accounts there are millions of changes, nearly all of them only counted.
import type { PeerRef } from '../simulate/answer.js';
import { type Candidate, type MemberClass, type Selection } from './selection.js';
import { carrierKey } from './side.js';
import type { Carrier } from './types.js';

/** A group's members (by their place in its name order) by bucket on one side, or on both sides (see behaviour.ts `bucketOf`). */
export interface Buckets {
  /** The bucket of each member. */
  readonly of: Int32Array;
  /** Each bucket's members, in name order. */
  readonly lists: readonly (readonly number[])[];
}

/** The pair buckets of a group: by bucket on both sides, with the two buckets each is made of. */
export interface PairBuckets extends Buckets {
  /** Bucket on the old side, then on the new side, of each pair bucket. */
  readonly bases: Int32Array;
}

/** Members grouped by their bucket numbers (`numberOf`), in order of first appearance. */
export function numberBuckets(size: number, numberOf: (member: number) => number): Buckets {
  const of = new Int32Array(size);
  const lists: number[][] = [];
  for (let i = 0; i < size; i++) {
    const b = numberOf(i);
    of[i] = b;
    if (b === lists.length) lists.push([i]);
    else lists[b]!.push(i);
  }
  return { of, lists };
}

/** Members by their buckets on both sides (`old`, `neu`), in order of first appearance. */
export function pairBucketsOf(old: Buckets, neu: Buckets): PairBuckets {
  const width = neu.lists.length;
  const numbers = new Map<number, number>();
  const bases: number[] = [];
  const pairs = numberBuckets(old.of.length, (i) => {
    const key = old.of[i]! * width + neu.of[i]!;
    let n = numbers.get(key);
    if (n === undefined) {
      numbers.set(key, (n = numbers.size));
      bases.push(old.of[i]!, neu.of[i]!);
    }
    return n;
  });
  return { ...pairs, bases: Int32Array.from(bases) };
}

/**
 * One side's carriers for a group's members at one destination: an untouched member has its
 * bucket's (`bucket`), each member in `touched` its own (`own`, in the same order).
 */
export interface SideAnswer {
  /** By bucket: set for every bucket with a member not touched. */
  readonly bucket: readonly (Carrier | undefined)[];
  readonly touched: readonly number[];
  readonly own: readonly Carrier[];
}

/** What the changes of one group at one destination are offered with. */
export interface Offer {
  readonly members: readonly PeerRef[];
  readonly buckets: readonly [Buckets, Buckets];
  readonly pairs: PairBuckets;
  /** The members of each pair bucket as references, made when a kept change lists them. */
  readonly pairRefs: (readonly PeerRef[] | undefined)[];
  readonly rank: number;
  readonly group: PeerRef;
}

// Carrier keys by number (so a pair of keys is one number): ids below 2^26 on each side keep the pair exact in a double.
const PAIR_WIDTH = 2 ** 26;
/** Changes of one group at one destination looked for in a list (see `tally`). */
const FEW = 16;

/** Counts and keeps the changes of groups at destinations (see `meet`); its scratch space is reused from one group to the next. */
export class PairCounter {
  private readonly numbers = new Map<string, number>();
  private readonly numberOfCarrier = new WeakMap<Carrier, number>();
  /** Bit 1: touched on the old side; bit 2: on the new side. By member. */
  private mark = new Uint8Array(0);
  private own: [Carrier[], Carrier[]] = [[], []];
  /** The pair of carrier numbers of each touched member; -1 when they are equal. */
  private pairOf = new Float64Array(0);
  /** Touched members of each pair bucket. */
  private taken = new Int32Array(0);
  /** Each side's carrier number by bucket (see `meet`). */
  private readonly bucketNumbers = [new Int32Array(0), new Int32Array(0)];
  private readonly slots = new Map<number, number>();
  private counts: number[] = [];
  private firsts: number[] = [];
  private keys: number[] = [];

  constructor(private readonly selection: Selection<Carrier>) {}

  private numberOf(c: Carrier): number {
    let n = this.numberOfCarrier.get(c);
    if (n === undefined) {
      const key = carrierKey(c);
      n = this.numbers.get(key);
      if (n === undefined) this.numbers.set(key, (n = this.numbers.size));
      this.numberOfCarrier.set(c, n);
    }
    return n;
  }

  private room(members: number, pairBuckets: number): void {
    if (this.mark.length < members) {
      const n = Math.max(members, this.mark.length * 2);
      this.mark = new Uint8Array(n);
      this.pairOf = new Float64Array(n);
      this.own = [new Array<Carrier>(n), new Array<Carrier>(n)];
    }
    if (this.taken.length < pairBuckets) this.taken = new Int32Array(Math.max(pairBuckets, this.taken.length * 2));
  }

  private tally(key: number, count: number, first: number): void {
    // A group's changes at one destination are few: looked for in the list, past a few in the map (keys past 2^31 are hashed as heap numbers).
    const keys = this.keys;
    let slot: number | undefined;
    if (keys.length <= FEW) {
      slot = keys.indexOf(key);
      if (slot < 0) slot = undefined;
    } else slot = this.slots.get(key);
    if (slot === undefined) {
      if (keys.length === FEW) keys.forEach((k, i) => this.slots.set(k, i));
      if (keys.length >= FEW) this.slots.set(key, keys.length);
      this.keys.push(key);
      this.counts.push(count);
      this.firsts.push(first);
    } else {
      this.counts[slot]! += count;
      if (first < this.firsts[slot]!) this.firsts[slot] = first;
    }
  }

  /**
   * The changes of one group at one destination from both sides' answers: members whose carrier
   * keys differ, gathered by pair of keys, each pair one change. Every change is counted; one
   * the selection keeps is made with its members as classes (the touched ones listed, the pair
   * buckets' less those touched) and the carriers of its first member by name.
   */
  meet(offer: Offer, old: SideAnswer, neu: SideAnswer): void {
    const { members, pairs } = offer;
    this.room(members.length, pairs.lists.length);
    const { mark, pairOf, taken, own } = this;
    const answers = [old, neu] as const;
    for (let k = 0; k < 2; k++) {
      const { touched, own: carriers } = answers[k]!;
      for (let j = 0; j < touched.length; j++) {
        mark[touched[j]!]! |= 1 << k;
        own[k]![touched[j]!] = carriers[j]!;
      }
    }
    const carrierAt = (k: number, i: number): Carrier => (mark[i]! & (1 << k) ? own[k]![i]! : answers[k]!.bucket[offer.buckets[k]!.of[i]!]!);
    // Each bucket's carrier number, once: a group of every peer has thousands of pair buckets.
    const [oldNumbers, newNumbers] = [0, 1].map((k) => {
      const bucket = answers[k]!.bucket;
      const out = this.bucketNumbers[k]!.length < bucket.length ? (this.bucketNumbers[k] = new Int32Array(2 * bucket.length)) : this.bucketNumbers[k]!;
      for (let b = 0; b < bucket.length; b++) out[b] = bucket[b] === undefined ? -1 : this.numberOf(bucket[b]!);
      return out;
    }) as [Int32Array, Int32Array];
    // Touched members, each once (`union`), by their own pair.
    const union: number[] = [...old.touched];
    for (const i of neu.touched) if (!(mark[i]! & 1)) union.push(i);
    for (const i of union) {
      taken[pairs.of[i]!]!++;
      const ko = this.numberOf(carrierAt(0, i));
      const kn = this.numberOf(carrierAt(1, i));
      if (ko === kn) pairOf[i] = -1;
      else this.tally((pairOf[i] = ko * PAIR_WIDTH + kn), 1, i);
    }
    // The others by pair bucket.
    for (let p = 0; p < pairs.lists.length; p++) {
      const list = pairs.lists[p]!;
      if (list.length === taken[p]) continue;
      const ko = oldNumbers[pairs.bases[2 * p]!]!;
      const kn = newNumbers[pairs.bases[2 * p + 1]!]!;
      if (ko === kn) continue;
      let first = 0;
      if (taken[p]! > 0) while (mark[list[first]!]) first++;
      this.tally(ko * PAIR_WIDTH + kn, list.length - taken[p]!, list[first]!);
    }
    let touchedIds: ReadonlySet<string> | null = null;
    for (let s = 0; s < this.keys.length; s++) {
      const key = this.keys[s]!;
      const count = this.counts[s]!;
      const first = members[this.firsts[s]!]!;
      if (!this.selection.keeps(count, offer.rank, offer.group, first)) {
        this.selection.pass();
        continue;
      }
      const classes: MemberClass[] = [];
      const listed = union.filter((i) => pairOf[i] === key).sort((a, b) => a - b);
      if (listed.length > 0) classes.push({ list: listed.map((i) => members[i]!), skip: null, count: listed.length });
      for (let p = 0; p < pairs.lists.length; p++) {
        const list = pairs.lists[p]!;
        if (list.length === taken[p] || oldNumbers[pairs.bases[2 * p]!]! * PAIR_WIDTH + newNumbers[pairs.bases[2 * p + 1]!]! !== key) continue;
        const refs = (offer.pairRefs[p] ??= list.map((i) => members[i]!));
        if (taken[p] === 0) classes.push({ list: refs, skip: null, count: list.length });
        else classes.push({ list: refs, skip: (touchedIds ??= new Set(union.map((i) => members[i]!.id))), count: list.length - taken[p]! });
      }
      const at = this.firsts[s]!;
      this.selection.add({ old: carrierAt(0, at), new: carrierAt(1, at), classes, count, first, rank: offer.rank, group: offer.group, members: members.length } satisfies Candidate<Carrier>);
    }
    for (const i of union) {
      mark[i] = 0;
      taken[pairs.of[i]!] = 0;
    }
    this.slots.clear();
    this.keys.length = 0;
    this.counts.length = 0;
    this.firsts.length = 0;
  }
}

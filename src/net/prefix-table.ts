// Prefixes of both address families with a value each, for longest-prefix lookups: a table by
// prefix length, then network address, so finding the prefixes that cover an address is one Map
// probe per prefix length in use. The simulator finds the HA sets covering a destination with it;
// the diff finds the sets of two exports that cover a compared address.
import { v4NetworkKey, v6MaskWords, v6Words, type Addr, type Family, type Prefix } from './prefix.js';

/** The IPv4 entries: network key → values, by prefix length. */
interface V4Table<T> {
  readonly byBits: Map<number, Map<number, T[]>>;
  /** Prefix lengths in use, longest first. */
  lengths: number[];
}

function addTo<T>(table: V4Table<T>, bits: number, key: number, value: T): void {
  let byKey = table.byBits.get(bits);
  if (!byKey) {
    table.byBits.set(bits, (byKey = new Map()));
    table.lengths = [...table.byBits.keys()].sort((a, b) => b - a);
  }
  const bucket = byKey.get(key);
  if (bucket) bucket.push(value);
  else byKey.set(key, [value]);
}

/** One IPv6 network of a prefix length: its address as four 32-bit words (v6Words), and its values. */
interface V6Network<T> {
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly values: T[];
}

/** The IPv6 networks of one prefix length, by a hash of their words (collisions share a list). */
interface V6Level<T> {
  readonly bits: number;
  readonly mask: readonly [number, number, number, number];
  readonly byHash: Map<number, V6Network<T>[]>;
}

/** A hash of four 32-bit words, kept to 30 bits so that V8 stores it as a small integer. */
function wordsHash(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ w1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ w2, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ w3, 0x27d4eb2f);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** The network of `level` holding the (already masked) words, or undefined. */
function v6Network<T>(level: V6Level<T>, w0: number, w1: number, w2: number, w3: number): V6Network<T> | undefined {
  const list = level.byHash.get(wordsHash(w0, w1, w2, w3));
  if (list) {
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!;
      if (n.w0 === w0 && n.w1 === w1 && n.w2 === w2 && n.w3 === w3) return n;
    }
  }
  return undefined;
}

const NONE: readonly never[] = Object.freeze([]);

export class PrefixTable<T> {
  // IPv4 networks are keyed as signed 32-bit numbers (see v4NetworkKey), IPv6 ones by a hash of
  // their four 32-bit words (see v6Words: bigint keys would collide).
  private readonly v4: V4Table<T> = { byBits: new Map(), lengths: [] };
  /** IPv6 networks by prefix length, longest first. */
  private v6: V6Level<T>[] = [];

  /** Adds `value` under `prefix`; values under one prefix keep the order they were added in. */
  add(prefix: Prefix, value: T): void {
    if (prefix.family === 4) addTo(this.v4, prefix.bits, v4NetworkKey(Number(prefix.start), prefix.bits), value);
    else this.addV6(prefix, value);
  }

  private addV6(prefix: Prefix, value: T): void {
    let level = this.v6.find((l) => l.bits === prefix.bits);
    if (!level) {
      level = { bits: prefix.bits, mask: v6MaskWords(prefix.bits), byHash: new Map() };
      this.v6 = [...this.v6, level].sort((a, b) => b.bits - a.bits);
    }
    const [w0, w1, w2, w3] = v6Words(prefix.start);
    const network = v6Network(level, w0, w1, w2, w3);
    if (network) {
      network.values.push(value);
      return;
    }
    const hash = wordsHash(w0, w1, w2, w3);
    const list = level.byHash.get(hash);
    const created: V6Network<T> = { w0, w1, w2, w3, values: [value] };
    if (list) list.push(created);
    else level.byHash.set(hash, [created]);
  }

  /** Values whose prefix contains `addr`: the longest prefix first, each prefix's values in the order added. */
  covering(addr: Addr): T[] {
    const out: T[] = [];
    if (addr.family === 4) {
      // Index loops: a batch asks this for every question, thousands of times before the
      // optimising compiler has caught up, and for-of allocates an iterator result per step until then.
      const value = Number(addr.value);
      const { byBits, lengths } = this.v4;
      for (let i = 0; i < lengths.length; i++) {
        const bits = lengths[i]!;
        const bucket = byBits.get(bits)!.get(v4NetworkKey(value, bits));
        if (bucket) for (let j = 0; j < bucket.length; j++) out.push(bucket[j]!);
      }
      return out;
    }
    const [a0, a1, a2, a3] = v6Words(addr.value);
    const levels = this.v6;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      const m = level.mask;
      const network = v6Network(level, a0 & m[0], a1 & m[1], a2 & m[2], a3 & m[3]);
      if (network) for (let j = 0; j < network.values.length; j++) out.push(network.values[j]!);
    }
    return out;
  }

  /** Values added under the /0 of `family` (exit nodes, for routes). */
  defaults(family: Family): readonly T[] {
    if (family === 4) return this.v4.byBits.get(0)?.get(0) ?? NONE;
    const level = this.v6[this.v6.length - 1];
    return (level?.bits === 0 ? v6Network(level, 0, 0, 0, 0)?.values : undefined) ?? NONE;
  }
}

// Prefixes of both address families with a value each, for longest-prefix lookups: a table by
// prefix length, then network address, so finding the prefixes that cover an address is one Map
// probe per prefix length in use. The simulator finds the HA sets covering a destination with it;
// the diff finds the sets of two exports that cover a compared address.
import { maskOf, v4NetworkKey, type Addr, type Family, type Prefix } from './prefix.js';

/** One family's entries: network key → values, by prefix length. */
interface FamilyTable<K, T> {
  readonly byBits: Map<number, Map<K, T[]>>;
  /** Prefix lengths in use, longest first. */
  lengths: number[];
}

function addTo<K, T>(table: FamilyTable<K, T>, bits: number, key: K, value: T): void {
  let byKey = table.byBits.get(bits);
  if (!byKey) {
    table.byBits.set(bits, (byKey = new Map()));
    table.lengths = [...table.byBits.keys()].sort((a, b) => b - a);
  }
  const bucket = byKey.get(key);
  if (bucket) bucket.push(value);
  else byKey.set(key, [value]);
}

const NONE: readonly never[] = Object.freeze([]);

export class PrefixTable<T> {
  // IPv4 networks are keyed as signed 32-bit numbers (see v4NetworkKey), IPv6 ones as bigints.
  private readonly v4: FamilyTable<number, T> = { byBits: new Map(), lengths: [] };
  private readonly v6: FamilyTable<bigint, T> = { byBits: new Map(), lengths: [] };
  /** IPv6 network masks by prefix length, computed once each. */
  private readonly masks6 = new Map<number, bigint>();

  /** Adds `value` under `prefix`; values under one prefix keep the order they were added in. */
  add(prefix: Prefix, value: T): void {
    if (prefix.family === 4) addTo(this.v4, prefix.bits, v4NetworkKey(Number(prefix.start), prefix.bits), value);
    else addTo(this.v6, prefix.bits, prefix.start, value);
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
    const { byBits, lengths } = this.v6;
    for (let i = 0; i < lengths.length; i++) {
      const bits = lengths[i]!;
      let mask = this.masks6.get(bits);
      if (mask === undefined) this.masks6.set(bits, (mask = maskOf(6, bits)));
      const bucket = byBits.get(bits)!.get(addr.value & mask);
      if (bucket) for (let j = 0; j < bucket.length; j++) out.push(bucket[j]!);
    }
    return out;
  }

  /** Values added under the /0 of `family` (exit nodes, for routes). */
  defaults(family: Family): readonly T[] {
    const bucket = family === 4 ? this.v4.byBits.get(0)?.get(0) : this.v6.byBits.get(0)?.get(0n);
    return bucket ?? NONE;
  }
}

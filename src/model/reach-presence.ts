// Whether some item added so far reaches a common recipient with a route: the yes/no of
// RecipientIndex.first, for sweeps whose findings are only counted (past the limit of findings a
// rule only needs to know that there is an earlier item, not which one is the earliest).
import { RecipientIndex, type Reach } from './reach.js';
import type { Route } from './types.js';

/** A group added with keys of two kinds or more (`state`). */
const MANY_KEYS = -2;
/** No key: nothing added (`state`) or no added group meets this one (`keyOf`). */
const NONE = -1;

/**
 * `has(route, exceptKey)` answers `index.first(route, exceptKey) !== undefined` for a
 * RecipientIndex holding the same adds, in time independent of how many items were added. Meets
 * are symmetric, so the meeting bitsets of the groups added say, per group number, whether an
 * added group meets it: per bit, the first key that set it and whether another key did too.
 * Groups without a bitset (no members, or an account with too many groups for bitsets) go to a
 * RecipientIndex of their own, asked only when some were added. `clear()` forgets every add and
 * costs the bits set since the last one, so one object serves many sweeps.
 */
export class RecipientPresence {
  /** Key ids by key. */
  private readonly keyIds = new Map<string, number>();
  /** Per group number: NONE, the key id of its adds, or MANY_KEYS. */
  private state = new Int32Array(0);
  /** Per group number: NONE, or the key id of the first added group meeting it. */
  private keyOf = new Int32Array(0);
  /** Per group number: 1 when added groups of two keys or more meet it. */
  private manyKeys = new Uint8Array(0);
  /** Group numbers whose `state` or `keyOf` is set: what `clear` resets. */
  private readonly touched: number[] = [];
  /** Items through a group without a meeting bitset; null until one is added. */
  private rest: RecipientIndex<true> | null = null;

  constructor(private readonly reach: Reach) {}

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) this.keyIds.set(key, (id = this.keyIds.size));
    return id;
  }

  /** Sizes the per-group arrays for bitsets of `words` words (every bitset of a model has the same length). */
  private fit(words: number): void {
    const size = words << 5;
    if (this.keyOf.length >= size) return;
    this.state = new Int32Array(size).fill(NONE);
    this.keyOf = new Int32Array(size).fill(NONE);
    this.manyKeys = new Uint8Array(size);
  }

  /** Adds an item reached through `route`, of kind `key`. */
  add(route: Route, key = ''): void {
    const numbers = this.reach.groupNumbersOf(route);
    let bitless = false;
    for (let k = 0; k < numbers.length; k++) {
      const g = numbers[k]!;
      const bits = this.reach.meetingBitsOf(g);
      if (!bits) {
        bitless = true;
        continue;
      }
      this.fit(bits.length);
      const id = this.keyId(key);
      const { state, keyOf, manyKeys, touched } = this;
      const was = state[g]!;
      if (was === id || was === MANY_KEYS) continue;
      if (was === NONE) touched.push(g);
      state[g] = was === NONE ? id : MANY_KEYS;
      // Each group is walked at most twice: once per key, the second time making it MANY_KEYS.
      for (let w = 0; w < bits.length; w++) {
        let word = bits[w]!;
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const h = (w << 5) + 31 - Math.clz32(low);
          const first = keyOf[h]!;
          if (first === NONE) {
            keyOf[h] = id;
            touched.push(h);
          } else if (first !== id) manyKeys[h] = 1;
        }
      }
    }
    if (bitless) (this.rest ??= new RecipientIndex<true>(this.reach)).add([route], true, key);
  }

  /** Does an added item reach a common recipient with `route` (and, given `exceptKey`, have another key)? */
  has(route: Route, exceptKey?: string): boolean {
    const numbers = this.reach.groupNumbersOf(route);
    // An unknown key was never added: any item qualifies.
    const except = exceptKey === undefined ? NONE : (this.keyIds.get(exceptKey) ?? NONE);
    const { keyOf, manyKeys } = this;
    for (let k = 0; k < numbers.length; k++) {
      const g = numbers[k]!;
      if (g >= keyOf.length) continue;
      const first = keyOf[g]!;
      if (first !== NONE && (first !== except || manyKeys[g] === 1)) return true;
    }
    return this.rest !== null && this.rest.first(route, exceptKey) !== undefined;
  }

  /** Forgets every add. */
  clear(): void {
    const { state, keyOf, manyKeys, touched } = this;
    for (let i = 0; i < touched.length; i++) {
      const g = touched[i]!;
      state[g] = NONE;
      keyOf[g] = NONE;
      manyKeys[g] = 0;
    }
    touched.length = 0;
    this.rest = null;
  }
}

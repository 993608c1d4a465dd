// The destination the matrix asks about for each HA set: an address inside its prefix that no more
// specific route takes (a representative), a resolver for an exit node, or its first domain. The
// diff asks about the same destinations.
import { comparePrefix, containsAddr, formatAddr, mustParseAddr, networkAddr, type Addr, type Family, type Prefix } from '../net/prefix.js';
import type { HaSet } from '../model/types.js';
import type { Destination } from '../simulate/index.js';
import { ranks } from '../model/sets.js';

// Public resolvers: what a person would probe an exit node with, when no other route covers them.
const EXIT_PROBES: Record<4 | 6, Addr[]> = {
  4: ['8.8.8.8', '1.1.1.1', '9.9.9.9'].map(mustParseAddr),
  6: ['2001:4860:4860::8888', '2606:4700:4700::1111'].map(mustParseAddr),
};

/** Index of the first prefix of `sorted` (by family, network address, then length) that does not start before `prefix`, by binary search (an IPv4 prefix's over numbers). */
function firstInside(prefix: Prefix, sorted: readonly Prefix[]): number {
  if (prefix.family !== 4) return firstAtOrAfter(prefix.family, prefix.start, sorted, 0);
  const n = numericOf(sorted);
  const start = Number(prefix.start);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (n.family[mid]! < 4 || (n.family[mid] === 4 && n.start[mid]! < start)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index (from `lo` on) of the first prefix of `sorted` that does not start before the address
 * `start` of `family`, by binary search: over numbers, the bigints compared only where the
 * numbers are equal (IPv6 addresses sharing their top 52 bits).
 */
function firstAtOrAfter(family: Family, start: bigint, sorted: readonly Prefix[], lo: number): number {
  const n = numericOf(sorted);
  const top = family === 4 ? Number(start) : topOfV6(start);
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const f = n.family[mid]!;
    if (f < family || (f === family && (n.start[mid]! < top || (n.start[mid] === top && sorted[mid]!.start < start)))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An IPv6 address's top 52 bits as a number: ordered as the addresses are, equal for those that differ only below. */
function topOfV6(value: bigint): number {
  return Number(value >> 76n);
}

/**
 * The first address of `prefix` that no more specific prefix of `sorted` takes away, else its
 * network address. `sorted`: by network address, then length. The nested prefixes are one
 * contiguous run of `sorted`, read only as far as the first gap (a /8 may hold a hundred
 * thousand of them).
 */
export function representative(prefix: Prefix, sorted: readonly Prefix[], from = firstInside(prefix, sorted)): Addr {
  // Index loops, not a generator: the matrix asks this of every HA set.
  if (prefix.bits === 0) {
    const probes = EXIT_PROBES[prefix.family];
    const taken = probes.map(() => false);
    if (prefix.family === 4) {
      // Every IPv4 prefix is read: as numbers (a hundred thousand bigint comparisons per probe took 50 ms).
      const n = numericOf(sorted);
      const at = probes.map((a) => Number(a.value));
      for (let i = from; i < sorted.length && n.family[i] === 4; i++) {
        if (n.bits[i]! > 0) for (let j = 0; j < at.length; j++) if (!taken[j] && n.start[i]! <= at[j]! && at[j]! <= n.end[i]!) taken[j] = true;
      }
    } else {
      for (let i = from; i < sorted.length; i++) {
        const p = sorted[i]!;
        if (p.family !== prefix.family) break;
        if (p.bits > 0) for (let j = 0; j < probes.length; j++) if (!taken[j] && containsAddr(p, probes[j]!)) taken[j] = true;
      }
    }
    const probe = probes.find((_, i) => !taken[i]);
    if (probe) return probe;
  }
  if (prefix.family === 4) return representativeV4(prefix, sorted, from);
  let cursor = prefix.start;
  for (let i = from; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.family !== prefix.family || p.start > cursor || p.start > prefix.end) break;
    // The same prefix (another network_id) takes nothing away; any other from here on is nested.
    if (p.bits > prefix.bits && p.end >= cursor) {
      cursor = p.end + 1n;
      // Prefixes nest or are apart: none of those inside p reaches past it, so the walk goes on
      // from the first prefix starting after it (a /17 may hold hundreds).
      i = firstAtOrAfter(prefix.family, cursor, sorted, i + 1) - 1;
    }
  }
  return cursor <= prefix.end ? { family: prefix.family, value: cursor } : networkAddr(prefix);
}

/** A sorted list of prefixes as numbers (IPv4 addresses fit a double): family, length, first and last address by position. */
interface NumericPrefixes {
  readonly family: Uint8Array;
  readonly bits: Uint8Array;
  /** The first address of an IPv4 prefix; of an IPv6 one, its top 52 bits (topOfV6). */
  readonly start: Float64Array;
  /** The last address of an IPv4 prefix (none for IPv6). */
  readonly end: Float64Array;
}

const numericLists = new WeakMap<readonly Prefix[], NumericPrefixes>();

/** `sorted` as numbers, made once per list (the matrix asks representative() about every prefix of one list). */
function numericOf(sorted: readonly Prefix[]): NumericPrefixes {
  let n = numericLists.get(sorted);
  if (n && n.family.length === sorted.length) return n;
  n = { family: new Uint8Array(sorted.length), bits: new Uint8Array(sorted.length), start: new Float64Array(sorted.length), end: new Float64Array(sorted.length) };
  sorted.forEach((p, i) => {
    n!.family[i] = p.family;
    n!.bits[i] = p.bits;
    if (p.family === 4) {
      n!.start[i] = Number(p.start);
      n!.end[i] = Number(p.end);
    } else n!.start[i] = topOfV6(p.start);
  });
  numericLists.set(sorted, n);
  return n;
}

/** representative() of an IPv4 prefix (past the exit probes), walking numbers instead of bigints (a /16 may hold hundreds of nested prefixes, each a binary search). */
function representativeV4(prefix: Prefix, sorted: readonly Prefix[], from: number): Addr {
  const n = numericOf(sorted);
  const last = Number(prefix.end);
  let cursor = Number(prefix.start);
  for (let i = from; i < sorted.length; i++) {
    if (n.family[i] !== 4 || n.start[i]! > cursor || n.start[i]! > last) break;
    if (n.bits[i]! > prefix.bits && n.end[i]! >= cursor) {
      cursor = n.end[i]! + 1;
      // As representative(): on from the first prefix starting at or after the cursor.
      let lo = i + 1;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (n.family[mid]! < 4 || (n.family[mid] === 4 && n.start[mid]! < cursor)) lo = mid + 1;
        else hi = mid;
      }
      i = lo - 1;
    }
  }
  return cursor <= last ? { family: 4, value: BigInt(cursor) } : networkAddr(prefix);
}

/**
 * The sets' prefixes by network address (family first), then length: comparePrefix's order, equal
 * prefixes as they came. IPv4 prefixes by one number each (address times 64 plus length), placed
 * by counting sort over their ranks (model/sets.ts `ranks`: the numbers sorted natively, no
 * comparator called for a hundred thousand sets); IPv6 prefixes after them, in comparePrefix's order.
 */
export function sortedPrefixes(sets: readonly HaSet[]): Prefix[] {
  const v4: Prefix[] = [];
  const keys: number[] = [];
  const v6: Prefix[] = [];
  for (let i = 0; i < sets.length; i++) {
    const p = sets[i]!.network;
    if (!p) continue;
    if (p.family === 4) {
      v4.push(p);
      keys.push(Number(p.start) * 64 + p.bits);
    } else v6.push(p);
  }
  const { distinct, rankOf } = ranks(keys);
  // Where each rank's prefixes start in the output, then each prefix put in its place in arrival order.
  const next = new Uint32Array(distinct.length + 1);
  for (let i = 0; i < rankOf.length; i++) next[rankOf[i]! + 1]!++;
  for (let r = 1; r <= distinct.length; r++) next[r]! += next[r - 1]!;
  const at = new Uint32Array(v4.length);
  for (let i = 0; i < v4.length; i++) at[next[rankOf[i]!]!++] = i;
  const out: Prefix[] = [];
  for (let k = 0; k < at.length; k++) out.push(v4[at[k]!]!);
  // By their top 52 bits as numbers first (comparing a hundred thousand bigints was most of the
  // sort), then by comparePrefix; equal prefixes stay as they came (by position at the last).
  const tops = v6.map((p) => topOfV6(p.start));
  const order = v6.map((_, i) => i);
  if (v6.length > 1) order.sort((i, j) => tops[i]! - tops[j]! || comparePrefix(v6[i]!, v6[j]!) || i - j);
  for (const i of order) out.push(v6[i]!);
  return out;
}

/** The name the matrix asks about for a domain pattern: the name itself, or one label below a wildcard. */
export function domainProbe(domain: string): string {
  return domain.startsWith('*.') ? `host.${domain.slice(2)}` : domain;
}

const representatives = new WeakMap<readonly Prefix[], Map<string, { readonly addr: Addr; readonly text: string }>>();

/**
 * representative(), found once per prefix of a list: sets of one prefix under many network_ids
 * (thousands of 0.0.0.0/0 sets, each reading every IPv4 prefix for the exit probes) ask alike.
 */
export function representativeOnce(prefix: Prefix, sorted: readonly Prefix[]): Addr {
  return representativeFound(prefix, sorted).addr;
}

/** representativeOnce() with the address as text, both made once per prefix. */
function representativeFound(prefix: Prefix, sorted: readonly Prefix[]): { readonly addr: Addr; readonly text: string } {
  let byPrefix = representatives.get(sorted);
  if (!byPrefix) representatives.set(sorted, (byPrefix = new Map()));
  // Keyed by the prefix's canonical text: a string keeps its hash once computed, where a number
  // past the small integers (an IPv4 address times 64) is a new heap object at every call.
  let found = byPrefix.get(prefix.text);
  if (!found) {
    const addr = representative(prefix, sorted);
    // Most prefixes are their own representative (nothing nested at their start): their canonical
    // text holds the address already (an IPv6 address formatted costs about 10 us).
    const text = addr.value === prefix.start ? prefix.text.slice(0, prefix.text.lastIndexOf('/')) : formatAddr(addr);
    byPrefix.set(prefix.text, (found = { addr, text }));
  }
  return found;
}

/** The destination the matrix asks about for one HA set; `sorted`: the sets' prefixes (sortedPrefixes). */
export function probeOf(set: HaSet, sorted: readonly Prefix[]): { destination: Destination; text: string } | null {
  if (set.network) {
    const { addr, text } = representativeFound(set.network, sorted);
    return { destination: { kind: 'ip', addr, text }, text };
  }
  const first = set.domains?.[0];
  if (!first) return null;
  const name = domainProbe(first.toLowerCase());
  return { destination: { kind: 'domain', name }, text: name };
}

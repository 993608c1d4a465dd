// Addresses and prefixes as small immutable values, after Go's net/netip.
// This module is the only place that parses addresses (through ipaddr.js) or does prefix math.
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Addr {
  readonly family: Family;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  readonly value: bigint;
}

export interface Prefix {
  readonly family: Family;
  /** Network address (host bits cleared). */
  readonly start: bigint;
  /** Last address covered. */
  readonly end: bigint;
  readonly bits: number;
  /** Canonical text, e.g. `10.1.0.0/16` or `fd00::/64`; also the key for Maps. */
  readonly text: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ParsedPrefix {
  /** The prefix as NetBird stores it: host bits cleared. */
  readonly prefix: Prefix;
  /** True when the input had host bits set (`10.1.2.3/16`). */
  readonly hadHostBits: boolean;
}

const FOUR_DECIMAL_OCTETS = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;
const DECIMAL_BITS = /^(0|[1-9][0-9]{0,2})$/;

export function widthOf(family: Family): number {
  return family === 4 ? 32 : 128;
}

function bytesToBigint(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Rewrites a trailing dotted-quad IPv4 part of an IPv6 address (`::ffff:1.2.3.4`) as two hex groups,
 * checked as strictly as netip does; null when it is not a valid dotted quad. ipaddr.js alone would
 * accept leading zeros there and misread `::1.2.3.4` as `::ffff:1.2.3.4`.
 */
function embeddedIpv4AsHex(text: string): string | null {
  if (!text.includes('.')) return text;
  const colon = text.lastIndexOf(':');
  const m = FOUR_DECIMAL_OCTETS.exec(text.slice(colon + 1));
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return null;
  const hex = (hi: number, lo: number): string => ((hi << 8) | lo).toString(16);
  return `${text.slice(0, colon + 1)}${hex(octets[0]!, octets[1]!)}:${hex(octets[2]!, octets[3]!)}`;
}

/**
 * A dotted-quad IPv4 address without leading zeros as a 32-bit number (what FOUR_DECIMAL_OCTETS
 * and the octet range accept), or -1 with the reason in `V4_FAILURE`. Numbers instead of bigints:
 * accounts hold a hundred thousand of these.
 */
function parseV4Number(text: string, from = 0, to = text.length): number {
  let value = 0;
  let octets = 0;
  let outOfRange = false;
  let i = from;
  while (octets < 4) {
    const first = text.charCodeAt(i);
    if (i >= to || first < 0x30 || first > 0x39) return V4_SYNTAX;
    let octet = first - 0x30;
    let digits = 1;
    i++;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      // A leading zero ends the octet (`0` alone), so `01` fails as the regex does; at most three digits.
      if (octet === 0 && digits === 1) return V4_SYNTAX;
      if (++digits > 3) return V4_SYNTAX;
      octet = octet * 10 + (c - 0x30);
      i++;
    }
    // As the regex first and the range check after it: a syntax error wins over a big octet.
    if (octet > 255) outOfRange = true;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (text.charCodeAt(i) !== 0x2e || i >= to) return V4_SYNTAX;
      i++;
    }
  }
  if (i !== to) return V4_SYNTAX;
  return outOfRange ? V4_RANGE : value;
}

const V4_SYNTAX = -1;
const V4_RANGE = -2;

function v4Failure(code: number): { ok: false; reason: string } {
  return { ok: false, reason: code === V4_RANGE ? 'IPv4 octet out of range' : 'not a dotted-quad IPv4 address' };
}

function dottedQuad(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/**
 * The network address of a 32-bit IPv4 value at `bits`, as a signed 32-bit number: V8 keeps it a
 * small integer, which hashes and masks faster than a bigint (prefix tables key on it).
 */
export function v4NetworkKey(value: number, bits: number): number {
  return bits === 0 ? 0 : value & (0xffffffff << (32 - bits));
}

/**
 * A 128-bit IPv6 value as four signed 32-bit words, most significant first. Prefix tables key IPv6
 * networks on these, not on bigints: V8 hashes a bigint Map key by its lowest 64 bits only, so
 * networks of /64 or shorter (whose low 64 bits are all zero) would share one hash bucket.
 */
export function v6Words(value: bigint): [number, number, number, number] {
  return [Number(value >> 96n) | 0, Number(BigInt.asUintN(32, value >> 64n)) | 0, Number(BigInt.asUintN(32, value >> 32n)) | 0, Number(BigInt.asUintN(32, value)) | 0];
}

/** The network mask of a `bits`-long IPv6 prefix as four signed 32-bit words (see v6Words). */
export function v6MaskWords(bits: number): [number, number, number, number] {
  const word = (k: number): number => {
    const inWord = bits - 32 * k;
    return inWord >= 32 ? -1 : inWord <= 0 ? 0 : (0xffffffff << (32 - inWord)) | 0;
  };
  return [word(0), word(1), word(2), word(3)];
}

/** The IPv4 prefix of `value` (a 32-bit number) and `bits`, host bits cleared; `canonical` is its text when the caller has it. */
function v4Prefix(value: number, bits: number, canonical?: string): Prefix {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const start = (value & mask) >>> 0;
  const end = (start | (~mask >>> 0)) >>> 0;
  const text = canonical !== undefined && start === value ? canonical : `${dottedQuad(start)}/${bits}`;
  return Object.freeze({ family: 4 as const, start: BigInt(start), end: BigInt(end), bits, text });
}

/**
 * The plain hexadecimal forms of an IPv6 address (eight groups of one to four hex digits, or fewer
 * around one `::`) as 32 hex digits; null for anything else (an embedded IPv4 part, a zone, a
 * stray colon), which goes to ipaddr.js. Every form accepted here is one ipaddr.js accepts too.
 */
function plainIpv6Hex(text: string): string | null {
  if (text.length > 39) return null;
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return null;
  const head = gap < 0 ? text : text.slice(0, gap);
  const tail = gap < 0 ? '' : text.slice(gap + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const count = headGroups.length + tailGroups.length;
  if (gap < 0 ? count !== 8 : count > 7) return null;
  let hex = '';
  const append = (group: string): boolean => {
    if (group.length === 0 || group.length > 4) return false;
    for (let i = 0; i < group.length; i++) {
      const c = group.charCodeAt(i) | 0x20;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
    }
    hex += group.padStart(4, '0');
    return true;
  };
  for (const g of headGroups) if (!append(g)) return null;
  hex += '0000'.repeat(8 - count);
  for (const g of tailGroups) if (!append(g)) return null;
  return hex;
}

/** Parses an address strictly, as Go's netip.ParseAddr: dotted-quad IPv4 without leading zeros, IPv6 without zone. */
export function parseAddr(text: string): ParseResult<Addr> {
  if (typeof text !== 'string' || text.length === 0) return { ok: false, reason: 'empty address' };
  if (text.includes('%')) return { ok: false, reason: 'zones are not allowed' };
  if (text.includes(':')) {
    const hex = plainIpv6Hex(text);
    if (hex !== null) return { ok: true, value: Object.freeze({ family: 6 as const, value: BigInt(`0x${hex}`) }) };
    const v6 = embeddedIpv4AsHex(text);
    if (v6 === null) return { ok: false, reason: 'embedded IPv4 address is not a dotted quad without leading zeros' };
    if (!ipaddr.IPv6.isValid(v6)) return { ok: false, reason: 'not an IPv6 address' };
    const bytes = ipaddr.IPv6.parse(v6).toByteArray();
    return { ok: true, value: Object.freeze({ family: 6 as const, value: bytesToBigint(bytes) }) };
  }
  const v4 = parseV4Number(text);
  if (v4 < 0) return v4Failure(v4);
  return { ok: true, value: Object.freeze({ family: 4 as const, value: BigInt(v4) }) };
}

/** The network mask of a `bits`-long prefix of `family`. */
export function maskOf(family: Family, bits: number): bigint {
  const width = widthOf(family);
  const all = (1n << BigInt(width)) - 1n;
  return (all >> BigInt(bits)) ^ all;
}

/** Builds a prefix from an address and a length, clearing host bits. */
export function prefixFrom(addr: Addr, bits: number): Prefix {
  const width = widthOf(addr.family);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) throw new RangeError(`prefix length ${bits} out of range for IPv${addr.family}`);
  if (addr.family === 4) return v4Prefix(Number(addr.value), bits);
  const mask = maskOf(addr.family, bits);
  const start = addr.value & mask;
  const end = start | (((1n << BigInt(width)) - 1n) ^ mask);
  return Object.freeze({ family: addr.family, start, end, bits, text: `${formatAddr({ family: addr.family, value: start })}/${bits}` });
}

/** Parses a prefix as NetBird does (netip.ParsePrefix, then Masked). */
export function parsePrefix(text: string): ParseResult<ParsedPrefix> {
  if (typeof text !== 'string') return { ok: false, reason: 'not a string' };
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'no prefix length (a bare address is not a prefix)' };
  const bitsText = text.slice(slash + 1);
  if (!text.includes(':', 0) && text.indexOf('%') < 0 && slash > 0) {
    // IPv4, the common case, in numbers: the same checks in the same order as below.
    const v4 = parseV4Number(text, 0, slash);
    if (v4 < 0) return v4Failure(v4);
    if (!DECIMAL_BITS.test(bitsText)) return { ok: false, reason: 'prefix length is not a decimal number' };
    const v4Bits = Number(bitsText);
    if (v4Bits > 32) return { ok: false, reason: `prefix length /${v4Bits} is longer than 32 bits` };
    // Octets and length parsed without leading zeros: with no host bits the input is already the canonical text.
    const v4Result = v4Prefix(v4, v4Bits, text);
    return { ok: true, value: Object.freeze({ prefix: v4Result, hadHostBits: v4Result.start !== BigInt(v4) }) };
  }
  const addrText = text.slice(0, slash);
  const addr = parseAddr(addrText);
  if (!addr.ok) return { ok: false, reason: addr.reason };
  if (!DECIMAL_BITS.test(bitsText)) return { ok: false, reason: 'prefix length is not a decimal number' };
  const bits = Number(bitsText);
  if (bits > widthOf(addr.value.family)) return { ok: false, reason: `prefix length /${bits} is longer than ${widthOf(addr.value.family)} bits` };
  const prefix = prefixFrom(addr.value, bits);
  return { ok: true, value: Object.freeze({ prefix, hadHostBits: prefix.start !== addr.value.value }) };
}

/** For tests and constants: parses or throws. */
export function mustParsePrefix(text: string): Prefix {
  const r = parsePrefix(text);
  if (!r.ok) throw new Error(`not a prefix: "${text}": ${r.reason}`);
  return r.value.prefix;
}

export function mustParseAddr(text: string): Addr {
  const r = parseAddr(text);
  if (!r.ok) throw new Error(`not an address: "${text}": ${r.reason}`);
  return r.value;
}

export function formatAddr(addr: Addr): string {
  if (addr.family === 4) return dottedQuad(Number(addr.value));
  // As netip: an IPv4-mapped address keeps its dotted quad (`::ffff:10.0.0.1`).
  if (addr.value >> 32n === 0xffffn) return `::ffff:${formatAddr({ family: 4, value: addr.value & 0xffffffffn })}`;
  // Bytes from the four 32-bit words: four bigint shifts, not sixteen.
  const bytes = v6Words(addr.value).flatMap((w) => [(w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255]);
  return ipaddr.fromByteArray(bytes).toString();
}

/** Does `outer` contain every address of `inner`? False across families. */
export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.bits <= inner.bits && outer.start <= inner.start && inner.end <= outer.end;
}

export function containsAddr(prefix: Prefix, addr: Addr): boolean {
  return prefix.family === addr.family && prefix.start <= addr.value && addr.value <= prefix.end;
}

/** Do the two prefixes share any address? False across families. */
export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

export function samePrefix(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.bits === b.bits && a.start === b.start;
}

/** Total order: family, then network address, then shorter prefix first (parents before children). */
export function comparePrefix(a: Prefix, b: Prefix): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.bits - b.bits;
}

export function compareAddr(a: Addr, b: Addr): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
}

export function isDefaultRoute(p: Prefix): boolean {
  return p.bits === 0;
}

/** Number of addresses the prefix covers, as a bigint. */
export function sizeOf(p: Prefix): bigint {
  return p.end - p.start + 1n;
}

const V4_MAPPED = mustParsePrefixRaw('::ffff:0:0', 96);

function mustParsePrefixRaw(addr: string, bits: number): Prefix {
  const a = parseAddr(addr);
  if (!a.ok) throw new Error(a.reason);
  return prefixFrom(a.value, bits);
}

/** IPv4-mapped IPv6 addresses are classified as the IPv4 address they carry, as netip does. */
function unmap(addr: Addr): Addr {
  if (addr.family === 6 && containsAddr(V4_MAPPED, addr)) return { family: 4, value: addr.value & 0xffffffffn };
  return addr;
}

const SPECIAL: Record<'loopback' | 'link-local' | 'multicast', Prefix[]> = {
  loopback: [mustParsePrefixRaw('127.0.0.0', 8), mustParsePrefixRaw('::1', 128)],
  'link-local': [mustParsePrefixRaw('169.254.0.0', 16), mustParsePrefixRaw('fe80::', 10)],
  multicast: [mustParsePrefixRaw('224.0.0.0', 4), mustParsePrefixRaw('ff00::', 8)],
};

export type AddressClass = 'loopback' | 'link-local' | 'multicast' | 'unspecified' | 'unicast';

/** Classifies an address as the NetBird client's prefix check does (netip's IsLoopback, IsLinkLocalUnicast, IsMulticast, …). */
export function classifyAddr(addr: Addr): AddressClass {
  const a = unmap(addr);
  if (a.value === 0n) return 'unspecified';
  for (const cls of ['loopback', 'link-local', 'multicast'] as const) {
    if (SPECIAL[cls].some((p) => containsAddr(p, a))) return cls;
  }
  return 'unicast';
}

export function networkAddr(p: Prefix): Addr {
  return { family: p.family, value: p.start };
}

export const CGNAT_RANGE = mustParsePrefixRaw('100.64.0.0', 10);

/** Private address space: RFC 1918 (10/8, 172.16/12, 192.168/16) and IPv6 unique local addresses (fc00::/7). */
export const PRIVATE_RANGES: readonly Prefix[] = Object.freeze([mustParsePrefixRaw('10.0.0.0', 8), mustParsePrefixRaw('172.16.0.0', 12), mustParsePrefixRaw('192.168.0.0', 16), mustParsePrefixRaw('fc00::', 7)]);

/** Does the prefix lie wholly inside private address space (RFC 1918 or ULA)? */
export function isPrivatePrefix(p: Prefix): boolean {
  return PRIVATE_RANGES.some((range) => containsPrefix(range, p));
}

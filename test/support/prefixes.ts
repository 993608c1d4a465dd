// Random prefix sets that nest often, for properties of prefix forests and the address map.
import fc from 'fast-check';
import { comparePrefix, mustParsePrefix, prefixFrom, type Prefix } from '../../src/net/prefix.js';

/** IPv4 inside 10.0.0.0/8 and IPv6 inside fd00::/16, with 10.0.0.0/8 and the default routes now and then. */
export const nestingPrefixes = fc.array(
  fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 8, max: 32 })).map(([v, bits]) => prefixFrom({ family: 4, value: 0x0a000000n + BigInt(v) }, bits)),
    fc.tuple(fc.bigInt({ min: 0n, max: (1n << 16n) - 1n }), fc.integer({ min: 16, max: 40 })).map(([v, bits]) => prefixFrom({ family: 6, value: (0xfd00n << 112n) | (v << 96n) }, bits)),
    fc.constantFrom(mustParsePrefix('0.0.0.0/0'), mustParsePrefix('::/0'), mustParsePrefix('10.0.0.0/8')),
  ),
  { maxLength: 80 },
);

/** Distinct prefixes of `texts` in comparePrefix order. */
export function sortedPrefixes(texts: readonly string[]): Prefix[] {
  return [...new Map(texts.map((t) => [mustParsePrefix(t).text, mustParsePrefix(t)])).values()].sort(comparePrefix);
}

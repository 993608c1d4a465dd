// The PrefixTable against a brute-force scan of every prefix it holds: the same values, longest
// prefix first, each prefix's values in the order added.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixTable } from '../../src/net/prefix-table.js';
import { containsAddr, maskOf, mustParseAddr, mustParsePrefix, prefixFrom, v6MaskWords, v6Words, type Addr, type Family, type Prefix } from '../../src/net/prefix.js';

/** Addresses drawn from a small space, so prefixes nest and share networks often. */
const addr = (family: Family): fc.Arbitrary<Addr> =>
  family === 4
    ? fc.tuple(fc.constantFrom(0, 10, 255), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffff })).map(([a, b, rest]) => ({ family: 4 as const, value: BigInt(((a << 24) | (b << 16) | rest) >>> 0) }))
    : fc.tuple(fc.constantFrom(0n, 0xfd00n, 0xffffn), fc.bigInt({ min: 0n, max: 0xffffn })).map(([hi, lo]) => ({ family: 6 as const, value: (hi << 112n) | lo }));

const prefix: fc.Arbitrary<Prefix> = fc.constantFrom<Family>(4, 6).chain((family) =>
  fc.tuple(addr(family), family === 4 ? fc.constantFrom(0, 1, 8, 14, 16, 24, 30, 32) : fc.constantFrom(0, 8, 16, 64, 112, 120, 128)).map(([a, bits]) => prefixFrom(a, bits)),
);

function bruteForce(entries: readonly { prefix: Prefix; value: number }[], a: Addr): number[] {
  return entries
    .map((e, order) => ({ ...e, order }))
    .filter((e) => containsAddr(e.prefix, a))
    .sort((x, y) => y.prefix.bits - x.prefix.bits || x.order - y.order)
    .map((e) => e.value);
}

/** A table of `prefixes` answers as the scan does, at `addrs` and at each prefix's own network address. */
function coversAsScan(prefixes: readonly Prefix[], addrs: readonly Addr[]): void {
  const entries = prefixes.map((p, value) => ({ prefix: p, value }));
  const table = new PrefixTable<number>();
  for (const e of entries) table.add(e.prefix, e.value);
  for (const a of [...addrs, ...prefixes.map((p) => ({ family: p.family, value: p.start }))]) expect(table.covering(a)).toEqual(bruteForce(entries, a));
}

describe('PrefixTable', () => {
  it('covering finds what a scan of every prefix finds, longest first', () => {
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 30 }), fc.array(fc.constantFrom<Family>(4, 6).chain(addr), { minLength: 1, maxLength: 20 }), coversAsScan),
      { numRuns: 300 },
    );
  });

  it('covering finds what a scan finds for IPv6 networks that differ in any of their four 32-bit words', () => {
    // Each word drawn from a few values, so that networks nest and share words across the word
    // boundaries the table's keys split them at; lengths on both sides of each boundary.
    const word = fc.constantFrom(0n, 1n, 0x80000000n, 0xffffffffn);
    const v6 = fc.tuple(word, word, word, word).map(([a, b, c, d]): Addr => ({ family: 6, value: (a << 96n) | (b << 64n) | (c << 32n) | d }));
    const v6Prefix = fc.tuple(v6, fc.constantFrom(0, 1, 31, 32, 33, 48, 63, 64, 65, 95, 96, 97, 127, 128)).map(([a, bits]) => prefixFrom(a, bits));
    fc.assert(
      fc.property(fc.array(v6Prefix, { maxLength: 40 }), fc.array(v6, { minLength: 1, maxLength: 20 }), coversAsScan),
      { numRuns: 300 },
    );
  });

  it('the IPv6 words of a masked value are the masked words of the value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }), (value, bits) => {
        const words = v6Words(value);
        const mask = v6MaskWords(bits);
        expect(words.map((w, k) => w & mask[k]!)).toEqual(v6Words(value & maskOf(6, bits)));
        expect(words.map((w) => BigInt(w >>> 0)).reduce((acc, w) => (acc << 32n) | w, 0n)).toBe(value);
      }),
    );
  });

  it('defaults holds the /0 values of one family', () => {
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 30 }), (prefixes) => {
        const table = new PrefixTable<number>();
        prefixes.forEach((p, i) => table.add(p, i));
        for (const family of [4, 6] as const) expect(table.defaults(family)).toEqual(prefixes.flatMap((p, i) => (p.family === family && p.bits === 0 ? [i] : [])));
      }),
    );
  });

  it.each([
    ['10.1.2.3', ['10.1.2.0/24', '10.1.0.0/16', '10.0.0.0/8', '0.0.0.0/0']],
    ['10.2.0.1', ['10.0.0.0/8', '0.0.0.0/0']],
    ['128.0.0.1', ['128.0.0.0/1', '0.0.0.0/0']],
    ['255.255.255.255', ['255.255.255.255/32', '128.0.0.0/1', '0.0.0.0/0']],
    ['fd00::1', ['fd00::/64', '::/0']],
    ['::ffff:10.1.2.3', ['::/0']],
  ])('%s is covered by %j', (a, expected) => {
    const table = new PrefixTable<string>();
    for (const text of ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '128.0.0.0/1', '255.255.255.255/32', '::/0', 'fd00::/64']) table.add(mustParsePrefix(text), text);
    expect(table.covering(mustParseAddr(a))).toEqual(expected);
  });
});

// sortByPrefix (report/data/context.ts) orders prefixes by numbers made once per item: the
// same order as sorting with comparePrefix, ties kept in their order, on mixed IPv4, IPv6 and none.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByPrefix } from '../../src/report/data/context.js';
import { comparePrefix, mustParsePrefix, type Prefix } from '../../src/net/prefix.js';

interface Item {
  readonly prefix: Prefix | null;
  readonly n: number;
}

const v4 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 32 })).map(([a, b, bits]) => `${a}.${b}.0.0/${Math.min(bits, 32)}`);
// IPv6 prefixes are numbered by their top 52 bits: hextets from a few values, so that prefixes
// often share those bits and differ below them (bits 52 to 128), or differ only in length.
const hextet = fc.constantFrom('0', '1', 'fd00', 'ffff');
const v6 = fc.tuple(fc.array(hextet, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([words, bits]) => `${words.join(':')}/${bits}`);
const prefix = fc.oneof(v4, v6, fc.constant(null)).map((text) => (text === null ? null : mustParsePrefix(text)));

describe('sortByPrefix', () => {
  it('orders as comparePrefix does, then by the comparator, ties stable', () => {
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 60 }), (prefixes) => {
        const items: Item[] = prefixes.map((p, n) => ({ prefix: p, n }));
        const compare = (a: Item, b: Item, byPrefix: (a: Item, b: Item) => number): number => (a.prefix && b.prefix ? byPrefix(a, b) : a.prefix ? -1 : b.prefix ? 1 : 0) || (a.n % 3) - (b.n % 3);
        const expected = [...items].sort((a, b) => (a.prefix && b.prefix ? comparePrefix(a.prefix, b.prefix) : a.prefix ? -1 : b.prefix ? 1 : 0) || (a.n % 3) - (b.n % 3));
        expect(sortByPrefix(items, (i) => i.prefix, compare).map((i) => i.n)).toEqual(expected.map((i) => i.n));
      }),
      { numRuns: 300 },
    );
  });

  it('puts 10.0.0.0/8 before 10.0.0.0/16 before 10.1.0.0/16, IPv4 before IPv6', () => {
    const items = ['fd00::/8', '10.1.0.0/16', '10.0.0.0/16', '10.0.0.0/8'].map((t, n) => ({ prefix: mustParsePrefix(t), n }));
    expect(sortByPrefix(items, (i) => i.prefix, (a, b, byPrefix) => byPrefix(a, b)).map((i) => i.prefix.text)).toEqual(['10.0.0.0/8', '10.0.0.0/16', '10.1.0.0/16', 'fd00::/8']);
  });
});

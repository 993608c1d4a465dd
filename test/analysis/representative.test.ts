// The address the reachability matrix (and the diff) asks about for a prefix: the first one that
// no more specific prefix takes away. Checked against a brute-force reading of that definition.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probeOf, representative, representativeOnce, sortedPrefixes } from '../../src/analysis/probes.js';
import type { HaSet } from '../../src/model/types.js';
import { compareAddr, comparePrefix, containsAddr, formatAddr, mustParsePrefix, networkAddr, prefixFrom, type Prefix } from '../../src/net/prefix.js';

const sortPrefixes = (ps: Prefix[]) => [...ps].sort((a, b) => compareAddr(networkAddr(a), networkAddr(b)) || a.bits - b.bits);

/** Walks the addresses of a small prefix one by one. */
function bruteForce(prefix: Prefix, all: readonly Prefix[]): string {
  const inside = all.filter((p) => p.family === prefix.family && p.bits > prefix.bits && p.start >= prefix.start && p.end <= prefix.end);
  for (let v = prefix.start; v <= prefix.end; v++) {
    const a = { family: prefix.family, value: v };
    if (!inside.some((p) => containsAddr(p, a))) return formatAddr(a);
  }
  return formatAddr(networkAddr(prefix));
}

describe('representative', () => {
  it('is the first address no more specific prefix takes away', () => {
    const all = sortPrefixes(['10.0.0.0/16', '10.0.0.0/24', '10.0.1.0/24', '10.0.3.0/24', '10.0.0.0/25', '192.168.0.0/24', 'fd00::/64'].map(mustParsePrefix));
    const rep = (p: string) => formatAddr(representative(mustParsePrefix(p), all));
    expect([rep('10.0.0.0/16'), rep('10.0.0.0/24'), rep('10.0.0.0/25'), rep('10.0.1.0/24'), rep('192.168.0.0/24'), rep('fd00::/64')]).toEqual(['10.0.2.0', '10.0.0.128', '10.0.0.0', '10.0.1.0', '192.168.0.0', 'fd00::']);
  });

  it('falls back to the network address when the prefix is covered entirely', () => {
    const all = sortPrefixes(['10.0.0.0/23', '10.0.0.0/24', '10.0.1.0/24'].map(mustParsePrefix));
    expect(formatAddr(representative(mustParsePrefix('10.0.0.0/23'), all))).toBe('10.0.0.0');
  });

  // IPv4 lists are read as numbers (made once per list); a default route is asked about a public
  // resolver no more specific prefix takes, else the first address none takes.
  it('a default route: the first public resolver no other prefix covers, else the first address left', () => {
    const rep = (list: string[]) => formatAddr(representative(mustParsePrefix(list[0]!), sortPrefixes(list.map(mustParsePrefix))));
    expect(rep(['0.0.0.0/0', '10.0.0.0/8', '::/0'])).toBe('8.8.8.8');
    expect(rep(['0.0.0.0/0', '8.8.8.0/24', '9.9.9.9/32'])).toBe('1.1.1.1');
    expect(rep(['0.0.0.0/0', '8.0.0.0/7', '1.1.1.1/32', '0.0.0.0/0'])).toBe('0.0.0.0');
    expect(rep(['0.0.0.0/0', '8.0.0.0/7', '1.1.1.0/24', '0.0.0.0/8', '0.0.0.0/0'])).toBe('1.0.0.0');
    expect(rep(['::/0', '2001:4860::/32', '10.0.0.0/8'])).toBe('2606:4700:4700::1111');
  });

  it('agrees with walking the addresses (random prefixes inside 10.0.0.0/20)', () => {
    const prefixArb = fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 32 })).map(([host, bits]) => prefixFrom({ family: 4, value: (10n << 24n) + BigInt(host) }, bits));
    fc.assert(
      fc.property(fc.array(prefixArb, { minLength: 1, maxLength: 12 }), fc.nat(), (ps, pick) => {
        const all = sortPrefixes(ps);
        const prefix = all[pick % all.length]!;
        expect(formatAddr(representative(prefix, all))).toBe(bruteForce(prefix, all));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with walking the addresses (random IPv6 prefixes under three /116s, two sharing their top 52 bits, one not)', () => {
    // IPv6 prefixes are searched by their top 52 bits first: here many share them and differ below.
    const base = 0x20010db8n << 96n;
    const prefixArb = fc
      .tuple(fc.constantFrom(base, base + (1n << 20n), base + (1n << 80n)), fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 116, max: 128 }))
      .map(([at, host, bits]) => prefixFrom({ family: 6, value: at + BigInt(host) }, bits));
    fc.assert(
      fc.property(fc.array(prefixArb, { minLength: 1, maxLength: 12 }), fc.nat(), (ps, pick) => {
        const all = sortPrefixes([...ps, mustParsePrefix('10.0.0.0/8')]);
        const prefix = ps[pick % ps.length]!;
        expect(formatAddr(representative(prefix, all))).toBe(bruteForce(prefix, all));
      }),
      { numRuns: 300 },
    );
  });

  it('found once per prefix, is what representative() finds, asked in any order, of equal prefixes too (random prefixes, a default route among them)', () => {
    const prefixArb = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 32 })).map(([host, bits]) => prefixFrom({ family: 4, value: (10n << 24n) + BigInt(host) }, bits)),
      fc.constantFrom('0.0.0.0/0', '8.8.8.0/24', '::/0', 'fd00::/64').map(mustParsePrefix),
    );
    fc.assert(
      fc.property(fc.array(prefixArb, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (ps, picks) => {
        const all = sortPrefixes(ps);
        for (const pick of picks) {
          // A copy of the prefix: equal prefixes of other sets are other objects.
          const prefix = { ...all[pick % all.length]! };
          expect(formatAddr(representativeOnce(prefix, all))).toBe(formatAddr(representative(prefix, all)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// A probe's text is read off its prefix's canonical text where the prefix is its own representative.
describe('probeOf', () => {
  it('names the address it asks about as formatAddr does (IPv4 and IPv6, nested or not, IPv4-mapped)', () => {
    const prefixArb = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 32 })).map(([host, bits]) => prefixFrom({ family: 4, value: (10n << 24n) + BigInt(host) }, bits)),
      fc.tuple(fc.bigInt({ min: 0n, max: (1n << 20n) - 1n }), fc.integer({ min: 100, max: 128 })).map(([host, bits]) => prefixFrom({ family: 6, value: (0xfd00n << 112n) + (host << 8n) }, bits)),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 104, max: 128 })).map(([host, bits]) => prefixFrom({ family: 6, value: (0xffffn << 32n) + (10n << 24n) + BigInt(host) }, bits)),
      fc.constantFrom('0.0.0.0/0', '::/0', 'fd00::/64', '2001:db8::/32').map(mustParsePrefix),
    );
    fc.assert(
      fc.property(fc.array(prefixArb, { minLength: 1, maxLength: 12 }), (ps) => {
        const all = sortPrefixes(ps);
        for (const prefix of all) {
          const probe = probeOf({ network: prefix, domains: null } as unknown as HaSet, all)!;
          if (probe.destination.kind !== 'ip') throw new Error('an IP probe expected');
          expect(probe.text).toBe(formatAddr(probe.destination.addr));
          expect(probe.destination.addr.value).toBe(representative(prefix, all).value);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// The matrix sorts the sets' prefixes with IPv4 ones as numbers: the same list as comparing them.
describe('sortedPrefixes', () => {
  const v4 = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([v, bits]) => prefixFrom({ family: 4, value: BigInt(v) }, bits));
  // Near 0.0.0.0 and 255.255.255.255 and at equal addresses, where a slip in the numbers would show.
  const v4Edge = fc.tuple(fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 256, 2 ** 32 - 1), fc.integer({ min: 0, max: 32 })).map(([v, bits]) => prefixFrom({ family: 4, value: BigInt(v) }, bits));
  const v6 = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 })).map(([v, bits]) => prefixFrom({ family: 6, value: v }, bits));
  // Sharing their top 52 bits (fd00::/52), apart only in the low ones, and equal ones.
  const v6Near = fc.tuple(fc.bigInt({ min: 0n, max: 255n }), fc.integer({ min: 52, max: 128 })).map(([v, bits]) => prefixFrom({ family: 6, value: (0xfd00n << 112n) + (v << 70n) + v }, bits));
  const sets = (ps: Prefix[]) => ps.map((network, i) => ({ network, key: `k${i}` }) as unknown as Parameters<typeof sortedPrefixes>[0][number]);

  it('orders as comparePrefix, equal prefixes in the order they came (random IPv4 and IPv6 prefixes, some sharing their top bits)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(v4, v4Edge, v6, v6Near), { maxLength: 40 }), (ps) => {
        const got = sortedPrefixes(sets(ps));
        const want = [...ps].sort(comparePrefix);
        // The same objects in the same order (a stable sort keeps equal prefixes as they came).
        expect(got.length).toBe(want.length);
        got.forEach((p, i) => expect(p).toBe(want[i]));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out domain sets', () => {
    const [a, b] = ['10.0.0.0/8', '::/0'].map(mustParsePrefix);
    const list = [{ network: b }, { network: null }, { network: a }] as unknown as Parameters<typeof sortedPrefixes>[0];
    expect(sortedPrefixes(list)).toEqual([a, b]);
  });
});

import { containsCidr, normalizeCidr, overlapCidr, parseCidr } from 'cidr-tools';
import fc from 'fast-check';
import IPCIDR from 'ip-cidr';
import { describe, expect, it } from 'vitest';
import {
  classifyAddr,
  comparePrefix,
  containsAddr,
  containsPrefix,
  formatAddr,
  mustParseAddr,
  mustParsePrefix,
  overlaps,
  parseAddr,
  parsePrefix,
  prefixFrom,
  type Addr,
  type Prefix,
} from '../../src/net/prefix.js';

describe('parsePrefix', () => {
  it.each([
    ['10.1.0.0/16', '10.1.0.0/16', false],
    ['10.1.2.3/16', '10.1.0.0/16', true],
    ['0.0.0.0/0', '0.0.0.0/0', false],
    ['1.2.3.4/0', '0.0.0.0/0', true],
    ['192.168.1.1/32', '192.168.1.1/32', false],
    ['::/0', '::/0', false],
    ['fd00::1/64', 'fd00::/64', true],
    ['2001:db8::/128', '2001:db8::/128', false],
    ['FD00:ABCD::/32', 'fd00:abcd::/32', false],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104', false],
  ])('%s is stored as %s (host bits %s)', (input, stored, hostBits) => {
    const r = parsePrefix(input);
    expect(r.ok && [r.value.prefix.text, r.value.hadHostBits]).toEqual([stored, hostBits]);
  });

  it.each([
    '10.0.0.1', // a bare address is not a prefix
    '192.168.0.0/34',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/08',
    '10.0.0.0/+8',
    '010.0.0.0/8', // leading zero: octal in some parsers, refused by netip
    '0x0a.0.0.0/8',
    '10.0.0/8',
    '10.0.0.256/32',
    'fe80::1%eth0/64',
    '',
    'not-a-prefix',
    '10.0.0.0/8/8',
  ])('refuses %j', (input) => {
    expect(parsePrefix(input).ok).toBe(false);
  });
});

describe('classifyAddr', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'unicast'],
    ['100.64.0.1', 'unicast'],
    ['2001:db8::1', 'unicast'],
  ])('%s is %s', (addr, cls) => {
    expect(classifyAddr(mustParseAddr(addr))).toBe(cls);
  });
});

// Arbitrary prefixes of both families, biased towards the edges (/0, /32, /128) and shared starts.
const v4Addr = fc.nat({ max: 0xffffffff }).map((n): Addr => ({ family: 4, value: BigInt(n) }));
const v6Addr = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((v): Addr => ({ family: 6, value: v }));
const v4Prefix = fc.tuple(v4Addr, fc.oneof(fc.constantFrom(0, 1, 8, 31, 32), fc.integer({ min: 0, max: 32 }))).map(([a, b]) => prefixFrom(a, b));
const v6Prefix = fc.tuple(v6Addr, fc.oneof(fc.constantFrom(0, 1, 64, 127, 128), fc.integer({ min: 0, max: 128 }))).map(([a, b]) => prefixFrom(a, b));
const anyPrefix = fc.oneof(v4Prefix, v6Prefix);
// Pairs that often nest: the second is derived from the first's start.
const relatedPair = fc.oneof(
  fc.tuple(anyPrefix, anyPrefix),
  fc.tuple(anyPrefix, fc.integer({ min: 0, max: 128 })).map(([p, bits]): [Prefix, Prefix] => [p, prefixFrom({ family: p.family, value: p.start }, Math.min(bits, p.family === 4 ? 32 : 128))]),
);

describe('prefix math against cidr-tools and ip-cidr', () => {
  it('parses and formats as cidr-tools normalizes', () => {
    fc.assert(
      fc.property(anyPrefix, (p) => {
        expect(mustParsePrefix(p.text).text).toBe(normalizeCidr(p.text));
        const parsed = parseCidr(p.text);
        expect([parsed.start, parsed.end]).toEqual([p.start, p.end]);
      }),
    );
  });

  it('has the same start and end as ip-cidr', () => {
    fc.assert(
      fc.property(anyPrefix, (p) => {
        const c = new IPCIDR(p.text);
        expect([c.start({ type: 'bigInteger' }), c.end({ type: 'bigInteger' })]).toEqual([p.start, p.end]);
      }),
    );
  });

  it('agrees with overlapCidr and containsCidr', () => {
    fc.assert(
      fc.property(relatedPair, ([a, b]) => {
        const sameFamily = a.family === b.family;
        expect(overlaps(a, b)).toBe(sameFamily && overlapCidr(a.text, b.text));
        expect(containsPrefix(a, b)).toBe(sameFamily && containsCidr(a.text, b.text));
      }),
    );
  });

  it('contains an address exactly when ip-cidr does', () => {
    fc.assert(
      fc.property(anyPrefix, fc.oneof(v4Addr, v6Addr), (p, addr) => {
        const expected = p.family === addr.family && new IPCIDR(p.text).contains(formatAddr(addr));
        expect(containsAddr(p, addr)).toBe(expected);
      }),
    );
  });

  it('round-trips addresses through text', () => {
    fc.assert(
      fc.property(fc.oneof(v4Addr, v6Addr), (addr) => {
        const back = parseAddr(formatAddr(addr));
        expect(back.ok && back.value).toEqual(addr);
      }),
    );
  });

  it('orders prefixes totally: antisymmetric, and parents sort before their children', () => {
    fc.assert(
      fc.property(relatedPair, ([a, b]) => {
        expect(Math.sign(comparePrefix(a, b)) + Math.sign(comparePrefix(b, a))).toBe(0);
        if (comparePrefix(a, b) === 0) expect(a.text).toBe(b.text);
        if (containsPrefix(a, b) && a.text !== b.text) expect(comparePrefix(a, b)).toBeLessThan(0);
      }),
    );
  });

  it('never overlaps across families', () => {
    fc.assert(
      fc.property(v4Prefix, v6Prefix, (a, b) => {
        expect([overlaps(a, b), containsPrefix(a, b), containsPrefix(b, a)]).toEqual([false, false, false]);
      }),
    );
  });
});

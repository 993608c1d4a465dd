import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDomain, domainListKey, MAX_LABEL_LENGTH, toPunycode } from '../../src/net/domain.js';

// NetBird's own domain pattern (shared/management/domain), used as an independent oracle for
// ASCII names. Its optional `xn--` prefix lets such labels reach 67 characters; routelint keeps
// the documented 63, so the oracle adds that limit.
const NETBIRD_PATTERN = /^(?:\*\.)?(?:(?:xn--)?[a-zA-Z0-9_](?:[a-zA-Z0-9-_]{0,61}[a-zA-Z0-9])?\.)*(?:xn--)?[a-zA-Z0-9](?:[a-zA-Z0-9-_]{0,61}[a-zA-Z0-9])?$/;
const oracle = (name: string): boolean => NETBIRD_PATTERN.test(name.toLowerCase()) && name.split('.').every((l) => l.length <= MAX_LABEL_LENGTH);

describe('toPunycode', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['Bücher.Example', 'xn--bcher-kva.example'],
    ['*.bücher.example', '*.xn--bcher-kva.example'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['中国.中国.中国', 'xn--fiqs8s.xn--fiqs8s.xn--fiqs8s'],
    ['XN--BCHER-KVA.example', 'xn--bcher-kva.example'],
    // ASCII names are not run through the URL host parser: no IPv4 rewriting, no percent-decoding.
    ['0x10.1', '0x10.1'],
    ['ex%41mple.com', 'ex%41mple.com'],
    // Nor are unicode names read as IPv4 addresses when their last label is a number.
    ['ç.0', 'xn--7ca.0'],
    ['１.２', '1.2'],
  ])('%s → %s', (input, want) => {
    expect(toPunycode(input)).toBe(want);
  });

  it.each([['xn--ü.example'], ['xn---a.example'], ['xn--zz.example'], ['bü%41.com']])('%s has no punycode form', (input) => {
    expect(toPunycode(input)).toBeNull();
  });
});

describe('checkDomain', () => {
  it.each([
    ['example.com', false],
    ['*.example.com', true],
    ['_jabber._tcp.gmail.com', false],
    ['sub.ex-ample.com', false],
    ['localhost', false],
    ['*.x', true],
  ])('%s is valid (wildcard %s)', (name, wildcard) => {
    expect(checkDomain(name)).toMatchObject({ ok: true, wildcard });
  });

  it.each([
    ['a.*.example.com', 'wildcard'],
    ['.*.example.com', 'wildcard'],
    ['*.*.x', 'wildcard'],
    ['*', 'wildcard'],
    ['-example.com', 'format'],
    ['example.com-', 'format'],
    ['invalid,nbdomain.com', 'format'],
    ['a..b', 'format'],
    ['', 'format'],
    ['xn--ü.example', 'punycode'],
  ])('%s is refused (%s)', (name, problem) => {
    expect(checkDomain(name)).toMatchObject({ ok: false, problem });
  });

  it('agrees with NetBird’s pattern on ASCII names', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9_*-]{0,6}$/);
    const longLabel = fc.integer({ min: 60, max: 66 }).map((n) => 'a'.repeat(n));
    const name = fc.array(fc.oneof({ weight: 5, arbitrary: label }, { weight: 1, arbitrary: longLabel }), { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
    fc.assert(
      fc.property(
        name.filter((n) => !n.toLowerCase().includes('xn--')),
        (n) => {
          expect(checkDomain(n).ok).toBe(oracle(n));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts every unicode name whose punycode form matches NetBird’s pattern', () => {
    const unicodeLabel = fc.stringMatching(/^[a-zäöüßéèçñ0-9]{1,10}$/);
    fc.assert(
      fc.property(fc.array(unicodeLabel, { minLength: 1, maxLength: 3 }), (labels) => {
        const n = labels.join('.');
        const result = checkDomain(n);
        const puny = toPunycode(n);
        expect(puny).not.toBeNull();
        expect(result.ok).toBe(oracle(puny!));
      }),
      { numRuns: 500 },
    );
  });
});

describe('domainListKey', () => {
  it('compares in order, in lower-case punycode', () => {
    expect(domainListKey(['Bücher.example', 'a.example'])).toBe(domainListKey(['xn--bcher-kva.example', 'A.example']));
    expect(domainListKey(['a.example', 'b.example'])).not.toBe(domainListKey(['b.example', 'a.example']));
  });
});

// parentIndexes: each prefix under the closest prefix containing it, checked against a brute-force
// search with cidr-tools' containsCidr as the containment oracle.
import { containsCidr } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parentIndexes } from '../../src/net/prefix-forest.js';
import { mustParsePrefix, type Prefix } from '../../src/net/prefix.js';
import { nestingPrefixes, sortedPrefixes as sorted } from '../support/prefixes.js';

/** The closest strict container of each prefix by trying every other one. */
function bruteParents(ps: readonly Prefix[]): number[] {
  return ps.map((p, i) => {
    let best = -1;
    ps.forEach((q, j) => {
      if (j === i || q.family !== p.family || q.text === p.text || !containsCidr(q.text, p.text)) return;
      if (best < 0 || q.bits > ps[best]!.bits) best = j;
    });
    return best;
  });
}

describe('parentIndexes', () => {
  it.each([
    [[], []],
    [['10.0.0.0/8'], [-1]],
    [['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16'], [-1, 0, 1, 0]],
    [['0.0.0.0/0', '10.0.0.0/8', '192.168.0.0/16'], [-1, 0, 0]],
    [['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/23'], [-1, -1, -1]],
    [['10.0.0.0/8', 'fd00::/8', 'fd00:1::/32'], [-1, -1, 1]],
    [['::/0', '::/1', '::ffff:10.0.0.0/104'], [-1, 0, 1]],
  ])('%j → %j', (texts, want) => {
    expect([...parentIndexes(sorted(texts))]).toEqual(want);
  });

  it('refuses prefixes out of order', () => {
    expect(() => parentIndexes([mustParsePrefix('10.1.0.0/16'), mustParsePrefix('10.0.0.0/8')])).toThrow(/out of order: 10.1.0.0\/16 before 10.0.0.0\/8/);
  });

  it('finds the closest containing prefix, as a search of every pair does', () => {
    fc.assert(
      fc.property(nestingPrefixes, (raw) => {
        const ps = sorted(raw.map((p) => p.text));
        expect([...parentIndexes(ps)]).toEqual(bruteParents(ps));
      }),
      { numRuns: 300 },
    );
  });
});

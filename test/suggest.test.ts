// The one suggestion helper (src/suggest.ts): which known names count as near a typed one, in what
// order, and the properties every message relies on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanText, MAX_SUGGESTIONS, nearestItems, nearness, suggestNames, tolerance, unknownNamesText } from '../src/suggest.js';

const PEERS = ['alice-mbp', 'alice-mbp2', 'bob-laptop', 'gw-ham-1', 'gw-ham-2', 'gw-berlin-1', 'laptop-anna', 'laptop-ben', 'laptop-chen'];
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'];
const RULES = ['metric-conflict', 'metric-range', 'overlapping-networks', 'ha-group-empty', 'ha-single-peer'];

describe('suggestNames', () => {
  it.each([
    // [typed, known names, suggestions]
    ['alice-mpb', PEERS, ['alice-mbp']], // two swapped letters are one slip
    ['gw-ham-3', PEERS, ['gw-ham-1', 'gw-ham-2']], // ties are all listed, by name
    ['gw-ham', PEERS, ['gw-ham-1', 'gw-ham-2']], // a prefix
    ['laptop', PEERS, ['laptop-anna', 'laptop-ben', 'laptop-chen']],
    ['anna', PEERS, ['laptop-anna']], // part of a name
    ['laptop-ana', PEERS, ['laptop-anna']], // only the nearest, not laptop-ben three edits away
    ['ALICE-MBP', PEERS, ['alice-mbp']], // case alone
    ['zzzzzz', PEERS, []],
    ['jsn', FORMATS, ['json']],
    ['sarfi', FORMATS, ['sarif']],
    ['xml', FORMATS, []],
    ['metric-conflit', RULES, ['metric-conflict']],
    ['enginering', ['engineering', 'everyone', 'ops'], ['engineering']],
    ['formt', ['format', 'output', 'config', 'quiet'], ['format']],
    ['exit-mars', ['exit-eu', 'exit-us'], []], // a different word after a shared prefix is not a typo
    ['100.80.10.11', ['100.80.10.1', '100.80.20.1'], ['100.80.10.1']],
    ['json', FORMATS, ['json']], // a known name is its own answer
  ])('%s → %j', (typed, names, expected) => {
    expect(suggestNames(typed, names)).toEqual(expected);
  });

  it('lists each name once and at most MAX_SUGGESTIONS', () => {
    expect(suggestNames('gw-ham-3', ['gw-ham-1', 'gw-ham-1', 'gw-ham-2'])).toEqual(['gw-ham-1', 'gw-ham-2']);
    expect(suggestNames('node', ['node-1', 'node-2', 'node-3', 'node-4', 'node-5'])).toHaveLength(MAX_SUGGESTIONS);
  });

  const name = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,14}$/);

  it('never suggests another name for a name that is known', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 20 }), fc.nat(), (names, i) => {
        const typed = names[i % names.length]!;
        expect(suggestNames(typed, names)).toEqual([typed]);
        expect(didYouMean(typed, names)).toBe('');
      }),
    );
  });

  it('answers the same whatever the order of the known names, sorted by nearness then name', () => {
    fc.assert(
      fc.property(name, fc.uniqueArray(name, { maxLength: 30 }), fc.nat(), (typed, names, seed) => {
        const answer = suggestNames(typed, names);
        const shuffled = [...names].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (a < b ? 1 : -1));
        expect(suggestNames(typed, shuffled)).toEqual(answer);
        expect(answer.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
        const scores = answer.map((n) => nearness(typed, n));
        for (const s of scores) expect(s).not.toBeNull();
        // Only the nearest kind: one score, and the names in order.
        if (!names.includes(typed)) expect(new Set(scores).size).toBeLessThanOrEqual(1);
        expect([...answer].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(answer);
        // No known name is nearer than the suggested ones.
        if (answer.length > 0 && !names.includes(typed)) for (const n of names) expect(nearness(typed, n) ?? Infinity).toBeGreaterThanOrEqual(scores[0]!);
      }),
    );
  });

  it('finds a name with one edit of one in four characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4,20}$/), fc.nat(), fc.constantFrom('a', 'q', 'z'), (known, at, letter) => {
        const i = at % known.length;
        const typed = known.slice(0, i) + letter + known.slice(i + 1);
        fc.pre(typed !== known);
        expect(tolerance(typed)).toBeGreaterThanOrEqual(1);
        expect(suggestNames(typed, [known, 'x'.repeat(known.length + 9)])).toEqual([known]);
      }),
    );
  });
});

describe('nearestItems', () => {
  it('finds an item by any of its names and reports the name that came nearest', () => {
    const peers = [
      { id: 'p1', names: ['p1', 'alice-mbp', 'alice-mbp.netbird.cloud', '100.80.10.1'] },
      { id: 'p2', names: ['p2', 'gw-ham-1', 'gw-ham-1.netbird.cloud', '100.80.0.1'] },
    ];
    expect(nearestItems('alice-mbp.netbird.clod', peers, (p) => p.names).map((n) => [n.item.id, n.name])).toEqual([['p1', 'alice-mbp.netbird.cloud']]);
    expect(nearestItems('100.80.0.2', peers, (p) => p.names).map((n) => [n.item.id, n.name])).toEqual([['p2', '100.80.0.1']]);
  });
});

describe('message texts', () => {
  it('quotes the names', () => {
    expect(didYouMeanText([])).toBe('');
    expect(didYouMeanText(['a'])).toBe('did you mean "a"?');
    expect(didYouMeanText(['a', 'b'])).toBe('did you mean "a" or "b"?');
    expect(didYouMeanText(['a', 'b', 'c'])).toBe('did you mean "a", "b" or "c"?');
    expect(didYouMean('jsn', FORMATS)).toBe(' (did you mean "json"?)');
  });

  it('names each unknown name with its suggestion, then the known ones', () => {
    expect(unknownNamesText('key', ['rulez'], ['rules', 'ignore'])).toBe('unknown key "rulez" (did you mean "rules"?); expected rules, ignore');
    expect(unknownNamesText('key', ['rulez', 'zzz'], ['rules', 'ignore'])).toBe('unknown keys "rulez" (did you mean "rules"?), "zzz"; expected rules, ignore');
  });
});

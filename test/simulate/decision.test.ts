// The decision as data: where a candidate stands after its set's choice (score.ts), and which
// installed set carries the destination (select.ts), without any prose.
import { describe, expect, it } from 'vitest';
import type { SimRoute, SimSet } from '../../src/simulate/distribution.js';
import { chooseInHaSet, standingOf, type ScoredCandidate } from '../../src/simulate/score.js';
import { decide, type InstalledSet } from '../../src/simulate/select.js';

const candidate = (peerId: string, score: number | null): ScoredCandidate<string> => ({ item: `${peerId}-route`, peerId, score });

describe('standingOf', () => {
  const a = candidate('a', 100_010.5);
  const b = candidate('b', 100_010.505);
  const c = candidate('c', 100_000.5);
  it.each([
    ['no current route: the best wins, the others score lower', null, [['a', 'lower-score'], ['b', 'winner'], ['c', 'lower-score']]],
    ['the current route is kept: the better one is within the margin', 'a', [['a', 'winner'], ['b', 'within-stickiness-margin'], ['c', 'lower-score']]],
    ['a current route that scores lowest is replaced', 'c', [['a', 'lower-score'], ['b', 'winner'], ['c', 'lower-score']]],
  ] as const)('%s', (_, current, expected) => {
    const choice = chooseInHaSet([a, b, c], current);
    expect([a, b, c].map((x) => [x.peerId, standingOf(choice, x.item, x.score!)])).toEqual(expected);
  });
});

/** A set of one rank whose choice has the given winning peers (none: no available peer); `local`: the source serves it. */
function installed(key: string, rank: number, winners: string[], local = false): InstalledSet {
  const set = { key } as SimSet;
  const route = (peerId: string) => ({ item: { peerId, id: key, networkId: key } as unknown as SimRoute, peerId, score: 1 });
  if (local) return { set, rank, local: [route('src').item], choice: null };
  const choice = winners.length === 0 ? ({ kind: 'none' } as const) : winners.length === 1 ? ({ kind: 'chosen', winners: winners.map(route), best: 1, kept: false } as const) : ({ kind: 'tied', winners: winners.map(route), best: 1 } as const);
  return { set, rank, local: [], choice };
}

describe('decide', () => {
  const summary = (sets: InstalledSet[]) => {
    const d = decide(sets);
    const keys = (tier: readonly InstalledSet[]) => tier.map((s) => s.set.key);
    switch (d.kind) {
      case 'no-route':
        return { kind: d.kind };
      case 'local':
        return { kind: d.kind, top: keys(d.top.slice(0, d.top.length)), via: d.via.set.key };
      case 'no-peer':
        return { kind: d.kind, top: keys(d.top), fallenThrough: d.fallenThrough.map(keys) };
      case 'routed':
        return { kind: d.kind, top: keys(d.top), fallenThrough: d.fallenThrough.map(keys), deciding: keys(d.deciding), peerIds: d.peerIds, nondeterministic: d.nondeterministic };
    }
  };
  it.each([
    ['nothing installed', [], { kind: 'no-route' }],
    ['the longest prefix wins', [installed('wide', 16, ['p1']), installed('narrow', 24, ['p2'])], { kind: 'routed', top: ['narrow'], fallenThrough: [], deciding: ['narrow'], peerIds: ['p2'], nondeterministic: false }],
    ['a set without a peer falls through to the broader one', [installed('wide', 16, ['p1']), installed('narrow', 24, [])], { kind: 'routed', top: ['narrow'], fallenThrough: [['narrow']], deciding: ['wide'], peerIds: ['p1'], nondeterministic: false }],
    ['no set has a peer', [installed('wide', 16, []), installed('narrow', 24, [])], { kind: 'no-peer', top: ['narrow'], fallenThrough: [['narrow'], ['wide']] }],
    ['the source serves the most specific set', [installed('wide', 16, ['p1']), installed('own', 24, [], true)], { kind: 'local', top: ['own'], via: 'own' }],
    ['identical prefixes choosing different peers conflict', [installed('b', 24, ['p2']), installed('a', 24, ['p1'])], { kind: 'routed', top: ['a', 'b'], fallenThrough: [], deciding: ['a', 'b'], peerIds: ['p1', 'p2'], nondeterministic: true }],
    ['identical prefixes choosing the same peer agree', [installed('b', 24, ['p1']), installed('a', 24, ['p1'])], { kind: 'routed', top: ['a', 'b'], fallenThrough: [], deciding: ['a', 'b'], peerIds: ['p1'], nondeterministic: false }],
    ['an exact tie is nondeterministic', [installed('t', 24, ['p1', 'p2'])], { kind: 'routed', top: ['t'], fallenThrough: [], deciding: ['t'], peerIds: ['p1', 'p2'], nondeterministic: true }],
  ] as const)('%s', (_, sets, expected) => {
    expect(summary([...sets])).toEqual(expected);
  });
});

// The limits of a diff: the first --max-changes changes listed, the largest audience first, the
// rest counted; the first --max-sources members named in each change, the rest counted. Tables
// on one account with a known number of changes, and a property over random accounts: what is
// listed and what is left out add up to what an unlimited diff finds, in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../rules/index.js';
import { compareBehaviour } from '../../src/diff/behaviour.js';
import { diffExports } from '../../src/diff/index.js';
import { sourceCount } from '../../src/diff/describe.js';
import { listingCeiling } from '../../src/diff/selection.js';
import { loadConfig } from '../../src/engine/config.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { loadedOf } from '../support/diff.js';

/** Ten prefixes, each distributed to a group of `size(i)` members: disabling all of them makes ten changes of known audiences. */
function account(enabled: boolean): Bundle {
  const peers = Array.from({ length: 40 }, (_, i) => peer({ id: `p-${String(i).padStart(2, '0')}`, ip: `100.64.0.${i + 1}` }));
  const size = (i: number) => 4 + (i % 5) * 4; // 4, 8, 12, 16, 20, twice each
  const groups = Array.from({ length: 10 }, (_, i) => group(`g-${i}`, `team-${i}`, peers.slice(0, size(i)).map((p) => p.id as string)));
  return {
    routes: [
      ...Array.from({ length: 10 }, (_, i) => route({ id: `r-${i}`, network: `10.${i}.0.0/16`, network_id: `net-${i}`, peer: 'p-gw', groups: [`g-${i}`], enabled })),
    ],
    groups: [group('g-all', 'All', [...peers.map((p) => p.id as string), 'p-gw']), group('g-gw', 'gw', ['p-gw']), ...groups],
    peers: [...peers, peer({ id: 'p-gw', ip: '100.64.1.1' })],
    policies: [policy({ id: 'pol-all', sources: ['g-all'], destinations: ['g-all'] })],
  };
}

const config = loadConfig(null, rulesById);
const diff = (maxChanges?: number, maxSources?: number) => diffExports(loadedOf(account(true), 'old'), loadedOf(account(false), 'new'), rules, config, { maxChanges, maxSources });

describe('--max-changes and --max-sources', () => {
  // [maxChanges, maxSources] → [listed, behaviourChangesLeftOut, sources of the first change, its sourcesLeftOut, changesWithSourcesLeftOut]
  const table: [number | undefined, number | undefined, number, number, number, number | undefined, number][] = [
    [undefined, undefined, 10, 0, 20, undefined, 0],
    [0, 0, 10, 0, 20, undefined, 0],
    [3, 0, 3, 7, 20, undefined, 0],
    [1, 5, 1, 9, 5, 15, 1],
    [10, 12, 10, 0, 12, 8, 4],
    [11, 20, 10, 0, 20, undefined, 0],
  ];
  it.each(table)('max-changes %s, max-sources %s: %i listed, %i left out', (maxChanges, maxSources, listed, leftOut, firstSources, firstLeftOut, withSourcesLeftOut) => {
    const d = diff(maxChanges, maxSources);
    expect(d.behaviour).toHaveLength(listed);
    expect(d.summary).toMatchObject({ behaviourChanges: 10, behaviourChangesLeftOut: leftOut, changesWithSourcesLeftOut: withSourcesLeftOut, routingChanged: true });
    expect([d.behaviour[0]!.sources.length, d.behaviour[0]!.sourcesLeftOut]).toEqual([firstSources, firstLeftOut]);
    expect(d.behaviour.every((c) => sourceCount(c) === c.members)).toBe(true);
  });

  it('lists the largest audience first, then by destination', () => {
    const d = diff(0, 0);
    expect(d.behaviour.map((c) => [c.members, c.destination])).toEqual([
      [20, '10.4.0.0/16'],
      [20, '10.9.0.0/16'],
      [16, '10.3.0.0/16'],
      [16, '10.8.0.0/16'],
      [12, '10.2.0.0/16'],
      [12, '10.7.0.0/16'],
      [8, '10.1.0.0/16'],
      [8, '10.6.0.0/16'],
      [4, '10.0.0.0/16'],
      [4, '10.5.0.0/16'],
    ]);
  });

  it('names the members left out by count in the message', () => {
    const d = diff(1, 2);
    expect(d.behaviour[0]!.sources.map((s) => s.id)).toEqual(['p-00', 'p-01']);
    expect(d.behaviour[0]!.sourcesLeftOut).toBe(18);
  });
});

/** Runs `check` with the ceiling on what one diff lists set to `changes` and `names`. */
function withCeiling<T>(changes: number, names: number, check: () => T): T {
  const saved = { ...listingCeiling };
  Object.assign(listingCeiling, { changes, names });
  try {
    return check();
  } finally {
    Object.assign(listingCeiling, saved);
  }
}

describe('the ceiling on what one diff lists, whatever --max-changes and --max-sources ask', () => {
  // The ten changes name 20, 20, 16, 16, 12, … members and one cause each (the route disabled).
  // [ceiling changes, ceiling names, maxChanges, maxSources] → [listed, ceiling reached]
  const table: [number, number, number, number, number, boolean][] = [
    [3, 1e9, 0, 0, 3, true],
    [3, 1e9, 2, 0, 2, false],
    [3, 1e9, 3, 0, 3, false],
    [100, 44, 0, 0, 2, true],
    [100, 43, 0, 0, 1, true],
    [100, 22, 0, 0, 1, true],
    [100, 21, 0, 0, 0, true],
    [100, 44, 0, 1, 10, false],
    [100, 44, 1, 0, 1, false],
  ];
  it.each(table)('ceiling of %i changes and %i names, max-changes %i, max-sources %i: %i listed', (changes, names, maxChanges, maxSources, listed, reached) => {
    const d = withCeiling(changes, names, () => diff(maxChanges, maxSources));
    expect(d.behaviour).toHaveLength(listed);
    expect(d.summary).toMatchObject({ behaviourChanges: 10, behaviourChangesLeftOut: 10 - listed, listingCeilingReached: reached, routingChanged: true });
    expect(d.behaviour.map((c) => c.destination)).toEqual(diff(0, 0).behaviour.slice(0, listed).map((c) => c.destination));
  });
});

describe('limits over random accounts', () => {
  const peerIds = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
  const groupIds = ['g-0', 'g-1', 'g-2'];
  const routeArb = fc.record({
    target: fc.constantFrom('10.0.0.0/16', '10.0.1.0/24', '10.1.0.0/16', '0.0.0.0/0'),
    peer: fc.constantFrom(...peerIds),
    metric: fc.constantFrom(10, 20),
    groups: fc.subarray(groupIds, { minLength: 1 }),
    enabled: fc.boolean(),
  });
  const accountArb = fc.record({ routes: fc.array(routeArb, { minLength: 1, maxLength: 6 }), members: fc.tuple(...groupIds.map(() => fc.subarray(peerIds))) });
  const bundleOf = (s: { routes: { target: string; peer: string; metric: number; groups: string[]; enabled: boolean }[]; members: string[][] }): Bundle => ({
    routes: s.routes.map((r, i) => route({ id: `r-${i}`, network: r.target, network_id: `n-${i % 3}`, peer: r.peer, metric: r.metric, groups: r.groups, enabled: r.enabled })),
    groups: [group('g-all', 'All', peerIds), ...groupIds.map((g, i) => group(g, g, s.members[i]!))],
    peers: peerIds.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` })),
    policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
  });

  it('listed + left out = total, in the unlimited order, and each capped source list counts its true members', () => {
    fc.assert(
      fc.property(accountArb, accountArb, fc.nat(4), fc.nat(3), (a, b, maxChanges, maxSources) => {
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(b), 'new').model;
        const all = compareBehaviour(before, after, { maxChanges: 0, maxSources: 0 });
        const some = compareBehaviour(before, after, { maxChanges, maxSources });
        expect(all.behaviour).toHaveLength(all.behaviourTotal);
        expect(some.behaviourTotal).toBe(all.behaviourTotal);
        expect(some.behaviour.length).toBe(maxChanges === 0 ? all.behaviourTotal : Math.min(maxChanges, all.behaviourTotal));
        expect(some.exitNodeTotal).toBe(all.exitNodeTotal);
        some.behaviour.forEach((c, i) => {
          const full = all.behaviour[i]!;
          expect([c.kind, c.destination, c.group, c.old, c.new]).toEqual([full.kind, full.destination, full.group, full.old, full.new]);
          expect(sourceCount(c)).toBe(full.sources.length);
          expect(c.sources).toEqual(full.sources.slice(0, maxSources === 0 ? undefined : maxSources));
          expect(c.sourcesLeftOut ?? 0).toBe(full.sources.length - c.sources.length);
        });
        // The total order: the largest audience first.
        for (let i = 1; i < all.behaviour.length; i++) expect(all.behaviour[i - 1]!.sources.length).toBeGreaterThanOrEqual(all.behaviour[i]!.sources.length);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

// bench/profile.ts reads a V8 CPU profile: self time is the sampled leaf's, inclusive time every
// function on the stack once (recursion counted once), `under` keeps the samples below a function.
import { describe, expect, it } from 'vitest';
import { frameName, lineTicks, summarize, type CpuProfile } from '../../bench/profile.js';

const frame = (functionName: string, lineNumber = 0) => ({ functionName, url: `file:///x/dist/src/${functionName || 'anon'}.js`, lineNumber });

// root → main → walk → walk (recursive) → leaf; main → other.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2] },
    { id: 2, callFrame: frame('main'), children: [3, 6] },
    { id: 3, callFrame: frame('walk', 9), children: [4] },
    { id: 4, callFrame: frame('walk', 9), children: [5], positionTicks: [{ line: 12, ticks: 3 }, { line: 11, ticks: 1 }] },
    { id: 5, callFrame: frame('leaf'), positionTicks: [] },
    { id: 6, callFrame: frame(''), positionTicks: [{ line: 2, ticks: 4 }] },
  ],
  // Microseconds: 4 ms in leaf, 3 ms in the inner walk, 2 ms in the anonymous function, 1 ms in main.
  samples: [5, 5, 4, 6, 2, 5, 4, 4, 6, 5],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

const asObject = (rows: readonly (readonly [string, number])[]) => Object.fromEntries(rows);

describe('a CPU profile summed up', () => {
  it('gives self time to the leaf and inclusive time to each function on the stack once', () => {
    const s = summarize(profile);
    expect(s.totalMs).toBe(10);
    expect(asObject(s.self)).toEqual({ [frameName(frame('leaf'))]: 4, [frameName(frame('walk', 9))]: 3, [frameName(frame(''))]: 2, [frameName(frame('main'))]: 1 });
    const inclusive = asObject(s.inclusive);
    expect([inclusive[frameName(frame('main'))], inclusive[frameName(frame('walk', 9))], inclusive[frameName(frame('leaf'))]]).toEqual([10, 7, 4]);
    expect(s.self[0]![0]).toBe('leaf src/leaf.js:1');
  });

  it('keeps only the samples under a function when asked', () => {
    const s = summarize(profile, 'walk');
    expect(s.totalMs).toBe(7);
    expect(asObject(s.self)[frameName(frame(''))]).toBeUndefined();
  });

  it('counts the ticks of a function by line, most first', () => {
    expect(lineTicks(profile, 'walk')).toEqual([[12, 3], [11, 1]]);
    expect(lineTicks(profile, 'none')).toEqual([]);
  });
});

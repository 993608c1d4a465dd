// `at_least` in assertions files: what it reads, and how many members it then needs.
import { describe, expect, it } from 'vitest';
import { shareOf } from '../../src/assertions/load.js';
import { requiredOf } from '../../src/assertions/run.js';

describe('shareOf', () => {
  it.each([
    ['90%', { percent: 90 }],
    ['100%', { percent: 100 }],
    ['12.5 %', { percent: 12.5 }],
    [3, { count: 3 }],
    ['3', { count: 3 }],
    ['0%', null],
    ['101%', null],
    [0, null],
    [1.5, null],
    ['most', null],
    [true, null],
  ])('%s', (value, share) => {
    expect(shareOf(value)).toEqual(share);
  });
});

describe('requiredOf', () => {
  it.each([
    [undefined, 7, 7],
    [{ percent: 90 }, 10, 9],
    [{ percent: 90 }, 11, 10],
    [{ percent: 50 }, 3, 2],
    [{ percent: 100 }, 3, 3],
    [{ percent: 33.3 }, 3, 1],
    [{ count: 2 }, 5, 2],
    [{ count: 9 }, 5, 9],
  ])('%j of %d members needs %d', (share, checked, required) => {
    expect(requiredOf(share, checked)).toBe(required);
  });
});

// nameList: the one way rule messages and the report shorten a list of names.
import { describe, expect, it } from 'vitest';
import { nameList, type NameListOptions } from '../../src/model/describe.js';

describe('nameList', () => {
  it.each<[string[], NameListOptions, string]>([
    [[], {}, ''],
    [['a'], {}, 'a'],
    [['a', 'b', 'c'], {}, 'a, b, c'],
    [['a', 'b', 'c', 'd'], {}, 'a, b, c, …'],
    [['a', 'b', 'c'], { total: 7 }, 'a, b, c, …'],
    [['a', 'b'], { total: 2 }, 'a, b'],
    [['a', 'b', 'c', 'd'], { limit: 2, countRest: true }, 'a, b, … (2 more)'],
    [['a', 'b', 'c'], { total: 5, countRest: true }, 'a, b, c, … (2 more)'],
    [['a', 'b'], { limit: 2, countRest: true }, 'a, b'],
  ])('nameList(%j, %j)', (names, options, expected) => {
    expect(nameList(names, options)).toBe(expected);
  });
});

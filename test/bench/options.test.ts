import { describe, expect, it } from 'vitest';
import { OptionError, parseOptions } from '../../bench/options.js';

describe('the bench command line', () => {
  it.each([
    { argv: ['--help'], sizes: null },
    { argv: ['-h'], sizes: null },
    { argv: ['--sizes', '1000,10000', '--help'], sizes: null },
    { argv: ['--sizes', '1000,10000'], sizes: [1000, 10000] },
    { argv: [], sizes: [1000, 10000, 100000] },
  ])('$argv', ({ argv, sizes }) => {
    expect(parseOptions(argv)?.sizes ?? null).toEqual(sizes);
  });

  it('skips the shared-prefixes shape with --no-shared-prefixes only', () => {
    expect([parseOptions([])!.sharedPrefixes, parseOptions(['--no-shared-prefixes'])!.sharedPrefixes, parseOptions(['--no-mixed'])!.sharedPrefixes]).toEqual([true, false, true]);
  });

  it('skips the big-peer-groups shape with --no-big-groups only', () => {
    expect([parseOptions([])!.bigGroups, parseOptions(['--no-big-groups'])!.bigGroups, parseOptions(['--no-shared-prefixes'])!.bigGroups]).toEqual([true, false, true]);
  });

  it.each([[['--bogus']], [['--sizes', 'x']]])('refuses %j as an option error', (argv) => {
    expect(() => parseOptions(argv)).toThrow(OptionError);
  });
});

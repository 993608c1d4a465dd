// The plain `routelint lint` fast path reads what yargs would read, and leaves the rest to yargs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainLintArgs } from '../../src/cli-plain.js';
import { runCli, tempDir } from './run.js';

const base = { timeout: 30, retries: 4, format: 'stylish', output: undefined, config: undefined, rule: [], quiet: false, maxWarnings: -1, baseline: undefined, updateBaseline: false, hook: false, verbose: false };

describe('plainLintArgs', () => {
  it.each([
    [['lint', 'fixtures/demo'], { paths: ['fixtures/demo'] }],
    [['lint', 'a.json', 'b.yaml'], { paths: ['a.json', 'b.yaml'] }],
    [['lint', '-f', 'json', 'x.json'], { paths: ['x.json'], format: 'json' }],
    [['lint', 'x.json', '--format', 'sarif', '-o', 'out.sarif'], { paths: ['x.json'], format: 'sarif', output: 'out.sarif' }],
    [['lint', 'x.json', '--quiet', '--max-warnings', '0'], { paths: ['x.json'], quiet: true, maxWarnings: 0 }],
    [['lint', 'x.json', '-c', 'cfg.yaml', '--baseline', 'b.json', '--update-baseline'], { paths: ['x.json'], config: 'cfg.yaml', baseline: 'b.json', updateBaseline: true }],
    [['lint', '--hook', 'netbird/groups.json', 'netbird/routes.json'], { paths: ['netbird/groups.json', 'netbird/routes.json'], hook: true }],
    [['lint', 'x.json', '--verbose'], { paths: ['x.json'], verbose: true }],
  ])('%j', (argv, expected) => {
    expect(plainLintArgs(argv)).toEqual({ ...base, ...expected });
  });

  it.each([
    [['simulate', 'x']],
    [['lint']],
    [['lint', '--help']],
    [['lint', 'x.json', '--format=json']],
    [['lint', 'x.json', '-f', 'yaml']],
    [['lint', 'x.json', '-f', 'json', '-f', 'sarif']],
    [['lint', 'x.json', '--rule', 'metric-range:off']],
    [['lint', 'x.json', '--url', 'https://api.netbird.io']],
    [['lint', 'x.json', '--quiet', 'false']],
    [['lint', 'x.json', '--hook', 'true']],
    [['lint', 'x.json', '--max-warnings', '-1']],
    [['lint', 'x.json', '--max-warnings', '1.5']],
    [['lint', 'x.json', '-o']],
    [['lint', 'x.json', '-o', '-']],
    [['lint', '2024.json']],
    [['lint', 'x.json', '--maxWarnings', '3']],
    [['lint', 'x.json', '--', 'y.json']],
  ])('leaves %j to yargs', (argv) => {
    expect(plainLintArgs(argv)).toBeNull();
  });
});

describe('the fast path and yargs give the same run', () => {
  it.each([
    [['-f', 'json'], ['--format=json']],
    [['-f', 'json', '--quiet'], ['--format=json', '--quiet=true']],
    [['-f', 'json', '--max-warnings', '0'], ['--format=json', '--max-warnings=0']],
    [[], ['--format=stylish']],
    [['-f', 'json', '--hook'], ['--format=json', '--hook=true']],
    [['--verbose'], ['--verbose=true']],
  ])('%j and %j', (plain, viaYargs) => {
    const a = runCli(['lint', 'fixtures/demo', ...plain]);
    const b = runCli(['lint', 'fixtures/demo', ...viaYargs]);
    expect([a.status, a.stdout, a.stderr]).toEqual([b.status, b.stdout, b.stderr]);
  });

  it('writes the same report with -o', () => {
    const dir = tempDir();
    const a = runCli(['lint', 'fixtures/demo', '-f', 'json', '-o', `${dir}/a.json`]);
    const b = runCli(['lint', 'fixtures/demo', '--format=json', `--output=${dir}/b.json`]);
    expect([a.status, a.stdout]).toEqual([b.status, b.stdout]);
    expect(readFileSync(`${dir}/a.json`, 'utf8')).toBe(readFileSync(`${dir}/b.json`, 'utf8'));
  });
});

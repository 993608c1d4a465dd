// Long runs of `diff` and `simulate --from-group` show how far they are on a terminal (a diff of
// 100,000 routes runs for a minute or more), and nothing off one; a run that fails while the bar is
// drawn clears it first, so its one error line starts at the margin. The terminal is a real
// pseudo-terminal from util-linux `script`, as a person's shell gives.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { BIN, ensureBuilt } from '../support/build.js';
import { editedExports, HAS_SCRIPT, runCli, tempDir } from './run.js';

beforeAll(() => ensureBuilt(), 180_000);

/** Runs a shell command line on a pseudo-terminal; `script` passes the exit status on (-e). */
function onTerminal(command: string): { status: number | null; output: string } {
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: r.status, output: r.stdout };
}

const routelint = `${process.execPath} ${BIN}`;

/** The bar's states as drawn: [percent, label], in order. */
function barStates(output: string): [number, string][] {
  return [...output.matchAll(/\r\[[= ]{24}\] +(\d+)% ([^\r\x1b]*)\x1b\[K/g)].map((m) => [Number(m[1]), m[2]!]);
}

/** Two exports big enough that a diff shows its bar at once (4 MB together). */
function bigPair(): { dir: string; old: string; neu: string } {
  const dir = tempDir();
  const { old, neu } = editedExports(dir, generateAccount(2500, 5));
  expect(statSync(old).size + statSync(neu).size).toBeGreaterThan(4e6);
  return { dir, old, neu };
}

describe.skipIf(!HAS_SCRIPT)('progress on a terminal', () => {
  it('diff: reading, linting, then destinations counted up to their total, and the bar cleared before the exit', () => {
    const { dir, old, neu } = bigPair();
    const out = join(dir, 'diff.json');
    const r = onTerminal(`${routelint} diff ${old} ${neu} -f json -o ${out}`);
    expect(r.status).toBe(1);
    const states = barStates(r.output);
    expect(states[0]).toEqual([0, `reading ${old}`]);
    const percents = states.map(([p]) => p);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const destinations = states.map(([, label]) => /^([\d,]+) of ([\d,]+) destinations$/.exec(label)).filter((m) => m !== null);
    expect(destinations.length).toBeGreaterThan(1);
    const totals = new Set(destinations.map((m) => m[2]));
    expect(totals.size).toBe(1);
    const done = destinations.map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(done[0]).toBe(0);
    expect(done.every((n) => n < Number([...totals][0]!.replace(/,/g, '')))).toBe(true);
    // Cleared after its last state: nothing of the bar is left on the line, only a line of stderr may follow.
    expect(r.output).toMatch(/\x1b\[K\r\x1b\[K(routelint: [^\r\n]*\r?\n)?$/);
    // The diff written is the one written off a terminal.
    const plain = join(dir, 'plain.json');
    const off = runCli(['diff', old, neu, '-f', 'json', '-o', plain]);
    expect([off.status, off.stderr]).toEqual([1, '']);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(plain, 'utf8'));
  }, 180_000);

  it('simulate --from-group: members counted up to the group size; none off a terminal', () => {
    const { dir, old } = bigPair();
    const out = join(dir, 'answer.json');
    const r = onTerminal(`${routelint} simulate ${old} --ip 8.8.8.8 --from-group All -f json -o ${out}`);
    expect(r.status).toBe(0);
    const members = (JSON.parse(readFileSync(out, 'utf8')) as { summary: { members: number } }).summary.members;
    const counted = barStates(r.output)
      .map(([, label]) => /^([\d,]+) of ([\d,]+) members$/.exec(label))
      .filter((m) => m !== null);
    expect(counted.length).toBeGreaterThan(1);
    expect(counted.map((m) => Number(m[2]!.replace(/,/g, '')))).toEqual(counted.map(() => members));
    const off = runCli(['simulate', old, '--ip', '8.8.8.8', '--from-group', 'All', '-f', 'json', '-o', join(dir, 'plain.json')]);
    expect([off.status, off.stderr]).toEqual([0, '']);
  }, 180_000);

  it('a run that fails with the bar drawn clears it: the error line starts at the margin', () => {
    const { dir, old } = bigPair();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(old, 'utf8').slice(0, 3e6));
    const r = onTerminal(`${routelint} diff ${old} ${broken}`);
    expect(r.status).toBe(2);
    expect(barStates(r.output).length).toBeGreaterThan(0);
    // The bar's last state, cleared, then the one error line.
    expect(r.output).toMatch(/\x1b\[K\r\x1b\[Kroutelint: [^\r\n]*broken\.json[^\r\n]*\r?\n$/);
  }, 180_000);
});

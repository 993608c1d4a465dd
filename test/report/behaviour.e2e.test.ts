// `routelint report` as a command that behaves (#18): no HTML on a terminal, the file it wrote named
// on stderr, a progress bar on long runs on a terminal, and the export's date in the page.
// The terminal is a real pseudo-terminal from util-linux `script`, as a person's shell gives.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { BIN, ensureBuilt } from '../support/build.js';
import { HAS_SCRIPT, runCli, tempDir } from '../cli/run.js';
import { route } from '../support/api.js';

beforeAll(() => ensureBuilt(), 180_000);

const hasScript = HAS_SCRIPT;

/** Runs a shell command line on a pseudo-terminal; `script` passes the exit status on (-e). */
function onTerminal(command: string): { status: number | null; output: string } {
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { status: r.status, output: r.stdout };
}

const routelint = `${process.execPath} ${BIN}`;

/** The as-of attributes of an HTML report: [date, basis]. */
function asOf(html: string): [string, string] | null {
  const m = /<span class="as-of" data-as-of="([^"]*)" data-as-of-basis="([^"]*)"/.exec(html);
  return m ? [m[1]!, m[2]!] : null;
}

describe('report on a terminal', () => {
  it.skipIf(!hasScript)('refuses HTML on a terminal with exit 2 and one line, before doing any work', () => {
    const r = onTerminal(`${routelint} report fixtures/demo`);
    expect(r.status).toBe(2);
    const lines = r.output.trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^routelint: /);
    expect(lines[0]).toContain('-o report.html');
    expect(r.output).not.toContain('<html');
  });

  it.skipIf(!hasScript)('writes Markdown to a terminal, and HTML when stdout is redirected', () => {
    const markdown = onTerminal(`${routelint} report fixtures/demo -f markdown`);
    expect(markdown.status).toBe(0);
    expect(markdown.output).toMatch(/^# NetBird route report/);
    const dir = tempDir();
    const piped = onTerminal(`${routelint} report fixtures/demo > ${join(dir, 'r.html')}`);
    expect(piped.status).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8').startsWith('<!doctype html>')).toBe(true);
  });

  it.skipIf(!hasScript)('draws a progress bar on a terminal for a big export, and none off a terminal', () => {
    const dir = tempDir();
    const input = join(dir, 'account.json');
    writeFileSync(input, JSON.stringify(generateAccount(2500, 5)));
    expect(statSync(input).size).toBeGreaterThan(2e6);
    const out = join(dir, 'report.html');
    const r = onTerminal(`${routelint} report ${input} -o ${out}`);
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/\r\[=*\s*\]\s+\d+% reachability/);
    const off = runCli(['report', input, '-o', out]);
    expect(off.status).toBe(0);
    expect(off.stderr).toMatch(/^wrote \S+report\.html \(\d+(\.\d)? (KB|MB)\)\n$/);
  }, 180_000);
});

describe('report -o', () => {
  it('names the file it wrote and its size on stderr, and nothing on stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    const r = runCli(['report', 'fixtures/demo', '-o', out]);
    expect([r.status, r.stdout]).toEqual([0, '']);
    const m = /^wrote (.+) \((\d+) KB\)\n$/.exec(r.stderr);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(out);
    expect(Number(m![2])).toBe(Math.round(statSync(out).size / 1024));
  });
});

describe('the export date in the page', () => {
  it('is the newest modification time of the export files, and says so', () => {
    const dir = tempDir({ 'routes.json': JSON.stringify([route({ id: 'r-1' })]), 'groups.json': '[]', 'peers.json': '[]' });
    utimesSync(join(dir, 'routes.json'), new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    utimesSync(join(dir, 'groups.json'), new Date('2026-03-04T05:06:07Z'), new Date('2026-03-04T05:06:07Z'));
    utimesSync(join(dir, 'peers.json'), new Date('2025-12-31T00:00:00Z'), new Date('2025-12-31T00:00:00Z'));
    expect(asOf(runCli(['report', dir]).stdout)).toEqual(['2026-03-04T05:06:07.000Z', 'modified']);
    const markdown = runCli(['report', dir, '-f', 'markdown']).stdout;
    expect(markdown.split('\n')[2]).toContain('2026-03-04 05:06:07 UTC');
  });

  it("is a pulled snapshot's pull time, whatever the file's modification time", () => {
    const dir = tempDir({ 'snapshot.json': JSON.stringify({ routes: [route({ id: 'r-1' })], groups: [], peers: [], policies: [], pulled_at: '2026-11-27T18:00:00.000Z' }) });
    utimesSync(join(dir, 'snapshot.json'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(asOf(runCli(['report', join(dir, 'snapshot.json')]).stdout)).toEqual(['2026-11-27T18:00:00.000Z', 'pulled']);
  });
});

describe('lint --max-warnings and --update-baseline', () => {
  const routes = JSON.stringify([route({ id: 'r-a', metric: 0 }), route({ id: 'r-b', metric: 0, network: '10.0.1.0/24' })]);

  it('says on stderr how many warnings exceeded which limit', () => {
    const dir = tempDir({ 'routes.json': routes });
    const r = runCli(['lint', dir, '--rule', 'metric-range:warn', '--max-warnings', '1', '-f', 'json']);
    expect(r.status).toBe(1);
    const warnings = (JSON.parse(r.stdout) as { warningCount: number }[])[0]!.warningCount;
    expect(warnings).toBeGreaterThan(1);
    const line = r.stderr.trimEnd().split('\n');
    expect(line).toHaveLength(1);
    expect(line[0]!.match(/\d+/g)!.map(Number)).toEqual([warnings, 1, 1]);
    expect(line[0]).toContain('--max-warnings');
    // Within the limit: nothing on stderr.
    const within = runCli(['lint', dir, '--rule', 'metric-range:warn', '--max-warnings', String(warnings), '-f', 'json']);
    expect([within.status, within.stderr]).toEqual([0, '']);
  });

  it('--update-baseline names the file and the number of entries it wrote', () => {
    const dir = tempDir({ 'routes.json': routes });
    const baseline = join(dir, 'baseline.json');
    const r = runCli(['lint', 'routes.json', '--baseline', baseline, '--update-baseline', '-f', 'json'], { cwd: dir });
    expect(r.status).toBe(0);
    const entries = (JSON.parse(readFileSync(baseline, 'utf8')) as { entries: unknown[] }).entries.length;
    expect(entries).toBeGreaterThan(0);
    const m = /^wrote (.+) \((\d+) entries\)\n$/.exec(r.stderr);
    expect([m?.[1], Number(m?.[2])]).toEqual([baseline, entries]);
  });
});

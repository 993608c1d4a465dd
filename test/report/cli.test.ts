// `routelint report` end to end through the built CLI: output to stdout or to a file, both
// formats, lint's config and --rule flags, and exit code 2 with one line on stderr when it cannot run.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, ROOT, runCli, tempDir } from '../cli/run.js';
import { route } from '../support/api.js';
import { ensureBuilt } from '../support/build.js';

beforeAll(() => ensureBuilt(), 180_000);

/** Rule ids of the finding groups in an HTML report. */
function ruleGroups(html: string): string[] {
  return [...html.matchAll(/<details class="card rule-group [^"]*" data-rule-id="([^"]*)"/g)].map((m) => m[1]!);
}

describe('routelint report', () => {
  it('writes the HTML report of the demo account to stdout, exit 0 despite findings', () => {
    const r = runCli(['report', 'fixtures/demo']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('</html>')).toBe(true);
    expect(ruleGroups(r.stdout).length).toBeGreaterThan(0);
  });

  it('writes the file atomically with -o and prints nothing on stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    const r = runCli(['report', 'fixtures/demo', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(runCli(['report', 'fixtures/demo']).stdout);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('writes Markdown with --format markdown', () => {
    const r = runCli(['report', 'fixtures/demo', '--format', 'markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('# ')).toBe(true);
    expect(r.stdout).toMatch(/^## Inventory$/m);
    expect(r.stdout).not.toContain('<svg');
  });

  it('gives byte-identical output for the same export', () => {
    for (const format of ['html', 'markdown']) {
      expect(runCli(['report', 'fixtures/demo', '-f', format]).stdout).toBe(runCli(['report', 'fixtures/demo', '-f', format]).stdout);
    }
  });

  it('takes rule severities from --rule and from the config, as lint does', () => {
    const all = ruleGroups(runCli(['report', 'fixtures/demo']).stdout);
    expect(all).toContain('metric-conflict');
    expect(ruleGroups(runCli(['report', 'fixtures/demo', '--rule', 'metric-conflict:off']).stdout)).not.toContain('metric-conflict');
    const dir = tempDir({ 'routelint.config.json': JSON.stringify({ rules: { 'metric-conflict': 'off' } }) });
    expect(ruleGroups(runCli(['report', 'fixtures/demo', '--config', join(dir, 'routelint.config.json')]).stdout)).not.toContain('metric-conflict');
  });

  it('lists findings an ignore entry suppresses, with the reason', () => {
    const dir = tempDir({ 'routelint.config.json': JSON.stringify({ ignore: [{ rule: 'metric-range', route: '*', reason: 'legacy export, fixed upstream' }] }) });
    const html = runCli(['report', 'fixtures/demo', '--config', join(dir, 'routelint.config.json')]).stdout;
    expect(ruleGroups(html)).not.toContain('metric-range');
    expect(html).toContain('<table class="findings-table" id="suppressed-table">');
    expect(html).toContain('legacy export, fixed upstream');
  });

  it('reports on an export without groups and peers, saying what it cannot show', () => {
    const dir = tempDir({ 'routes.json': JSON.stringify([route({ id: 'r-1', network: '10.0.0.0/24' })], null, 2) });
    const r = runCli(['report', join(dir, 'routes.json'), '-f', 'markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^### Skipped rules$/m);
  });

  it.each([
    ['no export and no --url', ['report'], /name the export/],
    ['an export and --url', ['report', 'fixtures/demo', '--url', 'https://api.netbird.io'], /not both/],
    ['a missing export', ['report', 'no/such/export'], /no such file or directory/],
    ['an unknown format', ['report', 'fixtures/demo', '--format', 'pdf'], /format/],
    ['a bad --rule', ['report', 'fixtures/demo', '--rule', 'no-such-rule:off'], /no-such-rule/],
    ['a routes file that does not parse', ['report', 'fixtures/bad/json-truncated.json'], /json-truncated\.json:\d+:\d+/],
    ['--output given twice', ['report', 'fixtures/demo', '-o', 'a.html', '-o', 'b.html'], /--output given 2 times/],
  ])('exits 2 with one line on stderr for %s', (_name, args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(expectOneLineError(r)).toMatch(message);
  });

  it('exits 2 and leaves an existing file alone when it cannot write', () => {
    const dir = tempDir({ 'report.html': 'old' });
    const r = runCli(['report', 'fixtures/demo', '-o', join(dir, 'missing-dir', 'report.html')]);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(/cannot write/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('old');
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });

  it('escapes a script in a route description end to end', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'routes.json'), JSON.stringify([route({ id: 'r-x', description: '<script>alert(1)</script>' })], null, 2));
    const html = runCli(['report', join(dir, 'routes.json')]).stdout;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<script/g)).toHaveLength(1);
  });
});

describe('README', () => {
  it('shows real Markdown output of the demo account', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```console\n\$ npx routelint report fixtures\/demo --format markdown \| sed -n '\/\^## Summary\/,\/\^\| Policies\/p'\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const lines = runCli(['report', 'fixtures/demo', '--format', 'markdown']).stdout.split('\n');
    const start = lines.indexOf('## Summary');
    const end = lines.findIndex((l, i) => i > start && l.startsWith('| Policies'));
    expect(block![1]).toBe(`${lines.slice(start, end + 1).join('\n')}\n`);
    expect(readme).toContain('![report](docs/report-screenshot.png)');
  });
});

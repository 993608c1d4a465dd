import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SARIF_SCHEMA_PATH, sarifValidator } from '../support/sarif.js';
import { route } from '../support/api.js';
import { expectOneLineError, runCli, tempDir } from './run.js';

const twoRoutes = JSON.stringify([route({ id: 'r-ok', metric: 100 }), route({ id: 'r-bad', network: '10.9.0.0/24', metric: 0 })], null, 2);

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; line: number; column: number; routeId?: string; messageId?: string; fatal?: boolean }[];
  suppressedMessages: { ruleId: string; routeId?: string; suppressions: { kind: string; justification: string }[] }[];
  errorCount: number;
  warningCount: number;
  skippedRules: { ruleId: string; missing: string[] }[];
}

function lintJson(args: string[], cwd?: string): { status: number | null; results: JsonResult[] } {
  const r = runCli(['lint', ...args, '--format', 'json'], { cwd });
  return { status: r.status, results: JSON.parse(r.stdout) as JsonResult[] };
}

describe('routelint lint', () => {
  it('lints the demo account: exit 1, every finding has a file, line and column', () => {
    const { status, results } = lintJson(['fixtures/demo']);
    expect(status).toBe(1);
    const messages = results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath })));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.filePath.startsWith('fixtures/demo/')).toBe(true);
      expect(m.line).toBeGreaterThan(0);
      expect(m.column).toBeGreaterThan(0);
    }
  });

  it('points at the offending value', () => {
    const dir = tempDir({ 'routes.json': twoRoutes });
    const { status, results } = lintJson([join(dir, 'routes.json'), '--rule', 'metric-range:error']);
    expect(status).toBe(1);
    const finding = results[0]!.messages.find((m) => m.ruleId === 'metric-range')!;
    const lines = twoRoutes.split('\n');
    const metricLine = lines.findIndex((l, i) => l.includes('"metric": 0') && i > lines.findIndex((x) => x.includes('r-bad')) - 20) + 1;
    expect([finding.routeId, finding.line, finding.column]).toEqual(['r-bad', metricLine, lines[metricLine - 1]!.indexOf('0') + 1]);
  });

  it('finds positions in YAML too', () => {
    const yaml = 'routes:\n  - id: r1\n    network: 10.1.0.0/16\n    network_id: office\n    metric: 0\n    peer: p1\n    groups: [g1]\n    enabled: true\n';
    const dir = tempDir({ 'account.yaml': yaml });
    const { results } = lintJson([join(dir, 'account.yaml')]);
    const finding = results[0]!.messages.find((m) => m.ruleId === 'metric-range')!;
    expect([finding.line, finding.column]).toEqual([5, 13]);
  });

  it('reports a file that is not JSON as a fatal finding at the syntax error, exit 1', () => {
    const { status, results } = lintJson(['fixtures/bad/json-truncated.json']);
    expect(status).toBe(1);
    expect(results[0]!.messages).toMatchObject([{ ruleId: null, fatal: true, severity: 2, line: 7, column: 1 }]);
  });

  it('reports values of the wrong type as findings, never a crash', () => {
    const r = runCli(['lint', 'fixtures/bad/types-mixed.json', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const ids = (JSON.parse(r.stdout) as JsonResult[])[0]!.messages.map((m) => [m.ruleId, m.line]);
    expect(ids).toEqual([
      ['invalid-field-type', 6],
      ['invalid-field-type', 10],
      ['invalid-field-type', 11],
      ['invalid-field-type', 17],
    ]);
  });

  it('lints several paths, each on its own', () => {
    const ok = tempDir({ 'routes.json': JSON.stringify([route({ id: 'a', metric: 10 })]) });
    const bad = tempDir({ 'routes.json': JSON.stringify([route({ id: 'b', metric: 0 })]) });
    const { results } = lintJson([ok, bad]);
    expect(results.map((r) => [r.filePath, r.errorCount])).toEqual([
      [join(ok, 'routes.json'), 0],
      [join(bad, 'routes.json'), 1],
    ]);
  });

  it('says which rules were skipped for lack of groups, peers or policies', () => {
    const dir = tempDir({ 'routes.json': twoRoutes });
    const { results } = lintJson([dir]);
    const skipped = results[0]!.skippedRules;
    for (const s of skipped) expect(s.missing.length).toBeGreaterThan(0);
    const stylish = runCli(['lint', dir]).stdout;
    for (const s of skipped.filter((x) => !('partial' in x))) expect(stylish).toContain(s.ruleId);
  });

  it('gives byte-identical output for the same input', () => {
    for (const format of ['stylish', 'json', 'sarif']) {
      const a = runCli(['lint', 'fixtures/demo', '-f', format]).stdout;
      const b = runCli(['lint', 'fixtures/demo', '-f', format]).stdout;
      expect(a.length).toBeGreaterThan(0);
      expect(b).toBe(a);
    }
  });

  it('writes the report to -o and nothing to stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const r = runCli(['lint', 'fixtures/demo', '-f', 'json', '-o', out]);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect((JSON.parse(readFileSync(out, 'utf8')) as JsonResult[]).length).toBeGreaterThan(0);
  });

  it('honours --quiet and --max-warnings', () => {
    const dir = tempDir({ 'routes.json': twoRoutes });
    expect(runCli(['lint', dir, '--rule', 'metric-range:warn']).status).toBe(0);
    expect(runCli(['lint', dir, '--rule', 'metric-range:warn', '--max-warnings', '0']).status).toBe(1);
    const quiet = lintJson([dir, '--rule', 'metric-range:warn', '--quiet']);
    expect([quiet.status, quiet.results[0]!.warningCount, quiet.results[0]!.messages.length]).toEqual([0, 0, 0]);
    expect(runCli(['lint', dir, '--rule', 'metric-range:off']).status).toBe(0);
  });

  it('applies a config file found upward, with ignore entries listed as suppressed', () => {
    const dir = tempDir({
      'routes.json': twoRoutes,
      'routelint.config.json': JSON.stringify({ ignore: [{ rule: 'metric-range', route: 'r-bad', reason: 'migrated next week' }] }),
    });
    const { status, results } = lintJson(['routes.json'], dir);
    expect(status).toBe(0);
    expect(results[0]!.suppressedMessages.map((m) => [m.ruleId, m.routeId, m.suppressions[0]!.justification])).toEqual([['metric-range', 'r-bad', 'migrated next week']]);
    const sarif = JSON.parse(runCli(['lint', 'routes.json', '-f', 'sarif'], { cwd: dir }).stdout) as { runs: { results: { ruleId: string; suppressions?: { justification: string }[] }[] }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.suppressions).map((r) => [r.ruleId, r.suppressions![0]!.justification])).toEqual([['metric-range', 'migrated next week']]);
  });

  it('reads a YAML config with [severity, options]', () => {
    const dir = tempDir({ 'routes.json': twoRoutes, 'routelint.config.yaml': 'rules:\n  metric-range: [warn, {}]\n' });
    const { status, results } = lintJson(['routes.json'], dir);
    expect([status, results[0]!.warningCount, results[0]!.errorCount]).toEqual([0, 1, 0]);
  });
});

describe('routelint lint: could not run (exit 2, one line on stderr)', () => {
  const cases: [string, string[], RegExp, Record<string, string>?][] = [
    ['a missing path', ['lint', 'no/such/export.json'], /no\/such\/export\.json: no such file/],
    ['a directory without routes.json', ['lint', 'DIR'], /has no routes\.json/, {}],
    ['an unknown flag', ['lint', 'fixtures/demo', '--frobnicate'], /frobnicate/],
    ['an unknown format', ['lint', 'fixtures/demo', '--format', 'xml'], /format/],
    ['a bad --rule', ['lint', 'fixtures/demo', '--rule', 'no-such-rule:error'], /no-such-rule/],
    ['a bad severity', ['lint', 'fixtures/demo', '--rule', 'metric-range:loud'], /severity/],
    ['a non-numeric --max-warnings', ['lint', 'fixtures/demo', '--max-warnings', 'many'], /max-warnings/],
    ['a config with an unknown rule', ['lint', 'DIR', '--config', 'DIR/c.json'], /rules\.nope: unknown rule/, { 'routes.json': '[]', 'c.json': '{"rules":{"nope":"off"}}' }],
    ['an ignore entry without a reason', ['lint', 'DIR', '--config', 'DIR/c.json'], /reason is required/, { 'routes.json': '[]', 'c.json': '{"ignore":[{"rule":"metric-range","route":"r1"}]}' }],
    ['a config that is not JSON', ['lint', 'DIR', '--config', 'DIR/c.json'], /c\.json:1:/, { 'routes.json': '[]', 'c.json': '{rules' }],
    ['a missing config', ['lint', 'fixtures/demo', '--config', 'nope.json'], /nope\.json: no such file/],
    ['no command', [], /command/],
  ];
  for (const [name, args, pattern, files] of cases) {
    it(name, () => {
      const dir = files ? tempDir(files) : '';
      const r = runCli(args.map((a) => a.replaceAll('DIR', dir)));
      expect(r.status).toBe(2);
      expect(expectOneLineError(r)).toMatch(pattern);
    });
  }

  it('--help lists the commands with examples', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/routelint lint \[paths\.\.\]/);
    expect(r.stdout).toMatch(/Examples:/);
  });
});

describe('SARIF output', () => {
  it('is valid SARIF 2.1.0 with rule metadata and physical locations', () => {
    expect(existsSync(SARIF_SCHEMA_PATH)).toBe(true);
    const validate = sarifValidator();
    for (const input of ['fixtures/demo', 'fixtures/bad/json-truncated.json']) {
      const r = runCli(['lint', input, '-f', 'sarif']);
      const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(log.version).toBe('2.1.0');
      const run = log.runs[0]!;
      expect(run.results.length).toBeGreaterThan(0);
      for (const res of run.results) {
        expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
        expect(res.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('fixtures/')).toBe(true);
        expect(res.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
      }
    }
  });
});

describe('a one-line export, as curl saves it', () => {
  it('gives every finding line 1 and the column of its value', () => {
    const routes = Array.from({ length: 5 }, (_, i) => route({ id: `r${i}`, network: `10.${i}.0.0/16`, metric: i % 2 === 0 ? 0 : 100 }));
    const text = JSON.stringify(routes);
    const dir = tempDir({ 'routes.json': text });
    const { results } = lintJson([join(dir, 'routes.json')]);
    const found = results[0]!.messages.filter((m) => m.ruleId === 'metric-range').map((m) => [m.routeId, m.line, m.column]);
    const expected = ['r0', 'r2', 'r4'].map((id) => {
      const at = text.indexOf('"metric":0', text.indexOf(`"id":"${id}"`));
      return [id, 1, at + '"metric":'.length + 1];
    });
    expect(found).toEqual(expected);
  });
});

describe('routelint lint past the limit of findings', () => {
  const flood = JSON.stringify({ routes: Array.from({ length: 200 }, () => ({})) });

  it('collects up to --max-findings, says on stderr how many it left out, exits 1', () => {
    const dir = tempDir({ 'flood.json': flood });
    const r = runCli(['lint', join(dir, 'flood.json'), '-f', 'json', '--max-findings', '10']);
    expect(r.status).toBe(1);
    const [result] = JSON.parse(r.stdout) as (JsonResult & { findingsLeftOut?: number })[];
    expect(result!.messages).toHaveLength(10);
    expect(result!.findingsLeftOut).toBeGreaterThan(0);
    expect(r.stderr).toContain(String(result!.findingsLeftOut));
    expect(r.stderr).toContain('--max-findings');
  });

  it('collects everything with --max-findings 0', () => {
    const dir = tempDir({ 'flood.json': flood });
    const limited = runCli(['lint', join(dir, 'flood.json'), '-f', 'json', '--max-findings', '10']);
    const all = runCli(['lint', join(dir, 'flood.json'), '-f', 'json', '--max-findings', '0']);
    const [a] = JSON.parse(limited.stdout) as (JsonResult & { findingsLeftOut?: number })[];
    const [b] = JSON.parse(all.stdout) as (JsonResult & { findingsLeftOut?: number })[];
    expect(b!.findingsLeftOut).toBeUndefined();
    expect(b!.messages.length).toBe(a!.messages.length + a!.findingsLeftOut!);
    expect(all.stderr).toBe('');
  });

  it('refuses a baseline that would miss findings', () => {
    const dir = tempDir({ 'flood.json': flood });
    const r = runCli(['lint', join(dir, 'flood.json'), '--max-findings', '10', '--baseline', join(dir, 'b.json'), '--update-baseline']);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
  });

  it('rejects a limit that is not a whole number', () => {
    const dir = tempDir({ 'flood.json': flood });
    const r = runCli(['lint', join(dir, 'flood.json'), '--max-findings', '-3']);
    expect(r.status).toBe(2);
    expectOneLineError(r);
  });
});

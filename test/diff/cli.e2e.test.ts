// `routelint diff` end to end: the built binary, exit codes 0/1/2, every format, -o, and the
// one-line errors of exports that do not load.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BEHAVIOUR_KINDS, EXIT_NODE_KINDS } from '../../src/diff/types.js';
import { ensureBuilt } from '../support/build.js';
import { expectOneLineError, runCli, tempDir } from '../cli/run.js';

const pair = (name: string) => [`fixtures/diff/${name}/old`, `fixtures/diff/${name}/new`];

beforeAll(() => ensureBuilt(), 180_000);

describe('routelint diff exit codes', () => {
  it('exits 0 with nothing to show for identical exports', () => {
    const r = runCli(['diff', ...pair('identical'), '-f', 'json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const d = JSON.parse(r.stdout);
    expect([d.behaviour, d.exitNodes, d.findings, d.routes]).toEqual([[], [], { introduced: [], fixed: [] }, { added: [], removed: [], changed: [] }]);
  });

  it('exits 0 for a description-only change, and lists it', () => {
    const r = runCli(['diff', ...pair('description-only'), '-f', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).routes.changed.map((c: { id: string }) => c.id)).toEqual(['d1f4p0bb8c5s73e0gc00']);
  });

  it('exits 1 when routing changes', () => {
    expect(runCli(['diff', ...pair('metric')]).status).toBe(1);
    expect(runCli(['diff', ...pair('exit-skip-auto-apply')]).status).toBe(1);
  });

  it('exits 2 with one line for a missing export', () => {
    const r = runCli(['diff', 'fixtures/diff/metric/old', 'fixtures/diff/no-such-dir']);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toBe('routelint: fixtures/diff/no-such-dir: no such file or directory');
  });

  it('exits 2 naming file:line:col when an export does not parse', () => {
    const dir = tempDir({ 'broken.json': '[\n  {"id": "r-1",\n   "metric": 100,,\n  }\n]\n' });
    const path = join(dir, 'broken.json');
    const r = runCli(['diff', path, 'fixtures/diff/metric/new']);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(new RegExp(`^routelint: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: `));
  });

  it('exits 2 when a section file of a directory export does not parse', () => {
    const dir = tempDir({ 'routes.json': readFileSync('fixtures/diff/metric/new/routes.json', 'utf8'), 'groups.json': '[{"id": }]' });
    const r = runCli(['diff', 'fixtures/diff/metric/old', dir]);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(/groups\.json:1:\d+: /);
  });

  it('exits 2 for a bad flag', () => {
    expect(runCli(['diff', ...pair('metric'), '--format', 'html']).status).toBe(2);
    expect(runCli(['diff', ...pair('metric'), '--rule', 'no-such-rule:off']).status).toBe(2);
  });
});

describe('routelint diff formats', () => {
  it('json: one object on one line with stable machine fields', () => {
    const r = runCli(['diff', ...pair('peer-group-emptied'), '--format', 'json']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const d = JSON.parse(r.stdout);
    expect(Object.keys(d)).toEqual(['old', 'new', 'behaviour', 'exitNodes', 'findings', 'routes', 'haSets', 'account', 'notes', 'summary']);
    for (const b of d.behaviour) {
      expect(BEHAVIOUR_KINDS).toContain(b.kind);
      expect(Object.keys(b)).toEqual(['kind', 'message', 'destination', 'destinationType', 'probe', 'group', 'scope', 'sources', 'members', 'old', 'new', 'causes']);
      expect(Object.keys(b.old)).toEqual(['disposition', 'peers', 'networkIds', 'nondeterministic', 'masquerade', 'accessControlGroups']);
    }
    expect(d.summary).toMatchObject({ behaviourCompared: true, behaviourChanges: 2, findingsIntroduced: 1, findingsFixed: 1, routingChanged: true });
    const exit = JSON.parse(runCli(['diff', ...pair('exit-skip-auto-apply'), '-f', 'json']).stdout);
    for (const e of exit.exitNodes) expect(EXIT_NODE_KINDS).toContain(e.kind);
    expect(exit.exitNodes.map((e: { kind: string }) => e.kind)).toEqual(['no-longer-auto-applied']);
  });

  it('text: grouped sections, the same for the same input', () => {
    const r = runCli(['diff', ...pair('metric')]);
    for (const heading of ['Routing behaviour (1)', 'Exit nodes: no change', 'Findings: 0 introduced, 0 fixed', 'Routes: 0 added, 0 removed, 1 changed']) expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain('metric: 100 → 300');
    expect(runCli(['diff', ...pair('metric')]).stdout).toBe(r.stdout);
  });

  it('markdown: a heading, a summary line and tables', () => {
    const r = runCli(['diff', ...pair('nested-prefix'), '--format', 'markdown']);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('### routelint diff: routing changes');
    expect(r.stdout).toContain('| Destination | Group | Members | Change | Before | After | Caused by |');
    expect(r.stdout).toContain('| `10.10.40.0/24` | staff | all 5 | `moved` | gw-fra-1 (office-frankfurt) | gw-fra-2 (fra-lab) | route d1f4p0bb8c5s73e0gc0q |');
    expect(r.stdout).toContain('| Route | network_id | Target | Change | Field | Before → after |');
    expect(r.stdout).toContain('#### Findings introduced');
    expect(runCli(['diff', ...pair('identical'), '-f', 'markdown']).stdout.split('\n')[0]).toBe('### routelint diff: nothing changes for routing');
  });

  it('markdown folds long tables into <details>', () => {
    const routes = JSON.parse(readFileSync('fixtures/diff/metric/old/routes.json', 'utf8')) as { description: string }[];
    const dir = tempDir();
    for (const f of ['groups', 'peers', 'policies']) writeFileSync(join(dir, `${f}.json`), readFileSync(`fixtures/diff/metric/old/${f}.json`));
    writeFileSync(join(dir, 'routes.json'), JSON.stringify(routes.map((r) => ({ ...r, description: `${r.description} (edited)` }))));
    const r = runCli(['diff', 'fixtures/diff/metric/old', dir, '-f', 'markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/<details><summary>13 route changes<\/summary>\n\n\| Route \|/);
  });

  it('-o writes the diff to a file and nothing to stdout', () => {
    const out = join(tempDir(), 'diff.md');
    const r = runCli(['diff', ...pair('metric'), '-f', 'markdown', '-o', out]);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(readFileSync(out, 'utf8')).toBe(runCli(['diff', ...pair('metric'), '-f', 'markdown']).stdout);
  });

  it('without groups and peers: routes and findings only, and says so', () => {
    const dir = tempDir({ 'routes.json': readFileSync('fixtures/diff/metric/new/routes.json', 'utf8') });
    const r = runCli(['diff', 'fixtures/diff/metric/old', join(dir, 'routes.json'), '-f', 'json']);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.summary).toMatchObject({ behaviourCompared: false, decidedBy: 'routes', routesChanged: 1 });
    expect(runCli(['diff', 'fixtures/diff/metric/old', join(dir, 'routes.json')]).stdout).toContain('Routing behaviour: not compared');
  });
});

describe('routelint diff of large, unrelated accounts: bounded output', () => {
  it('--max-changes and --max-sources: the first changes listed, the rest counted in the summary and on stderr, exit 1', () => {
    const r = runCli(['diff', ...pair('peer-group-emptied'), '-f', 'json', '--max-changes', '1', '--max-sources', '1']);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.behaviour).toHaveLength(1);
    expect(d.behaviour[0].sources).toHaveLength(1);
    expect(d.behaviour[0].sourcesLeftOut).toBe(1);
    expect(d.summary).toMatchObject({ behaviourChanges: 2, behaviourChangesLeftOut: 1, exitNodeChangesLeftOut: 0, listingCeilingReached: false, changesWithSourcesLeftOut: 1 });
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^routelint: diff: 1 of 2 behaviour changes left out past the limit of 1 \(--max-changes N/)]);
    expect(runCli(['diff', ...pair('peer-group-emptied'), '--max-changes', '-1']).status).toBe(2);
    expect(runCli(['diff', ...pair('peer-group-emptied'), '--max-sources', 'many']).status).toBe(2);
  });

  it('two unrelated flat accounts of 500 routes: finishes with exit 0 or 1, and the JSON stays within a bound', async () => {
    const { accountText, generateFlatAccount } = await import('../../bench/generate.js');
    const dir = tempDir({ 'a.json': accountText(generateFlatAccount(500, 7)), 'b.json': accountText(generateFlatAccount(500, 8)) });
    const out = join(dir, 'd.json');
    const r = runCli(['diff', join(dir, 'a.json'), join(dir, 'b.json'), '-f', 'json', '-o', out]);
    expect([0, 1]).toContain(r.status);
    const text = readFileSync(out, 'utf8');
    const d = JSON.parse(text);
    expect(d.behaviour.length).toBeLessThanOrEqual(1000);
    expect(d.behaviour.length + d.summary.behaviourChangesLeftOut).toBe(d.summary.behaviourChanges);
    expect(d.behaviour.length).toBeGreaterThan(0);
    for (const c of d.behaviour) {
      expect(c.sources.length).toBeLessThanOrEqual(50);
      expect(c.causes.length).toBeLessThanOrEqual(50);
      expect(c.sources.length + (c.sourcesLeftOut ?? 0)).toBeLessThanOrEqual(c.members);
    }
    // The account's own lists (routes, findings, HA sets, groups) grow with the inputs; the
    // behaviour section at most with the limits: 1,000 changes of 50 members and 50 causes.
    const inputs = readFileSync(join(dir, 'a.json')).length + readFileSync(join(dir, 'b.json')).length;
    expect(text.length).toBeLessThan(2 * inputs + 1000 * 100 * 100);
  }, 90_000);
});

// routelint installed as a user installs it without the registry's copy: `npm pack`'s tarball into
// an empty project, production dependencies only. Every command runs there and gives what the
// checkout gives. The tarball is packed once for the whole file.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../support/build.js';
import { run } from './run.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };

/** The package name of a lockfile key (`node_modules/a/node_modules/@s/b` → `@s/b`). */
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

let packOutput = '';
let tarball = '';
let project = '';

beforeAll(() => {
  ensureBuilt();
  const out = mkdtempSync(join(tmpdir(), 'routelint-pack-'));
  // As pre-commit runs it: standard output must be the tarball's name and nothing else.
  const packed = run('npm', ['pack', '--pack-destination', out], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  packOutput = packed.stdout;
  tarball = join(out, packed.stdout.trim());
  project = mkdtempSync(join(tmpdir(), 'routelint-installed-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // From the cache when it holds the dependencies (`npm ci` filled it), from the registry otherwise.
  const installed = run('npm', ['install', tarball, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], project);
  if (installed.status !== 0) throw new Error(`npm install of the tarball failed:\n${installed.stderr}`);
  cpSync(join(ROOT, 'fixtures'), join(project, 'fixtures'), { recursive: true });
  const demo = Object.fromEntries(['routes', 'groups', 'peers', 'policies'].map((s) => [s, JSON.parse(readFileSync(join(ROOT, 'fixtures/demo', `${s}.json`), 'utf8'))]));
  writeFileSync(join(project, 'account.yaml'), stringify(demo));
}, 300_000);

describe('npm pack', () => {
  it("prints only the tarball's name on standard output", () => {
    expect(packOutput).toBe(`routelint-${pkg.version}.tgz\n`);
  });

  it('packs the built CLI and its docs, not the sources or the tests', () => {
    const files = run('tar', ['-tzf', tarball], project).stdout.split('\n').filter(Boolean);
    expect(files).toContain('package/bin/routelint.js');
    expect(files).toContain('package/dist/cli/routelint.js');
    expect(files).toContain('package/dist/cli/section-worker.js');
    expect(files).toContain('package/dist/browser/ask.js');
    expect(files).toContain('package/docs/rules/metric-conflict.md');
    expect(files.filter((f) => /^package\/(src|test|rules|bench|fixtures|scripts|dist\/src|dist\/rules)\//.test(f))).toEqual([]);
  });
});

describe('installed from the tarball', () => {
  it('has the production dependencies only', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const names = new Set(Object.keys(installed.packages).map(nameOf));
    for (const dependency of Object.keys(pkg.dependencies)) expect(names).toContain(dependency);
    for (const dependency of Object.keys(pkg.devDependencies)) expect(names).not.toContain(dependency);
    // Everything installed is in the checkout's production tree (its lockfile's non-dev entries).
    const production = new Set(Object.entries(lock.packages).filter(([key, entry]) => key !== '' && !entry.dev).map(([key]) => nameOf(key)));
    expect([...names].filter((name) => name !== 'routelint' && !production.has(name))).toEqual([]);
  });

  const commands: readonly { args: readonly string[]; status: number; check?: (stdout: string) => void }[] = [
    { args: ['--version'], status: 0, check: (out) => expect(out.trim()).toBe(pkg.version) },
    {
      args: ['lint', 'fixtures/demo', '-f', 'json'],
      status: 1,
      check: (out) => expect(new Set((JSON.parse(out) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId)))).toContain('metric-conflict'),
    },
    // YAML needs the `yaml` dependency at run time.
    { args: ['lint', 'account.yaml', '-f', 'json'], status: 1, check: (out) => expect((JSON.parse(out) as { filePath: string }[]).map((r) => r.filePath)).toEqual(['account.yaml']) },
    { args: ['lint', '--hook', 'fixtures/demo/groups.json', 'fixtures/demo/peers.json', '-f', 'json'], status: 1, check: (out) => expect((JSON.parse(out) as { filePath: string }[]).map((r) => r.filePath)).toEqual(['fixtures/demo/routes.json']) },
    {
      args: ['lint', 'fixtures/terraform/plan.json', '-f', 'sarif'],
      status: 0,
      check: (out) => expect((JSON.parse(out) as { runs: { results: { ruleId: string }[] }[] }).runs[0]!.results.map((r) => r.ruleId)).toContain('terraform-unknown-value'),
    },
    {
      args: ['simulate', 'fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '-f', 'json'],
      status: 0,
      check: (out) => expect(JSON.parse(out)).toMatchObject({ disposition: 'ROUTED', peer: { name: 'gw-paris-1' }, route: { network_id: 'berlin-lab' } }),
    },
    // Exit 1: some of its questions are meant to get an error answer.
    {
      args: ['simulate', 'fixtures/demo', '--batch', 'fixtures/simulate/questions.jsonl'],
      status: 1,
      check: (out) => expect(out.trimEnd().split('\n')).toHaveLength(readFileSync(join(ROOT, 'fixtures/simulate/questions.jsonl'), 'utf8').trimEnd().split('\n').length),
    },
    { args: ['report', 'fixtures/demo', '-f', 'markdown'], status: 0, check: (out) => expect(out).toMatch(/^## Summary$/m) },
    { args: ['diff', 'fixtures/diff/metric/old', 'fixtures/diff/metric/new', '-f', 'json'], status: 1, check: (out) => expect((JSON.parse(out) as { behaviour: { kind: string }[] }).behaviour.map((b) => b.kind)).toContain('moved') },
    { args: ['test', 'fixtures/demo', 'fixtures/assertions/demo.yaml', '-f', 'json'], status: 0, check: (out) => expect(JSON.parse(out)).toMatchObject({ passed: 7, failed: 0 }) },
    { args: ['rules', '-f', 'json'], status: 0, check: (out) => expect((JSON.parse(out) as { id: string }[]).map((r) => r.id)).toContain('metric-conflict') },
    { args: ['pull', '--help'], status: 0, check: (out) => expect(out).toContain('--url') },
  ];

  it.each(commands.map((c) => ({ ...c, line: c.args.join(' ') })))('routelint $line: as from the checkout', ({ args, status, check }) => {
    const installed = run(join(project, 'node_modules', '.bin', 'routelint'), args, project);
    expect(installed.stderr).not.toMatch(/\n\s+at /);
    expect(installed.status).toBe(status);
    check?.(installed.stdout);
    const checkout = run(process.execPath, [BIN, ...args], project);
    expect([installed.status, installed.stdout]).toEqual([checkout.status, checkout.stdout]);
  });

  it('routelint report writes the HTML page as from the checkout', () => {
    const installed = run(join(project, 'node_modules', '.bin', 'routelint'), ['report', 'fixtures/demo', '-o', 'installed.html'], project);
    const checkout = run(process.execPath, [BIN, 'report', 'fixtures/demo', '-o', 'checkout.html'], project);
    expect([installed.status, checkout.status]).toEqual([0, 0]);
    const html = readFileSync(join(project, 'installed.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toBe(readFileSync(join(project, 'checkout.html'), 'utf8'));
  });
});

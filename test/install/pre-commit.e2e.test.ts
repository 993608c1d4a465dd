// The pre-commit hook as a user meets it: Debian's pre-commit installs this checkout with its node
// support (`npm install`, `npm pack`, `npm install -g` of the tarball) into a repository that has
// never seen routelint, and runs it on a `netbird/` export. Each `try-repo` installs afresh, so the
// two repositories run side by side.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/build.js';
import { run, runAsync, userEnv, type Ran } from './run.js';

const HAS_PRE_COMMIT = run('pre-commit', ['--version'], ROOT).status === 0;
if (!HAS_PRE_COMMIT) console.warn('skipping the pre-commit hook test: pre-commit is missing (Debian: apt-get install pre-commit; .ci/run installs it)');

/** A git repository holding `netbird/` (a copy of a fixture account) and what else is given. */
function scratchRepository(account: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-pre-commit-'));
  cpSync(join(ROOT, 'fixtures', account), join(dir, 'netbird'), { recursive: true });
  for (const [name, content] of Object.entries({ 'README.md': '# infrastructure\n', ...files })) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const git = (...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], dir);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'export');
  return dir;
}

/** `pre-commit try-repo <this checkout> routelint --all-files`, with its store and log in a scratch directory. */
function tryRepo(repository: string): Promise<Ran> {
  const home = mkdtempSync(join(tmpdir(), 'routelint-pre-commit-home-'));
  return runAsync('pre-commit', ['try-repo', ROOT, 'routelint', '--all-files', '--color', 'never'], repository, userEnv({ PRE_COMMIT_HOME: home }));
}

/** How often a rule id stands in some output. */
const count = (text: string, ruleId: string) => text.split(ruleId).length - 1;

describe.skipIf(!HAS_PRE_COMMIT)("pre-commit's own checks", () => {
  it('of the hook manifest', () => {
    const r = run('pre-commit', ['validate-manifest', join(ROOT, '.pre-commit-hooks.yaml')], ROOT);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  it("of the README's .pre-commit-config.yaml", () => {
    const config = /```yaml\n(repos:[\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))![1]!;
    const file = join(mkdtempSync(join(tmpdir(), 'routelint-pre-commit-config-')), '.pre-commit-config.yaml');
    writeFileSync(file, config);
    const r = run('pre-commit', ['validate-config', file], ROOT);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
  });
});

describe.skipIf(!HAS_PRE_COMMIT)('the pre-commit hook, installed by pre-commit try-repo', () => {
  let clean: Ran;
  let broken: Ran;
  let brokenRepository = '';

  beforeAll(async () => {
    // The demo account has findings; a bundle of it, in YAML, sits beside the directory export.
    const demo = Object.fromEntries(['routes', 'groups', 'peers', 'policies'].map((s) => [s, JSON.parse(readFileSync(join(ROOT, 'fixtures/demo', `${s}.json`), 'utf8'))]));
    brokenRepository = scratchRepository('demo', { 'netbird/staging/account.yaml': stringify(demo) });
    [clean, broken] = await Promise.all([tryRepo(scratchRepository('clean')), tryRepo(brokenRepository)]);
  }, 900_000);

  it('passes on a clean export', () => {
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/^routelint\.+Passed$/m);
  });

  it("fails on a broken one with its findings: the directory once, the bundle as itself", () => {
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^routelint\.+Failed$/m);
    // What routelint itself says of the two exports, and nothing else: groups.json, peers.json and
    // policies.json are not linted as if each were a routes file.
    const direct = run('node', [join(ROOT, 'bin', 'routelint.js'), 'lint', 'netbird', 'netbird/staging/account.yaml'], brokenRepository);
    expect(direct.status).toBe(1);
    for (const ruleId of ['metric-conflict', 'overlapping-networks', 'masquerade-off-needs-return']) {
      expect(count(direct.stdout, ruleId)).toBeGreaterThan(0);
      expect(count(broken.stdout, ruleId)).toBe(count(direct.stdout, ruleId));
    }
    expect(broken.stdout).toContain('netbird/routes.json');
    expect(broken.stdout).toContain('netbird/staging/account.yaml');
    expect(broken.stdout).not.toContain('invalid-field-type');
  });
});

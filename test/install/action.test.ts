// The GitHub Action (action.yml) and the README's install, pre-commit and workflow examples: valid
// by GitHub's published schemas (action-validator), true to package.json, and the action's lint
// step does what it says when run as the runner runs it.
import { validateAction, validateWorkflow } from '@action-validator/core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../support/build.js';
import { run, userEnv } from './run.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;
const actionText = read('action.yml');

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; steps: Step[] };
}
const action = parse(actionText) as Action;

/** The README's fenced blocks of one language. */
function readmeBlocks(language: string): string[] {
  return [...read('README.md').matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}

describe('action.yml', () => {
  it('is a valid action by the schema GitHub publishes', () => {
    expect(validateAction(actionText).errors).toEqual([]);
  });

  it('the validator is real: a step without its shell is refused', () => {
    const broken = structuredClone(action);
    delete (broken.runs.steps.find((s) => s.id === 'lint') as { shell?: string }).shell;
    expect(validateAction(stringify(broken)).errors.length).toBeGreaterThan(0);
  });

  it('is a composite action that lints, then uploads SARIF with codeql-action', () => {
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.map((s) => s.uses?.replace(/@.*/, '')).filter(Boolean);
    expect(uses).toEqual(['actions/setup-node', 'github/codeql-action/upload-sarif']);
    expect(action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.if).toBe("inputs.upload-sarif == 'true'");
  });

  it('puts no expression inside a script (inputs reach scripts as environment variables)', () => {
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  describe('its lint step, run as the runner runs it', () => {
    const script = action.runs.steps.find((s) => s.id === 'lint')!.run!;

    function lintStep(path: string, args = '') {
      ensureBuilt();
      const dir = mkdtempSync(join(tmpdir(), 'routelint-action-'));
      const env = userEnv({ GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: join(dir, 'output'), ROUTELINT_PATH: path, ROUTELINT_ARGS: args, ROUTELINT_SARIF: join(dir, 'routelint.sarif') });
      // GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
      const r = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], ROOT, env);
      return { ...r, output: readFileSync(join(dir, 'output'), 'utf8'), sarif: join(dir, 'routelint.sarif') };
    }

    it('findings: the step passes, says exit-code=1 and writes SARIF with the extra options applied', () => {
      const r = lintStep('fixtures/demo', '--rule metric-conflict:off');
      expect(r.status).toBe(0);
      expect(r.output).toBe('exit-code=1\n');
      const sarif = JSON.parse(readFileSync(r.sarif, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
      const ruleIds = new Set(sarif.runs[0]!.results.map((x) => x.ruleId));
      expect(ruleIds).toContain('overlapping-networks');
      expect(ruleIds).not.toContain('metric-conflict');
    });

    it('a clean export: exit-code=0', () => {
      const r = lintStep('fixtures/clean');
      expect([r.status, r.output]).toEqual([0, 'exit-code=0\n']);
    });

    it('routelint cannot run: the step fails with exit 2 and its one-line reason', () => {
      const r = lintStep('no/such/export');
      expect([r.status, r.output]).toEqual([2, 'exit-code=2\n']);
      expect(r.stderr).toMatch(/^routelint: no\/such\/export: /);
    });
  });
});

describe('README', () => {
  it("documents every input of the action, with its default", () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('| input | default | meaning |'), readme.indexOf('\n\n', readme.indexOf('| input | default | meaning |')));
    const rows = new Map([...table.matchAll(/^\| `([a-z-]+)` \|\s*`?([^`|]*?)`?\s*\| .* \|$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
    for (const [name, input] of Object.entries(action.inputs)) expect([name, rows.get(name)]).toEqual([name, input.default ?? '']);
  });

  it('its workflows are valid by the schema GitHub publishes, and use the action at the release tag', () => {
    const workflows = readmeBlocks('yaml').filter((b) => /^jobs:/m.test(b));
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    for (const workflow of workflows) expect(validateWorkflow(workflow).errors).toEqual([]);
    expect(workflows.join('\n')).toContain(`uses: OWNER/routelint@v${version}`);
  });

  it("pins releases as v + package.json's version, in pre-commit's config and in install commands", () => {
    const config = parse(readmeBlocks('yaml').find((b) => b.startsWith('repos:'))!) as { repos: { rev: string; hooks: { id: string }[] }[] };
    expect(config.repos[0]!.rev).toBe(`v${version}`);
    const hookIds = (parse(read('.pre-commit-hooks.yaml')) as { id: string }[]).map((h) => h.id);
    expect(config.repos[0]!.hooks.map((h) => h.id).every((id) => hookIds.includes(id))).toBe(true);
    const pins = [...read('README.md').matchAll(/routelint\.git#(v[0-9.]+)/g)].map((m) => m[1]);
    expect(pins.length).toBeGreaterThan(0);
    expect(new Set(pins)).toEqual(new Set([`v${version}`]));
  });
});

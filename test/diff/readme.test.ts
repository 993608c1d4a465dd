// The README's `routelint diff` examples show real output: re-run each and compare.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### `routelint diff`'), readme.indexOf('### `routelint pull`'));
const examples = [...section.matchAll(/```console\n\$ npx routelint (diff [^\n|\\]+)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, output: m[2]! }));

beforeAll(() => ensureBuilt(), 180_000);

describe('README diff examples', () => {
  it('has a text and a markdown example', () => {
    expect(examples.map((e) => e.command.includes('--format markdown'))).toEqual([false, true]);
  });
  for (const { command, output } of examples) {
    it(command, () => {
      const r = spawnSync(process.execPath, ['bin/routelint.js', ...command.trim().split(/\s+/)], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(output);
    });
  }
});

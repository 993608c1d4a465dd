// The README's troubleshooting session shows real output: re-run every `routelint simulate`
// example there that has no pipe and compare.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### `routelint simulate`'), readme.indexOf('### `routelint rules`'));

const examples = [...section.matchAll(/```console\n\$ npx routelint (simulate [^\n|\\]+)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, output: m[2]! }));

describe('README simulate session', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });
  for (const { command, output } of examples) {
    it(command, () => {
      const r = spawnSync(process.execPath, ['bin/routelint.js', ...command.trim().split(/\s+/)], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(output);
    });
  }
});

// A plain `routelint lint` runs from a classic script that bin/routelint.js compiles with the V8
// code cache the build made for it (scripts/bundle.mjs). The cache must fit the script as built,
// and where V8 rejects it (another Node, other V8 flags) the same lint must still run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../support/build.js';

/** A user's environment: no NODE_OPTIONS, since V8 takes a cache only under the flags it was made with. */
function userEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: undefined };
}

function node(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: userEnv(), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => ensureBuilt(), 300_000);

describe('the plain lint script', () => {
  it('takes the code cache the build made for it', () => {
    const script = join(ROOT, 'dist', 'cli', 'plain-lint.script.js');
    const cache = join(ROOT, 'dist', 'cli', 'plain-lint.cache');
    const check = `const { readFileSync } = require('node:fs'); const { Script } = require('node:vm');
      const script = new Script(readFileSync(${JSON.stringify(script)}, 'utf8'), { filename: ${JSON.stringify(script)}, cachedData: readFileSync(${JSON.stringify(cache)}) });
      process.stdout.write(String(script.cachedDataRejected));`;
    expect(node(['-e', check])).toMatchObject({ status: 0, stdout: 'false' });
  });

  it.each([[[]], [['-f', 'json']], [['-f', 'sarif', '--quiet']], [['--verbose']]])('runs the same lint %j when V8 rejects the cache', (flags) => {
    // --expose-gc changes V8's flags, and with them the hash a cache must match.
    const cached = node([BIN, 'lint', 'fixtures/demo', ...flags]);
    const compiled = node(['--expose-gc', BIN, 'lint', 'fixtures/demo', ...flags]);
    expect(cached.status).toBe(1);
    expect([compiled.status, compiled.stdout, compiled.stderr]).toEqual([cached.status, cached.stdout, cached.stderr]);
  });
});

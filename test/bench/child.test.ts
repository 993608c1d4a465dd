// The bench stops a command at its time without leaving any of its processes running: `diff`
// runs in a second Node process (bin/routelint.js), which must not outlive the timed one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../bench/child.js';
import { generateFlatAccount } from '../../bench/generate.js';
import { alive, editedExports, ROOT, tempDir } from '../cli/run.js';
import { ensureBuilt } from '../support/build.js';

// bench/child.ts finds the binary from dist/bench/; read from its source here, it is found from the root.
const BIN = join(ROOT, 'bin', 'routelint.js');

beforeAll(() => ensureBuilt(), 180_000);

describe('runNode with a time limit', () => {
  it('ends every process of a diff it stops, and nothing is written', () => {
    const dir = tempDir();
    const { old, neu } = editedExports(dir, generateFlatAccount(4000));
    // Preloaded in every process of the command (as the bench's peak-memory reporter is): each writes its pid.
    const log = join(dir, 'pids.log');
    const preload = join(dir, 'pid.mjs');
    writeFileSync(preload, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, process.pid + '\\n');\n`);
    const out = join(dir, 'diff.json');
    const run = runNode([BIN, 'diff', old, neu, '-f', 'json', '-o', out], { measureRss: preload, timeoutMs: 1500 });
    expect(run.status).not.toBe(0);
    const pids = readFileSync(log, 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

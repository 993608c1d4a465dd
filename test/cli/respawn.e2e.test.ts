// `routelint diff` runs in a second Node process with a larger young generation (bin/routelint.js
// `runWithSemiSpace`): that process gets the flag, its exit code and output are the command's, and
// a signal sent to the first process ends both, leaving no output behind; a SIGKILL, which cannot be
// passed on, leaves the second orphaned, and it stops by itself. (Its one-line errors: test/diff/cli.e2e.test.ts.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFlatAccount } from '../../bench/generate.js';
import { ensureBuilt } from '../support/build.js';
import { alive, editedExports, ROOT, tempDir } from './run.js';

const BIN = join(ROOT, 'bin', 'routelint.js');

beforeAll(() => ensureBuilt(), 180_000);

/** A module every Node process of the command preloads (NODE_OPTIONS): it appends its pid and V8/Node flags to `log`. */
function reporter(dir: string, log: string): string {
  const file = join(dir, 'report-flags.cjs');
  writeFileSync(file, `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ pid: process.pid, execArgv: process.execArgv }) + '\\n');\n`);
  return file;
}

const processesIn = (log: string): { pid: number; execArgv: string[] }[] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { pid: number; execArgv: string[] })
    : [];

/** Is the process running (a zombie nobody reaps yet, as in a container whose init does not, is not)? */
const running = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return existsSync('/proc/self/stat') ? false : alive(pid);
  }
};

/**
 * A diff of two 4,000-route exports to a file, started through bin/routelint.js: resolved once its
 * second process has started, well before it could have written anything.
 */
async function diffUnderWay(): Promise<{ child: ChildProcess; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; second: { pid: number }; out: string }> {
  const dir = tempDir();
  const { old, neu } = editedExports(dir, generateFlatAccount(4000));
  const out = join(dir, 'diff.json');
  const log = join(dir, 'flags.log');
  const child = spawn(process.execPath, [BIN, 'diff', old, neu, '-f', 'json', '-o', out], { env: { ...process.env, NODE_OPTIONS: `--require ${reporter(dir, log)}` }, stdio: 'ignore' });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 400 && processesIn(log).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
  const second = processesIn(log)[1]!;
  expect(second).toBeDefined();
  return { child, ended, second, out };
}

describe('routelint diff runs with a larger young generation', () => {
  it('in a second process that has the flag, with the exit code and output of a run without it', () => {
    const dir = tempDir();
    const log = join(dir, 'flags.log');
    const env = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `--require ${reporter(dir, log)}` };
    const args = [BIN, 'diff', 'fixtures/diff/metric/old', 'fixtures/diff/metric/new', '-f', 'json'];
    const viaBin = spawnSyncJson(args, env);
    const seen = processesIn(log);
    expect(seen.map((p) => p.execArgv.includes('--max-semi-space-size=64'))).toEqual([false, true]);
    // The same command run straight under the flag: the second process is not started again, and answers alike.
    const direct = spawnSyncJson(['--max-semi-space-size=64', ...args], env);
    expect(processesIn(log)).toHaveLength(3);
    expect([viaBin.status, viaBin.stdout]).toEqual([direct.status, direct.stdout]);
    expect(viaBin.status).toBe(1);
  });

  it('leaves a size the user sets in NODE_OPTIONS alone: one process', () => {
    const dir = tempDir();
    const log = join(dir, 'flags.log');
    const r = spawnSyncJson([BIN, 'diff', 'fixtures/diff/metric/old', 'fixtures/diff/metric/new', '-f', 'json'], { ...process.env, NODE_OPTIONS: `--max-semi-space-size=32 --require ${reporter(dir, log)}` });
    expect(r.status).toBe(1);
    expect(processesIn(log)).toHaveLength(1);
  });

  it('other commands run in the first process', () => {
    const dir = tempDir();
    const log = join(dir, 'flags.log');
    const r = spawnSyncJson([BIN, 'lint', 'fixtures/demo', '-f', 'json'], { ...process.env, NODE_OPTIONS: `--require ${reporter(dir, log)}` });
    expect(r.status).toBe(1);
    expect(processesIn(log)).toHaveLength(1);
  });

  it('a SIGTERM to the first process ends the second one too, and no output is written', async () => {
    const { child, ended, second, out } = await diffUnderWay();
    child.kill('SIGTERM');
    const { code, signal } = await ended;
    expect(signal === 'SIGTERM' || code === 143).toBe(true);
    expect(alive(second.pid)).toBe(false);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('a SIGKILL to the first process, which cannot be passed on, leaves the second orphaned: it stops at its next step and writes nothing', async () => {
    const { child, ended, second, out } = await diffUnderWay();
    child.kill('SIGKILL');
    expect((await ended).signal).toBe('SIGKILL');
    // Without the check the second process runs the diff to its end and writes it (a few seconds).
    for (let i = 0; i < 600 && running(second.pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running(second.pid)).toBe(false);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('takes a parent pid left in the environment by something else for none', () => {
    const dir = tempDir();
    const { old, neu } = editedExports(dir, generateFlatAccount(200));
    // One process (the size is the user's), its parent this test, not pid 1: not orphaned.
    const direct = spawnSyncJson([BIN, 'diff', old, neu, '-f', 'json'], { ...process.env, NODE_OPTIONS: '--max-semi-space-size=16', ROUTELINT_PARENT_PID: '1' });
    expect(direct.status).toBe(1);
    expect(JSON.parse(direct.stdout).summary.routingChanged).toBe(true);
  }, 60_000);
});

function spawnSyncJson(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout };
}

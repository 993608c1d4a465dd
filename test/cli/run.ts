// Runs the built CLI as a user would: `node bin/routelint.js …` in a child process.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountText, reviseAccount, type Account } from '../../bench/generate.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'routelint.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', input: options.input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, timeout: 60000, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory holding the given files. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** One line on stderr, naming the problem (`routelint: …`, or `routelint lint: …` for a command's arguments), and no stack trace. */
export function expectOneLineError(r: RunResult): string {
  const lines = r.stderr.trimEnd().split('\n');
  if (lines.length !== 1 || /\n\s+at /.test(r.stderr) || !/^routelint( [a-z]+)?: /.test(r.stderr)) throw new Error(`expected a one-line error, got:\n${r.stderr}`);
  return lines[0]!;
}

/** Makes a FIFO at `path` and a reader of it (`cat`): resolves to all it read once the writer closes it. */
export function readFifo(path: string): Promise<string> {
  execFileSync('mkfifo', [path]);
  const reader = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let read = '';
  reader.stdout.setEncoding('utf8').on('data', (d: string) => (read += d));
  return new Promise((resolve) => reader.on('close', () => resolve(read)));
}

/** Is util-linux `script` here, to run a command on a pseudo-terminal (`script -qec CMD /dev/null`)? */
export const HAS_SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `account` and the same account after a round of edits (bench/generate.ts `reviseAccount`), written to `dir` as old.json and new.json. */
export function editedExports(dir: string, account: Account): { old: string; neu: string } {
  const old = join(dir, 'old.json');
  const neu = join(dir, 'new.json');
  writeFileSync(old, accountText(account));
  writeFileSync(neu, accountText(reviseAccount(account)));
  return { old, neu };
}

/** Does a process of this pid exist (a zombie counts)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

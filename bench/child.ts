// Running routelint and Node as timed child processes: the bench's only way to measure a command.
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'routelint.js');

export interface ChildRun {
  /** Wall time of the child, spawn to exit, in milliseconds. */
  ms: number;
  /** Peak resident set size of the child, in bytes (0 when not measured). */
  maxRss: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The children's environment: no colour, and no NODE_EXTRA_CA_CERTS, which some machines set (this
 * sandbox: a 220 KB bundle) and every Node start then parses, about 45 ms that would inflate the
 * start-up yardstick (`node -e 0`) users without it do not pay.
 */
const childEnv: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();

/**
 * Runs `node ARGS` and times it. With `measureRss`, a preloaded module reports the child's peak
 * RSS (process.resourceUsage().maxRSS) on stderr as it exits; it costs a few milliseconds of
 * startup, so startup figures are taken without it.
 *
 * `stdoutFile`: standard output goes to this file (as `> FILE` would), not through a pipe to the
 * bench; it is read back only with `readStdout`.
 */
export function runNode(args: readonly string[], options: { measureRss?: string; input?: string; stdoutFile?: string; readStdout?: boolean; timeoutMs?: number } = {}): ChildRun {
  const preload = options.measureRss ? ['--import', options.measureRss] : [];
  const out = options.stdoutFile === undefined ? 'pipe' : openSync(options.stdoutFile, 'w');
  const start = performance.now();
  // A command stopped at its time is sent SIGTERM, which routelint passes on to the second process
  // `diff` runs in (bin/routelint.js): a SIGKILL would leave that one running through the next runs.
  const r = spawnSync(process.execPath, [...preload, ...args], { cwd: ROOT, encoding: 'utf8', input: options.input, maxBuffer: 1 << 30, env: childEnv, stdio: ['pipe', out, 'pipe'], ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGTERM' as const } : {}) });
  const ms = performance.now() - start;
  if (typeof out === 'number') closeSync(out);
  if (r.error && !(options.timeoutMs && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')) throw r.error;
  let stderr = r.stderr;
  let maxRss = 0;
  // Every process of the command reports (a big export's run is a second process: bin/routelint.js): the largest counts.
  stderr = stderr.replace(/\nROUTELINT_BENCH_MAXRSS (\d+)\n/g, (_, kib: string) => {
    maxRss = Math.max(maxRss, Number(kib) * 1024);
    return '';
  });
  const stdout = typeof out !== 'number' ? r.stdout : options.readStdout ? readFileSync(options.stdoutFile!, 'utf8') : '';
  return { ms, maxRss, status: r.status, stdout, stderr };
}

/**
 * Collects this process's garbage now (`npm run bench` runs it with --expose-gc), so that no
 * collection of its own runs on background threads while a timed child runs.
 */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Writes a file and waits until it is on disk: otherwise the kernel writes it back some 30 s later,
 * in the middle of the timed runs, and on a two-core machine that costs the runs CPU.
 */
export function writeDurably(path: string, text: string): void {
  writeFileSync(path, text);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const RSS_REPORTER = `import { writeSync } from 'node:fs';
process.on('exit', () => writeSync(2, '\\nROUTELINT_BENCH_MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));
`;

export const PARSE_SCRIPT = `const { readFileSync } = require('node:fs');
const text = readFileSync(process.argv[1], 'utf8');
const start = performance.now();
JSON.parse(text);
process.stdout.write(String(performance.now() - start));`;

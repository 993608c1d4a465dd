// Runs the built CLI in a child process without blocking this process's event loop, so the fake API
// server in the same test process can answer it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './fakeApi.js';

const BIN = join(ROOT, 'bin', 'routelint.js');

export interface AsyncRunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds the run took. */
  elapsedMs: number;
}

export function runCliAsync(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<AsyncRunResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NETBIRD_API_TOKEN: undefined, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

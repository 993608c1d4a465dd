// Running npm, pre-commit and the installed CLI as a user's shell would: without the npm_* variables
// of an enclosing `npm test` (its npm_config_local_prefix would point a nested npm back at this
// checkout), without NODE_PATH, without colour.
import { spawn, spawnSync } from 'node:child_process';

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE_PATH' && name !== 'FORCE_COLOR'));
  return { ...env, NO_COLOR: '1', ...extra };
}

export function run(command: string, args: readonly string[], cwd: string, env = userEnv()): Ran {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As `run`, without blocking: for long runs that may overlap. */
export function runAsync(command: string, args: readonly string[], cwd: string, env = userEnv()): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

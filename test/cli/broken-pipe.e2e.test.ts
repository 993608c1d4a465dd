// A reader that stops early (`routelint … | head`) ends the run quietly, with exit 141 (the status
// of a process killed by SIGPIPE), never with Node's EPIPE stack trace.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './run.js';

it('exits 141 without a word on stderr when standard output is closed early', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'routelint.js'), 'simulate', 'fixtures/demo', '--batch', '-', '--explain'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Far more answers than a pipe holds, so the writer is still writing when the reader leaves.
  // The child may leave before it has read all of them: the test's own write then fails, as expected.
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${'{"ip": "10.20.1.7", "from_peer": "laptop-anna"}\n'.repeat(5000)}`);
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect([code, stderr]).toEqual([141, '']);
});

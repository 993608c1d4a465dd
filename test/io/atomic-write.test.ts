import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { writeFileAtomic } from '../../src/io/write.js';
import { ROOT, tempDir } from '../cli/run.js';

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file behind', () => {
    const dir = tempDir({ 'out.json': 'OLD' });
    writeFileAtomic(join(dir, 'out.json'), 'NEW');
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('NEW');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('fails with a one-line InputError and leaves the old file when the folder is not writable', () => {
    expect(() => writeFileAtomic('/proc/routelint-cannot-write-here.json', 'x')).toThrow(/cannot write/);
  });
});

describe('a run killed while writing its report', () => {
  it('never leaves a half-written report: the old file or the whole new one', async () => {
    const dir = tempDir();
    const input = join(dir, 'account.json');
    writeFileSync(input, JSON.stringify(generateAccount(20000, 7)));
    const out = join(dir, 'report.json');
    const outcomes = new Set<string>();
    for (const delay of [50, 150, 300, 450, 600, 800, 1200]) {
      writeFileSync(out, 'OLD REPORT');
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'routelint.js'), 'lint', input, '-f', 'json', '-o', out], { stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const text = readFileSync(out, 'utf8');
      if (text === 'OLD REPORT') outcomes.add('old');
      else {
        expect(() => JSON.parse(text)).not.toThrow();
        outcomes.add('new');
      }
    }
    // The input is untouched whatever happened.
    expect(JSON.parse(readFileSync(input, 'utf8')).routes).toHaveLength(20000);
    expect(outcomes.size).toBeGreaterThan(0);
  });
});

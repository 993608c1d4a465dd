// The progress bar that waits: nothing for a run that ends quickly, a bar once it has run a while,
// and nothing at all off a terminal.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearProgress, delayedProgressBar, progressBar, type Progress } from '../../src/io/progress.js';
import { writeOutputUnder } from '../../src/io/write.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('delayedProgressBar', () => {
  it('draws nothing before the delay and a bar after it, cleared by done()', () => {
    let now = 1000;
    const { stream, written } = fakeStream(true);
    const bar = delayedProgressBar(stream, 1000, () => now);
    bar.update(0.1, 'reading');
    now = 1999;
    bar.update(0.2, 'rules');
    expect(written).toEqual([]);
    now = 2000;
    bar.update(0.5, 'reachability');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\r\[={12} {12}\] {2}50% reachability/);
    bar.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('with no delay draws at once; off a terminal never', () => {
    const on = fakeStream(true);
    delayedProgressBar(on.stream, 0, () => 0).update(0, 'reading');
    expect(on.written).toHaveLength(1);
    const off = fakeStream(false);
    const bar = delayedProgressBar(off.stream, 0, () => 0);
    bar.update(0.5, 'x');
    bar.done();
    expect(off.written).toEqual([]);
  });

  it('a run that ends before the delay leaves nothing behind', () => {
    const { stream, written } = fakeStream(true);
    const bar = delayedProgressBar(stream, 1000, () => 0);
    bar.update(0.9, 'writing');
    bar.done();
    expect(written).toEqual([]);
  });
});

describe('clearProgress', () => {
  it('clears the bar drawn now, once; a bar done or never drawn leaves nothing to clear', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream, true);
    clearProgress();
    expect(written).toEqual([]);
    bar.update(0.5, 'comparing');
    clearProgress();
    expect(written).toEqual([expect.stringMatching(/^\r\[/), '\r\x1b[K']);
    clearProgress();
    bar.done();
    expect(written).toHaveLength(2);
  });
});

describe('writeOutputUnder', () => {
  /** A bar that records what it is told. */
  function recorder(): { bar: Progress; calls: string[] } {
    const calls: string[] = [];
    return { bar: { update: (fraction, label) => calls.push(`${fraction} ${label}`), done: () => calls.push('done') }, calls };
  }

  it('keeps the bar up while a file is written, then clears it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'routelint-progress-')), 'out.json');
    const { bar, calls } = recorder();
    function* parts(): Generator<string> {
      calls.push('part');
      yield '{}';
    }
    expect(await writeOutputUnder(bar, path, parts())).toBe('file');
    expect(calls).toEqual(['0.95 writing', 'part', 'done']);
    expect(readFileSync(path, 'utf8')).toBe('{}');
  });

  it('clears the bar before writing to a terminal on standard output', async () => {
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    try {
      const { bar, calls } = recorder();
      function* parts(): Generator<string> {
        calls.push('part');
      }
      expect(await writeOutputUnder(bar, undefined, parts())).toBe('stdout');
      expect(calls[0]).toBe('done');
      expect(calls).not.toContain('0.95 writing');
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  });
});

describe('progressBar', () => {
  it('cuts a long label to the terminal width, never inside a character outside the BMP', () => {
    for (let columns = 40; columns < 48; columns++) {
      const written: string[] = [];
      const stream = { isTTY: true, columns, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream;
      progressBar(stream, true).update(0.5, `reading ${'😀'.repeat(20)}.json`);
      const line = written[0]!.replace(/\x1b\[K$/, '');
      expect(line.length).toBeLessThanOrEqual(columns - 1);
      expect(line.length).toBeGreaterThanOrEqual(columns - 2);
      // Every surrogate is half of a whole pair.
      expect(line).toMatch(/^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/);
    }
  });
});

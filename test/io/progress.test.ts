// The progress bar that waits: nothing for a run that ends quickly, a bar once it has run a while,
// and nothing at all off a terminal.
import { describe, expect, it } from 'vitest';
import { delayedProgressBar } from '../../src/io/progress.js';

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

// The batch input's line splitter: the lines readline would give, whatever the chunks, and a line
// past the limit reported by its length, never held.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_LINE_MAX_BYTES, countLines, LineSplitter, type BatchLine } from '../../src/load/lines.js';

function split(chunks: readonly Uint8Array[], max?: number, skipMax?: number): BatchLine[] {
  const splitter = new LineSplitter(max, skipMax);
  const lines: BatchLine[] = [];
  for (const chunk of chunks) {
    splitter.push(chunk, (l) => lines.push(l));
    if (splitter.done) return lines;
  }
  splitter.end((l) => lines.push(l));
  return lines;
}

/** What readline with crlfDelay Infinity reads: \r\n, \n or a lone \r ends a line; a final line end opens none. */
function readlineLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `bytes` cut at the given offsets. */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

describe('LineSplitter', () => {
  it('splits as readline does, whatever the chunks (UTF-8 split inside a character too)', () => {
    const piece = fc.constantFrom('a', '{"ip":"10.0.0.1"}', '\n', '\r', '\r\n', 'é', '😀', ' ', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, cuts) => {
        const text = pieces.join('');
        const lines = split(chunked(Buffer.from(text, 'utf8'), cuts));
        expect(lines).toEqual(readlineLines(text).map((t) => ({ text: t })));
        expect(countLines(Buffer.from(text, 'utf8'))).toBe(lines.length);
      }),
    );
  });

  it('drops a byte-order mark opening the input only', () => {
    expect(split([Buffer.from('\ufeffa\n\ufeffb')])).toEqual([{ text: 'a' }, { text: '\ufeffb' }]);
  });

  it('reports a line past the limit by its length, and goes on with the next', () => {
    const text = `short\n${'x'.repeat(11)}\r\n${'y'.repeat(10)}\nlast`;
    const cuts = [3, 9, 14, 20];
    expect(split(chunked(Buffer.from(text), cuts), 10)).toEqual([{ text: 'short' }, { tooLong: 11, endless: false }, { text: 'y'.repeat(10) }, { text: 'last' }]);
    expect(split([Buffer.from(`${'x'.repeat(12)}`)], 10)).toEqual([{ tooLong: 12, endless: false }]);
  });

  it('holds no more than the limit of a long line, and stops at a line with no end in sight', () => {
    const splitter = new LineSplitter(10, 100);
    const lines: BatchLine[] = [];
    const zeros = new Uint8Array(30);
    for (let i = 0; i < 10 && !splitter.done; i++) splitter.push(zeros, (l) => lines.push(l));
    expect(splitter.done).toBe(true);
    expect(lines).toEqual([{ tooLong: 120, endless: true }]);
    // Nothing after: the rest is not read.
    splitter.push(Buffer.from('\n{}\n'), (l) => lines.push(l));
    splitter.end((l) => lines.push(l));
    expect(lines).toHaveLength(1);
  });

  it('takes lines of up to 1 MiB', () => {
    const line = 'q'.repeat(BATCH_LINE_MAX_BYTES);
    expect(split([Buffer.from(`${line}\n${line}q\n`)])).toEqual([{ text: line }, { tooLong: BATCH_LINE_MAX_BYTES + 1, endless: false }]);
  });
});

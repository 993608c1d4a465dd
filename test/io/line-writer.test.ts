import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineWriter } from '../../src/io/line-writer.js';

/** A stream that keeps what it is given as given (no copy): a buffer filled again after writing would show. */
function recorder(): { stream: Writable; chunks: (Buffer | string)[]; text: () => string } {
  const chunks: (Buffer | string)[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, chunks, text: () => chunks.map((c) => (typeof c === 'string' ? c : c.toString('utf8'))).join('') };
}

describe('LineWriter', () => {
  it('writes every line, in order, each once, whatever their sizes and characters', async () => {
    const line = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 30, maxLength: 80 }));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.integer({ min: 8, max: 200 }), async (lines, chunkBytes) => {
        const out = recorder();
        const writer = new LineWriter(out.stream, chunkBytes);
        for (const l of lines) writer.write(l);
        await writer.end();
        expect(out.text()).toBe(lines.map((l) => `${l}\n`).join(''));
      }),
    );
  });

  it('writes lines given in two parts, text then encoded bytes, as the joined text', async () => {
    const part = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(part, part, fc.boolean()), { maxLength: 40 }), fc.integer({ min: 8, max: 120 }), async (lines, chunkBytes) => {
        const out = recorder();
        const writer = new LineWriter(out.stream, chunkBytes);
        for (const [head, tail, asParts] of lines) {
          if (asParts) writer.writeParts(head, Buffer.from(tail, 'utf8'));
          else writer.write(head + tail);
        }
        await writer.end();
        expect(out.text()).toBe(lines.map(([head, tail]) => `${head}${tail}\n`).join(''));
      }),
    );
  });

  it('writes a queued line as soon as the writer is left alone, without waiting for a full chunk', async () => {
    const out = recorder();
    const writer = new LineWriter(out.stream);
    writer.write('{"first":1}');
    expect(out.chunks).toHaveLength(0);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(out.text()).toBe('{"first":1}\n');
    await writer.end();
  });

  it('sends a line longer than a chunk on its own, after the lines before it', async () => {
    const out = recorder();
    const writer = new LineWriter(out.stream, 16);
    writer.write('a');
    writer.write('x'.repeat(100));
    writer.write('b');
    await writer.end();
    expect(out.text()).toBe(`a\n${'x'.repeat(100)}\nb\n`);
    expect(out.chunks.map((c) => c.length)).toEqual([2, 101, 2, 0]);
  });
});

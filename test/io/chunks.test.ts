import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunksOf } from '../../src/io/write.js';

const bytesOf = (parts: Iterable<string>): Buffer => Buffer.concat([...chunksOf(parts)]);

/** Text with ASCII, two- and three-byte characters, surrogate pairs and lone surrogates. */
const unit = fc.oneof(
  fc.constantFrom('a', '"', '\n', 'é', '€', '\u{1F600}', '\ud83d', '\ude00', '\u0000'),
  fc.string({ maxLength: 8 }),
);
const part = fc.array(unit, { maxLength: 12 }).map((u) => u.join(''));

describe('chunksOf', () => {
  it('encodes parts as Buffer.from encodes them joined (surrogate pairs split between parts included)', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        expect(bytesOf(parts).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('splits long output into chunks of at most 1 MiB, a part that may be longer alone in its chunk', () => {
    const small = 'x'.repeat(300_000);
    const big = '€'.repeat(400_000);
    const parts = [small, small, big, small, '\ud83d', '\ude00', small];
    const chunks = [...chunksOf(parts)];
    expect(Buffer.concat(chunks).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
    // A part goes in a chunk when its worst case (3 bytes a unit) fits there.
    expect(chunks.map((c) => c.length)).toEqual([300_000, 300_000, 1_200_000, 300_004, 300_000]);
  });

  it('keeps a lone high surrogate at the very end as U+FFFD, as Buffer.from does', () => {
    expect(bytesOf(['ab', '\ud83d'])).toEqual(Buffer.from('ab\ud83d', 'utf8'));
    expect(bytesOf(['\ud83d', '\ud83d', 'c'])).toEqual(Buffer.from('\ud83d\ud83dc', 'utf8'));
  });

  it('passes a string or a buffer through as one chunk', () => {
    expect([...chunksOf('héllo')]).toEqual([Buffer.from('héllo', 'utf8')]);
    const bytes = new Uint8Array([1, 2, 3]);
    expect([...chunksOf(bytes)][0]).toBe(bytes);
  });
});

// Lines of a `simulate --batch` input, bounded: a line is held only up to BATCH_LINE_MAX_BYTES; a
// longer one is skipped to its end (counted, never held) and reported as too long, so that one
// huge line, or `/dev/zero`, costs no more memory than a normal line. Line ends as readline reads
// them: `\r\n`, `\n` or a lone `\r`; a final line end opens no further line. The input is split
// as bytes (a line end is one byte in UTF-8, never inside a character) and each line is decoded
// on its own.

/** Longest line of a `--batch` input that is read as a question, in bytes (1 MiB). */
export const BATCH_LINE_MAX_BYTES = 1024 * 1024;

/** Bytes of one line skipped before reading stops altogether: as large as the largest file routelint reads (1 GiB). */
export const BATCH_SKIP_MAX_BYTES = 1024 * 1024 * 1024;

/** A line past the limit: its length in bytes (`endless`: no line end within BATCH_SKIP_MAX_BYTES, reading stopped there). */
export interface TooLongLine {
  readonly tooLong: number;
  readonly endless: boolean;
}

/** A line: its text, or that it is too long. */
export type BatchLine = { readonly text: string } | TooLongLine;

const LF = 0x0a;
const CR = 0x0d;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Splits chunks of bytes into lines; a line may span chunks. */
export class LineSplitter {
  /** The pieces of the current line so far (none once it is too long). */
  private pieces: Buffer[] = [];
  /** Bytes of the current line so far. */
  private length = 0;
  /** The last chunk ended with `\r`: a `\n` opening the next one ends no further line. */
  private afterCr = false;
  private first = true;
  private stopped = false;

  constructor(
    private readonly maxBytes = BATCH_LINE_MAX_BYTES,
    private readonly skipMaxBytes = BATCH_SKIP_MAX_BYTES,
  ) {}

  /** Whether reading should stop: a line ran past `skipMaxBytes` without ending (already emitted). */
  get done(): boolean {
    return this.stopped;
  }

  /** Emits every line that ends in `chunk`. */
  push(chunk: Uint8Array, emit: (line: BatchLine) => void): void {
    if (this.stopped) return;
    const bytes = asBuffer(chunk);
    let start = 0;
    if (this.afterCr && bytes.length > 0) {
      this.afterCr = false;
      if (bytes[0] === LF) start = 1;
    }
    // The next line ends in the chunk, each found once (a chunk without `\r` is scanned for it once).
    let nextLf = bytes.indexOf(LF, start);
    let nextCr = bytes.indexOf(CR, start);
    while (start < bytes.length) {
      if (nextLf !== -1 && nextLf < start) nextLf = bytes.indexOf(LF, start);
      if (nextCr !== -1 && nextCr < start) nextCr = bytes.indexOf(CR, start);
      const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (end === -1) {
        this.take(bytes, start, bytes.length);
        if (this.length > this.skipMaxBytes) {
          this.stopped = true;
          emit(this.finish(true));
        }
        return;
      }
      this.take(bytes, start, end);
      emit(this.finish(false));
      start = end + 1;
      if (bytes[end] === CR) {
        if (start === bytes.length) this.afterCr = true;
        else if (bytes[start] === LF) start++;
      }
    }
  }

  /** Emits the last line, if the input does not end with a line end. */
  end(emit: (line: BatchLine) => void): void {
    if (!this.stopped && this.length > 0) emit(this.finish(false));
  }

  private take(bytes: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n === 0) return;
    this.length += n;
    if (this.length > this.maxBytes) this.pieces = [];
    else this.pieces.push(bytes.subarray(from, to));
  }

  private finish(endless: boolean): BatchLine {
    const length = this.length;
    const pieces = this.pieces;
    this.pieces = [];
    this.length = 0;
    const first = this.first;
    this.first = false;
    if (length > this.maxBytes) return { tooLong: length, endless };
    let text = pieces.length === 1 ? pieces[0]!.toString('utf8') : Buffer.concat(pieces, length).toString('utf8');
    // A byte-order mark opening the input is no part of the first question.
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  }
}

/** Lines in `bytes` as LineSplitter splits them (for a progress bar's total). */
export function countLines(bytes: Uint8Array): number {
  const b = asBuffer(bytes);
  let n = 0;
  for (let i = b.indexOf(LF); i !== -1; i = b.indexOf(LF, i + 1)) n++;
  for (let i = b.indexOf(CR); i !== -1; i = b.indexOf(CR, i + 1)) if (b[i + 1] !== LF) n++;
  const last = b[b.length - 1];
  return b.length > 0 && last !== LF && last !== CR ? n + 1 : n;
}

// Many short lines to a stream, as `simulate --batch` writes its answers: encoded straight into a
// buffer and written in large chunks, and written as soon as the input pauses, so that a reader
// feeding questions one at a time gets each answer without waiting for a full chunk. Lines in two
// parts (`writeParts`) take the shared, already encoded half of a batch answer (simulate/batch.ts).
import type { OutputSink } from './write.js';

/** Bytes written at once (a chunk), unless one line is longer. */
export const LINE_CHUNK_BYTES = 1 << 18;

const NO_BYTES = new Uint8Array(0);
const LINE_END = Buffer.from('\n');

export class LineWriter {
  /** Lines are encoded into this buffer: no joined string, no second copy of every line. */
  private buffer: Buffer;
  private used = 0;
  private scheduled = false;

  constructor(
    private readonly stream: OutputSink,
    private readonly chunkBytes = LINE_CHUNK_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** Queues `line` and a line end. */
  write(line: string): void {
    this.writeParts(line, NO_BYTES);
  }

  /**
   * Queues a line given in two parts: text, then bytes already encoded as UTF-8 (a part many lines
   * share is encoded once by its owner, not once per line), and a line end.
   */
  writeParts(head: string, tail: Uint8Array): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8: a line that may not fit waits for the next chunk.
    const most = 3 * head.length + tail.length + 1;
    if (this.used + most > this.buffer.length) {
      this.flush();
      if (most > this.buffer.length) {
        this.stream.write(Buffer.concat([Buffer.from(head, 'utf8'), tail, LINE_END]));
        return;
      }
    }
    this.used += this.buffer.write(head, this.used, 'utf8');
    this.buffer.set(tail, this.used);
    this.used += tail.length;
    this.buffer[this.used++] = 0x0a;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.used === 0) return;
    // The stream may keep what it is given until it drains: a written buffer is never filled again.
    this.stream.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
  }

  /** Writes what is queued and resolves once the stream has taken it. */
  async end(): Promise<void> {
    this.flush();
    // Let the stream drain before the process exits (a pipe may hold back a large last chunk).
    await new Promise<void>((resolve) => {
      this.stream.write('', () => resolve());
    });
  }
}

// Element starts of a big export's `routes` section, found on a second thread while the main one
// parses the text, builds the model and runs the rules. Positions of findings need them at the
// very end, and walking a 100 MB section for them needs nothing but the text. The worker decodes
// the very bytes the main thread decoded (shared, and never written again), so both see the same
// text. Anything going wrong there (no worker file, a crash, a timeout) only means the main
// thread walks the section itself, as it does for small files.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';

// worker_threads, and the modules Node loads under it, only for an export big enough to prefetch:
// a small lint's start-up does without them.
const requireLazily = createRequire(import.meta.url);

/** Below this size walking the section costs less than starting a worker. */
export const PREFETCH_MIN_BYTES = 32 * 1024 * 1024;

/**
 * The worker's answer: where the array starts and the start of each element. `member`: the text is
 * an object and `open` is the value of its `routes` member (which the caller must know it has).
 */
export interface PrefetchedElements {
  readonly member: boolean;
  readonly open: number;
  readonly starts: ArrayLike<number>;
  /** Per element start, its 1-based line and the offset that line starts at (see `lineAnchors`). */
  readonly lines?: ArrayLike<number>;
  readonly lineStarts?: ArrayLike<number>;
}

export interface ElementPrefetch {
  /** Waits for the worker (usually done long before); null when it failed or took too long. */
  result(): PrefetchedElements | null;
}

/** The longest the main thread waits for the worker before walking the section itself. */
const WAIT_MS = 30_000;

const workerFile = fileURLToPath(new URL('./section-worker.js', import.meta.url));

/**
 * Starts finding the element starts of the routes section of `bytes` on a worker thread; null
 * when no worker can run here. `bytes` must live in a SharedArrayBuffer and never change again.
 */
export function prefetchElementStarts(bytes: Uint8Array): ElementPrefetch | null {
  if (!(bytes.buffer instanceof SharedArrayBuffer) || !existsSync(workerFile)) return null;
  const { MessageChannel, receiveMessageOnPort, Worker } = requireLazily('node:worker_threads') as typeof import('node:worker_threads');
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(workerFile, { workerData: { bytes, done, port: port2 }, transferList: [port2] });
  } catch {
    port1.close();
    return null;
  }
  // The answer is waited for synchronously: the worker must not keep the process alive.
  worker.unref();
  worker.on('error', () => undefined);
  let answer: PrefetchedElements | null | undefined;
  return {
    result() {
      if (answer !== undefined) return answer;
      answer = null;
      if (Atomics.wait(done, 0, 0, WAIT_MS) !== 'timed-out') {
        const message = receiveMessageOnPort(port1)?.message as (PrefetchedElements & { error?: string }) | undefined;
        if (message && message.error === undefined && message.starts && message.open >= 0) {
          const { lines, lineStarts, starts } = message;
          const anchored = lines && lineStarts && lines.length === starts.length && lineStarts.length === starts.length;
          answer = { member: message.member, open: message.open, starts, ...(anchored ? { lines, lineStarts } : {}) };
        }
      }
      port1.close();
      void worker.terminate();
      return answer;
    },
  };
}

// The other half of section-prefetch.ts, run on a worker thread: reads the bytes the main thread
// decoded, and finds the array findings point into (the `routes` section of a bundle, or a
// top-level array) and the start of each of its elements. An ASCII file (the usual export) is
// walked in its bytes, whose offsets are the text's; any other is decoded as the main thread did.
import { isAscii } from 'node:buffer';
import { workerData, type MessagePort } from 'node:worker_threads';
import { AsciiBytes, elementStarts, lineAnchors, memberElementStarts, valueStartAt } from './json-sections.js';
import { decodeText } from './source.js';

interface Job {
  readonly bytes: Uint8Array;
  /** Set to 1 (and notified) once the answer is on `port`. */
  readonly done: Int32Array;
  readonly port: MessagePort;
}

const { bytes, done, port } = workerData as Job;
try {
  const text = isAscii(bytes) ? new AsciiBytes(bytes) : decodeText(bytes);
  const root = valueStartAt(text, 0);
  // A bundle is asked for its routes only if it has them; a `"routes":` nested elsewhere is no member.
  const isObject = text.charCodeAt(root) === 0x7b;
  const section = isObject ? memberElementStarts(text, root, 'routes') : { start: root, elements: text.charCodeAt(root) === 0x5b ? elementStarts(text, root) : null };
  const starts = section.elements ? Float64Array.from(section.elements) : null;
  // The line of each element start too: the main thread then counts line ends from the element a
  // finding is in, not from the top of the file (millions of lines in a big export).
  const anchors = starts ? lineAnchors(text, starts) : null;
  const moved: ArrayBuffer[] = starts && anchors ? [starts.buffer as ArrayBuffer, anchors.lines.buffer as ArrayBuffer, anchors.lineStarts.buffer as ArrayBuffer] : [];
  port.postMessage({ member: isObject, open: section.start, starts, lines: anchors?.lines, lineStarts: anchors?.lineStarts }, moved);
} catch (err) {
  port.postMessage({ error: String(err) });
} finally {
  port.close();
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

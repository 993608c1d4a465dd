// The diff for tools: one JSON object on one line, as `JSON.stringify` writes it, but made in
// parts (a section header, then each entry of a list) so that a large diff is never one string.
import type { Diff } from '../diff/types.js';

/** Lists at most this deep are written entry by entry: the diff's sections and their lists. */
const PART_DEPTH = 2;

function* jsonParts(value: unknown, depth: number): Generator<string> {
  if (depth > PART_DEPTH || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      // As in JSON.stringify: a missing entry or one that cannot be written is null.
      const v: unknown = value[i];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
      else yield* jsonParts(v, depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonParts(v, depth + 1);
  }
  yield '}';
}

/** The diff as JSON text in parts, a line end last: joined, they are `JSON.stringify(diff)` and a line end. */
export function* formatDiffJsonParts(diff: Diff): Generator<string> {
  yield* jsonParts(diff, 0);
  yield '\n';
}

/** The diff for tools: one JSON object on one line. */
export function formatDiffJson(diff: Diff): string {
  return [...formatDiffJsonParts(diff)].join('');
}

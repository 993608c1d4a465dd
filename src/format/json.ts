import type { LintResult } from '../engine/lint.js';
import { arrayElementParts, ELEMENTS_PER_PART } from './json-parts.js';
import type { Formatter } from './types.js';

/**
 * ESLint's JSON format: the results array on one line, as `JSON.stringify(results)` writes it,
 * in parts: each result's array members (its messages) a few dozen elements at a time. The output
 * is never one string, so a large run holds no 50 MB copy of it, and a non-ASCII character in one
 * message makes only the part around it two-byte text (slower to encode), not the whole document.
 */
export function* formatJsonParts(results: readonly LintResult[]): Generator<string> {
  yield '[';
  for (let i = 0; i < results.length; i++) {
    if (i > 0) yield ',';
    yield* objectParts(results[i]!);
  }
  yield ']\n';
}

/** `JSON.stringify(value)` of a plain object, its long array members in parts. */
function* objectParts(value: object): Generator<string> {
  let open = '{';
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    // JSON.stringify leaves out members it cannot write (undefined, functions, symbols).
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    const name = `${open}${JSON.stringify(key)}:`;
    open = ',';
    if (!Array.isArray(member) || member.length <= ELEMENTS_PER_PART) {
      yield name + JSON.stringify(member);
      continue;
    }
    yield `${name}[`;
    yield* arrayElementParts(member);
    yield ']';
  }
  yield open === '{' ? '{}' : '}';
}

/** The same document as one string. */
export const formatJson: Formatter = (results) => [...formatJsonParts(results)].join('');

// Where values sit in a JSON text, found by walking its structure. jsonc-parser's full position
// tree costs about eight times JSON.parse on a 100 MB export; once JSON.parse has accepted the
// text, skipping strings and matching brackets is all it takes: a top-level section is found by a
// native substring search, the starts of its elements in one pass, and a path is then walked
// inside the one element it points into.

/**
 * What the section walk reads of a text: a string, or (on the prefetch worker) the bytes of an
 * ASCII file read in place, whose byte offsets are the string's offsets (see AsciiBytes).
 */
export interface JsonText {
  readonly length: number;
  charCodeAt(i: number): number;
  /** First index of `needle` at or after `from`, -1 when there is none. */
  indexOf(needle: string, from?: number): number;
  slice(start: number, end: number): string;
}

/**
 * The bytes of a text that is pure ASCII, read as that text without decoding it: byte i is
 * character i. Walking them needs no second copy of a 150 MB file as a string.
 */
export class AsciiBytes implements JsonText {
  readonly length: number;
  private readonly buffer: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.length = bytes.length;
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  charCodeAt(i: number): number {
    // A string answers NaN past its end; no byte is NaN either, so comparisons fail the same way.
    return i >= 0 && i < this.length ? this.bytes[i]! : Number.NaN;
  }

  indexOf(needle: string, from = 0): number {
    if (needle.length !== 1) return this.buffer.indexOf(needle, from, 'latin1');
    // Most searches (a string's closing quote) end within a few bytes: a loop here costs less than a
    // native call, which takes over for a longer search (a backslash anywhere in the file).
    const c = needle.charCodeAt(0);
    const { bytes } = this;
    const near = Math.min(bytes.length, Math.max(from, 0) + 64);
    for (let i = Math.max(from, 0); i < near; i++) if (bytes[i] === c) return i;
    return near >= bytes.length ? -1 : this.buffer.indexOf(c, near);
  }

  slice(start: number, end: number): string {
    return this.buffer.toString('latin1', start, end);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipSpace(text: JsonText, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the string starting at the quote at `i`. */
export function skipString(text: JsonText, i: number): number {
  // The closing quote is the next quote not escaped, that is with an even run of backslashes before it.
  for (let q = text.indexOf('"', i + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return q + 1;
  }
  return text.length;
}

/** End (exclusive) of the JSON value starting at `i`. */
export function skipValue(text: JsonText, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) i = skipString(text, i) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) return i + 1;
      }
    }
    return i;
  }
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    i++;
  }
  return i;
}

/** Offset of the first non-space character at or after `i`. */
export function valueStartAt(text: JsonText, i: number): number {
  return skipSpace(text, i);
}

/** Starts of the elements of the array whose `[` is at `open`. */
export function elementStarts(text: JsonText, open: number): number[] {
  return walkArray(text, open).starts;
}

/** Starts of the elements of the array whose `[` is at `open`, and the offset just past its `]`. */
function walkArray(text: JsonText, open: number): { starts: number[]; end: number } {
  const starts: number[] = [];
  let i = skipSpace(text, open + 1);
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
    starts.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return { starts, end: i + 1 };
}

/**
 * Line anchors of offsets in ascending order: per offset, its 1-based line and the offset that line
 * starts at, found in one pass over the line ends before the last offset.
 */
export function lineAnchors(text: JsonText, offsets: ArrayLike<number>): { lines: Float64Array; lineStarts: Float64Array } {
  const lines = new Float64Array(offsets.length);
  const lineStarts = new Float64Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  let nextLineEnd = offsets.length > 0 ? text.indexOf('\n') : -1;
  for (let i = 0; i < offsets.length; i++) {
    const offset = offsets[i]!;
    while (nextLineEnd >= 0 && nextLineEnd < offset) {
      line++;
      lineStart = nextLineEnd + 1;
      nextLineEnd = text.indexOf('\n', lineStart);
    }
    lines[i] = line;
    lineStarts[i] = lineStart;
  }
  return { lines, lineStarts };
}

/** Value start of the first `"key":` (the needle) at or after `from`; -1 when there is none. */
function nextMember(text: JsonText, needle: string, from: number): number {
  for (let i = text.indexOf(needle, from); i >= 0; i = text.indexOf(needle, i + needle.length)) {
    // A match inside a string would end in an escaped quote, so it never matches `"key"` whole; a string value is never followed by a colon.
    const after = skipSpace(text, i + needle.length);
    if (text.charCodeAt(after) === COLON) return skipSpace(text, after + 1);
  }
  return -1;
}

/**
 * The top-level member `key` of the object at `open` (as memberValueStart, which the object must
 * have) and, when its value is
 * an array, the starts of its elements. Those are walked anyway, so only the text outside the array
 * needs searching for another `"key":`: the first one is taken, its array walked, and the text after
 * it searched. When that first one sits inside an earlier member, the top-level one comes after it
 * and is found there; any second one means the members are walked one by one.
 */
export function memberElementStarts(text: JsonText, open: number, key: string): { start: number; elements: number[] | null } {
  const needle = JSON.stringify(key);
  const first = hasUnicodeEscape(text) ? -1 : nextMember(text, needle, 0);
  if (first >= 0 && text.charCodeAt(first) === OPEN_BRACKET) {
    const { starts, end } = walkArray(text, first);
    if (nextMember(text, needle, end) < 0) return { start: first, elements: starts };
  }
  const start = memberValueStart(text, open, key);
  return { start, elements: start >= 0 && text.charCodeAt(start) === OPEN_BRACKET ? elementStarts(text, start) : null };
}

/**
 * Start of the value of the top-level member `key` of the object that starts at `open`; the object
 * must have that member (JSON.parse says which it has).
 * The usual export names each section once: then the one `"key":` in the whole text is the
 * member, found by a native substring search instead of walking every value before it. When the
 * key is spelled more than once at any depth, the text uses `\u` escapes (which could spell it
 * another way), or a match could span two tokens (`searchable`), the members are walked one by one;
 * as JSON.parse does, the last duplicate wins.
 */
export function memberValueStart(text: JsonText, open: number, key: string): number {
  const needle = JSON.stringify(key);
  let found = -1;
  let count = 0;
  // A match inside a string would end in an escaped quote, so it never matches `"key"` whole; a string value is never followed by a colon.
  if (searchable(key)) {
    for (let i = text.indexOf(needle); i >= 0 && count < 2; i = text.indexOf(needle, i + needle.length)) {
      const after = skipSpace(text, i + needle.length);
      if (text.charCodeAt(after) === COLON) {
        count++;
        found = skipSpace(text, after + 1);
      }
    }
  }
  if (count === 1 && !hasUnicodeEscape(text)) return found;
  let last = -1;
  let i = skipSpace(text, open + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
    if (name === key) last = i;
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return last;
}

/**
 * Can `"key"` be found by a substring search, every match being a whole string token? A match
 * cannot lie inside a string (that would need an escaped quote), but it can span two tokens when the
 * key starts with what may follow a closing quote or ends with what may come before an opening one
 * (whitespace, `,` `:` `[` `]` `{` `}`): the key `,` matches the `","` between `"a"` and `"b"`, and a
 * search that went on past such a match would skip a real key starting at its last quote.
 */
function searchable(key: string): boolean {
  return key === '' || !(STRUCTURAL.test(key[0]!) || STRUCTURAL.test(key[key.length - 1]!));
}

const STRUCTURAL = /[\s,:[\]{}]/;

/**
 * Does the text hold a `\u` escape? Searching for the backslash alone is a native scan several
 * times faster than searching for the two characters, and exports hold few backslashes.
 */
function hasUnicodeEscape(text: JsonText): boolean {
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 2)) {
    if (text.charCodeAt(i + 1) === 0x75) return true;
  }
  return false;
}

/** Does the raw key text at [start, end) (quotes included) spell `key`? */
function keyIs(text: string, start: number, end: number, key: string): boolean {
  for (let i = start + 1; i < end - 1; i++) {
    // Escapes can spell the same key another way; only then is the key worth decoding.
    if (text.charCodeAt(i) === BACKSLASH) return (JSON.parse(text.slice(start, end)) as string) === key;
  }
  return end - start - 2 === key.length && text.startsWith(key, start + 1);
}

/**
 * Offset of the value of member `key` of the object whose text is `text[start, end)` (the object
 * and what may follow it up to the next value, such as a comma), when a native substring search
 * can tell: the object holds no backslash (so every key is spelled as it reads and no quote is
 * escaped) and `"key":` occurs in it once. The caller knows from the parsed value that the object
 * has the member, so that one occurrence is it, at whatever depth others would be. -1: walk it
 * (offsetInValue), as for a key spelled twice at any depth.
 */
export function uniqueMemberValue(text: string, start: number, end: number, key: string): number {
  // A slice is a view of the text: the searches below stop at its end instead of running on
  // through the rest of a 100 MB file when the key is rare.
  if (!searchable(key)) return -1;
  const within = text.slice(start, end);
  if (within.indexOf('\\') >= 0) return -1;
  const needle = JSON.stringify(key);
  let found = -1;
  for (let i = within.indexOf(needle); i >= 0; i = within.indexOf(needle, i + needle.length)) {
    // A string value spelled as the key is followed by a comma or bracket, never a colon.
    const after = skipSpace(within, i + needle.length);
    if (within.charCodeAt(after) !== COLON) continue;
    if (found >= 0) return -1;
    found = skipSpace(within, after + 1);
  }
  return found < 0 ? -1 : start + found;
}

/**
 * Offset of the value at `path` inside the JSON value starting at `start`, or of its closest
 * existing ancestor. For a duplicated key the last one counts, which is the one JSON.parse keeps.
 * The text must be JSON that JSON.parse accepted.
 */
export function offsetInValue(text: string, start: number, path: readonly (string | number)[]): number {
  let at = start;
  for (const segment of path) {
    const c = text.charCodeAt(at);
    let next = -1;
    if (c === OPEN_BRACKET && typeof segment === 'number') {
      let i = skipSpace(text, at + 1);
      for (let n = 0; i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET; n++) {
        if (n === segment) {
          next = i;
          break;
        }
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
    } else if (c === OPEN_BRACE && typeof segment === 'string') {
      let i = skipSpace(text, at + 1);
      while (i < text.length && text.charCodeAt(i) === QUOTE) {
        const keyEnd = skipString(text, i);
        const matches = keyIs(text, i, keyEnd, segment);
        i = skipSpace(text, keyEnd);
        if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
        if (matches) next = i;
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
    }
    if (next < 0) break;
    at = next;
  }
  return at;
}

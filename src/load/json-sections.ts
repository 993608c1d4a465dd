// Where the elements of an export's arrays start and end in the JSON text, found by one pass over
// its structure. jsonc-parser's full position tree costs about eight times JSON.parse on a 100 MB
// export; once JSON.parse has accepted the text, skipping strings and matching brackets is all it
// takes to find the elements, and jsonc-parser is then asked only about the few elements a finding
// points into.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface SectionIndex {
  /** The span of the section's array itself. */
  readonly span: Span;
  /** The spans of its elements, in order. */
  readonly elements: readonly Span[];
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

export function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the string starting at the quote at `i`. */
export function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return i;
}

/** End (exclusive) of the JSON value starting at `i`. */
export function skipValue(text: string, i: number): number {
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

function indexArray(text: string, open: number): SectionIndex {
  const elements: Span[] = [];
  let i = skipSpace(text, open + 1);
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
    const end = skipValue(text, i);
    elements.push({ start: i, end });
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return { span: { start: open, end: i + 1 }, elements };
}

/**
 * Indexes a JSON text that JSON.parse accepted: a top-level array under the key `''`, or each
 * array-valued member of a top-level object under its key. Other values are not indexed.
 */
export function indexSections(text: string): Map<string, SectionIndex> {
  const sections = new Map<string, SectionIndex>();
  let i = skipSpace(text, 0);
  const first = text.charCodeAt(i);
  if (first === OPEN_BRACKET) {
    sections.set('', indexArray(text, i));
  } else if (first === OPEN_BRACE) {
    i = skipSpace(text, i + 1);
    while (i < text.length && text.charCodeAt(i) === QUOTE) {
      const keyEnd = skipString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === OPEN_BRACKET) {
        const section = indexArray(text, i);
        // JSON.parse keeps the last of duplicate keys; so does the index.
        sections.set(key, section);
        i = section.span.end;
      } else {
        sections.delete(key);
        i = skipValue(text, i);
      }
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
    }
  }
  return sections;
}

// Parsing of one JSON or YAML file into a value plus a locator that maps a path inside the value
// back to the line and column of the source text. Positions are resolved lazily, and for JSON in
// batches (`locateAll`): building a position tree costs more than the parse itself.
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import { elementStarts, memberElementStarts, offsetInValue, skipValue, uniqueMemberValue, valueStartAt } from './json-sections.js';
import type { Document } from 'yaml';
import type { ElementPrefetch } from './section-prefetch.js';

// The YAML parser and jsonc-parser (which finds where invalid JSON breaks) load on first use: a
// JSON export that parses needs neither, and loading them is most of a small lint's start-up.
const requireLazily = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | null = null;
let jsoncModule: typeof import('jsonc-parser') | null = null;
const yamlLib = (): typeof import('yaml') => (yamlModule ??= requireLazily('yaml') as typeof import('yaml'));
const jsonc = (): typeof import('jsonc-parser') => (jsoncModule ??= requireLazily('jsonc-parser') as typeof import('jsonc-parser'));

export type JsonPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface SourceFile {
  readonly path: string;
  readonly format: 'json' | 'yaml';
  /** Position of the value at `path`, or of its closest existing ancestor. */
  locate(path: JsonPath): Position;
  /**
   * Positions of many paths at once, in the order given: what `locate` would say for each, found
   * in one forward pass over the text. Optional: callers fall back to `locate` for each path.
   */
  locateAll?(paths: readonly JsonPath[]): Position[];
}

/** Positions of many paths in one file: `locateAll` when the file has it, else `locate` for each. */
export function locateAll(file: SourceFile, paths: readonly JsonPath[]): Position[] {
  return file.locateAll ? file.locateAll(paths) : paths.map((p) => file.locate(p));
}

export interface SyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export type ParsedSource = { ok: true; file: SourceFile; value: unknown } | { ok: false; path: string; problem: SyntaxProblem };

/** Line starts of a text, for offset → line/column. Columns are 1-based UTF-16 units, as in ESLint. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/**
 * Where the line count may resume for an offset: an earlier offset (an array element's start, for
 * offsets inside that element) whose line and line start are known. `line` 0: no anchor.
 */
export interface LineAnchors {
  readonly starts: ArrayLike<number>;
  readonly lines: ArrayLike<number>;
  readonly lineStarts: ArrayLike<number>;
}

/**
 * Line and column of each offset, counting line ends in one pass up to the largest offset. With
 * `anchors` (per offset), the count jumps ahead to an offset's anchor when that lies on a later
 * line, instead of walking every line before it.
 */
export function positionsOf(text: string, offsets: readonly number[], anchors?: LineAnchors): Position[] {
  const order = ascendingOrder(offsets);
  const out: Position[] = new Array<Position>(offsets.length);
  let line = 1;
  let lineStart = 0;
  // The next line end is kept between offsets: on a one-line export (what `curl` saves) searching
  // again from the line start for each offset would scan the whole file every time.
  let nextLineEnd = text.indexOf('\n');
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const offset = offsets[i]!;
    if (anchors && anchors.lines[i]! > line) {
      // No line end lies between the anchor's line start and the anchor: the next one is at or past it.
      line = anchors.lines[i]!;
      lineStart = anchors.lineStarts[i]!;
      nextLineEnd = text.indexOf('\n', anchors.starts[i]!);
    }
    while (nextLineEnd >= 0 && nextLineEnd < offset) {
      line++;
      lineStart = nextLineEnd + 1;
      nextLineEnd = text.indexOf('\n', lineStart);
    }
    out[i] = { line, column: offset - lineStart + 1 };
  }
  return out;
}

/**
 * Indexes of `offsets` by ascending offset, ties in index order. Offset and index are packed into
 * one number (exact below 2^53) and sorted natively, without a comparator called per pair.
 */
function ascendingOrder(offsets: readonly number[]): ArrayLike<number> {
  const n = offsets.length;
  const fits = n <= INDEX_SPAN && offsets.every((o) => Number.isInteger(o) && o >= 0 && o < Number.MAX_SAFE_INTEGER / INDEX_SPAN);
  if (!fits) return offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]! || a - b);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = offsets[i]! * INDEX_SPAN + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % INDEX_SPAN;
  return order;
}

/** Indexes packed below offsets in `ascendingOrder`. */
const INDEX_SPAN = 2 ** 24;

/**
 * Offsets of paths into a JSON text that JSON.parse accepted (`value`): the top-level member or
 * array element a path starts with is found once and kept (element starts of a whole section in
 * one structural pass), then only the element the path points into is walked.
 */
class JsonLocator {
  private readonly root: number;
  private readonly members = new Map<string, number>();
  private readonly elements = new Map<number, ArrayLike<number>>();
  /** Lines of the element starts of an array, by the array's offset, when the worker counted them. */
  private readonly elementLines = new Map<number, { lines: ArrayLike<number>; lineStarts: ArrayLike<number> }>();
  /** Set by `offset`: the start of the element the path went into, its line and line start (line 0: none known). */
  anchorStart = 0;
  anchorLine = 0;
  anchorLineStart = 0;

  constructor(
    private readonly text: string,
    private readonly value: unknown,
    private prefetch: ElementPrefetch | null = null,
  ) {
    this.root = valueStartAt(text, 0);
  }

  /** Takes the worker's answer, once: the routes section (or top-level array) and its element starts. */
  private takePrefetched(): void {
    const prefetched = this.prefetch?.result() ?? null;
    this.prefetch = null;
    if (!prefetched) return;
    this.elements.set(prefetched.open, prefetched.starts);
    if (prefetched.lines && prefetched.lineStarts) this.elementLines.set(prefetched.open, { lines: prefetched.lines, lineStarts: prefetched.lineStarts });
    if (prefetched.member) this.members.set('routes', prefetched.open);
  }

  private elementsOf(open: number): ArrayLike<number> {
    let starts = this.elements.get(open);
    if (!starts && this.prefetch) {
      this.takePrefetched();
      starts = this.elements.get(open);
    }
    if (!starts) this.elements.set(open, (starts = elementStarts(this.text, open)));
    return starts;
  }

  /** Offset of the value at `at`, or of its closest existing ancestor. */
  offset(at: JsonPath): number {
    const { text, value } = this;
    this.anchorLine = 0;
    let start = this.root;
    let rest = at;
    if (!Array.isArray(value)) {
      const key = at[0];
      if (value === null || typeof value !== 'object' || typeof key !== 'string' || !Object.hasOwn(value, key)) return this.root;
      if (key === 'routes' && this.prefetch) this.takePrefetched();
      let member = this.members.get(key);
      if (member === undefined) {
        // Sections are arrays whose element starts are wanted anyway: found together, in fewer passes.
        const section = memberElementStarts(text, this.root, key);
        member = section.start;
        this.members.set(key, member);
        if (section.elements) this.elements.set(member, section.elements);
      }
      start = member;
      rest = at.slice(1);
    }
    // Sections are arrays: their element starts are indexed once for every path into them.
    const index = rest[0];
    if (typeof index === 'number' && text.charCodeAt(start) === 0x5b) {
      const starts = this.elementsOf(start);
      if (index < 0 || index >= starts.length || !Number.isInteger(index)) return start;
      const lines = this.elementLines.get(start);
      if (lines) {
        this.anchorLine = lines.lines[index]!;
        this.anchorLineStart = lines.lineStarts[index]!;
      }
      const element = starts[index]!;
      this.anchorStart = element;
      start = element;
      rest = rest.slice(1);
      // Most paths name a member of a section's element (`routes[3].network`): found by a search
      // bounded by the next element's start instead of a walk over every member.
      const key = rest[0];
      const parsed = (Array.isArray(value) ? value : (value as Record<string, unknown>)[at[0] as string]) as unknown[];
      const object = Array.isArray(parsed) ? parsed[index] : undefined;
      if (typeof key === 'string' && object !== null && typeof object === 'object' && !Array.isArray(object) && text.charCodeAt(element) === 0x7b) {
        if (!Object.hasOwn(object, key)) return element;
        const end = index + 1 < starts.length ? starts[index + 1]! : skipValue(text, element);
        const member = uniqueMemberValue(text, element, end, key);
        if (member >= 0) return offsetInValue(text, member, rest.slice(1));
      }
    }
    return offsetInValue(text, start, rest);
  }
}

export function detectFormat(path: string, text: string): 'json' | 'yaml' {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

/** Decodes file bytes: UTF-8 (a BOM is dropped), or UTF-16 when it starts with a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // Pure ASCII, the usual export, reads byte for byte: checking costs less than decoding UTF-8.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `prefetch`: the element starts of the text's routes section, being found on another thread. */
export function parseSource(path: string, text: string, format = detectFormat(path, text), prefetch: ElementPrefetch | null = null): ParsedSource {
  return format === 'yaml' ? parseYamlSource(path, text) : parseJsonSource(path, text, prefetch);
}

function parseJsonSource(path: string, text: string, prefetch: ElementPrefetch | null): ParsedSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, path, problem: jsonSyntaxProblem(text) };
  }
  let locator: JsonLocator | null = null;
  let lines: LineIndex | null = null;
  const file: SourceFile = {
    path,
    format: 'json',
    locate(at) {
      locator ??= new JsonLocator(text, value, prefetch);
      lines ??= new LineIndex(text);
      return lines.position(locator.offset(at));
    },
    locateAll(paths) {
      locator ??= new JsonLocator(text, value, prefetch);
      const l = locator;
      const offsets = new Array<number>(paths.length);
      const anchors = { starts: new Float64Array(paths.length), lines: new Float64Array(paths.length), lineStarts: new Float64Array(paths.length) };
      let anchored = false;
      for (let i = 0; i < paths.length; i++) {
        offsets[i] = l.offset(paths[i]!);
        if (l.anchorLine > 0) {
          anchored = true;
          anchors.starts[i] = l.anchorStart;
          anchors.lines[i] = l.anchorLine;
          anchors.lineStarts[i] = l.anchorLineStart;
        }
      }
      return positionsOf(text, offsets, anchored ? anchors : undefined);
    },
  };
  return { ok: true, file, value };
}

/** JSON.parse's messages differ between Node versions and lack positions: ask a positional parser where it broke. */
function jsonSyntaxProblem(text: string): SyntaxProblem {
  const errors: ParseError[] = [];
  const lines = new LineIndex(text);
  try {
    jsonc().parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // The positional parser recurses; JSON nested tens of thousands deep exhausts the stack.
    return { message: TOO_DEEP, line: 1, column: 1 };
  }
  const first = errors[0];
  if (!first) {
    const where = lines.position(0);
    return { message: 'Parsing error: not valid JSON', ...where };
  }
  const where = lines.position(first.offset);
  return { message: `Parsing error: ${describeJsonError(jsonc().printParseErrorCode(first.error))}`, ...where };
}

const TOO_DEEP = 'Parsing error: not valid JSON, and nested too deeply to say where';

/** A parser's own words, or plain ones where it reports running out of stack. */
function yamlProblemText(message: string): string {
  return /call stack/i.test(message) ? 'Parsing error: nested too deeply' : `Parsing error: ${message.split('\n')[0]}`;
}

function describeJsonError(code: string): string {
  // jsonc-parser names errors in PascalCase (`CommaExpected`): turn them into words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function parseYamlSource(path: string, text: string): ParsedSource {
  const lines = new LineIndex(text);
  let doc: Document.Parsed;
  try {
    // logLevel error: the library's warnings (a collection used as a key, quoted raw) would go to
    // stderr through process.emitWarning, over several lines and unescaped.
    doc = yamlLib().parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error', merge: true });
  } catch (err) {
    return { ok: false, path, problem: { message: yamlProblemText((err as Error).message), line: 1, column: 1 } };
  }
  const error = doc.errors[0];
  if (error) {
    const where = lines.position(error.pos[0]);
    return { ok: false, path, problem: { message: yamlProblemText(error.message), ...where } };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias bomb or an over-long alias chain: the YAML is valid but refuses to expand.
    return { ok: false, path, problem: { message: yamlProblemText((err as Error).message), line: 1, column: 1 } };
  }
  const file: SourceFile = {
    path,
    format: 'yaml',
    locate(at) {
      for (let n = at.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
        if (yamlLib().isNode(node) && node.range) return lines.position(node.range[0]);
        if (n === 0 && yamlLib().isCollection(doc.contents) && doc.contents.range) return lines.position(doc.contents.range[0]);
      }
      return { line: 1, column: 1 };
    },
  };
  return { ok: true, file, value };
}

// Parsing of one JSON or YAML file into a value plus a locator that maps a path inside the value
// back to the line and column of the source text. Positions are resolved lazily: most runs need
// only a handful, and building a position tree costs more than the parse itself.
import { parse as parseJsonc, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { indexSections, type SectionIndex } from './json-sections.js';
import { isCollection, isNode, parseDocument, type Document } from 'yaml';

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
}

export interface SyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export type ParsedSource = { ok: true; file: SourceFile; value: unknown } | { ok: false; path: string; problem: SyntaxProblem };

/** Line starts of a text, for offset → line/column. Columns are 1-based UTF-16 units, as in ESLint. */
class LineIndex {
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

export function detectFormat(path: string, text: string): 'json' | 'yaml' {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

/** Decodes file bytes: UTF-8 (a BOM is dropped), or UTF-16 when it starts with a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseSource(path: string, text: string, format = detectFormat(path, text)): ParsedSource {
  return format === 'yaml' ? parseYamlSource(path, text) : parseJsonSource(path, text);
}

function parseJsonSource(path: string, text: string): ParsedSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, path, problem: jsonSyntaxProblem(text) };
  }
  let sections: Map<string, SectionIndex> | null = null;
  let lines: LineIndex | null = null;
  const isArray = Array.isArray(value);
  const file: SourceFile = {
    path,
    format: 'json',
    locate(at) {
      sections ??= indexSections(text);
      lines ??= new LineIndex(text);
      return lines.position(jsonOffset(text, sections, isArray, at));
    },
  };
  return { ok: true, file, value };
}

/** Offset of the value at `at`, or of its closest existing ancestor. */
function jsonOffset(text: string, sections: Map<string, SectionIndex>, isArray: boolean, at: JsonPath): number {
  const key = isArray ? '' : String(at[0]);
  const section = sections.get(key);
  const depth = isArray ? 0 : 1;
  if (section && at.length > depth) {
    const element = section.elements[at[depth] as number];
    if (element) return element.start + offsetWithin(text.slice(element.start, element.end), at.slice(depth + 1));
  }
  if (section && !isArray && at.length === 1) return section.span.start;
  // Paths outside the indexed sections are rare (a bundle member that is not an array): ask the full tree.
  return offsetWithin(text, at);
}

/** Offset, inside one JSON text, of the node at `at` or of its closest existing ancestor. */
function offsetWithin(text: string, at: JsonPath): number {
  if (at.length === 0) return text.length - text.trimStart().length;
  let node = parseTree(text, [], { disallowComments: true });
  if (!node) return 0;
  for (const segment of at) {
    const next = childAt(node, segment);
    if (!next) break;
    node = next;
  }
  return node.offset;
}

/** The child of an object or array node; for a duplicated key the last one, which is the one JSON.parse keeps. */
function childAt(node: JsonNode, segment: string | number): JsonNode | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type !== 'object' || typeof segment !== 'string') return undefined;
  const property = node.children?.findLast((p) => p.children?.[0]?.value === segment);
  return property?.children?.[1];
}

/** JSON.parse's messages differ between Node versions and lack positions: ask a positional parser where it broke. */
function jsonSyntaxProblem(text: string): SyntaxProblem {
  const errors: ParseError[] = [];
  const lines = new LineIndex(text);
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
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
  return { message: `Parsing error: ${describeJsonError(printParseErrorCode(first.error))}`, ...where };
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
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
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
        if (isNode(node) && node.range) return lines.position(node.range[0]);
        if (n === 0 && isCollection(doc.contents) && doc.contents.range) return lines.position(doc.contents.range[0]);
      }
      return { line: 1, column: 1 };
    },
  };
  return { ok: true, file, value };
}

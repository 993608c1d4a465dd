// Positions inside a plan or state. Findings point deep into one big object (`planned_values`,
// `prior_state`), which the section index of ordinary exports does not cover, and a full position
// tree of a large plan costs several times JSON.parse. Instead, each object or array a path goes
// through is indexed once, on first use, by skipping over its members' text (the file already
// passed JSON.parse); later positions inside it are lookups.
import { skipSpace, skipString, skipValue } from '../json-sections.js';
import { LineIndex, type JsonPath, type Position, type SourceFile } from '../source.js';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Where the members of one object (by key) or the elements of one array start. */
type Members = { readonly kind: 'object'; readonly keys: Map<string, number> } | { readonly kind: 'array'; readonly items: number[] };

function membersAt(text: string, open: number): Members | null {
  const c = text.charCodeAt(open);
  if (c === OPEN_BRACE) {
    const keys = new Map<string, number>();
    let i = skipSpace(text, open + 1);
    while (i < text.length && text.charCodeAt(i) === QUOTE) {
      const keyEnd = skipString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
      // For a duplicated key the last one, which is the one JSON.parse keeps.
      keys.set(key, i);
      i = skipSpace(text, skipValue(text, i));
      if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
    }
    return { kind: 'object', keys };
  }
  if (c === OPEN_BRACKET) {
    const items: number[] = [];
    let i = skipSpace(text, open + 1);
    while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
      items.push(i);
      i = skipSpace(text, skipValue(text, i));
      if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
    }
    return { kind: 'array', items };
  }
  return null;
}

/** The same file, locating paths through containers indexed on first use. YAML files keep their own locator. */
export function indexedJsonFile(file: SourceFile, text: string): SourceFile {
  if (file.format !== 'json') return file;
  const members = new Map<number, Members | null>();
  let lines: LineIndex | undefined;
  return {
    path: file.path,
    format: file.format,
    locate(at: JsonPath): Position {
      let offset = skipSpace(text, 0);
      for (const step of at) {
        let m = members.get(offset);
        if (m === undefined) members.set(offset, (m = membersAt(text, offset)));
        const next = m?.kind === 'object' && typeof step === 'string' ? m.keys.get(step) : m?.kind === 'array' && typeof step === 'number' ? m.items[step] : undefined;
        // A path that goes further than the file: the closest existing ancestor.
        if (next === undefined) break;
        offset = next;
      }
      lines ??= new LineIndex(text);
      return lines.position(offset);
    },
  };
}

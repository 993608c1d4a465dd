import fc from 'fast-check';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { AsciiBytes, elementStarts, memberElementStarts, memberValueStart, offsetInValue, valueStartAt } from '../../src/load/json-sections.js';
import { LineIndex, parseSource } from '../../src/load/source.js';

// Values with awkward strings (quotes, backslashes, brackets inside strings) and nesting.
const trickyString = fc.oneof(fc.string(), fc.constantFrom('"', '\\', '\\"', '[', ']', '{', '}', ',', ':', '\\\\"]'));
const leaf = fc.oneof(trickyString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(trickyString, tie('value'), { maxKeys: 4 })),
}));
const section = fc.array(value, { maxLength: 6 });
const exportValue = fc.oneof(section, fc.dictionary(fc.constantFrom('routes', 'groups', 'peers', 'policies', 'x"y'), fc.oneof(section, value), { maxKeys: 5 }));
const indent = fc.constantFrom(undefined, 0, 1, 2, '\t');

describe('elementStarts and memberValueStart', () => {
  it('find every section and element where jsonc-parser finds them, for any JSON layout', () => {
    fc.assert(
      fc.property(exportValue, indent, (v, space) => {
        const text = JSON.stringify(v, null, space);
        const tree = parseTree(text)!;
        const root = valueStartAt(text, 0);
        const members: [string, unknown][] = Array.isArray(v) ? [['', v]] : Object.entries(v as object);
        for (const [key, member] of members) {
          const prefix = key === '' ? [] : [key];
          const open = key === '' ? root : memberValueStart(text, root, key);
          expect(open).toBe(findNodeAtLocation(tree, prefix)!.offset);
          if (!Array.isArray(member)) continue;
          const starts = elementStarts(text, open);
          expect(starts).toEqual(member.map((_, i) => findNodeAtLocation(tree, [...prefix, i])!.offset));
        }
      }),
    );
  });
});

describe('memberValueStart of a key a substring search would find across two tokens', () => {
  it.each([
    ['{"a":{",":1},"b":"}",",":[2]}', ','],
    ['{"a":":",":":[3]}', ':'],
    ['{"x":"[",  "[ ":{"y":1}}', '[ '],
  ])('%s: %j', (text, key) => {
    expect(memberValueStart(text, valueStartAt(text, 0), key)).toBe(findNodeAtLocation(parseTree(text)!, [key])!.offset);
  });
});

describe('memberElementStarts', () => {
  // Sections whose key also names members nested in earlier sections (or inside the section itself).
  const nestedValue = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('routes', 'peers', 'id'), tie('value'), { maxKeys: 3 })),
  })).value;
  const members = fc.array(fc.tuple(fc.constantFrom('routes', 'peers', 'x'), fc.oneof(fc.array(nestedValue, { maxLength: 4 }), nestedValue)), { minLength: 1, maxLength: 4 });

  it('finds the member JSON.parse keeps and its element starts, as memberValueStart and elementStarts do', () => {
    fc.assert(
      fc.property(members, indent, (list, space) => {
        const text = `{${list.map(([k, v]) => `"${k}": ${JSON.stringify(v, null, space)}`).join(', ')}}`;
        const root = valueStartAt(text, 0);
        // Both are asked only for members the object has (JSON.parse tells), as the locator asks.
        for (const key of Object.keys(JSON.parse(text) as object)) {
          const start = memberValueStart(text, root, key);
          const elements = start >= 0 && text[start] === '[' ? elementStarts(text, start) : null;
          expect(memberElementStarts(text, root, key)).toEqual({ start, elements });
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('AsciiBytes', () => {
  // The text as ASCII: in its strings (keys included) every other character, and with `escapeLetters`
  // every letter too (keys spelled another way), as a \u escape.
  const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const asciiJson = (v: unknown, space: string | number | undefined, escapeLetters: boolean): string =>
    JSON.stringify(v, null, space).replace(/"(?:[^"\\]|\\.)*"/g, (literal) =>
      literal.replace(/\\u[0-9a-f]{4}|\\.|[^]/g, (t) => (t.length === 1 && (t.charCodeAt(0) > 0x7f || (escapeLetters && /[a-z]/.test(t))) ? escaped(t) : t)),
    );
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), trickyString);
  const unicodeValue = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, anyText, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('routes', 'peers', 'id'), tie('value'), { maxKeys: 3 })),
  })).value;
  const bundle = fc.oneof(fc.array(unicodeValue, { maxLength: 5 }), fc.dictionary(fc.constantFrom('routes', 'peers', 'x'), fc.oneof(fc.array(unicodeValue, { maxLength: 4 }), unicodeValue), { maxKeys: 3 }));

  it('walks the bytes of an ASCII text to the offsets the text gives', () => {
    fc.assert(
      fc.property(bundle, indent, fc.boolean(), (v, space, escapeLetters) => {
        const text = asciiJson(v, space, escapeLetters);
        expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
        expect(JSON.parse(text)).toEqual(v);
        const bytes = new AsciiBytes(Uint8Array.from(Buffer.from(text, 'latin1')));
        expect(bytes.length).toBe(text.length);
        const root = valueStartAt(text, 0);
        expect(valueStartAt(bytes, 0)).toBe(root);
        if (Array.isArray(v)) expect(elementStarts(bytes, root)).toEqual(elementStarts(text, root));
        else for (const key of Object.keys(v as object)) expect(memberElementStarts(bytes, root, key)).toEqual(memberElementStarts(text, root, key));
      }),
      { numRuns: 500 },
    );
  });

  it('searches as a string does, near and far, and reads past its end as nothing', () => {
    const text = `"a\\"${' '.repeat(100)}\\u0041"routes"${' '.repeat(70)}"routes":[]`;
    const bytes = new AsciiBytes(new Uint8Array(Buffer.from(text, 'latin1')));
    for (const needle of ['"', '\\', '"routes"', 'z', ':']) for (const from of [0, 1, 3, 50, 104, 105, 180, text.length, text.length + 5]) expect(bytes.indexOf(needle, from)).toBe(text.indexOf(needle, from));
    expect(bytes.charCodeAt(text.length)).toBeNaN();
    expect(bytes.charCodeAt(-1)).toBeNaN();
    expect(bytes.slice(1, 4)).toBe(text.slice(1, 4));
  });
});

describe('locate through the section index', () => {
  it('agrees with a full position tree for every path into every element', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom('id', 'network', 'groups', 'metric'), value, { maxKeys: 4 }), { maxLength: 5 }), fc.boolean(), indent, (routes, bundled, space) => {
        const v = bundled ? { peers: [], routes } : routes;
        const text = JSON.stringify(v, null, space);
        const parsed = parseSource('x.json', text);
        if (!parsed.ok) throw new Error('unexpected');
        const tree = parseTree(text)!;
        const lineCol = (offset: number) => {
          const before = text.slice(0, offset).split('\n');
          return { line: before.length, column: before.at(-1)!.length + 1 };
        };
        routes.forEach((r, i) => {
          for (const field of [...Object.keys(r), 'absent']) {
            const path = [...(bundled ? ['routes'] : []), i, field];
            const expected = findNodeAtLocation(tree, path) ?? findNodeAtLocation(tree, path.slice(0, -1))!;
            expect(parsed.file.locate(path)).toEqual(lineCol(expected.offset));
          }
        });
      }),
    );
  });
});

describe('locateAll', () => {
  // Bundles whose section keys may repeat (JSON.parse keeps the last) or be spelled with escapes.
  const keyArb = fc.constantFrom('routes', 'peers', 'r\\u006futes', 'x');
  const memberArb = fc.tuple(keyArb, fc.oneof(fc.array(fc.dictionary(fc.constantFrom('id', 'network', 'groups'), value, { maxKeys: 3 }), { maxLength: 4 }), value));
  const bundleText = fc.tuple(fc.array(memberArb, { minLength: 1, maxLength: 4 }), indent).map(([members, space]) => {
    const pad = typeof space === 'number' ? ' '.repeat(space) : (space ?? '');
    const nl = pad === '' ? '' : '\n';
    return `{${nl}${members.map(([k, v]) => `${pad}"${k}": ${JSON.stringify(v, null, space)}`).join(`,${nl}`)}${nl}}`;
  });

  it('finds what a full position tree finds, for every path, duplicate and escaped keys included', () => {
    fc.assert(
      fc.property(bundleText, (text) => {
        const parsed = parseSource('x.json', text);
        if (!parsed.ok) throw new Error('unexpected');
        const tree = parseTree(text)!;
        const lineCol = (offset: number) => {
          const before = text.slice(0, offset).split('\n');
          return { line: before.length, column: before.at(-1)!.length + 1 };
        };
        const value = parsed.value as Record<string, unknown>;
        const paths: (string | number)[][] = [['missing'], []];
        for (const key of Object.keys(value)) {
          paths.push([key], [key, 99]);
          const member = value[key];
          if (Array.isArray(member)) member.forEach((el, i) => paths.push([key, i], [key, i, 'id'], [key, i, 'groups', 0], ...Object.keys(el ?? {}).map((f) => [key, i, f])));
        }
        // jsonc-parser keeps the first of duplicate keys; JSON.parse (and routelint) the last: ask the tree for the last.
        const lastNode = (path: (string | number)[]) => {
          let node = tree;
          for (const segment of path) {
            const next =
              node.type === 'array' && typeof segment === 'number'
                ? node.children?.[segment]
                : node.type === 'object' && typeof segment === 'string'
                  ? node.children?.findLast((p) => p.children?.[0]?.value === segment)?.children?.[1]
                  : undefined;
            if (!next) break;
            node = next;
          }
          return node;
        };
        const expected = paths.map((p) => lineCol(p.length === 0 ? text.length - text.trimStart().length : lastNode(p).offset));
        expect(parsed.file.locateAll!(paths)).toEqual(expected);
        expect(paths.map((p) => parsed.file.locate(p))).toEqual(expected);
      }),
      {
        numRuns: 300,
        // Keys a substring search would find across two tokens: the `","` of `"}",","` (fast-check
        // seed 1618177970), and the `":"` of a string value ":" after a key.
        examples: [['{"routes": [{"":{",":false},"[":"}",",":null}]}'], ['{"routes": [{"a":":",":":1}], "peers": {"x":":",":":[]}}']],
      },
    );
  });
});

describe('member positions inside section elements', () => {
  // Objects written by hand, so a key may be spelled twice (JSON.parse keeps the last) or nested
  // under the same name; strings may hold the key, quotes and backslashes.
  const key = fc.constantFrom('network', 'peer', 'groups', 'a"b', 'x\\y');
  const { obj } = fc.letrec((tie) => ({
    obj: fc.array(fc.tuple(key, fc.oneof({ depthSize: 'small' }, leaf, fc.constantFrom('network', '"network":', '\\"network\\"'), tie('obj'))), { maxLength: 5 }),
  }));
  type Obj = [string, unknown][];
  const write = (v: unknown, space: string): string =>
    Array.isArray(v) ? `{${space}${(v as Obj).map(([k, x]) => `${JSON.stringify(k)}:${space}${write(x, space)}`).join(`,${space}`)}${space}}` : JSON.stringify(v);

  it('are where a walk of the whole path finds them, for any key spelling, duplicate or nesting', () => {
    fc.assert(
      fc.property(fc.array(obj, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.constantFrom('', ' ', '\n  '), (elements, wrapped, space) => {
        const section = `[${space}${elements.map((e) => write(e, space)).join(`,${space}`)}${space}]`;
        const text = wrapped ? `{"peers": [], "routes": ${section}}` : section;
        const parsed = parseSource('x.json', text);
        if (!parsed.ok) throw new Error('unexpected');
        const paths = elements.flatMap((_, i) => ['network', 'peer', 'groups', 'a"b', 'x\\y', 'absent'].flatMap((k) => [[i, k], [i, k, 'network'], [i, k, 0]]));
        const full = paths.map((p) => (wrapped ? ['routes', ...p] : p));
        const lines = new LineIndex(text);
        const want = full.map((p) => lines.position(offsetInValue(text, valueStartAt(text, 0), p)));
        expect(parsed.file.locateAll!(full)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

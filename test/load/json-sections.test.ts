import fc from 'fast-check';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { indexSections } from '../../src/load/json-sections.js';
import { parseSource } from '../../src/load/source.js';

// Values with awkward strings (quotes, backslashes, brackets inside strings) and nesting.
const trickyString = fc.oneof(fc.string(), fc.constantFrom('"', '\\', '\\"', '[', ']', '{', '}', ',', ':', '\\\\"]'));
const leaf = fc.oneof(trickyString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(trickyString, tie('value'), { maxKeys: 4 })),
}));
const section = fc.array(value, { maxLength: 6 });
const exportValue = fc.oneof(section, fc.dictionary(fc.constantFrom('routes', 'groups', 'peers', 'policies', 'x"y'), fc.oneof(section, value), { maxKeys: 5 }));
const indent = fc.constantFrom(undefined, 0, 1, 2, '\t');

describe('indexSections', () => {
  it('finds every element where jsonc-parser finds it, for any JSON layout', () => {
    fc.assert(
      fc.property(exportValue, indent, (v, space) => {
        const text = JSON.stringify(v, null, space);
        const tree = parseTree(text)!;
        const sections = indexSections(text);
        const members: [string, unknown][] = Array.isArray(v) ? [['', v]] : Object.entries(v as object);
        for (const [key, member] of members) {
          if (!Array.isArray(member)) {
            expect(sections.has(key)).toBe(false);
            continue;
          }
          const prefix = key === '' ? [] : [key];
          const index = sections.get(key)!;
          expect(index.elements.length).toBe(member.length);
          index.elements.forEach((span, i) => {
            const node = findNodeAtLocation(tree, [...prefix, i])!;
            expect([span.start, span.end]).toEqual([node.offset, node.offset + node.length]);
          });
        }
      }),
    );
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

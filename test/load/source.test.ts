import { describe, expect, it } from 'vitest';
import { decodeText, parseSource } from '../../src/load/source.js';

const json = '[\n  {\n    "id": "r1",\n    "groups": ["a", "b"],\n    "metric": 100\n  }\n]\n';
const yaml = '# routes\n- id: r1\n  groups:\n    - a\n    - b\n  metric: 100\n';

describe('parseSource positions', () => {
  it.each([
    ['json', json, [0], 2, 3],
    ['json', json, [0, 'id'], 3, 11],
    ['json', json, [0, 'groups', 1], 4, 21],
    ['json', json, [0, 'metric'], 5, 15],
    ['json', json, [0, 'missing'], 2, 3], // a missing key falls back to its object
    ['json', json, [], 1, 1],
    ['yaml', yaml, [0], 2, 3],
    ['yaml', yaml, [0, 'id'], 2, 7],
    ['yaml', yaml, [0, 'groups', 1], 5, 7],
    ['yaml', yaml, [0, 'metric'], 6, 11],
    ['yaml', yaml, [0, 'missing'], 2, 3],
  ] as const)('%s %j → %i:%i', (format, text, path, line, column) => {
    const r = parseSource(`x.${format}`, text);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.file.locate(path)).toEqual({ line, column });
  });

  it('applies YAML merge keys (<<): the merged object holds the inherited fields, positions stay on the keys written', () => {
    const text = '- &base\n  id: r1\n  metric: 100\n  groups: [a]\n- <<: *base\n  id: r2\n  metric: 200\n';
    const r = parseSource('x.yaml', text);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value).toEqual([
      { id: 'r1', metric: 100, groups: ['a'] },
      { id: 'r2', metric: 200, groups: ['a'] },
    ]);
    expect(r.file.locate([1, 'metric'])).toEqual({ line: 7, column: 11 });
    // An inherited field has no key of its own in the merging object: the object is the place.
    expect(r.file.locate([1, 'groups'])).toEqual({ line: 5, column: 3 });
  });

  it('counts CRLF line ends as one', () => {
    const r = parseSource('x.json', json.replaceAll('\n', '\r\n'));
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.file.locate([0, 'metric'])).toEqual({ line: 5, column: 15 });
  });
});

describe('parseSource syntax errors', () => {
  it.each([
    ['x.json', '[\n  {"a": 1,}\n]', 2, 11],
    ['x.json', '[1, 2', 1, 6],
    ['x.json', '', 1, 1],
    ['x.json', '// comment\n[]', 1, 1],
    ['x.yaml', 'a: 1\na: 2\n', 2, 1],
    ['x.yaml', 'a:\n  - b\n c: 1\n', 3, 1],
  ])('%s %j fails at %i:%i', (path, text, line, column) => {
    const r = parseSource(path, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.problem.line, r.problem.column]).toEqual([line, column]);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
    const r = parseSource('bomb.yaml', bomb);
    expect(r.ok).toBe(false);
  });
});

describe('decodeText', () => {
  it.each([
    ['UTF-8 with BOM', Buffer.from('\ufeff[1]', 'utf8'), '[1]'],
    ['UTF-8', Buffer.from('[1]', 'utf8'), '[1]'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[1]', 'utf16le')]), '[1]'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('[1]', 'utf16le').swap16()]), '[1]'],
  ])('%s', (_, bytes, text) => {
    expect(decodeText(bytes)).toBe(text);
  });
});

// The routes section's element starts, found on a worker thread for big exports, are exactly the
// ones the main thread finds itself; and the positions of findings do not depend on who found them.
// The worker runs from the built files (npm test builds first): the TypeScript sources have none.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { elementStarts, memberElementStarts, valueStartAt } from '../../src/load/json-sections.js';
import { parseSource, type JsonPath } from '../../src/load/source.js';
import type { ElementPrefetch } from '../../src/load/section-prefetch.js';

const built = fileURLToPath(new URL('../../dist/src/load/section-prefetch.js', import.meta.url));
let prefetchElementStarts: (bytes: Uint8Array) => ElementPrefetch | null;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  ({ prefetchElementStarts } = (await import(built)) as { prefetchElementStarts: typeof prefetchElementStarts });
});

function shared(text: string): Uint8Array {
  const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text)));
  bytes.set(Buffer.from(text));
  return bytes;
}

const route = fc.record({ id: fc.string(), network: fc.string(), groups: fc.array(fc.string(), { maxLength: 2 }), metric: fc.integer() });
const exportText = fc
  .record({
    routes: fc.array(route, { maxLength: 6 }),
    // A `routes` key nested in an earlier section must not be taken for the section.
    before: fc.array(fc.record({ routes: fc.array(fc.string(), { maxLength: 2 }) }), { maxLength: 2 }),
    bundled: fc.boolean(),
    space: fc.constantFrom(undefined, 2, '\t'),
  })
  .map(({ routes, before, bundled, space }) => (bundled ? JSON.stringify({ networks: before, routes, peers: [] }, null, space) : JSON.stringify(routes, null, space)));

/** Elements each laid out its own way (one line, indented) and separated by line ends or not, as no serializer writes them. */
const raggedText = fc
  .record({
    routes: fc.array(fc.tuple(route, fc.constantFrom(undefined, 1, '\t'), fc.constantFrom(',', ',\n', ' ,\n  ', ',\r\n', ',\n\n')), { maxLength: 6 }),
    bundled: fc.boolean(),
    lead: fc.constantFrom('', '\n', '\n\n  '),
  })
  .map(({ routes, bundled, lead }) => {
    const array = `[${lead}${routes.map(([r, space, sep], i) => (i > 0 ? sep : '') + JSON.stringify(r, null, space)).join('')}${lead}]`;
    return bundled ? `{"networks": [],${lead}"routes": ${array},\n"peers": [{"id": "p"}]}` : array;
  });

describe('element starts from the worker', () => {
  it('are the ones the main thread finds, for a bundle or a routes array, with the line each starts on', () => {
    fc.assert(
      fc.property(fc.oneof(exportText, raggedText), (text) => {
        const prefetch = prefetchElementStarts(shared(text));
        expect(prefetch).not.toBeNull();
        const answer = prefetch!.result();
        const root = valueStartAt(text, 0);
        const expected = text[root] === '{' ? memberElementStarts(text, root, 'routes') : { start: root, elements: elementStarts(text, root) };
        expect(answer && { open: answer.open, starts: [...Array.from(answer.starts)] }).toEqual({ open: expected.start, starts: expected.elements });
        expect(answer!.member).toBe(text[root] === '{');
        // Each start's line and line start, counted the simple way.
        const starts = Array.from(answer!.starts);
        expect(Array.from(answer!.lines!)).toEqual(starts.map((at) => text.slice(0, at).split('\n').length));
        expect(Array.from(answer!.lineStarts!)).toEqual(starts.map((at) => text.lastIndexOf('\n', at - 1) + 1));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('give every path the position the main thread gives it (the worker counts the lines of element starts)', () => {
    fc.assert(
      fc.property(fc.oneof(exportText, raggedText), (text) => {
        const value = JSON.parse(text) as unknown;
        const routes = (Array.isArray(value) ? value : (value as { routes: unknown[] }).routes) as Record<string, unknown>[];
        const prefix: JsonPath = Array.isArray(value) ? [] : ['routes'];
        // Paths into the routes (every element and field, and past the last element) and, in a bundle, into the other sections.
        const paths: JsonPath[] = routes.flatMap((r, i) => [[...prefix, i], ...Object.keys(r).map((k) => [...prefix, i, k])]);
        paths.push([...prefix, routes.length], [...prefix, 0, 'groups', 0]);
        if (!Array.isArray(value)) paths.push(['peers', 0, 'id'], ['networks'], ['peers']);
        paths.reverse();
        const alone = parseSource('x.json', text);
        const helped = parseSource('x.json', text, 'json', prefetchElementStarts(shared(text)));
        if (!alone.ok || !helped.ok) throw new Error('unexpected');
        expect(helped.file.locateAll!(paths)).toEqual(alone.file.locateAll!(paths));
      }),
      { numRuns: 40 },
    );
    // Two worker threads a run: on a loaded machine that takes a while.
  }, 60_000);

  it('are not asked for without a shared buffer: the main thread walks the section', () => {
    expect(prefetchElementStarts(Buffer.from('[1, 2]'))).toBeNull();
  });
});

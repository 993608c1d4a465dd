// The test helpers themselves: a bundle loads through the real loader with every section it has,
// and the rule table refuses a table that could not test anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-peer.js';
import { SECTION_FILE_STEMS, SECTIONS } from '../../src/load/raw.js';
import { route, type Bundle } from './api.js';
import { ROOT } from './build.js';
import { loadBundle, rawExportOf } from './model.js';
import { tableProblems } from './ruleTester.js';

/** fixtures/networks as one bundle: routes plus the Networks API sections. */
function networksBundle(): Bundle {
  const section = (name: (typeof SECTIONS)[number]): unknown[] => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'networks', `${SECTION_FILE_STEMS[name].at(-1)}.json`), 'utf8')) as unknown[];
  return Object.fromEntries(SECTIONS.map((name) => [name, section(name)])) as unknown as Bundle;
}

describe('loadBundle', () => {
  it('keeps every section of the bundle, the Networks API ones included', () => {
    const raw = rawExportOf(networksBundle());
    expect(Object.keys(raw.sections).sort()).toEqual([...SECTIONS].sort());
    expect(raw.sections.network_resources!.path).toEqual(['network_resources']);
  });

  it('builds the Networks API resources into routes', () => {
    const bundle = networksBundle();
    const { model } = loadBundle(bundle);
    const fromResources = model.routes.filter((r) => r.networkResource !== undefined);
    expect(fromResources.length).toBeGreaterThan(0);
    expect(fromResources.length).toBe(model.routes.length - bundle.routes.length);
  });

  it('points findings into the JSON text it loaded', () => {
    const raw = rawExportOf({ routes: [route({ id: 'r1' })] }, 'mine.json');
    expect([raw.input, raw.mainFile, raw.sections.routes!.file.path]).toEqual(['mine.json', 'mine.json', 'mine.json']);
  });
});

describe('tableProblems', () => {
  const bundle: Bundle = { routes: [route({ id: 'r1' })] };
  const messageId = Object.keys(rule.meta.messages)[0]!;

  it('accepts a table of known message ids', () => {
    expect(tableProblems(rule, { valid: [{ name: 'a', bundle }], invalid: [{ name: 'b', bundle, errors: [{ messageId }] }] })).toEqual([]);
  });

  it.each([
    ['an unknown message id', { valid: [], invalid: [{ name: 'b', bundle, errors: [{ messageId: 'noSuchMessage' }] }] }, { kind: 'unknown-message-id', caseName: 'b', messageId: 'noSuchMessage' }],
    ['a name used twice', { valid: [{ name: 'a', bundle }], invalid: [{ name: 'a', bundle, errors: [{ messageId }] }] }, { kind: 'duplicate-name', caseName: 'a' }],
    ['an invalid case without errors', { valid: [], invalid: [{ name: 'b', bundle, errors: [] }] }, { kind: 'no-errors', caseName: 'b' }],
  ])('refuses %s', (_, table, problem) => {
    expect(tableProblems(rule, table)).toEqual([problem]);
  });
});

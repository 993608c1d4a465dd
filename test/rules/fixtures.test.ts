// Every rule fixture (fixtures/rules/<id>/, a directory export in the API's exact shape) must
// trigger the rule it is named after when linted with the default configuration.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { lintExport } from '../../src/engine/lint.js';
import { readExport } from '../../src/load/export.js';

const root = fileURLToPath(new URL('../../fixtures/rules/', import.meta.url));
const ids = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('rule fixtures', () => {
  it('are each named after a registered rule', () => {
    expect(ids.filter((id) => !rulesById.has(id))).toEqual([]);
  });

  for (const id of ids) {
    it(`${id} triggers ${id}`, () => {
      const results = lintExport(readExport(`${root}${id}`), rules, loadConfig(null, rulesById));
      const messages = results.flatMap((r) => r.messages);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(messages.map((m) => m.ruleId)).toContain(id);
    });
  }
});

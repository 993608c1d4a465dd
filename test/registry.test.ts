import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('<!-- rule-table:start -->'), readme.indexOf('<!-- rule-table:end -->'));

describe('rule registry', () => {
  it('is sorted by id and has no duplicates', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  for (const rule of rules) {
    const id = rule.meta.id;
    it(`${id} has a docs page with its id as title`, () => {
      const page = new URL(`../${rule.meta.docsUrl}`, import.meta.url);
      expect(existsSync(page)).toBe(true);
      expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${id}`);
    });
    it(`${id} has a README row with its default severity and type`, () => {
      const row = table.split('\n').find((line) => line.startsWith(`| [${id}](docs/rules/${id}.md) |`));
      expect(row).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      expect([cells[2], cells[3]]).toEqual([rule.meta.severity, rule.meta.type]);
      expect(cells[4]).toBe(rule.meta.requires.join(', '));
    });
  }
});

describe('docs pages', () => {
  it('every page belongs to a registered rule', async () => {
    const { readdirSync } = await import('node:fs');
    const pages = readdirSync(new URL('../docs/rules/', import.meta.url)).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
    expect(pages).toEqual(rules.map((r) => r.meta.id).sort());
  });
});

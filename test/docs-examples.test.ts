// The Bad and Good examples of every rule's docs page are real exports: each Bad example triggers
// its rule and each Good example does not. Config examples (the README's, and those of rules with
// options) load.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/engine/config.js';
import { rulesById } from '../rules/index.js';
import type { Bundle } from './support/api.js';
import { lintBundle } from './support/ruleTester.js';


/** The JSON code block under a `## <title>` heading, as a bundle. */
function example(page: string, title: string): Bundle {
  const section = page.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
  const block = section && /```json\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`no ${title} example`);
  const value: unknown = JSON.parse(block[1]!);
  return Array.isArray(value) ? { routes: value } : (value as Bundle);
}

describe('docs examples', () => {
  for (const id of rulesById.keys()) {
    const rule = rulesById.get(id)!;
    const page = readFileSync(new URL(`../${rule.meta.docsUrl}`, import.meta.url), 'utf8');
    // terraform-unknown-value's examples are Terraform configurations; its tests use real plans.
    const runnable = /^## Bad\n+```json/m.test(page);
    it.skipIf(!runnable && id === 'terraform-unknown-value')(`${id}: Bad triggers the rule`, () => {
      const { messages, skipped } = lintBundle(rule, example(page, 'Bad'));
      expect(skipped).toEqual([]);
      expect(messages.length).toBeGreaterThan(0);
    });
    it.skipIf(!runnable && id === 'terraform-unknown-value')(`${id}: Good does not`, () => {
      const { messages, skipped } = lintBundle(rule, example(page, 'Good'));
      expect(skipped).toEqual([]);
      expect(messages.map((m) => m.messageId)).toEqual([]);
    });
  }
});

/** Loads a config text as routelint.config.json. */
function loadConfigText(text: string): ReturnType<typeof loadConfig> {
  const path = join(mkdtempSync(join(tmpdir(), 'routelint-docs-')), 'routelint.config.json');
  writeFileSync(path, text);
  return loadConfig(path, rulesById);
}

describe('config examples', () => {
  it('the README Configuration example loads', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Output formats'));
    const config = loadConfigText(/```json\n([\s\S]*?)```/.exec(section)![1]!);
    expect(config.settings.get('overlapping-networks')).toEqual({ severity: 'error', options: { allowNestedIn: ['corp'] } });
  });

  for (const [id, rule] of rulesById) {
    const options = Object.keys(rule.schema.properties);
    if (options.length === 0) continue;
    it(`${id}: the Options section documents every option, and its example loads`, () => {
      const page = readFileSync(new URL(`../${rule.meta.docsUrl}`, import.meta.url), 'utf8');
      const section = page.split(/^## /m).find((s) => s.startsWith('Options\n'))!;
      expect(options.filter((o) => !section.includes(`| \`${o}\` |`))).toEqual([]);
      const config = loadConfigText(/```json\n([\s\S]*?)```/.exec(section)![1]!);
      expect(config.settings.get(id)?.severity).toBeDefined();
    });
  }
});

describe('documentation links', () => {
  const root = new URL('../', import.meta.url);
  const pages = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  for (const page of pages) {
    it(`${page}: every relative link names a file that exists`, () => {
      const text = readFileSync(new URL(page, root), 'utf8');
      const targets = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
      expect(targets.filter((t) => !existsSync(new URL(t, new URL(page, root))))).toEqual([]);
    });
  }

  it('code citing docs/netbird-behaviour.md §N names a section that has an anchor', () => {
    const reference = readFileSync(new URL('docs/netbird-behaviour.md', root), 'utf8');
    const anchors = new Set([...reference.matchAll(/<a id="s(\d+)"><\/a>\n## §(\d+) /g)].filter((m) => m[1] === m[2]).map((m) => Number(m[1])));
    expect([...anchors]).toEqual(Array.from({ length: anchors.size }, (_, i) => i + 1));
    const cited = new Set<number>();
    for (const dir of ['src', 'rules', 'test']) {
      for (const file of readdirSync(new URL(`${dir}/`, root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(new URL(`${dir}/${file}`, root), 'utf8');
        for (const m of text.matchAll(/(?:netbird-behaviour\.md|reference) §(\d+)/g)) cited.add(Number(m[1]));
      }
    }
    expect([...cited].filter((n) => !anchors.has(n))).toEqual([]);
  });
});

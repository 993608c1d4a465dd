// The Bad and Good examples of every rule's docs page are real exports: each Bad example triggers
// its rule and each Good example does not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

// No two findings say the same thing about the same route (#18): over every export fixture, the
// findings of one route differ in message and in explanation, and the rule pairs that used to
// explain one problem twice never both speak of one route.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { lintExport, type LintMessage } from '../../src/engine/lint.js';
import { readExport } from '../../src/load/export.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const dirs = (under: string) =>
  readdirSync(`${fixtures}${under}`, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${under}/${e.name}`);
const exportsToCheck = ['demo', 'clean', 'networks', 'terraform/plan.json', 'terraform/state.json', ...dirs('rules'), ...dirs('diff').flatMap((d) => dirs(d))].sort();

/** Pairs of `rule/messageId` (a rule alone: any of its messages) that explain one problem: one of each pair is enough. */
const SAME_PROBLEM: readonly [string, string][] = [
  ['exit-node-masquerade', 'masquerade-off-needs-return'],
  ['metric-conflict/equalMetricNoMasquerade', 'masquerade-off-needs-return/severalPeers'],
  ['ineffective-field/disabledInHaSet', 'ha-mixed-settings'],
];
const matches = (m: LintMessage, key: string) => (key.includes('/') ? `${m.ruleId}/${m.messageId}` === key : m.ruleId === key);

describe.each(exportsToCheck)('%s', (path) => {
  const results = lintExport(readExport(`${fixtures}${path}`), rules, loadConfig(null, rulesById));
  const byRoute = new Map<string, LintMessage[]>();
  for (const r of results) {
    for (const m of r.messages) {
      if (m.routeId === undefined) continue;
      const key = `${r.filePath}\u0000${m.routeId}`;
      byRoute.set(key, [...(byRoute.get(key) ?? []), m]);
    }
  }

  it('says each thing once per route', () => {
    for (const messages of byRoute.values()) {
      const said = messages.map((m) => m.message);
      expect(said.filter((s, i) => said.indexOf(s) !== i), messages[0]!.routeId).toEqual([]);
      // Two rules never give one route the same explanation (one rule may, for two of its peers).
      const explainedBy = new Map<string, string>();
      for (const m of messages) {
        const other = explainedBy.get(m.explanation!);
        expect(other === undefined || other === m.ruleId, `${other} and ${m.ruleId} explain route ${m.routeId} alike`).toBe(true);
        explainedBy.set(m.explanation!, m.ruleId!);
      }
      for (const [a, b] of SAME_PROBLEM) {
        const both = messages.some((m) => matches(m, a)) && messages.some((m) => matches(m, b));
        expect(both, `${a} and ${b} on route ${messages[0]!.routeId}`).toBe(false);
      }
    }
  });
});

// Table tests for rules, after ESLint's RuleTester: each case is a small export in the API's
// exact shape, linted through the real loader, and compared on message ids, route ids and data.
import { describe, expect, it } from 'vitest';
import { lintExport, type LintMessage } from '../../src/engine/lint.js';
import type { RawExport, RawSection, SectionName } from '../../src/load/raw.js';
import { parseSource } from '../../src/load/source.js';
import type { Rule } from '../../src/engine/rule.js';
import type { Bundle } from './api.js';

export interface ValidCase {
  name: string;
  bundle: Bundle;
  options?: unknown;
}

export interface ExpectedError {
  messageId: string;
  routeId?: string;
  relatedRouteIds?: string[];
  data?: Record<string, string | number>;
  line?: number;
  column?: number;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

/** Lints a bundle with one rule on, as `routelint lint bundle.json` would. */
/** `skipped`: rules that did not run; `partial`: rules that ran in part (`id: what was not checked`). */
export function lintBundle(rule: Rule, bundle: Bundle, options?: unknown): { messages: LintMessage[]; skipped: string[]; partial: string[] } {
  const text = JSON.stringify(bundle, null, 2);
  const parsed = parseSource('bundle.json', text);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const sections: Partial<Record<SectionName, RawSection>> = {};
  for (const name of ['routes', 'groups', 'peers', 'policies', 'posture_checks'] as const) {
    if (bundle[name] !== undefined) sections[name] = { file: parsed.file, value: bundle[name], path: [name] };
  }
  const raw: RawExport = { input: 'bundle.json', mainFile: 'bundle.json', sections, syntaxProblems: [], shapeProblem: null };
  const settings = new Map([[rule.meta.id, { severity: rule.meta.severity, options: options === undefined ? rule.defaultOptions : { ...(rule.defaultOptions as object), ...(options as object) } }]]);
  const results = lintExport(raw, [rule], { path: null, settings, ignores: [] });
  const skippedRules = results.flatMap((r) => r.skippedRules);
  return {
    messages: results.flatMap((r) => r.messages),
    skipped: skippedRules.filter((s) => !s.partial).map((s) => s.ruleId),
    partial: skippedRules.filter((s) => s.partial).map((s) => `${s.ruleId}: ${s.partial}`),
  };
}

function project(m: LintMessage, want: ExpectedError): ExpectedError {
  const out: ExpectedError = { messageId: m.messageId ?? '' };
  if (want.routeId !== undefined) out.routeId = m.routeId;
  if (want.relatedRouteIds !== undefined) out.relatedRouteIds = m.relatedRouteIds ?? [];
  if (want.data !== undefined) out.data = Object.fromEntries(Object.keys(want.data).map((k) => [k, m.data?.[k] as string | number]));
  if (want.line !== undefined) out.line = m.line;
  if (want.column !== undefined) out.column = m.column;
  return out;
}

export function ruleTable(rule: Rule, table: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const names = [...table.valid, ...table.invalid].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`duplicate test case name: ${dup}`);
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of table.valid) {
        it(c.name, () => {
          const { messages } = lintBundle(rule, c.bundle, c.options);
          expect(messages.map((m) => `${m.messageId}@${m.routeId}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of table.invalid) {
        if (c.errors.length === 0) throw new Error(`invalid case "${c.name}" expects no error`);
        it(c.name, () => {
          const { messages } = lintBundle(rule, c.bundle, c.options);
          expect(messages.length, JSON.stringify(messages.map((m) => [m.messageId, m.routeId]))).toBe(c.errors.length);
          // Compare as sorted lists of projections, so tables need not know line numbers unless they ask.
          const sortKey = (e: ExpectedError) => JSON.stringify([e.routeId, e.messageId, e.data, e.line]);
          const wantSorted = [...c.errors].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
          const gotSorted = messages
            .map((m) => {
              const match = wantSorted.find((w) => w.messageId === m.messageId && (w.routeId === undefined || w.routeId === m.routeId)) ?? wantSorted[0]!;
              return project(m, match);
            })
            .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
          expect(gotSorted).toEqual(wantSorted);
        });
      }
    });
  });
}

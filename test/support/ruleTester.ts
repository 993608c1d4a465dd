// Table tests for rules, after ESLint's RuleTester: each case is a small export in the API's
// exact shape, linted through the real loader, and compared on message ids, route ids and data.
import { describe, expect, it } from 'vitest';
import { lintExport, type LintMessage } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/rule.js';
import type { Bundle } from './api.js';
import { rawExportOf } from './model.js';

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
  /** The finding's facts: what its fingerprint is made of (for findings that count peers, every peer id). */
  facts?: string[];
  line?: number;
  column?: number;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

/**
 * Lints a bundle with one rule on, as `routelint lint bundle.json` would. `skipped`: rules that
 * did not run; `partial`: rules that ran in part (`id: what was not checked`).
 */
export function lintBundle(rule: Rule, bundle: Bundle, options?: unknown): { messages: LintMessage[]; skipped: string[]; partial: string[] } {
  const raw = rawExportOf(bundle);
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
  if (want.facts !== undefined) out.facts = m.facts ?? [];
  if (want.line !== undefined) out.line = m.line;
  if (want.column !== undefined) out.column = m.column;
  return out;
}

export interface RuleTable {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** A mistake in the table itself: the case it is in, and the message id for `unknown-message-id`. */
export interface TableProblem {
  readonly kind: 'duplicate-name' | 'no-errors' | 'unknown-message-id';
  readonly caseName: string;
  readonly messageId?: string;
}

/**
 * Mistakes in the table, found before anything runs: a name used twice, an invalid case that
 * expects no error, a message id the rule does not have (it could never match, so a table that
 * expects a misspelt id tests nothing).
 */
export function tableProblems(rule: Rule, table: RuleTable): TableProblem[] {
  const problems: TableProblem[] = [];
  const names = [...table.valid, ...table.invalid].map((c) => c.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push({ kind: 'duplicate-name', caseName: name });
  for (const c of table.invalid) {
    if (c.errors.length === 0) problems.push({ kind: 'no-errors', caseName: c.name });
    for (const e of c.errors) {
      if (!Object.hasOwn(rule.meta.messages, e.messageId)) problems.push({ kind: 'unknown-message-id', caseName: c.name, messageId: e.messageId });
    }
  }
  return problems;
}

export function ruleTable(rule: Rule, table: RuleTable): void {
  const problems = tableProblems(rule, table);
  if (problems.length > 0) throw new Error(`${rule.meta.id}: bad rule table: ${JSON.stringify(problems)}`);
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

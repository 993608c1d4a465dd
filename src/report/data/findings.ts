// The findings section: lint's messages grouped by rule, the suppressed ones with their reasons,
// and the rules that did not run (or ran in part) for lack of a section.
import type { LintResult, SuppressedMessage, LintMessage } from '../../engine/lint.js';
import { docsPathOf, type Rule } from '../../engine/rule.js';
import type { Model, Route } from '../../model/types.js';
import { compareStrings } from '../../order.js';
import { countsOf, SEVERITY_RANK, severityOf } from './context.js';
import type { FindingGroup, ReportFinding, SkippedRuleRow } from './types.js';

export interface ReportFindings {
  /** Every active finding, unsorted: the other sections count them per route. */
  readonly active: readonly ReportFinding[];
  readonly groups: readonly FindingGroup[];
  readonly suppressed: readonly ReportFinding[];
  readonly skippedRules: readonly SkippedRuleRow[];
}

/** Errors first, then by place in the file, then by what the finding says. */
function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.messageId ?? '', b.messageId ?? '') ||
    compareStrings(a.routeId ?? '', b.routeId ?? '') ||
    compareStrings(a.message, b.message)
  );
}

export function findingsOf(model: Model, results: readonly LintResult[], rules: readonly Rule[]): ReportFindings {
  const firstRouteById = new Map<string, Route>();
  for (const r of model.routes) if (!firstRouteById.has(r.id)) firstRouteById.set(r.id, r);
  const toFinding = (file: string, m: LintMessage, suppressedBecause: string | null): ReportFinding => ({
    severity: severityOf(m),
    ruleId: m.ruleId,
    messageId: m.messageId ?? null,
    message: m.message,
    file,
    line: m.line,
    column: m.column,
    path: m.path ?? null,
    routeId: m.routeId ?? null,
    networkId: m.routeId !== undefined ? (firstRouteById.get(m.routeId)?.networkId ?? null) : null,
    relatedRouteIds: m.relatedRouteIds ?? [],
    suppressedBecause,
  });
  const active: ReportFinding[] = [];
  const suppressed: ReportFinding[] = [];
  const skipped = new Map<string, SkippedRuleRow>();
  for (const result of results) {
    for (const m of result.messages) active.push(toFinding(result.filePath, m, null));
    for (const m of result.suppressedMessages as readonly SuppressedMessage[]) suppressed.push(toFinding(result.filePath, m, m.suppressions.map((s) => s.justification).join('; ')));
    for (const s of result.skippedRules) {
      // One row per rule and part: the files of a directory export may each lack other sections.
      const key = `${s.ruleId}\u0000${s.partial ?? ''}`;
      const known = skipped.get(key);
      const missing = [...new Set([...(known?.missing ?? []), ...s.missing])].sort(compareStrings);
      skipped.set(key, { ruleId: s.ruleId, docsUrl: docsPathOf(s.ruleId), missing, partial: s.partial ?? null });
    }
  }
  return {
    active,
    groups: findingGroupsOf(active, rules),
    suppressed: suppressed.sort(compareFindings),
    skippedRules: [...skipped.values()].sort((a, b) => compareStrings(a.ruleId, b.ruleId) || compareStrings(a.partial ?? '', b.partial ?? '')),
  };
}

/** One group per rule: parse failures first, then errors before warnings, then by rule id. */
function findingGroupsOf(active: readonly ReportFinding[], rules: readonly Rule[]): FindingGroup[] {
  const rulesById = new Map(rules.map((r) => [r.meta.id, r]));
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of active) {
    const key = f.ruleId ?? '';
    const list = byRule.get(key);
    if (list) list.push(f);
    else byRule.set(key, [f]);
  }
  const groups: FindingGroup[] = [...byRule.entries()].map(([key, list]) => {
    const rule = key === '' ? undefined : rulesById.get(key);
    const counts = countsOf(list);
    return {
      ruleId: key === '' ? null : key,
      description: rule?.meta.description ?? null,
      docsUrl: key === '' ? null : docsPathOf(key),
      type: rule?.meta.type ?? null,
      severity: counts.error > 0 ? 'error' : 'warning',
      counts,
      findings: list.sort(compareFindings),
    };
  });
  return groups.sort((a, b) => Number(a.ruleId !== null) - Number(b.ruleId !== null) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.ruleId ?? '', b.ruleId ?? ''));
}

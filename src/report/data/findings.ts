// The findings section: lint's messages grouped by rule, the suppressed ones with their reasons,
// and the rules that did not run (or ran in part) for lack of a section.
import type { LintResult, SuppressedMessage, LintMessage } from '../../engine/lint.js';
import { docsUrlOf, type Rule } from '../../engine/rule.js';
import type { Model, Route } from '../../model/types.js';
import { compareStrings } from '../../order.js';
import { countsOf, SEVERITY_RANK, severityOf } from './context.js';
import type { FindingGroup, ReportFinding, RuleDoc, SkippedRuleRow } from './types.js';

export interface ReportFindings {
  /** Every active finding, unsorted: the other sections count them per route. */
  readonly active: readonly ReportFinding[];
  readonly groups: readonly FindingGroup[];
  readonly suppressed: readonly ReportFinding[];
  readonly skippedRules: readonly SkippedRuleRow[];
  /** The documentation of every rule named above (findings, suppressed, skipped), by rule id. */
  readonly ruleDocs: readonly RuleDoc[];
}

export interface RuleLinks {
  readonly homepage?: string;
  readonly ruleDoc?: (ruleId: string) => string | null;
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

export function findingsOf(model: Model, results: readonly LintResult[], rules: readonly Rule[], { homepage, ruleDoc }: RuleLinks = {}): ReportFindings {
  const firstRouteById = new Map<string, Route>();
  for (const r of model.routes) if (!firstRouteById.has(r.id)) firstRouteById.set(r.id, r);
  const toFinding = (file: string, m: LintMessage, suppressedBecause: string | null): ReportFinding => ({
    severity: severityOf(m),
    ruleId: m.ruleId,
    messageId: m.messageId ?? null,
    message: m.message,
    explanation: m.explanation ?? null,
    file,
    line: m.line,
    column: m.column,
    path: m.path ?? null,
    routeId: m.routeId ?? null,
    networkId: m.routeId !== undefined ? (firstRouteById.get(m.routeId)?.networkId ?? null) : null,
    relatedRouteIds: m.relatedRouteIds ?? [],
    relatedRoutesTotal: m.relatedRoutesTotal ?? m.relatedRouteIds?.length ?? 0,
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
      skipped.set(key, { ruleId: s.ruleId, docsUrl: docsUrlOf(s.ruleId, homepage), missing, partial: s.partial ?? null });
    }
  }
  const named = new Set<string>();
  for (const f of [...active, ...suppressed]) if (f.ruleId !== null) named.add(f.ruleId);
  for (const s of skipped.values()) named.add(s.ruleId);
  const ruleDocs: RuleDoc[] = [];
  for (const ruleId of [...named].sort(compareStrings)) {
    const markdown = ruleDoc?.(ruleId) ?? null;
    if (markdown !== null) ruleDocs.push({ ruleId, markdown });
  }
  return {
    active,
    groups: findingGroupsOf(active, rules, homepage),
    suppressed: suppressed.sort(compareFindings),
    skippedRules: [...skipped.values()].sort((a, b) => compareStrings(a.ruleId, b.ruleId) || compareStrings(a.partial ?? '', b.partial ?? '')),
    ruleDocs,
  };
}

/** One group per rule: parse failures first, then errors before warnings, then by rule id. */
function findingGroupsOf(active: readonly ReportFinding[], rules: readonly Rule[], homepage: string | undefined): FindingGroup[] {
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
      docsUrl: key === '' ? null : docsUrlOf(key, homepage),
      type: rule?.meta.type ?? null,
      severity: counts.error > 0 ? 'error' : 'warning',
      counts,
      findings: list.sort(compareFindings),
    };
  });
  return groups.sort((a, b) => Number(a.ruleId !== null) - Number(b.ruleId !== null) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.ruleId ?? '', b.ruleId ?? ''));
}

// Findings introduced and fixed: both exports linted with the same rules and configuration, the
// findings matched by their baseline fingerprint (rule, message, route and key facts), never by
// position, so moving a route in the file changes nothing. Each fingerprint counts as often as
// it occurs: two identical findings before and one after is one fixed.
import { fingerprintOf } from '../engine/baseline.js';
import { type LintMessage, type LintResult } from '../engine/lint.js';
import { compareStrings } from '../order.js';
import type { FindingRef } from './types.js';

function refOf(filePath: string, m: LintMessage): FindingRef {
  return {
    ruleId: m.ruleId ?? '',
    messageId: m.messageId ?? '',
    severity: m.severity === 2 ? 'error' : 'warning',
    routeId: m.routeId ?? null,
    relatedRouteIds: m.relatedRouteIds ?? [],
    // Only where lint cut the list, as in lint's own JSON.
    ...(m.relatedRoutesTotal !== undefined ? { relatedRoutesTotal: m.relatedRoutesTotal } : {}),
    message: m.message,
    file: filePath,
    line: m.line,
    column: m.column,
    fingerprint: fingerprintOf(m),
  };
}

function findingsOf(results: readonly LintResult[]): FindingRef[] {
  return results.flatMap((r) => r.messages.filter((m) => !m.fatal).map((m) => refOf(r.filePath, m)));
}

function compareFindings(a: FindingRef, b: FindingRef): number {
  return compareStrings(a.ruleId, b.ruleId) || compareStrings(a.routeId ?? '', b.routeId ?? '') || compareStrings(a.message, b.message) || compareStrings(a.fingerprint, b.fingerprint) || a.line - b.line || a.column - b.column;
}

/** What only `from` has, fingerprint by fingerprint and occurrence by occurrence. */
function minus(from: readonly FindingRef[], other: readonly FindingRef[]): FindingRef[] {
  const left = new Map<string, number>();
  for (const f of other) left.set(f.fingerprint, (left.get(f.fingerprint) ?? 0) + 1);
  const out: FindingRef[] = [];
  for (const f of [...from].sort(compareFindings)) {
    const n = left.get(f.fingerprint) ?? 0;
    if (n > 0) left.set(f.fingerprint, n - 1);
    else out.push(f);
  }
  return out;
}

/** How each rule was held back on one export (sections it lacked, the part it skipped); absent when it ran in full. */
function skipsOf(results: readonly LintResult[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const r of results) for (const s of r.skippedRules) out.set(s.ruleId, [...(out.get(s.ruleId) ?? []), JSON.stringify([s.missing, s.partial ?? null])]);
  return new Map([...out].map(([id, list]) => [id, list.sort(compareStrings).join('\n')]));
}

export interface FindingsDiff {
  readonly introduced: FindingRef[];
  readonly fixed: FindingRef[];
  /** Rules that did not run alike on both exports (one lacks a section the rule needs): their findings are left out. */
  readonly rulesNotCompared: string[];
}

export function compareLintResults(oldResults: readonly LintResult[], newResults: readonly LintResult[]): FindingsDiff {
  // A rule that ran on one export and not the other would show all its findings as fixed or introduced.
  const skipsBefore = skipsOf(oldResults);
  const skipsAfter = skipsOf(newResults);
  const rulesNotCompared = [...new Set([...skipsBefore.keys(), ...skipsAfter.keys()])].filter((id) => skipsBefore.get(id) !== skipsAfter.get(id)).sort(compareStrings);
  const comparable = (f: FindingRef) => !rulesNotCompared.includes(f.ruleId);
  const before = findingsOf(oldResults).filter(comparable);
  const after = findingsOf(newResults).filter(comparable);
  return { introduced: minus(after, before), fixed: minus(before, after), rulesNotCompared };
}

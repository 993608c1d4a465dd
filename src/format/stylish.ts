import pretty from 'eslint-formatter-pretty';
import type { LintResult } from '../engine/lint.js';
import { messageNamingResource } from './resource.js';
import type { Formatter } from './types.js';

type PrettyFormatter = (results: unknown[], data?: { rulesMeta: Record<string, { docs: { url: string } }>; cwd: string }) => string;

export function describeSkipped(results: readonly LintResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    for (const s of result.skippedRules) {
      const why = s.reason ?? `no ${s.missing.join(', ')} in the export`;
      lines.push(s.partial ? `${result.filePath}: ${s.ruleId}: ${s.partial} not checked (${why})` : `${result.filePath}: ${s.ruleId} skipped (${why})`);
    }
  }
  return lines;
}

/** ESLint's pretty output, followed by the rules that were skipped and why. */
export const formatStylish: Formatter = (results, { rules }) => {
  const rulesMeta = Object.fromEntries(rules.map((r) => [r.meta.id, { docs: { url: r.meta.docsUrl } }]));
  // The pretty formatter sorts its input in place: give it copies, naming the Terraform resource of each finding.
  const copies = results.map((r) => ({ ...r, messages: r.messages.map((m) => (m.resourceAddress ? { ...m, message: messageNamingResource(m) } : m)) }));
  const body = (pretty as unknown as PrettyFormatter)(copies, { rulesMeta, cwd: process.cwd() });
  const skipped = describeSkipped(results);
  const stale = results.flatMap((r) => (r.staleBaselineEntries ?? []).map((e) => `${r.filePath}: ${e.ruleId}${e.routeId ? ` (route ${e.routeId})` : ''}: ${e.message}`));
  let tail = skipped.length > 0 ? `\n  Skipped:\n${skipped.map((l) => `  - ${l}`).join('\n')}\n` : '';
  if (stale.length > 0) tail += `\n  Stale baseline entries (fixed since; --update-baseline drops them):\n${stale.map((l) => `  - ${l}`).join('\n')}\n`;
  return body + (body && !body.endsWith('\n') ? '\n' : '') + tail;
};

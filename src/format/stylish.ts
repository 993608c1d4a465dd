import pretty from 'eslint-formatter-pretty';
import type { LintResult } from '../engine/lint.js';
import { terminalText } from '../escape.js';
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

/**
 * The results as a terminal may show them (escape.ts, `terminalText`): file paths and messages
 * (each naming its Terraform resource) with control characters as visible escapes and long values
 * cut, so that no value from the export moves the cursor, starts a line of its own (a GitHub
 * Actions `::command::`) or pads every line to its length. Copies: the results keep the raw text.
 */
export function resultsForTerminal(results: readonly LintResult[]): LintResult[] {
  return results.map((r) => ({ ...r, filePath: terminalText(r.filePath), messages: r.messages.map((m) => ({ ...m, message: terminalText(messageNamingResource(m)) })) }));
}

/** ESLint's pretty output, followed by the rules that were skipped and why. */
export const formatStylish: Formatter = (results, { rules }) => {
  const rulesMeta = Object.fromEntries(rules.map((r) => [r.meta.id, { docs: { url: r.meta.docsUrl } }]));
  // The pretty formatter sorts its input in place: give it copies.
  const body = (pretty as unknown as PrettyFormatter)(resultsForTerminal(results), { rulesMeta, cwd: process.cwd() });
  const skipped = describeSkipped(results).map((l) => terminalText(l));
  const stale = results.flatMap((r) => (r.staleBaselineEntries ?? []).map((e) => terminalText(`${r.filePath}: ${e.ruleId}${e.routeId ? ` (route ${e.routeId})` : ''}: ${e.message}`)));
  let tail = skipped.length > 0 ? `\n  Skipped:\n${skipped.map((l) => `  - ${l}`).join('\n')}\n` : '';
  if (stale.length > 0) tail += `\n  Stale baseline entries (fixed since; --update-baseline drops them):\n${stale.map((l) => `  - ${l}`).join('\n')}\n`;
  return body + (body && !body.endsWith('\n') ? '\n' : '') + tail;
};

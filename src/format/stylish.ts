// The default lint output, for a person at a terminal: per file a header, then one line per
// finding (severity, line:column, the short message, the rule id), then the totals, the rules that
// were skipped and stale baseline entries.
//
// Width: the message column is as wide as the longest message, capped. With a known width (the
// terminal's, `process.stdout.columns`, which the lint command passes when standard output is a
// TTY) the cap leaves room for the rule id, and a longer message wraps between words, never inside
// one, onto lines indented to the message column. Without one (piped, or written to a file) nothing
// wraps: each finding stays on one line for grep, and the rule id column is capped at
// UNWRAPPED_MESSAGE_COLUMN so one long message does not push every rule id far to the right.
// `--verbose` prints each finding's explanation under it, wrapped the same way.
//
// Every text from the export (paths, messages, explanations) goes through `terminalText`
// (escape.ts) first: control characters as visible escapes, long values cut, so that no value moves
// the cursor, starts a line of its own or widens the message column; widths are measured after.
import { relative } from 'node:path';
import chalk from 'chalk';
import logSymbols from 'log-symbols';
import stringWidthOf from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { LintMessage, LintResult } from '../engine/lint.js';
import { terminalText } from '../escape.js';
import { messageNamingResource } from './resource.js';
import type { Formatter } from './types.js';

/** The widest message column when the output is not wrapped. */
export const UNWRAPPED_MESSAGE_COLUMN = 100;
/** Below this, a message column is too narrow to read: lines then run past the terminal's edge. */
const MIN_MESSAGE_COLUMN = 40;
const INDENT = '  ';
const GAP = '  ';

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

/** Printable ASCII only: one column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns `text` takes on a terminal; most findings are plain ASCII, which string-width would read grapheme by grapheme. */
function stringWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidthOf(text);
}

/** Lines of `text` no wider than `width` (when given), broken between words only. */
function wrap(text: string, width: number | undefined): string[] {
  if (width === undefined || stringWidth(text) <= width) return [text];
  return wrapAnsi(text, width, { hard: false, trim: true }).split('\n');
}

/** The largest of `widths` (0 for none), without spreading a list that may hold 100,000 findings. */
function widest(widths: readonly number[]): number {
  let max = 0;
  for (const w of widths) if (w > max) max = w;
  return max;
}

const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - stringWidth(text))) + text;

/** ESLint-style output of the findings, followed by the rules that were skipped and why. */
export const formatStylish: Formatter = (results, { width, verbose = false }) => {
  const usable = width !== undefined && width > 0 ? width : undefined;
  const shown = results.filter((r) => r.messages.length > 0);
  const rowsOf = shown.map((r) => r.messages.map((m) => ({ m, text: terminalText(messageNamingResource(m)), place: `${m.line}:${m.column}` })));
  const rows = rowsOf.flat();
  const placeWidth = widest(rows.map((r) => r.place.length));
  const ruleWidth = widest(rows.map((r) => (r.m.ruleId ?? '').length));
  // INDENT, the severity symbol (one column), GAP, the place, GAP: where the message starts.
  const messageStart = INDENT.length + 1 + GAP.length + placeWidth + GAP.length;
  const longest = widest(rows.map((r) => stringWidth(r.text)));
  const cap = usable === undefined ? UNWRAPPED_MESSAGE_COLUMN : Math.max(MIN_MESSAGE_COLUMN, usable - messageStart - GAP.length - ruleWidth);
  const column = Math.min(longest, cap);
  const wrapAt = usable === undefined ? undefined : column;
  const continuation = ' '.repeat(messageStart);

  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const [i, result] of shown.entries()) {
    errors += result.errorCount;
    warnings += result.warningCount;
    if (out.length > 0) out.push('');
    const first = result.messages[0]!;
    out.push(`${INDENT}${chalk.underline(terminalText(relative('.', result.filePath) || result.filePath))}${chalk.dim(`:${first.line}:${first.column}`)}`);
    for (const row of rowsOf[i]!) out.push(...findingLines(row.m, row.text, row.place));
  }

  function findingLines(m: LintMessage, text: string, place: string): string[] {
    const symbol = m.fatal || m.severity === 2 ? logSymbols.error : logSymbols.warning;
    const [head = '', ...rest] = wrap(text, wrapAt);
    const lines = [`${INDENT}${symbol}${GAP}${chalk.dim(padStart(place, placeWidth))}${GAP}${padEnd(head, column)}${GAP}${chalk.dim(m.ruleId ?? '')}`.trimEnd()];
    for (const line of rest) lines.push(continuation + line);
    if (verbose && m.explanation) {
      const explanationWidth = usable === undefined ? undefined : Math.max(MIN_MESSAGE_COLUMN, usable - messageStart);
      for (const line of wrap(terminalText(m.explanation), explanationWidth)) lines.push(continuation + chalk.dim(line));
    }
    return lines;
  }

  const skipped = describeSkipped(results).map((l) => terminalText(l));
  const stale = results.flatMap((r) => (r.staleBaselineEntries ?? []).map((e) => terminalText(`${r.filePath}: ${e.ruleId}${e.routeId ? ` (route ${e.routeId})` : ''}: ${e.message}`)));
  let text = '';
  if (rows.length > 0) {
    text = `\n${out.join('\n')}\n\n`;
    if (warnings > 0) text += `${INDENT}${chalk.yellow(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`)}\n`;
    if (errors > 0) text += `${INDENT}${chalk.red(`${errors} ${errors === 1 ? 'error' : 'errors'}`)}\n`;
  }
  if (skipped.length > 0) text += `\n  Skipped:\n${skipped.map((l) => `  - ${l}`).join('\n')}\n`;
  if (stale.length > 0) text += `\n  Stale baseline entries (fixed since; --update-baseline drops them):\n${stale.map((l) => `  - ${l}`).join('\n')}\n`;
  return text;
};

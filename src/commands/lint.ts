import { rules, rulesById } from '../../rules/index.js';
import { applyRuleFlags, findConfig, loadConfig } from '../engine/config.js';
import { lintExport, type LintResult } from '../engine/lint.js';
import { readExport } from '../load/export.js';
import type { LiveOptions } from '../pull/pull.js';
import { loadFormatter, type LintFormat } from '../format/index.js';
import { writeFileAtomic } from '../io/write.js';
import { VERSION } from '../version.js';

export interface LintArgs {
  readonly paths: readonly string[];
  /** The live account to lint too (`--url`), after the paths. */
  readonly live?: LiveOptions & { readonly url: string };
  readonly format: LintFormat;
  readonly output?: string;
  readonly config?: string;
  readonly rule: readonly string[];
  readonly quiet: boolean;
  readonly maxWarnings: number;
}

/** Runs `routelint lint`; returns the exit code. InputErrors propagate to the CLI (exit 2). */
export async function runLint(args: LintArgs): Promise<number> {
  const configPath = args.config ?? findConfig(process.cwd());
  const config = applyRuleFlags(loadConfig(configPath, rulesById), args.rule, rulesById);
  const exports = args.paths.map(readExport);
  if (args.live) exports.push(await (await import('../pull/pull.js')).readLiveExport(args.live.url, args.live));
  let results: LintResult[] = exports.flatMap((raw) => lintExport(raw, rules, config));
  const errorCount = results.reduce((n, r) => n + r.errorCount, 0);
  const warningCount = results.reduce((n, r) => n + r.warningCount, 0);
  if (args.quiet) {
    results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0 }));
  }
  // Colour only for a terminal: some of the pretty formatter's dependencies look at TERM alone.
  if ((args.output || !process.stdout.isTTY) && process.env.FORCE_COLOR === undefined) process.env.NO_COLOR = '1';
  const formatter = await loadFormatter(args.format);
  const text = formatter(results, { rules, toolVersion: VERSION });
  if (args.output) writeFileAtomic(args.output, text);
  else process.stdout.write(text);
  // As ESLint 9: with --quiet, warnings are neither shown nor counted.
  const tooManyWarnings = !args.quiet && args.maxWarnings >= 0 && warningCount > args.maxWarnings;
  return errorCount > 0 || tooManyWarnings ? 1 : 0;
}

import { rules, rulesById } from '../../rules/index.js';
import { applyRuleFlags, findConfig, loadConfig } from '../engine/config.js';
import { DEFAULT_MAX_FINDINGS, findingsCeiling, findingsLimit, lintExport, type LintResult } from '../engine/lint.js';
import { InputError } from '../errors.js';
import { terminalText } from '../escape.js';
import { exportRootsOf, readExport } from '../load/export.js';
import { exportSize } from '../load/read.js';
import type { LiveOptions } from '../pull/pull.js';
import { loadFormatter, type LintFormat } from '../format/index.js';
import { checkOutputs, STDOUT_PATH, writeOutput } from '../io/write.js';
import { progressBar } from '../io/progress.js';
import { HOMEPAGE, ruleDocOf, VERSION } from '../version.js';

export interface LintArgs {
  readonly paths: readonly string[];
  /** The paths are changed files, as a pre-commit hook passes them: lint the exports they belong to (`exportRootsOf`). */
  readonly hook: boolean;
  /** The live account to lint too (`--url`), after the paths. */
  readonly live?: LiveOptions & { readonly url: string };
  readonly format: LintFormat;
  readonly output?: string;
  readonly config?: string;
  readonly rule: readonly string[];
  readonly quiet: boolean;
  readonly maxWarnings: number;
  /** Findings collected per file at most (0: no limit). */
  readonly maxFindings?: number;
  readonly baseline?: string;
  readonly updateBaseline: boolean;
  /** Print each finding's explanation under it (stylish). */
  readonly verbose?: boolean;
}

/** Runs `routelint lint`; returns the exit code. InputErrors propagate to the CLI (exit 2). */
export async function runLint(args: LintArgs): Promise<number> {
  const configPath = args.config ?? findConfig(process.cwd());
  // `--update-baseline` writes the baseline without reading it: there it is an output, else an input.
  const baselineOutput = args.baseline !== undefined && args.updateBaseline;
  checkOutputs(
    [
      { path: baselineOutput ? args.baseline : null, flag: '--update-baseline' },
      { path: args.output, flag: '-o' },
    ],
    [
      ...args.paths.map((path) => ({ path, what: 'the export', export: true })),
      { path: configPath, what: 'the config file' },
      { path: baselineOutput ? null : args.baseline, what: 'the baseline' },
      { path: args.live?.tokenFile, what: 'the token file' },
    ],
  );
  const maxFindings = args.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const config = applyRuleFlags(loadConfig(configPath, rulesById), args.rule, rulesById);
  // Only big inputs take long enough for a bar to help: about 5 MB of export per second of work.
  const paths = args.hook ? exportRootsOf(args.paths) : args.paths;
  const progress = progressBar(process.stderr, paths.some((p) => exportSize(p) > 5e6));
  let results: LintResult[] = [];
  paths.forEach((path, i) => {
    const share = (k: number) => (i + k) / paths.length;
    progress.update(share(0), `reading ${path}`);
    const raw = readExport(path);
    results.push(...lintExport(raw, rules, config, { maxFindings, onRule: (done, total, ruleId) => progress.update(share(0.3 + (0.7 * done) / total), ruleId) }));
  });
  if (args.live) {
    progress.update(0.5, `fetching ${args.live.url}`);
    results.push(...lintExport(await (await import('../pull/pull.js')).readLiveExport(args.live.url, args.live), rules, config, { maxFindings }));
  }
  progress.done();
  const leftOut = results.filter((r) => (r.findingsLeftOut ?? 0) > 0);
  // Past the ceiling no flag lists more: say so rather than point at --max-findings.
  const atCeiling = findingsLimit(maxFindings) < (maxFindings > 0 ? maxFindings : Infinity);
  const why = atCeiling ? `past routelint's ceiling of ${findingsCeiling.perFile} findings per file, which keeps lint in memory` : `past the limit of ${maxFindings} per file (--max-findings N to change it, 0 for no limit)`;
  for (const r of leftOut) process.stderr.write(`routelint: ${terminalText(r.filePath)}: ${r.findingsLeftOut} more findings left out ${why}\n`);
  if (leftOut.length > 0 && args.updateBaseline) throw new InputError(atCeiling ? `--update-baseline: findings were left out ${why}; a baseline must hold them all` : `--update-baseline: findings were left out past the limit of ${maxFindings}; a baseline must hold them all: add --max-findings 0`);
  if (args.baseline) {
    const { applyBaseline, baselineOf, readBaseline, serializeBaseline } = await import('../engine/baseline.js');
    const written = args.updateBaseline ? baselineOf(results) : null;
    if (written) {
      await writeOutput(args.baseline, serializeBaseline(written));
      // On stderr: stdout holds the report, which tools parse.
      process.stderr.write(`wrote ${args.baseline} (${written.entries.length} ${written.entries.length === 1 ? 'entry' : 'entries'})\n`);
    }
    results = applyBaseline(results, written ?? readBaseline(args.baseline));
  }
  const errorCount = results.reduce((n, r) => n + r.errorCount, 0);
  const warningCount = results.reduce((n, r) => n + r.warningCount, 0);
  if (args.quiet) {
    results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0 }));
  }
  // Colour only for a terminal (chalk alone would look at TERM and FORCE_COLOR).
  const toTerminal = (args.output === undefined || args.output === STDOUT_PATH) && process.stdout.isTTY;
  if (!toTerminal && process.env.FORCE_COLOR === undefined) process.env.NO_COLOR = '1';
  const formatter = await loadFormatter(args.format);
  // Wrap at the terminal's width; piped or written to a file, lines stay whole (see format/stylish.ts).
  const width = toTerminal ? process.stdout.columns : undefined;
  const text = formatter(results, { rules, toolVersion: VERSION, width, verbose: args.verbose ?? false, homepage: HOMEPAGE, ruleDoc: ruleDocOf });
  await writeOutput(args.output, text);
  // As ESLint 9: with --quiet, warnings are neither shown nor counted.
  const tooManyWarnings = !args.quiet && args.maxWarnings >= 0 && warningCount > args.maxWarnings;
  if (tooManyWarnings) process.stderr.write(`routelint: ${warningCount} ${warningCount === 1 ? 'warning' : 'warnings'}, more than --max-warnings ${args.maxWarnings} allows (exit 1)\n`);
  return errorCount > 0 || tooManyWarnings || leftOut.length > 0 ? 1 : 0;
}

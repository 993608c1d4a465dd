// `routelint report`: lints one export (as `lint` would, with the same config), builds the report
// data with the reachability matrix, and writes it as HTML or Markdown. Anything that keeps the
// report from being made is an InputError (exit 2); a written report exits 0, whatever it holds.
// HTML is never written to a terminal (it would be 100 KB of markup on the screen); a report written
// with -o is named on stderr with its size; a long run shows a progress bar on a terminal.
import { modelOfExport } from './account.js';
import { commandProgress } from './progress.js';
import { rules, rulesById } from '../../rules/index.js';
import { applyRuleFlags, findConfig, loadConfig } from '../engine/config.js';
import { lintExport } from '../engine/lint.js';
import { InputError } from '../errors.js';
import { exportDateOf, readExport } from '../load/export.js';
import type { RawExport } from '../load/raw.js';
import type { LiveOptions } from '../pull/pull.js';
import type { ReportFormat } from '../format/index.js';
import { checkOutputs, STDOUT_PATH, writeOutput } from '../io/write.js';
import { buildReportData } from '../report/data.js';
import { HOMEPAGE, ruleDocOf, VERSION } from '../version.js';

export interface ReportArgs {
  /** The export to report on; or `live`. */
  readonly export?: string;
  readonly live?: LiveOptions & { readonly url: string };
  readonly format: ReportFormat;
  readonly output?: string;
  readonly config?: string;
  readonly rule: readonly string[];
}

/** Runs `routelint report`; returns the exit code. */
export async function runReport(args: ReportArgs): Promise<number> {
  if (args.export !== undefined && args.live) throw new InputError('give an export or --url, not both: a report covers one account');
  if (args.export === undefined && !args.live) throw new InputError('name the export to report on, or --url for the live account');
  // Refused before any work: nobody reads a page of HTML on a terminal.
  if (args.format === 'html' && (args.output === undefined || args.output === STDOUT_PATH) && process.stdout.isTTY) throw new InputError('report: HTML is not written to a terminal; use -o report.html, or pipe or redirect the output (> report.html)');
  const configPath = args.config ?? findConfig(process.cwd());
  checkOutputs(
    [{ path: args.output, flag: '-o' }],
    [
      { path: args.export, what: 'the export', export: true },
      { path: configPath, what: 'the config file' },
      { path: args.live?.tokenFile, what: 'the token file' },
    ],
  );
  const config = applyRuleFlags(loadConfig(configPath, rulesById), args.rule, rulesById);
  // A bar for a big export or a live pull, and for any run that turns out to last more than a second.
  const progress = commandProgress([args.export], args.live !== undefined);
  progress.update(0, args.live ? `fetching ${args.live.url}` : `reading ${args.export}`);
  const raw: RawExport = args.live ? await (await import('../pull/pull.js')).readLiveExport(args.live.url, { ...args.live, onProgress: (fraction, label) => progress.update(0.1 * fraction, label) }) : readExport(args.export!);
  const model = modelOfExport(raw, raw.input, { refuseShape: false });
  const results = lintExport(raw, rules, config, { model, onRule: (done, total, ruleId) => progress.update(0.1 + (0.3 * done) / total, ruleId) });
  const data = buildReportData(model, results, rules, { source: raw.input, toolVersion: VERSION, homepage: HOMEPAGE, ruleDoc: ruleDocOf, asOf: exportDateOf(raw), onProgress: (fraction, label) => progress.update(0.4 + 0.5 * fraction, label) });
  progress.update(0.95, 'writing');
  const text = args.format === 'markdown' ? (await import('../report/markdown.js')).renderMarkdown(data) : (await import('../report/html.js')).renderHtml(data, (await import('./ask/embed.js')).askPanelOf(raw, model, args.live ? ['--url', args.live.url] : [raw.input]));
  progress.done();
  if ((await writeOutput(args.output, text)) === 'file') process.stderr.write(`wrote ${args.output} (${sizeText(Buffer.byteLength(text, 'utf8'))})\n`);
  return 0;
}

/** `812 bytes`, `137 KB`, `2.4 MB` (1 KB = 1024 bytes). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

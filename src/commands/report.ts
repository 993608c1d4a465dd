// `routelint report`: lints one export (as `lint` would, with the same config), builds the report
// data with the reachability matrix, and writes it as HTML or Markdown. Anything that keeps the
// report from being made is an InputError (exit 2); a written report exits 0, whatever it holds.
import { modelOfExport } from './account.js';
import { rules, rulesById } from '../../rules/index.js';
import { applyRuleFlags, findConfig, loadConfig } from '../engine/config.js';
import { lintExport } from '../engine/lint.js';
import { InputError } from '../errors.js';
import { readExport } from '../load/export.js';
import type { RawExport } from '../load/raw.js';
import type { LiveOptions } from '../pull/pull.js';
import type { ReportFormat } from '../format/index.js';
import { checkOutputs, writeOutput } from '../io/write.js';
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
  const raw: RawExport = args.live ? await (await import('../pull/pull.js')).readLiveExport(args.live.url, args.live) : readExport(args.export!);
  const model = modelOfExport(raw, raw.input, { refuseShape: false });
  const results = lintExport(raw, rules, config, { model });
  const data = buildReportData(model, results, rules, { source: raw.input, toolVersion: VERSION, homepage: HOMEPAGE, ruleDoc: ruleDocOf });
  const text = args.format === 'markdown' ? (await import('../report/markdown.js')).renderMarkdown(data) : (await import('../report/html.js')).renderHtml(data, (await import('./ask/embed.js')).askPanelOf(raw, model, raw.input));
  await writeOutput(args.output, text);
  return 0;
}

// `routelint diff <old> <new>`: loads both exports, compares them and prints the diff. Exit 0 when
// nothing changes for routing, 1 when something does; an export that does not load is an
// InputError (exit 2).
import { modelOfExport } from './account.js';
import { rules, rulesById } from '../../rules/index.js';
import { diffExports, type LoadedExport } from '../diff/index.js';
import { applyRuleFlags, findConfig, loadConfig } from '../engine/config.js';
import type { DiffFormat } from '../format/index.js';
import { checkOutputs, writeOutput } from '../io/write.js';
import { readExport } from '../load/export.js';

export interface DiffArgs {
  readonly old: string;
  readonly new: string;
  readonly format: DiffFormat;
  readonly output?: string;
  readonly config?: string;
  readonly rule: readonly string[];
}

/** Reads one export; anything that keeps it from loading names the file (and line and column). */
export function loadExportForDiff(path: string): LoadedExport {
  const raw = readExport(path);
  return { path, raw, model: modelOfExport(raw, path, { refuseShape: true }) };
}

async function rendererFor(format: DiffFormat) {
  switch (format) {
    case 'text':
      return (await import('../format/diff-text.js')).formatDiffText;
    case 'json':
      return (await import('../format/diff-json.js')).formatDiffJson;
    case 'markdown':
      return (await import('../format/diff-markdown.js')).formatDiffMarkdown;
  }
}

/** Runs `routelint diff`; returns the exit code. */
export async function runDiff(args: DiffArgs): Promise<number> {
  const configPath = args.config ?? findConfig(process.cwd());
  checkOutputs(
    [{ path: args.output, flag: '-o' }],
    [
      { path: args.old, what: 'the old export', export: true },
      { path: args.new, what: 'the new export', export: true },
      { path: configPath, what: 'the config file' },
    ],
  );
  const config = applyRuleFlags(loadConfig(configPath, rulesById), args.rule, rulesById);
  const before = loadExportForDiff(args.old);
  const after = loadExportForDiff(args.new);
  const diff = diffExports(before, after, rules, config);
  const text = (await rendererFor(args.format))(diff);
  await writeOutput(args.output, text);
  return diff.summary.routingChanged ? 1 : 0;
}

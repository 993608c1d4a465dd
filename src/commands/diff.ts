// `routelint diff <old> <new>`: loads both exports, compares them and prints the diff. Exit 0 when
// nothing changes for routing, 1 when something does; an export that does not load is an
// InputError (exit 2).
import { modelOfExport } from './account.js';
import { commandProgress } from './progress.js';
import { rules, rulesById } from '../../rules/index.js';
import { DEFAULT_MAX_CHANGES, DEFAULT_MAX_SOURCES } from '../diff/behaviour.js';
import { ceilingReason } from '../diff/describe.js';
import { diffExports, type LoadedExport } from '../diff/index.js';
import type { Diff } from '../diff/types.js';
import { applyRuleFlags, findConfig, loadConfig } from '../engine/config.js';
import type { DiffFormat } from '../format/index.js';
import { exitIfOrphaned } from '../io/orphan.js';
import { checkOutputs, writeOutputUnder, type OutputContent } from '../io/write.js';
import { readExport } from '../load/export.js';

export interface DiffArgs {
  readonly old: string;
  readonly new: string;
  readonly format: DiffFormat;
  readonly output?: string;
  readonly config?: string;
  readonly rule: readonly string[];
  /** Behaviour (and exit node) changes listed; 0: all. */
  readonly maxChanges?: number;
  /** Members named in each change; 0: all. */
  readonly maxSources?: number;
}

/** Reads one export; anything that keeps it from loading names the file (and line and column). */
export function loadExportForDiff(path: string): LoadedExport {
  const raw = readExport(path);
  return { path, raw, model: modelOfExport(raw, path, { refuseShape: true }) };
}

async function rendererFor(format: DiffFormat): Promise<(diff: Diff) => OutputContent> {
  switch (format) {
    case 'text':
      return (await import('../format/diff-text.js')).formatDiffText;
    case 'json':
      return (await import('../format/diff-json.js')).formatDiffJsonParts;
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
  // A bar at once for big exports (a diff of them takes a while), else once the run lasts a second.
  const progress = commandProgress([args.old, args.new], false);
  // Between steps, a diff whose first process was killed stops too (io/orphan.ts): nothing is written.
  const step = (fraction: number, label: string): void => {
    exitIfOrphaned();
    progress.update(fraction, label);
  };
  step(0, `reading ${args.old}`);
  const before = loadExportForDiff(args.old);
  step(0.05, `reading ${args.new}`);
  const after = loadExportForDiff(args.new);
  const maxChanges = args.maxChanges ?? DEFAULT_MAX_CHANGES;
  // Reading both exports is the first tenth of the bar; writing the last few hundredths.
  const diff = diffExports(before, after, rules, config, { maxChanges, maxSources: args.maxSources ?? DEFAULT_MAX_SOURCES, onProgress: (fraction, label) => step(0.1 + 0.85 * fraction, label) });
  exitIfOrphaned();
  await writeOutputUnder(progress, args.output, (await rendererFor(args.format))(diff));
  const s = diff.summary;
  const leftOut = [s.behaviourChangesLeftOut > 0 ? `${s.behaviourChangesLeftOut} of ${s.behaviourChanges} behaviour changes` : '', s.exitNodeChangesLeftOut > 0 ? `${s.exitNodeChangesLeftOut} of ${s.exitNodeChanges} exit node changes` : ''].filter(Boolean);
  if (leftOut.length > 0) {
    const why = s.listingCeilingReached ? ceilingReason() : `past the limit of ${maxChanges} (--max-changes N to change it, 0 for no limit)`;
    process.stderr.write(`routelint: diff: ${leftOut.join(' and ')} left out ${why}\n`);
  }
  return diff.summary.routingChanged ? 1 : 0;
}

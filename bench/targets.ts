// The targets of issues 5 and 17 read off a run's figures, and the earlier runs kept beside them.
import { spawnSync } from 'node:child_process';
import { ROOT } from './child.js';
import type { CommandFigure, CommandFigures } from './races.js';
import type { BigGroupsResult, CoveringResult, FlatResult, LintMeasure, ManyGroupsResult, MixedResult, PoliciesResult, SharedPrefixesResult, SizeResult, measureStartup } from './measure.js';

/** The targets of issues 5 and 17, as ratios. */
const TARGETS = {
  lintOverParse: 3,
  memoryOverFile: 8,
  growth10kTo100k: 12,
  batchSpeedup: 50,
  startupOverNode: 2,
  reportOverLint: 2,
  diffOverLints: 3,
  groupOverLint: 2,
} as const;

export interface Results {
  generatedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  command: string;
  /** The commit measured (absent in runs before 2026-12-05). */
  commit?: string;
  sizes: SizeResult[];
  /** The flat shape at the largest size. */
  flat: FlatResult | null;
  /** The covering shapes at the largest size (absent in runs before 2026-12-05 evening). */
  covering?: CoveringResult[];
  /** The many-policies shape at the largest size (absent in runs before 2026-12-06). */
  policies?: PoliciesResult | null;
  /** The many-groups shape at the largest size (absent in runs before 2026-12-06 evening). */
  manyGroups?: ManyGroupsResult | null;
  /** The mixed-families shape at the largest size (absent in runs before 2026-12-06 night). */
  mixed?: MixedResult | null;
  /** The shared-prefixes shape at the largest size (absent in runs before 2026-12-07 morning). */
  sharedPrefixes?: SharedPrefixesResult | null;
  /** The big-peer-groups shape at the largest size (absent in runs before 2026-12-07 evening). */
  bigGroups?: BigGroupsResult | null;
  startup: ReturnType<typeof measureStartup>;
  targets: TargetResult[];
  /** Earlier runs of this file, newest first (at most HISTORY_RUNS): "consecutive runs" are read from here. */
  history?: RunSummary[];
}

export interface TargetResult {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

/** What a later run keeps of an earlier one. */
interface RunSummary {
  generatedAt: string;
  commit: string;
  command: string;
  targets: TargetResult[];
}

/** Earlier runs kept in results.json beside the last one. */
const HISTORY_RUNS = 4;

/** The commit the bench ran on (`+` when tracked code had changes), or `unknown` outside a git checkout. */
export function commitOf(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  // The bench's own outputs (results.json, the quoted table) do not make the measured code another.
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results.json', ':!docs/performance.md'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== '' ? '+' : ''}`;
}

/** The earlier runs as the next results.json keeps them: the previous run first. */
export function historyAfter(previous: Results | null): RunSummary[] {
  if (!previous) return [];
  const summary: RunSummary = { generatedAt: previous.generatedAt, commit: previous.commit ?? 'unknown', command: previous.command, targets: previous.targets };
  return [summary, ...(previous.history ?? [])].slice(0, HISTORY_RUNS);
}

/**
 * How many runs in a row, this one first, met every target of this run: a run that lacks one of
 * today's targets (measured before it existed) or missed one ends the streak.
 */
export function consecutiveRunsMeetingAll(results: Pick<Results, 'targets' | 'history'>): number {
  const runs = [results.targets, ...(results.history ?? []).map((h) => h.targets)];
  let streak = 0;
  for (const targets of runs) {
    const byName = new Map(targets.map((t) => [t.name, t]));
    if (!results.targets.every((t) => byName.get(t.name)?.met === true)) break;
    streak++;
  }
  return streak;
}

/** A run's figures as measured, before results.json rounds them. */
export interface Measured {
  sizes: SizeResult[];
  flat: FlatResult | null;
  covering: readonly CoveringResult[];
  policies: PoliciesResult | null;
  manyGroups: ManyGroupsResult | null;
  mixed: MixedResult | null;
  sharedPrefixes: SharedPrefixesResult | null;
  bigGroups: BigGroupsResult | null;
  startup: Results['startup'];
}

export function targetsOf({ sizes, flat, covering, policies, manyGroups, mixed, sharedPrefixes, bigGroups, startup }: Measured): Results['targets'] {
  const bySize = new Map(sizes.map((s) => [s.routes, s]));
  const largest = sizes[sizes.length - 1]!;
  const out: Results['targets'] = [];
  out.push({
    name: `lint of ${largest.routes.toLocaleString('en-US')} routes / JSON.parse of the same file`,
    target: `≤ ${TARGETS.lintOverParse}×`,
    measured: `${largest.lintOverParse.toFixed(2)}×`,
    met: largest.lintOverParse <= TARGETS.lintOverParse,
  });
  if (flat) {
    out.push({
      name: `lint of ${flat.routes.toLocaleString('en-US')} routes, flat shape / JSON.parse of the same file`,
      target: `≤ ${TARGETS.lintOverParse}×`,
      measured: `${flat.lintOverParse.toFixed(2)}×`,
      met: flat.lintOverParse <= TARGETS.lintOverParse,
    });
  }
  const positionsOk = sizes.every((s) => s.lint.positionsWrong === 0) && (flat?.lint.positionsWrong ?? 0) === 0;
  out.push({
    name: 'every finding with the line and column of its value',
    target: 'all',
    measured: `${[...sizes, ...(flat ? [flat] : [])].reduce((n, s) => n + s.lint.positionsChecked - s.lint.positionsWrong, 0)} of ${[...sizes, ...(flat ? [flat] : [])].reduce((n, s) => n + s.lint.findings, 0)}`,
    met: positionsOk,
  });
  out.push({
    name: `peak memory of lint of ${largest.routes.toLocaleString('en-US')} routes / file size`,
    target: `≤ ${TARGETS.memoryOverFile}×`,
    measured: `${largest.memoryOverFile.toFixed(2)}×`,
    met: largest.memoryOverFile <= TARGETS.memoryOverFile,
  });
  if (flat) {
    out.push({
      name: `peak memory of lint of ${flat.routes.toLocaleString('en-US')} routes, flat shape / file size`,
      target: `≤ ${TARGETS.memoryOverFile}×`,
      measured: `${flat.memoryOverFile.toFixed(2)}×`,
      met: flat.memoryOverFile <= TARGETS.memoryOverFile,
    });
  }
  const s10k = bySize.get(10000);
  const s100k = bySize.get(100000);
  if (s10k && s100k) {
    const growth = s100k.lint.ms / s10k.lint.ms;
    out.push({ name: 'lint time growth from 10,000 to 100,000 routes', target: `≤ ${TARGETS.growth10kTo100k}×`, measured: `${growth.toFixed(2)}×`, met: growth <= TARGETS.growth10kTo100k });
  }
  const batchSize = s10k ?? largest;
  out.push({
    name: `simulate --batch per query (slope from ${batchSize.batch.queries.toLocaleString('en-US')} to ${(2 * batchSize.batch.queries).toLocaleString('en-US')} questions) vs the naive scan (${batchSize.routes.toLocaleString('en-US')} routes)`,
    target: `≥ ${TARGETS.batchSpeedup}× faster`,
    measured: `${batchSize.batch.speedup.toFixed(0)}× faster (${batchSize.batch.allInSpeedup.toFixed(0)}× all in)`,
    met: batchSize.batch.speedup >= TARGETS.batchSpeedup,
  });
  const commandRows: [string, CommandFigures | undefined][] = [
    [`${largest.routes.toLocaleString('en-US')} routes`, largest.commands],
    [`${flat?.routes.toLocaleString('en-US')} routes, flat shape`, flat?.commands ?? undefined],
  ];
  const commandRow = (name: string, f: CommandFigure, target: number) =>
    out.push({ name, target: `≤ ${target}×`, measured: f.ratio === null ? f.problem ?? 'failed' : `${f.ratio.toFixed(2)}×`, met: f.ratio !== null && f.ratio <= target });
  for (const [label, c] of commandRows) {
    if (!c) continue;
    commandRow(`report of ${label} / lint of the same file`, c.report, TARGETS.reportOverLint);
    commandRow(`diff of ${label} against an unrelated account / lint of both`, c.diff, TARGETS.diffOverLints);
    if (c.diffRelated) commandRow(`diff of ${label} against the same account after a round of edits / lint of both`, c.diffRelated, TARGETS.diffOverLints);
    commandRow(`simulate --from-group of ${c.groupMembers.toLocaleString('en-US')} members to an exit node, ${label} / lint of the file`, c.group, TARGETS.groupOverLint);
  }
  /** A shape's lint against its floor and its peak memory, then its commands against lint. */
  const shapeRows = (label: string, m: LintMeasure, commands: readonly [string, CommandFigure | null | undefined, number][]) => {
    out.push({ name: `lint of ${label} / JSON.parse of the same file`, target: `≤ ${TARGETS.lintOverParse}×`, measured: `${m.lintOverParse.toFixed(2)}×`, met: m.lintOverParse <= TARGETS.lintOverParse });
    out.push({ name: `peak memory of lint of ${label} / file size`, target: `≤ ${TARGETS.memoryOverFile}×`, measured: `${m.memoryOverFile.toFixed(2)}×`, met: m.memoryOverFile <= TARGETS.memoryOverFile });
    for (const [name, figure, target] of commands) if (figure) commandRow(name, figure, target);
  };
  const members = (n: number) => n.toLocaleString('en-US');
  for (const c of covering) {
    const label = `${c.routes.toLocaleString('en-US')} routes, covering shape (${c.shape})`;
    shapeRows(label, c, [
      [`simulate --from-group of ${members(c.groupMembers)} members to an address every route covers, ${label} / lint of the file`, c.group, TARGETS.groupOverLint],
      [`report of ${label} / lint of the same file`, c.report, TARGETS.reportOverLint],
    ]);
  }
  if (policies) {
    const label = `${policies.routes.toLocaleString('en-US')} routes, many-policies shape`;
    shapeRows(label, policies, [[`report of ${label} / lint of the same file`, policies.report, TARGETS.reportOverLint]]);
  }
  if (manyGroups) {
    const label = `${manyGroups.routes.toLocaleString('en-US')} routes, many-groups shape`;
    shapeRows(label, manyGroups, [
      [`report of ${label} / lint of the same file`, manyGroups.report, TARGETS.reportOverLint],
      [`simulate --from-group of ${members(manyGroups.peers)} members to an exit node, ${label} / lint of the file`, manyGroups.group, TARGETS.groupOverLint],
    ]);
  }
  if (mixed) {
    const label = `${mixed.routes.toLocaleString('en-US')} routes, mixed-families shape`;
    shapeRows(label, mixed, [
      [`report of ${label} / lint of the same file`, mixed.report, TARGETS.reportOverLint],
      [`simulate --from-group of ${members(mixed.peers)} members to an IPv6 address many routes cover, ${label} / lint of the file`, mixed.group, TARGETS.groupOverLint],
    ]);
  }
  if (sharedPrefixes) {
    const label = `${sharedPrefixes.routes.toLocaleString('en-US')} routes, shared-prefixes shape`;
    shapeRows(label, sharedPrefixes, [
      [`report of ${label} / lint of the same file`, sharedPrefixes.report, TARGETS.reportOverLint],
      [`simulate --from-group of ${members(sharedPrefixes.peers)} members to an address on a shared prefix, ${label} / lint of the file`, sharedPrefixes.group, TARGETS.groupOverLint],
    ]);
  }
  if (bigGroups) {
    const label = `${bigGroups.routes.toLocaleString('en-US')} routes, big-peer-groups shape`;
    shapeRows(label, bigGroups, [
      [`report of ${label} / lint of the same file`, bigGroups.report, TARGETS.reportOverLint],
      [`simulate --from-group of ${members(bigGroups.peers)} members to an address many routes cover, ${label} / lint of the file`, bigGroups.group, TARGETS.groupOverLint],
    ]);
  }
  out.push({ name: '`routelint lint fixtures/demo` / `node -e 0` (medians)', target: `≤ ${TARGETS.startupOverNode}×`, measured: `${startup.ratio.toFixed(2)}×`, met: startup.ratio <= TARGETS.startupOverNode });
  return out;
}

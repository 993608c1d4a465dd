// Each shape measured: lint against its floor, peak memory, the batch, start-up, and the commands raced against lint.
import { devNull } from 'node:os';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { accountText, generateAccount, generateFlatAccount, reviseAccount, type Account } from './generate.js';
import { BIG_GROUPS_ADDRESS, COVERED_ADDRESS, MIXED_ADDRESS, SHARED_ADDRESS, generateBigGroupsAccount, generateCoveringAccount, generateManyGroupsAccount, generateMixedAccount, generatePolicyAccount, generateSharedPrefixesAccount, type CoveringShape } from './shapes.js';
import { batchQueries, naivePairwise, naiveSimulator, networkStrings, type Query } from './baselines.js';
import { BIN, PARSE_SCRIPT, runNode, settle, writeDurably } from './child.js';
import { median } from './numbers.js';
import type { Options } from './options.js';
import { groupRace, raceAgainstLints, reportRace, type CommandFigure, type CommandFigures, type Raced } from './races.js';

export interface LintFigures {
  ms: number;
  runsMs: number[];
  maxRssBytes: number;
  findings: number;
  /** Findings past the limit of findings per file (lint's default `--max-findings`), counted, not collected. */
  findingsLeftOut: number;
  /** Findings whose line and column point at the JSON value their path names. */
  positionsChecked: number;
  positionsWrong: number;
}

export interface SizeResult {
  routes: number;
  peers: number;
  groups: number;
  policies: number;
  fileBytes: number;
  parse: { ms: number; runsMs: number[]; inProcessMs: number };
  lint: LintFigures;
  /** The median of the runs' lint / parse ratios, each run's two taken one after the other. */
  lintOverParse: number;
  memoryOverFile: number;
  naivePairwise: { ms: number; pairs: number; overlapping: number; extrapolated: boolean };
  /** report, diff and --from-group: at the largest size only. */
  commands?: CommandFigures;
  batch: {
    /** N: the smaller batch; the larger holds 2N distinct questions (its first N are the smaller one). */
    queries: number;
    /** Medians: an empty batch, N questions, 2N questions. */
    fixedMs: number;
    ms: number;
    doubleMs: number;
    /**
     * The slope: (2N − N) / N, the cost of one more question in a running batch; the median of the
     * rounds' slopes, each from the N and 2N runs of one round.
     */
    perQueryUs: number;
    /** All in: (N − empty) / N, with the warm-up spread over N questions (median over the rounds). */
    allInPerQueryUs: number;
    naiveQueries: number;
    /** The median over the rounds of the naive scan's time for its questions, per question. */
    naivePerQueryUs: number;
    /** naive / slope; `allInSpeedup`: naive / all in. */
    speedup: number;
    allInSpeedup: number;
    agreeing: number;
  };
}

/** Checks that each finding's line and column point at the start of the value its path names. */
function checkPositions(text: string, value: unknown, messages: { line: number; column: number; path?: string }[]): { checked: number; wrong: number } {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let wrong = 0;
  let checked = 0;
  for (const m of messages) {
    if (!m.path || m.line < 1 || m.column < 1) {
      wrong++;
      continue;
    }
    let v: unknown = value;
    for (const part of m.path.match(/[^.[\]]+/g) ?? []) v = Array.isArray(v) ? v[Number(part)] : (v as Record<string, unknown>)?.[part];
    const at = lineStarts[m.line - 1]! + m.column - 1;
    const expected = v !== null && typeof v === 'object' ? (Array.isArray(v) ? '[' : '{') : JSON.stringify(v);
    checked++;
    if (!text.startsWith(expected, at)) wrong++;
  }
  return { checked, wrong };
}

/** Lint against its floor on one account file: interleaved runs, peak memory, every position checked. */
export interface LintMeasure {
  fileBytes: number;
  parse: SizeResult['parse'];
  lint: LintFigures;
  lintOverParse: number;
  memoryOverFile: number;
}

function measureLint(label: string, text: string, file: string, out: string, options: Options, rssReporter: string): LintMeasure {
  writeDurably(file, text);
  settle();
  const fileBytes = statSync(file).size;
  process.stderr.write(`  ${label}: ${(fileBytes / 1e6).toFixed(1)} MB; lint and JSON.parse, ${options.runs} runs each\n`);
  // One untimed run of each first: the file enters the page cache and neither timed series starts cold.
  runNode(['-e', PARSE_SCRIPT, file]);
  runNode([BIN, 'lint', file, '-f', 'json', '-o', out]);
  // Interleave the floor and the lint so both see the same machine load.
  const parseRuns: number[] = [];
  const inProcess: number[] = [];
  const lintRuns: number[] = [];
  let maxRss = 0;
  for (let i = 0; i < options.runs; i++) {
    const p = runNode(['-e', PARSE_SCRIPT, file]);
    if (p.status !== 0) throw new Error(`JSON.parse child failed: ${p.stderr}`);
    parseRuns.push(p.ms);
    inProcess.push(Number(p.stdout));
    const l = runNode([BIN, 'lint', file, '-f', 'json', '-o', out], { measureRss: rssReporter });
    if (l.status !== 0 && l.status !== 1) throw new Error(`routelint lint ${file} exited ${l.status}: ${l.stderr}`);
    lintRuns.push(l.ms);
    maxRss = Math.max(maxRss, l.maxRss);
  }
  const results = JSON.parse(readFileSync(out, 'utf8')) as { messages: { line: number; column: number; path?: string }[]; findingsLeftOut?: number }[];
  const messages = results.flatMap((r) => r.messages);
  const positions = checkPositions(text, JSON.parse(text), messages);
  const leftOut = results.reduce((n, r) => n + (r.findingsLeftOut ?? 0), 0);
  const lint: LintFigures = { ms: median(lintRuns), runsMs: lintRuns, maxRssBytes: maxRss, findings: messages.length, findingsLeftOut: leftOut, positionsChecked: positions.checked, positionsWrong: positions.wrong };
  return {
    fileBytes,
    parse: { ms: median(parseRuns), runsMs: parseRuns, inProcessMs: median(inProcess) },
    lint,
    lintOverParse: median(lintRuns.map((l, i) => l / parseRuns[i]!)),
    memoryOverFile: maxRss / fileBytes,
  };
}

/** The flat shape (bench/generate.ts: generateFlatAccount): lint against its floor only. */
export interface FlatResult extends LintMeasure {
  routes: number;
  peers: number;
  groups: number;
  commands: CommandFigures | null;
}

export function measureFlat(routes: number, dir: string, options: Options, rssReporter: string): FlatResult {
  const account = generateFlatAccount(routes);
  const file = join(dir, `flat-${routes}.json`);
  const measured = measureLint(`flat, ${routes} routes`, accountText(account), file, join(dir, `flat-lint-${routes}.json`), options, rssReporter);
  let commands: CommandFigures | null = null;
  if (options.commands) {
    const other = join(dir, `flat-${routes}-other.json`);
    writeDurably(other, accountText(generateFlatAccount(routes, 8)));
    const revised = join(dir, `flat-${routes}-revised.json`);
    writeDurably(revised, accountText(reviseAccount(account)));
    commands = measureCommands(`flat, ${routes} routes`, file, other, revised, account.peers.length, dir, options);
  }
  return { routes, peers: account.peers.length, groups: account.groups.length, ...measured, commands };
}

function measureCommands(label: string, file: string, other: string, revised: string, members: number, dir: string, options: Options): CommandFigures {
  const runs = Math.max(1, Math.min(options.runs, 3));
  process.stderr.write(`  ${label}: report, diff and --from-group against lint, up to ${runs} runs each\n`);
  const out = (name: string) => join(dir, name);
  const { figures, lintMs } = raceAgainstLints(
    [file, other, revised],
    {
      report: reportRace(file, dir),
      diff: { run: (timeoutMs) => runNode([BIN, 'diff', file, other, '-f', 'json', '-o', out('cmd-diff.json')], { timeoutMs }), yardstick: [file, other] },
      diffRelated: { run: (timeoutMs) => runNode([BIN, 'diff', file, revised, '-f', 'json', '-o', out('cmd-diff-related.json')], { timeoutMs }), yardstick: [file, revised] },
      group: groupRace(file, '8.8.8.8'),
    },
    runs,
    dir,
  );
  return { ...figures, groupMembers: members, lintMs };
}

/** A covering shape (bench/shapes.ts) at the largest size: lint against its floor, and a group question about the address every route covers. */
export interface CoveringResult extends LintMeasure {
  shape: CoveringShape;
  routes: number;
  peers: number;
  address: string;
  /** simulate FILE --ip ADDRESS --from-group All -f json / lint FILE; null with --no-commands. */
  group: CommandFigure | null;
  /** report FILE -o page.html / lint FILE; null with --no-commands (absent in runs before 2026-12-06 evening). */
  report?: CommandFigure | null;
  groupMembers: number;
  lintMs: number | null;
}

export const COVERING_SHAPES: readonly CoveringShape[] = ['one-prefix', 'chain'];

export function measureCovering(shape: CoveringShape, routes: number, dir: string, options: Options, rssReporter: string): CoveringResult {
  const account = generateCoveringAccount(routes, shape);
  const file = join(dir, `covering-${shape}-${routes}.json`);
  const label = `covering (${shape}), ${routes} routes`;
  const measured = measureLint(label, accountText(account), file, join(dir, `covering-lint-${routes}.json`), options, rssReporter);
  let group: CommandFigure | null = null;
  let report: CommandFigure | null = null;
  let lintMs: number | null = null;
  if (options.commands) {
    const runs = Math.max(1, Math.min(options.runs, 3));
    process.stderr.write(`  ${label}: --from-group and report against lint, up to ${runs} runs\n`);
    const raced = raceAgainstLints(
      [file],
      { group: groupRace(file, COVERED_ADDRESS), report: reportRace(file, dir) },
      runs,
      dir,
    );
    ({ group, report } = raced.figures);
    lintMs = raced.lintMs;
  }
  return { shape, routes, peers: account.peers.length, address: COVERED_ADDRESS, ...measured, group, report, groupMembers: account.peers.length, lintMs };
}

/** The many-policies shape (bench/shapes.ts) at the largest size: lint against its floor, and report against lint. */
export interface PoliciesResult extends LintMeasure {
  routes: number;
  peers: number;
  policies: number;
  /** report FILE -o page.html / lint FILE; null with --no-commands (absent in runs before 2026-12-06 evening). */
  report?: CommandFigure | null;
  lintMs?: number | null;
}

/** A shape's commands raced against its lint (measureShape); each null with --no-commands. */
export interface ShapeCommands {
  /** report FILE -o page.html / lint FILE. */
  report: CommandFigure | null;
  /** simulate FILE --ip ADDRESS --from-group All -f json / lint FILE (ADDRESS: the shape's own; null without one). */
  group: CommandFigure | null;
  lintMs: number | null;
}

/** The many-groups shape (bench/shapes.ts) at the largest size: lint against its floor; report and a group question to an exit node against lint. */
export interface ManyGroupsResult extends LintMeasure, ShapeCommands {
  routes: number;
  peers: number;
  groups: number;
}

/** The mixed-families shape (bench/shapes.ts) at the largest size: lint against its floor; report and a group question to an IPv6 address many routes cover, against lint. */
export interface MixedResult extends LintMeasure, ShapeCommands {
  routes: number;
  peers: number;
  ipv6Routes: number;
  /** The group question's destination (MIXED_ADDRESS). */
  address: string;
}

/** The shared-prefixes shape (bench/shapes.ts) at the largest size: lint against its floor; report and a group question to an address on a shared prefix, against lint. */
export interface SharedPrefixesResult extends LintMeasure, ShapeCommands {
  routes: number;
  peers: number;
  /** Distinct IPv4 prefixes other than 0.0.0.0/0. */
  prefixes: number;
  /** The group question's destination (SHARED_ADDRESS). */
  address: string;
}

/** The big-peer-groups shape (bench/shapes.ts) at the largest size: lint against its floor; report and a group question to an address many routes cover, against lint. */
export interface BigGroupsResult extends LintMeasure, ShapeCommands {
  routes: number;
  peers: number;
  groups: number;
  /** The group question's destination (BIG_GROUPS_ADDRESS). */
  address: string;
}

/** Lint of one more shape against its floor, then (unless --no-commands) `report` and, given `groupAddress`, a group question, each against lint. */
function measureShape(label: string, name: string, account: Account, dir: string, options: Options, rssReporter: string, groupAddress?: string): ShapeCommands & { lint: LintMeasure } {
  const file = join(dir, `${name}.json`);
  const lint = measureLint(label, accountText(account), file, join(dir, `${name}-lint.json`), options, rssReporter);
  if (!options.commands) return { lint, report: null, group: null, lintMs: null };
  const runs = Math.max(1, Math.min(options.runs, 3));
  process.stderr.write(`  ${label}: report${groupAddress ? ' and --from-group' : ''} against lint, up to ${runs} runs\n`);
  const commands: Record<string, Raced> = { report: reportRace(file, dir) };
  if (groupAddress) commands.group = groupRace(file, groupAddress);
  const { figures, lintMs } = raceAgainstLints([file], commands, runs, dir);
  return { lint, report: figures.report!, group: figures.group ?? null, lintMs };
}

export function measurePolicies(routes: number, dir: string, options: Options, rssReporter: string): PoliciesResult {
  const account = generatePolicyAccount(routes);
  const { lint, report, lintMs } = measureShape(`many policies, ${routes} routes`, `policies-${routes}`, account, dir, options, rssReporter);
  return { routes, peers: account.peers.length, policies: account.policies.length, ...lint, report, lintMs };
}

export function measureManyGroups(routes: number, dir: string, options: Options, rssReporter: string): ManyGroupsResult {
  const account = generateManyGroupsAccount(routes);
  const { lint, report, group, lintMs } = measureShape(`many groups, ${routes} routes`, `many-groups-${routes}`, account, dir, options, rssReporter, '8.8.8.8');
  return { routes, peers: account.peers.length, groups: account.groups.length, ...lint, report, group, lintMs };
}

export function measureMixed(routes: number, dir: string, options: Options, rssReporter: string): MixedResult {
  const account = generateMixedAccount(routes);
  const { lint, report, group, lintMs } = measureShape(`mixed families, ${routes} routes`, `mixed-${routes}`, account, dir, options, rssReporter, MIXED_ADDRESS);
  const ipv6Routes = (account.routes as { network_type: string }[]).filter((r) => r.network_type === 'IPv6').length;
  return { routes, peers: account.peers.length, ipv6Routes, address: MIXED_ADDRESS, ...lint, report, group, lintMs };
}

export function measureSharedPrefixes(routes: number, dir: string, options: Options, rssReporter: string): SharedPrefixesResult {
  const account = generateSharedPrefixesAccount(routes);
  const { lint, report, group, lintMs } = measureShape(`shared prefixes, ${routes} routes`, `shared-prefixes-${routes}`, account, dir, options, rssReporter, SHARED_ADDRESS);
  const prefixes = new Set((account.routes as { network: string; network_type: string }[]).filter((r) => r.network_type === 'IPv4' && r.network !== '0.0.0.0/0').map((r) => r.network)).size;
  return { routes, peers: account.peers.length, prefixes, address: SHARED_ADDRESS, ...lint, report, group, lintMs };
}

export function measureBigGroups(routes: number, dir: string, options: Options, rssReporter: string): BigGroupsResult {
  const account = generateBigGroupsAccount(routes);
  const { lint, report, group, lintMs } = measureShape(`big peer groups, ${routes} routes`, `big-groups-${routes}`, account, dir, options, rssReporter, BIG_GROUPS_ADDRESS);
  return { routes, peers: account.peers.length, groups: account.groups.length, address: BIG_GROUPS_ADDRESS, ...lint, report, group, lintMs };
}

export function measureSize(routes: number, dir: string, options: Options, rssReporter: string): SizeResult {
  const account = generateAccount(routes);
  const text = accountText(account);
  const file = join(dir, `account-${routes}.json`);
  const { fileBytes, parse, lint, lintOverParse, memoryOverFile } = measureLint(`${routes} routes`, text, file, join(dir, `lint-${routes}.json`), options, rssReporter);

  // The batch before the naive pairwise check: that one leaves this process a big heap to collect,
  // which its background GC threads would do while the children run.
  process.stderr.write(`  ${routes} routes: simulate --batch against the naive scan\n`);
  const batch = measureBatch(account, file, dir, routes, options);

  process.stderr.write(`  ${routes} routes: naive pairwise overlap check\n`);
  const networks = networkStrings(account);
  const pairwise = naivePairwise(networks, routes >= 100000 ? 4000 : Number.POSITIVE_INFINITY);
  settle();

  let commands: CommandFigures | undefined;
  if (options.commands && routes === options.sizes[options.sizes.length - 1]) {
    const other = join(dir, `account-${routes}-other.json`);
    writeDurably(other, accountText(generateAccount(routes, 43)));
    const revised = join(dir, `account-${routes}-revised.json`);
    writeDurably(revised, accountText(reviseAccount(account)));
    commands = measureCommands(`${routes} routes`, file, other, revised, account.peers.length, dir, options);
  }
  return { routes, peers: account.peers.length, groups: account.groups.length, policies: account.policies.length, fileBytes, parse, lint, lintOverParse, memoryOverFile, naivePairwise: pairwise, batch, ...(commands ? { commands } : {}) };
}

function measureBatch(account: Account, file: string, dir: string, routes: number, options: Options): SizeResult['batch'] {
  // Enough questions that the difference between N and 2N stands well above the machine's noise;
  // fewer on the largest account, whose answers take longer.
  const count = routes >= 100000 ? 5000 : 100000;
  const queries = batchQueries(account, 2 * count, routes);
  const writeQueries = (name: string, qs: readonly Query[]): string => {
    const path = join(dir, name);
    writeDurably(path, qs.length === 0 ? '' : `${qs.map((q) => JSON.stringify(q)).join('\n')}\n`);
    return path;
  };
  const emptyFile = writeQueries('queries-empty.jsonl', []);
  const singleFile = writeQueries(`queries-${routes}.jsonl`, queries.slice(0, count));
  const doubleFile = writeQueries(`queries-${routes}-double.jsonl`, queries);
  // The answers of N questions, kept to compare with the naive scan (an untimed run).
  const answersFile = join(dir, 'answers.jsonl');
  const first = runNode([BIN, 'simulate', file, '--batch', singleFile], { stdoutFile: answersFile, readStdout: true });
  if (first.status !== 0) throw new Error(`simulate --batch ${singleFile} exited ${first.status}: ${first.stderr}`);
  const answers = first.stdout.trimEnd().split('\n');
  // Removed before the kernel writes its hundred megabytes back during the timed runs.
  rmSync(answersFile, { force: true });
  settle();
  // Interleaved, so that all three see the same machine load: no questions (start, read, model,
  // simulator indexes), N questions, 2N questions. Answers are written to the null device: every
  // answer is encoded and written, and the file system's page cache (how fast the kernel finds
  // hundreds of megabytes of free pages) stays out of the figures.
  const fixed: number[] = [];
  const single: number[] = [];
  const double: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    for (const [path, times] of [[emptyFile, fixed], [singleFile, single], [doubleFile, double]] as const) {
      const r = runNode([BIN, 'simulate', file, '--batch', path], { stdoutFile: devNull });
      if (r.status !== 0) throw new Error(`simulate --batch ${path} exited ${r.status}: ${r.stderr}`);
      times.push(r.ms);
    }
  }
  if (answers.length !== count) throw new Error(`simulate --batch answered ${answers.length} of ${count} queries`);
  const fixedMs = median(fixed);
  const ms = median(single);
  const doubleMs = median(double);
  // Round by round: the runs of one round see the same machine load, which drifts between rounds.
  const perQueryUs = (Math.max(0, median(double.map((d, i) => d - single[i]!))) * 1000) / count;
  const allInPerQueryUs = (Math.max(0, median(single.map((n, i) => n - fixed[i]!))) * 1000) / count;

  // The naive scan: on a sample as large as fits in a few seconds.
  const naive = naiveSimulator(account);
  const sample = routes >= 100000 ? 100 : routes >= 10000 ? 500 : 2500;
  let agreeing = 0;
  const naiveRuns: number[] = [];
  let naiveAnswers: (string | null)[] = [];
  for (let i = 0; i < options.runs; i++) {
    const start = performance.now();
    naiveAnswers = queries.slice(0, sample).map((q) => naive(q));
    naiveRuns.push(performance.now() - start);
  }
  const naiveMs = median(naiveRuns);
  naiveAnswers.forEach((routeId, i) => {
    const a = JSON.parse(answers[i]!) as { route: { id: string } | null; candidates: { route: { id: string } }[] };
    // Both name the same route, or the naive route is among routelint's candidates (HA peers, ties).
    if (routeId === (a.route?.id ?? null) || (routeId !== null && a.candidates.some((c) => c.route.id === routeId))) agreeing++;
  });
  const naivePerQueryUs = (naiveMs * 1000) / sample;
  const speedOver = (us: number): number => naivePerQueryUs / Math.max(us, 1e-3);
  return { queries: count, fixedMs, ms, doubleMs, perQueryUs, allInPerQueryUs, naiveQueries: sample, naivePerQueryUs, speedup: speedOver(perQueryUs), allInSpeedup: speedOver(allInPerQueryUs), agreeing: agreeing / sample };
}

export function measureStartup(runs: number): { lintMs: number; nodeMs: number; ratio: number; runs: number } {
  const lint: number[] = [];
  const node: number[] = [];
  // Warm the file cache first; then interleave so both see the same load.
  runNode([BIN, 'lint', 'fixtures/demo']);
  runNode(['-e', '0']);
  for (let i = 0; i < runs; i++) {
    node.push(runNode(['-e', '0']).ms);
    const r = runNode([BIN, 'lint', 'fixtures/demo']);
    if (r.status !== 0 && r.status !== 1) throw new Error(`routelint lint fixtures/demo exited ${r.status}: ${r.stderr}`);
    lint.push(r.ms);
  }
  const lintMs = median(lint);
  const nodeMs = median(node);
  return { lintMs, nodeMs, ratio: lintMs / nodeMs, runs };
}

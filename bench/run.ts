// `npm run bench`: routelint against the cost of reading its input, on synthetic accounts of
// 1,000, 10,000 and 100,000 routes (bench/generate.ts), and on an account of the largest size in a
// second, flat shape (generateFlatAccount), in one run on one machine:
//   - lint: wall time and peak memory of the built CLI as a child process, against JSON.parse of
//     the same file in a fresh child process (the floor), and the naive pairwise overlap check
//     (every pair of network routes through cidr-tools' overlapCidr; at 100,000 routes timed on
//     a slice and extrapolated);
//   - simulate --batch: the cost per query against a naive scan of every route for every query:
//     the slope between a batch of N questions and one of 2N (start, read, model, indexes and the
//     JIT warming up cancel out), and, for comparison, the all-in average over N;
//   - startup: `routelint lint fixtures/demo` against `node -e 0`.
// Absolute times vary between machines and between runs on a busy one, so the targets are ratios
// of figures taken side by side: lint / parse and the batch slope are computed round by round
// (the commands of one round run one after the other) and the median over the rounds is kept.
// Prints a Markdown table, writes the same figures to bench/results.json and quotes the table in
// docs/performance.md.
//
// Options: --sizes 1000,10000 (default 1000,10000,100000), --runs N (timed runs of each command
// per size, default 5), --no-flat (skip the flat shape, measured at the largest size),
// --no-commands (skip report, diff and --from-group), --no-covering (skip the covering shapes of
// bench/shapes.ts, measured at the largest size), --no-policies (skip the many-policies shape of
// bench/shapes.ts, measured at the largest size), --no-many-groups (skip the many-groups shape of
// bench/shapes.ts, measured at the largest size), --no-write (do not touch bench/results.json or
// docs/performance.md).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, devNull, tmpdir, totalmem, availableParallelism, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { overlapCidr } from 'cidr-tools';
import ipaddr from 'ipaddr.js';
import { accountText, generateAccount, generateFlatAccount, reviseAccount, rng, type Account } from './generate.js';
import { COVERED_ADDRESS, generateCoveringAccount, generateManyGroupsAccount, generatePolicyAccount, type CoveringShape } from './shapes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'routelint.js');
const RESULTS = join(ROOT, 'bench', 'results.json');

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

interface Options {
  sizes: number[];
  runs: number;
  write: boolean;
  /** Also measure the flat shape at the largest size. */
  flat: boolean;
  /** Measure report, diff and --from-group at the largest size. */
  commands: boolean;
  /** Measure lint and --from-group on the covering shapes (bench/shapes.ts) at the largest size. */
  covering: boolean;
  /** Measure lint on the many-policies shape (bench/shapes.ts) at the largest size. */
  policies: boolean;
  /** Measure lint, report and --from-group on the many-groups shape (bench/shapes.ts) at the largest size. */
  manyGroups: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: [1000, 10000, 100000], runs: 5, write: true, flat: true, commands: true, covering: true, policies: true, manyGroups: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = (argv[++i] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    else if (arg === '--runs') options.runs = Math.max(1, Number(argv[++i]) || 1);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--no-flat') options.flat = false;
    else if (arg === '--no-commands') options.commands = false;
    else if (arg === '--no-covering') options.covering = false;
    else if (arg === '--no-policies') options.policies = false;
    else if (arg === '--no-many-groups') options.manyGroups = false;
    else throw new Error(`unknown option ${arg}; known: --sizes N,N --runs N --no-write --no-flat --no-commands --no-covering --no-policies --no-many-groups`);
  }
  if (options.sizes.length === 0) throw new Error('--sizes: give route counts, e.g. --sizes 1000,10000');
  return options;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

interface ChildRun {
  /** Wall time of the child, spawn to exit, in milliseconds. */
  ms: number;
  /** Peak resident set size of the child, in bytes (0 when not measured). */
  maxRss: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node ARGS` and times it. With `measureRss`, a preloaded module reports the child's peak
 * RSS (process.resourceUsage().maxRSS) on stderr as it exits; it costs a few milliseconds of
 * startup, so startup figures are taken without it.
 */
/**
 * `stdoutFile`: standard output goes to this file (as `> FILE` would), not through a pipe to the
 * bench; it is read back only with `readStdout`.
 */
/**
 * The children's environment: no colour, and no NODE_EXTRA_CA_CERTS, which some machines set (this
 * sandbox: a 220 KB bundle) and every Node start then parses, about 45 ms that would inflate the
 * start-up yardstick (`node -e 0`) users without it do not pay.
 */
const childEnv: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();

function runNode(args: readonly string[], options: { measureRss?: string; input?: string; stdoutFile?: string; readStdout?: boolean; timeoutMs?: number } = {}): ChildRun {
  const preload = options.measureRss ? ['--import', options.measureRss] : [];
  const out = options.stdoutFile === undefined ? 'pipe' : openSync(options.stdoutFile, 'w');
  const start = performance.now();
  const r = spawnSync(process.execPath, [...preload, ...args], { cwd: ROOT, encoding: 'utf8', input: options.input, maxBuffer: 1 << 30, env: childEnv, stdio: ['pipe', out, 'pipe'], ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
  const ms = performance.now() - start;
  if (typeof out === 'number') closeSync(out);
  if (r.error && !(options.timeoutMs && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')) throw r.error;
  let stderr = r.stderr;
  let maxRss = 0;
  // Every process of the command reports (a big export's run is a second process: bin/routelint.js): the largest counts.
  stderr = stderr.replace(/\nROUTELINT_BENCH_MAXRSS (\d+)\n/g, (_, kib: string) => {
    maxRss = Math.max(maxRss, Number(kib) * 1024);
    return '';
  });
  const stdout = typeof out !== 'number' ? r.stdout : options.readStdout ? readFileSync(options.stdoutFile!, 'utf8') : '';
  return { ms, maxRss, status: r.status, stdout, stderr };
}

/**
 * Collects this process's garbage now (`npm run bench` runs it with --expose-gc), so that no
 * collection of its own runs on background threads while a timed child runs.
 */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Writes a file and waits until it is on disk: otherwise the kernel writes it back some 30 s later,
 * in the middle of the timed runs, and on a two-core machine that costs the runs CPU.
 */
function writeDurably(path: string, text: string): void {
  writeFileSync(path, text);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const RSS_REPORTER = `import { writeSync } from 'node:fs';
process.on('exit', () => writeSync(2, '\\nROUTELINT_BENCH_MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));
`;

const PARSE_SCRIPT = `const { readFileSync } = require('node:fs');
const text = readFileSync(process.argv[1], 'utf8');
const start = performance.now();
JSON.parse(text);
process.stdout.write(String(performance.now() - start));`;

// ---------------------------------------------------------------------------------------------
// Naive baselines: what a reasonable person writes first.

/** Network routes of the account as `network` strings (domain routes and the placeholder left out). */
function networkStrings(account: Account): string[] {
  return (account.routes as { network_type: string; network: string }[]).filter((r) => r.network_type !== 'Domain').map((r) => r.network);
}

/**
 * Every pair of network routes through cidr-tools' overlapCidr. With `budgetMs`, stops after the
 * first rows that fit in the budget and extrapolates from the pairs done.
 */
function naivePairwise(networks: readonly string[], budgetMs: number): { ms: number; pairs: number; overlapping: number; extrapolated: boolean } {
  const total = (networks.length * (networks.length - 1)) / 2;
  let pairs = 0;
  let overlapping = 0;
  const start = performance.now();
  let elapsed = 0;
  for (let i = 0; i < networks.length; i++) {
    const a = networks[i]!;
    for (let j = i + 1; j < networks.length; j++) {
      if (overlapCidr(a, networks[j]!)) overlapping++;
    }
    pairs += networks.length - 1 - i;
    elapsed = performance.now() - start;
    if (elapsed > budgetMs && pairs < total) {
      return { ms: (elapsed * total) / pairs, pairs, overlapping, extrapolated: true };
    }
  }
  return { ms: elapsed, pairs, overlapping, extrapolated: false };
}

interface ApiRoute {
  id: string;
  network: string;
  network_type: string;
  network_id: string;
  enabled: boolean;
  groups: string[];
  metric: number;
  peer: string;
  peer_groups?: string[];
}

interface Query {
  ip: string;
  from_peer: string;
}

/**
 * The naive simulator: for each query, scan all routes, keep the enabled network routes the source
 * receives (a member of a distribution group) whose prefix contains the address, then pick the
 * longest prefix and, among its routes, the best (lowest) metric. Prefixes are parsed once up
 * front, as anyone would; group membership is a Set per group.
 */
function naiveSimulator(account: Account): (q: Query) => string | null {
  const members = new Map<string, Set<string>>();
  for (const g of account.groups as { id: string; peers: { id: string }[] | null }[]) members.set(g.id, new Set((g.peers ?? []).map((p) => p.id)));
  const routes = (account.routes as ApiRoute[])
    .filter((r) => r.network_type !== 'Domain')
    .map((r) => ({ route: r, cidr: ipaddr.parseCIDR(r.network) }));
  return (q) => {
    const addr = ipaddr.parse(q.ip);
    let best: { route: ApiRoute; bits: number } | null = null;
    for (const { route, cidr } of routes) {
      if (!route.enabled) continue;
      if (!route.groups.some((g) => members.get(g)?.has(q.from_peer))) continue;
      if (cidr[0].kind() !== addr.kind() || !addr.match(cidr)) continue;
      if (!best || cidr[1] > best.bits || (cidr[1] === best.bits && route.metric < best.route.metric)) best = { route, bits: cidr[1] };
    }
    return best ? best.route.id : null;
  };
}

/** Queries from random peers to addresses inside random routes' prefixes (and some outside any). */
function batchQueries(account: Account, count: number, seed: number): Query[] {
  const rand = rng(seed);
  const peers = account.peers as { id: string }[];
  const v4 = (account.routes as ApiRoute[]).filter((r) => r.network_type === 'IPv4' && !r.network.endsWith('/0'));
  const queries: Query[] = [];
  for (let i = 0; i < count; i++) {
    const from = peers[Math.floor(rand() * peers.length)]!.id;
    if (rand() < 0.1) {
      queries.push({ ip: `198.51.100.${Math.floor(rand() * 256)}`, from_peer: from });
      continue;
    }
    const [addr, bits] = v4[Math.floor(rand() * v4.length)]!.network.split('/');
    const base = addr!.split('.').map(Number);
    const host = Math.floor(rand() * 2 ** (32 - Number(bits)));
    const value = ((base[0]! << 24) | (base[1]! << 16) | (base[2]! << 8) | base[3]!) + host;
    queries.push({ ip: [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.'), from_peer: from });
  }
  return queries;
}

// ---------------------------------------------------------------------------------------------

interface LintFigures {
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

interface SizeResult {
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
interface LintMeasure {
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
interface FlatResult extends LintMeasure {
  routes: number;
  peers: number;
  groups: number;
  commands: CommandFigures | null;
}

function measureFlat(routes: number, dir: string, options: Options, rssReporter: string): FlatResult {
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

/**
 * report, diff and a group question on one account of the largest size, each against lint of the
 * same input, round by round. A command that fails, or runs past BUDGET times its yardstick (far
 * past its target), is recorded as such, not waited for: the other figures still come out.
 */
interface CommandFigure {
  /** Median ratio to the yardstick; null when the command failed or ran out of its budget. */
  ratio: number | null;
  ms: number | null;
  /** Why there is no ratio: `over N×` (killed at the budget) or `failed: first line of stderr`. */
  problem?: string;
}

interface CommandFigures {
  /** report FILE -o page.html / lint FILE. */
  report: CommandFigure;
  /** diff FILE OTHER (an unrelated account: another seed) / (lint FILE + lint OTHER). */
  diff: CommandFigure;
  /** diff FILE REVISED (the same account after a round of edits: reviseAccount) / (lint FILE + lint REVISED); absent in runs before 2026-12-05. */
  diffRelated?: CommandFigure;
  /** simulate FILE --ip 8.8.8.8 --from-group All -f json (every peer; the destination is an exit node HA set) / lint FILE. */
  group: CommandFigure;
  groupMembers: number;
  lintMs: number;
}

/** How many times its yardstick a command may run before it is stopped. */
const COMMAND_BUDGET = 5;

/** A command timed against a yardstick: the sum of the lints of the files it names. */
interface Raced {
  run: (timeoutMs: number) => ChildRun;
  yardstick: readonly string[];
}

/**
 * Times each command against lint of its files, round by round (a round lints every file, then runs
 * each command once), after one untimed lint of each file. Returns each command's median time and
 * ratio, and the median lint time of the first file.
 */
function raceAgainstLints<K extends string>(files: readonly string[], commands: Record<K, Raced>, runs: number, dir: string): { figures: Record<K, CommandFigure>; lintMs: number } {
  const lintOf = (path: string) => runNode([BIN, 'lint', path, '-f', 'json', '-o', join(dir, 'cmd-lint.json')]);
  // Warm the page cache; then alternate, so each command and its yardstick see the same load.
  for (const f of files) lintOf(f);
  const names = Object.keys(commands) as K[];
  const ratios = new Map<K, number[]>(names.map((n) => [n, []]));
  const times = new Map<K, number[]>(names.map((n) => [n, []]));
  const lintTimes: number[] = [];
  const problems = new Map<K, string>();
  for (let i = 0; i < runs; i++) {
    const lintMs = new Map<string, number>();
    for (const f of files) {
      const lint = lintOf(f);
      if (lint.status !== 0 && lint.status !== 1) throw new Error(`lint ${f} exited ${lint.status}: ${lint.stderr}`);
      lintMs.set(f, lint.ms);
    }
    lintTimes.push(lintMs.get(files[0]!)!);
    for (const name of names) {
      if (problems.has(name)) continue;
      const yardstick = commands[name].yardstick.reduce((sum, f) => sum + lintMs.get(f)!, 0);
      const r = commands[name].run(Math.ceil(COMMAND_BUDGET * yardstick));
      if (r.status === null) problems.set(name, `over ${COMMAND_BUDGET}× (stopped after ${ms(r.ms)})`);
      else if (r.status !== 0 && r.status !== 1) problems.set(name, `failed: ${r.stderr.trim().split('\n')[0] ?? ''}`);
      else {
        times.get(name)!.push(r.ms);
        ratios.get(name)!.push(r.ms / yardstick);
      }
    }
    settle();
  }
  const figures = Object.fromEntries(
    names.map((name) => [name, problems.has(name) ? { ratio: null, ms: null, problem: problems.get(name) } : { ratio: median(ratios.get(name)!), ms: median(times.get(name)!) }]),
  ) as Record<K, CommandFigure>;
  return { figures, lintMs: median(lintTimes) };
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
interface CoveringResult extends LintMeasure {
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

const COVERING_SHAPES: readonly CoveringShape[] = ['one-prefix', 'chain'];

/** `report FILE -o page.html`, raced against lint of FILE. */
function reportRace(file: string, dir: string): Raced {
  return { run: (timeoutMs) => runNode([BIN, 'report', file, '-o', join(dir, 'cmd-report.html')], { timeoutMs }), yardstick: [file] };
}

/** `simulate FILE --ip ADDRESS --from-group All -f json` (every peer), raced against lint of FILE. */
function groupRace(file: string, address: string): Raced {
  return { run: (timeoutMs) => runNode([BIN, 'simulate', file, '--ip', address, '--from-group', 'All', '-f', 'json'], { stdoutFile: devNull, timeoutMs }), yardstick: [file] };
}

function measureCovering(shape: CoveringShape, routes: number, dir: string, options: Options, rssReporter: string): CoveringResult {
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
interface PoliciesResult extends LintMeasure {
  routes: number;
  peers: number;
  policies: number;
  /** report FILE -o page.html / lint FILE; null with --no-commands (absent in runs before 2026-12-06 evening). */
  report?: CommandFigure | null;
  lintMs?: number | null;
}

/** The many-groups shape (bench/shapes.ts) at the largest size: lint against its floor; report and a group question to an exit node against lint. */
interface ManyGroupsResult extends LintMeasure {
  routes: number;
  peers: number;
  groups: number;
  /** report FILE -o page.html / lint FILE; null with --no-commands. */
  report: CommandFigure | null;
  /** simulate FILE --ip 8.8.8.8 --from-group All -f json / lint FILE; null with --no-commands. */
  group: CommandFigure | null;
  lintMs: number | null;
}

/** Lint of one more shape against its floor, then (unless --no-commands) `report` and, given `groupAddress`, a group question, each against lint. */
function measureShape(label: string, name: string, account: Account, dir: string, options: Options, rssReporter: string, groupAddress?: string) {
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

function measurePolicies(routes: number, dir: string, options: Options, rssReporter: string): PoliciesResult {
  const account = generatePolicyAccount(routes);
  const { lint, report, lintMs } = measureShape(`many policies, ${routes} routes`, `policies-${routes}`, account, dir, options, rssReporter);
  return { routes, peers: account.peers.length, policies: account.policies.length, ...lint, report, lintMs };
}

function measureManyGroups(routes: number, dir: string, options: Options, rssReporter: string): ManyGroupsResult {
  const account = generateManyGroupsAccount(routes);
  const { lint, report, group, lintMs } = measureShape(`many groups, ${routes} routes`, `many-groups-${routes}`, account, dir, options, rssReporter, '8.8.8.8');
  return { routes, peers: account.peers.length, groups: account.groups.length, ...lint, report, group, lintMs };
}

function measureSize(routes: number, dir: string, options: Options, rssReporter: string): SizeResult {
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

function measureStartup(runs: number): { lintMs: number; nodeMs: number; ratio: number; runs: number } {
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

// ---------------------------------------------------------------------------------------------

function ms(x: number): string {
  return x >= 10000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
}

function us(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
}

interface Results {
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
  startup: ReturnType<typeof measureStartup>;
  targets: TargetResult[];
  /** Earlier runs of this file, newest first (at most HISTORY_RUNS): "consecutive runs" are read from here. */
  history?: RunSummary[];
}

interface TargetResult {
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
function commitOf(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  // The bench's own outputs (results.json, the quoted table) do not make the measured code another.
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results.json', ':!docs/performance.md'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== '' ? '+' : ''}`;
}

/** The earlier runs as the next results.json keeps them: the previous run first. */
function historyAfter(previous: Results | null): RunSummary[] {
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

function targetsOf(sizes: SizeResult[], flat: FlatResult | null, covering: readonly CoveringResult[], policies: PoliciesResult | null, manyGroups: ManyGroupsResult | null, startup: Results['startup']): Results['targets'] {
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
  for (const c of covering) {
    const label = `${c.routes.toLocaleString('en-US')} routes, covering shape (${c.shape})`;
    out.push({ name: `lint of ${label} / JSON.parse of the same file`, target: `≤ ${TARGETS.lintOverParse}×`, measured: `${c.lintOverParse.toFixed(2)}×`, met: c.lintOverParse <= TARGETS.lintOverParse });
    out.push({ name: `peak memory of lint of ${label} / file size`, target: `≤ ${TARGETS.memoryOverFile}×`, measured: `${c.memoryOverFile.toFixed(2)}×`, met: c.memoryOverFile <= TARGETS.memoryOverFile });
    if (c.group) commandRow(`simulate --from-group of ${c.groupMembers.toLocaleString('en-US')} members to an address every route covers, ${label} / lint of the file`, c.group, TARGETS.groupOverLint);
    if (c.report) commandRow(`report of ${label} / lint of the same file`, c.report, TARGETS.reportOverLint);
  }
  if (policies) {
    const label = `${policies.routes.toLocaleString('en-US')} routes, many-policies shape`;
    out.push({ name: `lint of ${label} / JSON.parse of the same file`, target: `≤ ${TARGETS.lintOverParse}×`, measured: `${policies.lintOverParse.toFixed(2)}×`, met: policies.lintOverParse <= TARGETS.lintOverParse });
    out.push({ name: `peak memory of lint of ${label} / file size`, target: `≤ ${TARGETS.memoryOverFile}×`, measured: `${policies.memoryOverFile.toFixed(2)}×`, met: policies.memoryOverFile <= TARGETS.memoryOverFile });
    if (policies.report) commandRow(`report of ${label} / lint of the same file`, policies.report, TARGETS.reportOverLint);
  }
  if (manyGroups) {
    const label = `${manyGroups.routes.toLocaleString('en-US')} routes, many-groups shape`;
    out.push({ name: `lint of ${label} / JSON.parse of the same file`, target: `≤ ${TARGETS.lintOverParse}×`, measured: `${manyGroups.lintOverParse.toFixed(2)}×`, met: manyGroups.lintOverParse <= TARGETS.lintOverParse });
    out.push({ name: `peak memory of lint of ${label} / file size`, target: `≤ ${TARGETS.memoryOverFile}×`, measured: `${manyGroups.memoryOverFile.toFixed(2)}×`, met: manyGroups.memoryOverFile <= TARGETS.memoryOverFile });
    if (manyGroups.report) commandRow(`report of ${label} / lint of the same file`, manyGroups.report, TARGETS.reportOverLint);
    if (manyGroups.group) commandRow(`simulate --from-group of ${manyGroups.peers.toLocaleString('en-US')} members to an exit node, ${label} / lint of the file`, manyGroups.group, TARGETS.groupOverLint);
  }
  out.push({ name: '`routelint lint fixtures/demo` / `node -e 0` (medians)', target: `≤ ${TARGETS.startupOverNode}×`, measured: `${startup.ratio.toFixed(2)}×`, met: startup.ratio <= TARGETS.startupOverNode });
  return out;
}

/** A shape measured for lint alone: its caption, then one row (routes, peers, `countName`, the lint figures). */
function shapeLines(caption: string, countName: string, count: number, m: LintMeasure & { routes: number; peers: number }): string[] {
  return [
    '',
    caption,
    '',
    `| routes | peers | ${countName} | file | JSON.parse (floor) | lint | lint / parse | findings (left out) | peak RSS | RSS / file |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${m.routes.toLocaleString('en-US')} | ${m.peers.toLocaleString('en-US')} | ${count.toLocaleString('en-US')} | ${mb(m.fileBytes)} | ${ms(m.parse.ms)} | ${ms(m.lint.ms)} | ${m.lintOverParse.toFixed(2)}× | ${m.lint.findings.toLocaleString('en-US')} (${m.lint.findingsLeftOut.toLocaleString('en-US')}) | ${mb(m.lint.maxRssBytes)} | ${m.memoryOverFile.toFixed(2)}× |`,
  ];
}

/** The Markdown docs/performance.md quotes: figures per size, then the targets. */
export function markdownOf(results: Results): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}); ${results.generatedAt.slice(0, 10)}.`);
  lines.push('');
  lines.push('| routes | peers | file | JSON.parse (floor) | lint | lint / parse | findings | peak RSS | RSS / file | naive pairwise (cidr-tools) | batch simulate per query | all in | naive scan per query | batch speed-up |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of results.sizes) {
    const pairwise = `${ms(s.naivePairwise.ms)}${s.naivePairwise.extrapolated ? ' (extrapolated)' : ''}`;
    lines.push(
      `| ${s.routes.toLocaleString('en-US')} | ${s.peers.toLocaleString('en-US')} | ${mb(s.fileBytes)} | ${ms(s.parse.ms)} | ${ms(s.lint.ms)} | ${s.lintOverParse.toFixed(2)}× | ${s.lint.findings.toLocaleString('en-US')} | ${mb(s.lint.maxRssBytes)} | ${s.memoryOverFile.toFixed(2)}× | ${pairwise} | ${us(s.batch.perQueryUs)} | ${us(s.batch.allInPerQueryUs)} | ${us(s.batch.naivePerQueryUs)} | ${s.batch.speedup.toFixed(0)}× |`,
    );
  }
  if (results.flat) {
    const f = results.flat;
    lines.push(...shapeLines('Flat shape (thousands of groups, one group of every peer as distribution and peer group, an exit HA set of 1% of the routes, 10% of the peers offline, random /16–/32 prefixes in 10/8):', 'groups', f.groups, f));
  }
  if (results.covering && results.covering.length > 0) {
    lines.push('');
    lines.push(`Covering shapes (bench/shapes.ts: the flat account with every route covering ${results.covering[0]!.address}; one-prefix: every route on 10.0.0.0/16 under its own network_id; chain: prefixes nested /8 to /32, each route under its own network_id):`);
    lines.push('');
    lines.push('| shape | routes | file | JSON.parse (floor) | lint | lint / parse | findings (left out) | peak RSS | RSS / file | --from-group (members) | --from-group / lint |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const c of results.covering) {
      const group = c.group === null ? ['–', '–'] : c.group.ratio === null ? [c.group.problem ?? 'failed', '–'] : [`${ms(c.group.ms!)} (${c.groupMembers.toLocaleString('en-US')})`, `${c.group.ratio.toFixed(2)}×`];
      lines.push(
        `| ${c.shape} | ${c.routes.toLocaleString('en-US')} | ${mb(c.fileBytes)} | ${ms(c.parse.ms)} | ${ms(c.lint.ms)} | ${c.lintOverParse.toFixed(2)}× | ${c.lint.findings.toLocaleString('en-US')} (${c.lint.findingsLeftOut.toLocaleString('en-US')}) | ${mb(c.lint.maxRssBytes)} | ${c.memoryOverFile.toFixed(2)}× | ${group[0]} | ${group[1]} |`,
      );
    }
  }
  if (results.policies) {
    const p = results.policies;
    lines.push(
      ...shapeLines(
        'Many-policies shape (bench/shapes.ts: the flat account plus one policy per 20 routes of 1–3 group-to-group rules with ports and protocols, a tenth drop rules and a twentieth behind posture checks; 30% of the routes with access control groups, 30% domain routes, 5% IPv6):',
        'policies',
        p.policies,
        p,
      ),
    );
  }
  if (results.manyGroups) {
    const g = results.manyGroups;
    lines.push(
      ...shapeLines(
        'Many-groups shape (bench/shapes.ts: the flat account with 4–8 distribution groups and 1–2 peer groups per route, access control groups on 30%, so members hardly share their groups among a destination\'s covering sets):',
        'groups',
        g.groups,
        g,
      ),
    );
  }
  const otherReports = [
    ...(results.covering ?? []).map((c) => [`covering (${c.shape})`, c.routes, c.lintMs, c.report] as const),
    ...(results.policies ? [['many policies', results.policies.routes, results.policies.lintMs, results.policies.report] as const] : []),
    ...(results.manyGroups ? [['many groups', results.manyGroups.routes, results.manyGroups.lintMs, results.manyGroups.report] as const] : []),
  ].filter(([, , lintMs, report]) => lintMs != null && report != null);
  if (otherReports.length > 0) {
    lines.push('');
    lines.push('report on the covering, many-policies and many-groups shapes (each against lint of the same file, round by round):');
    lines.push('');
    lines.push('| shape | routes | lint | report | report / lint |');
    lines.push('|---|---:|---:|---:|---:|');
    for (const [shape, routes, lintMs, report] of otherReports) {
      const [reportMs, ratio] = report!.ratio === null ? [report!.problem ?? 'failed', '–'] : [ms(report!.ms!), `${report!.ratio.toFixed(2)}×`];
      lines.push(`| ${shape} | ${routes.toLocaleString('en-US')} | ${ms(lintMs!)} | ${reportMs} | ${ratio} |`);
    }
  }
  const manyGroupsQuestion = results.manyGroups?.group;
  if (manyGroupsQuestion && results.manyGroups?.lintMs != null) {
    const figure = manyGroupsQuestion.ratio === null ? `${manyGroupsQuestion.problem ?? 'failed'}` : `${ms(manyGroupsQuestion.ms!)}, ${manyGroupsQuestion.ratio.toFixed(2)}× lint (${ms(results.manyGroups.lintMs)})`;
    lines.push('');
    lines.push(`simulate --ip 8.8.8.8 --from-group All (${results.manyGroups.peers.toLocaleString('en-US')} members) on the many-groups shape: ${figure}.`);
  }
  const commandLines = [
    ...results.sizes.filter((s) => s.commands).map((s) => [`${s.routes.toLocaleString('en-US')} (tenants)`, s.commands!] as const),
    ...(results.flat?.commands ? [[`${results.flat.routes.toLocaleString('en-US')} (flat)`, results.flat.commands] as const] : []),
  ];
  if (commandLines.length > 0) {
    lines.push('');
    lines.push('| routes | lint | report | report / lint | diff (unrelated) | diff / both lints | diff (edited) | diff / both lints | --from-group (members) | --from-group / lint |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const cell = (f: CommandFigure) => (f.ratio === null ? [f.problem ?? 'failed', '–'] : [ms(f.ms!), `${f.ratio.toFixed(2)}×`]);
    for (const [label, c] of commandLines) {
      const [reportMs, reportRatio] = cell(c.report);
      const [diffMs, diffRatio] = cell(c.diff);
      const [relatedMs, relatedRatio] = c.diffRelated ? cell(c.diffRelated) : ['–', '–'];
      const [groupMs, groupRatio] = cell(c.group);
      lines.push(`| ${label} | ${ms(c.lintMs)} | ${reportMs} | ${reportRatio} | ${diffMs} | ${diffRatio} | ${relatedMs} | ${relatedRatio} | ${groupMs} (${c.groupMembers.toLocaleString('en-US')}) | ${groupRatio} |`);
    }
  }
  lines.push('');
  lines.push(`Startup: \`routelint lint fixtures/demo\` ${ms(results.startup.lintMs)}, \`node -e 0\` ${ms(results.startup.nodeMs)} (medians of ${results.startup.runs} runs): ${results.startup.ratio.toFixed(2)}×.`);
  lines.push('');
  const earlier = (results.history ?? []).slice(0, 2);
  const streak = consecutiveRunsMeetingAll(results);
  lines.push(
    streak > 0
      ? `Every target met in ${streak === 1 ? 'this run' : `the last ${streak} consecutive runs`} (commit ${results.commit ?? 'unknown'}${streak > 1 ? '; the earlier runs are in bench/results.json' : ''}).`
      : `Targets missed in this run: ${results.targets.filter((t) => !t.met).length} of ${results.targets.length} (commit ${results.commit ?? 'unknown'}).`,
  );
  lines.push('');
  const earlierHeads = earlier.map((h) => ` ${h.generatedAt.slice(0, 16).replace('T', ' ')} (${h.commit}) |`).join('');
  lines.push(`| target | goal | measured | met |${earlierHeads}`);
  lines.push(`|---|---:|---:|:---:|${earlier.map(() => '---:|').join('')}`);
  for (const t of results.targets) {
    const before = earlier.map((h) => {
      const then = h.targets.find((x) => x.name === t.name);
      return ` ${then ? `${then.measured} ${then.met ? '(met)' : '(**not met**)'}` : '–'} |`;
    });
    lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |${before.join('')}`);
  }
  return lines.join('\n');
}

const PERFORMANCE_NOTES = join(ROOT, 'docs', 'performance.md');
const QUOTE_START = '<!-- bench:start -->';
const QUOTE_END = '<!-- bench:end -->';

/** Replaces the table between the bench markers of docs/performance.md with this run's, so the two never disagree. */
function quoteInPerformanceNotes(markdown: string): void {
  const notes = readFileSync(PERFORMANCE_NOTES, 'utf8');
  const start = notes.indexOf(QUOTE_START);
  const end = notes.indexOf(QUOTE_END);
  if (start < 0 || end < start) {
    process.stderr.write(`  docs/performance.md has no ${QUOTE_START} … ${QUOTE_END} section: not updated\n`);
    return;
  }
  writeFileSync(PERFORMANCE_NOTES, `${notes.slice(0, start + QUOTE_START.length)}\n${markdown}\n${notes.slice(end)}`);
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  const dir = mkdtempSync(join(tmpdir(), 'routelint-bench-'));
  try {
    const rssReporter = join(dir, 'max-rss.mjs');
    writeFileSync(rssReporter, RSS_REPORTER);
    const sizes: SizeResult[] = [];
    for (const routes of options.sizes) sizes.push(measureSize(routes, dir, options, rssReporter));
    const largest = options.sizes[options.sizes.length - 1]!;
    const flat = options.flat ? measureFlat(largest, dir, options, rssReporter) : null;
    const covering = options.covering ? COVERING_SHAPES.map((shape) => measureCovering(shape, largest, dir, options, rssReporter)) : [];
    const policies = options.policies ? measurePolicies(largest, dir, options, rssReporter) : null;
    const manyGroups = options.manyGroups ? measureManyGroups(largest, dir, options, rssReporter) : null;
    process.stderr.write('  startup\n');
    const startup = measureStartup(Math.max(11, options.runs * 4));
    const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : null;
    const results: Results = {
      generatedAt: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${platform()} ${arch()}` },
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      commit: commitOf(),
      sizes: sizes.map((s) => ({ ...s, lintOverParse: round(s.lintOverParse, 3), memoryOverFile: round(s.memoryOverFile, 3) })),
      flat: flat && { ...flat, lintOverParse: round(flat.lintOverParse, 3), memoryOverFile: round(flat.memoryOverFile, 3) },
      covering: covering.map((c) => ({ ...c, lintOverParse: round(c.lintOverParse, 3), memoryOverFile: round(c.memoryOverFile, 3) })),
      startup,
      policies: policies && { ...policies, lintOverParse: round(policies.lintOverParse, 3), memoryOverFile: round(policies.memoryOverFile, 3) },
      manyGroups: manyGroups && { ...manyGroups, lintOverParse: round(manyGroups.lintOverParse, 3), memoryOverFile: round(manyGroups.memoryOverFile, 3) },
      targets: targetsOf(sizes, flat, covering, policies, manyGroups, startup),
      history: historyAfter(previous),
    };
    const markdown = markdownOf(results);
    process.stdout.write(`${markdown}\n`);
    if (options.write) {
      writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
      quoteInPerformanceNotes(markdown);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as the bench, not when a test imports its helpers.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

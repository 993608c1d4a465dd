// Where a command's time goes, read from a V8 CPU profile (`node --cpu-prof --cpu-prof-dir=DIR
// dist/src/cli.js ...`, the unbundled build, so functions keep their names): each function's self
// time and its inclusive time (a recursive function counted once per sample), optionally only
// under one function, and the hit lines of one function (a line there may be an inlined callee's).
//   node dist/bench/profile.js FILE|DIR [--top N] [--under FUNCTION] [--lines FUNCTION]
// Given a folder, it reads the largest profile in it (the main thread's; a worker writes its own).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
  readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Summary {
  /** Milliseconds of every sample counted (under `under`, when given). */
  readonly totalMs: number;
  /** By function (`name file:line`), largest first. */
  readonly self: readonly (readonly [string, number])[];
  readonly inclusive: readonly (readonly [string, number])[];
}

/** A function as the summary names it: its name (or `(anon)`), the last two parts of its file, its line (1-based). */
export function frameName(frame: CallFrame): string {
  return `${frame.functionName || '(anon)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
}

const byTimeThenName = (a: readonly [string, number], b: readonly [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Self and inclusive time per function; `under`: only samples with a function of that name on their stack. */
export function summarize(profile: CpuProfile, under?: string): Summary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const msById = new Map<number, number>();
  profile.samples.forEach((id, i) => msById.set(id, (msById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of msById) {
    const stack: ProfileNode[] = [];
    for (let n = nodes.get(id); n; n = nodes.get(parent.get(n.id) ?? -1)) stack.push(n);
    if (under !== undefined && !stack.some((n) => n.callFrame.functionName === under)) continue;
    totalMs += ms;
    const leaf = frameName(stack[0]!.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    for (const name of new Set(stack.map((n) => frameName(n.callFrame)))) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
  return { totalMs, self: [...self].sort(byTimeThenName), inclusive: [...inclusive].sort(byTimeThenName) };
}

/** Ticks by line (1-based) of every function of that name, most first, then by line. */
export function lineTicks(profile: CpuProfile, functionName: string): [number, number][] {
  const ticks = new Map<number, number>();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== functionName) continue;
    for (const t of n.positionTicks ?? []) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks);
  }
  return [...ticks].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

/** The file itself, or the largest `.cpuprofile` in the folder. */
function profileFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`${path}: no .cpuprofile in it`);
  return join(path, files.sort((a, b) => statSync(join(path, b)).size - statSync(join(path, a)).size || (a < b ? -1 : 1))[0]!);
}

function main(argv: readonly string[]): void {
  const [path, ...rest] = argv;
  const option = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!path || path.startsWith('-')) {
    console.error('usage: node dist/bench/profile.js FILE.cpuprofile|DIR [--top N] [--under FUNCTION] [--lines FUNCTION]');
    process.exit(2);
  }
  const file = profileFile(path);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const lines = option('--lines');
  if (lines !== undefined) {
    const ticks = lineTicks(profile, lines);
    console.log(`${file}: ${ticks.reduce((n, [, t]) => n + t, 0)} ticks in ${lines}`);
    for (const [line, t] of ticks.slice(0, 30)) console.log(`${String(t).padStart(7)}  line ${line}`);
    return;
  }
  const top = Number(option('--top') ?? 40);
  const summary = summarize(profile, option('--under'));
  const seconds = (ms: number): string => (ms / 1000).toFixed(2).padStart(7);
  console.log(`${file}: ${seconds(summary.totalMs).trim()} s sampled${option('--under') ? ` under ${option('--under')}` : ''}`);
  console.log('--- self');
  for (const [name, ms] of summary.self.slice(0, top)) console.log(`${seconds(ms)}  ${name}`);
  console.log('--- inclusive');
  for (const [name, ms] of summary.inclusive.slice(0, top)) console.log(`${seconds(ms)}  ${name}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));

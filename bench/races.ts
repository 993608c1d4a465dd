// A command timed against lint of the files it reads, round by round, within a budget.
import { devNull } from 'node:os';
import { join } from 'node:path';
import { BIN, runNode, settle, type ChildRun } from './child.js';
import { median, ms } from './numbers.js';

/**
 * report, diff and a group question on one account of the largest size, each against lint of the
 * same input, round by round. A command that fails, or runs past BUDGET times its yardstick (far
 * past its target), is recorded as such, not waited for: the other figures still come out.
 */
export interface CommandFigure {
  /** Median ratio to the yardstick; null when the command failed or ran out of its budget. */
  ratio: number | null;
  ms: number | null;
  /** Why there is no ratio: `over N×` (killed at the budget) or `failed: first line of stderr`. */
  problem?: string;
}

export interface CommandFigures {
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
export interface Raced {
  run: (timeoutMs: number) => ChildRun;
  yardstick: readonly string[];
}

/**
 * Times each command against lint of its files, round by round (a round lints every file, then runs
 * each command once), after one untimed lint of each file. Returns each command's median time and
 * ratio, and the median lint time of the first file.
 */
export function raceAgainstLints<K extends string>(files: readonly string[], commands: Record<K, Raced>, runs: number, dir: string): { figures: Record<K, CommandFigure>; lintMs: number } {
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

/** `report FILE -o page.html`, raced against lint of FILE. */
export function reportRace(file: string, dir: string): Raced {
  return { run: (timeoutMs) => runNode([BIN, 'report', file, '-o', join(dir, 'cmd-report.html')], { timeoutMs }), yardstick: [file] };
}

/** `simulate FILE --ip ADDRESS --from-group All -f json` (every peer), raced against lint of FILE. */
export function groupRace(file: string, address: string): Raced {
  return { run: (timeoutMs) => runNode([BIN, 'simulate', file, '--ip', address, '--from-group', 'All', '-f', 'json'], { stdoutFile: devNull, timeoutMs }), yardstick: [file] };
}

// The plainest spelling of `routelint lint`, the one a pre-commit hook uses, read without yargs:
// loading yargs and rendering its help text cost more than linting a small export. Anything this
// does not recognise goes to yargs, which parses and reports on it as it always has.
import type { LintArgs } from './commands/lint.js';
import { LINT_FORMATS, type LintFormat } from './format/index.js';

/** Defaults of --timeout and --retries (yargs declares them with these). */
export const LIVE_DEFAULTS = { timeout: 30, retries: 4 } as const;

/** What the lint command takes from the command line: `runLint`'s arguments, the live account still as flags. */
export type LintCommandArgs = Omit<LintArgs, 'paths' | 'live' | 'hook'> & {
  readonly hook?: boolean;
  readonly paths?: readonly string[];
  readonly url?: string;
  readonly tokenFile?: string;
  readonly timeout: number;
  readonly retries: number;
  readonly maxResponseBytes?: number;
};

/**
 * The arguments of `lint PATHS [-f F] [-o FILE] [-c FILE] [--quiet] [--max-warnings N] [--baseline FILE] [--update-baseline] [--hook] [--verbose]`
 * in their plainest spelling, read as yargs reads them; null for anything else (help, other
 * commands, other flags, `--flag=value`, repeated flags, values that start with `-`, numeric
 * paths), which yargs then parses and reports on exactly as it always does.
 */
export function plainLintArgs(argv: readonly string[]): LintCommandArgs | null {
  if (argv[0] !== 'lint') return null;
  const paths: string[] = [];
  const seen = new Set<string>();
  let format: LintFormat = 'stylish';
  let output: string | undefined;
  let config: string | undefined;
  let quiet = false;
  let maxWarnings = -1;
  let baseline: string | undefined;
  let updateBaseline = false;
  let hook = false;
  let verbose = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      // yargs may read a number-like positional as a number: leave those to it.
      if (/^[-+]?(\d|\.\d)|^0x/i.test(arg)) return null;
      paths.push(arg);
      continue;
    }
    const name = { '-f': 'format', '--format': 'format', '-o': 'output', '--output': 'output', '-c': 'config', '--config': 'config', '--quiet': 'quiet', '--max-warnings': 'max-warnings', '--baseline': 'baseline', '--update-baseline': 'update-baseline', '--hook': 'hook', '--verbose': 'verbose' }[arg];
    if (name === undefined || seen.has(name)) return null;
    seen.add(name);
    if (name === 'quiet' || name === 'update-baseline' || name === 'hook' || name === 'verbose') {
      // yargs takes a following `true` or `false` as the flag's value.
      if (argv[i + 1] === 'true' || argv[i + 1] === 'false') return null;
      if (name === 'quiet') quiet = true;
      else if (name === 'hook') hook = true;
      else if (name === 'verbose') verbose = true;
      else updateBaseline = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('-') || value === '') return null;
    if (name === 'format') {
      if (!(LINT_FORMATS as readonly string[]).includes(value)) return null;
      format = value as LintFormat;
    } else if (name === 'max-warnings') {
      if (!/^[0-9]+$/.test(value)) return null;
      maxWarnings = Number(value);
    } else if (name === 'output') output = value;
    else if (name === 'config') config = value;
    else baseline = value;
  }
  if (paths.length === 0) return null;
  return { paths, timeout: LIVE_DEFAULTS.timeout, retries: LIVE_DEFAULTS.retries, format, output, config, rule: [], quiet, maxWarnings, baseline, updateBaseline, hook, verbose };
}

// How a command runs once its arguments are read: one line on stderr and exit 2 for anything that
// keeps it from running, exit 141 when the reader of standard output goes away, and the lint
// command itself. cli.ts runs every command through here; a plain `routelint lint` (see
// cli-plain.ts) runs from here alone, without cli.ts and yargs: `runPlainLint` is the entry of the
// script bin/routelint.js starts for it (scripts/bundle.mjs).
import { typedValue } from './cli-errors.js';
import { plainLintArgs, type LintCommandArgs } from './cli-plain.js';
import { EXIT, EXIT_BROKEN_PIPE, InputError } from './errors.js';
import { terminalText } from './escape.js';
import { clearProgress } from './io/progress.js';

/**
 * The one line on stderr of a run that cannot go on; `command` names the command whose arguments
 * are wrong (`routelint lint: unknown option --formt`). Messages quote file names and values from
 * the input: shown as for a terminal (escape.ts), a line break as `\n`, no control character,
 * a long value cut, so the message stays one line whatever it quotes.
 */
export function fail(message: string, command?: string): never {
  clearProgress();
  process.stderr.write(`routelint${command ? ` ${command}` : ''}: ${terminalText(message.trim())}\n`);
  process.exit(EXIT.usage);
}

/** A command line that cannot be run as given: the message names the command (see fail). */
export class ArgumentError extends InputError {}

export async function guard(command: string, run: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (err) {
    if (err instanceof ArgumentError) fail(err.message, command);
    if (err instanceof InputError) fail(err.message);
    // A bug of ours: still one line, and exit 2, but say where to report it.
    fail(`internal error: ${(err as Error)?.message ?? String(err)} (please report this with the input that caused it)`);
  }
}

/** A number option as the user typed it: yargs reads `abc` as NaN. */
export function typedNumber(argv: readonly string[], key: string, value: number | undefined): string {
  return Number.isNaN(value) ? JSON.stringify(typedValue(argv, key) ?? '') : String(value);
}

export function lintCommand(args: LintCommandArgs, argv: readonly string[]): Promise<void> {
  return guard('lint', async () => {
    if (!Number.isInteger(args.maxWarnings)) throw new ArgumentError(`--max-warnings ${typedNumber(argv, 'max-warnings', args.maxWarnings)}: expected an integer`);
    if (args.maxFindings !== undefined && (!Number.isInteger(args.maxFindings) || args.maxFindings < 0)) throw new ArgumentError(`--max-findings ${typedNumber(argv, 'max-findings', args.maxFindings)}: expected a whole number (0 for no limit)`);
    if (args.updateBaseline && !args.baseline) throw new ArgumentError('--update-baseline needs --baseline FILE');
    if ((args.paths ?? []).length === 0 && !args.url) throw new ArgumentError('name at least one export to lint, or --url for the live account');
    const live = args.url ? { url: args.url, ...(await import('./pull/options.js')).liveOptionsOf(args) } : undefined;
    const { runLint } = await import('./commands/lint.js');
    return runLint({ paths: (args.paths ?? []) as string[], hook: args.hook ?? false, live, format: args.format, output: args.output, config: args.config, rule: args.rule, quiet: args.quiet, maxWarnings: args.maxWarnings, maxFindings: args.maxFindings, baseline: args.baseline, updateBaseline: args.updateBaseline, verbose: args.verbose });
  });
}

// A reader that closes standard output early (`| head`, `| jq` that fails) ends the run quietly, as
// it ends any Unix tool (see EXIT_BROKEN_PIPE); without this, Node throws EPIPE with a stack trace.

export function quitOnBrokenPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      clearProgress();
      process.exit(EXIT_BROKEN_PIPE);
    }
    fail(`cannot write to standard output: ${err.message}`);
  });
}

/**
 * Runs `routelint lint` when `argv` is its plain spelling (`plainLintArgs`); null, having done
 * nothing, for any other command line, which yargs reads (cli.ts).
 */
export function runPlainLint(argv: readonly string[]): Promise<void> | null {
  const plain = plainLintArgs(argv);
  if (!plain) return null;
  quitOnBrokenPipe();
  return lintCommand(plain, argv);
}

// The command line's own errors, in place of yargs' texts. yargs reports a failed parse as English
// prose ("Invalid values: Argument: format, Given: "jsn""); routelint replaces each of those strings
// (yargs' `updateStrings`, keyed by the English text) with a tag naming the kind of failure and its
// values, so the failure handler reads the kind and values, never the prose, and writes one line
// of its own with the nearest known names (suggest.ts).
import { didYouMean, suggestNames, didYouMeanText } from './suggest.js';

const TAG = '\u001f';

function tag(kind: string, values: number): string {
  return [kind, ...Array<string>(values).fill('%s')].map((part) => TAG + part).join('');
}

function plural(kind: string, values: number): { one: string; other: string } {
  return { one: tag(kind, values), other: tag(kind, values) };
}

/**
 * yargs' (and yargs-parser's) failure strings, by their English keys, as tags: give to
 * `updateStrings` after `locale('en')`. A failure with a string not listed here keeps yargs' text.
 */
export const YARGS_FAILURE_STRINGS: Record<string, string | { one: string; other: string }> = {
  'Not enough non-option arguments: got %s, need at least %s': plural('positionals', 2),
  'Too many non-option arguments: got %s, maximum of %s': plural('too-many', 2),
  'Missing required argument: %s': plural('missing', 1),
  'Unknown argument: %s': plural('unknown', 1),
  'Unknown command: %s': plural('unknown', 1),
  'Invalid values:': TAG + 'invalid',
  'Argument: %s, Given: %s, Choices: %s': tag('choice', 3),
  'Arguments %s and %s are mutually exclusive': tag('conflict', 2),
  'Not enough arguments following: %s': tag('needs-value', 1),
  'Argument unexpected for: %s': tag('takes-no-value', 1),
};

/** One failure yargs reported: its kind and its values (as yargs filled them in). */
export interface YargsFailure {
  readonly kind: string;
  readonly values: readonly string[];
}

/** The tagged failures in a yargs failure message; empty when it holds none (a message of ours, or one yargs has no tag for). */
export function failuresOf(message: string): YargsFailure[] {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(TAG))
    .map((line) => {
      const [kind = '', ...values] = line.slice(1).split(TAG);
      return { kind, values };
    })
    .filter((f) => f.kind !== 'invalid');
}

/** What the command line looked like when it failed. */
export interface CommandLine {
  /** The arguments as given (after the script). */
  readonly argv: readonly string[];
  /** The command, when the first argument names one. */
  readonly command: string | undefined;
  /** Every command. */
  readonly commands: readonly string[];
  /** The long option names the command takes (without dashes). */
  readonly options: readonly string[];
  /** What the command's positional arguments are, for a command that needs some: `two exports (before and after)`. */
  readonly needs?: string;
}

/** `such-flag` → `suchFlag`, as yargs-parser adds camel-case aliases. */
function camelCase(name: string): string {
  return name.replace(/-+([^-])/g, (_, c: string) => c.toUpperCase());
}

/** A flag as the user typed it: each option token before `--`, with the keys yargs makes of it. */
interface TypedFlag {
  readonly text: string;
  readonly keys: readonly string[];
}

function typedFlags(argv: readonly string[]): TypedFlag[] {
  const flags: TypedFlag[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    if (/^--[^-]/.test(arg)) {
      const text = arg.split('=')[0]!;
      const name = text.slice(2);
      const keys = [name, camelCase(name)];
      if (name.startsWith('no-')) keys.push(name.slice(3), camelCase(name.slice(3)));
      flags.push({ text, keys });
    } else if (/^-[^-\d]/.test(arg)) {
      const letters = arg.slice(1).split('=')[0]!;
      for (const letter of letters) flags.push({ text: `-${letter}`, keys: [letter] });
    }
  }
  return flags;
}

function unknownText(line: CommandLine, keys: readonly string[]): string {
  const flags = typedFlags(line.argv);
  const options: string[] = [];
  const positionals: string[] = [];
  for (const key of keys) {
    const flag = flags.find((f) => f.keys.includes(key));
    if (flag) {
      if (!options.includes(flag.text)) options.push(flag.text);
    } else if (!positionals.includes(key)) positionals.push(key);
  }
  if (options.length > 0) {
    const each = options.map((text) => {
      const name = text.replace(/^--?(no-)?/, '');
      const near = name.length > 1 ? suggestNames(name, line.options).filter((n) => n !== name) : [];
      return { text: near.length > 0 ? `${text} (${didYouMeanText(near.map((n) => `--${n}`))})` : text, near: near.length > 0 };
    });
    const help = each.some((e) => !e.near) ? `; routelint${line.command ? ` ${line.command}` : ''} --help lists the options` : '';
    return `unknown option${options.length === 1 ? '' : 's'} ${each.map((e) => e.text).join(', ')}${help}`;
  }
  if (line.command === undefined && positionals.length > 0) {
    const typed = positionals[0]!;
    return `unknown command "${typed}"${didYouMean(typed, line.commands)}; commands: ${line.commands.join(', ')}`;
  }
  return `unexpected argument${positionals.length === 1 ? '' : 's'} ${positionals.map((p) => JSON.stringify(p)).join(', ')}`;
}

/** Values yargs lists as `"a", "b"` (each JSON.stringify'd, joined with ", "). */
function listed(text: string): unknown[] {
  try {
    const values: unknown = JSON.parse(`[${text}]`);
    return Array.isArray(values) ? values : [text];
  } catch {
    return [text];
  }
}

function choiceText(key: string, given: string, choices: string): string {
  const known = listed(choices).map(String);
  const bad = listed(given).map(String);
  const what = key.replace(/-/g, ' ');
  return bad.map((value) => `unknown ${what} "${value}"${didYouMean(value, known)}; ${what}s: ${known.join(', ')}`).join('; ');
}

function oneFailureText(line: CommandLine, failure: YargsFailure): string | null {
  const [a = '', b = '', c = ''] = failure.values;
  switch (failure.kind) {
    case 'positionals':
      return line.needs !== undefined ? `needs ${line.needs}` : `needs ${b} argument${b === '1' ? '' : 's'}, got ${a}`;
    case 'too-many':
      return `takes at most ${b} argument${b === '1' ? '' : 's'}, got ${a}`;
    case 'missing':
      return `needs ${a
        .split(', ')
        .map((k) => `--${k}`)
        .join(' and ')}`;
    case 'unknown':
      return unknownText(line, a.split(', '));
    case 'choice':
      return choiceText(a, b, c);
    case 'conflict':
      return `give --${a} or --${b}, not both`;
    case 'needs-value':
      return `--${a} needs a value`;
    case 'takes-no-value':
      return `--${a} takes no value`;
    default:
      return null;
  }
}

/**
 * The one line for a failed parse, without the `routelint <command>: ` that leads it: the tagged
 * failures of yargs' message in routelint's words, else the thrown error's message (a `.check()`
 * of ours), else yargs' own text on one line.
 */
export function argumentErrorText(line: CommandLine, message: string | null | undefined, err: Error | undefined): string {
  const texts = failuresOf(message ?? '').map((f) => oneFailureText(line, f));
  if (texts.length > 0 && texts.every((t) => t !== null)) return texts.join('; ');
  const text = err?.message || message || 'invalid command line';
  return text.replaceAll(TAG, ' ').trim().replace(/\s*\n\s*/g, '; ');
}

/** The value given to `--key` on the command line (`--key VALUE` or `--key=VALUE`, the last one), or undefined. */
export function typedValue(argv: readonly string[], key: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg === `--${key}`) value = argv[i + 1];
    else if (arg.startsWith(`--${key}=`)) value = arg.slice(key.length + 3);
  }
  return value;
}


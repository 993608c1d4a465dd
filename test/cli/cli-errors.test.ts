// cli-errors.ts reads yargs' failures by kind: the tags it gives yargs' strings must be the strings
// yargs uses (a yargs upgrade that renames one would otherwise bring its English text back).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argumentErrorText, failuresOf, typedValue, YARGS_FAILURE_STRINGS, type CommandLine } from '../../src/cli-errors.js';
import { ROOT } from './run.js';

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** `util.format` as y18n applies it: each %s in turn. */
function fill(template: string, ...values: string[]): string {
  return values.reduce((text, v) => text.replace('%s', v), template);
}

const tagOf = (key: string): string => {
  const s = YARGS_FAILURE_STRINGS[key]!;
  return typeof s === 'string' ? s : s.other;
};

const lint: CommandLine = { argv: ['lint', 'x', '--formt', 'json', '--no-such-flag'], command: 'lint', commands: ['lint', 'diff'], options: ['config', 'format', 'output', 'quiet'] };

describe('yargs failures', () => {
  it('tags strings that yargs and yargs-parser use', () => {
    const code = sources(join(ROOT, 'node_modules/yargs/build/lib')) + sources(join(ROOT, 'node_modules/yargs-parser/build/lib'));
    for (const key of Object.keys(YARGS_FAILURE_STRINGS)) expect(code, key).toContain(`'${key}'`);
  });

  it.each([
    ['an unknown option, with the nearest one', fill(tagOf('Unknown argument: %s'), 'formt'), lint, 'unknown option --formt (did you mean "--format"?)'],
    ['an unknown negated option', fill(tagOf('Unknown argument: %s'), 'such-flag, suchFlag'), lint, 'unknown option --no-such-flag; routelint lint --help lists the options'],
    ['an unknown command', fill(tagOf('Unknown argument: %s'), 'lnt, x'), { ...lint, argv: ['lnt', 'x'], command: undefined }, 'unknown command "lnt" (did you mean "lint"?); commands: lint, diff'],
    ['a value not among the choices', `${tagOf('Invalid values:')}\n  ${fill(tagOf('Argument: %s, Given: %s, Choices: %s'), 'format', '"jsn"', '"stylish", "json"')}`, lint, 'unknown format "jsn" (did you mean "json"?); formats: stylish, json'],
    ['missing positionals, said as the command needs', fill(tagOf('Not enough non-option arguments: got %s, need at least %s'), '1', '2'), { ...lint, command: 'diff', needs: 'two exports (before and after)' }, 'needs two exports (before and after)'],
    ['a missing required option', fill(tagOf('Missing required argument: %s'), 'url'), lint, 'needs --url'],
    ['two options that exclude each other', fill(tagOf('Arguments %s and %s are mutually exclusive'), 'ip', 'domain'), lint, 'give --ip or --domain, not both'],
    ['an option without its value', fill(tagOf('Not enough arguments following: %s'), 'batch'), lint, '--batch needs a value'],
  ])('%s', (_what, message, line, expected) => {
    expect(failuresOf(message).length).toBeGreaterThan(0);
    expect(argumentErrorText(line, message, undefined)).toBe(expected);
  });

  it("keeps a check's own message, and an untagged text on one line", () => {
    expect(argumentErrorText(lint, 'Give --ip ADDR or --domain NAME', new Error('Give --ip ADDR or --domain NAME'))).toBe('Give --ip ADDR or --domain NAME');
    expect(argumentErrorText(lint, 'first\n  second', undefined)).toBe('first; second');
  });

  it('finds the text typed for an option', () => {
    const argv = ['lint', 'x', '--max-warnings', 'abc', '--timeout=soon', '--', '--output', 'o'];
    expect(typedValue(argv, 'max-warnings')).toBe('abc');
    expect(typedValue(argv, 'timeout')).toBe('soon');
    expect(typedValue(argv, 'output')).toBeUndefined();
  });
});

// `routelint test <export> <assertions>`: routing assertions for CI. Exit 1 when any fails.
import { loadAssertions } from '../assertions/load.js';
import { runAssertion, type AssertionResult } from '../assertions/run.js';
import { checkOutputs, writeOutput } from '../io/write.js';
import { loadModelForSimulation } from './simulate.js';
import { junitXml } from '../format/junit.js';
import { terminalLines, terminalText as v } from '../escape.js';

export const TEST_FORMATS = ['text', 'json', 'junit'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export interface TestArgs {
  readonly export: string;
  readonly assertions: string;
  readonly format: TestFormat;
  readonly output?: string;
}


/** Why an assertion failed, in lines; `show` is how a value is shown (the text output escapes and cuts). */
function describeFailure(r: AssertionResult, show: (value: string) => string = (value) => value): string[] {
  if (r.error) return [`cannot be asked: ${show(r.error)}`];
  return [...(r.members ? [membersLine(r)] : []), ...r.mismatches.map((m) => `expected ${m.field} ${show(String(m.expected))}, got ${m.actual === null ? 'none' : show(String(m.actual))}${m.sources ? ` for ${m.sources.map(show).join(', ')}` : ''}`)];
}

/** `3 of 4 members pass (at least 3 needed); 1 not connected, left out`. */
function membersLine(r: AssertionResult): string {
  const m = r.members!;
  const needs = r.assertion.at_least ? `at least ${m.required} needed` : 'all needed';
  const left = m.total > m.checked ? `; ${m.total - m.checked} not connected, left out` : '';
  return `${m.passed} of ${m.checked} members pass (${needs})${left}`;
}

function summary(results: readonly AssertionResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${results.length - failed} passed, ${failed} failed`;
}

/** The results for a terminal: every value through `terminalText` (escape.ts), every line once more as a net. */
function renderText(path: string, results: readonly AssertionResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const where = `${v(path)}:${r.assertion.at.line}`;
    lines.push(`${r.passed ? 'PASS' : 'FAIL'}  ${v(r.assertion.name)}  (${where})`);
    // A share or a subset of a group: how many members passed, even when the assertion holds.
    if (r.passed && r.members && (r.assertion.at_least || r.members.total > r.members.checked)) lines.push(`      ${membersLine(r)}`);
    if (!r.passed) {
      for (const f of describeFailure(r, (value) => v(value))) lines.push(`      ${f}`);
      if (r.explanation) lines.push('', ...r.explanation.trimEnd().split('\n').map((l) => `      | ${l}`), '');
    }
  }
  lines.push('', summary(results));
  return `${terminalLines(lines)}\n`;
}

function renderJson(path: string, results: readonly AssertionResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${JSON.stringify({
    file: path,
    passed: results.length - failed,
    failed,
    results: results.map((r) => ({
      name: r.assertion.name,
      line: r.assertion.at.line,
      column: r.assertion.at.column,
      passed: r.passed,
      ...(r.error ? { error: r.error } : {}),
      mismatches: r.mismatches,
      ...(r.members ? { members: r.members } : {}),
      ...(r.explanation ? { explanation: r.explanation } : {}),
    })),
  })}\n`;
}

function renderJunit(path: string, results: readonly AssertionResult[]): string {
  const cases = results.map((r) => ({
    classname: path,
    name: r.assertion.name,
    file: path,
    line: r.assertion.at.line,
    ...(r.passed ? {} : { failure: { message: describeFailure(r).join('; '), body: r.explanation ?? describeFailure(r).join('\n') } }),
  }));
  return junitXml('routelint test', [{ name: path, cases }]);
}

export async function runTest(args: TestArgs): Promise<number> {
  checkOutputs(
    [{ path: args.output, flag: '-o' }],
    [
      { path: args.export, what: 'the export', export: true },
      { path: args.assertions, what: 'the assertions file' },
    ],
  );
  const model = loadModelForSimulation(args.export);
  const assertions = loadAssertions(args.assertions);
  const results = assertions.map((a) => runAssertion(model, a));
  const render = args.format === 'json' ? renderJson : args.format === 'junit' ? renderJunit : renderText;
  const text = render(args.assertions, results);
  // Written elsewhere, the results leave their summary line on stdout for people and CI logs.
  if ((await writeOutput(args.output, text)) === 'file') process.stdout.write(`${summary(results)}\n`);
  return results.every((r) => r.passed) ? 0 : 1;
}

// JUnit XML, as CI systems read it. One writer for both producers: `lint -f junit` (a test suite
// per file, a failing test case per finding, and one passing case for a clean file so that it
// still shows up) and `test -f junit` (a test case per routing assertion).
import type { LintMessage } from '../engine/lint.js';
import { xmlText as xml } from '../escape.js';
import { messageNamingResource } from './resource.js';
import type { Formatter } from './types.js';

export interface JunitFailure {
  /** `error` or `warning` for a finding; absent for a failed assertion. */
  readonly type?: string;
  readonly message: string;
  readonly body: string;
}

export interface JunitCase {
  readonly classname: string;
  readonly name: string;
  /** Where the case is defined, for CI systems that link to it. */
  readonly file?: string;
  readonly line?: number;
  /** Absent for a passing case. */
  readonly failure?: JunitFailure;
}

export interface JunitSuite {
  readonly name: string;
  readonly cases: readonly JunitCase[];
}

/** The document: counts are derived from the cases, no time is measured. */
export function junitXml(name: string, suites: readonly JunitSuite[]): string {
  const failuresOf = (cases: readonly JunitCase[]): number => cases.filter((c) => c.failure).length;
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + failuresOf(s.cases), 0);
  const out = ['<?xml version="1.0" encoding="utf-8"?>', `<testsuites name="${xml(name)}" tests="${tests}" failures="${failures}" errors="0">`];
  for (const suite of suites) {
    out.push(`  <testsuite name="${xml(suite.name)}" tests="${suite.cases.length}" failures="${failuresOf(suite.cases)}" errors="0" skipped="0" time="0">`);
    for (const c of suite.cases) {
      const where = `${c.file === undefined ? '' : ` file="${xml(c.file)}"`}${c.line === undefined ? '' : ` line="${c.line}"`}`;
      const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}"${where} time="0"`;
      if (!c.failure) {
        out.push(`${open}/>`);
        continue;
      }
      const type = c.failure.type === undefined ? '' : ` type="${xml(c.failure.type)}"`;
      out.push(`${open}>`, `      <failure${type} message="${xml(c.failure.message)}">${xml(c.failure.body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function findingCase(filePath: string, m: LintMessage): JunitCase {
  const rule = m.ruleId ?? 'parse-error';
  const where = `${filePath}:${m.line}:${m.column}`;
  const severity = m.severity === 2 ? 'error' : 'warning';
  const message = messageNamingResource(m);
  return {
    classname: filePath,
    name: `${rule} ${where}${m.routeId ? ` route ${m.routeId}` : ''}`,
    failure: { type: severity, message, body: `${where} ${severity} ${message} (${rule})${m.explanation ? `\n${m.explanation}` : ''}` },
  };
}

export const formatJunit: Formatter = (results) =>
  junitXml(
    'routelint',
    results.map((r) => ({
      name: r.filePath,
      cases: r.messages.length === 0 ? [{ classname: r.filePath, name: 'routelint' }] : r.messages.map((m) => findingCase(r.filePath, m)),
    })),
  );

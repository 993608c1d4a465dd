// JUnit XML, as CI systems read it: a test suite per file, a failing test case per finding, and
// one passing case for a clean file so that it still shows up.
import { messageNamingResource } from './resource.js';
import type { Formatter } from './types.js';
import { xmlText as xml } from './xml.js';


export const formatJunit: Formatter = (results) => {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  const total = results.reduce((n, r) => n + Math.max(1, r.messages.length), 0);
  const failures = results.reduce((n, r) => n + r.messages.length, 0);
  out.push(`<testsuites name="routelint" tests="${total}" failures="${failures}" errors="0">`);
  for (const r of results) {
    out.push(`  <testsuite name="${xml(r.filePath)}" tests="${Math.max(1, r.messages.length)}" failures="${r.messages.length}" errors="0" skipped="0" time="0">`);
    if (r.messages.length === 0) out.push(`    <testcase classname="${xml(r.filePath)}" name="routelint" time="0"/>`);
    for (const m of r.messages) {
      const rule = m.ruleId ?? 'parse-error';
      const where = `${r.filePath}:${m.line}:${m.column}`;
      out.push(`    <testcase classname="${xml(r.filePath)}" name="${xml(`${rule} ${where}${m.routeId ? ` route ${m.routeId}` : ''}`)}" time="0">`);
      const message = messageNamingResource(m);
      out.push(`      <failure type="${m.severity === 2 ? 'error' : 'warning'}" message="${xml(message)}">${xml(`${where} ${m.severity === 2 ? 'error' : 'warning'} ${message} (${rule})`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};

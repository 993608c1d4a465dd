import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, runCli, tempDir } from './run.js';

interface JsonReport {
  passed: number;
  failed: number;
  results: { name: string; line: number; passed: boolean; error?: string; mismatches: { field: string; expected: unknown; actual: unknown; sources?: string[] }[] }[];
}

const assertionsFile = (yaml: string) => join(tempDir({ 'a.yaml': yaml }), 'a.yaml');
const runJson = (file: string) => {
  const r = runCli(['test', 'fixtures/demo', file, '-f', 'json']);
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport };
};

describe('routelint test', () => {
  it('passes the demo assertions: exit 0 and the summary line', () => {
    const r = runCli(['test', 'fixtures/demo', 'fixtures/assertions/demo.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('5 passed, 0 failed');
  });

  it('fails an assertion whose expectation is wrong, with the field, both values and the line', () => {
    const file = assertionsFile(['- from_peer: laptop-anna', '  ip: 10.20.1.7', '  expect: {peer: gw-paris-1}', '- from_peer: laptop-anna', '  ip: 10.20.1.7', '  expect: {peer: gw-berlin-1, disposition: ROUTED}', ''].join('\n'));
    const { status, report } = runJson(file);
    expect([status, report.passed, report.failed]).toEqual([1, 1, 1]);
    expect(report.results[1]).toMatchObject({ line: 4, passed: false, mismatches: [{ field: 'peer', expected: 'gw-berlin-1', actual: 'gw-paris-1' }] });
  });

  it('checks every member of a group and names the exceptions', () => {
    const file = assertionsFile('- from_group: ops\n  ip: 10.70.0.5\n  expect: {disposition: ROUTED}\n');
    const { report } = runJson(file);
    expect(report.results[0]!.mismatches).toEqual([{ field: 'disposition', expected: 'ROUTED', actual: 'NO_ROUTE', sources: ['ci-runner-1'] }]);
  });

  it('applies peer states for failover assertions', () => {
    const up = assertionsFile('- from_peer: laptop-anna\n  ip: 10.30.1.7\n  expect: {peer: gw-paris-1}\n');
    const down = assertionsFile('- from_peer: laptop-anna\n  ip: 10.30.1.7\n  peer_states: {gw-paris-1: connecting}\n  expect: {peer: gw-paris-1}\n');
    expect(runJson(up).status).toBe(0);
    expect(runJson(down).report.results[0]!.mismatches[0]).toMatchObject({ field: 'peer', actual: 'gw-berlin-2' });
  });

  it('fails, not crashes, an assertion about an unknown peer', () => {
    const { status, report } = runJson(assertionsFile('- from_peer: nobody-here\n  ip: 10.20.1.7\n  expect: {disposition: ROUTED}\n'));
    expect(status).toBe(1);
    expect(report.results[0]!.error).toMatch(/nobody-here/);
  });

  it('writes JUnit XML with a test case per assertion', () => {
    const r = runCli(['test', 'fixtures/demo', 'fixtures/assertions/demo.yaml', '-f', 'junit']);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout) as { testsuites: { tests: string; failures: string } };
    expect([doc.testsuites.tests, doc.testsuites.failures]).toEqual(['5', '0']);
  });

  it.each([
    ['no destination', '- from_peer: laptop-anna\n  expect: {disposition: ROUTED}\n', /exactly one of ip and domain/],
    ['an unknown expectation', '- from_peer: laptop-anna\n  ip: 10.0.0.1\n  expect: {carrier: x}\n', /unknown expectation "carrier"/],
    ['a bad disposition', '- from_peer: laptop-anna\n  ip: 10.0.0.1\n  expect: {disposition: MAYBE}\n', /disposition must be one of/],
    ['not YAML', '- from_peer: [\n', /a\.yaml:\d+:\d+/],
    ['an empty list', '[]\n', /no assertions/],
  ])('refuses a file with %s: exit 2, one line', (_, yaml, pattern) => {
    const r = runCli(['test', 'fixtures/demo', assertionsFile(yaml)]);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(pattern);
  });
});

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
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('7 passed, 0 failed');
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
    expect([doc.testsuites.tests, doc.testsuites.failures]).toEqual(['7', '0']);
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

describe('routelint test: connected members and a share of a group', () => {
  interface Counted extends JsonReport {
    results: (JsonReport['results'][number] & { members?: { total: number; checked: number; passed: number; failed: number; required: number }; explanation?: string })[];
  }
  const run = (yaml: string) => {
    const r = runCli(['test', 'fixtures/demo', assertionsFile(yaml), '-f', 'json']);
    return { status: r.status, report: JSON.parse(r.stdout) as Counted };
  };
  // ops: laptop-chen, and ci-runner-1 whose login has expired (it gets no routes).
  const ops = '- from_group: ops\n  ip: 10.70.0.5\n  expect: {disposition: ROUTED}\n';

  it('members: connected leaves out members that are not connected or logged in', () => {
    const all = run(ops);
    expect([all.status, all.report.results[0]!.members]).toEqual([1, { total: 2, checked: 2, passed: 1, failed: 1, required: 2 }]);
    const connected = run(`${ops}  members: connected\n`);
    expect([connected.status, connected.report.results[0]!.passed, connected.report.results[0]!.members]).toEqual([0, true, { total: 2, checked: 1, passed: 1, failed: 0, required: 1 }]);
  });

  it.each([
    ['50%', 0, true, 1],
    ['90%', 1, false, 2],
    ['1', 0, true, 1],
    ['2', 1, false, 2],
  ])('at_least: %s', (share, status, passed, required) => {
    const { status: code, report } = run(`${ops}  at_least: ${share}\n`);
    expect([code, report.results[0]!.passed, report.results[0]!.members?.required, report.results[0]!.members?.passed]).toEqual([status, passed, required, 1]);
  });

  it('a failure shows only the members that failed, with the counts of those that passed', () => {
    const { report } = run(ops);
    const result = report.results[0]!;
    expect(result.mismatches.map((m) => m.sources)).toEqual([['ci-runner-1']]);
    expect(result.explanation).toMatch(/^.*\n1 member, 1 outcome\n/);
    expect(result.explanation).not.toContain('laptop-chen');
    const text = runCli(['test', 'fixtures/demo', assertionsFile(ops)]).stdout.split('\n');
    expect(text[1]!.match(/\d+/g)!.map(Number)).toEqual([1, 2]);
  });

  it.each([
    ['members on a peer question', '- from_peer: laptop-anna\n  members: connected\n  ip: 10.0.0.1\n  expect: {disposition: ROUTED}\n', /members goes with from_group/],
    ['an unknown members value', `${ops}  members: online\n`, /members must be one of all, connected/],
    ['at_least above 100%', `${ops}  at_least: 120%\n`, /at_least must be/],
    ['at_least zero', `${ops}  at_least: 0\n`, /at_least must be/],
    ['at_least on a peer question', '- from_peer: laptop-anna\n  at_least: 50%\n  ip: 10.0.0.1\n  expect: {disposition: ROUTED}\n', /at_least goes with from_group/],
  ])('refuses %s: exit 2, one line', (_, yaml, pattern) => {
    const r = runCli(['test', 'fixtures/demo', assertionsFile(yaml)]);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(pattern);
  });
});

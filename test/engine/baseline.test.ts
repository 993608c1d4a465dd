// Baselines: a finding's fingerprint is its rule, message id, route (or path) and facts, nothing
// positional; a baseline accepts each finding it lists once, reports stale entries, and a
// baseline file that is not one is an InputError.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, baselineOf, fingerprintOf, readBaseline, serializeBaseline } from '../../src/engine/baseline.js';
import type { LintMessage } from '../../src/engine/lint.js';
import { InputError } from '../../src/errors.js';
import { finding, parseFailure, resultOf } from '../support/results.js';

describe('fingerprintOf', () => {
  const base = finding({ facts: ['p-x'] });

  it('is 32 hex digits', () => {
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each<[string, Partial<LintMessage>]>([
    ['line', { line: 40 }],
    ['column', { column: 9 }],
    ['message text', { message: 'another wording' }],
    ['severity', { severity: 1 }],
    ['data', { data: { peer: 'p-x' } }],
    ['related routes', { relatedRouteIds: ['r2'] }],
  ])('ignores the %s', (_, change) => {
    expect(fingerprintOf({ ...base, ...change })).toBe(fingerprintOf(base));
  });

  it.each<[string, Partial<LintMessage>]>([
    ['rule', { ruleId: 'unknown-group' }],
    ['message id', { messageId: 'other' }],
    ['route', { routeId: 'r2' }],
    ['facts', { facts: ['p-y'] }],
    ['fact order', { facts: ['p-x', 'p-y'] }],
  ])('tells findings apart by %s', (_, change) => {
    expect(fingerprintOf({ ...base, ...change })).not.toBe(fingerprintOf(base));
  });

  it('uses the path when the finding has no route', () => {
    const atPath = (path: string) => fingerprintOf(finding({ routeId: undefined, path }));
    expect(atPath('routes[3].network')).toBe(atPath('routes[3].network'));
    expect(atPath('routes[3].network')).not.toBe(atPath('routes[4].network'));
    expect(atPath('routes[3].network')).not.toBe(fingerprintOf(finding({ routeId: 'routes[3].network' })));
  });
});

describe('baselineOf', () => {
  const results = [
    resultOf('b.json', [finding({ routeId: 'r2' }), finding({ routeId: 'r1', line: 9 })]),
    resultOf('a.json', [parseFailure(), finding({ ruleId: 'unknown-group', messageId: 'unknownGroup', routeId: 'r5', facts: ['g-x'] })]),
  ];
  const baseline = baselineOf(results);

  it('accepts every finding but parse failures', () => {
    expect(baseline.version).toBe(1);
    expect(baseline.entries.map((e) => [e.filePath, e.ruleId, e.routeId])).toEqual(
      expect.arrayContaining([
        ['a.json', 'unknown-group', 'r5'],
        ['b.json', 'unknown-peer', 'r1'],
        ['b.json', 'unknown-peer', 'r2'],
      ]),
    );
    expect(baseline.entries).toHaveLength(3);
  });

  it('sorts entries by file, then fingerprint', () => {
    const keys = baseline.entries.map((e) => `${e.filePath} ${e.fingerprint}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps the identity of each finding', () => {
    const entry = baseline.entries.find((e) => e.routeId === 'r5')!;
    expect(entry).toMatchObject({ ruleId: 'unknown-group', messageId: 'unknownGroup', facts: ['g-x'] });
    expect(entry.fingerprint).toBe(fingerprintOf(results[1]!.messages[1]!));
  });
});

describe('applyBaseline', () => {
  const accepted = [finding({ routeId: 'r1' }), finding({ routeId: 'r2', severity: 1 })];
  const baseline = baselineOf([resultOf('x.json', accepted)]);

  it('removes accepted findings wherever they moved, and recounts', () => {
    const [out] = applyBaseline([resultOf('x.json', accepted.map((m) => ({ ...m, line: m.line + 10 })))], baseline);
    expect(out!.messages).toEqual([]);
    expect([out!.errorCount, out!.warningCount]).toEqual([0, 0]);
    expect(out!.staleBaselineEntries).toBeUndefined();
  });

  it('keeps new findings', () => {
    const added = finding({ routeId: 'r3' });
    const [out] = applyBaseline([resultOf('x.json', [...accepted, added])], baseline);
    expect(out!.messages.map((m) => m.routeId)).toEqual(['r3']);
    expect(out!.errorCount).toBe(1);
  });

  it('accepts each finding once: a second identical one is new', () => {
    const [out] = applyBaseline([resultOf('x.json', [...accepted, accepted[0]!])], baseline);
    expect(out!.messages.map((m) => m.routeId)).toEqual(['r1']);
  });

  it('never accepts a parse failure', () => {
    const [out] = applyBaseline([resultOf('x.json', [parseFailure(), ...accepted])], baseline);
    expect(out!.messages.map((m) => m.fatal)).toEqual([true]);
    expect(out!.fatalErrorCount).toBe(1);
  });

  it('lists entries no finding matches as stale, on their own file', () => {
    const out = applyBaseline([resultOf('other.json', []), resultOf('x.json', [accepted[0]!])], baseline);
    expect(out[0]!.staleBaselineEntries).toBeUndefined();
    expect(out[1]!.staleBaselineEntries!.map((e) => [e.ruleId, e.routeId, e.fingerprint])).toEqual([['unknown-peer', 'r2', fingerprintOf(accepted[1]!)]]);
  });

  it('does not change the results it is given', () => {
    const input = [resultOf('x.json', accepted)];
    applyBaseline(input, baseline);
    expect(input[0]!.messages).toHaveLength(2);
  });
});

describe('readBaseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileWith = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads what serializeBaseline writes', () => {
    const baseline = baselineOf([resultOf('x.json', [finding({ facts: ['p-x'] })])]);
    expect(readBaseline(fileWith('ok.json', serializeBaseline(baseline)))).toEqual(baseline);
  });

  it.each([
    ['not JSON', '{"version": 1,'],
    ['not an object', '[]'],
    ['another version', '{"version": 2, "entries": []}'],
    ['no entries', '{"version": 1}'],
    ['entries not a list', '{"version": 1, "entries": {}}'],
    ['an entry without a fingerprint', '{"version": 1, "entries": [{"ruleId": "unknown-peer"}]}'],
    ['an entry without a rule', '{"version": 1, "entries": [{"fingerprint": "00"}]}'],
    ['an entry that is not an object', '{"version": 1, "entries": ["00"]}'],
  ])('refuses a file with %s: InputError naming the file', (name, text) => {
    const path = fileWith(`${name.replace(/\W+/g, '-')}.json`, text);
    expect(() => readBaseline(path)).toThrow(InputError);
    expect(() => readBaseline(path)).toThrow(path);
  });

  it('refuses a file that does not exist: InputError', () => {
    expect(() => readBaseline(join(dir, 'missing.json'))).toThrow(InputError);
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { route } from '../support/api.js';
import { HAS_SCRIPT, ROOT, runCli, tempDir } from './run.js';

const bad = (id: string, metric: number, network = '10.0.0.0/24') => route({ id, metric, network });

interface JsonResult {
  messages: { ruleId: string; routeId?: string }[];
  staleBaselineEntries?: { ruleId: string; routeId: string | null }[];
}

describe('--format github', () => {
  it('prints one escaped annotation per finding', () => {
    const dir = tempDir({ 'routes.json': JSON.stringify([bad('r,1', 0)], null, 2) });
    const r = runCli(['lint', join(dir, 'routes.json'), '-f', 'github']);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=[^,]*routes\.json,line=\d+,col=\d+,title=routelint metric-range::/);
  });

  it('prints nothing for a clean export', () => {
    const dir = tempDir({ 'routes.json': JSON.stringify([bad('r1', 10)]) });
    expect(runCli(['lint', dir, '-f', 'github', '--rule', 'metric-range:error'])).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('--format junit', () => {
  it('is well-formed XML with a failing case per finding and a passing case per clean file', () => {
    const dirty = tempDir({ 'routes.json': JSON.stringify([bad('a<&>"', 0), bad('b', 10001, '10.0.1.0/24')]) });
    const clean = tempDir({ 'routes.json': JSON.stringify([bad('c', 10)]) });
    const r = runCli(['lint', dirty, clean, '-f', 'junit']);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout) as { testsuites: { tests: string; failures: string; testsuite: { name: string; failures: string }[] } };
    expect([doc.testsuites.tests, doc.testsuites.failures]).toEqual(['3', '2']);
    expect(doc.testsuites.testsuite.map((s) => s.failures)).toEqual(['2', '0']);
  });
});

describe('--baseline', () => {
  it('accepts recorded findings, reports new ones, and lists stale entries', () => {
    const dir = tempDir({ 'routes.json': JSON.stringify([bad('r1', 0), bad('r2', 0, '10.0.1.0/24')], null, 2) });
    const baseline = join(dir, 'baseline.json');
    const lint = (...extra: string[]) => runCli(['lint', 'routes.json', '-f', 'json', '--baseline', baseline, ...extra], { cwd: dir });

    expect(lint('--update-baseline').status).toBe(0);
    const recorded = JSON.parse(readFileSync(baseline, 'utf8')) as { entries: { routeId: string }[] };
    expect(recorded.entries.map((e) => e.routeId)).toEqual(expect.arrayContaining(['r1', 'r2']));
    expect(lint().status).toBe(0);

    // Reordering routes moves every line: nothing new.
    writeFileSync(join(dir, 'routes.json'), JSON.stringify([bad('r2', 0, '10.0.1.0/24'), bad('r1', 0)], null, 4));
    expect(lint().status).toBe(0);

    // Fix r1 and break r3: r3 is new, r1's entry is stale; they do not cancel out.
    writeFileSync(join(dir, 'routes.json'), JSON.stringify([bad('r1', 10), bad('r2', 0, '10.0.1.0/24'), bad('r3', 0, '10.0.2.0/24')], null, 2));
    const r = lint();
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as JsonResult[];
    const metricFindings = results[0]!.messages.filter((m) => m.ruleId === 'metric-range').map((m) => m.routeId);
    expect(metricFindings).toEqual(['r3']);
    expect(results[0]!.staleBaselineEntries?.filter((e) => e.ruleId === 'metric-range').map((e) => e.routeId)).toEqual(['r1']);
  });

  it('refuses --update-baseline without --baseline and a baseline that is not one', () => {
    const dir = tempDir({ 'routes.json': '[]', 'b.json': '{"entries": 3}' });
    expect(runCli(['lint', dir, '--update-baseline']).status).toBe(2);
    const r = runCli(['lint', dir, '--baseline', join(dir, 'b.json')]);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/b\.json: not a routelint baseline/)]);
  });
});

describe('progress', () => {
  it.skipIf(!HAS_SCRIPT)('draws a bar on a terminal for a big export, and nothing off a terminal', () => {
    const dir = tempDir();
    const input = join(dir, 'account.json');
    writeFileSync(input, JSON.stringify(generateAccount(8000, 3)));
    expect(statSync(input).size).toBeGreaterThan(5e6);
    const out = join(dir, 'out.json');
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const onTerminal = spawnSync('script', ['-qec', `${process.execPath} ${join(ROOT, 'bin', 'routelint.js')} lint ${input} -f json -o ${out}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60000 });
    expect(onTerminal.stdout).toMatch(/\r\[=*\s*\]\s+\d+% /);
    const offTerminal = runCli(['lint', input, '-f', 'json', '-o', out]);
    expect(offTerminal.stderr).toBe('');

    // simulate --batch on the same export: a bar while answering, on stderr only.
    const peer = (JSON.parse(readFileSync(input, 'utf8')) as { peers: { id: string }[] }).peers[0]!.id;
    const questions = join(dir, 'questions.jsonl');
    writeFileSync(questions, `${JSON.stringify({ ip: '10.1.2.3', from_peer: peer })}\n`.repeat(3000));
    const batchOnTerminal = spawnSync('script', ['-qec', `${process.execPath} ${join(ROOT, 'bin', 'routelint.js')} simulate ${input} --batch ${questions} > ${join(dir, 'answers.jsonl')}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60000 });
    expect(batchOnTerminal.stdout).toMatch(/\r\[=*\s*\]\s+\d+% \d[\d,]* of 3,000 questions/);
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(3000);
    const few = join(dir, 'few.jsonl');
    writeFileSync(few, `${JSON.stringify({ ip: '10.1.2.3', from_peer: peer })}\n`.repeat(100));
    const batchOffTerminal = runCli(['simulate', input, '--batch', few]);
    expect([batchOffTerminal.status, batchOffTerminal.stderr, batchOffTerminal.stdout.trimEnd().split('\n').length]).toEqual([0, '', 100]);
  }, 60_000);
});

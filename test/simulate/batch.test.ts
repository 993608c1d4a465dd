// `routelint simulate --batch`: each line's answer is the brief form of the answer `simulate` gives
// for the same question on the command line (with --explain, that answer itself); bad lines get an
// error answer and the rest go on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBatchLine, answerFor, loadModelForSimulation, type SimulateArgs } from '../../src/commands/simulate.js';
import { lineText } from '../../src/simulate/batch.js';
import { formatAnswerJson } from '../../src/format/simulate-json.js';
import { InputError } from '../../src/errors.js';
import { BATCH_LINE_MAX_BYTES } from '../../src/load/lines.js';
import { PeerStates } from '../../src/simulate/peer-states.js';
import { briefOutcome, type GroupAnswer, type GroupOutcome, type Outcome, type PeerAnswer, type PeerRef, type Query } from '../../src/simulate/answer.js';
import { memberAnswers } from '../../src/simulate/serving.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const model = loadModelForSimulation(join(root, 'fixtures/demo'));
const GATEWAYS = ['gw-berlin-1', 'gw-berlin-2', 'gw-paris-1', 'exit-eu-1', 'exit-us-1'];
const PEERS = [...GATEWAYS, 'laptop-anna', 'laptop-ben', 'laptop-chen', 'ci-runner-1', 'contractor-dave', 'cs3l06bb8c5s73dbrc2g', 'LAPTOP-ANNA', 'nobody'];
const GROUPS = ['All', 'engineering', 'ops', 'contractors', 'laptops', 'exit-nodes', 'no-such-group'];
const IPS = ['10.20.1.7', '10.20.5.5', '10.30.1.7', '10.50.0.9', '10.40.1.9', '10.70.0.1', '172.16.5.5', '8.8.8.8', '192.168.77.3', '2001:db8:100::1', '100.92.50.1', '169.254.169.254', '10.20.1.300', ''];
const DOMAINS = ['app.internal.example.com', 'internal.example.com', 'a.b.internal.example.com', 'example.org', 'bad..name'];

const stateArb = fc.record({
  status: fc.constantFrom('connected', 'idle', 'connecting', 'Connected'),
  relayed: fc.boolean(),
  latency: fc.constantFrom(0, 3, 12, 12.5, 1500),
  structured: fc.boolean(),
});
type StateSpec = typeof stateArb extends fc.Arbitrary<infer T> ? T : never;

const questionArb = fc.record({
  destination: fc.oneof(fc.constantFrom(...IPS).map((ip) => ({ ip })), fc.constantFrom(...DOMAINS).map((domain) => ({ domain }))),
  from: fc.oneof(fc.constantFrom(...PEERS).map((from_peer) => ({ from_peer })), fc.constantFrom(...GROUPS).map((from_group) => ({ from_group }))),
  states: fc.dictionary(fc.constantFrom(...GATEWAYS, 'ghost'), stateArb, { maxKeys: 3 }),
  current: fc.option(fc.constantFrom(...GATEWAYS, 'ghost'), { nil: undefined }),
  exitNode: fc.option(fc.constantFrom('exit-eu', 'exit-us', 'exit-backup', 'exit-eu-v6', 'nope'), { nil: undefined }),
});

/**
 * What a brief answer must say, from the full answer: per source (a group answer's members), the
 * brief form of its outcome. Compared this way, the test does not repeat how members are grouped.
 */
function briefBySource(answer: unknown): { query: Query; bySource: Record<string, unknown> } {
  const a = answer as (PeerAnswer | GroupAnswer) | { query: Query; outcomes?: (Outcome & { sources: PeerRef[] })[] };
  const strip = (o: object): unknown => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'sources' && k !== 'query'));
  if ('outcomes' in a && a.outcomes) {
    const bySource: Record<string, unknown> = {};
    for (const g of a.outcomes) {
      // Serving members merged with their own routes (own_routes) are each expanded to their own answer.
      const members = 'own_routes' in g ? memberAnswers(g as GroupOutcome) : g.sources.map((source) => ({ source, outcome: g }));
      for (const { source, outcome: o } of members) bySource[source.id] = strip('trace' in o ? briefOutcome(o as Outcome) : o);
    }
    return { query: a.query, bySource };
  }
  const o = a as PeerAnswer;
  return { query: o.query, bySource: { [o.query.from_peer!.id]: strip('trace' in o ? briefOutcome(o) : o) } };
}

const stateText = (s: StateSpec): string => `${s.status}${s.relayed ? ',relayed' : ''}${s.latency > 0 ? `,latency=${s.latency}` : ''}`;

describe('simulate --batch answers', () => {
  it('are the brief form of the single simulate answer for the same question, or with explain the answer itself (or both refuse it)', () => {
    fc.assert(
      fc.property(questionArb, (q) => {
        const line: Record<string, unknown> = { ...q.destination, ...q.from };
        if (Object.keys(q.states).length > 0) {
          line.peer_states = Object.fromEntries(Object.entries(q.states).map(([peer, s]) => [peer, s.structured ? { status: s.status, relayed: s.relayed, latency_ms: s.latency } : stateText(s)]));
        }
        if (q.current !== undefined) line.current = q.current;
        if (q.exitNode !== undefined) line.exit_node = q.exitNode;
        const args: SimulateArgs = {
          export: 'fixtures/demo',
          ...('ip' in q.destination ? { ip: q.destination.ip } : { domain: q.destination.domain }),
          ...('from_peer' in q.from ? { fromPeer: q.from.from_peer } : { fromGroup: q.from.from_group }),
          peerState: Object.entries(q.states).map(([peer, s]) => `${peer}=${stateText(s)}`),
          down: [],
          current: q.current,
          exitNode: q.exitNode,
          format: 'json',
        };
        let single: string | null = null;
        try {
          // What `simulate -f json` prints for it (a group answer with its summary).
          single = formatAnswerJson(answerFor(model, args)).trimEnd();
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
        }
        const batch = answerBatchLine(model, new PeerStates(), JSON.stringify(line), 7);
        const explained = answerBatchLine(model, new PeerStates(), JSON.stringify(line), 7, true);
        if (single === null) {
          for (const answer of [batch, explained]) {
            expect(answer.ok).toBe(false);
            expect(Object.keys(JSON.parse(lineText(answer.line)))).toEqual(['error', 'line']);
            expect(JSON.parse(lineText(answer.line)).line).toBe(7);
          }
        } else {
          expect([lineText(explained.line), explained.ok]).toEqual([single, true]);
          expect(batch.ok).toBe(true);
          const brief = JSON.parse(lineText(batch.line)) as Record<string, unknown>;
          expect(briefBySource(brief)).toEqual(briefBySource(JSON.parse(single)));
          // Brief answers keep the contract's fields but the trace, and only the candidates the source holds.
          for (const o of (brief.outcomes as Record<string, unknown>[] | undefined) ?? [brief]) {
            expect(Object.keys(o).filter((k) => k !== 'sources' && k !== 'query')).toEqual(['disposition', 'peer', 'route', 'nondeterministic', 'drop_reason', 'access', 'candidates', 'assumptions', 'assumption_ids']);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['not JSON', 'ip=10.20.1.7'],
    ['not an object', '["10.20.1.7"]'],
    ['an unknown key', '{"ip": "10.20.1.7", "from-peer": "laptop-anna"}'],
    ['both ip and domain', '{"ip": "10.20.1.7", "domain": "a.example.com", "from_peer": "laptop-anna"}'],
    ['both from_peer and from_group', '{"ip": "10.20.1.7", "from_peer": "laptop-anna", "from_group": "laptops"}'],
    ['no source', '{"ip": "10.20.1.7"}'],
    ['no destination', '{"from_peer": "laptop-anna"}'],
    ['a number for a name', '{"ip": "10.20.1.7", "from_peer": 7}'],
    ['a bad state', '{"ip": "10.20.1.7", "from_peer": "laptop-anna", "peer_states": {"gw-paris-1": "asleep"}}'],
    ['a bad structured state', '{"ip": "10.20.1.7", "from_peer": "laptop-anna", "peer_states": {"gw-paris-1": {"status": "idle", "latency": 3}}}'],
    ['peer_states not an object', '{"ip": "10.20.1.7", "from_peer": "laptop-anna", "peer_states": ["gw-paris-1"]}'],
  ])('gives an error answer for %s', (_, text) => {
    const answer = answerBatchLine(model, new PeerStates(), text, 3);
    expect(answer.ok).toBe(false);
    const parsed = JSON.parse(lineText(answer.line)) as { error: unknown; line: unknown };
    expect(Object.keys(parsed)).toEqual(['error', 'line']);
    expect(typeof parsed.error).toBe('string');
    expect(parsed.line).toBe(3);
  });
});

// End to end, with the built binary (npm test builds it first).
describe('routelint simulate --batch', () => {
  let dir: string;
  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, ['bin/routelint.js', 'simulate', ...args], { cwd: root, encoding: 'utf8', input });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const questions = [
    { ip: '10.20.1.7', from_peer: 'laptop-anna' },
    { domain: 'app.internal.example.com', from_group: 'laptops', peer_states: { 'gw-paris-1': 'connecting' } },
    { ip: '10.30.1.7', from_peer: 'laptop-ben', peer_states: { 'gw-paris-1': { status: 'idle', relayed: true, latency_ms: 5 } }, current: 'gw-paris-1' },
  ];
  const flagsOf = (q: (typeof questions)[number]): string[] => [
    ...('ip' in q ? ['--ip', q.ip!] : ['--domain', q.domain!]),
    ...('from_peer' in q ? ['--from-peer', q.from_peer!] : ['--from-group', q.from_group!]),
    ...Object.entries(q.peer_states ?? {}).flatMap(([peer, s]) => ['--peer-state', `${peer}=${typeof s === 'string' ? s : `${s.status}${s.relayed ? ',relayed' : ''},latency=${s.latency_ms}`}`]),
    ...('current' in q && q.current ? ['--current', q.current] : []),
  ];

  beforeAll(() => {
    if (!existsSync(join(root, 'dist/cli/routelint.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    dir = mkdtempSync(join(tmpdir(), 'routelint-batch-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers each line in order, briefly or with --explain as simulate -f json does, an error answer for a bad line, and exits 1', () => {
    const file = join(dir, 'questions.jsonl');
    const lines = [JSON.stringify(questions[0]), JSON.stringify(questions[1]), '{"ip": "10.20.1.7", "from_peer": "nobody"}', '', JSON.stringify(questions[2])];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const single = questions.map((q) => run(['fixtures/demo', ...flagsOf(q), '-f', 'json']));
    for (const s of single) expect(s.code).toBe(0);

    const explained = run(['fixtures/demo', '--batch', file, '--explain']);
    expect([explained.code, explained.stderr]).toEqual([1, '']);
    const full = explained.stdout.trimEnd().split('\n');
    expect(full).toHaveLength(4);
    expect(full[0]).toBe(single[0]!.stdout.trimEnd());
    expect(full[1]).toBe(single[1]!.stdout.trimEnd());
    expect(JSON.parse(full[2]!)).toEqual({ error: expect.stringContaining('from_peer "nobody"'), line: 3 });
    expect(full[3]).toBe(single[2]!.stdout.trimEnd());

    const r = run(['fixtures/demo', '--batch', file]);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const brief = r.stdout.trimEnd().split('\n');
    expect(brief).toHaveLength(4);
    expect(brief[2]).toBe(full[2]);
    for (const [i, s] of [[0, 0], [1, 1], [3, 2]] as const) {
      expect(briefBySource(JSON.parse(brief[i]!))).toEqual(briefBySource(JSON.parse(single[s]!.stdout)));
      expect(brief[i]!.length).toBeLessThan(full[i]!.length);
    }
  });

  it('reads standard input for - and exits 0 when every line is answered', () => {
    const r = run(['fixtures/demo', '--batch', '-'], questions.map((q) => JSON.stringify(q)).join('\r\n'));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.trimEnd().split('\n').map((l) => Object.keys(JSON.parse(l))[0])).toEqual(['query', 'query', 'query']);
  });

  it('answers a line past 1 MiB with an error line and goes on, from a file or from a pipe, with no stack', () => {
    const long = `{"ip": "10.20.1.7", "from_peer": "${'x'.repeat(BATCH_LINE_MAX_BYTES)}"}`;
    const input = [JSON.stringify(questions[0]), long, JSON.stringify(questions[0])].join('\n');
    const file = join(dir, 'long.jsonl');
    writeFileSync(file, input);
    for (const r of [run(['fixtures/demo', '--batch', file]), run(['fixtures/demo', '--batch', '-'], input)]) {
      expect([r.code, r.stderr]).toEqual([1, '']);
      const answers = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { error?: string; line?: number });
      expect(answers.map((a) => a.line ?? 'answer')).toEqual(['answer', 2, 'answer']);
      expect(answers[1]!.error).toContain(`${Buffer.byteLength(long)} bytes`);
    }
  });

  it('answers a batch file too large to read at once line by line, an over-long line with an error', () => {
    const file = join(dir, 'huge.jsonl');
    // 70 MB: one line of 70 MB, then a question.
    writeFileSync(file, `${'x'.repeat(70 * 1024 * 1024)}\r\n${JSON.stringify(questions[0])}\n`);
    const r = run(['fixtures/demo', '--batch', file]);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const answers = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { error?: string; line?: number; query?: unknown });
    expect([answers[0]!.line, answers[1]!.query !== undefined, answers.length]).toEqual([1, true, 2]);
    rmSync(file);
  });

  it('stops at a line that never ends (/dev/zero) with one error line, exit 1 and no stack', () => {
    const started = Date.now();
    const r = run(['fixtures/demo', '--batch', '/dev/zero']);
    expect(Date.now() - started).toBeLessThan(30000);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const answers = r.stdout.trimEnd().split('\n');
    expect(answers).toHaveLength(1);
    expect(JSON.parse(answers[0]!)).toEqual({ error: expect.stringContaining('no end within'), line: 1 });
  });

  it('reads UTF-16 with a byte-order mark', () => {
    const file = join(dir, 'utf16.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${JSON.stringify(questions[0])}\r\n`, 'utf16le')]));
    const r = run(['fixtures/demo', '--batch', file]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toMatchObject({ query: { ip: '10.20.1.7' } });
  });

  it('exits 2 with one line on stderr when it cannot run', () => {
    const missing = run(['fixtures/demo', '--batch', join(dir, 'missing.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^routelint: --batch .*missing\.jsonl: no such file or directory\n$/);
    const both = run(['fixtures/demo', '--batch', '-', '--ip', '10.20.1.7']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^routelint simulate: --batch takes each question from its lines: drop --ip/);
    const explainAlone = run(['fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '--explain']);
    expect(explainAlone.code).toBe(2);
    expect(explainAlone.stderr.split('\n')).toHaveLength(2);
  });
});

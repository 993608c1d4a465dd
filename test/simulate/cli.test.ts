// `routelint simulate` end to end: the built binary, its exit codes, stderr and the JSON shape.
// Run after `npm run build` (as `npm test` does).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_REASONS, DISPOSITIONS, TRACE_STEPS } from '../../src/simulate/answer.js';
import { ASSUMPTION_IDS } from '../../src/simulate/assumptions.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/routelint.js', 'simulate', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(new URL('../../dist/src/cli.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
});

const ANSWER_KEYS = ['query', 'disposition', 'peer', 'route', 'nondeterministic', 'drop_reason', 'access', 'candidates', 'trace', 'assumptions', 'assumption_ids'];

function checkOutcomeShape(o: Record<string, unknown>): void {
  expect(DISPOSITIONS).toContain(o.disposition);
  expect(typeof o.nondeterministic).toBe('boolean');
  for (const c of o.candidates as Record<string, unknown>[]) {
    expect(Object.keys(c)).toEqual(['route', 'peer', 'eligible', 'score', 'reason', 'detail']);
    expect(CANDIDATE_REASONS).toContain(c.reason);
    expect(c.score === null || typeof c.score === 'number').toBe(true);
  }
  for (const t of o.trace as Record<string, unknown>[]) {
    expect(Object.keys(t)).toEqual(['step', 'detail']);
    expect(TRACE_STEPS).toContain(t.step);
  }
  expect((o.assumptions as unknown[]).every((a) => typeof a === 'string')).toBe(true);
  // One id per assumption, in the same order, each from the closed table.
  expect((o.assumption_ids as unknown[]).length).toBe((o.assumptions as unknown[]).length);
  for (const id of o.assumption_ids as unknown[]) expect(ASSUMPTION_IDS).toContain(id);
}

describe('routelint simulate', () => {
  it('answers a peer query as one JSON object and exits 0', () => {
    const r = run('fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '--format', 'json');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const a = JSON.parse(r.stdout);
    expect(Object.keys(a)).toEqual(ANSWER_KEYS);
    expect(a.query).toEqual({ ip: '10.20.1.7', from_peer: { id: 'cs3l06bb8c5s73dbrc2g', name: 'laptop-anna' }, current: null, exit_node: null });
    expect(a.disposition).toBe('ROUTED');
    expect(a.peer).toEqual({ id: 'cs3l03bb8c5s73dbrc10', name: 'gw-paris-1' });
    expect(a.route).toEqual({ id: 'ctm0a1bb8c5s73dbre0g', network_id: 'berlin-lab', network: '10.20.1.0/24' });
    checkOutcomeShape(a);
  });

  it('answers a group query grouped by outcome', () => {
    const r = run('fixtures/demo', '--ip', '10.30.1.7', '--from-group', 'laptops', '-f', 'json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(Object.keys(a)).toEqual(['query', 'outcomes', 'summary']);
    expect(a.query.from_group).toEqual({ id: 'cs3kq8jb8c5s73dbrb4g', name: 'laptops' });
    expect(a.outcomes.map((o: { sources: { name: string }[] }) => o.sources.map((s) => s.name))).toEqual([['laptop-anna', 'laptop-ben'], ['contractor-dave'], ['laptop-chen']]);
    for (const o of a.outcomes) {
      expect(Object.keys(o)).toEqual(['sources', ...ANSWER_KEYS.slice(1)]);
      checkOutcomeShape(o);
    }
  });

  it('reads a status report and flags, and answers a domain', () => {
    const r = run('fixtures/demo', '--domain', 'app.internal.example.com', '--from-peer', 'cs3l06bb8c5s73dbrc2g', '--status', 'fixtures/simulate/status-laptop-anna.json', '--peer-state', 'gw-berlin-2=connected,latency=5', '-f', 'json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect([a.disposition, a.peer.name]).toEqual(['ROUTED', 'gw-berlin-2']);
    expect(a.route.domains).toEqual(['*.internal.example.com', 'api..example.com']);
  });

  it('prints a readable explanation by default, the same every run', () => {
    const args = ['fixtures/demo', '--ip', '10.20.9.9', '--from-group', 'All', '--down', 'gw-berlin-2', '--current', 'gw-berlin-1'];
    const a = run(...args);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^10\.20\.9\.9 from group All/);
    expect(a.stdout).toContain('ROUTED via gw-berlin-1');
    expect(run(...args).stdout).toBe(a.stdout);
  });

  it('notes an unknown --current peer and ignores it', () => {
    const r = run('fixtures/demo', '--ip', '10.20.9.9', '--from-peer', 'laptop-anna', '--current', 'gw-nowhere', '-f', 'json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.query.current).toBeNull();
    expect(a.assumption_ids).toContain('current-unknown');
    expect(a.assumptions[a.assumption_ids.indexOf('current-unknown')]).toContain('gw-nowhere');
  });

  it.each([
    ['a bad address', ['fixtures/demo', '--ip', '10.20.1.300', '--from-peer', 'laptop-anna'], /--ip "10\.20\.1\.300"/],
    ['an unknown peer, with near names', ['fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop'], /did you mean "laptop-anna", "laptop-ben" or "laptop-chen"\?/],
    ['an ambiguous peer name, with the ids', ['fixtures/simulate/ambiguous-names.json', '--ip', '10.77.1.1', '--from-peer', 'gw-edge'], /d0ab01bb8c5s73dbrc00.*d0ab02bb8c5s73dbrc0g/],
    ['an unknown group', ['fixtures/demo', '--ip', '10.20.1.7', '--from-group', 'finance'], /--from-group "finance"/],
    ['an export that does not parse, with file:line:col', ['fixtures/simulate/broken', '--ip', '10.0.0.1', '--from-peer', 'x'], /fixtures\/simulate\/broken\/routes\.json:5:5: /],
    ['an export without groups and peers', ['fixtures/simulate/routes-only.json', '--ip', '10.0.0.1', '--from-peer', 'x'], /needs the account's groups and peers/],
    ['a malformed status report, naming the file', ['fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '--status', 'fixtures/simulate/status-malformed.json'], /status-malformed\.json:\d+:\d+: /],
    ['a missing status report', ['fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '--status', 'fixtures/simulate/none.json'], /none\.json: no such file/],
    ['a bad --peer-state', ['fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '--peer-state', 'gw-paris-1=asleep'], /--peer-state/],
    ['an unknown exit node', ['fixtures/demo', '--ip', '1.1.1.1', '--from-peer', 'laptop-anna', '--exit-node', 'exit-mars'], /exit-eu, exit-us/],
    ['both --ip and --domain', ['fixtures/demo', '--ip', '1.1.1.1', '--domain', 'a.example', '--from-peer', 'laptop-anna'], /^routelint simulate: give --ip or --domain, not both$/m],
    ['no destination', ['fixtures/demo', '--from-peer', 'laptop-anna'], /--ip ADDR or --domain NAME/],
    ['no source', ['fixtures/demo', '--ip', '1.1.1.1'], /--from-peer PEER or --from-group GROUP/],
  ])('exits 2 on %s, with one line on stderr', (_name, args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('routelint simulate --from-group --max-outcomes', () => {
  const question = ['fixtures/networks', '--ip', '10.20.5.7', '--from-group', 'All'];

  it('lists the largest outcomes and summary lines, and counts the rest', () => {
    const all = JSON.parse(run(...question, '-f', 'json', '--max-outcomes', '0').stdout);
    const r = run(...question, '-f', 'json', '--max-outcomes', '1');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.outcomes).toEqual(all.outcomes.slice(0, 1));
    expect(a.outcomes_left_out).toBe(all.outcomes.length - 1);
    expect(a.outcomes[0].sources.length + a.members_left_out).toBe(all.summary.members);
    expect(a.summary.members).toBe(all.summary.members);
    expect(a.summary.carriers).toHaveLength(1);
    expect(a.summary.carriers_left_out).toBe(all.summary.carriers.length - 1);
    expect(Object.keys(all)).toEqual(['query', 'outcomes', 'summary']);
  }, 60_000);

  it('leaves nothing out by default here (100), and says in text what it leaves out', () => {
    const all = run(...question, '-f', 'json', '--max-outcomes', '0').stdout;
    expect(run(...question, '-f', 'json').stdout).toBe(all);
    expect(run(...question, '--max-outcomes', '1').stdout).toContain('--max-outcomes N');
  }, 60_000);

  it.each([['-1'], ['1.5'], ['many']])('rejects --max-outcomes %s with exit 2', (value) => {
    const r = run(...question, '--max-outcomes', value);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

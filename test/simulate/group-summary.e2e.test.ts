// `simulate --from-group` sums members up by carrier (#18): members whose traffic ends the same way
// are one line of the summary, whatever their assumptions, and each assumption says which share of
// them it is about. JSON keeps `outcomes` as they were and adds `summary`.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupAnswer } from '../../src/simulate/answer.js';
import type { GroupSummary } from '../../src/simulate/group-summary.js';
import { runCli } from '../cli/run.js';
import { ensureBuilt } from '../support/build.js';

beforeAll(() => ensureBuilt(), 180_000);

const LAPTOP_CHEN = 'cs3l08bb8c5s73dbrc3g';

function groupJson(...args: string[]): GroupAnswer & { summary: GroupSummary } {
  const r = runCli(['simulate', 'fixtures/demo', ...args, '-f', 'json']);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as GroupAnswer & { summary: GroupSummary };
}

describe('simulate --from-group summary', () => {
  it('merges outcomes that differ only in an assumption, listing that assumption for its share', () => {
    const a = groupJson('--ip', '8.8.8.8', '--from-group', 'laptops');
    // The full outcomes stay as they were: two, as one member has one more assumption.
    expect(a.outcomes.map((o) => o.sources.length)).toEqual([3, 1]);
    expect(a.summary.members).toBe(4);
    expect(a.summary.carriers.map((c) => [c.disposition, c.peer?.name, c.route?.network_id, c.members, c.share, c.outcomes])).toEqual([['ROUTED', 'exit-eu-1', 'exit-eu', 4, 1, [0, 1]]]);
    const shares = a.summary.carriers[0]!.assumptions;
    const partial = shares.filter((s) => s.sources !== undefined);
    expect(partial.map((s) => [s.id, s.members, s.sources!.map((p) => p.id)])).toEqual([['linux-main-table', 1, [LAPTOP_CHEN]]]);
    expect(shares.filter((s) => s.sources === undefined).every((s) => s.members === 4)).toBe(true);
    // Every assumption of every merged outcome is listed once.
    expect(new Set(shares.map((s) => s.id))).toEqual(new Set(a.outcomes.flatMap((o) => o.assumption_ids)));
  });

  it('keeps different carriers and dispositions apart, the largest share first', () => {
    const a = groupJson('--ip', '10.20.1.7', '--from-group', 'laptops');
    expect(a.summary.carriers.map((c) => [c.disposition, c.peer?.name ?? null, c.nondeterministic, c.possible_peers.map((p) => p.name), c.members])).toEqual([
      ['ROUTED', 'gw-paris-1', false, [], 2],
      ['ROUTED', 'exit-eu-1', false, [], 1],
      ['ROUTED', null, true, ['gw-berlin-1', 'gw-berlin-2'], 1],
    ]);
    expect(a.summary.carriers.reduce((n, c) => n + c.share, 0)).toBeCloseTo(1);
  });

  it('text: starts with the summary table, then one section per carrier', () => {
    const r = runCli(['simulate', 'fixtures/demo', '--ip', '10.20.1.7', '--from-group', 'laptops']);
    const lines = r.stdout.split('\n');
    expect(lines[1]!.match(/\d+/g)!.map(Number)).toEqual([4, 3]);
    const header = lines.findIndex((l) => /^\s+members\s+share\s+outcome$/.test(l));
    expect(header).toBe(3);
    const rows = lines.slice(header + 1, header + 4).map((l) => l.trim().split(/\s+/).slice(0, 3));
    expect(rows).toEqual([
      ['2', '50%', 'ROUTED'],
      ['1', '25%', 'ROUTED'],
      ['1', '25%', 'ROUTED,'],
    ]);
    expect(lines.filter((l) => l.startsWith('=== Outcome ')).map((l) => l.match(/\d+/g)!.slice(0, 3).map(Number))).toEqual([
      [1, 3, 2],
      [2, 3, 1],
      [3, 3, 1],
    ]);
    const merged = runCli(['simulate', 'fixtures/demo', '--ip', '8.8.8.8', '--from-group', 'laptops']).stdout;
    expect(merged.split('\n').filter((l) => l.startsWith('=== Outcome '))).toHaveLength(1);
    expect(merged.split('\n').filter((l) => l.startsWith('How NetBird decides'))).toHaveLength(1);
    expect(merged).toMatch(/^ {2}- \(1 of 4: laptop-chen\) /m);
  });
});

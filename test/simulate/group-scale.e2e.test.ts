// `simulate --from-group` on a generated flat account (bench/generate.ts: a group of every peer,
// an exit HA set of routes served by members of that group): the built binary finishes, its
// JSON stays small (serving members merged with their own routes, candidates cut with a count),
// and every member is counted once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountText, generateFlatAccount } from '../../bench/generate.js';
import { GROUP_CANDIDATE_LIMIT, type GroupAnswer, type ShownGroupOutcome } from '../../src/simulate/answer.js';
import type { GroupSummary } from '../../src/simulate/group-summary.js';
import { runCli, tempDir } from '../cli/run.js';
import { ensureBuilt } from '../support/build.js';

let file = '';
const ROUTES = 3000;

beforeAll(() => {
  ensureBuilt();
  file = join(tempDir(), 'flat.json');
  writeFileSync(file, accountText(generateFlatAccount(ROUTES)));
}, 180_000);

describe('simulate --from-group over a flat account of a few thousand routes', () => {
  it('answers every member in bounded JSON', () => {
    const r = runCli(['simulate', file, '--ip', '8.8.8.8', '--from-group', 'All', '-f', 'json', '--max-outcomes', '0']);
    expect(r.status).toBe(0);
    // About 4.6 MB; one outcome per serving member with every candidate was about 70 MB. (A
    // serving member whose own row the cut would list answers alone: about 115 of 1,500 here.)
    expect(r.stdout.length).toBeLessThan(8_000_000);
    const a = JSON.parse(r.stdout) as Omit<GroupAnswer, 'outcomes'> & { outcomes: ShownGroupOutcome[]; summary: GroupSummary };
    const members = a.outcomes.reduce((n, o) => n + o.sources.length, 0);
    expect(members).toBe(ROUTES / 2);
    expect(a.summary.members).toBe(members);
    expect(new Set(a.outcomes.flatMap((o) => o.sources.map((s) => s.id))).size).toBe(members);
    for (const o of a.outcomes) {
      expect(o.candidates.length).toBeLessThanOrEqual(GROUP_CANDIDATE_LIMIT);
      if (o.candidates_total !== undefined) expect(o.candidates_total).toBeGreaterThan(GROUP_CANDIDATE_LIMIT);
      if (o.own_routes) expect(o.own_routes.map((m) => m.source)).toEqual(o.sources);
    }
    // Routing peers of the exit set are merged: far fewer outcomes than serving members.
    const merged = a.outcomes.filter((o) => o.own_routes);
    expect(merged.reduce((n, o) => n + o.sources.length, 0)).toBeGreaterThan(100);
    expect(a.outcomes.length).toBeLessThan(200);
    expect(merged.filter((o) => o.disposition === 'LOCAL').every((o) => o.peer === null && o.route === null && o.own_routes!.every((m) => { const r = m.routes[0]!; return 'network' in r && r.network === '0.0.0.0/0'; }))).toBe(true);
  });

  it('prints the summary table and the merged serving members as text', () => {
    const r = runCli(['simulate', file, '--ip', '8.8.8.8', '--from-group', 'All']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\s*members {2}share {2}outcome$/m);
    expect(r.stdout).toMatch(/serving members, each with its own route/);
    expect(r.stdout).toMatch(new RegExp(`Candidates \\(${GROUP_CANDIDATE_LIMIT} of \\d+ shown`));
  });
});

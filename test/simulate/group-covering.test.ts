// `simulate --from-group` where every route of the account covers the address asked about
// (bench/shapes.ts: one prefix under as many network_ids as routes, or a chain of nested prefixes),
// so most members decide their own way: the answer completes, cuts each outcome's candidates as it
// builds them (GROUP_CANDIDATE_LIMIT, within GROUP_CANDIDATE_BUDGET over the whole answer), counts
// them all, and names at most a few peers or sets in any one sentence.
import { describe, expect, it } from 'vitest';
import { COVERED_ADDRESS, generateCoveringAccount, type CoveringShape } from '../../bench/shapes.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { GROUP_CANDIDATE_BUDGET, groupCandidateLimit } from '../../src/simulate/answer.js';
import { simulateGroup, type SimQuery } from '../../src/simulate/index.js';
import { formatAnswerJson } from '../../src/format/simulate-json.js';
import type { Bundle } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const ROUTES = 1000;

describe.each<CoveringShape>(['one-prefix', 'chain'])('simulate --from-group over a %s covering account', (shape) => {
  it('answers every member with bounded outcomes, every candidate counted', () => {
    const account = generateCoveringAccount(ROUTES, shape);
    const all = (account.groups as { id: string; name: string; peers: unknown[] }[]).find((g) => g.name === 'All')!;
    const model = modelOf(account as unknown as Bundle);
    const q: SimQuery & { from: { kind: 'group' } } = { destination: { kind: 'ip', addr: mustParseAddr(COVERED_ADDRESS), text: COVERED_ADDRESS }, from: { kind: 'group', groupId: all.id }, currentPeerId: null, exitNode: null };
    const answer = simulateGroup(model, q);
    const members = answer.outcomes.reduce((n, o) => n + o.sources.length, 0);
    expect(members).toBe(all.peers.length);
    expect(new Set(answer.outcomes.flatMap((o) => o.sources.map((s) => s.id))).size).toBe(members);
    const limit = groupCandidateLimit(members);
    let shown = 0;
    for (const o of answer.outcomes) {
      expect(o.candidates.length).toBeLessThanOrEqual(limit);
      shown += o.candidates.length;
      // Every covering set's rows are counted: far more than are shown.
      expect(o.candidates_total).toBeGreaterThan(ROUTES);
      // The carrier's row (LOCAL or chosen) is kept first among the cut.
      if (o.route) expect(o.candidates.some((c) => c.route.id === o.route!.id && ['local', 'selected', 'tied', 'conflict'].includes(c.reason))).toBe(true);
      for (const text of [...o.trace.map((t) => t.detail), ...o.candidates.map((c) => c.detail)]) expect(text.length).toBeLessThan(2_000);
    }
    expect(shown).toBeLessThanOrEqual(GROUP_CANDIDATE_BUDGET);
    const json = formatAnswerJson(answer);
    expect(json.length).toBeLessThan(members * 60_000);
    expect((JSON.parse(json) as { summary: { members: number } }).summary.members).toBe(members);
  }, 120_000);
});

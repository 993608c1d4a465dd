// `simulate --from-group` where every route of the account covers the address asked about
// (bench/shapes.ts: one prefix under as many network_ids as routes, or a chain of nested prefixes),
// so most members decide their own way: the answer completes, cuts each outcome's candidates as it
// builds them (GROUP_CANDIDATE_LIMIT, within GROUP_CANDIDATE_BUDGET over the whole answer), counts
// them all, and names at most a few peers or sets in any one sentence.
import { describe, expect, it } from 'vitest';
import { COVERED_ADDRESS, generateCoveringAccount, type CoveringShape } from '../../bench/shapes.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { GROUP_CANDIDATE_BUDGET, groupCandidateLimit, type Candidate } from '../../src/simulate/answer.js';
import { memberAnswers, simulateGroup, simulatePeer, simulatorFor, type SimQuery } from '../../src/simulate/index.js';
import { PeerStates } from '../../src/simulate/peer-states.js';
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

/** A candidate as a row of its set, without its prose (a cut answer's prose names fewer peers). */
const rowOf = (c: Candidate): string => JSON.stringify([c.route, c.peer, c.eligible, c.score, c.reason]);

describe.each<CoveringShape>(['one-prefix', 'chain'])('each member of a group over a %s covering account', (shape) => {
  it('has the answer computed for it alone, and the decision `--from PEER` gives it', () => {
    const account = generateCoveringAccount(300, shape);
    const all = (account.groups as { id: string; name: string }[]).find((g) => g.name === 'All')!;
    const q: SimQuery & { from: { kind: 'group' } } = { destination: { kind: 'ip', addr: mustParseAddr(COVERED_ADDRESS), text: COVERED_ADDRESS }, from: { kind: 'group', groupId: all.id }, currentPeerId: null, exitNode: null };
    const model = modelOf(account as unknown as Bundle);
    const members = new Map(simulateGroup(model, q).outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
    const alone = new Map(simulateGroup(modelOf(account as unknown as Bundle), q, undefined, { exhaustive: true }).outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
    expect(members.size).toBe(150);
    expect(members).toEqual(alone);
    // `--from PEER` cuts its candidates too (at most 100, `candidates_total`): the same decision, the
    // same count in all, and the group answer's rows are some of the uncut answer's.
    const sim = simulatorFor(model);
    for (const id of [...members.keys()].slice(0, 50)) {
      const { query: _query, candidates: peerCut, candidates_total: peerTotal, trace: _trace, ...peerRest } = simulatePeer(model, { ...q, from: { kind: 'peer', peerId: id } });
      const { candidates: cut, candidates_total: total, trace: _cutTrace, ...groupRest } = members.get(id)!;
      expect(groupRest).toEqual(peerRest);
      const { candidates } = sim.outcome(id, q.destination, { states: new PeerStates(), currentPeerId: null, exitNode: null });
      expect(total).toBe(candidates.length);
      expect(peerTotal ?? peerCut.length).toBe(candidates.length);
      const rows = new Set(candidates.map(rowOf));
      for (const c of cut) expect(rows.has(rowOf(c))).toBe(true);
    }
  }, 120_000);
});

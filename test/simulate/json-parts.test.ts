// `simulate -f json` writes a group answer in parts (format/simulate-json.ts `formatAnswerJsonParts`):
// a few dozen outcomes and summary lines per part, never the whole document as one string. Joined,
// the parts must be the document one JSON.stringify of the answer makes, byte for byte.
import { describe, expect, it } from 'vitest';
import { COVERED_ADDRESS, generateCoveringAccount } from '../../bench/shapes.js';
import { formatAnswerJsonParts } from '../../src/format/simulate-json.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { cutCandidates, type GroupAnswer } from '../../src/simulate/answer.js';
import { summarizeGroupAnswer } from '../../src/simulate/group-summary.js';
import { simulateGroup, simulatePeer, type SimQuery } from '../../src/simulate/index.js';
import type { Bundle } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

// The documented document: the counts of what `--max-outcomes` leaves out only when it leaves something out.
const whole = (a: GroupAnswer): string => {
  const { members, carriers, carriersLeftOut } = summarizeGroupAnswer(a);
  return `${JSON.stringify({
    query: a.query,
    outcomes: a.outcomes.map((o) => cutCandidates(o)),
    ...(a.leftOut ? { outcomes_left_out: a.leftOut.outcomes.length, members_left_out: a.leftOut.members } : {}),
    summary: { members, carriers, ...(carriersLeftOut > 0 ? { carriers_left_out: carriersLeftOut } : {}) },
  })}\n`;
};

describe('simulate JSON in parts', () => {
  const model = modelOf(generateCoveringAccount(400, 'one-prefix', 3) as unknown as Bundle);
  const all = [...model.groups!.values()].find((g) => g.name === 'All')!;
  const query = (groupId: string): SimQuery & { from: { kind: 'group' } } => ({ destination: { kind: 'ip', addr: mustParseAddr(COVERED_ADDRESS), text: COVERED_ADDRESS }, from: { kind: 'group', groupId }, currentPeerId: null, exitNode: null });

  it('joins into the one-string document for a group of more outcomes and summary lines than a part holds', () => {
    const answer = simulateGroup(model, query(all.id));
    expect(answer.outcomes.length).toBeGreaterThan(130);
    expect(summarizeGroupAnswer(answer).carriers.length).toBeGreaterThan(130);
    const parts = [...formatAnswerJsonParts(answer)];
    expect(parts.join('')).toBe(whole(answer));
    // Outcomes and summary lines in parts of at most 64: more than four parts, none the whole.
    expect(parts.length).toBeGreaterThan(6);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(whole(answer).length / 2);
  });

  it('joins into the document for a bounded group answer, with the counts of what it leaves out', () => {
    const answer = simulateGroup(model, query(all.id), undefined, { maxOutcomes: 20 });
    expect(answer.outcomes).toHaveLength(20);
    expect(answer.leftOut!.outcomes.length).toBeGreaterThan(100);
    const document = [...formatAnswerJsonParts(answer)].join('');
    expect(document).toBe(whole(answer));
    const parsed = JSON.parse(document) as { outcomes_left_out: number; summary: { carriers: unknown[]; carriers_left_out: number } };
    expect(parsed.outcomes_left_out).toBe(answer.leftOut!.outcomes.length);
    expect(parsed.summary.carriers).toHaveLength(20);
    expect(parsed.summary.carriers_left_out).toBeGreaterThan(0);
  });

  it('joins into the document for a group of no members, and a peer answer is one part', () => {
    const empty: GroupAnswer = { query: simulateGroup(model, query(all.id)).query, outcomes: [] };
    expect([...formatAnswerJsonParts(empty)].join('')).toBe(whole(empty));
    const peerId = [...model.peers!.keys()][0]!;
    const peer = simulatePeer(model, { ...query(all.id), from: { kind: 'peer', peerId } });
    expect([...formatAnswerJsonParts(peer)]).toEqual([`${JSON.stringify(peer)}\n`]);
  });
});

// `simulate --from-peer` on accounts where every route covers the address asked about
// (bench/shapes.ts): the answer lists at most GROUP_CANDIDATE_LIMIT candidates, kept as a group
// answer's entry keeps them, and `candidates_total` counts every candidate the full answer holds.
import { describe, expect, it } from 'vitest';
import { COVERED_ADDRESS, generateCoveringAccount, type CoveringShape } from '../../bench/shapes.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { cutRank, GROUP_CANDIDATE_LIMIT, type Candidate } from '../../src/simulate/answer.js';
import { simulatePeer, simulatorFor, type SimQuery } from '../../src/simulate/index.js';
import { PeerStates } from '../../src/simulate/peer-states.js';
import type { Bundle } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const ROUTES = 300;
const rowKey = (c: Candidate) => `${c.route.id}|${c.peer?.id ?? ''}|${c.reason}`;

describe.each<CoveringShape>(['one-prefix', 'chain'])('a peer answer on a %s covering account', (shape) => {
  const account = generateCoveringAccount(ROUTES, shape);
  const model = modelOf(account as unknown as Bundle);
  const peers = (account.peers as { id: string }[]).filter((_, i) => i % 37 === 0);
  const destination = { kind: 'ip' as const, addr: mustParseAddr(COVERED_ADDRESS), text: COVERED_ADDRESS };

  it.each(peers.map((p) => p.id))('from %s: cut to the limit, every candidate counted, the decision unchanged', (peerId) => {
    const q: SimQuery & { from: { kind: 'peer' } } = { destination, from: { kind: 'peer', peerId }, currentPeerId: null, exitNode: null };
    const answer = simulatePeer(model, q);
    const full = simulatorFor(model).outcome(peerId, destination, { states: new PeerStates(), currentPeerId: null, exitNode: null });
    expect(full.candidates.length).toBeGreaterThan(GROUP_CANDIDATE_LIMIT);
    expect(answer.candidates).toHaveLength(GROUP_CANDIDATE_LIMIT);
    expect(answer.candidates_total).toBe(full.candidates.length);
    expect([answer.disposition, answer.peer, answer.route, answer.drop_reason]).toEqual([full.disposition, full.peer, full.route, full.drop_reason]);
    // The rows kept are the full answer's, in its order, the lowest cut ranks first.
    const order = new Map(full.candidates.map((c, i) => [rowKey(c), i]));
    const at = answer.candidates.map((c) => order.get(rowKey(c)));
    expect(at.every((i) => i !== undefined)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a! - b!));
    const worstKept = Math.max(...answer.candidates.map((c) => cutRank(c.reason)));
    const keptKeys = new Set(answer.candidates.map(rowKey));
    for (const c of full.candidates) if (!keptKeys.has(rowKey(c))) expect(cutRank(c.reason)).toBeGreaterThanOrEqual(worstKept);
    // Prose names a bounded number of sets and peers.
    for (const step of answer.trace) expect(step.detail.length).toBeLessThan(2_000);
  });

  it('names at most 10 offline routing peers in its assumption, and counts the rest', () => {
    const peerId = peers[0]!.id;
    const q: SimQuery & { from: { kind: 'peer' } } = { destination, from: { kind: 'peer', peerId }, currentPeerId: null, exitNode: null };
    const cut = simulatePeer(model, q);
    const full = simulatorFor(model).outcome(peerId, destination, { states: new PeerStates(), currentPeerId: null, exitNode: null });
    const textOf = (o: { assumptions: readonly string[]; assumption_ids: readonly string[] }) => o.assumptions[o.assumption_ids.indexOf('offline-assumed-connected')]!;
    const offline = (account.peers as { name: string; connected: boolean }[]).filter((p) => !p.connected).map((p) => p.name);
    const named = (text: string) => offline.filter((n) => new RegExp(`(^|[ ,])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[ ,])`).test(text)).length;
    const all = named(textOf(full));
    expect(all).toBeGreaterThan(10);
    expect(named(textOf(cut))).toBe(10);
    expect(textOf(cut)).toContain(` ${all - 10} `);
  });
});

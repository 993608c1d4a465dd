// An answer asked with `carryingRowsOnly` (what diff and the report read) is the brief answer with
// only the rows that carry or might (cut rank 0): the same disposition, peer and route, and those
// rows in the same order. Over the covering shapes (a member's rows come from shared templates
// there, split.ts) and over random accounts of a few members and nested prefixes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COVERED_ADDRESS, generateCoveringAccount, generateSharedPrefixesAccount, SHARED_ADDRESS } from '../../bench/shapes.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { cutRank, type Outcome } from '../../src/simulate/answer.js';
import { simulatorFor, type Destination } from '../../src/simulate/index.js';
import { PeerStates } from '../../src/simulate/peer-states.js';
import type { Model } from '../../src/model/types.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const ipOf = (text: string): Destination => ({ kind: 'ip', addr: mustParseAddr(text), text });

/** Every listed peer's brief answer, with and without carryingRowsOnly, through the ways diff asks (one by one, shared, split by member). */
function expectCarryingRows(model: Model, dest: Destination, peerIds: readonly string[]): number {
  const brief = { states: new PeerStates(), currentPeerId: null, exitNode: null, explain: false, assumptions: false };
  const carrying = { ...brief, carryingRowsOnly: true };
  const sim = simulatorFor(model);
  const shared = sim.outcomes(dest, carrying, true);
  const split = sim.outcomes(dest, carrying, true, undefined, true);
  let rows = 0;
  for (const peerId of peerIds) {
    const full: Outcome = sim.outcome(peerId, dest, brief);
    const expected = { ...full, candidates: full.candidates.filter((c) => cutRank(c.reason) === 0) };
    rows += expected.candidates.length;
    expect(sim.outcome(peerId, dest, carrying)).toEqual(expected);
    for (const ask of [shared, split]) {
      const o = ask(peerId);
      expect([o.disposition, o.peer, o.route, o.nondeterministic, o.candidates]).toEqual([expected.disposition, expected.peer, expected.route, expected.nondeterministic, expected.candidates]);
    }
  }
  return rows;
}

describe('carrying rows only', () => {
  it.each([
    ['one-prefix', generateCoveringAccount(200, 'one-prefix'), COVERED_ADDRESS],
    ['chain', generateCoveringAccount(200, 'chain'), COVERED_ADDRESS],
    ['shared prefixes', generateSharedPrefixesAccount(200), SHARED_ADDRESS],
  ])('%s: the brief answer less the rows that do not carry', (_, account, address) => {
    const model = modelOf(account as unknown as Bundle);
    const peerIds = (account.peers as { id: string }[]).filter((_, i) => i % 7 === 0).map((p) => p.id);
    expect(expectCarryingRows(model, ipOf(address), peerIds)).toBeGreaterThan(0);
  });

  const PEERS = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
  const routeArb = fc.record({
    network: fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '0.0.0.0/0'),
    network_id: fc.constantFrom('a', 'b', 'c'),
    peer: fc.constantFrom(...PEERS),
    metric: fc.constantFrom(1, 100, 100, 9999),
    enabled: fc.constantFrom(true, true, false),
    groups: fc.subarray(['g-a', 'g-b'], { minLength: 1 }),
  });
  const accountArb = fc.record({ routes: fc.array(routeArb, { minLength: 1, maxLength: 8 }), a: fc.subarray(PEERS), b: fc.subarray(PEERS), ip: fc.constantFrom('10.1.2.3', '10.1.9.9', '10.9.9.9', '8.8.8.8') });

  it('random accounts: the brief answer less the rows that do not carry, for every peer', () => {
    fc.assert(
      fc.property(accountArb, (s) => {
        const bundle: Bundle = {
          routes: s.routes.map((r, i) => route({ id: `r${i}`, ...r })),
          groups: [group('g-all', 'All', PEERS), group('g-a', 'a', s.a), group('g-b', 'b', s.b)],
          peers: PEERS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` })),
          policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
        };
        expectCarryingRows(modelOf(bundle), ipOf(s.ip), PEERS);
      }),
      { numRuns: 300 },
    );
  });
});

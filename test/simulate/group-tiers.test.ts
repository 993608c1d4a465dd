// A member of a class deciding at a shared tier of many sets (decision.ts `carriedTier`: the
// class's entries with that tier's sets as they carry the destination, made once per tier and
// conflict) merges in its own sets and drops those it holds its own way; the tier's peers are its
// shared peers less those only dropped sets name, plus its own sets' (select.ts `mergedPeers`).
// On chains whose top ranks hold many sets of identical prefixes, half of them distributed to the
// group of every member beside their own groups, with peers down or idle so tiers fall through,
// every member's answer must be exactly the one computed for it alone, without any sharing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { COVERED_ADDRESS, generateCoveringAccount } from '../../bench/shapes.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import type { GroupAnswer, Outcome } from '../../src/simulate/answer.js';
import { memberAnswers, PeerStates, simulateGroup, type SimQuery } from '../../src/simulate/index.js';
import type { Bundle } from '../support/api.js';
import { modelOf, stateOf } from '../support/simulate.js';

function byMember(a: GroupAnswer): Map<string, Outcome> {
  return new Map(a.outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
}

/** Prefixes of the three longest ranks covering 10.0.0.1. */
const TOP = ['10.0.0.0/30', '10.0.0.0/31', '10.0.0.1/32'];

/** A chain of `routes` routes on the three top ranks, a route in `toAll` also distributed to the group of every peer. */
function topHeavy(routes: number, seed: number, toAll: number): Bundle {
  const account = generateCoveringAccount(routes, 'chain', seed);
  const everyone = (account.groups as { id: string; name: string }[]).find((g) => g.name === 'All')!.id;
  const rand = rng(seed * 31);
  const shaped = (account.routes as { groups: string[] }[]).map((r, i) => ({
    ...r,
    network: TOP[i % TOP.length],
    groups: rand() < toAll && !r.groups.includes(everyone) ? [...r.groups, everyone] : r.groups,
  }));
  return { ...account, routes: shaped } as unknown as Bundle;
}

describe('group answers deciding at a shared tier', () => {
  it('are the answers computed member by member without sharing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(0.2, 0.5, 0.8),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('', 'idle', 'down', 'connecting'),
        fc.integer({ min: 2, max: 5 }),
        (routes, seed, toAll, limit, state, every) => {
          const account = topHeavy(routes, seed, toAll);
          const model = modelOf(account);
          const group = [...model.groups!.values()].find((g) => g.name === 'All')!;
          // A state for some peers (one in `every`), so some sets have no peer and tiers fall through.
          const peers = [...model.peers!.keys()].filter((_, i) => i % every === 0);
          const states = state === '' ? new PeerStates() : new PeerStates(new Map(peers.map((id) => [id, stateOf(state)])));
          const query: SimQuery & { from: { kind: 'group' } } = { destination: { kind: 'ip', addr: mustParseAddr(COVERED_ADDRESS), text: COVERED_ADDRESS }, from: { kind: 'group', groupId: group.id }, currentPeerId: null, exitNode: null };
          const shared = simulateGroup(model, query, states, { candidateLimit: limit });
          const alone = simulateGroup(modelOf(account), query, states, { exhaustive: true, candidateLimit: limit });
          expect(byMember(shared)).toEqual(byMember(alone));
        },
      ),
      { numRuns: 50 },
    );
  }, 300_000);
});

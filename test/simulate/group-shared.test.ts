// Members of a group whose largest distribution group brings many covering sets receive those
// sets alike (simulate/split.ts `sharedFor`): they are decided once per class, and each member
// merges in only the sets it serves or receives through its other groups (decision.ts
// `decideShared`); a set every member serves is delivered from one template with the member's
// rows patched (`PatchedRows`). On covering accounts of both shapes (bench/shapes.ts: every route
// covers the address, one prefix or a chain of nested ones; a route served by every peer; offline
// and routing peers of peer groups), of random sizes and seeds, with random cuts and peer states,
// every member's answer must be exactly the one computed for it alone, without any sharing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COVERED_ADDRESS, generateCoveringAccount, type CoveringShape } from '../../bench/shapes.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import type { GroupAnswer, Outcome } from '../../src/simulate/answer.js';
import { memberAnswers, PeerStates, simulateGroup, type SimQuery } from '../../src/simulate/index.js';
import type { Bundle } from '../support/api.js';
import { modelOf, stateOf } from '../support/simulate.js';

function byMember(a: GroupAnswer): Map<string, Outcome> {
  return new Map(a.outcomes.flatMap((o) => memberAnswers(o)).map((m) => [m.source.id, m.outcome]));
}

describe('group answers over covering sets shared by a class', () => {
  it('are the answers computed member by member without sharing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CoveringShape>('one-prefix', 'chain'),
        fc.integer({ min: 12, max: 70 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(COVERED_ADDRESS, '10.0.0.200', '10.0.3.4'),
        fc.constantFrom('', 'idle', 'connecting', 'connected,relayed'),
        fc.constantFrom('All', 'grp-0', 'grp-1'),
        (shape, routes, seed, limit, ip, state, groupName) => {
          const account = generateCoveringAccount(routes, shape, seed);
          const model = modelOf(account as unknown as Bundle);
          const group = [...model.groups!.values()].find((g) => g.name === groupName)!;
          // A state for some routing peers (the first of each ten), so answers differ by the peers scored.
          const peers = [...model.peers!.keys()].filter((_, i) => i % 10 === 0);
          const states = state === '' ? new PeerStates() : new PeerStates(new Map(peers.map((id) => [id, stateOf(state)])));
          const query: SimQuery & { from: { kind: 'group' } } = { destination: { kind: 'ip', addr: mustParseAddr(ip), text: ip }, from: { kind: 'group', groupId: group.id }, currentPeerId: null, exitNode: null };
          const shared = simulateGroup(model, query, states, { candidateLimit: limit });
          const alone = simulateGroup(modelOf(account as unknown as Bundle), query, states, { exhaustive: true, candidateLimit: limit });
          expect(byMember(shared)).toEqual(byMember(alone));
          expect(shared.outcomes.reduce((n, o) => n + o.sources.length, 0)).toBe(model.membersOf(group.id).size);
        },
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});

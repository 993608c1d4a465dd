// A set outcome's state summary (simulate/state-summary.ts) read off the set's marked routes (those
// whose peer's state is of some kind) must be the summary made route by route, for any part of
// the set's routes, any peer states (none given, flags, a status report with unknown connection
// types and missing peers) and peers offline in the export, with peers that serve several routes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SetOutcome } from '../../src/simulate/decision.js';
import { buildSimSets, type SimRoute } from '../../src/simulate/distribution.js';
import { PeerStates, type ResolvedState } from '../../src/simulate/peer-states.js';
import { markedSummary, plainSummary, stateSummary, type StateSummary } from '../../src/simulate/state-summary.js';
import type { PeerState } from '../../src/simulate/score.js';
import { group, peer, route } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const PEERS = Array.from({ length: 24 }, (_, i) => `p-${i}`);
const GROUPS = ['g-a', 'g-b', 'g-c'];

const STATES: Record<string, PeerState> = {
  connected: { status: 'Connected', relayed: false, latencyNs: 0 },
  relayed: { status: 'Connected', relayed: true, latencyNs: 0 },
  'idle-unknown': { status: 'Idle', relayed: false, latencyNs: 0, connectionUnknown: true },
  'connected-unknown': { status: 'Connected', relayed: false, latencyNs: 0, connectionUnknown: true },
  'connecting-unknown': { status: 'Connecting', relayed: false, latencyNs: 0, connectionUnknown: true },
};
const stateArb = fc.constantFrom(...Object.keys(STATES));

const accountArb = fc.record({
  offline: fc.array(fc.boolean(), { minLength: PEERS.length, maxLength: PEERS.length }),
  members: fc.array(fc.subarray(PEERS, { minLength: 1 }), { minLength: GROUPS.length, maxLength: GROUPS.length }),
  // Routes of two HA sets, served by a group or a peer: a peer serves several routes of a set.
  routes: fc.array(fc.record({ set: fc.constantFrom('ha-1', 'ha-2'), by: fc.oneof(fc.constantFrom(...GROUPS).map((g) => ({ peer_groups: [g] })), fc.constantFrom(...PEERS).map((p) => ({ peer: p }))) }), { minLength: 1, maxLength: 8 }),
  flags: fc.dictionary(fc.constantFrom(...PEERS), stateArb, { maxKeys: 6 }),
  report: fc.option(fc.dictionary(fc.constantFrom(...PEERS), stateArb, { maxKeys: 20 })),
  // Which of a set's routes the summed-up states hold, by position.
  held: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
});

const sorted = (s: StateSummary): Record<string, string[]> => ({ assumed: [...s.assumed].sort(), guessed: [...s.guessed].sort(), offline: [...s.offline].sort() });

describe('state summaries', () => {
  it('read off marked routes are those made route by route', () => {
    let marked = 0;
    fc.assert(
      fc.property(accountArb, (a) => {
        const model = modelOf({
          routes: a.routes.map((r, i) => route({ id: `r-${i}`, network: r.set === 'ha-1' ? '0.0.0.0/0' : '10.0.0.0/8', network_id: r.set, ...r.by })),
          groups: [group('g-all', 'All', PEERS), ...GROUPS.map((g, i) => group(g, g, a.members[i]!))],
          peers: PEERS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, connected: !a.offline[i] })),
        });
        const flags = new Map(Object.entries(a.flags).map(([id, s]) => [id, STATES[s]!] as const));
        const report = a.report === null ? null : { file: 'status.json', byPeer: new Map(Object.entries(a.report).map(([id, s]) => [id, STATES[s]!] as const)), unmatched: 0, localPeerId: null };
        const peerStates = new PeerStates(flags, report);
        for (const set of buildSimSets(model)) {
          const states = new Map<SimRoute, ResolvedState>();
          set.routes.forEach((r, i) => {
            if (r.peerId !== null && a.held[i % a.held.length]) states.set(r, peerStates.lookup(r.peerId));
          });
          const plain = sorted(plainSummary(peerStates, states));
          expect(sorted(markedSummary(peerStates, set, states))).toEqual(plain);
          expect(sorted(stateSummary(peerStates, { delivery: { set }, states } as unknown as SetOutcome))).toEqual(plain);
          if (states.size > 16) marked++;
        }
      }),
      { numRuns: 300 },
    );
    // Not vacuous: sets large enough to be read off their marked routes in `stateSummary`.
    expect(marked).toBeGreaterThan(30);
  });
});

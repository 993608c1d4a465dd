// A set outcome's state summary (simulate/state-summary.ts) read off the set's marked routes (those
// whose peer's state is of some kind) must be the summary made route by route, for any part of
// the set's routes, any peer states (none given, flags, a status report with unknown connection
// types and missing peers) and peers offline in the export, with peers that serve several routes.
// The peers an answer names (`StateNames`, by number) must be those of the plain union of its sets'
// summaries, sorted by name, for answers with and without shared sets asked one after another.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SetOutcome } from '../../src/simulate/decision.js';
import { buildSimSets, type SimRoute } from '../../src/simulate/distribution.js';
import { PeerStates, type ResolvedState } from '../../src/simulate/peer-states.js';
import { markedSummary, plainSummary, STATE_KINDS, stateNamesOf, stateSummary, type StateSummary } from '../../src/simulate/state-summary.js';
import { FACT_STATES, type SharedDecision, type SharedPart } from '../../src/simulate/decision.js';
import { compareStrings } from '../../src/order.js';
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

// Answers over a pool of set outcomes: own ones, and shared ones (some excluded) or none shared.
const answersArb = fc.array(
  fc.record({
    own: fc.array(fc.nat(), { maxLength: 6 }),
    shared: fc.option(fc.record({ sets: fc.array(fc.nat(), { maxLength: 8 }), excluded: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) })),
    limit: fc.constantFrom(1, 2, 3, Infinity),
  }),
  { minLength: 1, maxLength: 6 },
);

describe('state names', () => {
  it('of an answer are those of the plain union of its sets\' summaries', () => {
    let cut = 0;
    let goneShared = 0;
    fc.assert(
      fc.property(accountArb, fc.array(fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), { minLength: 1, maxLength: 4 }), answersArb, (a, helds, answers) => {
        const model = modelOf({
          routes: a.routes.map((r, i) => route({ id: `r-${i}`, network: r.set === 'ha-1' ? '0.0.0.0/0' : '10.0.0.0/8', network_id: r.set, ...r.by })),
          groups: [group('g-all', 'All', PEERS), ...GROUPS.map((g, i) => group(g, g, a.members[i]!))],
          // Names in another order than ids, two peers sharing one.
          peers: PEERS.map((id, i) => peer({ id, name: `n-${(i * 7) % 23}`, ip: `100.64.0.${i + 1}`, connected: !a.offline[i] })),
        });
        const flags = new Map(Object.entries(a.flags).map(([id, s]) => [id, STATES[s]!] as const));
        const report = a.report === null ? null : { file: 'status.json', byPeer: new Map(Object.entries(a.report).map(([id, s]) => [id, STATES[s]!] as const)), unmatched: 0, localPeerId: null };
        const peerStates = new PeerStates(flags, report);
        const pool: SetOutcome[] = [];
        for (const set of buildSimSets(model)) {
          for (const held of helds) {
            const states = new Map<SimRoute, ResolvedState>();
            set.routes.forEach((r, i) => {
              if (r.peerId !== null && held[i % held.length]) states.set(r, peerStates.lookup(r.peerId));
            });
            pool.push({ delivery: { set }, states } as unknown as SetOutcome);
          }
        }
        const names = stateNamesOf(model, peerStates);
        const decided = new Map<string, SharedDecision>();
        for (const answer of answers) {
          const own = answer.own.map((i) => pool[i % pool.length]!);
          let shared: { decided: SharedDecision; part: SharedPart } | undefined;
          const counted = [...own];
          if (answer.shared) {
            // One decision per list of sets, as split.ts shares one between the answers of a class.
            const outcomes = answer.shared.sets.map((i) => pool[i % pool.length]!);
            const key = answer.shared.sets.map((i) => i % pool.length).join(',');
            let d = decided.get(key);
            if (!d) decided.set(key, (d = { outcomes, facts: Uint8Array.from(outcomes, (e) => (e.states.size > 0 ? 1 << FACT_STATES : 0)) } as unknown as SharedDecision));
            const excluded = outcomes.map((_, i) => i).filter((i) => answer.shared!.excluded[i]);
            shared = { decided: d, part: { excluded } as unknown as SharedPart };
            counted.push(...outcomes.filter((_, i) => !answer.shared!.excluded[i]));
          }
          names.begin();
          for (const e of own) if (e.states.size > 0) names.add(stateSummary(peerStates, e));
          STATE_KINDS.forEach((kind, k) => {
            const ids = new Set(counted.filter((e) => e.states.size > 0).flatMap((e) => stateSummary(peerStates, e)[kind]));
            const all = [...ids].map((id) => model.peerName(id)).sort(compareStrings);
            const got = names.namesOf(k, shared, answer.limit);
            expect(got).toEqual({ names: all.slice(0, answer.limit), count: all.length });
            if (all.length > answer.limit) cut++;
            if (shared && shared.part.excluded.length > 0 && got.count > 0) goneShared++;
          });
        }
      }),
      { numRuns: 300 },
    );
    // Not vacuous: lists cut, and answers with excluded shared sets.
    expect(cut).toBeGreaterThan(30);
    expect(goneShared).toBeGreaterThan(30);
  });
});

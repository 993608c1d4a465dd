// A group question's answer, member by member, is the answer `simulate --from PEER` gives each
// member alone. Random small covering accounts (bench/shapes.ts in miniature): every route covers
// the address asked about, on one prefix under its own network_id or on a chain of nested
// prefixes, or in a few HA sets; members in several distribution groups of different sizes (so
// members of one class hold the sets of their groups, decided once per class, through different
// groups), routing peers among the members (alone, or through a peer group that also
// distributes), flags, offline peers and peer states. With a small cut (the group's and the peer
// answers' alike) most answers are split member by member (split.ts).
import fc from 'fast-check';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mustParseAddr } from '../../src/net/prefix.js';
import type { Outcome, PeerAnswer } from '../../src/simulate/answer.js';
import { memberAnswers, PeerStates, simulateGroup, simulateGroupText, simulatePeer, type SimQuery } from '../../src/simulate/index.js';
import { assumption } from '../../src/simulate/assumptions.js';
import { formatAnswerJson } from '../../src/format/simulate-json.js';
import { DEFLATED } from '../../src/commands/simulate.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { modelOf, stateOf } from '../support/simulate.js';

/** Answers' text kept deflated, as the CLI keeps it (short texts as they are). */
const DEFLATED_ALL = { pack: (t: string) => deflateRawSync(t, { level: 1 }).toString('latin1'), unpack: (p: string) => inflateRawSync(Buffer.from(p, 'latin1')).toString('utf8') };

const PEERS = Array.from({ length: 14 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
const GROUPS = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e'];
const ADDRESS = '10.0.0.1';
const CHAIN = ['10.0.0.0/8', '10.0.0.0/12', '10.0.0.0/16', '10.0.0.0/24', '10.0.0.0/30', '10.0.0.1/32'];
const OSES = ['Ubuntu 22.04', 'Windows 11', 'Android 14', 'Darwin 15.1'];

const peerArb = fc.record({
  groups: fc.subarray(GROUPS),
  loginExpired: fc.constantFrom(false, false, false, false, false, true),
  noClientRoutes: fc.constantFrom(false, false, false, false, false, true),
  connected: fc.constantFrom(true, true, true, false),
  os: fc.constantFrom(...OSES),
});

const routeArb = fc.record({
  chainAt: fc.integer({ min: 0, max: CHAIN.length - 1 }),
  // Most routes under their own network_id (the covering shapes), a few in shared HA sets.
  ha: fc.constantFrom(null, null, null, null, 'ha-1', 'ha-2'),
  routing: fc.oneof(fc.constantFrom(...PEERS.slice(0, 6)).map((p) => ({ peer: p })), fc.constantFrom(...GROUPS, 'g-all').map((g) => ({ peer_groups: [g] }))),
  metric: fc.constantFrom(1, 100, 9999),
  enabled: fc.constantFrom(true, true, true, true, true, false),
  groups: fc.subarray([...GROUPS, 'g-all', 'g-all'], { minLength: 1, maxLength: 2 }),
});

const accountArb = fc.record({
  shape: fc.constantFrom('one-prefix', 'chain', 'mixed'),
  peers: fc.array(peerArb, { minLength: PEERS.length, maxLength: PEERS.length }),
  routes: fc.array(routeArb, { minLength: 4, maxLength: 24 }),
  policyGroups: fc.constantFrom(['g-all'], ['g-all'], ['g-a', 'g-b'], ['g-c']),
});

type Account = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function bundleOf(a: Account): Bundle {
  const members = (g: string) => PEERS.filter((_, i) => a.peers[i]!.groups.includes(g));
  const network = (r: Account['routes'][number]): string => (a.shape === 'one-prefix' ? '10.0.0.0/16' : a.shape === 'chain' ? CHAIN[r.chainAt]! : CHAIN[r.chainAt % 2 === 0 ? 2 : r.chainAt]!);
  return {
    routes: a.routes.map((r, i) => route({ id: `r${String(i).padStart(2, '0')}`, network: network(r), network_id: r.ha ?? `net-${i}`, ...r.routing, metric: r.metric, enabled: r.enabled, groups: r.groups })),
    groups: [...GROUPS.map((g) => group(g, g, members(g))), group('g-all', 'All', PEERS)],
    peers: PEERS.map((id, i) => {
      const p = a.peers[i]!;
      return peer({ id, ip: `100.64.1.${i + 1}`, login_expired: p.loginExpired, disable_client_routes: p.noClientRoutes, connected: p.connected, os: p.os });
    }),
    policies: [policy({ id: 'pol', sources: a.policyGroups, destinations: ['g-all'] })],
  };
}

const questionArb = fc.record({
  group: fc.constantFrom('g-all', 'g-all', ...GROUPS),
  current: fc.option(fc.constantFrom(...PEERS.slice(0, 6)), { nil: null }),
  // The group's cut, and the peer answers': small, so most answers are split member by member.
  limit: fc.integer({ min: 1, max: 16 }),
  states: fc.dictionary(fc.constantFrom(...PEERS.slice(0, 6)), fc.constantFrom('connected', 'idle', 'connecting', 'connected,relayed', 'connected,latency=12'), { maxKeys: 3 }),
  // A note of the question itself (an unknown --current), added to every answer.
  noted: fc.boolean(),
});

/** A peer answer's outcome: its fields but the query. */
function outcomeOf(a: PeerAnswer): Outcome {
  const { query: _query, ...outcome } = a;
  return outcome;
}

describe('a group answer over covering sets, member by member', () => {
  it('is the answer `--from PEER` gives each member', () => {
    let split = 0;
    fc.assert(
      fc.property(accountArb, questionArb, (account, q) => {
        const bundle = bundleOf(account);
        const states = new PeerStates(new Map(Object.entries(q.states).map(([id, spec]) => [id, stateOf(spec)])));
        const base = { destination: { kind: 'ip' as const, addr: mustParseAddr(ADDRESS), text: ADDRESS }, currentPeerId: q.current, exitNode: null };
        const answer = simulateGroup(modelOf(bundle), { ...base, from: { kind: 'group', groupId: q.group } }, states, { candidateLimit: q.limit });
        const members = answer.outcomes.flatMap((o) => memberAnswers(o));
        expect(members.map((m) => m.source.id).sort()).toEqual(PEERS.filter((_, i) => q.group === 'g-all' || account.peers[i]!.groups.includes(q.group)));
        if (answer.outcomes.some((o) => o.candidates_total !== undefined)) split++;
        // The answer kept as text as it is decided (what -f json writes) is the object answer's JSON, byte for byte, notes and all.
        const notes = q.noted ? [assumption('current-unknown', 'gone')] : [];
        const group = { ...base, notes, from: { kind: 'group' as const, groupId: q.group } };
        expect(formatAnswerJson(simulateGroupText(modelOf(bundle), group, states, { candidateLimit: q.limit }, q.noted ? (q.limit % 2 === 0 ? DEFLATED : DEFLATED_ALL) : undefined))).toBe(formatAnswerJson(simulateGroup(modelOf(bundle), group, states, { candidateLimit: q.limit })));
        const model = modelOf(bundle);
        for (const m of members) {
          const alone = simulatePeer(model, { ...base, from: { kind: 'peer', peerId: m.source.id } } as SimQuery & { from: { kind: 'peer' } }, states, q.limit);
          expect(m.outcome).toEqual(outcomeOf(alone));
        }
      }),
      { numRuns: 300 },
    );
    // The property means something only if many answers were cut (split member by member).
    expect(split).toBeGreaterThan(150);
  }, 300_000);
});

describe("the CLI's packing of group texts", () => {
  it('gives each text back, and unequal texts unequal packs, short or long', () => {
    const textArb = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 8192, maxLength: 9000 }), fc.string({ maxLength: 20 }).map((t) => t.repeat(600)));
    fc.assert(
      fc.property(textArb, textArb, (a, b) => {
        expect(DEFLATED.unpack(DEFLATED.pack(a))).toBe(a);
        expect(DEFLATED.pack(a) === DEFLATED.pack(b)).toBe(a === b);
      }),
      { numRuns: 200 },
    );
  });
});

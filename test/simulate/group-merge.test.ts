// Group answers stay linear in members: routing peers that serve the destination's sets alike are
// one outcome with their own routes (simulate/serving.ts), and `simulate --from-group` lists at
// most GROUP_CANDIDATE_LIMIT candidates per outcome with the total (answer.ts cutCandidates).
import { describe, expect, it } from 'vitest';
import { cutCandidates, type Candidate, type CandidateReason, type GroupOutcome } from '../../src/simulate/answer.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import { memberAnswers, simulateGroup, simulatePeer, type SimQuery } from '../../src/simulate/index.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const row = (i: number, reason: CandidateReason): Candidate => ({ route: { id: `r${i}`, network_id: 'n', network: '10.0.0.0/8' }, peer: { id: `p${i}`, name: `p${i}` }, eligible: false, score: null, reason, detail: '' });
const outcomeWith = (reasons: CandidateReason[]): GroupOutcome => ({ sources: [], disposition: 'ROUTED', peer: null, route: null, nondeterministic: false, drop_reason: null, access: null, candidates: reasons.map((r, i) => row(i, r)), trace: [], assumptions: [], assumption_ids: [] });

describe('cutCandidates', () => {
  const many = (n: number, reason: CandidateReason): CandidateReason[] => Array.from({ length: n }, () => reason);
  it.each<{ reasons: CandidateReason[]; limit: number; kept: number[]; total: number | undefined }>([
    // [reasons, limit, kept row indexes, candidates_total]
    { reasons: many(3, 'not-in-distribution-groups'), limit: 5, kept: [0, 1, 2], total: undefined },
    { reasons: many(5, 'not-in-distribution-groups'), limit: 5, kept: [0, 1, 2, 3, 4], total: undefined },
    { reasons: many(6, 'not-in-distribution-groups'), limit: 5, kept: [0, 1, 2, 3, 4], total: 6 },
    // Rows that carry the traffic (or might) first, then rows the source holds, then the rest; each kept in its place.
    { reasons: [...many(4, 'own-ha-set'), 'local', 'route-disabled'], limit: 2, kept: [0, 4], total: 6 },
    { reasons: ['no-policy', 'lower-score', 'no-policy', 'tied', 'tied', 'shadowed'], limit: 3, kept: [1, 3, 4], total: 6 },
    { reasons: ['lower-score', 'selected', 'not-in-distribution-groups', 'within-stickiness-margin'], limit: 2, kept: [0, 1], total: 4 },
    { reasons: [...many(3, 'conflict'), 'selected'], limit: 1, kept: [0], total: 4 },
  ])('$reasons.length rows to $limit', ({ reasons, limit, kept, total }) => {
    const cut = cutCandidates(outcomeWith(reasons), limit);
    expect(cut.candidates.map((c) => Number(c.route.id.slice(1)))).toEqual(kept);
    expect(cut.candidates_total).toBe(total);
    // The count comes right after the candidates.
    if (total !== undefined) expect(Object.keys(cut).indexOf('candidates_total')).toBe(Object.keys(cut).indexOf('candidates') + 1);
  });
});

/** Clients and gateways in one group; each gateway serves the exit set (and `twoRoutes` serves two of its routes). */
function exitAccount(options: { gateways: string[]; twoRoutes?: string; noClientRoutes?: string; disabled?: string }): Bundle {
  const clients = ['p-c1', 'p-c2'];
  const all = [...clients, ...options.gateways];
  const routes = options.gateways.flatMap((g, i) => [
    route({ id: `r-${g}`, network: '0.0.0.0/0', network_id: 'exit', peer: g, metric: 10 + i, groups: ['g-all'], enabled: g !== options.disabled }),
    ...(g === options.twoRoutes ? [route({ id: `r-${g}-b`, network: '0.0.0.0/0', network_id: 'exit', peer: g, groups: ['g-all'] })] : []),
  ]);
  return {
    routes,
    groups: [group('g-all', 'All', all)],
    peers: all.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, disable_client_routes: id === options.noClientRoutes })),
    policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
  };
}

/** A gateway's own rows: its exit route and the route's ::/0 twin. */
const own = (g: string): string[] => [`r-${g}`, `r-${g}-v6-default`];

const question = (ip: string): SimQuery & { from: { kind: 'group' } } => ({ destination: { kind: 'ip', addr: mustParseAddr(ip), text: ip }, from: { kind: 'group', groupId: 'g-all' }, currentPeerId: null, exitNode: null });

describe('serving members merged by their own routes', () => {
  it.each([
    // [account, dispositions and sources of the outcomes with own_routes (each member's own route ids)]
    { name: 'three gateways alike: one LOCAL outcome', account: { gateways: ['p-g1', 'p-g2', 'p-g3'] }, merged: [['LOCAL', [own('p-g1'), own('p-g2'), own('p-g3')]]] },
    { name: 'one serves two routes of the set: apart', account: { gateways: ['p-g1', 'p-g2', 'p-g3'], twoRoutes: 'p-g2' }, merged: [['LOCAL', [own('p-g1'), own('p-g3')]]] },
    { name: 'one takes no client routes (a trait): apart', account: { gateways: ['p-g1', 'p-g2', 'p-g3'], noClientRoutes: 'p-g3' }, merged: [['LOCAL', [own('p-g1'), own('p-g2')]]] },
    { name: 'one serves a disabled route: apart', account: { gateways: ['p-g1', 'p-g2', 'p-g3'], disabled: 'p-g1' }, merged: [['LOCAL', [own('p-g2'), own('p-g3')]]] },
    { name: 'a single gateway: nothing merged', account: { gateways: ['p-g1'] }, merged: [] },
  ])('$name', ({ account, merged }) => {
    const model = modelOf(exitAccount(account));
    const answer = simulateGroup(model, question('8.8.8.8'));
    const withOwn = answer.outcomes.filter((o) => o.own_routes);
    expect(withOwn.map((o) => [o.disposition, o.own_routes!.map((m) => m.routes.map((r) => r.id))])).toEqual(merged);
    for (const o of withOwn) {
      expect([o.peer, o.route]).toEqual([null, null]);
      expect(o.own_routes!.map((m) => m.source)).toEqual(o.sources);
    }
    // Counts add up, and each member's answer is the one it gets asked alone.
    const members = answer.outcomes.flatMap((o) => memberAnswers(o));
    expect(members.map((m) => m.source.id).sort()).toEqual([...model.membersOf('g-all')].sort());
    for (const m of members) expect(m.outcome).toEqual(stripQuery(simulatePeer(model, { ...question('8.8.8.8'), from: { kind: 'peer', peerId: m.source.id } })));
  });
});

function stripQuery<T extends { query: unknown }>(a: T): Omit<T, 'query'> {
  const { query: _query, ...rest } = a;
  return rest;
}

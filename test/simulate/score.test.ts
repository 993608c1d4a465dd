// NetBird's client selection inside one HA set (docs/netbird-behaviour.md §4), case by case, on small API-shaped
// accounts: metrics, Connected / Idle / Connecting, relayed, latency (0 and over 1 s), the 0.01
// stickiness margin on both sides, and exact ties.
import { describe, expect, it } from 'vitest';
import { clientScore, chooseInHaSet } from '../../src/simulate/score.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { ask, possiblePeers, reasons, stateOf, steps, type StateSpec } from '../support/simulate.js';

/** One HA set `lan` 10.0.0.0/24 served by the given gateways, delivered to p-src. */
function haBundle(gateways: { id: string; metric: number }[]): Bundle {
  const ids = gateways.map((g) => g.id);
  return {
    routes: gateways.map((g) => route({ id: `r-${g.id}`, network: '10.0.0.0/24', network_id: 'lan', peer: g.id, metric: g.metric, groups: ['g-clients'] })),
    groups: [group('g-all', 'All', ['p-src', ...ids]), group('g-clients', 'clients', ['p-src']), group('g-gw', 'gateways', ids)],
    peers: [peer({ id: 'p-src', ip: '100.64.0.10' }), ...ids.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` }))],
    policies: [policy({ id: 'pol', sources: ['g-clients'], destinations: ['g-gw'] })],
  };
}

interface Case {
  name: string;
  gateways: { id: string; metric: number }[];
  states?: Record<string, StateSpec>;
  current?: string;
  /** The routing peers that may carry 10.0.0.7: one (deterministic), several (tie), none. */
  expect: string[];
  nondeterministic?: boolean;
}

const two = (a: number, b: number) => [
  { id: 'p-a', metric: a },
  { id: 'p-b', metric: b },
];

const cases: Case[] = [
  { name: 'the lower metric wins', gateways: two(100, 200), expect: ['p-a'] },
  { name: 'metric 9998 beats 9999 (which adds nothing)', gateways: two(9999, 9998), expect: ['p-b'] },
  { name: 'metrics at or over 9999 score alike: a tie', gateways: two(9999, 10000), expect: ['p-a', 'p-b'], nondeterministic: true },
  { name: 'a connected peer beats an idle one whatever the metric', gateways: two(1, 9999), states: { 'p-a': 'idle', 'p-b': 'connected' }, expect: ['p-b'] },
  { name: 'an idle peer stays a candidate', gateways: two(100, 100), states: { 'p-a': 'idle', 'p-b': 'connecting' }, expect: ['p-a'] },
  { name: 'a connecting peer is skipped even with the better metric', gateways: two(1, 500), states: { 'p-a': 'connecting', 'p-b': 'idle,relayed' }, expect: ['p-b'] },
  { name: 'no usable peer: the prefix gets none', gateways: two(100, 200), states: { 'p-a': 'connecting', 'p-b': 'down' }, expect: [] },
  { name: 'at equal metric a direct peer beats a relayed one', gateways: two(100, 100), states: { 'p-a': 'connected,relayed,latency=1', 'p-b': 'connected,latency=900' }, expect: ['p-b'] },
  { name: 'one metric step beats relay and latency', gateways: two(100, 101), states: { 'p-a': 'connected,relayed,latency=990', 'p-b': 'connected,latency=1' }, expect: ['p-a'] },
  { name: 'latency decides last', gateways: two(100, 100), states: { 'p-a': 'connected,latency=20', 'p-b': 'connected,latency=10' }, expect: ['p-b'] },
  { name: 'latency 0 counts as 999 ms: 998 ms wins', gateways: two(100, 100), states: { 'p-a': 'connected,latency=0', 'p-b': 'connected,latency=998' }, expect: ['p-b'] },
  { name: 'latency 0 ties with 999 ms', gateways: two(100, 100), states: { 'p-a': 'connected,latency=0', 'p-b': 'connected,latency=999' }, expect: ['p-a', 'p-b'], nondeterministic: true },
  { name: 'latency over 1 s counts as 999 ms: ties with 999 ms', gateways: two(100, 100), states: { 'p-a': 'connected,latency=1500', 'p-b': 'connected,latency=999' }, expect: ['p-a', 'p-b'], nondeterministic: true },
  { name: 'exactly 1 s is not over 1 s: it loses to 999 ms', gateways: two(100, 100), states: { 'p-a': 'connected,latency=1000', 'p-b': 'connected,latency=999' }, expect: ['p-b'] },
  { name: 'over 1 s beats exactly 1 s', gateways: two(100, 100), states: { 'p-a': 'connected,latency=1000', 'p-b': 'connected,latency=5000' }, expect: ['p-b'] },
  { name: 'stickiness: a better score by less than 0.01 keeps the current peer', gateways: two(100, 100), states: { 'p-a': 'connected,latency=20', 'p-b': 'connected,latency=11' }, current: 'p-a', expect: ['p-a'] },
  { name: 'stickiness: a better score by more than 0.01 replaces the current peer', gateways: two(100, 100), states: { 'p-a': 'connected,latency=22', 'p-b': 'connected,latency=11' }, current: 'p-a', expect: ['p-b'] },
  { name: 'stickiness does not save a current peer that is connecting', gateways: two(100, 100), states: { 'p-a': 'connecting', 'p-b': 'connected,latency=500' }, current: 'p-a', expect: ['p-b'] },
  { name: 'a current peer that already has the best score stays', gateways: two(100, 200), current: 'p-a', expect: ['p-a'] },
  { name: 'exact tie without a current peer: nondeterministic', gateways: two(100, 100), expect: ['p-a', 'p-b'], nondeterministic: true },
  { name: 'exact tie with the current peer among the tied: the current stays', gateways: two(100, 100), current: 'p-b', expect: ['p-b'] },
  {
    name: 'exact tie of two with a third current peer close enough: the current stays',
    gateways: [...two(100, 100), { id: 'p-c', metric: 100 }],
    states: { 'p-a': 'connected,latency=10', 'p-b': 'connected,latency=10', 'p-c': 'connected,latency=15' },
    current: 'p-c',
    expect: ['p-c'],
  },
  {
    name: 'exact tie of two with a worse current peer: still nondeterministic',
    gateways: [...two(100, 100), { id: 'p-c', metric: 200 }],
    current: 'p-c',
    expect: ['p-a', 'p-b'],
    nondeterministic: true,
  },
  { name: 'three-way tie names all three', gateways: [...two(50, 50), { id: 'p-c', metric: 50 }], expect: ['p-a', 'p-b', 'p-c'], nondeterministic: true },
];

describe('selection inside one HA set', () => {
  for (const c of cases) {
    it(c.name, () => {
      const a = ask(haBundle(c.gateways), 'p-src', { ip: '10.0.0.7', states: c.states, current: c.current });
      expect(a.disposition).toBe(c.expect.length > 0 ? 'ROUTED' : 'NO_ROUTING_PEER');
      expect(a.nondeterministic).toBe(c.nondeterministic ?? false);
      expect(possiblePeers(a)).toEqual([...c.expect].sort());
      if (c.nondeterministic) {
        expect(a.peer).toBeNull();
        expect(steps(a)).toContain('tie');
      } else if (c.expect.length === 1) {
        expect(a.peer?.id).toBe(c.expect[0]);
        expect(a.route?.id).toBe(`r-${c.expect[0]}`);
      }
    });
  }

  it('names the candidates: tied, lower score, connecting', () => {
    const a = ask(haBundle([...two(100, 100), { id: 'p-c', metric: 300 }, { id: 'p-d', metric: 1 }]), 'p-src', { ip: '10.0.0.7', states: { 'p-d': 'connecting' } });
    expect(reasons(a)).toEqual(['p-a@r-p-a:tied', 'p-b@r-p-b:tied', 'p-c@r-p-c:lower-score', 'p-d@r-p-d:connecting']);
    expect(a.candidates.map((c) => c.eligible)).toEqual([true, true, true, false]);
    expect(a.candidates[3]!.score).toBeNull();
  });

  it('marks a better candidate held off by the stickiness margin', () => {
    const a = ask(haBundle(two(100, 100)), 'p-src', { ip: '10.0.0.7', states: { 'p-a': 'connected,latency=20', 'p-b': 'connected,latency=15' }, current: 'p-a' });
    expect(reasons(a)).toEqual(['p-a@r-p-a:selected', 'p-b@r-p-b:within-stickiness-margin']);
    expect(steps(a)).toContain('stickiness');
  });

  it('scores a status report: latency in nanoseconds, connection type, unknown peers skipped', () => {
    const status = {
      peers: {
        total: 2,
        connected: 2,
        details: [
          { fqdn: 'a.netbird.cloud', netbirdIp: '100.64.0.1', status: 'Connected', connectionType: 'Relayed', latency: 5_000_000 },
          { fqdn: 'b.netbird.cloud', netbirdIp: '100.64.0.99', status: 'Connected', connectionType: 'P2P', latency: 40_000_000 },
        ],
      },
    };
    // p-a matches by IP (relayed), p-b by FQDN (direct, better), p-c is missing: the client does not know it.
    const a = ask(haBundle([...two(100, 100), { id: 'p-c', metric: 1 }]), 'p-src', { ip: '10.0.0.7', status });
    expect(a.peer?.id).toBe('p-b');
    expect(reasons(a)).toEqual(['p-a@r-p-a:lower-score', 'p-b@r-p-b:selected', 'p-c@r-p-c:no-state']);
    expect(a.candidates[1]!.score).toBe(clientScore(100, stateOf('connected,latency=40')));
  });

  it('states that an Idle peer without a connection type was counted as direct (§10)', () => {
    const report = (connectionType: string) => ({
      peers: { total: 2, connected: 1, details: [
        { fqdn: 'a.netbird.cloud', netbirdIp: '100.64.0.1', status: 'Idle', connectionType, latency: 0 },
        { fqdn: 'b.netbird.cloud', netbirdIp: '100.64.0.2', status: 'Connected', connectionType: 'P2P', latency: 0 },
      ] },
    });
    expect(ask(haBundle(two(100, 100)), 'p-src', { ip: '10.0.0.7', status: report('-') }).assumption_ids).toContain('connection-type-unknown');
    expect(ask(haBundle(two(100, 100)), 'p-src', { ip: '10.0.0.7', status: report('Relayed') }).assumption_ids).not.toContain('connection-type-unknown');
  });

  it('two routes of the same peer in one set never make the choice nondeterministic', () => {
    const bundle = haBundle(two(100, 200));
    bundle.routes.push(route({ id: 'r-p-a-copy', network: '10.0.0.0/24', network_id: 'lan', peer: 'p-a', metric: 100, groups: ['g-clients'] }));
    const a = ask(bundle, 'p-src', { ip: '10.0.0.7' });
    expect(a.nondeterministic).toBe(false);
    expect(a.peer?.id).toBe('p-a');
    expect(a.route?.id).toBe('r-p-a');
  });
});

describe('clientScore', () => {
  const c = (spec: StateSpec) => stateOf(spec);
  it.each([
    ['metric 100, connected, direct, latency 0 (counts 999 ms)', 100, 'connected', 98990 + (1 - 0.999) + 100000 + 1],
    ['metric 1, idle, relayed, 10 ms', 1, 'idle,relayed,latency=10', 99980 + 0.99],
    ['metric 9999 adds nothing', 9999, 'connected,latency=500', 0 + 0.5 + 100000 + 1],
    ['metric over 9999 adds nothing', 12000, 'idle,latency=250', 0.75 + 1],
    ['exactly 1 s of latency leaves 0', 9999, 'idle,relayed,latency=1000', 0],
    ['over 1 s counts as 999 ms', 9999, 'idle,relayed,latency=2500', 1 - 0.999],
  ] as const)('%s', (_name, metric, spec, want) => {
    expect(clientScore(metric, c(spec))).toBeCloseTo(want, 9);
  });

  it('skips a connecting peer', () => {
    expect(clientScore(1, c('connecting'))).toBeNull();
  });

  it('a zero-score current peer is not kept, as in the client', () => {
    const candidates = [
      { item: 'a', peerId: 'a', score: 0 },
      { item: 'b', peerId: 'b', score: 0.005 },
    ];
    expect(chooseInHaSet(candidates, 'a')).toMatchObject({ kind: 'chosen', winners: [{ peerId: 'b' }], kept: false });
  });
});

// Properties of the simulator over random small accounts and peer states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type Bundle, type RouteInput } from '../support/api.js';
import { ask, askGroup, modelOf, possiblePeers, type StateSpec } from '../support/simulate.js';

const GATEWAYS = ['p-g0', 'p-g1', 'p-g2', 'p-g3', 'p-g4'];
const NETWORKS = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.0/25', '0.0.0.0/0'];
const DESTINATIONS = ['10.1.2.3', '10.1.2.200', '10.1.9.9', '10.200.0.1', '8.8.8.8', '2001:db8::1'];

const stateArb: fc.Arbitrary<StateSpec> = fc
  .record({
    status: fc.constantFrom('connected', 'connected', 'idle', 'connecting'),
    relayed: fc.boolean(),
    latency: fc.constantFrom(0, 5, 10, 15, 19, 999, 1000, 1500),
  })
  .map((s) => `${s.status}${s.relayed ? ',relayed' : ''},latency=${s.latency}`);

const routeArb = (i: number): fc.Arbitrary<RouteInput> =>
  fc.record({
    network: fc.constantFrom(...NETWORKS),
    network_id: fc.constantFrom('a', 'b', 'c'),
    peer: fc.constantFrom(...GATEWAYS, 'p-s'),
    metric: fc.constantFrom(1, 100, 100, 500, 9998, 9999),
    enabled: fc.constantFrom(true, true, true, false),
    skip_auto_apply: fc.boolean(),
    groups: fc.constantFrom('g-src', 'g-src', 'g-gw').map((g) => [g]),
  }).map((r) => ({ id: `r${i}`, ...r }));

function accountOf(routes: RouteInput[], srcIpv6: boolean): Bundle {
  return {
    routes: routes.map((r) => route(r)),
    groups: [group('g-all', 'All', ['p-s', ...GATEWAYS]), group('g-src', 'sources', ['p-s']), group('g-gw', 'gateways', GATEWAYS)],
    peers: [peer({ id: 'p-s', ip: '100.64.0.100', ...(srcIpv6 ? { ipv6: 'fd00:aaaa::100' } : {}) }), ...GATEWAYS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` }))],
    policies: [policy({ id: 'pol', sources: ['g-src'], destinations: ['g-gw'] })],
  };
}

const scenario = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc.record({
      routes: fc.tuple(...Array.from({ length: n }, (_, i) => routeArb(i))),
      states: fc.dictionary(fc.constantFrom(...GATEWAYS), stateArb, { maxKeys: 5 }),
      current: fc.option(fc.constantFrom(...GATEWAYS), { nil: undefined }),
      ip: fc.constantFrom(...DESTINATIONS),
      ipv6: fc.boolean(),
    }),
  );

describe('simulator properties', () => {
  it('the chosen peer is always among the eligible candidates', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = ask(accountOf(s.routes, s.ipv6), 'p-s', { ip: s.ip, states: s.states, current: s.current });
        if (a.peer) {
          const own = a.candidates.filter((c) => c.peer?.id === a.peer!.id && c.eligible && (c.reason === 'selected' || c.reason === 'local'));
          expect(own.length).toBeGreaterThan(0);
          expect(a.route).not.toBeNull();
          expect(own.some((c) => c.route.id === a.route!.id)).toBe(true);
        }
        if (a.nondeterministic) {
          const possible = a.candidates.filter((c) => c.reason === 'tied' || c.reason === 'conflict');
          expect(possible.every((c) => c.eligible)).toBe(true);
          expect(new Set(possible.map((c) => c.peer!.id)).size).toBeGreaterThan(1);
        }
        expect((a.disposition === 'ROUTED' || a.disposition === 'LOCAL') === (a.peer !== null || a.nondeterministic)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('raising a candidate metric never makes it win when it did not', () => {
    const oneSet = fc.record({
      metrics: fc.array(fc.constantFrom(1, 50, 100, 100, 500, 9998, 9999), { minLength: 1, maxLength: 5 }),
      states: fc.array(stateArb, { minLength: 5, maxLength: 5 }),
      current: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
      pick: fc.nat({ max: 4 }),
      raise: fc.integer({ min: 1, max: 10000 }),
    });
    fc.assert(
      fc.property(oneSet, (s) => {
        const k = s.pick % s.metrics.length;
        const routesWith = (metrics: number[]) => metrics.map((metric, i) => ({ id: `r${i}`, network: '10.1.2.0/24', network_id: 'a', peer: GATEWAYS[i]!, metric, groups: ['g-src'] }));
        const states = Object.fromEntries(s.states.map((st, i) => [GATEWAYS[i]!, st]));
        const current = s.current === undefined ? undefined : GATEWAYS[s.current % s.metrics.length];
        const before = ask(accountOf(routesWith(s.metrics), false), 'p-s', { ip: '10.1.2.3', states, current });
        fc.pre(!possiblePeers(before).includes(GATEWAYS[k]!));
        const raised = s.metrics.map((m, i) => (i === k ? m + s.raise : m));
        const after = ask(accountOf(routesWith(raised), false), 'p-s', { ip: '10.1.2.3', states, current });
        expect(possiblePeers(after)).not.toContain(GATEWAYS[k]);
      }),
      { numRuns: 300 },
    );
  });

  it('the answer never depends on the order of the export', () => {
    const withOrder = scenario.chain((s) =>
      fc.record({
        s: fc.constant(s),
        routeOrder: fc.shuffledSubarray(s.routes.map((_, i) => i), { minLength: s.routes.length, maxLength: s.routes.length }),
        peerOrder: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
        groupOrder: fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(withOrder, ({ s, routeOrder, peerOrder, groupOrder }) => {
        const base = accountOf(s.routes, s.ipv6);
        const shuffled: Bundle = {
          ...base,
          routes: routeOrder.map((i) => base.routes[i]),
          peers: peerOrder.map((i) => base.peers![i]),
          groups: groupOrder.map((i) => base.groups![i]),
        };
        const q = { ip: s.ip, states: s.states, current: s.current };
        expect(JSON.stringify(ask(modelOf(shuffled), 'p-s', q))).toBe(JSON.stringify(ask(modelOf(base), 'p-s', q)));
        expect(JSON.stringify(askGroup(modelOf(shuffled), 'g-all', q))).toBe(JSON.stringify(askGroup(modelOf(base), 'g-all', q)));
      }),
      { numRuns: 150 },
    );
  });
});

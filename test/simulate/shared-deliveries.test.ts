// The simulator computes what a source receives once per delivery profile (its groups and flags)
// and shares it between sources with the same profile, and it reuses an answer without
// explanations for every question that rests on the same facts. Asking many questions through one
// simulator must give exactly the answers a fresh simulator gives for each question alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mustParseAddr } from '../../src/net/prefix.js';
import { briefOutcome } from '../../src/simulate/answer.js';
import { PeerStates, Simulator, type Destination } from '../../src/simulate/index.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { modelOf, stateOf } from '../support/simulate.js';

const SOURCES = ['p-s0', 'p-s1', 'p-s2', 'p-s3', 'p-s4', 'p-s5'];
const GATEWAYS = ['p-g0', 'p-g1', 'p-g2'];
const GROUPS = ['g-a', 'g-b', 'g-c'];
const NETWORKS = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '0.0.0.0/0'];
const DESTINATIONS = ['10.1.2.3', '10.1.2.77', '10.1.9.9', '10.1.9.10', '10.200.0.1', '8.8.8.8', '9.9.9.9', '2001:db8::1'];

const sourceArb = fc.record({
  groups: fc.subarray(GROUPS),
  loginExpired: fc.constantFrom(false, false, true),
  noClientRoutes: fc.constantFrom(false, false, false, true),
  ipv6: fc.boolean(),
});

const routeArb = fc.record({
  network: fc.constantFrom(...NETWORKS),
  network_id: fc.constantFrom('a', 'b'),
  // Now and then a source serves a route itself: it then has a profile of its own.
  peer: fc.constantFrom(...GATEWAYS, ...GATEWAYS, 'p-s1'),
  metric: fc.constantFrom(1, 100, 9999),
  enabled: fc.constantFrom(true, true, false),
  groups: fc.subarray(GROUPS, { minLength: 1 }),
});

const accountArb = fc.record({
  sources: fc.array(sourceArb, { minLength: SOURCES.length, maxLength: SOURCES.length }),
  routes: fc.array(routeArb, { minLength: 1, maxLength: 6 }),
  // Routing peers whose login expired, or that serve no routes, add assumptions to the answers.
  gateways: fc.array(fc.constantFrom('ok', 'ok', 'expired', 'serves-none'), { minLength: GATEWAYS.length, maxLength: GATEWAYS.length }),
  policySources: fc.subarray(GROUPS, { minLength: 1 }),
  // A rule that names one source directly (a peer resource) gives that source a profile of its own.
  directSource: fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
});

function bundleOf(a: typeof accountArb extends fc.Arbitrary<infer T> ? T : never): Bundle {
  const members = (g: string) => SOURCES.filter((_, i) => a.sources[i]!.groups.includes(g));
  const policies: Record<string, unknown>[] = [policy({ id: 'pol', sources: a.policySources, destinations: ['g-gw'] })];
  if (a.directSource) {
    policies.push(policy({ id: 'pol-direct', sources: [], destinations: ['g-gw'], sourceResource: a.directSource }));
  }
  return {
    routes: a.routes.map((r, i) => route({ id: `r${i}`, ...r, groups: r.groups })),
    groups: [...GROUPS.map((g) => group(g, g, members(g))), group('g-gw', 'gateways', GATEWAYS)],
    peers: [
      ...SOURCES.map((id, i) => {
        const s = a.sources[i]!;
        return peer({ id, ip: `100.64.1.${i + 1}`, ...(s.ipv6 ? { ipv6: `fd00:aaaa::${i + 1}` } : {}), login_expired: s.loginExpired, disable_client_routes: s.noClientRoutes });
      }),
      ...GATEWAYS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, login_expired: a.gateways[i] === 'expired', disable_server_routes: a.gateways[i] === 'serves-none' })),
    ],
    policies,
  };
}

const dest = (ip: string): Destination => ({ kind: 'ip', addr: mustParseAddr(ip), text: ip });

const questionArb = fc.record({
  source: fc.constantFrom(...SOURCES),
  ip: fc.constantFrom(...DESTINATIONS),
  explain: fc.boolean(),
  current: fc.option(fc.constantFrom(...GATEWAYS), { nil: null }),
  exitNode: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
});

// The states of one run: every question of the run shares them, as the lines of a batch do.
const statesArb = fc.dictionary(fc.constantFrom(...GATEWAYS), fc.constantFrom('connected', 'idle', 'connecting', 'connected,relayed', 'connected,latency=12'), { maxKeys: 3 });

describe('deliveries shared between sources of one profile', () => {
  it('give the answers a fresh simulator gives for each question alone', () => {
    fc.assert(
      fc.property(accountArb, statesArb, fc.array(questionArb, { minLength: 1, maxLength: 40 }), (account, stateSpecs, questions) => {
        const model = modelOf(bundleOf(account));
        const states = new PeerStates(new Map(Object.entries(stateSpecs).map(([id, spec]) => [id, stateOf(spec)])));
        const shared = new Simulator(model);
        for (const q of questions) {
          const options = { states, currentPeerId: q.current, exitNode: q.exitNode, explain: q.explain };
          const asked = shared.outcome(q.source, dest(q.ip), options);
          expect(asked).toEqual(new Simulator(model).outcome(q.source, dest(q.ip), options));
          // An answer without explanations is the brief form of the explained one.
          if (!q.explain) expect(briefOutcome(asked)).toEqual(briefOutcome(new Simulator(model).outcome(q.source, dest(q.ip), { ...options, explain: true })));
        }
      }),
      { numRuns: 800 },
    );
  });
});

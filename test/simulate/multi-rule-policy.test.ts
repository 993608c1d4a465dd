// §10: a source named by an enabled policy with several enabled rules is told that connectivity is
// a lower bound. The simulator gathers the names of those rules once; this holds it to the
// definition, read rule by rule over the model's memberships, for every peer of random accounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { modelOf } from '../support/model.js';
import { ask } from '../support/simulate.js';

const PEERS = ['p-a', 'p-b', 'p-c', 'p-gw'];
const GROUPS = ['g-1', 'g-2', 'g-3', 'g-none'];

const ruleArb = fc.record({
  enabled: fc.boolean(),
  sources: fc.subarray(GROUPS, { minLength: 1 }),
  destinations: fc.subarray(GROUPS, { minLength: 1 }),
  sourcePeer: fc.option(fc.constantFrom(...PEERS), { nil: undefined }),
});

const accountArb = fc.record({
  members: fc.tuple(...GROUPS.slice(0, 3).map(() => fc.subarray(PEERS))),
  policies: fc.array(fc.record({ enabled: fc.boolean(), rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
});

type AccountSpec = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function bundleOf(a: AccountSpec): Bundle {
  return {
    routes: [route({ id: 'r-1', network: '10.0.0.0/24', network_id: 'net', peer: 'p-gw', groups: ['g-all'] })],
    groups: [group('g-all', 'All', PEERS), ...a.members.map((m, i) => group(GROUPS[i]!, GROUPS[i]!, m)), group('g-none', 'g-none', [])],
    peers: PEERS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` })),
    policies: [
      policy({ id: 'all', sources: ['g-all'], destinations: ['g-all'] }),
      ...a.policies.map((p, k) => {
        const base = policy({ id: `pol-${k}`, sources: ['g-all'], destinations: ['g-all'], enabled: p.enabled }) as { rules: Record<string, unknown>[] };
        const template = base.rules[0]!;
        const rules = p.rules.map((r, j) => ({
          ...template,
          id: `pol-${k}-r${j}`,
          enabled: r.enabled,
          sources: r.sources.map((g) => ({ id: g, name: g })),
          destinations: r.destinations.map((g) => ({ id: g, name: g })),
          ...(r.sourcePeer === undefined ? {} : { sourceResource: { id: r.sourcePeer, type: 'peer' } }),
        }));
        return { ...base, rules };
      }),
    ],
  };
}

describe('a source named by a policy with several rules (§10)', () => {
  it('is told so exactly when an enabled rule of an enabled multi-rule policy names it or one of its groups', () => {
    fc.assert(
      fc.property(accountArb, (a) => {
        const model = modelOf(bundleOf(a));
        for (const id of PEERS) {
          const named = (side: { groupIds: readonly string[]; peerIds: readonly string[] }) => side.peerIds.includes(id) || side.groupIds.some((g) => model.membersOf(g).has(id));
          const expected = (model.policies ?? []).some((p) => p.enabled && p.rules.filter((r) => r.enabled).length > 1 && p.rules.some((r) => r.enabled && (named(r.sources) || named(r.destinations))));
          expect(ask(model, id, { ip: '10.0.0.1' }).assumption_ids.includes('policy-sources-lower-bound'), id).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});

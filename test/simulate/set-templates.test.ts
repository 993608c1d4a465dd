// Large exit sets are delivered from templates shared by every source with the same flags, the
// source's own rows patched in (simulate/set-templates.ts): each delivery must be what delivering
// the set row by row gives (`deliverSet`), and each answer what it is over row-by-row deliveries,
// explained or not, cut or not, whatever the user's exit node choice and the peers' states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mustParseAddr } from '../../src/net/prefix.js';
import { overlayOf } from '../../src/model/overlay.js';
import { groupsByPeer } from '../../src/model/reach.js';
import type { Model } from '../../src/model/types.js';
import { simulatorFor } from '../../src/simulate/index.js';
import { deliverSet, ServedKeys, sourceViewOf, TemplatedDelivery, type SetDelivery, type SimSet } from '../../src/simulate/distribution.js';
import { outcomeOf, PeerRefs } from '../../src/simulate/outcome.js';
import { SetTemplates } from '../../src/simulate/set-templates.js';
import { SourceDeliveries } from '../../src/simulate/source-deliveries.js';
import { PeerStates } from '../../src/simulate/peer-states.js';
import { route } from '../support/api.js';
import { accountArb, bundleOf, statesArb } from '../support/covering-accounts.js';
import { modelOf, stateOf } from '../support/simulate.js';

const GROUPS = ['g-a', 'g-b', 'g-c', 'g-d'];

/** Exit routes, most through a peer group of every peer (many rows), distributed to a group or two. */
const exitRouteArb = fc.record({
  network: fc.constantFrom('0.0.0.0/0', '0.0.0.0/0', '::/0'),
  network_id: fc.constantFrom('exit-a', 'exit-a', 'exit-a-v6', 'exit-b'),
  routing: fc.oneof(
    { arbitrary: fc.constantFrom({ peer_groups: ['g-all'] }, { peer_groups: ['g-gw'] }, { peer_groups: ['g-b'] }), weight: 4 },
    { arbitrary: fc.constantFrom('p-g0', 'p-g1', 'p-s1', 'p-s2').map((peer) => ({ peer })), weight: 1 },
  ),
  metric: fc.constantFrom(1, 100, 9999),
  enabled: fc.constantFrom(true, true, true, true, false),
  groups: fc.oneof({ arbitrary: fc.subarray(GROUPS, { minLength: 1, maxLength: 2 }), weight: 6 }, { arbitrary: fc.constant(['g-all']), weight: 1 }),
  skip_auto_apply: fc.constantFrom(false, false, true),
  access_control_groups: fc.constantFrom([], [], ['g-gw']),
});

const exitAccountArb = fc.record({ account: accountArb, exits: fc.array(exitRouteArb, { minLength: 6, maxLength: 14 }) }).map(({ account, exits }) => {
  const bundle = bundleOf(account);
  bundle.routes = [...bundle.routes, ...exits.map((r, i) => route({ id: `x${i}`, network: r.network, network_id: r.network_id, ...r.routing, metric: r.metric, enabled: r.enabled, groups: r.groups, skip_auto_apply: r.skip_auto_apply, access_control_groups: r.access_control_groups }))];
  return bundle;
});

function rowsOf(d: SetDelivery): string[] {
  return d.all.map((r) => `${r.route.id} ${r.route.peerId} ${r.delivery}`);
}

const ids = (routes: readonly { readonly id: string; readonly peerId: string | null }[]): string[] => routes.map((r) => `${r.id} ${r.peerId}`);

function viewsOf(model: Model) {
  const served = new ServedKeys(model);
  const groups = groupsByPeer(model);
  return [...model.peers!.values()].map((peer) => sourceViewOf(peer, served.of(peer.id), groups.get(peer.id) ?? []));
}

describe('a large exit set delivered from a template', () => {
  it('is delivered to every source as row by row', () => {
    let templated = 0;
    // Sources serving every HA key of the set whose own rows they do not hold (a route disabled,
    // no IPv6): most rows are distributed to them, but each is their own HA set's before its
    // distribution is read, so the template holds it.
    let ownKeysOnly = 0;
    fc.assert(
      fc.property(exitAccountArb, (bundle) => {
        const model = modelOf(bundle);
        const templates = new SetTemplates(model, 8);
        const exits: SimSet[] = simulatorFor(model).sets.filter((s) => s.isExit);
        for (const set of exits) {
          const keys = [...new Set(set.routes.map((r) => r.baseKey))];
          for (const view of viewsOf(model)) {
            const plain = deliverSet(model, view, set);
            const t = templates.deliver(view, set);
            if (t instanceof TemplatedDelivery) templated++;
            const distributed = plain.all.filter((r) => r.route.route.groups.some((g) => view.groups.has(g))).length;
            if (t instanceof TemplatedDelivery && plain.local.length === 0 && keys.every((k) => view.servedKeys.has(k)) && distributed * 2 > set.routes.length) ownKeysOnly++;
            expect(rowsOf(t)).toEqual(rowsOf(plain));
            expect(ids(t.held.map((h) => h.route))).toEqual(ids(plain.held.map((h) => h.route)));
            expect(ids(t.local)).toEqual(ids(plain.local));
            expect(ids(t.received)).toEqual(ids(plain.received));
            expect(t.loginExpired).toBe(plain.loginExpired);
          }
        }
      }),
      { numRuns: 60 },
    );
    // Not vacuous: most deliveries came from a template, some to such sources.
    expect(templated).toBeGreaterThan(500);
    expect(ownKeysOnly).toBeGreaterThan(20);
  }, 120_000);

  it('gives every source the answer it has over row-by-row deliveries', () => {
    fc.assert(
      fc.property(
        exitAccountArb,
        statesArb,
        fc.constantFrom('8.8.8.8', '2001:db8::1'),
        fc.constantFrom(null, 'exit-a', 'exit-b', ''),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        fc.boolean(),
        (bundle, stateSpecs, ip, exitNode, candidateLimit, explain) => {
          const model = modelOf(bundle);
          const sim = simulatorFor(model);
          const exitSets = sim.sets.filter((s) => s.isExit);
          const dest = { kind: 'ip' as const, addr: mustParseAddr(ip), text: ip };
          const found = { sets: sim.coveringSets(dest).map((set) => ({ set, rank: set.network!.bits })), apexMisses: [] };
          const states = new PeerStates(new Map(Object.entries(stateSpecs).map(([id, spec]) => [id, stateOf(spec)])));
          const options = { states, currentPeerId: null, exitNode, explain, ...(candidateLimit === undefined ? {} : { candidateLimit }) };
          const templated = new SetTemplates(model, 8);
          const plain = new SetTemplates(model, Infinity);
          const names = new PeerRefs(model);
          const overlay = overlayOf(model);
          for (const view of viewsOf(model)) {
            const answer = (templates: SetTemplates) => {
              const deliveries = new SourceDeliveries(model, view, exitSets, templates);
              const ctx = { model, names, source: view, deliveries, overlay, hasDomainRoutes: false, inMultiRulePolicy: false };
              return outcomeOf(ctx, dest, options, found, found.sets.map((f) => deliveries.deliver(f.set)));
            };
            expect(answer(templated)).toEqual(answer(plain));
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

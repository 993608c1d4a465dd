// The HA sets section reads a set's routes as one when they name the same distribution groups or
// the same routing peer list (src/report/data/ha-sets.ts): its groups, enabled peers and available
// peers equal those worked out route by route (the simple path, below) on random small accounts
// of sets with several routes, some alike, some not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { reportOf } from './support.js';
import { loadBundle } from '../support/model.js';
import { compareByNameThenId } from '../../src/order.js';

const PEERS = ['p-a', 'p-b', 'p-c', 'p-d'];
const GROUPS = ['g-1', 'g-2', 'g-3'];

const accountArbitrary = fc
  .record({
    members: fc.array(fc.subarray(PEERS), { minLength: GROUPS.length, maxLength: GROUPS.length }),
    connected: fc.array(fc.boolean(), { minLength: PEERS.length, maxLength: PEERS.length }),
    routes: fc.array(
      fc.record({
        set: fc.integer({ min: 0, max: 2 }),
        via: fc.oneof(fc.constantFrom(...PEERS).map((p) => ({ peer: p })), fc.subarray(GROUPS, { minLength: 1 }).map((g) => ({ peer_groups: g }))),
        groups: fc.oneof(fc.constant(['g-1']), fc.constant(['g-1', 'g-2']), fc.constant(['g-2', 'g-1']), fc.subarray(GROUPS, { minLength: 1 })),
        enabled: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(
    ({ members, connected, routes }): Bundle => ({
      routes: routes.map((r, i) => route({ id: `r-${i}`, network: `10.0.${r.set}.0/24`, network_id: `net-${r.set}`, ...r.via, groups: r.groups, enabled: r.enabled, metric: 100 + i })),
      groups: [group('g-all', 'All', PEERS), ...GROUPS.map((g, i) => group(g, `group ${3 - i}`, members[i]!))],
      peers: PEERS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, connected: connected[i]!, groups: ['g-all', ...GROUPS.filter((_, k) => members[k]!.includes(id))] })),
      policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
    }),
  );

describe('HA sets of several routes', () => {
  it('have the groups, enabled and available peers of their routes taken one by one (random small accounts)', () => {
    fc.assert(
      fc.property(accountArbitrary, (bundle) => {
        const { model } = loadBundle(bundle);
        const { data } = reportOf(bundle);
        for (const s of data.haSets) {
          const set = model.haSets.find((h) => h.key === s.key)!;
          const groupIds = [...new Set(set.routes.flatMap((r) => r.groups))].filter((g) => g !== '');
          expect(s.groups, s.key).toEqual(groupIds.map((id) => ({ id, name: model.groupName(id) })).sort(compareByNameThenId));
          const enabled = new Set(set.routes.filter((r) => r.enabled).flatMap((r) => model.routingPeersOf(r) ?? []));
          expect(s.enabledPeers, s.key).toBe(enabled.size);
          expect(s.availablePeers, s.key).toBe([...enabled].filter((id) => model.peers!.get(id)?.connected).length);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

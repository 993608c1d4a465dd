// The HA keys a peer serves, as the simulator finds them from the routes naming the peer and the
// groups of their peer groups, equal the keys of every row the peer serves in the expanded sets
// (the plain pass over every route × routing peer row it replaces).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerServedPart, positionsOfKeys } from '../../src/simulate/distribution.js';
import { simulatorFor } from '../../src/simulate/index.js';
import { group, peer, route } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const PEERS = ['p0', 'p1', 'p2', 'p3', 'p4'];
const GROUPS = ['g-a', 'g-b', 'g-c'];

const routeArb = fc.record({
  network: fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '0.0.0.0/0', '::/0', 'fd00::/8'),
  network_id: fc.constantFrom('a', 'b', 'a-v6'),
  peer: fc.constantFrom('', '', 'p0', 'p3', 'p-gone'),
  // g-x is named by routes only: no group export and no peer holds it.
  peer_groups: fc.subarray([...GROUPS, 'g-x']),
  enabled: fc.boolean(),
});

const accountArb = fc.record({
  routes: fc.array(routeArb, { minLength: 1, maxLength: 8 }),
  members: fc.array(fc.subarray(PEERS), { minLength: GROUPS.length, maxLength: GROUPS.length }),
  // Memberships the peers' own group lists add.
  peerGroups: fc.array(fc.subarray(GROUPS), { minLength: PEERS.length, maxLength: PEERS.length }),
});

describe('served keys', () => {
  it('are the base keys of the rows each peer serves', () => {
    fc.assert(
      fc.property(accountArb, (a) => {
        const model = modelOf({
          routes: a.routes.map((r, i) => route({ id: `r${i}`, network: r.network, network_id: r.network_id, peer: r.peer, peer_groups: r.peer_groups, enabled: r.enabled, groups: ['g-a'] })),
          groups: GROUPS.map((g, i) => group(g, g, a.members[i]!)),
          peers: PEERS.map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, groups: a.peerGroups[i]! })),
        });
        const sim = simulatorFor(model);
        const keys = [...new Set(sim.sets.flatMap((set) => set.routes.map((r) => r.baseKey)))];
        // Positions by key, as split.ts and member-deliveries.ts index the sets a question weighs.
        const byKey = new Map(keys.map((k, i) => [k, [i, i + keys.length]]));
        const positions = new PerServedPart(positionsOfKeys(byKey));
        for (const id of [...PEERS, 'p-gone']) {
          const rows = new Set<string>();
          for (const set of sim.sets) for (const r of set.routes) if (!r.twin && r.peerId === id) rows.add(r.baseKey);
          const served = sim.servedKeys(id);
          expect([...served].sort()).toEqual([...rows].sort());
          // Read through its parts (a peer's own keys and its peer groups'), it answers as the union does.
          expect(served.size).toBe(rows.size);
          for (const key of [...keys, 'no-such-key']) expect(served.has(key)).toBe(rows.has(key));
          // An index by key read part by part (each part once) gives the positions of the keys served.
          const seen = new Set<number>();
          positions.forEach(served, (list) => list.forEach((pos) => seen.add(pos)));
          positions.forEach(served, (list) => list.forEach((pos) => seen.add(pos)));
          expect([...seen].sort((x, y) => x - y)).toEqual([...rows].flatMap((k) => byKey.get(k) ?? []).sort((x, y) => x - y));
        }
      }),
      { numRuns: 200 },
    );
  });
});

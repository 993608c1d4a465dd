// The model's memberships are built once, by number (src/model/memberships.ts). They must say what
// a set of member ids per group says, built the plain way: each group's own list, then the peers
// naming it, in export order, each once; and the numbers must follow the model's one order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { membershipsOf } from '../../src/model/reach.js';
import type { Model } from '../../src/model/types.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { modelOf } from '../support/model.js';

const GROUPS = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e'];
const PEERS = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6'];

interface Memberships {
  groups: { id: string; peers: string[] }[];
  peers: { id: string; groups: string[] }[] | null;
}

/** Ids repeat on purpose: duplicate groups and peers, groups only peers name, members no peer lists. */
const accountArb: fc.Arbitrary<Memberships> = fc.record({
  groups: fc.array(fc.record({ id: fc.constantFrom(...GROUPS), peers: fc.array(fc.constantFrom(...PEERS), { maxLength: 4 }) }), { maxLength: 6 }),
  peers: fc.option(fc.array(fc.record({ id: fc.constantFrom(...PEERS), groups: fc.array(fc.constantFrom(...GROUPS, 'g-only-peers'), { maxLength: 3 }) }), { maxLength: 7 }), { nil: null }),
});

function bundleOf(a: Memberships): Bundle {
  return {
    routes: [route({ id: 'r1', network: '10.0.0.0/24', groups: ['g-a'] })],
    groups: a.groups.map((g) => group(g.id, g.id, g.peers)),
    ...(a.peers ? { peers: a.peers.map((p, i) => peer({ id: p.id, ip: `100.64.0.${i + 1}`, groups: p.groups })) } : {}),
  };
}

/** The plain way: a set per group, filled from the groups' lists, then from every peer's list. */
function referenceMembers(model: Model, a: { groups: { id: string; peers: string[] }[]; peers: { id: string; groups: string[] }[] | null }): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  const add = (g: string, p: string): void => {
    if (!sets.has(g)) sets.set(g, new Set());
    sets.get(g)!.add(p);
  };
  for (const g of a.groups) for (const p of g.peers) add(g.id, p);
  for (const p of a.peers ?? []) for (const g of p.groups) add(g, p.id);
  expect(model.groups?.size).toBe(new Set(a.groups.map((g) => g.id)).size);
  return new Map([...sets].map(([g, s]) => [g, [...s]]));
}

describe('memberships', () => {
  it('membersOf lists what a set per group lists, in its order; the numbers follow the model order', () => {
    fc.assert(
      fc.property(accountArb, (a) => {
        const model = modelOf(bundleOf(a));
        const reference = referenceMembers(model, a);
        for (const g of [...GROUPS, 'g-only-peers', 'g-unknown']) expect([...model.membersOf(g)]).toEqual(reference.get(g) ?? []);
        // A set is made once per group: asked again, the same one.
        expect(model.membersOf('g-a')).toBe(model.membersOf('g-a'));

        // Numbered groups: the groups export's ids, then those the kept peer of each id names.
        const m = membershipsOf(model);
        const order = [...new Set([...model.groups!.keys(), ...[...(model.peers?.values() ?? [])].flatMap((p) => p.groupIds)])];
        expect(m.groupIds).toEqual(order);
        expect([...m.groupNumbers]).toEqual(order.map((g, i) => [g, i]));
        // Peers by number in the order first met through the numbered groups' members.
        const peerOrder = [...new Set(order.flatMap((g) => reference.get(g) ?? []))];
        expect(m.peerIds).toEqual(peerOrder);
        expect(m.membersByGroup.map((list) => list.map((n) => m.peerIds[n]))).toEqual(order.map((g) => reference.get(g) ?? []));
        expect(m.groupsByPeer.map((gs) => gs.map((g) => m.groupIds[g]))).toEqual(peerOrder.map((p) => order.filter((g) => (reference.get(g) ?? []).includes(p))));
      }),
      { numRuns: 500 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupsByPeer, reachCommon, reachOf, RecipientIndex } from '../../src/model/reach.js';
import { RecipientPresence } from '../../src/model/reach-presence.js';
import type { Route } from '../../src/model/types.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { modelOf } from '../support/model.js';

function routeById(routes: readonly Route[], id: string): Route {
  const found = routes.find((r) => r.id === id);
  if (!found) throw new Error(`no route ${id}`);
  return found;
}

describe('reachCommon', () => {
  const cases: { name: string; bundle: Bundle; want: boolean }[] = [
    { name: 'same distribution group id', bundle: { routes: [route({ id: 'a', groups: ['g1'] }), route({ id: 'b', groups: ['g2', 'g1'] })] }, want: true },
    { name: 'same group id that the export does not list', bundle: { routes: [route({ id: 'a', groups: ['gx'] }), route({ id: 'b', groups: ['gx'] })], groups: [] }, want: true },
    { name: 'disjoint group ids, membership unknown', bundle: { routes: [route({ id: 'a', groups: ['g1'] }), route({ id: 'b', groups: ['g2'] })] }, want: false },
    {
      name: 'a peer in a group of each (groups section)',
      bundle: { routes: [route({ id: 'a', groups: ['g1'] }), route({ id: 'b', groups: ['g2'] })], groups: [group('g1', 'eng', ['p-anna']), group('g2', 'laptops', ['p-anna', 'p-ben'])] },
      want: true,
    },
    {
      name: 'a peer in a group of each (peers section only)',
      bundle: { routes: [route({ id: 'a', groups: ['g1'] }), route({ id: 'b', groups: ['g2'] })], peers: [peer({ id: 'p-anna', ip: '100.92.0.1', groups: ['g1', 'g2'] })] },
      want: true,
    },
    {
      name: 'groups with disjoint members',
      bundle: { routes: [route({ id: 'a', groups: ['g1'] }), route({ id: 'b', groups: ['g2'] })], groups: [group('g1', 'eng', ['p-anna']), group('g2', 'ops', ['p-ben'])] },
      want: false,
    },
    { name: 'empty groups on both sides', bundle: { routes: [route({ id: 'a', groups: [] }), route({ id: 'b', groups: [] })] }, want: false },
    { name: 'empty groups on one side', bundle: { routes: [route({ id: 'a', groups: [] }), route({ id: 'b', groups: ['g1'] })] }, want: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const model = modelOf(c.bundle);
      const [a, b] = [routeById(model.routes, 'a'), routeById(model.routes, 'b')];
      expect(reachCommon(model, a, b)).toBe(c.want);
      expect(reachCommon(model, b, a)).toBe(c.want);
    });
  }

  it('a route reaches its own recipients and they are the members of its groups', () => {
    const model = modelOf({ routes: [route({ id: 'a', groups: ['g1', 'g2'] })], groups: [group('g1', 'eng', ['p-anna']), group('g2', 'ops', ['p-ben', 'p-anna'])] });
    const a = routeById(model.routes, 'a');
    expect(reachCommon(model, a, a)).toBe(true);
    expect([...reachOf(model).recipientsOf(a)].sort()).toEqual(['p-anna', 'p-ben']);
  });
});

// Random accounts: 6 groups, 6 peers, membership split between the groups' and the peers' lists.
const GROUPS = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
/** Enough groups that an index can outgrow its linear search (more than 16 groups). */
const MANY_GROUPS = Array.from({ length: 30 }, (_, i) => `g${i}`);
const PEERS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const accountArbOf = (groups: readonly string[], maxRoutes: number, maxMemberships = 2 * groups.length, minRoutes = 1) =>
  fc.record({
    groups: fc.constant(groups),
    membership: fc.array(fc.tuple(fc.constantFrom(...groups), fc.constantFrom(...PEERS), fc.boolean()), { maxLength: maxMemberships }),
    routeGroups: fc.array(fc.uniqueArray(fc.constantFrom(...groups), { maxLength: 3 }), { minLength: minRoutes, maxLength: maxRoutes }),
    keys: fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: maxRoutes, maxLength: maxRoutes }),
    withGroups: fc.boolean(),
  });
const accountArb = accountArbOf(GROUPS, 10);

type Account = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function accountOf(a: Account) {
  const inGroupList = (g: string) => a.membership.filter(([mg, , viaGroup]) => mg === g && viaGroup).map(([, p]) => p);
  const inPeerList = (p: string) => a.membership.filter(([, mp, viaGroup]) => mp === p && !viaGroup).map(([g]) => g);
  const bundle: Bundle = {
    routes: a.routeGroups.map((groups, i) => route({ id: `r${i}`, groups })),
    peers: PEERS.map((p, i) => peer({ id: p, ip: `100.92.0.${i + 1}`, groups: [...new Set(inPeerList(p))] })),
    ...(a.withGroups ? { groups: a.groups.map((g) => group(g, g, [...new Set(inGroupList(g))])) } : {}),
  };
  // Naive membership, straight from the bundle: a peer is in a group when either list says so.
  const members = (g: string) => new Set(a.membership.filter(([mg, , viaGroup]) => mg === g && (!viaGroup || a.withGroups)).map(([, p]) => p));
  const naiveReach = (x: string[], y: string[]) => x.some((g) => y.includes(g)) || x.some((g) => y.some((h) => [...members(g)].some((p) => members(h).has(p))));
  return { bundle, naiveReach };
}

describe('reach properties', () => {
  it('groupsByPeer and groupsMeeting list what a naive walk of the member sets lists, in its order', () => {
    fc.assert(
      fc.property(accountArbOf(MANY_GROUPS.slice(0, 10), 2, 24), fc.constantFrom(...MANY_GROUPS.slice(0, 10), 'g-unknown'), (a, asked) => {
        const model = modelOf(accountOf(a).bundle);
        // The model's one order of groups: the groups export, then groups only peers name, in the order first named.
        const order = [...new Set([...(model.groups?.keys() ?? []), ...[...model.peers!.values()].flatMap((p) => p.groupIds)])];
        const naive = new Map<string, string[]>();
        for (const g of order) for (const p of model.membersOf(g)) naive.set(p, [...(naive.get(p) ?? []), g]);
        const actual = groupsByPeer(model);
        expect([...actual.keys()]).toEqual([...naive.keys()]);
        for (const [p, groups] of naive) expect(actual.get(p)).toEqual(groups);
        const meeting = [asked, ...[...model.membersOf(asked)].flatMap((p) => naive.get(p) ?? [])];
        expect([...reachOf(model).groupsMeeting(asked)]).toEqual([...new Set(meeting)]);
      }),
      { numRuns: 300 },
    );
  });

  it('reachCommon agrees with a naive pairwise check', () => {
    fc.assert(
      fc.property(accountArb, (a) => {
        const { bundle, naiveReach } = accountOf(a);
        const model = modelOf(bundle);
        for (const x of model.routes) {
          for (const y of model.routes) {
            expect(reachCommon(model, x, y)).toBe(naiveReach(a.routeGroups[x.index]!, a.routeGroups[y.index]!));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a few groups', accountArb],
    ['more groups than a linear search takes', accountArbOf(MANY_GROUPS, 24)],
  ])('RecipientIndex.first finds the earliest reaching item with another key (%s)', (_, arb) => {
    fc.assert(
      fc.property(arb, fc.constantFrom(undefined, 'x', 'y'), (a, exceptKey) => {
        const { bundle, naiveReach } = accountOf(a);
        const model = modelOf(bundle);
        const index = new RecipientIndex<number>(reachOf(model));
        model.routes.forEach((r, i) => index.add([r], i, a.keys[i]));
        for (const q of model.routes) {
          const want = model.routes.findIndex((r, i) => (exceptKey === undefined || a.keys[i] !== exceptKey) && naiveReach(a.routeGroups[q.index]!, a.routeGroups[r.index]!));
          expect(index.first(q, exceptKey)).toBe(want < 0 ? undefined : want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a few groups', accountArb],
    ['more groups than a linear search takes, more items than are tested first', accountArbOf(Array.from({ length: 60 }, (_, i) => `g${i}`), 80, 12, 40)],
  ])('RecipientIndex.first, asked between adds as a sweep does, answers as a brute-force search (%s)', (_, arb) => {
    fc.assert(
      fc.property(arb, fc.array(fc.constantFrom(undefined, 'x', 'y', 'z'), { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 3 }), (a, queryKeys, perItem) => {
        const { bundle, naiveReach } = accountOf(a);
        const model = modelOf(bundle);
        const index = new RecipientIndex<number>(reachOf(model));
        // Items of one to three consecutive routes; each route asks (several times, with several keys) before its item is added.
        const added: { routes: number[]; key: string }[] = [];
        let asked = 0;
        for (let start = 0; start < model.routes.length; start += perItem) {
          const routes = model.routes.slice(start, start + perItem);
          for (const q of routes) {
            for (let repeat = 0; repeat < 2; repeat++) {
              const exceptKey = queryKeys[asked++ % queryKeys.length];
              const want = added.findIndex((item) => (exceptKey === undefined || item.key !== exceptKey) && item.routes.some((r) => naiveReach(a.routeGroups[q.index]!, a.routeGroups[r]!)));
              expect(index.first(q, exceptKey)).toBe(want < 0 ? undefined : want);
            }
          }
          const key = a.keys[start % a.keys.length]!;
          index.add(routes, added.length, key);
          added.push({ routes: routes.map((r) => r.index), key });
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a few groups', accountArb],
    ['more groups than a linear search takes', accountArbOf(Array.from({ length: 60 }, (_, i) => `g${i}`), 80, 12, 40)],
  ])('RecipientPresence.has answers as RecipientIndex.first finds or not, between adds and after a clear (%s)', (_, arb) => {
    fc.assert(
      fc.property(arb, fc.array(fc.constantFrom(undefined, 'x', 'y', 'z', 'w'), { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 40 }), (a, queryKeys, clearAt) => {
        const model = modelOf(accountOf(a).bundle);
        const reach = reachOf(model);
        const presence = new RecipientPresence(reach);
        // Two sweeps with one presence: the second starts after a clear, at a route of its own choosing.
        for (const start of [0, clearAt % model.routes.length]) {
          presence.clear();
          const index = new RecipientIndex<number>(reach);
          let asked = 0;
          for (const [i, q] of model.routes.slice(start).entries()) {
            for (let repeat = 0; repeat < 2; repeat++) {
              const exceptKey = queryKeys[asked++ % queryKeys.length];
              expect(presence.has(q, exceptKey)).toBe(index.first(q, exceptKey) !== undefined);
            }
            const key = a.keys[(start + i) % a.keys.length]!;
            index.add([q], i, key);
            presence.add(q, key);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

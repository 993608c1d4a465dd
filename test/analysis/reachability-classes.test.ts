// The reachability matrix asks the simulator once per class of members that answer alike
// (src/analysis/member-classes.ts, MemberClasses). Checked here against asking about every member
// (simulateGroup, as `simulate --from-group` does) on generated accounts of both bench shapes,
// the fixtures, and with what-ifs: the same outcomes, the same member counts, the same first names.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateAccount, generateFlatAccount } from '../../bench/generate.js';
import { generateCoveringAccount, generateSharedPrefixesAccount, type CoveringShape } from '../../bench/shapes.js';
import { probeOf } from '../../src/analysis/probes.js';
import { OUTCOME_SAMPLE, possiblePeersOf, reachabilityOf } from '../../src/analysis/reachability.js';
import { readExport } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import { compareAddr, isPrivatePrefix, networkAddr } from '../../src/net/prefix.js';
import { memberAnswers, PeerStates, simulateGroup } from '../../src/simulate/index.js';
import { loadBundle } from '../support/model.js';
import type { Bundle } from '../support/api.js';

/** Every cell as the per-member answers give it: outcome key → member ids, in name order. */
function bruteForce(model: Model, states: PeerStates, exitNode: string | null): Map<string, Map<string, string[]>> {
  const prefixes = model.haSets.flatMap((s) => (s.network ? [s.network] : [])).sort((a, b) => compareAddr(networkAddr(a), networkAddr(b)) || a.bits - b.bits);
  const out = new Map<string, Map<string, string[]>>();
  for (const set of model.haSets) {
    const probe = probeOf(set, prefixes);
    if (!probe) continue;
    for (const groupId of new Set(set.routes.flatMap((r) => r.groups).filter((g) => g !== ''))) {
      const answer = simulateGroup(model, { destination: probe.destination, from: { kind: 'group', groupId }, currentPeerId: null, exitNode }, states);
      const cell = new Map<string, string[]>();
      // Serving members merged with their own routes are each their own carrier here.
      for (const { source, outcome: o } of answer.outcomes.flatMap((g) => memberAnswers(g))) {
        const privateViaExit = !set.isExit && set.network !== null && isPrivatePrefix(set.network) && o.route !== null && 'network' in o.route && o.route.network.endsWith('/0');
        const key = JSON.stringify([o.disposition, o.peer?.id ?? null, o.route?.network_id ?? null, o.nondeterministic, possiblePeersOf(o).map((p) => p.id), privateViaExit]);
        cell.set(key, [...(cell.get(key) ?? []), source.id]);
      }
      out.set(`${set.key} ${groupId}`, cell);
    }
  }
  return out;
}

function byClasses(model: Model, states: PeerStates, exitNode: string | null): Map<string, Map<string, { members: number; first: string[] }>> {
  const out = new Map<string, Map<string, { members: number; first: string[] }>>();
  for (const c of reachabilityOf(model, states, { exitNode, maxWork: Infinity }).cells) {
    const cell = new Map<string, { members: number; first: string[] }>();
    for (const o of c.outcomes) cell.set(JSON.stringify([o.disposition, o.peer?.id ?? null, o.networkId, o.nondeterministic, o.possiblePeers.map((p) => p.id), o.privateViaExit]), { members: o.members, first: o.sources.map((s) => s.id) });
    out.set(`${c.set.key} ${c.group.id}`, cell);
  }
  return out;
}

function expectSameMatrix(model: Model, states = new PeerStates(), exitNode: string | null = null): number {
  const slow = bruteForce(model, states, exitNode);
  const fast = byClasses(model, states, exitNode);
  expect([...fast.keys()].sort()).toEqual([...slow.keys()].sort());
  const rank = new Map([...model.peers!.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)).map((p, i) => [p.id, i]));
  for (const [key, cell] of slow) {
    const expected = new Map([...cell].map(([k, ids]) => [k, { members: ids.length, first: ids.sort((a, b) => rank.get(a)! - rank.get(b)!).slice(0, OUTCOME_SAMPLE) }]));
    expect(Object.fromEntries(fast.get(key)!), key).toEqual(Object.fromEntries(expected));
  }
  return slow.size;
}

const modelOfAccount = (account: object): Model => loadBundle(account as Bundle).model;

describe('reachability matrix by classes of members', () => {
  it('answers as every member asked on its own: tidy shape', () => {
    expect(expectSameMatrix(modelOfAccount(generateAccount(400, 3)))).toBeGreaterThan(100);
  }, 120_000);

  it('answers as every member asked on its own: flat shape (a group of every peer, an exit HA set, peers serving routes)', () => {
    expect(expectSameMatrix(modelOfAccount(generateFlatAccount(300, 5)))).toBeGreaterThan(100);
  }, 120_000);

  it('answers as every member asked on its own: shared prefixes (dozens of network_ids per prefix, their routing peers members of each other\'s groups)', () => {
    expect(expectSameMatrix(modelOfAccount(generateSharedPrefixesAccount(400, 7)))).toBeGreaterThan(100);
  }, 120_000);

  it('answers as every member asked on its own with what-ifs: routing peers down, an exit node picked', () => {
    const model = modelOfAccount(generateFlatAccount(250, 9));
    const routing = [...new Set(model.routes.flatMap((r) => model.routingPeersOf(r) ?? []))].sort().slice(0, 40);
    const states = new PeerStates(new Map(routing.map((id, i) => [id, { status: i % 2 === 0 ? ('Connecting' as const) : ('Idle' as const), relayed: false, latencyNs: 0 }])));
    expectSameMatrix(model, states, 'exit-all');
  }, 120_000);

  it('covers every HA set × distribution group pair, each member of the group counted once, as brute force does (generated accounts of both shapes)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 20, max: 150 }), fc.integer({ min: 1, max: 1_000_000 }), (flat, routes, seed) => {
        const model = modelOfAccount(flat ? generateFlatAccount(routes, seed) : generateAccount(routes, seed));
        const pairs = expectSameMatrix(model);
        const cells = reachabilityOf(model, new PeerStates(), { maxWork: Infinity }).cells;
        expect(cells.length).toBe(pairs);
        for (const c of cells) {
          expect(c.simulated).toBe(true);
          const members = [...model.membersOf(c.group.id)].filter((id) => model.peers!.has(id)).length;
          expect(c.members).toBe(members);
          expect(c.outcomes.reduce((n, o) => n + o.members, 0)).toBe(members);
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);

  // A cell's share of the budget (a fiftieth) counts the members it would class again, before it
  // classes them: a group of every peer left over by the most specific sets is not classed only to
  // be found over its share, and what it did not cost stays for the cells after it.
  it('under a work budget: a cell over its share is left whole and unsimulated, the cells after it still simulated, each as with no budget', () => {
    const model = modelOfAccount(generateFlatAccount(1200, 5));
    const all = reachabilityOf(model, new PeerStates(), { maxWork: Infinity }).cells;
    const everyone = [...model.groups!.values()].find((g) => g.name === 'All')!.id;
    const everyoneMembers = all.find((c) => c.group.id === everyone)!.members;
    expect(everyoneMembers).toBe(600);
    // A share of 300 rows: less than the members of All, more than any other group's.
    const maxWork = 50 * 300;
    const run = () => reachabilityOf(model, new PeerStates(), { maxWork }).cells;
    const cells = run();
    expect(cells).toEqual(run());
    expect(cells.map((c) => `${c.set.key} ${c.group.id}`)).toEqual(all.map((c) => `${c.set.key} ${c.group.id}`));
    const simulated = cells.filter((c) => c.simulated);
    for (const c of simulated) expect(c).toEqual(all.find((x) => x.set.key === c.set.key && x.group.id === c.group.id));
    for (const c of cells.filter((x) => !x.simulated)) expect(c.outcomes).toEqual([]);
    const left = cells.filter((c) => !c.simulated && c.group.id === everyone).length;
    expect(left).toBeGreaterThan(10);
    // The cells of All come first (they reach the most members); cells of the other groups after
    // them are simulated, the budget not spent on the cells of All left unsimulated.
    expect(simulated.filter((c) => c.group.id !== everyone).length).toBeGreaterThan(40);
  }, 120_000);

  // Every set of one prefix (or of a chain) asks about the same covering sets: classes made once
  // per covering list and group, peers counted by the distribution groups holding them.
  it.each<CoveringShape>(['one-prefix', 'chain'])('answers as every member asked on its own: a %s covering account', (shape) => {
    expect(expectSameMatrix(modelOfAccount(generateCoveringAccount(120, shape, 11)))).toBeGreaterThan(100);
  }, 120_000);

  it.each(['demo', 'networks', 'simulate/ambiguous-names.json'])('answers as every member asked on its own: fixtures/%s', (name) => {
    const raw = readExport(join(import.meta.dirname, '../../fixtures', name));
    const model = buildModel(raw);
    if (!model?.groups || !model.peers) return;
    expectSameMatrix(model);
  });
});

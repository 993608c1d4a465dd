// Which exit node each distribution group's members get with no selection (src/analysis/exit-auto-apply.ts):
// decided once per class of members, reading each exit set's rows only until the selection's
// inputs are known. Checked against the simulator's own deliveries asked member by member
// (deliverSet over every exit set, then selectExitNodes) on random small accounts and on both bench shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateAccount, generateFlatAccount } from '../../bench/generate.js';
import { generateManyGroupsAccount } from '../../bench/shapes.js';
import { exitAutoApplyOf, forEachInUnion } from '../../src/analysis/exit-auto-apply.js';
import { groupsByPeer } from '../../src/model/reach.js';
import type { Model } from '../../src/model/types.js';
import { compareByNameThenId, compareCodePoints, compareStrings } from '../../src/order.js';
import { deliverSet, sourceViewOf } from '../../src/simulate/distribution.js';
import { selectExitNodes } from '../../src/simulate/exit.js';
import { simulatorFor } from '../../src/simulate/index.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { loadBundle } from '../support/model.js';

/** Per group, per member id: [active, available, serves], from every row of every exit set. */
function memberByMember(model: Model): Map<string, Map<string, string>> {
  const sim = simulatorFor(model);
  const exits = sim.sets.filter((s) => s.isExit);
  const groupsOf = groupsByPeer(model);
  const out = new Map<string, Map<string, string>>();
  for (const row of exitAutoApplyOf(model)) {
    const byMember = new Map<string, string>();
    for (const id of model.membersOf(row.group.id)) {
      const p = model.peers!.get(id);
      if (!p) continue;
      const source = sourceViewOf(p, sim.servedKeys(id), groupsOf.get(id) ?? []);
      const deliveries = exits.map((s) => deliverSet(model, source, s));
      const selection = selectExitNodes(deliveries, null);
      const serves = [...new Set(deliveries.filter((d) => d.local.length > 0).map((d) => d.set.networkId))].sort(compareCodePoints);
      byMember.set(id, JSON.stringify([[...selection.active].sort(compareCodePoints), selection.available, serves]));
    }
    out.set(row.group.id, byMember);
  }
  return out;
}

function expectSameAsMemberByMember(model: Model): number {
  const slow = memberByMember(model);
  let members = 0;
  for (const row of exitAutoApplyOf(model)) {
    const fast = new Map<string, string>();
    for (const o of row.outcomes) for (const s of o.sources) fast.set(s.id, JSON.stringify([o.active, o.available, o.serves]));
    expect(Object.fromEntries(fast), row.group.id).toEqual(Object.fromEntries(slow.get(row.group.id)!));
    members += fast.size;
    // Members by name (the id for a peer without one), then id; outcomes by size, then first member.
    for (const o of row.outcomes) {
      const expected = o.sources.map((s) => ({ id: s.id, name: model.peerName(s.id) })).sort(compareByNameThenId);
      expect(o.sources, row.group.id).toEqual(expected);
    }
    const order = row.outcomes.map((o) => [o.sources.length, o.sources[0]!.name, o.sources[0]!.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || compareStrings(a[1], b[1]) || compareStrings(a[2], b[2]));
    expect(order, row.group.id).toEqual(sorted);
  }
  return members;
}

const PEERS = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e', 'p-f'];
const GROUPS = ['g-1', 'g-2', 'g-3'];
/** Groups only policies name (never a distribution or peer group): whether a member's class reads them rests on the rule's other side holding an exit routing peer. */
const POLICY_ONLY = ['g-x', 'g-y'];
/** Peers that never route: members of All and of the policy-only groups (members alike but for those groups share a static class only when no policy tells them apart). */
const CLIENTS = ['c-1', 'c-2', 'c-3', 'c-4'];

/** Small accounts of exit routes: several network_ids (a `-v6` one too), peers and peer groups, disabled routes, skip_auto_apply, peers that take no client routes or whose login expired, policies between some groups (All to All among them), some with posture checks that peers of some versions fail (one check missing from the export). */
const accountArbitrary = fc
  .record({
    members: fc.array(fc.subarray(PEERS), { minLength: GROUPS.length, maxLength: GROUPS.length }),
    flags: fc.array(fc.record({ expired: fc.boolean(), noClientRoutes: fc.boolean(), approval: fc.boolean() }), { minLength: PEERS.length, maxLength: PEERS.length }),
    routes: fc.array(
      fc.record({
        networkId: fc.constantFrom('exit-a', 'exit-b', 'exit-a-v6', 'exit-c'),
        v6: fc.boolean(),
        via: fc.oneof(fc.constantFrom(...PEERS).map((p) => ({ peer: p })), fc.constantFrom(...GROUPS).map((g) => ({ peer_groups: [g] }))),
        groups: fc.subarray(['g-all', ...GROUPS], { minLength: 1 }),
        enabled: fc.boolean(),
        skip: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    // Names: some empty (shown by id), some shared, some sorting before or after the ids.
    names: fc.array(fc.constantFrom('', '', 'zed', 'Alpha', 'p-c', 'c-9'), { minLength: PEERS.length + CLIENTS.length, maxLength: PEERS.length + CLIENTS.length }),
    policyOnly: fc.array(fc.subarray([...PEERS, ...CLIENTS]), { minLength: POLICY_ONLY.length, maxLength: POLICY_ONLY.length }),
    // All to All (with or without posture checks) connects every peer; posture checks key members on their own.
    policies: fc.array(fc.tuple(fc.constantFrom('g-all', ...GROUPS, ...POLICY_ONLY), fc.constantFrom('g-all', ...GROUPS, ...POLICY_ONLY), fc.constantFrom('on', 'on', 'off', 'rule off'), fc.constantFrom([], [], ['pc-old'], ['pc-new'], ['pc-missing'], ['pc-old', 'pc-new'])), { minLength: 1, maxLength: 4 }),
    versions: fc.array(fc.constantFrom('0.20.0', '0.40.0', '0.60.0', ''), { minLength: PEERS.length + CLIENTS.length, maxLength: PEERS.length + CLIENTS.length }),
  })
  .map(({ members, flags, names, routes, policyOnly, policies, versions }): Bundle => {
    const groupsOf = (p: string) => [...GROUPS.filter((_, i) => members[i]!.includes(p)), ...POLICY_ONLY.filter((_, i) => policyOnly[i]!.includes(p))];
    return {
      routes: routes.map((r, i) => route({ id: `r-${i}`, network: r.v6 ? '::/0' : '0.0.0.0/0', network_id: r.networkId, ...r.via, groups: r.groups, enabled: r.enabled || i === 0, skip_auto_apply: r.skip && i > 0 })),
      groups: [group('g-all', 'All', [...PEERS, ...CLIENTS]), ...GROUPS.map((g, i) => group(g, `group ${g}`, members[i]!)), ...POLICY_ONLY.map((g, i) => group(g, `group ${g}`, policyOnly[i]!))],
      peers: [...PEERS.map((id, i) => peer({ id, name: names[i]!, ip: `100.64.0.${i + 1}`, ...(i % 2 === 0 ? { ipv6: `fd00::${i + 1}` } : {}), groups: groupsOf(id), login_expired: flags[i]!.expired && i > 1, disable_client_routes: flags[i]!.noClientRoutes && i > 1, approval_required: flags[i]!.approval && i === PEERS.length - 1, version: versions[i]! })), ...CLIENTS.map((id, i) => peer({ id, name: names[PEERS.length + i]!, ip: `100.64.1.${i + 1}`, groups: groupsOf(id), version: versions[PEERS.length + i]! }))],
      policies: policies.map(([src, dst, state, checks], i) => ({ ...policy({ id: `pol-${i}`, sources: [src], destinations: [dst], enabled: state !== 'off', ruleEnabled: state !== 'rule off' }), source_posture_checks: checks })),
      posture_checks: [
        { id: 'pc-old', name: 'at least 0.30', description: '', checks: { nb_version_check: { min_version: '0.30.0' } } },
        { id: 'pc-new', name: 'at least 0.50', description: '', checks: { nb_version_check: { min_version: '0.50.0' } } },
      ],
    };
  });

describe('exit node auto-apply per group', () => {
  it('decides as every member asked on its own over every row of every exit set (random small accounts)', () => {
    fc.assert(
      fc.property(accountArbitrary, (bundle) => {
        expectSameAsMemberByMember(loadBundle(bundle).model);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('decides as every member asked on its own where a rule connects every peer (then the rows of a group are read once per set)', () => {
    fc.assert(
      fc.property(accountArbitrary, (bundle) => {
        const everyone = policy({ id: 'pol-all', sources: ['g-all'], destinations: ['g-all'] });
        expectSameAsMemberByMember(loadBundle({ ...bundle, policies: [...(bundle.policies ?? []), everyone] }).model);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('tells apart members whose groups give a set only rows that skip auto-apply, where a rule connects every peer', () => {
    const bundle: Bundle = {
      routes: [route({ id: 'r-0', network: '0.0.0.0/0', network_id: 'exit-a', peer: 'p-a', groups: ['g-1'] }), route({ id: 'r-1', network: '0.0.0.0/0', network_id: 'exit-a', peer: 'p-b', groups: ['g-2'], skip_auto_apply: true })],
      groups: [group('g-all', 'All', ['p-a', 'p-b', 'c-1', 'c-2']), group('g-1', 'one', ['c-1']), group('g-2', 'two', ['c-2'])],
      peers: [peer({ id: 'p-a', name: 'a', ip: '100.64.0.1', groups: ['g-all'] }), peer({ id: 'p-b', name: 'b', ip: '100.64.0.2', groups: ['g-all'] }), peer({ id: 'c-1', name: 'c1', ip: '100.64.0.3', groups: ['g-all', 'g-1'] }), peer({ id: 'c-2', name: 'c2', ip: '100.64.0.4', groups: ['g-all', 'g-2'] })],
      policies: [policy({ id: 'pol-0', sources: ['g-all'], destinations: ['g-all'] })],
    };
    const model = loadBundle(bundle).model;
    expectSameAsMemberByMember(model);
    const outcomes = new Map(exitAutoApplyOf(model).map((row) => [row.group.id, row.outcomes.map((o) => ({ active: o.active, available: o.available }))]));
    expect(outcomes.get('g-1')).toEqual([{ active: ['exit-a'], available: ['exit-a'] }]);
    expect(outcomes.get('g-2')).toEqual([{ active: [], available: ['exit-a'] }]);
  });

  it('reads the rows of a set holding two HA keys when the member serves only one of them', () => {
    // The user's own exit-a-v6 ::/0 set also holds exit-a's ::/0 twins (two HA keys). p-a routes
    // exit-a, disabled: its twin row is no route of its own, and the HA key it serves keeps only
    // the twins from it; the user's row via p-b, of the other key, is still received.
    const bundle: Bundle = {
      routes: [route({ id: 'r-0', network: '0.0.0.0/0', network_id: 'exit-a', peer: 'p-a', groups: ['g-all'], enabled: false }), route({ id: 'r-1', network: '::/0', network_id: 'exit-a-v6', peer: 'p-b', groups: ['g-all'] })],
      groups: [group('g-all', 'All', ['p-a', 'p-b', 'c-1'])],
      peers: [peer({ id: 'p-a', name: 'a', ip: '100.64.0.1', ipv6: 'fd00::1', groups: ['g-all'] }), peer({ id: 'p-b', name: 'b', ip: '100.64.0.2', ipv6: 'fd00::2', groups: ['g-all'] }), peer({ id: 'c-1', name: 'c', ip: '100.64.0.3', ipv6: 'fd00::3', groups: ['g-all'] })],
      policies: [policy({ id: 'pol-0', sources: ['g-all'], destinations: ['g-all'] })],
    };
    const model = loadBundle(bundle).model;
    expectSameAsMemberByMember(model);
    const [row] = exitAutoApplyOf(model);
    const ofPeer = (id: string) => row!.outcomes.find((o) => o.sources.some((s) => s.id === id))!;
    expect(ofPeer('p-a')).toMatchObject({ active: ['exit-a-v6'], serves: [] });
  });

  it('decides as every member asked on its own: tidy, flat and many-groups bench shapes', () => {
    expect(expectSameAsMemberByMember(loadBundle(generateAccount(2000, 3) as Bundle).model)).toBeGreaterThan(50);
    expect(expectSameAsMemberByMember(loadBundle(generateFlatAccount(300, 5) as Bundle).model)).toBeGreaterThan(50);
    expect(expectSameAsMemberByMember(loadBundle(generateManyGroupsAccount(600, 9) as Bundle).model)).toBeGreaterThan(200);
  }, 120_000);
});

describe('forEachInUnion', () => {
  it('visits the sorted distinct union of ascending lists, up to where the visitor stops', () => {
    const ascending = fc.uniqueArray(fc.nat(40)).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(fc.array(ascending, { minLength: 1, maxLength: 5 }), fc.nat(50), (lists, stopAfter) => {
        const union = [...new Set(lists.flat())].sort((a, b) => a - b);
        const seen: number[] = [];
        forEachInUnion(lists, (n) => {
          seen.push(n);
          return seen.length <= stopAfter;
        });
        expect(seen).toEqual(union.slice(0, stopAfter + 1));
      }),
    );
  });
});

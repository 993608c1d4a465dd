// Exports of different accounts: every member is compared, and members share answers by class
// (simulate/share.ts; routing peers that serve the covering and exit sets alike share one, see
// `servingRows`), addresses under exit sets are asked among the other sets first and among the
// exit sets once per class and family. A property checks all of it against simulating every
// member of every destination alone, on accounts full of routing peers of exit and covering sets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBehaviour } from '../../src/diff/behaviour.js';
import { Side, tuning } from '../../src/diff/side.js';
import type { Model } from '../../src/model/types.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { loadedOf } from '../support/diff.js';

const peerIds = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6', 'p-7'];
const groupIds = ['g-0', 'g-1', 'g-2', 'g-3'];
// Nested prefixes, exit routes of both families, a ::/0 set and a more specific one sharing the
// network_id of an exit's twin (`x-a-v6`: read with the exit node selection), and a domain.
const targets = ['10.0.0.0/16', '10.0.1.0/24', '10.0.1.128/25', '0.0.0.0/0', '0.0.0.0/0', '::/0', 'fd00::/64', 'domain'];
const networkIds = ['n-a', 'n-b', 'x-a', 'x-b', 'x-a-v6'];

const routeArb = fc.record({
  target: fc.constantFrom(...targets),
  networkId: fc.constantFrom(...networkIds),
  // Routing peers: one peer, or a group (many members serving one set alike).
  peer: fc.constantFrom(...peerIds, '', '', ''),
  peerGroup: fc.constantFrom(...groupIds, 'g-all'),
  metric: fc.constantFrom<number>(10, 20),
  groups: fc.subarray([...groupIds, 'g-all'], { minLength: 1, maxLength: 2 }),
  masquerade: fc.boolean(),
  enabled: fc.boolean(),
  skip: fc.boolean(),
  acg: fc.boolean(),
});
const accountArb = fc.record({
  routes: fc.array(routeArb, { minLength: 1, maxLength: 9 }),
  members: fc.tuple(...groupIds.map(() => fc.subarray(peerIds))),
  flags: fc.array(fc.constantFrom('none', 'none', 'none', 'expired', 'no-client', 'ipv6', 'windows', 'android'), { minLength: peerIds.length, maxLength: peerIds.length }),
  policy: fc.tuple(fc.constantFrom(...groupIds), fc.constantFrom(...groupIds, 'g-all'), fc.boolean()),
});
type Spec = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function bundleOf(s: Spec): Bundle {
  return {
    routes: s.routes.map((r, i) =>
      route({
        id: `r-${i}`,
        ...(r.target === 'domain' ? { domains: ['*.example.com'] } : { network: r.target }),
        network_id: r.networkId,
        ...(r.peer === '' ? { peer_groups: [r.peerGroup] } : { peer: r.peer }),
        metric: r.metric,
        groups: r.groups,
        masquerade: r.masquerade,
        enabled: r.enabled,
        skip_auto_apply: r.skip,
        ...(r.acg ? { access_control_groups: ['g-1'] } : {}),
      }),
    ),
    groups: [group('g-all', 'All', peerIds), ...groupIds.map((g, i) => group(g, g, s.members[i]!))],
    peers: peerIds.map((id, i) => {
      const f = s.flags[i];
      return peer({
        id,
        ip: `100.64.0.${i + 1}`,
        ...(f === 'ipv6' ? { ipv6: `fd00:100::${i + 1}` } : {}),
        login_expired: f === 'expired',
        disable_client_routes: f === 'no-client',
        ...(f === 'windows' ? { os: 'Windows 11' } : f === 'android' ? { os: 'Android 14' } : {}),
      });
    }),
    policies: [policy({ id: 'pol', sources: [s.policy[0]], destinations: [s.policy[1]], enabled: s.policy[2] }), policy({ id: 'pol-base', sources: ['g-0', 'g-2'], destinations: ['g-all'] })],
  };
}

/** Runs `check` with one of the diff's tuning knobs set to `value`, then puts it back. */
function withTuning<K extends keyof typeof tuning>(key: K, value: (typeof tuning)[K], check: () => void): void {
  const before = tuning[key];
  tuning[key] = value;
  try {
    check();
  } finally {
    tuning[key] = before;
  }
}

/** `a` against an unrelated `b`, and against itself with one route replaced by one of `b`'s: both sides' models. */
function pairsOf(a: Spec, b: Spec, pick: number): [Model, Model][] {
  const edited: Spec = { ...a, routes: a.routes.map((r, i) => (i === pick % a.routes.length ? b.routes[pick % b.routes.length]! : r)) };
  return [b, edited].map((other) => [loadedOf(bundleOf(a), 'old').model, loadedOf(bundleOf(other), 'new').model]);
}

describe('exports of different accounts', () => {
  it("each member's answer among the exit sets alone, shared by class (routing peers of exit sets by what they serve), is what it gets asked alone", () => {
    fc.assert(
      fc.property(accountArb, (a) => {
        const model = loadedOf(bundleOf(a), 'old').model;
        for (const family of [4, 6] as const) {
          const [shared, alone] = [new Side(model).exitOnlyCarrierKeys(family), new Side(model).exitOnlyCarrierKeys(family, true)];
          for (const id of model.peers!.keys()) expect([id, shared(id)]).toEqual([id, alone(id)]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('members sharing an answer (classes, serving roles, exit answers per class) get what each gets alone', () => {
    fc.assert(
      // Either way of finding a group's touched members (the read groups' members, or the members' own groups).
      fc.property(accountArb, accountArb, fc.constantFrom(null, true, false), (a, b, fromMembers) => {
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(b), 'new').model;
        const all = { maxChanges: 0, maxSources: 0 };
        withTuning('touchedFromMembers', fromMembers, () => expect(compareBehaviour(before, after, all)).toEqual(compareBehaviour(before, after, { ...all, exhaustive: true })));
      }),
      { numRuns: 400 },
    );
    // 400 pairs of accounts, each compared twice: past the default timeout on a loaded machine.
  }, 120_000);

  it('changes counted by pair of carriers and made only when kept: the same first few listed, and the same total, as each member alone', () => {
    // Every change is counted; one is made (its members as classes, its first member's carriers)
    // only when the selection would keep it (diff/pairs.ts). Small limits make most of them only counted.
    fc.assert(
      fc.property(accountArb, accountArb, fc.integer({ min: 1, max: 4 }), fc.nat(3), fc.nat(), (a, b, maxChanges, maxSources, pick) => {
        for (const [before, after] of pairsOf(a, b, pick)) {
          const limits = { maxChanges, maxSources };
          expect(compareBehaviour(before, after, limits)).toEqual(compareBehaviour(before, after, { ...limits, exhaustive: true }));
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('members whose groups differ only in policy groups the destination does not read share an answer: what each gets alone', () => {
    // Policies of any shape: open to every peer or not, enabled or not, naming the access control
    // group (g-1) or not: a member's answer key keeps the policy groups that connect it to the
    // covering sets' routing peers or let it through their route firewalls (Side.answerGroups).
    const policiesArb = fc.array(
      fc.record({
        sources: fc.subarray([...groupIds, 'g-all'], { minLength: 1, maxLength: 2 }),
        destinations: fc.subarray([...groupIds, 'g-all'], { minLength: 1, maxLength: 2 }),
        enabled: fc.boolean(),
        bidirectional: fc.boolean(),
      }),
      { maxLength: 3 },
    );
    const withPolicies = (s: Spec, list: { sources: string[]; destinations: string[]; enabled: boolean; bidirectional: boolean }[]): Bundle => ({
      ...bundleOf(s),
      policies: list.map((p, i) => policy({ id: `pol-${i}`, sources: p.sources, destinations: p.destinations, enabled: p.enabled, bidirectional: p.bidirectional })),
    });
    fc.assert(
      fc.property(accountArb, policiesArb, accountArb, policiesArb, (a, pa, b, pb) => {
        const before = loadedOf(withPolicies(a, pa), 'old').model;
        const after = loadedOf(withPolicies(b, pb), 'new').model;
        const all = { maxChanges: 0, maxSources: 0 };
        expect(compareBehaviour(before, after, all)).toEqual(compareBehaviour(before, after, { ...all, exhaustive: true }));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('tier by tier (the most specific prefix first), members get what each gets alone, related or not', () => {
    // Deep nesting: five prefix lengths over one address, the same prefix in two HA sets (a
    // conflict), disabled routes and routing peers that serve nothing (a tier without a peer: the
    // client falls back past it), an exit set below them all; edited and unrelated pairs.
    const deep = ['10.0.0.0/8', '10.0.0.0/16', '10.0.1.0/24', '10.0.1.0/24', '10.0.1.128/25', '10.0.1.129/32', '0.0.0.0/0', 'fd00::/64'];
    const deepArb = fc.record({
      routes: fc.array(routeArb.map((r) => ({ ...r, target: r.target === 'domain' ? r.target : deep[targets.indexOf(r.target)]! })), { minLength: 1, maxLength: 10 }),
      members: accountArb.map((a) => a.members),
      flags: accountArb.map((a) => a.flags),
      policy: accountArb.map((a) => a.policy),
    }).chain((a) => fc.record({ a: fc.constant(a), extra: fc.array(fc.record({ target: fc.constantFrom(...deep), groups: fc.subarray([...groupIds, 'g-all'], { minLength: 1, maxLength: 2 }) }), { maxLength: 4 }) }));
    const withExtra = ({ a, extra }: { a: Spec; extra: { target: string; groups: string[] }[] }): Spec => ({
      ...a,
      routes: [...a.routes, ...extra.map((e, i) => ({ ...a.routes[0]!, target: e.target, networkId: `n-x${i}`, groups: e.groups, enabled: true }))],
    });
    fc.assert(
      fc.property(deepArb, deepArb, fc.nat(), (x, y, pick) => {
        const all = { maxChanges: 0, maxSources: 0 };
        for (const [before, after] of pairsOf(withExtra(x), withExtra(y), pick)) {
          const tiered = compareBehaviour(before, after, all);
          expect(tiered).toEqual(compareBehaviour(before, after, { ...all, exhaustive: true }));
          withTuning('byTiers', false, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
          // Each member's tiers walked anew for each destination (no walk kept by a less specific prefix).
          withTuning('shareWalks', false, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
          // Each destination's answers by tiers found anew (none shared with a destination of the other export under the same prefix).
          withTuning('shareChains', false, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
          // Each member's answer among a tier decided over the sets it may hold (simulate/split.ts), as in a tier of thousands of sets.
          withTuning('splitTierSets', 0, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
          // A group's members singled out by a tier found through each member's groups among the tier's (as in a tier of hundreds of groups), and by walking each group.
          withTuning('tierGroupsByPeer', 0, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
          withTuning('tierGroupsByPeer', Infinity, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
          // Each destination as if alone: no tier's answers, walks, singled-out members or a side's answers by tiers kept from another.
          withTuning('tierMemoLimit', 1, () => expect(tiered).toEqual(compareBehaviour(before, after, all)));
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('members that hold no route of a tier walk past it unasked: as walking every tier, and as simulating each alone', () => {
    // Nested prefixes, and siblings of one length (tiers kept by the first, `Side.levelsOf`), each
    // distributed to one or two small groups and served by one peer: most members hold no route of
    // most tiers (Level.holders), and the scope's parts (the members a changed set reaches) are
    // shared by the destinations nested under it; edited and unrelated pairs. By `targets`' index.
    const nested = ['10.0.0.0/8', '10.0.0.0/16', '10.0.1.0/24', '0.0.0.0/0', '', '10.1.1.0/24', '10.1.0.0/16', '10.0.1.128/25'];
    const narrowArb = accountArb.map((a) => ({
      ...a,
      routes: a.routes.map((r) => ({ ...r, target: nested[targets.indexOf(r.target)]!, peer: r.peer === '' ? 'p-0' : r.peer, groups: r.groups.filter((g) => g !== 'g-all'), enabled: true })),
    }));
    fc.assert(
      fc.property(narrowArb, narrowArb, fc.nat(), (a, b, pick) => {
        const all = { maxChanges: 0, maxSources: 0 };
        for (const [before, after] of pairsOf(a, b, pick)) {
          const skipping = compareBehaviour(before, after, all);
          expect(skipping).toEqual(compareBehaviour(before, after, { ...all, exhaustive: true }));
          withTuning('shareWalks', false, () => expect(skipping).toEqual(compareBehaviour(before, after, all)));
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('routing peers of one exit set that serve it alike are one class: the change names them all', () => {
    // Five members serve the exit through a peer group; on the new side a /24 distributed to
    // everyone takes their traffic, while on the old side the exit set is local to them.
    const spec = (routes: Spec['routes']): Spec => ({ routes, members: [['p-1', 'p-2', 'p-3', 'p-4', 'p-5'], [], [], []], flags: peerIds.map(() => 'none'), policy: ['g-0', 'g-all', true] });
    const exit = { target: '0.0.0.0/0', networkId: 'x-a', peer: '', peerGroup: 'g-0', metric: 10, groups: ['g-all'], masquerade: true, enabled: true, skip: false, acg: false };
    const lan = { ...exit, target: '10.0.1.0/24', networkId: 'n-a', peer: 'p-7' };
    const before = loadedOf(bundleOf(spec([exit])), 'old').model;
    const after = loadedOf(bundleOf(spec([exit, lan])), 'new').model;
    const d = compareBehaviour(before, after, { maxChanges: 0, maxSources: 0 });
    const change = d.behaviour.find((c) => c.destination === '10.0.1.0/24' && c.old.disposition === 'LOCAL');
    expect(change).toMatchObject({ kind: 'moved', group: { id: 'g-all' }, members: 8 });
    expect(change!.sources.map((s) => s.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
    expect(change!.new.peers.map((p) => p.id)).toEqual(['p-7']);
    expect(d).toEqual(compareBehaviour(before, after, { maxChanges: 0, maxSources: 0, exhaustive: true }));
  });

  it('routing peers of exit sets select their exit node by the exit sets they serve: what each selects alone', () => {
    // Only exit routes, served by peers and peer groups, some skipping auto-apply, some disabled:
    // routing peers serving the same exit sets share one selection (Side.exitChoiceClassOf),
    // whatever the rows they hold; edited and unrelated pairs.
    const exitsOnly = accountArb.map((a) => ({ ...a, routes: a.routes.map((r) => ({ ...r, target: r.target === '::/0' ? r.target : '0.0.0.0/0' })) }));
    fc.assert(
      fc.property(exitsOnly, exitsOnly, fc.nat(), (a, b, pick) => {
        const all = { maxChanges: 0, maxSources: 0 };
        for (const [before, after] of pairsOf(a, b, pick)) {
          const shared = compareBehaviour(before, after, all);
          expect(shared.exitNodes).toEqual(compareBehaviour(before, after, { ...all, exhaustive: true }).exitNodes);
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

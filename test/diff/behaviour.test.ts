// Behaviour changes on small API-shaped accounts: every kind, members that split, exit nodes,
// renames, peers in one export only, exports without groups and peers, and the scoping that
// skips unchanged destinations checked against simulating everything.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBehaviour, kindOf } from '../../src/diff/behaviour.js';
import type { Carrier, Diff } from '../../src/diff/types.js';
import { group, peer, policy, route, type Bundle, type RouteInput } from '../support/api.js';
import { diffBundles, loadedOf } from '../support/diff.js';

const PEERS = [
  peer({ id: 'p-a', ip: '100.64.0.1' }),
  peer({ id: 'p-b', ip: '100.64.0.2' }),
  peer({ id: 'p-c', ip: '100.64.0.3' }),
  peer({ id: 'p-gw1', ip: '100.64.0.11' }),
  peer({ id: 'p-gw2', ip: '100.64.0.12' }),
  peer({ id: 'p-win', ip: '100.64.0.13', os: 'Windows 11' }),
  peer({ id: 'p-e1', ip: '100.64.0.21' }),
  peer({ id: 'p-e2', ip: '100.64.0.22' }),
];

function account(routes: RouteInput[], changes: { members?: Record<string, string[]>; peers?: Record<string, unknown>[]; policies?: Record<string, unknown>[] } = {}): Bundle {
  const members: Record<string, string[]> = { 'g-dev': ['p-a', 'p-b'], 'g-ops': ['p-c'], 'g-gw': ['p-gw1', 'p-gw2'], 'g-acl': ['p-gw1'], ...changes.members };
  const peers = changes.peers ?? PEERS;
  return {
    routes: routes.map((r) => route({ groups: ['g-dev'], ...r })),
    groups: [group('g-all', 'All', peers.map((p) => p.id as string)), ...Object.entries(members).map(([id, ps]) => group(id, id.slice(2), ps))],
    peers,
    policies: [policy({ id: 'pol-all', sources: ['g-all'], destinations: ['g-all'] }), ...(changes.policies ?? [])],
  };
}

const lan: RouteInput = { id: 'r-lan', network: '10.1.0.0/16', network_id: 'lan', peer: 'p-gw1', metric: 100 };

function kinds(d: Diff) {
  return d.behaviour.map((b) => ({ kind: b.kind, destination: b.destination, group: b.group.id, scope: b.scope, sources: b.sources.map((s) => s.id), old: b.old.peers.map((p) => p.id), new: b.new.peers.map((p) => p.id) }));
}

describe('behaviour changes by kind', () => {
  it('nondeterministic: a peer group of two at the same metric replaces one peer', () => {
    const d = diffBundles(account([lan]), account([{ ...lan, peer: '', peer_groups: ['g-gw'] }]));
    expect(kinds(d)).toEqual([{ kind: 'nondeterministic', destination: '10.1.0.0/16', group: 'g-dev', scope: 'group', sources: ['p-a', 'p-b'], old: ['p-gw1'], new: ['p-gw1', 'p-gw2'] }]);
    expect([d.behaviour[0]!.old.nondeterministic, d.behaviour[0]!.new.nondeterministic]).toEqual([false, true]);
  });

  it('deterministic: the reverse', () => {
    const d = diffBundles(account([{ ...lan, peer: '', peer_groups: ['g-gw'] }]), account([lan]));
    expect(kinds(d).map((k) => [k.kind, k.old, k.new])).toEqual([['deterministic', ['p-gw1', 'p-gw2'], ['p-gw1']]]);
  });

  it('moved: another routing peer', () => {
    const d = diffBundles(account([lan]), account([{ ...lan, peer: 'p-gw2' }]));
    expect(kinds(d).map((k) => [k.kind, k.old, k.new])).toEqual([['moved', ['p-gw1'], ['p-gw2']]]);
  });

  it('no-longer-routed and now-routed: the route disabled, then enabled', () => {
    const off = account([{ ...lan, enabled: false }]);
    expect(kinds(diffBundles(account([lan]), off)).map((k) => [k.kind, k.old, k.new])).toEqual([['no-longer-routed', ['p-gw1'], []]]);
    expect(kinds(diffBundles(off, account([lan]))).map((k) => [k.kind, k.old, k.new])).toEqual([['now-routed', [], ['p-gw1']]]);
  });

  it('masquerade-changed on a Linux routing peer; none on a Windows one, which always masquerades', () => {
    const d = diffBundles(account([lan]), account([{ ...lan, masquerade: false }]));
    expect(d.behaviour.map((b) => [b.kind, b.old.masquerade, b.new.masquerade])).toEqual([['masquerade-changed', true, false]]);
    const win = { ...lan, peer: 'p-win' };
    expect(diffBundles(account([win]), account([{ ...win, masquerade: false }])).behaviour).toEqual([]);
  });

  it('access-control-changed: access control groups on the carrying route, with a policy that lets the sources in', () => {
    const allow = policy({ id: 'pol-acl', sources: ['g-dev'], destinations: ['g-acl'] });
    const d = diffBundles(account([lan]), account([{ ...lan, access_control_groups: ['g-acl'] }], { policies: [allow] }));
    expect(d.behaviour.map((b) => [b.kind, b.old.accessControlGroups.map((g) => g.id), b.new.accessControlGroups.map((g) => g.id)])).toEqual([['access-control-changed', [], ['g-acl']]]);
  });

  it('no-longer-routed: access control groups no policy names drop the traffic at the routing peer (DENIED)', () => {
    const d = diffBundles(account([lan]), account([{ ...lan, access_control_groups: ['g-acl'] }]));
    expect(d.behaviour.map((b) => [b.kind, b.old.disposition, b.new.disposition, b.new.peers.map((p) => p.id)])).toEqual([['no-longer-routed', 'ROUTED', 'DENIED', ['p-gw1']]]);
  });

  it('no-longer-routed: a routing peer that forwards nothing is a black hole (BLACKHOLED)', () => {
    const peers = PEERS.map((p) => (p.id === 'p-gw1' ? peer({ id: 'p-gw1', ip: '100.64.0.11', disable_server_routes: true }) : p));
    const d = diffBundles(account([lan]), account([lan], { peers }));
    expect(d.behaviour.map((b) => [b.kind, b.old.disposition, b.new.disposition])).toEqual([['no-longer-routed', 'ROUTED', 'BLACKHOLED']]);
  });

  it('disposition-changed and the rest of the classification', () => {
    const c = (disposition: Carrier['disposition'], peers: string[] = [], nondeterministic = false, masquerade: boolean | null = true, acg: string[] = []): Carrier => ({
      disposition,
      peers: peers.map((id) => ({ id, name: id })),
      networkIds: [],
      nondeterministic,
      masquerade,
      accessControlGroups: acg.map((id) => ({ id, name: id })),
    });
    const table: [Carrier, Carrier, string][] = [
      [c('NO_ROUTE', [], false, null), c('NO_ROUTING_PEER', [], false, null), 'disposition-changed'],
      [c('NO_ROUTING_PEER', [], false, null), c('NO_ROUTE', [], false, null), 'disposition-changed'],
      [c('LOCAL', [], false, null), c('ROUTED', ['a']), 'moved'],
      [c('ROUTED', ['a']), c('LOCAL', [], false, null), 'moved'],
      [c('ROUTED', ['a', 'b'], true), c('ROUTED', ['a', 'c'], true), 'moved'],
      [c('ROUTED', ['a']), c('NO_ROUTING_PEER', [], false, null), 'no-longer-routed'],
      [c('NO_ROUTING_PEER', [], false, null), c('LOCAL', [], false, null), 'now-routed'],
      [c('ROUTED', ['a'], false, true, ['x']), c('ROUTED', ['a'], false, false, []), 'access-control-changed'],
      [c('ROUTED', ['a', 'b'], true, true), c('ROUTED', ['b', 'a'], true, null), 'masquerade-changed'],
    ];
    for (const [o, n, kind] of table) expect([o.disposition, n.disposition, kindOf(o, n)]).toEqual([o.disposition, n.disposition, kind]);
  });
});

describe('members and groups', () => {
  it('splits a group when only some members change', () => {
    const peers = PEERS.map((p) => (p.id === 'p-b' ? peer({ id: 'p-b', ip: '100.64.0.2', disable_client_routes: true }) : p));
    const d = diffBundles(account([lan]), account([lan], { peers }));
    expect(kinds(d)).toEqual([{ kind: 'no-longer-routed', destination: '10.1.0.0/16', group: 'g-dev', scope: 'members', sources: ['p-b'], old: ['p-gw1'], new: [] }]);
    expect(d.behaviour[0]!.members).toBe(2);
  });

  it('reports a peer that joins a distribution group, counted among the members', () => {
    const d = diffBundles(account([lan]), account([lan], { members: { 'g-dev': ['p-a', 'p-b', 'p-c'] } }));
    expect(kinds(d).map((k) => [k.kind, k.scope, k.sources])).toEqual([['now-routed', 'members', ['p-c']]]);
    expect(d.behaviour[0]!.members).toBe(3);
  });

  it('does not compare peers that are in one export only, and says so', () => {
    const peers = [...PEERS, peer({ id: 'p-new', ip: '100.64.0.30' })];
    const d = diffBundles(account([lan]), account([lan], { peers, members: { 'g-dev': ['p-a', 'p-b', 'p-new'] } }));
    expect(d.behaviour).toEqual([]);
    expect(d.notes.some((n) => n.includes('p-new') || n.includes('new'))).toBe(true);
    expect(d.summary.routingChanged).toBe(false);
  });

  it('a distribution group with no members changes nothing', () => {
    expect(diffBundles(account([lan]), account([{ ...lan, groups: ['g-dev', 'g-empty'] }], { members: { 'g-empty': [] } })).behaviour).toEqual([]);
  });
});

describe('exit nodes', () => {
  const exitA: RouteInput = { id: 'r-xa', network: '0.0.0.0/0', network_id: 'exit-a', peer: 'p-e1', groups: ['g-ops'] };
  const exitB: RouteInput = { id: 'r-xb', network: '0.0.0.0/0', network_id: 'exit-b', peer: 'p-e2', groups: ['g-ops'] };
  const exits = (d: Diff) => d.exitNodes.map((e) => ({ kind: e.kind, group: e.group.id, scope: e.scope, sources: e.sources.map((s) => s.id), old: e.old, new: e.new }));

  it('switched: the smallest network_id skips auto-apply, the next one is applied', () => {
    const d = diffBundles(account([exitA, exitB]), account([{ ...exitA, skip_auto_apply: true }, exitB]));
    expect(exits(d)).toEqual([{ kind: 'switched', group: 'g-ops', scope: 'group', sources: ['p-c'], old: 'exit-a', new: 'exit-b' }]);
    expect(kinds(d).map((k) => [k.kind, k.destination, k.old, k.new])).toEqual([['moved', '0.0.0.0/0', ['p-e1'], ['p-e2']]]);
  });

  it('now-auto-applied: an exit node added', () => {
    const d = diffBundles(account([lan]), account([lan, exitB]));
    expect(exits(d)).toEqual([{ kind: 'now-auto-applied', group: 'g-ops', scope: 'group', sources: ['p-c'], old: null, new: 'exit-b' }]);
  });

  it('metrics never rank exit nodes: a metric change on the exit that is not applied changes nothing', () => {
    expect(diffBundles(account([exitA, exitB]), account([exitA, { ...exitB, metric: 1 }])).exitNodes).toEqual([]);
  });
});

describe('HA sets renamed', () => {
  const a: RouteInput = { id: 'r-1', network: '10.9.0.0/24', network_id: 'net-a', peer: 'p-gw1', metric: 100 };
  const b: RouteInput = { id: 'r-2', network: '10.9.0.0/24', network_id: 'net-b', peer: 'p-gw2', metric: 50 };

  it('a rename that merges two HA sets of the same prefix ends a conflict: reported as a behaviour change', () => {
    const d = diffBundles(account([a, b]), account([a, { ...b, network_id: 'net-a' }]));
    expect(kinds(d).map((k) => [k.kind, k.old, k.new])).toEqual([['deterministic', ['p-gw1', 'p-gw2'], ['p-gw2']]]);
    expect(d.haSets.removed.map((s) => s.key)).toEqual(['net-b|10.9.0.0/24']);
    expect(d.haSets.renamed).toEqual([]);
  });

  it('a rename with the same carrier is a rename and no behaviour change', () => {
    const d = diffBundles(account([a]), account([{ ...a, network_id: 'net-renamed' }]));
    expect(d.behaviour).toEqual([]);
    expect(d.haSets.renamed.map((r) => [r.old.networkId, r.new.networkId])).toEqual([['net-a', 'net-renamed']]);
    expect(d.summary.routingChanged).toBe(false);
  });
});

describe('exports without groups and peers', () => {
  const routesOnly = (routes: RouteInput[]): Bundle => ({ routes: routes.map((r) => route({ groups: ['g-dev'], ...r })) });

  it('does not compare behaviour; a route edit other than a description counts as a routing change', () => {
    const d = diffBundles(routesOnly([lan]), routesOnly([{ ...lan, metric: 200 }]));
    expect(d.summary).toMatchObject({ behaviourCompared: false, decidedBy: 'routes', routingChanged: true, routesChanged: 1 });
    expect(d.summary.behaviourNotCompared).toMatch(/^the old export has no groups and no peers/);
    expect([d.behaviour, d.exitNodes]).toEqual([[], []]);
  });

  it('a description-only edit is still no routing change', () => {
    const d = diffBundles(routesOnly([lan]), routesOnly([{ ...lan, description: 'the LAN' }]));
    expect(d.summary).toMatchObject({ behaviourCompared: false, routingChanged: false, routesChanged: 1 });
  });

  it('one side with groups and peers is not enough', () => {
    const d = diffBundles(account([lan]), routesOnly([lan]));
    expect(d.summary.behaviourNotCompared).toMatch(/^the new export has no groups and no peers/);
  });
});

describe('scoping', () => {
  it('an exit set added under the network_id of a more specific set: its members are compared there too', () => {
    // The client reads a set that shares its network_id with an exit set with the exit node
    // selection, so the exit set's change reaches the members that set carries (here the exit's
    // access control now drops their traffic at 10.0.0.0/8).
    const specific: RouteInput = { id: 'r-v6', network: '10.0.0.0/8', network_id: 'x-a-v6', peer: 'p-gw1', skip_auto_apply: true };
    const exit: RouteInput = { id: 'r-exit', network: '0.0.0.0/0', network_id: 'x-a-v6', peer: 'p-gw1', access_control_groups: ['g-acl'] };
    const before = loadedOf(account([specific]), 'old').model;
    const after = loadedOf(account([specific, exit]), 'new').model;
    const all = { maxChanges: 0, maxSources: 0 };
    const scoped = compareBehaviour(before, after, all);
    expect(scoped).toEqual(compareBehaviour(before, after, { ...all, exhaustive: true }));
    expect(scoped.behaviour.map((c) => [c.destination, c.group.id, c.old.disposition, c.new.disposition])).toContainEqual(['10.0.0.0/8', 'g-dev', 'ROUTED', 'DENIED']);
  });

  // Random small accounts and one random edit: skipping what cannot have changed must give the
  // same answer as simulating every member of every destination.
  const peerIds = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
  const groupIds = ['g-0', 'g-1', 'g-2'];
  const targets = ['10.0.0.0/16', '10.0.1.0/24', '10.0.1.128/25', '0.0.0.0/0', 'domain'];

  const routeArb = fc.record({
    target: fc.constantFrom(...targets),
    networkId: fc.constantFrom('n-a', 'n-b', 'n-c'),
    peer: fc.constantFrom(...peerIds, ''),
    peerGroup: fc.constantFrom(...groupIds),
    metric: fc.constantFrom<number>(10, 20),
    groups: fc.subarray(groupIds, { minLength: 1 }),
    masquerade: fc.boolean(),
    enabled: fc.boolean(),
    skip: fc.boolean(),
  });
  const accountArb = fc.record({
    routes: fc.array(routeArb, { minLength: 1, maxLength: 6 }),
    members: fc.tuple(...groupIds.map(() => fc.subarray(peerIds))),
    flags: fc.array(fc.constantFrom('none', 'expired', 'no-client', 'no-server', 'windows', 'android'), { minLength: peerIds.length, maxLength: peerIds.length }),
    connected: fc.array(fc.boolean(), { minLength: peerIds.length, maxLength: peerIds.length }),
    policy: fc.tuple(fc.constantFrom(...groupIds), fc.constantFrom(...groupIds), fc.boolean()),
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
        }),
      ),
      groups: [group('g-all', 'All', peerIds), ...groupIds.map((g, i) => group(g, g, s.members[i]!))],
      peers: peerIds.map((id, i) =>
        peer({ id, ip: `100.64.0.${i + 1}`, connected: s.connected[i]!, login_expired: s.flags[i] === 'expired', disable_client_routes: s.flags[i] === 'no-client', disable_server_routes: s.flags[i] === 'no-server', ...(s.flags[i] === 'windows' ? { os: 'Windows 11' } : s.flags[i] === 'android' ? { os: 'Android 14' } : {}) }),
      ),
      policies: [policy({ id: 'pol', sources: [s.policy[0]], destinations: [s.policy[1]], enabled: s.policy[2] }), policy({ id: 'pol-base', sources: ['g-0'], destinations: ['g-all'] })],
    };
  }

  it('gives the answer of simulating everything', () => {
    fc.assert(
      fc.property(accountArb, accountArb, fc.nat(), fc.nat(), (a, b, which, pick) => {
        // The edit: one part of `b` copied over `a`.
        const edited: Spec = { ...a };
        switch (which % 4) {
          case 0:
            edited.routes = a.routes.map((r, i) => (i === pick % a.routes.length ? b.routes[pick % b.routes.length]! : r));
            break;
          case 1:
            edited.members = a.members.map((m, i) => (i === pick % a.members.length ? b.members[i]! : m)) as Spec['members'];
            break;
          case 2:
            edited.flags = a.flags.map((f, i) => (i === pick % a.flags.length ? b.flags[i]! : f));
            break;
          default:
            edited.policy = b.policy;
        }
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(edited), 'new').model;
        expect(compareBehaviour(before, after)).toEqual(compareBehaviour(before, after, { exhaustive: true }));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  // A round of edits as the bench makes them (bench/generate.ts reviseAccount), several at once:
  // metrics changed, routes toggled, removed or added, peers' `connected` flipped; exit routes
  // (0.0.0.0/0) as likely as any other, so exit changes meet nested prefixes that carry for some
  // members and fall through for others.
  const editArb = fc.record({
    kind: fc.constantFrom('metric', 'toggle', 'remove', 'add', 'connected', 'members', 'flags', 'peer'),
    at: fc.nat(),
    route: routeArb,
    metric: fc.constantFrom(5, 10, 15, 20, 30),
    members: fc.subarray(peerIds),
    flag: fc.constantFrom('none', 'expired', 'no-client', 'no-server', 'windows', 'android'),
  });
  type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;
  function revised(a: Spec, edits: readonly Edit[]): Spec {
    const out: Spec = { ...a, routes: [...a.routes], members: [...a.members] as Spec['members'], flags: [...a.flags], connected: [...a.connected] };
    for (const e of edits) {
      const i = e.at % Math.max(1, out.routes.length);
      const r = out.routes[i];
      switch (e.kind) {
        case 'metric':
          if (r) out.routes[i] = { ...r, metric: e.metric };
          break;
        case 'toggle':
          if (r) out.routes[i] = { ...r, enabled: !r.enabled };
          break;
        case 'remove':
          if (out.routes.length > 1) out.routes.splice(i, 1);
          break;
        case 'add':
          out.routes.push(e.route);
          break;
        case 'connected':
          out.connected[e.at % peerIds.length] = !out.connected[e.at % peerIds.length];
          break;
        case 'members':
          out.members[e.at % groupIds.length] = e.members;
          break;
        case 'flags':
          out.flags[e.at % peerIds.length] = e.flag;
          break;
        default:
          if (r) out.routes[i] = { ...r, peer: e.route.peer, peerGroup: e.route.peerGroup };
      }
    }
    return out;
  }
  const exitHeavy = accountArb.map((a) => ({ ...a, routes: a.routes.map((r, i) => (i % 2 === 0 ? { ...r, target: '0.0.0.0/0' } : r)) }));

  it('gives the answer of simulating everything after a round of edits, exit routes included', () => {
    fc.assert(
      fc.property(fc.oneof(accountArb, exitHeavy), fc.array(editArb, { minLength: 1, maxLength: 4 }), (a, edits) => {
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(revised(a, edits)), 'new').model;
        expect(compareBehaviour(before, after)).toEqual(compareBehaviour(before, after, { exhaustive: true }));
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  // Edits to exit routes alone (0.0.0.0/0 served by peer groups, next to nested prefixes): the
  // members they touch are touched by the exit sets only, and those a more specific set carries on
  // the old side are left out before a destination is classed (by their class there, a routing
  // peer of an exit set without its rows in them).
  it('gives the answer of simulating everything when only exit routes change', () => {
    const exitEdit = fc.record({ kind: fc.constantFrom('metric', 'toggle', 'peer'), at: fc.nat(), route: routeArb, metric: fc.constantFrom(5, 10, 15, 20, 30), members: fc.constant([] as string[]), flag: fc.constant('none' as const) });
    fc.assert(
      fc.property(exitHeavy, fc.array(exitEdit, { minLength: 1, maxLength: 3 }), (a, edits) => {
        const exitAt = a.routes.flatMap((r, i) => (r.target === '0.0.0.0/0' ? [i] : []));
        const onExits = edits.map((e) => ({ ...e, at: exitAt[e.at % exitAt.length]! }));
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(revised(a, onExits)), 'new').model;
        expect(compareBehaviour(before, after)).toEqual(compareBehaviour(before, after, { exhaustive: true }));
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('a flipped `connected` alone changes no carrier', () => {
    fc.assert(
      fc.property(accountArb, fc.nat(), (a, at) => {
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(revised(a, [{ kind: 'connected', at, route: a.routes[0]!, metric: 10, members: [], flag: 'none' }])), 'new').model;
        const d = compareBehaviour(before, after);
        expect([d.behaviourTotal, d.exitNodeTotal]).toEqual([0, 0]);
      }),
      { numRuns: 100 },
    );
  });

  // Unrelated exports change nearly everything: every member is simulated, and members whose
  // carriers rest on the same facts share one computed answer (simulate/share.ts).
  it('shares answers between members exactly as simulating each one alone would', () => {
    fc.assert(
      fc.property(accountArb, accountArb, (a, b) => {
        const before = loadedOf(bundleOf(a), 'old').model;
        const after = loadedOf(bundleOf(b), 'new').model;
        expect(compareBehaviour(before, after)).toEqual(compareBehaviour(before, after, { exhaustive: true }));
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('exports of different accounts', () => {
  it('with no peer in common, behaviour is not compared and the routes decide', () => {
    const other: Bundle = {
      routes: [route({ id: 'r-other', network: '10.7.0.0/16', peer: 'p-x', groups: ['g-x'] })],
      groups: [group('g-x', 'x', ['p-x'])],
      peers: [peer({ id: 'p-x', ip: '100.64.1.1' })],
    };
    const d = diffBundles(account([lan]), other);
    expect(d.summary).toMatchObject({ behaviourCompared: false, decidedBy: 'routes', routingChanged: true });
    expect(d.summary.behaviourNotCompared).toMatch(/no peer in common/);
  });
});

// ReportData of small API-shaped accounts: the summary counts, the findings grouped by rule, HA
// set health from the export, exit node auto-apply per group, the reachability matrix cells, the
// address map entries and the graph edges.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type ApiRoute, type Bundle } from '../support/api.js';
import { ruleDocOf } from '../../src/version.js';
import { reportOf } from './support.js';
import { loadBundle } from '../support/model.js';
import { reachabilityReportOf } from '../../src/report/data/reachability.js';
import { DISPLAY_LIMITS, PEER_HEALTH } from '../../src/report/data/types.js';

const ids = (refs: readonly { id: string }[]) => refs.map((r) => r.id);

// Gateways in every state the export can show, three exit nodes (one opt-in), a domain route, a
// disabled route, a nested prefix and a route nobody serves.
const account: Bundle = {
  routes: [
    route({ id: 'r-lan', network: '10.1.0.0/16', network_id: 'lan', peer_groups: ['g-gw'], groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-lab', network: '10.1.5.0/24', network_id: 'lab', peer: 'p-gw1', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-ghost', network: '10.2.0.0/24', network_id: 'ghost', peer: 'p-x', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-dead', network: '10.4.0.0/24', network_id: 'dead', peer: '', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-old', network: '10.9.0.0/24', network_id: 'old', peer: 'p-gw1', groups: ['g-dev'], metric: 100, enabled: false }),
    route({ id: 'r-app', domains: ['app.example.com'], network_id: 'app', peer: 'p-gw1', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-exit-b', network: '0.0.0.0/0', network_id: 'exit-b', peer: 'p-exb', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-exit-a', network: '0.0.0.0/0', network_id: 'exit-a', peer: 'p-exa', groups: ['g-dev'], metric: 100, skip_auto_apply: true }),
    route({ id: 'r-exit-0', network: '0.0.0.0/0', network_id: 'exit-0', peer: 'p-ex0', groups: ['g-ops'], metric: 100 }),
  ],
  groups: [
    group('g-all', 'All', ['p-gw1', 'p-gw2', 'p-gw3', 'p-gw4', 'p-exa', 'p-exb', 'p-ex0', 'p-a', 'p-b']),
    group('g-dev', 'dev', ['p-a', 'p-b']),
    group('g-ops', 'ops', ['p-b']),
    group('g-gw', 'gateways', ['p-gw1', 'p-gw2', 'p-gw3', 'p-gw4']),
  ],
  peers: [
    peer({ id: 'p-gw1', name: 'gw1', ip: '100.64.0.1' }),
    peer({ id: 'p-gw2', name: 'gw2', ip: '100.64.0.2', connected: false }),
    peer({ id: 'p-gw3', name: 'gw3', ip: '100.64.0.3', login_expired: true }),
    peer({ id: 'p-gw4', name: 'gw4', ip: '100.64.0.4', disable_server_routes: true }),
    peer({ id: 'p-exa', name: 'exit-a-node', ip: '100.64.0.5' }),
    peer({ id: 'p-exb', name: 'exit-b-node', ip: '100.64.0.6' }),
    peer({ id: 'p-ex0', name: 'exit-0-node', ip: '100.64.0.7' }),
    peer({ id: 'p-a', name: 'laptop-a', ip: '100.64.1.1' }),
    peer({ id: 'p-b', name: 'laptop-b', ip: '100.64.1.2' }),
  ],
  policies: [policy({ id: 'pol-all', sources: ['g-all'], destinations: ['g-all'] })],
};

describe('report summary', () => {
  const { data, results } = reportOf(account);

  it('counts routes, HA sets, routing peers, exit nodes and domain routes', () => {
    expect(data.summary).toMatchObject({ routes: 9, enabledRoutes: 8, haSets: 9, exitNodes: 3, domainRoutes: 1, peers: 9, groups: 4, policies: 1 });
    // gw1..gw4 through peer groups, the unknown p-x, and the three exit peers.
    expect(data.summary.routingPeers).toBe(8);
  });

  it('counts findings by severity as lint does', () => {
    expect(data.summary.findings).toEqual({
      error: results.reduce((n, r) => n + r.errorCount, 0),
      warning: results.reduce((n, r) => n + r.warningCount, 0),
    });
    expect(data.summary.findings.error).toBeGreaterThan(0);
    expect(data.summary.skippedRules).toBe(0);
  });
});

describe('findings', () => {
  const { data, results } = reportOf(account, { homepage: 'https://github.com/example/routelint', ruleDoc: ruleDocOf });

  it('carries the documentation of every rule it names, and no link without a homepage', () => {
    const named = [...new Set([...data.findings.map((g) => g.ruleId), ...data.suppressed.map((f) => f.ruleId), ...data.skippedRules.map((s) => s.ruleId)])].filter((id) => id !== null).sort();
    expect(data.ruleDocs.map((d) => d.ruleId)).toEqual(named);
    for (const d of data.ruleDocs) expect(d.markdown).toBe(ruleDocOf(d.ruleId));
    const bare = reportOf(account).data;
    expect(bare.findings.map((g) => g.docsUrl)).toEqual(bare.findings.map(() => null));
    expect(bare.ruleDocs).toEqual([]);
  });

  it('lists every finding once, grouped by rule, with its docs page', () => {
    const all = results.flatMap((r) => r.messages);
    expect(data.findings.reduce((n, g) => n + g.findings.length, 0)).toBe(all.length);
    for (const g of data.findings) {
      expect(g.findings.every((f) => f.ruleId === g.ruleId)).toBe(true);
      expect(g.docsUrl).toBe(`https://github.com/example/routelint/blob/HEAD/docs/rules/${g.ruleId}.md`);
      expect(existsSync(new URL(`../../docs/rules/${g.ruleId}.md`, import.meta.url))).toBe(true);
      for (const f of g.findings) expect(f.explanation, f.messageId ?? '').toBeTruthy();
      expect(g.counts.error + g.counts.warning).toBe(g.findings.length);
    }
    expect(new Set(data.findings.map((g) => g.ruleId)).size).toBe(data.findings.length);
  });

  it('puts rules with errors first, then orders by rule id', () => {
    const order = data.findings.map((g) => [g.severity === 'error' ? 0 : 1, g.ruleId] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1]! < b[1]! ? -1 : 1)));
  });

  it('gives each finding its route and network_id and each route its counts', () => {
    const unknownPeer = data.findings.find((g) => g.ruleId === 'unknown-peer')!;
    expect(unknownPeer.findings.map((f) => [f.routeId, f.networkId, f.severity])).toEqual([['r-ghost', 'ghost', 'error']]);
    const ghost = data.routes.find((r) => r.id === 'r-ghost')!;
    expect(ghost.findings.error).toBeGreaterThanOrEqual(1);
    expect(ghost.severity).toBe('error');
  });

  it('reports the rules an export without groups, peers and policies skips', () => {
    const { data: bare } = reportOf({ routes: account.routes });
    expect(bare.summary.skippedRules).toBeGreaterThan(0);
    expect(bare.skippedRules.map((s) => s.ruleId)).toContain('unknown-peer');
    expect(bare.skippedRules.find((s) => s.ruleId === 'unknown-peer')!.missing).toEqual(['peers']);
    expect(bare.summary).toMatchObject({ peers: null, groups: null, policies: null });
  });
});

describe('inventory', () => {
  const { data } = reportOf(account);

  it('lists every route: network routes by prefix, then domain routes', () => {
    expect(data.routes.map((r) => r.id)).toEqual(['r-exit-0', 'r-exit-a', 'r-exit-b', 'r-lan', 'r-lab', 'r-ghost', 'r-dead', 'r-old', 'r-app']);
  });

  it('expands peer groups into routing peers, by name', () => {
    const lan = data.routes.find((r) => r.id === 'r-lan')!;
    expect(ids(lan.routingPeers!)).toEqual(['p-gw1', 'p-gw2', 'p-gw3', 'p-gw4']);
    expect(ids(lan.peerGroups)).toEqual(['g-gw']);
    expect(lan.peer).toBeNull();
    expect(data.routes.find((r) => r.id === 'r-dead')!.routingPeers).toEqual([]);
  });

  it('keeps the fields an auditor reads', () => {
    const old = data.routes.find((r) => r.id === 'r-old')!;
    expect(old).toMatchObject({ enabled: false, networkId: 'old', target: '10.9.0.0/24', metric: 100, kind: 'network' });
    const app = data.routes.find((r) => r.id === 'r-app')!;
    expect(app).toMatchObject({ kind: 'domain', target: 'app.example.com', prefix: null, domains: ['app.example.com'] });
    expect(data.routes.filter((r) => r.isExit).map((r) => r.id)).toEqual(['r-exit-0', 'r-exit-a', 'r-exit-b']);
  });
});

describe('HA sets', () => {
  const { data } = reportOf(account);
  const set = (networkId: string) => data.haSets.find((s) => s.networkId === networkId)!;

  it('gives every routing peer its health from the export', () => {
    expect(set('lan').members.map((m) => [m.peer.name, m.health])).toEqual([
      ['gw1', 'connected'],
      ['gw2', 'disconnected'],
      ['gw3', 'login-expired'],
      ['gw4', 'forwards-nothing'],
    ]);
    expect(set('ghost').members.map((m) => [m.peer.id, m.health])).toEqual([['p-x', 'unknown-peer']]);
  });

  it('counts the available peers: connected, login valid, serving routes', () => {
    expect(set('lan')).toMatchObject({ availablePeers: 1, enabledPeers: 4, enabledRoutes: 1 });
    expect(set('ghost')).toMatchObject({ availablePeers: 0, enabledPeers: 1 });
    expect(set('dead')).toMatchObject({ availablePeers: 0, enabledPeers: 0, routesWithoutPeer: ['r-dead'], members: [] });
    expect(set('old')).toMatchObject({ enabledPeers: 0, enabledRoutes: 0 });
  });

  it('names the peer groups a member comes from', () => {
    expect(set('lan').members.every((m) => m.via.length === 1 && m.via[0]!.id === 'g-gw')).toBe(true);
    expect(set('lab').members[0]!.via).toEqual([]);
  });

  it('orders members by metric, then name', () => {
    const { data: d } = reportOf({
      ...account,
      routes: [
        route({ id: 'r-2', network: '10.7.0.0/24', network_id: 'ha', peer: 'p-gw2', groups: ['g-dev'], metric: 50 }),
        route({ id: 'r-1', network: '10.7.0.0/24', network_id: 'ha', peer: 'p-gw1', groups: ['g-dev'], metric: 200 }),
        route({ id: 'r-4', network: '10.7.0.0/24', network_id: 'ha', peer: 'p-exa', groups: ['g-dev'], metric: 50 }),
      ],
    });
    expect(d.haSets[0]!.members.map((m) => [m.peer.name, m.metric])).toEqual([
      ['exit-a-node', 50],
      ['gw2', 50],
      ['gw1', 200],
    ]);
  });

  it('lists the first rows of a large set, in the order of the whole sorted list, and counts the rest by health', () => {
    // 30 gateways in two peer groups and on their own routes, metrics and states mixed: the listed rows
    // must be the first DISPLAY_LIMITS.haMembers of every (route, peer) row sorted by metric, name, route id.
    const gws = Array.from({ length: 30 }, (_, i) => peer({ id: `p-g${i}`, name: `gw-${String((i * 7) % 30).padStart(2, '0')}`, ip: `100.64.2.${i}`, connected: i % 3 !== 0, login_expired: i % 7 === 0 }));
    const { data: d } = reportOf({
      routes: [
        route({ id: 'r-a', network: '10.8.0.0/16', network_id: 'big', peer_groups: ['g-x'], groups: ['g-dev'], metric: 100 }),
        route({ id: 'r-b', network: '10.8.0.0/16', network_id: 'big', peer_groups: ['g-y', 'g-x'], groups: ['g-dev'], metric: 50 }),
        route({ id: 'r-c', network: '10.8.0.0/16', network_id: 'big', peer: 'p-g4', groups: ['g-dev'], metric: 100 }),
      ],
      groups: [group('g-x', 'x', gws.slice(0, 20).map((p) => p.id)), group('g-y', 'y', gws.slice(15).map((p) => p.id)), group('g-dev', 'dev', ['p-g0'])],
      peers: gws,
    });
    const s = d.haSets[0]!;
    const byName = new Map(gws.map((p) => [p.id, p.name]));
    const rows = [
      ...gws.slice(0, 20).map((p) => ({ route: 'r-a', id: p.id, metric: 100 })),
      ...gws.map((p) => ({ route: 'r-b', id: p.id, metric: 50 })),
      { route: 'r-c', id: 'p-g4', metric: 100 },
    ].sort((a, b) => a.metric - b.metric || byName.get(a.id)!.localeCompare(byName.get(b.id)!) || a.route.localeCompare(b.route));
    expect(s.memberCount).toBe(51);
    expect(s.members.map((m) => [m.routeId, m.peer.id])).toEqual(rows.slice(0, DISPLAY_LIMITS.haMembers).map((r) => [r.route, r.id]));
    const health = (i: number) => (i % 7 === 0 ? 'login-expired' : i % 3 !== 0 ? 'connected' : 'disconnected');
    const rest = new Map<string, number>();
    for (const r of rows.slice(DISPLAY_LIMITS.haMembers)) rest.set(health(Number(r.id.slice(3))), (rest.get(health(Number(r.id.slice(3)))) ?? 0) + 1);
    expect(s.otherHealth).toEqual(PEER_HEALTH.filter((h) => rest.has(h)).map((h) => ({ health: h, count: rest.get(h) })));
    expect(s.enabledPeers).toBe(30);
    expect(s.availablePeers).toBe(gws.filter((_, i) => health(i) === 'connected').length);
  });

  it('has no health without the peers section', () => {
    const { data: bare } = reportOf({ routes: account.routes, groups: account.groups });
    const lan = bare.haSets.find((s) => s.networkId === 'lan')!;
    expect(lan.members.map((m) => m.health)).toEqual([null, null, null, null]);
    expect(lan.availablePeers).toBeNull();
  });
});

describe('exit nodes', () => {
  const { data } = reportOf(account);

  it('lists the exit sets in network_id order, with auto-apply and masquerade', () => {
    expect(data.exitNodes.nodes.map((x) => [x.networkId, x.autoApplies, x.masquerade, ids(x.peers), ids(x.groups)])).toEqual([
      ['exit-0', true, 'on', ['p-ex0'], ['g-ops']],
      ['exit-a', false, 'on', ['p-exa'], ['g-dev']],
      ['exit-b', true, 'on', ['p-exb'], ['g-dev']],
    ]);
  });

  it('applies the smallest auto-applicable network_id each member receives', () => {
    const rows = data.exitNodes.autoApply!.map((row) => [row.group.name, row.outcomes.map((o) => [ids(o.sources), o.active, o.available])]);
    expect(rows).toEqual([
      // laptop-b is in ops too: it also receives exit-0, which sorts first; exit-a is opt-in.
      [
        'dev',
        [
          [['p-a'], ['exit-b'], ['exit-a', 'exit-b']],
          [['p-b'], ['exit-0'], ['exit-0', 'exit-a', 'exit-b']],
        ],
      ],
      ['ops', [[['p-b'], ['exit-0'], ['exit-0', 'exit-a', 'exit-b']]]],
    ]);
  });

  it('applies no exit node when every one is opt-in', () => {
    const optIn = { ...account, routes: (account.routes as ApiRoute[]).map((r) => (r.network === '0.0.0.0/0' ? { ...r, skip_auto_apply: true } : r)) };
    const { data: d } = reportOf(optIn);
    const dev = d.exitNodes.autoApply!.find((row) => row.group.id === 'g-dev')!;
    expect(dev.outcomes.map((o) => o.active)).toEqual([[], []]);
  });

  it('says which exit node a member serves itself', () => {
    const { data: d } = reportOf({ ...account, groups: account.groups!.map((g) => ((g as { id: string }).id === 'g-dev' ? group('g-dev', 'dev', ['p-a', 'p-exb']) : g)) });
    const dev = d.exitNodes.autoApply!.find((row) => row.group.id === 'g-dev')!;
    const exb = dev.outcomes.find((o) => o.sources.some((s) => s.id === 'p-exb'))!;
    expect(exb.serves).toEqual(['exit-b']);
    expect(exb.active).toEqual([]);
  });

  it('needs groups and peers to decide auto-apply', () => {
    expect(reportOf({ routes: account.routes }).data.exitNodes.autoApply).toBeNull();
  });
});

describe('reachability matrix', () => {
  const { data } = reportOf(account);
  const r = data.reachability;
  const cell = (networkId: string, groupId: string) => {
    const row = r.rows.find((x) => x.set.networkId === networkId)!;
    return row.cells.find((c) => c.group.id === groupId) ?? null;
  };
  const outcomes = (networkId: string, groupId: string) =>
    cell(networkId, groupId)!.outcomes.map((o) => ({ d: o.disposition, peer: o.peer?.id ?? null, via: o.networkId, nd: o.nondeterministic, possible: ids(o.possiblePeers), who: ids(o.sources), n: o.members }));

  it('has a column per distribution group and a row per distributed set, the set reaching the most members first, then in HA set order', () => {
    expect(ids(r.groups)).toEqual(['g-dev', 'g-ops']);
    const reach = (networkId: string) => r.rows.find((x) => x.set.networkId === networkId)!.members;
    const expected = data.haSets.map((s) => s.networkId).filter((id) => r.rows.some((x) => x.set.networkId === id));
    expect(r.rows.map((x) => x.set.networkId)).toEqual([...expected].sort((a, b) => reach(b) - reach(a) || expected.indexOf(a) - expected.indexOf(b)));
    expect(new Set(r.rows.map((x) => x.members)).size).toBeGreaterThan(1);
    expect(cell('exit-0', 'g-dev')).toBeNull();
    expect(cell('lan', 'g-ops')).toBeNull();
    expect(r.missing).toEqual([]);
    expect(r.unsimulated).toEqual({ sets: 0, cells: 0, members: 0 });
    const cells = r.rows.flatMap((x) => x.cells);
    expect(r.totals.reduce((n, t) => n + t.members, 0)).toBe(cells.reduce((n, c) => n + c.members, 0));
  });

  it('asks about an address of the set that no nested set takes', () => {
    expect(r.rows.find((x) => x.set.networkId === 'lan')!.destination).toBe('10.1.0.0');
    expect(r.rows.find((x) => x.set.networkId === 'lab')!.destination).toBe('10.1.5.0');
  });

  it('names the peers of a tie: gw1, gw2 and gw4 share metric 100 (gw3 has no login; gw4, with disable_server_routes, is still a candidate)', () => {
    expect(outcomes('lan', 'g-dev')).toEqual([{ d: 'ROUTED', peer: null, via: null, nd: true, possible: ['p-gw1', 'p-gw2', 'p-gw4'], who: ['p-a', 'p-b'], n: 2 }]);
  });

  it('shows the carrier of another network_id when the set has no peer', () => {
    // Nobody serves 'dead': the active exit node carries 10.4.0.0, and the members apply different ones.
    expect(outcomes('dead', 'g-dev')).toEqual([
      { d: 'ROUTED', peer: 'p-exb', via: 'exit-b', nd: false, possible: ['p-exb'], who: ['p-a'], n: 1 },
      { d: 'ROUTED', peer: 'p-ex0', via: 'exit-0', nd: false, possible: ['p-ex0'], who: ['p-b'], n: 1 },
    ]);
  });

  it('marks private traffic that leaves through an exit node, and only that', () => {
    expect(cell('dead', 'g-dev')!.outcomes.map((o) => o.privateViaExit)).toEqual([true, true]);
    expect(cell('lab', 'g-dev')!.outcomes.map((o) => o.privateViaExit)).toEqual([false]);
  });

  it('routes the nested set through its own peer', () => {
    expect(outcomes('lab', 'g-dev')).toEqual([{ d: 'ROUTED', peer: 'p-gw1', via: 'lab', nd: false, possible: ['p-gw1'], who: ['p-a', 'p-b'], n: 2 }]);
  });

  it('says nothing routes the opt-in exit node for its group', () => {
    // exit-a is skip_auto_apply: members route 8.8.8.8 through the exit node they apply instead.
    expect(outcomes('exit-a', 'g-dev').map((o) => o.via)).toEqual(['exit-b', 'exit-0']);
  });

  it('stops at the work budget: the cells after it are listed, unsimulated, with their members counted', () => {
    const { model } = loadBundle(account);
    const small = reachabilityReportOf(model, data.haSets, undefined, 1);
    expect(small.rows.map((x) => x.set.key).sort()).toEqual(r.rows.map((x) => x.set.key).sort());
    const cells = small.rows.flatMap((x) => x.cells);
    const left = cells.filter((c) => !c.simulated);
    // One answer fits in the budget: at most the first cell asked about is simulated.
    expect(cells.length - left.length).toBeLessThanOrEqual(1);
    expect(small.unsimulated.cells).toBe(left.length);
    expect(small.unsimulated.members).toBe(left.reduce((n, c) => n + c.members, 0));
    expect(small.unsimulated.sets).toBe(small.rows.filter((x) => x.cells.some((c) => !c.simulated)).length);
    for (const c of left) expect(c.outcomes).toEqual([]);
    // Rows that are simulated in full come before those that are not, at equal reach.
    expect(small.rows[0]!.members).toBe(r.rows[0]!.members);
  });

  it('needs groups and peers', () => {
    const { data: bare } = reportOf({ routes: account.routes, groups: account.groups });
    expect(bare.reachability).toEqual({ missing: ['peers'], groups: [], rows: [], totals: [], unsimulated: { sets: 0, cells: 0, members: 0 } });
  });
});

describe('address map and graph', () => {
  const { data } = reportOf(account);

  it('has one entry per distinct prefix, parents first, with its worst severity', () => {
    expect(data.addressMap.map((e) => e.prefix.text)).toEqual(['0.0.0.0/0', '10.1.0.0/16', '10.1.5.0/24', '10.2.0.0/24', '10.4.0.0/24', '10.9.0.0/24']);
    const entry = (p: string) => data.addressMap.find((e) => e.prefix.text === p)!;
    expect(entry('0.0.0.0/0').networkIds).toEqual(['exit-0', 'exit-a', 'exit-b']);
    expect(entry('10.2.0.0/24').severity).toBe('error');
    expect(entry('10.9.0.0/24').enabled).toBe(false);
    for (const e of data.addressMap) {
      const worst = data.routes.filter((r) => e.routeIds.includes(r.id)).reduce((w, r) => (r.severity === 'error' || w === 'error' ? 'error' : r.severity === 'warning' || w === 'warning' ? 'warning' : 'none'), 'none' as string);
      expect(e.severity).toBe(worst);
    }
  });

  it('links distribution groups to sets and sets to routing peers', () => {
    const { groupEdges, peerEdges } = data.graph;
    expect(groupEdges.filter((e) => e.to === 'lan|10.1.0.0/16').map((e) => e.from)).toEqual(['g-dev']);
    expect(peerEdges.filter((e) => e.from === 'lan|10.1.0.0/16').map((e) => e.to)).toEqual(['p-gw1', 'p-gw2', 'p-gw3', 'p-gw4']);
    expect(groupEdges.find((e) => e.to === 'old|10.9.0.0/24')!.enabled).toBe(false);
    expect(ids(data.graph.groups)).toEqual(['g-dev', 'g-ops']);
    expect(data.graph.sets.length).toBe(data.haSets.length);
    // The counts the page shows are the lists' lengths (a graph too large to draw builds its lists only when read).
    expect(data.graph.counts).toEqual({ groups: 2, sets: data.haSets.length, peers: data.graph.peers.length });
    expect(data.graph.peers.length).toBeGreaterThanOrEqual(4);
  });
});

describe('determinism', () => {
  it('builds equal data for the same export', () => {
    expect(reportOf(account).data).toEqual(reportOf(account).data);
  });

  it('does not depend on the order of groups, peers and policies in the export', () => {
    const shuffled = { ...account, groups: [...account.groups!].reverse(), peers: [...account.peers!].reverse() };
    const a = reportOf(account).data;
    const b = reportOf(shuffled).data;
    // Findings point at lines of the file, which move; everything else is the same.
    const strip = (d: typeof a) => ({ ...d, findings: d.findings.map((g) => ({ ...g, findings: g.findings.map((f) => ({ ...f, line: 0, column: 0 })) })) });
    expect(strip(b)).toEqual(strip(a));
  });
});

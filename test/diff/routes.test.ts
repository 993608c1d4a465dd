// Routes added, removed and changed, field by field, and findings matched by fingerprint.
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type Bundle, type RouteInput } from '../support/api.js';
import { diffBundles } from '../support/diff.js';

function account(routes: unknown[]): Bundle {
  return {
    routes,
    groups: [group('g-all', 'All', ['p-a', 'p-gw1', 'p-gw2']), group('g-dev', 'developers', ['p-a']), group('g-ops', 'operators', []), group('g-acl', 'acl', ['p-gw1'])],
    peers: [peer({ id: 'p-a', ip: '100.64.0.1' }), peer({ id: 'p-gw1', name: 'gw-one', ip: '100.64.0.11' }), peer({ id: 'p-gw2', name: 'gw-two', ip: '100.64.0.12' })],
    policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
  };
}

const base: RouteInput = { id: 'r-1', network: '10.1.0.0/16', network_id: 'lan', peer: 'p-gw1', metric: 100, groups: ['g-dev', 'g-ops'] };
const fields = (b: Bundle, a: Bundle) => diffBundles(b, a).routes.changed.map((c) => [c.id, c.fields.map((f) => f.field)]);

describe('routes field by field', () => {
  it('reads distribution groups, peer_groups and access_control_groups as sets', () => {
    expect(fields(account([route(base)]), account([route({ ...base, groups: ['g-ops', 'g-dev', 'g-dev'] })]))).toEqual([]);
    // The API omits an empty access_control_groups; an explicit [] is the same.
    expect(fields(account([route(base)]), account([{ ...route(base), access_control_groups: [] }]))).toEqual([]);
    const d = diffBundles(account([route(base)]), account([route({ ...base, groups: ['g-ops'], access_control_groups: ['g-acl'] })]));
    expect(d.routes.changed[0]!.fields.map((f) => [f.field, f.old, f.new, f.added?.map((g) => g.name), f.removed?.map((g) => g.name)])).toEqual([
      ['access_control_groups', null, ['g-acl'], ['acl'], []],
      ['groups', ['g-dev', 'g-ops'], ['g-ops'], [], ['developers']],
    ]);
  });

  it('reads domains as a list: their order makes the HA set', () => {
    const dom: RouteInput = { id: 'r-d', domains: ['a.example.com', 'b.example.com'], network_id: 'web', peer: 'p-gw1' };
    expect(fields(account([route(dom)]), account([route({ ...dom, domains: ['b.example.com', 'a.example.com'] })]))).toEqual([['r-d', ['domains']]]);
  });

  it('names the routing peer of a changed `peer`', () => {
    const d = diffBundles(account([route(base)]), account([route({ ...base, peer: 'p-gw2' })]));
    expect(d.routes.changed[0]!.fields.map((f) => [f.field, f.old, f.new, f.oldName, f.newName])).toEqual([['peer', 'p-gw1', 'p-gw2', 'gw-one', 'gw-two']]);
  });

  it('ignores key order and position in the file; matches repeated ids in order', () => {
    const r2: RouteInput = { ...base, id: 'r-2', network: '10.2.0.0/16', network_id: 'lan2' };
    const reversedKeys = Object.fromEntries(Object.entries(route(base)).reverse());
    expect(diffBundles(account([route(base), route(r2)]), account([route(r2), reversedKeys])).routes).toEqual({ added: [], removed: [], changed: [] });
    const dup = diffBundles(account([route(base), route({ ...base, metric: 200 })]), account([route(base), route({ ...base, metric: 300 }), route({ ...base, metric: 400 })]));
    expect(dup.routes.changed.map((c) => c.fields.map((f) => [f.field, f.old, f.new]))).toEqual([[['metric', 200, 300]]]);
    expect(dup.routes.added.map((r) => r.id)).toEqual(['r-1']);
  });

  it('lists added and removed routes by id, sorted', () => {
    const d = diffBundles(account([route({ ...base, id: 'r-9' }), route({ ...base, id: 'r-3', network: '10.3.0.0/16' })]), account([route({ ...base, id: 'r-5', network: '10.5.0.0/16' })]));
    expect([d.routes.added.map((r) => r.id), d.routes.removed.map((r) => r.id)]).toEqual([['r-5'], ['r-3', 'r-9']]);
    expect(d.routes.added[0]).toEqual({ id: 'r-5', network_id: 'lan', target: '10.5.0.0/16', description: '' });
  });
});

describe('findings introduced and fixed', () => {
  const bad = route({ ...base, id: 'r-bad', network: '10.9.0.0/24', network_id: 'bad', metric: 0 });

  it('matches findings by fingerprint, not by position', () => {
    const d = diffBundles(account([route(base), bad]), account([bad, route(base)]));
    expect([d.findings.introduced, d.findings.fixed]).toEqual([[], []]);
  });

  it('reports a finding introduced, then fixed', () => {
    const introduced = diffBundles(account([route(base)]), account([route(base), bad])).findings;
    expect(introduced.introduced.map((f) => [f.ruleId, f.messageId, f.routeId, f.severity])).toContainEqual(['metric-range', expect.any(String), 'r-bad', 'error']);
    expect(introduced.fixed).toEqual([]);
    const fixed = diffBundles(account([route(base), bad]), account([route(base)])).findings;
    expect(fixed.fixed.map((f) => f.ruleId)).toContain('metric-range');
    expect(fixed.introduced).toEqual([]);
  });

  it('lints both exports with the same rule settings', () => {
    const d = diffBundles(account([route(base)]), account([route(base), bad]), ['metric-range:off']);
    expect(d.findings.introduced.map((f) => f.ruleId)).not.toContain('metric-range');
  });

  it('keeps the count of related routes lint cut at 100', () => {
    // metric-conflict: a tie of 150 routes at equal metrics, masquerade off, one peer each.
    const tie = Array.from({ length: 150 }, (_, i) => route({ ...base, id: `t${String(i).padStart(3, '0')}`, network: '10.7.0.0/16', network_id: 'tie', peer: `p-t${i}`, masquerade: false }));
    const tiePeers = tie.map((_, i) => peer({ id: `p-t${i}`, ip: `100.64.1.${i + 1}` }));
    const withTie = (routes: unknown[]): Bundle => ({ ...account(routes), peers: [...account([]).peers!, ...tiePeers] });
    const d = diffBundles(withTie([route(base)]), withTie([route(base), ...tie]));
    const ties = d.findings.introduced.filter((f) => f.messageId === 'equalMetricNoMasquerade');
    expect(ties).toHaveLength(150);
    for (const f of ties) expect([f.relatedRouteIds.length, f.relatedRoutesTotal]).toEqual([100, 149]);
    const small = diffBundles(withTie([route(base)]), withTie([route(base), ...tie.slice(0, 3)])).findings.introduced.filter((f) => f.messageId === 'equalMetricNoMasquerade');
    expect(small.map((f) => [f.relatedRouteIds.length, 'relatedRoutesTotal' in f])).toEqual([[2, false], [2, false], [2, false]]);
  });

  it('counts identical findings one by one', () => {
    const twice = [route({ ...base, id: 'r-x', metric: 0 }), route({ ...base, id: 'r-x', metric: 0 })];
    const d = diffBundles(account(twice), account([twice[0]]));
    expect(d.findings.fixed.filter((f) => f.ruleId === 'metric-range').length).toBe(1);
  });
});

describe('findings of rules that ran on one export only', () => {
  it('are left out, with a note, instead of showing as fixed', () => {
    const withGroups = account([route({ ...base, groups: ['g-missing'] })]);
    const routesOnly: Bundle = { routes: withGroups.routes };
    const d = diffBundles(withGroups, routesOnly);
    expect(d.findings.fixed.map((f) => f.ruleId)).not.toContain('unknown-group');
    expect(d.notes.some((n) => n.includes('unknown-group'))).toBe(true);
    // With groups on both sides the same finding is compared as usual.
    expect(diffBundles(withGroups, account([route(base)])).findings.fixed.map((f) => f.ruleId)).toContain('unknown-group');
  });
});

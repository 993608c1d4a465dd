// Networks API objects → routes, as NetBird's management server derives them.
import { describe, expect, it } from 'vitest';
import { exportFromText, readExport } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import type { Model, Route } from '../../src/model/types.js';
import { lintExport } from '../../src/engine/lint.js';
import { rules } from '../../rules/index.js';
import metricRange from '../../rules/metric-range.js';
import { group, policy, route } from '../support/api.js';

// API shapes as GET /api/networks, /api/networks/routers and /api/networks/resources return them.
function network(id: string, routers: string[], resources: string[]): Record<string, unknown> {
  return { description: '', id, name: `net ${id}`, policies: [], resources, routers, routing_peers_count: routers.length };
}

interface RouterInput {
  id: string;
  peer?: string;
  peer_groups?: string[];
  metric?: number;
  masquerade?: boolean;
  enabled?: boolean;
}

function router(input: RouterInput): Record<string, unknown> {
  return { enabled: input.enabled ?? true, id: input.id, masquerade: input.masquerade ?? true, metric: input.metric ?? 100, peer: input.peer ?? '', peer_groups: input.peer_groups ?? null };
}

function resource(id: string, address: string, groups: string[], extra: { enabled?: boolean; name?: string; type?: string } = {}): Record<string, unknown> {
  const type = extra.type ?? (/^[\d.:a-f]+\/(32|128)$/.test(address) ? 'host' : address.includes('/') ? 'subnet' : 'domain');
  return { address, description: `resource ${id}`, enabled: extra.enabled ?? true, groups: groups.map((g) => ({ id: g, name: g, peers_count: 0, resources_count: 1 })), id, name: extra.name ?? `res-${id}`, type };
}

function modelOf(bundle: Record<string, unknown>): { model: Model; text: string } {
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  const model = buildModel(exportFromText('bundle.json', text));
  if (!model) throw new Error('no model');
  return { model, text };
}

const generated = (model: Model): Route[] => model.routes.filter((r) => r.networkResource);

/** One network n1, routers and resources as given, and a policy giving engineering the resource group g-res. */
function account(routers: Record<string, unknown>[], resources: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    routes: [],
    groups: [group('g-all', 'All', ['p-gw1', 'p-gw2', 'p-anna']), group('g-gw', 'gateways', ['p-gw1', 'p-gw2']), group('g-eng', 'engineering', ['p-anna']), group('g-res', 'resources', [])],
    policies: [policy({ id: 'pol-eng', sources: ['g-eng'], destinations: ['g-res'] })],
    networks: [network('n1', routers.map((r) => r.id as string), resources.map((r) => r.id as string))],
    network_routers: routers,
    network_resources: resources,
    ...extra,
  };
}

describe('Networks API → routes', () => {
  it('turns host, subnet and domain resources into routes, one per enabled router', () => {
    const { model } = modelOf(
      account(
        [router({ id: 'r1', peer_groups: ['g-gw'], metric: 100 }), router({ id: 'r2', peer: 'p-gw3', metric: 200, masquerade: false })],
        [resource('host', '10.20.5.7/32', ['g-res']), resource('subnet', '10.20.0.0/16', ['g-res']), resource('domain', 'wiki.example.com', ['g-res']), resource('v6', 'fd00:1::5', ['g-res'])],
      ),
    );
    const rows = generated(model).map((r) => [r.id, r.kind, r.network?.text ?? null, r.domains, r.networkId, r.networkType, r.peer, r.peerGroups, r.metric, r.masquerade, r.keepRoute, r.enabled]);
    expect(rows).toEqual([
      ['host:r1', 'network', '10.20.5.7/32', null, 'res-host', 'IPv4', '', ['g-gw'], 100, true, true, true],
      ['host:r2', 'network', '10.20.5.7/32', null, 'res-host', 'IPv4', 'p-gw3', [], 200, false, true, true],
      ['subnet:r1', 'network', '10.20.0.0/16', null, 'res-subnet', 'IPv4', '', ['g-gw'], 100, true, true, true],
      ['subnet:r2', 'network', '10.20.0.0/16', null, 'res-subnet', 'IPv4', 'p-gw3', [], 200, false, true, true],
      ['domain:r1', 'domain', null, ['wiki.example.com'], 'res-domain', 'Domain', '', ['g-gw'], 100, true, true, true],
      ['domain:r2', 'domain', null, ['wiki.example.com'], 'res-domain', 'Domain', 'p-gw3', [], 200, false, true, true],
      ['v6:r1', 'network', 'fd00:1::5/128', null, 'res-v6', 'IPv6', '', ['g-gw'], 100, true, true, true],
      ['v6:r2', 'network', 'fd00:1::5/128', null, 'res-v6', 'IPv6', 'p-gw3', [], 200, false, true, true],
    ]);
    expect(generated(model).find((r) => r.id === 'domain:r1')!.networkText).toBe('192.0.2.0/32');
  });

  it('puts the routes of one resource in one HA set, whatever the router', () => {
    const { model } = modelOf(account([router({ id: 'r1', peer: 'p-gw1' }), router({ id: 'r2', peer: 'p-gw2', metric: 200 })], [resource('lan', '10.20.0.0/16', ['g-res'])]));
    expect(model.haSets.map((s) => [s.key, s.routes.map((r) => r.id)])).toEqual([['res-lan|10.20.0.0/16', ['lan:r1', 'lan:r2']]]);
    expect(model.routingPeersOf(generated(model)[0]!)).toEqual(['p-gw1']);
  });

  it('expands a peer_groups router like a peer_groups route', () => {
    const { model } = modelOf(account([router({ id: 'r1', peer_groups: ['g-gw'] })], [resource('lan', '10.20.0.0/16', ['g-res'])]));
    expect(model.routingPeersOf(generated(model)[0]!)).toEqual(['p-gw1', 'p-gw2']);
  });

  it.each([
    ['a disabled resource', [router({ id: 'r1', peer: 'p-gw1' })], [resource('off', '10.1.0.0/16', ['g-res'], { enabled: false }), resource('on', '10.2.0.0/16', ['g-res'])], ['on:r1']],
    ['a disabled router', [router({ id: 'r1', peer: 'p-gw1', enabled: false }), router({ id: 'r2', peer: 'p-gw2' })], [resource('lan', '10.1.0.0/16', ['g-res'])], ['lan:r2']],
    ['no enabled router', [router({ id: 'r1', peer: 'p-gw1', enabled: false })], [resource('lan', '10.1.0.0/16', ['g-res'])], []],
  ])('leaves out %s', (_, routers, resources, ids) => {
    expect(generated(modelOf(account(routers, resources)).model).map((r) => r.id)).toEqual(ids);
  });

  it('is always access-controlled: the access control groups are the resource groups, from the resource and from the groups holding it', () => {
    const groups = [group('g-all', 'All', ['p-gw1', 'p-anna']), group('g-eng', 'engineering', ['p-anna']), group('g-res', 'resources', []), { ...group('g-extra', 'extra', []), resources: [{ id: 'lan', type: 'subnet' }], resources_count: 1 }];
    const { model } = modelOf(account([router({ id: 'r1', peer: 'p-gw1' })], [resource('lan', '10.1.0.0/16', ['g-res'])], { groups }));
    const [lan] = generated(model);
    expect(lan!.accessControlGroups).toEqual(['g-extra', 'g-res']);
  });

  describe('distribution: the source groups of the enabled policies whose enabled rules target the resource', () => {
    const routers = [router({ id: 'r1', peer: 'p-gw1' })];
    const resources = [resource('lan', '10.1.0.0/16', ['g-res'])];
    const byResource = (id: string, sources: string[], resourceId: string) => {
      const p = policy({ id, sources, destinations: [] });
      const [rule] = p.rules as Record<string, unknown>[];
      rule!.destinations = null;
      rule!.destinationResource = { id: resourceId, type: 'subnet' };
      return p;
    };
    const fromPeer = (id: string, peerId: string) => {
      const p = policy({ id, sources: [], destinations: ['g-res'] });
      const [rule] = p.rules as Record<string, unknown>[];
      rule!.sources = null;
      rule!.sourceResource = { id: peerId, type: 'peer' };
      return p;
    };
    it.each([
      ['a rule naming a resource group', [policy({ id: 'p1', sources: ['g-eng'], destinations: ['g-res'] })], ['g-eng'], [], ['p1']],
      ['a rule naming the resource itself', [byResource('p1', ['g-eng'], 'lan')], ['g-eng'], [], ['p1']],
      ['a rule naming another resource', [byResource('p1', ['g-eng'], 'other')], [], [], []],
      ['a disabled policy', [policy({ id: 'p1', sources: ['g-eng'], destinations: ['g-res'], enabled: false })], [], [], []],
      ['a disabled rule', [policy({ id: 'p1', sources: ['g-eng'], destinations: ['g-res'], ruleEnabled: false })], [], [], []],
      ['a policy not about the resource', [policy({ id: 'p1', sources: ['g-eng'], destinations: ['g-all'] })], [], [], []],
      ['a peer as the source', [fromPeer('p1', 'p-anna')], [], ['p-anna'], ['p1']],
      [
        'several policies',
        [policy({ id: 'p2', sources: ['g-eng'], destinations: ['g-res'] }), policy({ id: 'p1', sources: ['g-all', 'g-eng'], destinations: ['g-res'] })],
        ['g-all', 'g-eng'],
        [],
        ['p1', 'p2'],
      ],
    ])('%s', (_, policies, groups, sourcePeerIds, policyIds) => {
      const [lan] = generated(modelOf(account(routers, resources, { policies })).model);
      expect([lan!.groups, lan!.networkResource!.sourcePeerIds, lan!.networkResource!.policyIds]).toEqual([groups, sourcePeerIds, policyIds]);
    });

    it('reaches nobody without policies in the export', () => {
      const bundle = account(routers, resources);
      delete bundle.policies;
      const [lan] = generated(modelOf(bundle).model);
      expect([lan!.groups, lan!.networkResource!.policyIds]).toEqual([[], []]);
    });
  });

  it('records where each route comes from', () => {
    const { model } = modelOf(account([router({ id: 'r1', peer: 'p-gw1' })], [resource('lan', '10.1.0.0/16', ['g-res'])]));
    expect(generated(model)[0]!.networkResource).toEqual({ networkId: 'n1', resourceId: 'lan', routerId: 'r1', policyIds: ['pol-eng'], sourcePeerIds: [] });
  });

  it("takes a router's or resource's own network_id over the network lists", () => {
    const bundle = account([], []);
    bundle.networks = [network('n1', [], []), network('n2', [], [])];
    bundle.network_routers = [{ ...router({ id: 'r1', peer: 'p-gw1' }), network_id: 'n2' }];
    bundle.network_resources = [{ ...resource('lan', '10.1.0.0/16', ['g-res']), network_id: 'n2' }];
    expect(generated(modelOf(bundle).model).map((r) => [r.id, r.networkResource!.networkId])).toEqual([['lan:r1', 'n2']]);
  });

  it('keeps the routers of one network away from the resources of another', () => {
    const bundle = account([], []);
    bundle.networks = [network('n1', ['r1'], ['a']), network('n2', ['r2'], ['b'])];
    bundle.network_routers = [router({ id: 'r1', peer: 'p-gw1' }), router({ id: 'r2', peer: 'p-gw2' })];
    bundle.network_resources = [resource('a', '10.1.0.0/16', ['g-res']), resource('b', '10.2.0.0/16', ['g-res'])];
    expect(generated(modelOf(bundle).model).map((r) => r.id)).toEqual(['a:r1', 'b:r2']);
  });

  it('locates each generated route at its resource object', () => {
    const { model, text } = modelOf(account([router({ id: 'r1', peer: 'p-gw1' })], [resource('a', '10.1.0.0/16', ['g-res']), resource('b', '10.2.0.0/16', ['g-res'])]));
    const b = generated(model).find((r) => r.id === 'b:r1')!;
    expect(b.loc.path).toEqual(['network_resources', 1]);
    const lines = text.split('\n');
    const section = lines.indexOf('  "network_resources": [');
    const idLine = lines.findIndex((l, i) => i > section && l.includes('"id": "b"'));
    const braceLine = lines.slice(0, idLine).findLastIndex((l) => l === '    {') + 1;
    expect(b.loc.file.locate(b.loc.path)).toEqual({ line: braceLine, column: 5 });
  });

  it('keeps only what the router states: no metric on the router, none on the route', () => {
    const r1 = router({ id: 'r1', peer: 'p-gw1' });
    delete r1.metric;
    const [lan] = generated(modelOf(account([r1], [resource('lan', '10.1.0.0/16', ['g-res'])])).model);
    expect([lan!.present.has('metric'), lan!.present.has('keep_route'), lan!.present.has('peer_groups')]).toEqual([false, true, false]);
  });

  it('reports objects of the wrong shape and leaves them out', () => {
    const bad = { ...router({ id: 'r1', peer: 'p-gw1' }), metric: '100' };
    const bundle = account([bad, router({ id: 'r2', peer: 'p-gw2' })], [resource('lan', '10.1.0.0/16', ['g-res']), resource('bad', 'not an address', ['g-res']), 'not an object' as unknown as Record<string, unknown>]);
    bundle.networks = [network('n1', ['r1', 'r2'], ['lan', 'bad'])];
    const { model } = modelOf(bundle);
    expect(generated(model).map((r) => r.id)).toEqual(['lan:r2']);
    expect(model.schemaIssues.map((i) => [i.what, i.expected, i.actual])).toEqual([
      ['network_routers[0].metric', 'an integer', 'a string'],
      ['network_resources[1].address', 'a host address, a prefix or a domain name', '"not an address"'],
      ['network_resources[2]', 'an object', 'a string'],
    ]);
  });
});

describe('rules see the generated routes', () => {
  it('metric-range reports a router metric out of range at the resource', () => {
    const bundle = account([router({ id: 'r1', peer: 'p-gw1', metric: 0 })], [resource('lan', '10.1.0.0/16', ['g-res'])]);
    const text = `${JSON.stringify(bundle, null, 2)}\n`;
    const results = lintExport(exportFromText('bundle.json', text), [metricRange], { path: null, settings: new Map([['metric-range', { severity: 'error', options: {} }]]), ignores: [] });
    const messages = results.flatMap((r) => r.messages);
    expect(messages.map((m) => [m.ruleId, m.messageId, m.routeId, m.path])).toEqual([['metric-range', 'outOfRange', 'lan:r1', 'network_resources[0].metric']]);
    const { model } = modelOf(bundle);
    expect([messages[0]!.line, messages[0]!.column]).toEqual(Object.values(model.routes[0]!.loc.file.locate(['network_resources', 0])));
  });

  it('lints a Networks-only bundle (no routes array) and a directory export with networks files', () => {
    const bundle = account([router({ id: 'r1', peer: 'p-gw1' })], [resource('lan', '10.1.0.0/16', ['g-res'])]);
    delete bundle.routes;
    const only = buildModel(exportFromText('bundle.json', JSON.stringify(bundle)))!;
    expect(only.routes.map((r) => r.id)).toEqual(['lan:r1']);

    const fixture = buildModel(readExport('fixtures/networks'))!;
    expect(fixture.schemaIssues).toEqual([]);
    expect(fixture.routes.map((r) => [r.id, r.networkId, r.network?.text ?? r.domains?.join(',')])).toEqual([
      ['d4n1t01b8c5s73ebt000', 'legacy-dc', '10.40.0.0/16'],
      ['d4n1s01b8c5s73ebs000:d4n1r01b8c5s73ebr000', 'berlin-lan', '10.20.0.0/16'],
      ['d4n1s02b8c5s73ebs00g:d4n1r01b8c5s73ebr000', 'berlin-printer', '10.20.5.7/32'],
      ['d4n1s03b8c5s73ebs010:d4n1r01b8c5s73ebr000', 'berlin-wiki', 'wiki.berlin.example.com'],
      ['d4n1s05b8c5s73ebs020:d4n1r03b8c5s73ebr010', 'paris-lan', '10.30.0.0/16'],
    ]);
    const results = lintExport(readExport('fixtures/networks'), rules, { path: null, settings: new Map(rules.map((r) => [r.meta.id, { severity: r.meta.severity, options: r.defaultOptions }])), ignores: [] });
    expect(results.flatMap((r) => r.messages.filter((m) => m.fatal || m.ruleId === 'invalid-field-type'))).toEqual([]);
  });

  it('keeps plain routes first and untouched', () => {
    const bundle = account([router({ id: 'r1', peer: 'p-gw1' })], [resource('lan', '10.1.0.0/16', ['g-res'])]);
    bundle.routes = [route({ id: 'plain', network: '10.9.0.0/16' })];
    const { model } = modelOf(bundle);
    expect(model.routes.map((r) => [r.id, r.index, r.networkResource === undefined])).toEqual([
      ['plain', 0, true],
      ['lan:r1', 1, false],
    ]);
  });
});

  it('numbers generated routes after every exported route, those left out for a bad field included', () => {
    const bundle = account([router({ id: 'r1', peer: 'p-gw1' })], [resource('lan', '10.1.0.0/16', ['g-res'])]);
    // The second route has a metric of the wrong type: the model leaves it out, its index stays taken.
    bundle.routes = [route({ id: 'plain', network: '10.9.0.0/16' }), { ...route({ id: 'broken', network: '10.8.0.0/16' }), metric: 'high' }];
    const { model } = modelOf(bundle);
    expect(model.routes.map((r) => [r.id, r.index])).toEqual([
      ['plain', 0],
      ['lan:r1', 2],
    ]);
  });

describe('rules and the simulator on Networks API routes', () => {
  // p-anna (engineering) gets the resource through pol-eng, which targets its group; no policy
  // connects p-anna to the routing peer: the management server adds the routing peer itself.
  const peers = [
    { id: 'p-gw1', ip: '100.90.0.1', groups: ['g-all', 'g-gw'] },
    { id: 'p-gw2', ip: '100.90.0.2', groups: ['g-all', 'g-gw'] },
    { id: 'p-anna', ip: '100.90.0.3', groups: ['g-all', 'g-eng'] },
  ].map((p) => ({ id: p.id, name: p.id.slice(2), ip: p.ip, connected: true, login_expired: false, os: 'Ubuntu 22.04', dns_label: `${p.id}.netbird.cloud`, groups: p.groups.map((g) => ({ id: g, name: g })) }));
  const bundle = (withPolicy: boolean) => account([router({ id: 'r1', peer: 'p-gw1' })], [resource('lan', '10.20.0.0/16', ['g-res'])], { peers, ...(withPolicy ? {} : { policies: [] }) });

  const findings = (b: Record<string, unknown>) => {
    const text = `${JSON.stringify(b, null, 2)}\n`;
    const defaults = new Map(rules.map((r) => [r.meta.id, { severity: r.meta.severity, options: r.defaultOptions }]));
    return lintExport(exportFromText('bundle.json', text), rules, { path: null, settings: defaults, ignores: [] })
      .flatMap((r) => r.messages)
      .map((m) => `${m.ruleId}:${m.messageId}`);
  };

  it('raise none of the route-level complaints NetBird itself makes true for resources', () => {
    expect(findings(bundle(true))).toEqual([]);
  });

  it('say that a resource no policy targets allows nothing', () => {
    expect(findings(bundle(false))).toContain('access-control-without-policy:noPolicy');
  });

  it('deliver the resource to the policy sources without a policy to the routing peer', async () => {
    const { simulatePeer } = await import('../../src/simulate/index.js');
    const { mustParseAddr } = await import('../../src/net/prefix.js');
    const { model } = modelOf(bundle(true));
    const answer = simulatePeer(model, { destination: { kind: 'ip', addr: mustParseAddr('10.20.1.1'), text: '10.20.1.1' }, from: { kind: 'peer', peerId: 'p-anna' }, currentPeerId: null, exitNode: null });
    expect([answer.disposition, answer.peer?.id, answer.route?.id]).toEqual(['ROUTED', 'p-gw1', 'lan:r1']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../../src/errors.js';
import { readExport } from '../../src/load/export.js';
import { tempDir } from '../cli/run.js';
import { parseSource } from '../../src/load/source.js';
import { isTerraformJson, readTerraformFile, terraformDocument, type TerraformDocument } from '../../src/load/terraform.js';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';

const PLAN = 'fixtures/terraform/plan.json';
const STATE = 'fixtures/terraform/state.json';
const GROUP_ENGINEERING = 'ct7g01bb8c5s73dbtg0g';
const PEER_GW = 'ct7p01bb8c5s73dbtp00';

/** A plan's JSON from its parts, in the shape `terraform show -json` prints. */
interface ResourceSpec {
  address: string;
  values: Record<string, unknown>;
  /** `after_unknown`; omitted: nothing unknown. */
  unknown?: Record<string, unknown>;
  action?: string[];
  index?: string | number;
}

function entry(r: ResourceSpec): Record<string, unknown> {
  const local = r.address.replace(/^(module\.[^.[]+(\[[^\]]+\])?\.)+/, '');
  const mode = local.startsWith('data.') ? 'data' : 'managed';
  const [type, name] = local.replace(/^data\./, '').replace(/\[.*$/, '').split('.');
  return { address: r.address, mode, type, name, ...(r.index !== undefined ? { index: r.index } : {}), provider_name: 'registry.terraform.io/netbirdio/netbird', schema_version: 0, values: r.values, sensitive_values: {} };
}

function moduleOf(address: string): string {
  const m = /^((?:module\.[^.[]+(?:\[[^\]]+\])?\.?)+?)(?=(?:data\.)?netbird_)/.exec(address);
  return m ? m[1]!.replace(/\.$/, '') : '';
}

function valuesTree(resources: ResourceSpec[]): Record<string, unknown> {
  const byModule = new Map<string, ResourceSpec[]>();
  for (const r of resources) byModule.set(moduleOf(r.address), [...(byModule.get(moduleOf(r.address)) ?? []), r]);
  const children = [...byModule.keys()].filter((m) => m !== '').sort();
  return {
    root_module: {
      resources: (byModule.get('') ?? []).map(entry),
      ...(children.length > 0 ? { child_modules: children.map((m) => ({ resources: byModule.get(m)!.map(entry), address: m })) } : {}),
    },
  };
}

function planJson(opts: { planned: ResourceSpec[]; prior?: ResourceSpec[]; deleted?: ResourceSpec[]; config?: Record<string, unknown> | null }): Record<string, unknown> {
  const changes = [...opts.planned.filter((r) => !r.address.includes('data.') || r.action), ...(opts.deleted ?? [])].map((r) => {
    const e = entry(r);
    const deleted = opts.deleted?.includes(r);
    return { address: e.address, mode: e.mode, type: e.type, name: e.name, provider_name: e.provider_name, change: { actions: deleted ? ['delete'] : (r.action ?? ['create']), before: deleted ? r.values : null, after: deleted ? null : r.values, after_unknown: deleted ? false : (r.unknown ?? {}) } };
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: valuesTree(opts.planned),
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: '1.9.8', values: valuesTree([...(opts.prior ?? []), ...(opts.deleted ?? [])]) },
    ...(opts.config === null ? {} : { configuration: { root_module: opts.config ?? {} } }),
  };
}

function load(json: Record<string, unknown>): TerraformDocument {
  const text = JSON.stringify(json, null, 2);
  const parsed = parseSource('plan.json', text);
  if (!parsed.ok) throw new Error('test plan does not parse');
  return terraformDocument('plan.json', text, parsed.file, parsed.value as Record<string, unknown>);
}

function modelOf(doc: TerraformDocument): Model {
  return buildModel(doc.after)!;
}

const ref = (...refs: string[]) => ({ references: refs });
const idRef = (address: string) => [`${address}.id`, address];
const res = (address: string, expressions: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const mode = address.startsWith('data.') ? 'data' : 'managed';
  const [type, name] = address.replace(/^data\./, '').split('.');
  return { address, mode, type, name, provider_config_key: 'netbird', expressions, schema_version: 0, ...extra };
};

/** A route as the provider's planned values hold it, with the attributes unknown on create left out. */
function plannedRoute(values: Record<string, unknown>): Record<string, unknown> {
  return { access_control_groups: null, description: '', domains: null, enabled: true, groups: [GROUP_ENGINEERING], keep_route: true, masquerade: true, metric: 100, network: '10.1.0.0/16', network_id: 'net', peer: PEER_GW, peer_groups: null, ...values };
}
const ROUTE_CREATED = { id: true, network_type: true, skip_auto_apply: true };
const newGroup = (address: string, name: string): ResourceSpec => ({ address, values: { name, peers: [PEER_GW] }, unknown: { id: true, issued: true, peers: [false], resources: true } });
const knownGroup = (address: string, id: string): ResourceSpec => ({ address, values: { id, issued: 'api', name: id, peers: [PEER_GW], resources: [] }, action: ['no-op'] });
const peerData = { address: 'data.netbird_peer.gw', values: { connected: true, dns_label: 'gw.netbird.cloud', groups: [], id: PEER_GW, ip: '100.92.10.11', login_expired: false, name: 'gw', os: 'Ubuntu 22.04' } };

describe('detecting terraform show -json output', () => {
  const cases: [string, unknown, boolean][] = [
    ['a plan', { format_version: '1.2', terraform_version: '1.9.8', planned_values: {} }, true],
    ['a state', { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }, true],
    ['an empty state', { format_version: '1.0' }, true],
    ['a bundle', { routes: [], format_version: '1.0' }, false],
    ['a routes array', [], false],
    ['a bundle without format_version', { routes: [] }, false],
    ['a numeric format_version', { format_version: 1, values: {} }, false],
    ['null', null, false],
  ];
  for (const [name, value, expected] of cases) it(name, () => expect(isTerraformJson(value)).toBe(expected));

  it('tells a plan from a state', () => {
    expect([readTerraformFile(PLAN).kind, readTerraformFile(STATE).kind]).toEqual(['plan', 'state']);
    expect(readTerraformFile(STATE).before).toBeNull();
    expect(readTerraformFile(PLAN).before).not.toBeNull();
  });

  it('refuses a format_version of another major version', () => {
    expect(() => load({ format_version: '2.0', planned_values: {} })).toThrow(InputError);
    expect(() => load({ format_version: '2.0', planned_values: {} })).toThrow(/format_version "2\.0"/);
  });

  it('reads a plan converted to YAML, with positions in the YAML', () => {
    const dir = tempDir({ 'plan.yaml': stringify(JSON.parse(readFileSync(PLAN, 'utf8'))) });
    const raw = readExport(join(dir, 'plan.yaml'));
    const model = buildModel(raw)!;
    const paris = model.routes.find((r) => r.address === 'module.office.netbird_route.lan["paris"]')!;
    expect(paris.groups).toEqual([GROUP_ENGINEERING, 'netbird_group.ops']);
    const lines = readFileSync(join(dir, 'plan.yaml'), 'utf8').split('\n');
    const at = paris.loc.file.locate([...paris.loc.path, 'network']);
    expect(lines[at.line - 1]!.slice(at.column - 1)).toBe('10.30.0.0/16');
  });

  it('refuses a file that is not Terraform JSON', () => {
    expect(() => readTerraformFile('fixtures/demo/routes.json')).toThrow(/not the output of `terraform show -json`/);
  });
});

describe('the fixture plan', () => {
  const doc = readTerraformFile(PLAN);
  const after = modelOf(doc);
  const before = buildModel(doc.before!)!;

  it('lints the planned values, modules and for_each instances included, without the destroyed route', () => {
    expect(after.routes.map((r) => [r.address, r.changeAction])).toEqual([
      ['netbird_route.exit_eu', 'no-op'],
      ['netbird_route.ops_tools', 'create'],
      ['module.office.netbird_route.lan["berlin"]', 'update'],
      ['module.office.netbird_route.lan["paris"]', 'create'],
    ]);
  });

  it('keeps the prior state as the account before, with what the plan does to each route', () => {
    expect(before.routes.map((r) => [r.address, r.id, r.changeAction])).toEqual([
      ['netbird_route.exit_eu', 'ct7r02bb8c5s73dbtr0g', 'no-op'],
      ['netbird_route.legacy_vpn', 'ct7r03bb8c5s73dbtr10', 'delete'],
      ['module.office.netbird_route.lan["berlin"]', 'ct7r01bb8c5s73dbtr00', 'update'],
    ]);
    expect(doc.changes.filter((c) => c.action === 'delete').map((c) => [c.address, c.path])).toEqual([['netbird_route.legacy_vpn', ['resource_changes', 11]]]);
  });

  it('links routes and policies to the group created in the same plan by its address', () => {
    const byAddress = new Map(after.routes.map((r) => [r.address, r]));
    expect(byAddress.get('module.office.netbird_route.lan["berlin"]')!.groups).toEqual([GROUP_ENGINEERING, 'netbird_group.ops']);
    expect(byAddress.get('module.office.netbird_route.lan["paris"]')!.groups).toEqual([GROUP_ENGINEERING, 'netbird_group.ops']);
    expect(byAddress.get('netbird_route.ops_tools')!.groups).toEqual(['netbird_group.ops']);
    expect(after.groups!.get('netbird_group.ops')).toMatchObject({ address: 'netbird_group.ops', changeAction: 'create', peerIds: ['ct7p05bb8c5s73dbtp20'] });
    expect(after.policies!.find((p) => p.address === 'netbird_policy.gateways')!.rules[0]!.sources.groupIds).toEqual([GROUP_ENGINEERING, 'netbird_group.ops']);
  });

  it('fills what NetBird derives or defaults: ids of new routes, network_type, skip_auto_apply', () => {
    const paris = after.routes.find((r) => r.address === 'module.office.netbird_route.lan["paris"]')!;
    expect([paris.id, paris.networkType, paris.skipAutoApply, paris.network?.text]).toEqual(['module.office.netbird_route.lan["paris"]', 'IPv4', false, '10.30.0.0/16']);
    const tools = after.routes.find((r) => r.address === 'netbird_route.ops_tools')!;
    expect([tools.kind, tools.networkType, tools.networkText, tools.domains]).toEqual(['domain', 'Domain', '192.0.2.0/32', ['tools.internal.example.com']]);
  });

  it('reports the route whose value comes from a local, and leaves it out', () => {
    expect(after.unknownValues.map((u) => [u.address, u.attribute, u.cause, u.detail, u.object])).toEqual([['netbird_route.lab', 'access_control_groups', 'reference', 'local.lab_acl', 'route']]);
    expect(after.unknownValues[0]!.loc.path).toEqual(['planned_values', 'root_module', 'resources', 8, 'values', 'access_control_groups']);
    expect(after.routes.some((r) => r.address === 'netbird_route.lab')).toBe(false);
  });

  it('takes data sources read while planning from the prior state', () => {
    const all = after.groups!.get('ct7g00bb8c5s73dbtg00')!;
    expect([all.address, all.name, all.peerIds.length]).toEqual(['data.netbird_group.all', 'All', 5]);
    expect(all.loc.path.slice(0, 4)).toEqual(['prior_state', 'values', 'root_module', 'resources']);
    expect([...after.peers!.values()].map((p) => p.address).sort()).toEqual(['data.netbird_peer.exit_eu_1', 'data.netbird_peer.gw_berlin_1', 'data.netbird_peer.gw_berlin_2', 'data.netbird_peer.gw_paris_1', 'data.netbird_peer.laptop_anna']);
  });

  it('points every object at its values object in the file', () => {
    const lan = after.routes.find((r) => r.address === 'module.office.netbird_route.lan["berlin"]')!;
    expect(lan.loc.path).toEqual(['planned_values', 'root_module', 'child_modules', 0, 'resources', 0, 'values']);
    const text = readFileSync(PLAN, 'utf8').split('\n');
    const at = lan.loc.file.locate([...lan.loc.path, 'metric']);
    expect(text[at.line - 1]!.slice(at.column - 1)).toMatch(/^100,?$/);
    expect(doc.after.resourceAddressAt!([...lan.loc.path, 'groups', 1])).toBe('module.office.netbird_route.lan["berlin"]');
    expect(doc.after.resourceAddressAt!(['planned_values', 'root_module'])).toBeNull();
  });

  it('reads the state alike, with nothing unknown', () => {
    const state = modelOf(readTerraformFile(STATE));
    expect(state.routes.map((r) => r.id)).toEqual(before.routes.map((r) => r.id));
    expect(state.unknownValues).toEqual([]);
    expect(state.routes[0]!.loc.path.slice(0, 2)).toEqual(['values', 'root_module']);
    expect(state.routes.every((r) => r.changeAction === undefined)).toBe(true);
  });
});

describe('resolving values unknown until apply', () => {
  const engineering = knownGroup('netbird_group.engineering', GROUP_ENGINEERING);

  interface Case {
    name: string;
    planned: ResourceSpec[];
    config: Record<string, unknown>;
    /** The groups of the route at `route`, or the unknown value reported for it. */
    expect: { groups: string[] } | { unknown: [attribute: string, cause: string, detail: string] };
  }
  const route = (address: string, groups: unknown[], unknown: Record<string, unknown>): ResourceSpec => ({ address, values: plannedRoute({ groups }), unknown: { ...ROUTE_CREATED, ...unknown } });
  const cases: Case[] = [
    {
      name: 'a direct reference to a group created in the plan',
      planned: [engineering, newGroup('netbird_group.ops', 'ops'), route('netbird_route.r', [GROUP_ENGINEERING, null], { groups: [false, true] })],
      config: { resources: [res('netbird_route.r', { groups: ref(...idRef('netbird_group.engineering'), ...idRef('netbird_group.ops')) })] },
      expect: { groups: [GROUP_ENGINEERING, 'netbird_group.ops'] },
    },
    {
      name: 'an instance of a for_each group, by key',
      planned: [newGroup('netbird_group.team["a"]', 'a'), newGroup('netbird_group.team["b"]', 'b'), route('netbird_route.r', [null], { groups: [true] })],
      config: { resources: [res('netbird_route.r', { groups: ref('netbird_group.team["b"].id', 'netbird_group.team["b"]', 'netbird_group.team') })] },
      expect: { groups: ['netbird_group.team["b"]'] },
    },
    {
      name: 'every instance of a for_each group, as many as unknown entries',
      planned: [newGroup('netbird_group.team["a"]', 'a'), newGroup('netbird_group.team["b"]', 'b'), route('netbird_route.r', [null, null], { groups: [true, true] })],
      config: { resources: [res('netbird_route.r', { groups: ref('netbird_group.team') })] },
      expect: { groups: ['netbird_group.team["a"]', 'netbird_group.team["b"]'] },
    },
    {
      name: 'one instance of two picked by each.key: not known which',
      planned: [newGroup('netbird_group.team["a"]', 'a'), newGroup('netbird_group.team["b"]', 'b'), route('netbird_route.r["a"]', [null], { groups: [true] })],
      config: { resources: [res('netbird_route.r', { groups: ref('netbird_group.team', 'each.key') }, { for_each_expression: ref('var.teams') })] },
      expect: { unknown: ['groups', 'ambiguous', 'netbird_group.team["a"], netbird_group.team["b"]'] },
    },
    {
      name: 'a module variable passed the new group',
      planned: [newGroup('netbird_group.ops', 'ops'), route('module.site.netbird_route.r', [null], { groups: [true] })],
      config: { module_calls: { site: { source: './site', expressions: { groups: ref(...idRef('netbird_group.ops')) }, module: { resources: [res('netbird_route.r', { groups: ref('var.groups') })] } } } },
      expect: { groups: ['netbird_group.ops'] },
    },
    {
      name: 'a group created inside a module instance, read through its output',
      planned: [newGroup('module.team["x"].netbird_group.g', 'g'), route('netbird_route.r', [null], { groups: [true] })],
      config: {
        resources: [res('netbird_route.r', { groups: ref('module.team["x"].group_id', 'module.team["x"]', 'module.team') })],
        module_calls: { team: { source: './team', for_each_expression: ref('var.teams'), expressions: {}, module: { outputs: { group_id: { expression: ref(...idRef('netbird_group.g')) } }, resources: [res('netbird_group.g', {})] } } },
      },
      expect: { groups: ['module.team["x"].netbird_group.g'] },
    },
    {
      name: 'a local: not in the plan',
      planned: [newGroup('netbird_group.ops', 'ops'), route('netbird_route.r', [null], { groups: [true] })],
      config: { resources: [res('netbird_route.r', { groups: ref('local.groups') })] },
      expect: { unknown: ['groups', 'reference', 'local.groups'] },
    },
    {
      name: 'each.value over a map holding new ids',
      planned: [newGroup('netbird_group.ops', 'ops'), route('netbird_route.r["x"]', [null], { groups: [true] })],
      config: { resources: [res('netbird_route.r', { groups: ref('each.value.group', 'each.value') }, { for_each_expression: ref(...idRef('netbird_group.ops')) })] },
      expect: { unknown: ['groups', 'reference', 'each.value.group'] },
    },
    {
      name: 'an attribute of a new group other than its id',
      planned: [newGroup('netbird_group.ops', 'ops'), route('netbird_route.r', [null], { groups: [true] })],
      config: { resources: [res('netbird_route.r', { groups: ref('netbird_group.ops.issued', 'netbird_group.ops') })] },
      expect: { unknown: ['groups', 'reference', 'netbird_group.ops.issued'] },
    },
    {
      name: 'two unknown entries and one new group',
      planned: [newGroup('netbird_group.ops', 'ops'), route('netbird_route.r', [null, null], { groups: [true, true] })],
      config: { resources: [res('netbird_route.r', { groups: ref(...idRef('netbird_group.ops')) })] },
      expect: { unknown: ['groups', 'ambiguous', 'netbird_group.ops'] },
    },
    {
      name: 'a wholly unknown list',
      planned: [newGroup('netbird_group.ops', 'ops'), { address: 'netbird_route.r', values: plannedRoute({ groups: undefined }), unknown: { ...ROUTE_CREATED, groups: true } }],
      config: { resources: [res('netbird_route.r', { groups: ref(...idRef('netbird_group.ops')) })] },
      expect: { unknown: ['groups', 'ambiguous', 'netbird_group.ops'] },
    },
    {
      name: 'a value made by a function on apply',
      planned: [{ address: 'netbird_route.r', values: plannedRoute({ description: undefined, network_id: undefined }), unknown: { ...ROUTE_CREATED, network_id: true } }],
      config: { resources: [res('netbird_route.r', { network_id: {} })] },
      expect: { unknown: ['network_id', 'reference', 'an expression evaluated on apply'] },
    },
    {
      name: 'an unset skip_auto_apply is false',
      planned: [{ address: 'netbird_route.r', values: plannedRoute({}), unknown: ROUTE_CREATED }],
      config: { resources: [res('netbird_route.r', {})] },
      expect: { groups: [GROUP_ENGINEERING] },
    },
    {
      name: 'a skip_auto_apply set from something unknown',
      planned: [{ address: 'netbird_route.r', values: plannedRoute({}), unknown: ROUTE_CREATED }],
      config: { resources: [res('netbird_route.r', { skip_auto_apply: ref('local.skip') })] },
      expect: { unknown: ['skip_auto_apply', 'reference', 'local.skip'] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const routeAddress = c.planned.find((p) => p.address.includes('netbird_route'))!.address;
      const model = modelOf(load(planJson({ planned: c.planned, config: c.config })));
      if ('groups' in c.expect) {
        expect(model.unknownValues).toEqual([]);
        expect(model.routes.find((r) => r.address === routeAddress)!.groups).toEqual(c.expect.groups);
      } else {
        expect(model.unknownValues.map((u) => [u.attribute, u.cause, u.detail])).toEqual([c.expect.unknown]);
        expect(model.unknownValues[0]!.address).toBe(routeAddress);
        expect(model.routes.some((r) => r.address === routeAddress)).toBe(false);
      }
    });
  }

  it('a plan without configuration: unknowns it cannot place are reported, ids still stand in', () => {
    const model = modelOf(load(planJson({ planned: [route('netbird_route.r', [GROUP_ENGINEERING], { skip_auto_apply: true })], config: null })));
    expect(model.unknownValues.map((u) => [u.attribute, u.cause])).toEqual([['skip_auto_apply', 'no-configuration']]);
  });

  it('a group created with no peers set has none', () => {
    const doc = load(planJson({ planned: [{ address: 'netbird_group.empty', values: { name: 'empty' }, unknown: { id: true, issued: true, peers: true, resources: true } }], config: { resources: [res('netbird_group.empty', { name: { constant_value: 'empty' } })] } }));
    expect(modelOf(doc).groups!.get('netbird_group.empty')).toMatchObject({ name: 'empty', peerIds: [] });
  });

  it('a group data source read on apply: its values are unknown, and groups are left out with the reason', () => {
    const doc = load(
      planJson({
        planned: [{ address: 'data.netbird_group.late', values: { name: 'late' }, unknown: { id: true, issued: true, peers: true, resources: true }, action: ['read'] }, route('netbird_route.r', [null], { groups: [true] })],
        config: { resources: [res('data.netbird_group.late', { name: { constant_value: 'late' } }), res('netbird_route.r', { groups: ref(...idRef('data.netbird_group.late')) })] },
      }),
    );
    const model = modelOf(doc);
    expect(model.unknownValues.map((u) => [u.address, u.attribute, u.cause])).toEqual([
      ['netbird_route.r', 'groups', 'reference'],
      ['data.netbird_group.late', 'id', 'read-on-apply'],
      ['data.netbird_group.late', 'peers', 'read-on-apply'],
    ]);
    expect(model.groups).toBeNull();
    expect(doc.after.sectionNotes!.groups).toMatch(/data\.netbird_group\.late has values known only after apply \(id, peers\)/);
  });

  it('a policy rule from a dynamic block: not in the configuration, so policies are left out', () => {
    const policy: ResourceSpec = {
      address: 'netbird_policy.p',
      values: { description: '', enabled: true, name: 'p', rule: [{ action: 'accept', bidirectional: true, destinations: [GROUP_ENGINEERING], enabled: true, name: 'r', protocol: 'all', sources: [null] }] },
      unknown: { id: true, rule: [{ id: true, sources: [true] }] },
    };
    const doc = load(planJson({ planned: [engineering, newGroup('netbird_group.ops', 'ops'), policy], config: { resources: [res('netbird_policy.p', { name: { constant_value: 'p' } })] } }));
    const model = modelOf(doc);
    expect(model.unknownValues.map((u) => [u.attribute, u.cause, u.object])).toEqual([['rule[0].sources', 'dynamic-block', 'policy']]);
    expect(model.policies).toBeNull();
  });

  it('a policy rule written out: its new source group and unset computed attributes resolve', () => {
    const policy: ResourceSpec = {
      address: 'netbird_policy.p',
      values: { enabled: true, name: 'p', rule: [{ action: 'accept', bidirectional: true, destinations: [GROUP_ENGINEERING], enabled: true, name: 'r', protocol: 'all', sources: [null] }] },
      unknown: { description: true, id: true, source_posture_checks: true, rule: [{ description: true, destination_resource: true, id: true, port_ranges: true, ports: true, source_resource: true, sources: [true] }] },
    };
    const config = { resources: [res('netbird_policy.p', { name: { constant_value: 'p' }, rule: [{ name: { constant_value: 'r' }, sources: ref(...idRef('netbird_group.ops')), destinations: ref(...idRef('netbird_group.engineering')) }] })] };
    const model = modelOf(load(planJson({ planned: [engineering, newGroup('netbird_group.ops', 'ops'), policy], config })));
    expect(model.unknownValues).toEqual([]);
    expect(model.policies!.map((p) => [p.id, p.rules.map((r) => [r.id, r.sources.groupIds, r.destinations.groupIds])])).toEqual([
      ['netbird_policy.p', [['netbird_policy.p.rule[0]', ['netbird_group.ops'], [GROUP_ENGINEERING]]]],
    ]);
  });
});

describe('sections a plan does not hold in full', () => {
  const route = (groups: string[], peer = PEER_GW): ResourceSpec => ({ address: 'netbird_route.r', values: plannedRoute({ id: 'r1', groups, peer, network_type: 'IPv4', skip_auto_apply: false }), action: ['no-op'] });

  it('leaves groups out when a route names a group the plan does not hold, saying which', () => {
    const doc = load(planJson({ planned: [route(['g-outside', GROUP_ENGINEERING]), knownGroup('netbird_group.engineering', GROUP_ENGINEERING)], prior: [peerData] }));
    expect(doc.after.sections.groups).toBeUndefined();
    expect(doc.after.sectionNotes!.groups).toBe('the plan does not hold groups g-outside, which it names (read them with data "netbird_group")');
    expect(doc.after.sections.peers).toBeDefined();
  });

  it('leaves peers out when a group lists a peer the plan does not hold', () => {
    const group: ResourceSpec = { address: 'netbird_group.engineering', values: { id: GROUP_ENGINEERING, issued: 'api', name: 'eng', peers: [PEER_GW, 'p-laptop'], resources: [] }, action: ['no-op'] };
    const doc = load(planJson({ planned: [route([GROUP_ENGINEERING]), group], prior: [peerData] }));
    expect(doc.after.sections.peers).toBeUndefined();
    expect(doc.after.sectionNotes!.peers).toMatch(/does not hold peers p-laptop/);
    expect(doc.after.sections.groups).toBeDefined();
  });

  it('says so when there are no groups, peers or policies at all', () => {
    const doc = load(planJson({ planned: [route([])] }));
    expect(Object.keys(doc.after.sections)).toEqual(['routes']);
    expect(doc.after.sectionNotes!.policies).toBe('the plan has no netbird_policy resources or data sources');
  });

  it('keeps a data source that reads a managed object once, as the managed one', () => {
    const managed = knownGroup('netbird_group.engineering', GROUP_ENGINEERING);
    const read = { address: 'data.netbird_group.eng', values: { id: GROUP_ENGINEERING, issued: 'api', name: 'read', peers: [], resources: [] } };
    const model = modelOf(load(planJson({ planned: [route([GROUP_ENGINEERING]), managed], prior: [read, peerData] })));
    expect([...model.groups!.values()].map((g) => g.address)).toEqual(['netbird_group.engineering']);
  });
});

describe('posture checks', () => {
  const posture: ResourceSpec = {
    address: 'netbird_posture_check.baseline',
    values: { id: 'pc-1', name: 'baseline', description: '', netbird_version_check: { min_version: '0.28.0' }, os_version_check: { linux_min_kernel_version: '5.10', darwin_min_version: '14.0' }, geo_location_check: null, peer_network_range_check: { action: 'deny', ranges: ['198.51.100.0/24'] }, process_check: [{ linux_path: '/usr/bin/agent' }] },
    action: ['no-op'],
  };
  const policy = (checks: string[]): ResourceSpec => ({
    address: 'netbird_policy.p',
    values: { id: 'pol-1', enabled: true, name: 'p', description: '', source_posture_checks: checks, rule: [{ action: 'accept', bidirectional: true, destinations: [GROUP_ENGINEERING], enabled: true, id: 'r-1', name: 'r', protocol: 'all', sources: [GROUP_ENGINEERING] }] },
    action: ['no-op'],
  });

  it('become the API posture checks, and policies name them', () => {
    const model = modelOf(load(planJson({ planned: [posture, policy(['pc-1'])] })));
    const check = model.postureChecks!.get('pc-1')!;
    expect(check.checks).toEqual({
      nbVersion: { minVersion: '0.28.0' },
      osVersion: { android: null, ios: null, darwin: { minVersion: '14.0' }, linux: { minVersion: '5.10' }, windows: null },
      geoLocation: null,
      networkRange: { ranges: ['198.51.100.0/24'], action: 'deny' },
      process: true,
    });
    expect(model.policies!.map((p) => p.sourcePostureCheckIds)).toEqual([['pc-1']]);
  });

  it('are left out, saying which, when a policy names one the plan does not hold', () => {
    const doc = load(planJson({ planned: [posture, policy(['pc-1', 'pc-outside'])] }));
    expect(doc.after.sections.posture_checks).toBeUndefined();
    expect(doc.after.sectionNotes!.posture_checks).toMatch(/does not hold posture checks pc-outside/);
  });

  it('are left out quietly when the plan has none and names none', () => {
    const doc = load(planJson({ planned: [policy([])] }));
    expect(doc.after.sections.posture_checks).toBeUndefined();
    expect(doc.after.sectionNotes!.posture_checks).toBeUndefined();
  });
});

describe('positions of problems inside converted objects', () => {
  it('a resource whose values are not an object is a wrong type at its values, named by address', () => {
    const model = modelOf(load(planJson({ planned: [{ address: 'netbird_route.broken', values: null as unknown as Record<string, unknown>, action: ['no-op'] }, { address: 'netbird_network.n', values: null as unknown as Record<string, unknown>, action: ['no-op'] }] })));
    expect(model.schemaIssues.map((i) => [i.what, i.expected, i.actual, i.loc.path])).toEqual([['netbird_route.broken', 'an object', 'null', ['planned_values', 'root_module', 'resources', 0, 'values']]]);
  });

  it('a wrong type inside a policy rule points at the provider attribute (rule, not rules)', () => {
    const policy: ResourceSpec = { address: 'netbird_policy.p', values: { description: '', enabled: true, id: 'pol1', name: 'p', rule: [{ action: 'accept', bidirectional: true, destinations: 'oops', enabled: true, id: 'ru1', name: 'r', protocol: 'all', sources: [] }] }, action: ['no-op'] };
    const model = modelOf(load(planJson({ planned: [policy] })));
    expect(model.schemaIssues.map((i) => [i.what, i.loc.path])).toEqual([['netbird_policy.p.rule[0].destinations', ['planned_values', 'root_module', 'resources', 0, 'values', 'rule', 0, 'destinations']]]);
  });
});

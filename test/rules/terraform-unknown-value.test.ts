// terraform-unknown-value on the fixture plan and on edits of it, one per cause.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/terraform-unknown-value.js';
import { lintExport } from '../../src/engine/lint.js';
import { parseSource } from '../../src/load/source.js';
import { terraformDocument } from '../../src/load/terraform.js';
import { readExport } from '../../src/load/export.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- plans are edited as plain JSON */
type Plan = any;
const fixture = readFileSync('fixtures/terraform/plan.json', 'utf8');
const settings = { path: null, settings: new Map([[rule.meta.id, { severity: rule.meta.severity, options: {} }]]), ignores: [] };

function lintPlan(edit: (plan: Plan) => void = () => {}) {
  const plan = JSON.parse(fixture) as Plan;
  edit(plan);
  const text = JSON.stringify(plan, null, 2);
  const parsed = parseSource('plan.json', text);
  if (!parsed.ok) throw new Error('does not parse');
  const raw = terraformDocument('plan.json', text, parsed.file, parsed.value as Record<string, unknown>).after;
  return lintExport(raw, [rule], settings).flatMap((r) => r.messages);
}

const root = (plan: Plan) => plan.planned_values.root_module.resources as any[];
const changeOf = (plan: Plan, address: string) => (plan.resource_changes as any[]).find((c) => c.address === address);
const configOf = (plan: Plan, address: string) => (plan.configuration.root_module.resources as any[]).find((r) => r.address === address);

/** The fixture without its one unresolvable value: `netbird_route.lab` reads the new group directly. */
function resolveLab(plan: Plan): void {
  configOf(plan, 'netbird_route.lab').expressions.access_control_groups = { references: ['netbird_group.lab_users.id', 'netbird_group.lab_users'] };
}

const cases: [name: string, edit: (plan: Plan) => void, expected: [messageId: string, address: string, attribute: string, detail: string][]][] = [
  ['a value from a local', () => {}, [['reference', 'netbird_route.lab', 'access_control_groups', 'local.lab_acl']]],
  [
    'more unknown ids than new groups named',
    (plan) => {
      resolveLab(plan);
      const paris = plan.planned_values.root_module.child_modules[0].resources[1];
      paris.values.groups = [null, null];
      changeOf(plan, paris.address).change.after_unknown.groups = [true, true];
    },
    [['ambiguous', 'module.office.netbird_route.lan["paris"]', 'groups', 'netbird_group.ops']],
  ],
  [
    'a policy rule from a dynamic block',
    (plan) => {
      resolveLab(plan);
      delete configOf(plan, 'netbird_policy.gateways').expressions.rule;
    },
    // Whether the block sets them is not in the plan either.
    ['destination_resource', 'port_ranges', 'ports', 'source_resource', 'sources'].map((a) => ['dynamic-block', 'netbird_policy.gateways', `rule[0].${a}`, 'rule blocks'] as [string, string, string, string]),
  ],
  [
    'a peer the plan adopts, whose address NetBird reports on apply',
    (plan) => {
      resolveLab(plan);
      const values = { id: 'ct7p09bb8c5s73dbtp40', name: 'printer-gw', ssh_enabled: false };
      root(plan).push({ address: 'netbird_peer.printer', mode: 'managed', type: 'netbird_peer', name: 'printer', provider_name: 'registry.terraform.io/netbirdio/netbird', schema_version: 0, values, sensitive_values: {} });
      plan.resource_changes.push({ address: 'netbird_peer.printer', mode: 'managed', type: 'netbird_peer', name: 'printer', change: { actions: ['create'], before: null, after: values, after_unknown: { connected: true, dns_label: true, groups: true, ip: true, login_expired: true, os: true } } });
      plan.configuration.root_module.resources.push({ address: 'netbird_peer.printer', mode: 'managed', type: 'netbird_peer', name: 'printer', expressions: { id: { constant_value: values.id }, name: { constant_value: 'printer-gw' } } });
    },
    ['connected', 'dns_label', 'groups', 'ip', 'login_expired', 'os'].map((a) => ['computed', 'netbird_peer.printer', a, 'NetBird sets it on apply'] as [string, string, string, string]),
  ],
  [
    'a plan without its configuration',
    (plan) => {
      delete plan.configuration;
    },
    [
      ['no-configuration', 'netbird_policy.gateways', 'rule[0].sources', 'netbird_policy.gateways'],
      ['no-configuration', 'netbird_policy.gateways', 'source_posture_checks', 'netbird_policy.gateways'],
      ['no-configuration', 'netbird_route.lab', 'access_control_groups', 'netbird_route.lab'],
      ['no-configuration', 'netbird_route.lab', 'skip_auto_apply', 'netbird_route.lab'],
      ['no-configuration', 'netbird_route.ops_tools', 'groups', 'netbird_route.ops_tools'],
      ['no-configuration', 'netbird_route.ops_tools', 'skip_auto_apply', 'netbird_route.ops_tools'],
      ['no-configuration', 'netbird_group.lab_users', 'peers', 'netbird_group.lab_users'],
      ['no-configuration', 'netbird_policy.gateways', 'rule[0].destination_resource', 'netbird_policy.gateways'],
      ['no-configuration', 'netbird_policy.gateways', 'rule[0].port_ranges', 'netbird_policy.gateways'],
      ['no-configuration', 'netbird_policy.gateways', 'rule[0].ports', 'netbird_policy.gateways'],
      ['no-configuration', 'netbird_policy.gateways', 'rule[0].source_resource', 'netbird_policy.gateways'],
      ['no-configuration', 'module.office.netbird_route.lan["berlin"]', 'groups', 'module.office.netbird_route.lan["berlin"]'],
      ['no-configuration', 'module.office.netbird_route.lan["berlin"]', 'skip_auto_apply', 'module.office.netbird_route.lan["berlin"]'],
      ['no-configuration', 'module.office.netbird_route.lan["paris"]', 'groups', 'module.office.netbird_route.lan["paris"]'],
      ['no-configuration', 'module.office.netbird_route.lan["paris"]', 'skip_auto_apply', 'module.office.netbird_route.lan["paris"]'],
    ],
  ],
  [
    'a data source read on apply',
    (plan) => {
      resolveLab(plan);
      const values = { name: 'contractors' };
      root(plan).push({ address: 'data.netbird_group.contractors', mode: 'data', type: 'netbird_group', name: 'contractors', provider_name: 'registry.terraform.io/netbirdio/netbird', schema_version: 0, values, sensitive_values: {} });
      plan.resource_changes.push({ address: 'data.netbird_group.contractors', mode: 'data', type: 'netbird_group', name: 'contractors', change: { actions: ['read'], before: null, after: values, after_unknown: { id: true, issued: true, peers: true, resources: true } }, action_reason: 'read_because_dependency_pending' });
    },
    [
      ['read-on-apply', 'data.netbird_group.contractors', 'id', 'data.netbird_group.contractors'],
      ['read-on-apply', 'data.netbird_group.contractors', 'peers', 'data.netbird_group.contractors'],
    ],
  ],
];

describe('terraform-unknown-value', () => {
  it('valid: the plan once every unknown is traced', () => {
    expect(lintPlan(resolveLab)).toEqual([]);
  });

  it('valid: an API export has nothing unknown', () => {
    expect(lintExport(readExport('fixtures/demo'), [rule], settings).flatMap((r) => r.messages)).toEqual([]);
  });

  for (const [name, edit, expected] of cases) {
    it(`invalid: ${name}`, () => {
      const messages = lintPlan(edit);
      const key = (m: string[]) => JSON.stringify(m);
      expect(messages.map((m) => [m.messageId!, m.data!.address as string, m.data!.attribute as string, m.data!.detail as string]).sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([...expected].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
      for (const m of messages) expect([m.severity, m.resourceAddress]).toEqual([1, m.data!.address]);
    });
  }
});

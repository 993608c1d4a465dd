// The lint engine on Terraform input: resource addresses on findings, and why rules are skipped.
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import type { Rule } from '../../src/engine/rule.js';
import { lintExport } from '../../src/engine/lint.js';
import { defineRule } from '../../src/engine/rule.js';
import { readTerraformFile, terraformDocument } from '../../src/load/terraform.js';
import { parseSource } from '../../src/load/source.js';
import { readFileSync } from 'node:fs';

const configOf = (list: readonly Rule[]) => loadConfig(null, new Map(list.map((r) => [r.meta.id, r])));

const needsGroups = defineRule({
  id: 'needs-groups',
  type: 'problem',
  description: 'test rule',
  severity: 'error',
  requires: ['groups'],
  messages: { found: 'route {{id}}' },
  explanations: { found: 'found for the test' },
  check({ model, report }) {
    for (const route of model.routes) report({ messageId: 'found', route, field: 'groups', data: { id: route.id } });
  },
});

const partlyPeers = defineRule({
  id: 'partly-peers',
  type: 'problem',
  description: 'test rule',
  severity: 'warn',
  messages: { found: 'x' },
  explanations: { found: 'found for the test' },
  check({ model, note }) {
    if (!model.has('peers')) note('peers', 'routing peer checks');
  },
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the plan is edited as plain JSON
function lintPlan(mutate: (plan: any) => void) {
  const text = JSON.stringify((() => {
    const plan = JSON.parse(readFileSync('fixtures/terraform/plan.json', 'utf8'));
    mutate(plan);
    return plan;
  })(), null, 2);
  const parsed = parseSource('plan.json', text);
  if (!parsed.ok) throw new Error('does not parse');
  const raw = terraformDocument('plan.json', text, parsed.file, parsed.value as Record<string, unknown>).after;
  return lintExport(raw, [needsGroups, partlyPeers], configOf([needsGroups, partlyPeers]));
}

describe('lint on a plan', () => {
  it('names the resource of every finding, from the route or from the position', () => {
    const [result] = lintPlan(() => {});
    // In file order: the root module's routes, then the module's.
    expect(result!.messages.map((m) => [m.routeId, m.resourceAddress])).toEqual([
      ['ct7r02bb8c5s73dbtr0g', 'netbird_route.exit_eu'],
      ['netbird_route.ops_tools', 'netbird_route.ops_tools'],
      ['ct7r01bb8c5s73dbtr00', 'module.office.netbird_route.lan["berlin"]'],
      ['module.office.netbird_route.lan["paris"]', 'module.office.netbird_route.lan["paris"]'],
    ]);
  });

  it('says why rules are skipped when the plan does not hold a group its routes name', () => {
    const [result] = lintPlan((plan) => {
      const resources = plan.prior_state.values.root_module.resources;
      resources.splice(resources.findIndex((r: { address: string }) => r.address === 'data.netbird_group.all'), 1);
    });
    expect(result!.messages).toEqual([]);
    // Peers are all there: the rule that notes their absence says nothing.
    expect(result!.skippedRules).toEqual([{ ruleId: 'needs-groups', missing: ['groups'], reason: 'the plan does not hold groups ct7g00bb8c5s73dbtg00, which it names (read them with data "netbird_group")' }]);
  });

  it('gives the reason with partial skips too', () => {
    const [result] = lintPlan((plan) => {
      const resources = plan.prior_state.values.root_module.resources;
      resources.splice(resources.findIndex((r: { address: string }) => r.address === 'data.netbird_peer.exit_eu_1'), 1);
    });
    expect(result!.skippedRules).toEqual([{ ruleId: 'partly-peers', missing: ['peers'], partial: 'routing peer checks', reason: expect.stringMatching(/^the plan does not hold peers ct7p04bb8c5s73dbtp1g, which it names/) }]);
  });

  it('the registry runs on the fixture state without findings', () => {
    const raw = readTerraformFile('fixtures/terraform/state.json').after;
    expect(lintExport(raw, rules, configOf(rules))[0]!.messages).toEqual([]);
  });
});

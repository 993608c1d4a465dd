import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SARIF_SCHEMA_PATH, sarifValidator } from '../support/sarif.js';
import { ROOT, runCli, tempDir } from './run.js';

const PLAN = 'fixtures/terraform/plan.json';
const STATE = 'fixtures/terraform/state.json';
const planText = readFileSync(join(ROOT, PLAN), 'utf8');

interface JsonMessage {
  ruleId: string | null;
  severity: number;
  messageId?: string;
  line: number;
  column: number;
  routeId?: string;
  path?: string;
  resourceAddress?: string;
  data?: Record<string, string | number>;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  skippedRules: { ruleId: string; missing: string[]; reason?: string }[];
}

function lintJson(args: string[]): { status: number | null; results: JsonResult[]; stderr: string } {
  const r = runCli(['lint', ...args, '--format', 'json']);
  return { status: r.status, results: r.stdout ? (JSON.parse(r.stdout) as JsonResult[]) : [], stderr: r.stderr };
}

/** 1-based line and column of the value after `"key": ` at its first occurrence after `after`. */
function positionOf(text: string, after: string, key: string): { line: number; column: number } {
  const start = text.indexOf(after);
  const keyAt = text.indexOf(`"${key}":`, start);
  let offset = keyAt + key.length + 3;
  while (text[offset] === ' ') offset++;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** The fixture plan with the Paris office route's metric set to 0, as a hand-edited plan would have it. */
function planWithBadMetric(minified: boolean): { dir: string; path: string; text: string } {
  const plan = JSON.parse(planText) as { planned_values: { root_module: { child_modules: { resources: { address: string; values: { metric: number } }[] }[] } } };
  plan.planned_values.root_module.child_modules[0]!.resources.find((r) => r.address === 'module.office.netbird_route.lan["paris"]')!.values.metric = 0;
  const text = minified ? JSON.stringify(plan) : `${JSON.stringify(plan, null, 2)}\n`;
  const dir = tempDir({ 'plan.json': text });
  return { dir, path: join(dir, 'plan.json'), text };
}

describe('routelint lint on terraform show -json output', () => {
  it('lints the plan: the value known only after apply is a warning with its address and position (exit 0)', () => {
    const { status, results, stderr } = lintJson([PLAN]);
    expect([status, stderr]).toEqual([0, '']);
    // Besides the unknown value, one real suggestion: the planned Paris route's peer group has one peer.
    expect(results.map((r) => [r.filePath, r.errorCount, r.messages.map((m) => m.ruleId).sort()])).toEqual([[PLAN, 0, ['ha-single-peer', 'terraform-unknown-value']]]);
    const finding = results[0]!.messages.find((m) => m.ruleId === 'terraform-unknown-value');
    const at = positionOf(planText, '"address": "netbird_route.lab"', 'access_control_groups');
    expect(finding).toMatchObject({ ruleId: 'terraform-unknown-value', messageId: 'reference', resourceAddress: 'netbird_route.lab', ...at, path: 'planned_values.root_module.resources[8].values.access_control_groups' });
    expect(finding!.data).toMatchObject({ address: 'netbird_route.lab', attribute: 'access_control_groups', detail: 'local.lab_acl' });
    expect(results[0]!.skippedRules).toEqual([]);
  });

  it('fails the plan on that warning with --max-warnings 0 (exit 1)', () => {
    expect(runCli(['lint', PLAN, '--max-warnings', '0']).status).toBe(1);
  });

  it('lints the state before the change: clean (exit 0)', () => {
    const { status, results } = lintJson([STATE]);
    expect(status).toBe(0);
    expect(results.map((r) => [r.filePath, r.messages.length, r.skippedRules.length])).toEqual([[STATE, 0, 0]]);
  });

  it('reports an error in a planned for_each route inside a module at its metric, naming the resource (exit 1)', () => {
    const { path, text } = planWithBadMetric(false);
    const { status, results } = lintJson([path]);
    expect(status).toBe(1);
    const finding = results[0]!.messages.find((m) => m.ruleId === 'metric-range')!;
    const address = 'module.office.netbird_route.lan["paris"]';
    expect(finding).toMatchObject({ severity: 2, routeId: address, resourceAddress: address, ...positionOf(text, `"address": ${JSON.stringify(address)}`, 'metric') });
    expect(finding.path).toBe('planned_values.root_module.child_modules[0].resources[1].values.metric');
  });

  it('counts columns on the single line terraform show -json prints', () => {
    const { path, text } = planWithBadMetric(true);
    const finding = lintJson([path]).results[0]!.messages.find((m) => m.ruleId === 'metric-range')!;
    const expected = positionOf(text, '"address":"module.office.netbird_route.lan[\\"paris\\"]"', 'metric');
    expect([finding.line, finding.column]).toEqual([1, expected.column]);
  });

  // Per format, the lines that carry a finding's message (stylish: one per finding, then a summary).
  const findingLines: Record<string, (out: string) => string[]> = {
    stylish: (out) => out.split('\n').filter((l) => /^\s+[⚠✖]\s+\d+:\d+/.test(l)),
    github: (out) => out.split('\n').filter((l) => l.startsWith('::')),
    junit: (out) => out.split('\n').filter((l) => l.includes('<failure ')),
  };

  it.each(Object.keys(findingLines))('names the resource of each finding once in %s output', (format) => {
    const { path } = planWithBadMetric(false);
    const addresses = lintJson([path]).results.flatMap((r) => r.messages.map((m) => m.resourceAddress));
    expect(addresses.every((a) => a !== undefined)).toBe(true);
    const r = runCli(['lint', path, '-f', format]);
    expect(r.status).toBe(1);
    const lines = findingLines[format]!(r.stdout);
    expect(lines).toHaveLength(addresses.length);
    // Each line names one resource, once (JUnit: in the message attribute and again in the text;
    // its XML escapes the quotes of for_each keys).
    const distinct = [...new Set(addresses as string[])];
    const times = lines.map((line) => distinct.map((a) => line.replaceAll('&quot;', '"').split(a).length - 1).filter((n) => n > 0));
    expect(times).toEqual(lines.map(() => [format === 'junit' ? 2 : 1]));
  });

  it('gives SARIF logical locations for resources, valid against the SARIF 2.1.0 schema', () => {
    const { dir, path } = planWithBadMetric(false);
    const r = runCli(['lint', path, '-f', 'sarif', '-o', join(dir, 'routelint.sarif')]);
    expect(r.status).toBe(1);
    const log = JSON.parse(readFileSync(join(dir, 'routelint.sarif'), 'utf8')) as { runs: { results: { ruleId: string; locations: { logicalLocations?: { fullyQualifiedName: string; kind: string }[]; physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(existsSync(SARIF_SCHEMA_PATH)).toBe(true);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // In file order: the root module's resources come before the module's.
    expect(log.runs[0]!.results.map((res) => [res.ruleId, res.locations[0]!.logicalLocations])).toEqual([
      ['terraform-unknown-value', [{ fullyQualifiedName: 'netbird_route.lab', kind: 'resource' }]],
      ['metric-range', [{ fullyQualifiedName: 'module.office.netbird_route.lan["paris"]', kind: 'resource' }]],
      ['ha-single-peer', [{ fullyQualifiedName: 'module.office.netbird_route.lan["paris"]', kind: 'resource' }]],
    ]);
  });

  it('gives byte-identical output for the same plan', () => {
    for (const format of ['stylish', 'json', 'sarif']) {
      const a = runCli(['lint', PLAN, '-f', format]).stdout;
      expect(a.length).toBeGreaterThan(0);
      expect(runCli(['lint', PLAN, '-f', format]).stdout).toBe(a);
    }
  });

  it('refuses a plan of an unsupported format major version (exit 2)', () => {
    const dir = tempDir({ 'plan.json': JSON.stringify({ format_version: '2.0', terraform_version: '2.0.0', planned_values: {} }) });
    const r = runCli(['lint', join(dir, 'plan.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/format_version "2\.0" is not supported/);
  });

  it('lints a plan and a state given together, each on its own', () => {
    const { results } = lintJson([STATE, PLAN]);
    expect(results.map((r) => [r.filePath, r.warningCount])).toEqual([
      [STATE, 0],
      [PLAN, 2],
    ]);
  });
});

describe('the fixture files', () => {
  it('are in the shape terraform show -json prints', () => {
    const plan = JSON.parse(planText) as Record<string, unknown>;
    expect(Object.keys(plan)).toEqual(['format_version', 'terraform_version', 'planned_values', 'resource_changes', 'prior_state', 'configuration', 'relevant_attributes', 'timestamp', 'applyable', 'complete', 'errored']);
    expect([plan.format_version, typeof plan.terraform_version]).toEqual(['1.2', 'string']);
    const state = JSON.parse(readFileSync(join(ROOT, STATE), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(state)).toEqual(['format_version', 'terraform_version', 'values']);
    // The state is the account the plan starts from.
    expect(state.values).toEqual((plan.prior_state as Record<string, unknown>).values);
  });
});

describe('routelint simulate on Terraform', () => {
  const ask = (file: string) => {
    const r = runCli(['simulate', file, '--ip', '10.30.1.1', '--from-peer', 'laptop-anna', '-f', 'json']);
    expect(r.status).toBe(0);
    const a = JSON.parse(r.stdout) as { disposition: string; peer: { name: string } | null; route: { id: string; network_id: string } | null };
    return [a.disposition, a.peer?.name ?? null, a.route?.network_id ?? null, a.route?.id ?? null];
  };

  it('answers from the state as it is and from the plan as it will be', () => {
    // The state has no route for the Paris office: the exit node carries it. The plan adds one.
    expect(ask(STATE)).toEqual(['ROUTED', 'exit-eu-1', 'exit-eu', 'ct7r02bb8c5s73dbtr0g']);
    expect(ask(PLAN)).toEqual(['ROUTED', 'gw-paris-1', 'office-paris', 'module.office.netbird_route.lan["paris"]']);
  });
});

describe('routelint diff of a state and a plan', () => {
  it('shows what the plan does to routing, in behaviour terms, exit 1', () => {
    const r = runCli(['diff', STATE, PLAN, '-f', 'json']);
    expect(r.status).toBe(1);
    const diff = JSON.parse(r.stdout) as { behaviour: { kind: string; destination: string; group: { name: string }; new: { peers: { name: string }[] } }[]; routes: { added: { id: string }[] } };
    const changes = diff.behaviour.map((b) => [b.kind, b.destination, b.group.name, b.new.peers.map((p) => p.name).join(',')]);
    // The plan adds the Paris office route (module for_each) and a domain route for ops.
    expect(changes).toContainEqual(['moved', '10.30.0.0/16', 'engineering', 'gw-paris-1']);
    expect(changes).toContainEqual(['now-routed', 'tools.internal.example.com', 'ops', 'gw-berlin-2']);
    expect(diff.routes.added.map((a) => a.id)).toContain('module.office.netbird_route.lan["paris"]');
  });

  it('finds no routing change between a state and itself, exit 0', () => {
    expect(runCli(['diff', STATE, STATE]).status).toBe(0);
  });
});

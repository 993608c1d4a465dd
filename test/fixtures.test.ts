// The bundled accounts: fixtures/clean triggers no rule at all, fixtures/demo triggers each
// rule of the pitfalls pack at least once. Linted through the real loader and engine.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../rules/index.js';
import { loadConfig } from '../src/engine/config.js';
import { lintExport } from '../src/engine/lint.js';
import { readExport } from '../src/load/export.js';

const fixture = (dir: string) => readExport(fileURLToPath(new URL(`../fixtures/${dir}`, import.meta.url)));
const lint = (dir: string) => lintExport(fixture(dir), rules, loadConfig(null, rulesById));

const PITFALLS = [
  'access-control-without-policy',
  'domain-wildcard-apex',
  'exit-node-scope',
  'ha-mixed-settings',
  'ha-single-peer',
  'ineffective-field',
  'masquerade-off-needs-return',
  'overlay-overlap',
  'route-without-policy',
  'routing-peer-unavailable',
  'unroutable-prefix',
];

describe('fixtures/clean', () => {
  const results = lint('clean');

  it('triggers no rule', () => {
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.routeId ?? ''}`))).toEqual([]);
  });

  it('skips no rule: it has every section', () => {
    expect(results.flatMap((r) => r.skippedRules)).toEqual([]);
  });

  it('is the realistic account it claims to be', () => {
    const raw = fixture('clean');
    const routes = raw.sections.routes!.value as { network: string; domains: string[] | null; network_id: string; masquerade: boolean }[];
    const routesPerHaSet = new Map<string, number>();
    for (const r of routes) {
      const key = `${r.network_id}|${r.domains?.join(',') ?? r.network}`;
      routesPerHaSet.set(key, (routesPerHaSet.get(key) ?? 0) + 1);
    }
    expect([...routesPerHaSet.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(3);
    expect(routes.some((r) => r.network === '0.0.0.0/0' && r.masquerade)).toBe(true);
    expect(routes.some((r) => r.domains?.includes('*.example.com') && r.domains.includes('example.com'))).toBe(true);
    const peers = raw.sections.peers!.value as { ipv6?: string }[];
    expect(peers.some((p) => p.ipv6)).toBe(true);
    expect(peers.some((p) => !p.ipv6)).toBe(true);
    expect((raw.sections.policies!.value as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('fixtures/demo', () => {
  const fired = new Set(lint('demo').flatMap((r) => r.messages.map((m) => m.ruleId)));
  for (const id of PITFALLS) {
    it(`triggers ${id}`, () => {
      expect(rulesById.has(id)).toBe(true);
      expect(fired.has(id)).toBe(true);
    });
  }
});

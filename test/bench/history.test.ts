import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { consecutiveRunsMeetingAll } from '../../bench/targets.js';
import { generateAccount, reviseAccount } from '../../bench/generate.js';
import { BIG_GROUPS_ADDRESS, MIXED_ADDRESS, SHARED_ADDRESS, generateBigGroupsAccount, generateManyGroupsAccount, generateMixedAccount, generatePolicyAccount, generateSharedPrefixesAccount } from '../../bench/shapes.js';
import { containsAddr, mustParseAddr, mustParsePrefix } from '../../src/net/prefix.js';
import { loadConfig } from '../../src/engine/config.js';
import { lintExport } from '../../src/engine/lint.js';
import { rules, rulesById } from '../../rules/index.js';
import type { Bundle } from '../support/api.js';
import { rawExportOf } from '../support/model.js';

const target = (name: string, met: boolean) => ({ name, target: '≤ 2×', measured: met ? '1.00×' : '3.00×', met });
const run = (targets: ReturnType<typeof target>[]) => ({ generatedAt: '2026-12-05T00:00:00Z', commit: 'abc', command: 'npm run bench', targets });

describe('consecutive runs meeting every target', () => {
  it.each([
    { name: 'this run misses one', now: [target('a', true), target('b', false)], history: [run([target('a', true), target('b', true)])], streak: 0 },
    { name: 'no history', now: [target('a', true)], history: [], streak: 1 },
    { name: 'two in a row, then a miss', now: [target('a', true)], history: [run([target('a', true)]), run([target('a', false)]), run([target('a', true)])], streak: 2 },
    { name: 'an earlier run without a target of today ends the streak', now: [target('a', true), target('new', true)], history: [run([target('a', true)])], streak: 1 },
    { name: 'an earlier target that no longer exists is ignored', now: [target('a', true)], history: [run([target('a', true), target('gone', false)])], streak: 2 },
  ])('$name', ({ now, history, streak }) => {
    expect(consecutiveRunsMeetingAll({ targets: now, history })).toBe(streak);
  });

  it('never counts past the first run that misses', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (mets) => {
        const [now, ...earlier] = mets.map((met) => [target('a', met)]);
        const firstMiss = mets.indexOf(false);
        expect(consecutiveRunsMeetingAll({ targets: now!, history: earlier.map(run) })).toBe(firstMiss < 0 ? mets.length : firstMiss);
      }),
    );
  });
});

describe('the revised account of the related diff', () => {
  it('changes about one route in a hundred and keeps ids unique', () => {
    const account = generateAccount(2000);
    const revised = reviseAccount(account);
    const before = new Map((account.routes as { id: string }[]).map((r) => [r.id, JSON.stringify(r)]));
    const ids = (revised.routes as { id: string }[]).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const changed = (revised.routes as { id: string }[]).filter((r) => before.get(r.id) !== JSON.stringify(r)).length;
    const removed = [...before.keys()].filter((id) => !ids.includes(id)).length;
    expect(changed + removed).toBeGreaterThan(10);
    expect(changed + removed).toBeLessThan(100);
    expect(JSON.stringify(reviseAccount(account))).toBe(JSON.stringify(revised));
  });
});

describe('the many-policies shape', () => {
  it('has the traits it is meant to weigh, and loads without a finding about its own shape', () => {
    const account = generatePolicyAccount(2000);
    const routes = account.routes as { id: string; access_control_groups?: string[]; network_type: string; domains: string[] | null }[];
    const share = (keep: (r: (typeof routes)[number]) => boolean) => routes.filter(keep).length / routes.length;
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    expect(account.policies.length).toBe(1 + 100);
    expect(share((r) => (r.access_control_groups?.length ?? 0) > 0)).toBeCloseTo(0.3, 1);
    expect(share((r) => r.network_type === 'Domain' && (r.domains?.length ?? 0) > 0)).toBeCloseTo(0.3, 1);
    expect(share((r) => r.network_type === 'IPv6')).toBeGreaterThan(0.01);
    const added = (account.policies as { rules: { action: string }[]; source_posture_checks: string[] }[]).slice(1);
    expect(added.some((p) => p.source_posture_checks.length > 0)).toBe(true);
    expect(added.flatMap((p) => p.rules).some((r) => r.action === 'drop')).toBe(true);
    // Every reference resolves: no rule reports the generator's own mistakes.
    const ids = lintExport(rawExportOf(account as unknown as Bundle), rules, loadConfig(null, rulesById)).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids.filter((id) => id !== null && ['unknown-group', 'unknown-peer', 'unknown-posture-check', 'invalid-prefix', 'invalid-domains', 'invalid-field-type'].includes(id))).toEqual([]);
    expect(ids).toContain('access-control-drops-distribution');
    expect(JSON.stringify(generatePolicyAccount(2000))).toBe(JSON.stringify(account));
  });
});

describe('the many-groups shape', () => {
  it('names several groups per route, and loads without a finding about its own shape', () => {
    const account = generateManyGroupsAccount(2000);
    const routes = account.routes as { id: string; groups: string[]; peer: string; peer_groups?: string[]; access_control_groups?: string[] }[];
    const everyone = (account.groups as { id: string; name: string }[]).find((g) => g.name === 'All')!.id;
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    for (const r of routes) {
      expect(new Set(r.groups).size).toBe(r.groups.length);
      expect(r.groups.length).toBeGreaterThanOrEqual(1);
      expect(r.groups.length).toBeLessThanOrEqual(8);
      expect(r.groups).not.toContain(everyone);
    }
    const mean = routes.reduce((n, r) => n + r.groups.length, 0) / routes.length;
    expect(mean).toBeGreaterThan(4);
    const grouped = routes.filter((r) => (r.peer_groups?.length ?? 0) > 0);
    expect(grouped.length).toBeGreaterThan(0);
    for (const r of grouped) expect(r.peer_groups!.length).toBeLessThanOrEqual(2);
    expect(routes.filter((r) => (r.access_control_groups?.length ?? 0) > 0).length / routes.length).toBeCloseTo(0.3, 1);
    const ids = lintExport(rawExportOf(account as unknown as Bundle), rules, loadConfig(null, rulesById)).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids.filter((id) => id !== null && ['unknown-group', 'unknown-peer', 'invalid-prefix', 'invalid-domains', 'invalid-field-type'].includes(id))).toEqual([]);
    expect(JSON.stringify(generateManyGroupsAccount(2000))).toBe(JSON.stringify(account));
  });
});

describe('the mixed-families shape', () => {
  it('holds IPv6 routes of every length, some covering its address, domain routes and repeated prefixes, and loads without a finding about its own shape', () => {
    const account = generateMixedAccount(2000);
    const routes = account.routes as { id: string; network: string; network_type: string; network_id: string; domains?: string[] }[];
    const v6 = routes.filter((r) => r.network_type === 'IPv6').map((r) => mustParsePrefix(r.network));
    expect(v6.length / routes.length).toBeCloseTo(0.4, 1);
    expect(new Set(v6.map((p) => p.bits)).size).toBeGreaterThan(80);
    // Networks that differ only above their low 64 bits: the keys a bigint-keyed table would pile into one bucket.
    expect(new Set(v6.filter((p) => p.bits <= 64).map((p) => p.text)).size).toBeGreaterThan(100);
    const address = mustParseAddr(MIXED_ADDRESS);
    expect(v6.filter((p) => containsAddr(p, address)).length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.network_type === 'Domain').length / routes.length).toBeCloseTo(0.15, 1);
    const v4 = routes.filter((r) => r.network_type === 'IPv4');
    const idsByNetwork = new Map<string, Set<string>>();
    for (const r of v4) idsByNetwork.set(r.network, (idsByNetwork.get(r.network) ?? new Set()).add(r.network_id));
    expect([...idsByNetwork.values()].filter((ids) => ids.size > 1).length).toBeGreaterThan(50);
    const peers = account.peers as { ipv6?: string }[];
    expect(peers.filter((p) => p.ipv6).length / peers.length).toBeCloseTo(0.8, 1);
    const ids = lintExport(rawExportOf(account as unknown as Bundle), rules, loadConfig(null, rulesById)).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids.filter((id) => id !== null && ['unknown-group', 'unknown-peer', 'invalid-prefix', 'invalid-domains', 'invalid-field-type', 'ipv6-route-unreachable'].includes(id))).toEqual([]);
    expect(JSON.stringify(generateMixedAccount(2000))).toBe(JSON.stringify(account));
  });
});

describe('the shared-prefixes shape', () => {
  it('holds each IPv4 prefix under many network_ids with metrics that differ, and loads without a finding about its own shape', () => {
    const account = generateSharedPrefixesAccount(2000);
    const routes = account.routes as { network: string; network_type: string; network_id: string; metric: number }[];
    const shared = routes.filter((r) => r.network_type === 'IPv4' && r.network !== '0.0.0.0/0');
    expect(shared.length / routes.length).toBeGreaterThan(0.9);
    const idsByNetwork = new Map<string, Set<string>>();
    for (const r of shared) idsByNetwork.set(r.network, (idsByNetwork.get(r.network) ?? new Set()).add(r.network_id));
    expect(idsByNetwork.size).toBe(20);
    // Every prefix in a dozen HA sets or more, and the metrics of a prefix not all one.
    expect(Math.min(...[...idsByNetwork.values()].map((ids) => ids.size))).toBeGreaterThan(12);
    expect(new Set(shared.map((r) => r.metric)).size).toBeGreaterThan(50);
    const address = mustParseAddr(SHARED_ADDRESS);
    expect(shared.filter((r) => containsAddr(mustParsePrefix(r.network), address)).length).toBeGreaterThan(20);
    const ids = lintExport(rawExportOf(account as unknown as Bundle), rules, loadConfig(null, rulesById)).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids.filter((id) => id !== null && ['unknown-group', 'unknown-peer', 'invalid-prefix', 'invalid-field-type'].includes(id))).toEqual([]);
    expect(ids.filter((id) => id === 'metric-conflict').length).toBeGreaterThan(100);
    expect(JSON.stringify(generateSharedPrefixesAccount(2000))).toBe(JSON.stringify(account));
  });
});

describe('the big-peer-groups shape', () => {
  it('puts every peer in twelve big groups besides All, distributes routes to ten and serves them through one, and loads without a finding about its own shape', () => {
    const account = generateBigGroupsAccount(2000);
    const peers = account.peers as { groups: { id: string }[] }[];
    expect(peers.every((p) => p.groups.length === 13)).toBe(true);
    const groups = account.groups as { id: string; peers: unknown[] | null }[];
    const sizes = groups.slice(1).map((g) => g.peers?.length ?? 0);
    // Big groups: about 120 members each at this size (12 of ~100 groups per peer), 300 at 100,000 routes (12 of 2,000).
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12 * peers.length);
    expect(Math.min(...sizes)).toBeGreaterThan(50);
    const routes = account.routes as { network: string; groups: string[]; peer_groups?: string[] }[];
    const others = routes.filter((r) => r.network !== '0.0.0.0/0');
    // Ten draws, repeats dropped, never All.
    expect(others.every((r) => r.groups.length >= 5 && r.groups.length <= 10 && !r.groups.includes(groups[0]!.id))).toBe(true);
    expect(others.reduce((n, r) => n + r.groups.length, 0) / others.length).toBeGreaterThan(9);
    expect(others.filter((r) => (r.peer_groups?.length ?? 0) > 0).length).toBeGreaterThan(others.length / 4);
    const address = mustParseAddr(BIG_GROUPS_ADDRESS);
    expect(others.filter((r) => containsAddr(mustParsePrefix(r.network), address)).length).toBeGreaterThan(0);
    const ids = lintExport(rawExportOf(account as unknown as Bundle), rules, loadConfig(null, rulesById)).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids.filter((id) => id !== null && ['unknown-group', 'unknown-peer', 'invalid-prefix', 'invalid-field-type'].includes(id))).toEqual([]);
    expect(JSON.stringify(generateBigGroupsAccount(2000))).toBe(JSON.stringify(account));
  });
});

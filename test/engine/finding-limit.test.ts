// The limit of findings per file: past it, findings are counted, not collected (a compiler's error limit).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { DEFAULT_MAX_FINDINGS, findingsCeiling, findingsLimit, lintExport } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/rule.js';
import { group, peer, route } from '../support/api.js';
import { rawExportOf } from '../support/model.js';

// Every route has metric 0 (metric-range) and a host-bit prefix (prefix-host-bits): two findings each.
const floodOf = (n: number) => ({ routes: Array.from({ length: n }, (_, i) => route({ id: `r${i}`, network: `10.${i >> 8}.${i & 255}.1/24`, network_id: `n${i}`, metric: 0 })) });
const config = loadConfig(null, rulesById);

describe('the limit of findings per file', () => {
  it('collects every finding under the limit and says nothing was left out', () => {
    const [result] = lintExport(rawExportOf(floodOf(20)), rules, config, { maxFindings: 1000 });
    expect(result!.findingsLeftOut).toBeUndefined();
    expect(result!.messages.filter((m) => m.ruleId === 'metric-range')).toHaveLength(20);
  });

  it('keeps exactly the limit and counts the rest, whatever the limit', () => {
    const all = lintExport(rawExportOf(floodOf(30)), rules, config, { maxFindings: 0 })[0]!.messages.length;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: all + 5 }), (limit) => {
        const [result] = lintExport(rawExportOf(floodOf(30)), rules, config, { maxFindings: limit });
        expect(result!.messages.length).toBe(Math.min(limit, all));
        expect(result!.messages.length + (result!.findingsLeftOut ?? 0)).toBe(all);
        expect(result!.errorCount + result!.warningCount).toBe(result!.messages.length);
      }),
      { numRuns: 15 },
    );
  });

  // [ceiling, maxFindings] → findings kept of the flood's 60 (30 routes, two findings each)
  it.each([
    [1_000_000, 0, 60],
    [25, 0, 25],
    [25, 10, 10],
    [25, 40, 25],
    [100, 40, 40],
  ])('under a ceiling of %i findings per file, --max-findings %i keeps %i', (ceiling, maxFindings, kept) => {
    const saved = findingsCeiling.perFile;
    findingsCeiling.perFile = ceiling;
    try {
      const [result] = lintExport(rawExportOf(floodOf(30)), rules, config, { maxFindings });
      expect(result!.messages).toHaveLength(kept);
      expect(result!.messages.length + (result!.findingsLeftOut ?? 0)).toBe(60);
      expect(findingsLimit(maxFindings)).toBe(Math.min(ceiling, maxFindings || Infinity));
    } finally {
      findingsCeiling.perFile = saved;
    }
  });

  it('keeps the same findings on every run (rule order, then report order)', () => {
    const once = lintExport(rawExportOf(floodOf(40)), rules, config, { maxFindings: 25 })[0]!.messages;
    const again = lintExport(rawExportOf(floodOf(40)), rules, config, { maxFindings: 25 })[0]!.messages;
    expect(again).toEqual(once);
  });

  it('counts the findings rules skip past the limit (leftOut) exactly as the reports it replaces', () => {
    // Findings of the rules that ask leftOut before building a report: the same prefix in several
    // HA sets (overlapping-networks, metric-conflict), nested prefixes, one peer serving a prefix
    // twice (duplicate-peer-route), offline routing peers (routing-peer-unavailable).
    const peers = ['p-a', 'p-b', 'p-c', 'p-d'].map((id, i) => peer({ id, ip: `100.64.0.${i + 1}`, groups: ['g-all', 'g-gw'], connected: i % 2 === 0 }));
    const routes = Array.from({ length: 24 }, (_, i) =>
      route({ id: `r${i}`, network: `10.${i % 3}.${i % 5 === 0 ? 0 : i}.0/${i % 5 === 0 ? 16 : 24}`, network_id: `n${i % 7}`, metric: 100 + (i % 4), peer: i % 3 === 0 ? '' : `p-${'abcd'[i % 4]}`, ...(i % 3 === 0 ? { peer_groups: ['g-gw'] } : {}) }),
    );
    const raw = () => rawExportOf({ routes, groups: [group('g-all', 'All', ['p-a', 'p-b', 'p-c', 'p-d']), group('g-gw', 'gateways', ['p-a', 'p-b', 'p-c', 'p-d'])], peers });
    // The same rules asked to report every finding: the engine counts the ones past the limit itself.
    const reportingAll: Rule[] = rules.map((rule) => ({ ...rule, check: (context) => rule.check({ ...context, leftOut: () => false }) }));
    const everything = lintExport(raw(), rules, config, { maxFindings: 0 })[0]!.messages;
    const byRule = new Set(everything.map((m) => m.ruleId));
    for (const id of ['overlapping-networks', 'metric-conflict', 'duplicate-peer-route', 'routing-peer-unavailable']) expect(byRule).toContain(id);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: everything.length + 3 }), (limit) => {
        const [result] = lintExport(raw(), rules, config, { maxFindings: limit });
        expect(result).toEqual(lintExport(raw(), reportingAll, config, { maxFindings: limit })[0]);
        expect(result!.messages.length + (result!.findingsLeftOut ?? 0)).toBe(everything.length);
      }),
      { numRuns: 25 },
    );
  });

  it('counts overlapping and metric findings past the limit as the reports they replace, on nested prefixes of many groups', () => {
    // Past the limit, overlapping-networks and metric-conflict only ask whether an earlier set (or
    // an enclosing one) reaches a route (RecipientPresence, an ancestor's union of meeting bitsets);
    // more than 16 distribution groups per prefix make the ancestors the ones asked through an index.
    const GROUPS = Array.from({ length: 40 }, (_, i) => `g${i}`);
    const arb = fc.record({
      routes: fc.array(fc.record({ bits: fc.integer({ min: 8, max: 11 }), groups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'g-none'), { minLength: 1, maxLength: 2 }), metric: fc.constantFrom(100, 200, 300) }), { minLength: 20, maxLength: 60 }),
      members: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.integer({ min: 0, max: 11 })), { maxLength: 50 }),
      limit: fc.integer({ min: 1, max: 80 }),
    });
    const only = rules.filter((r) => r.meta.id === 'overlapping-networks' || r.meta.id === 'metric-conflict');
    const reportingAll: Rule[] = only.map((rule) => ({ ...rule, check: (context) => rule.check({ ...context, leftOut: () => false }) }));
    fc.assert(
      fc.property(arb, (a) => {
        const raw = () =>
          rawExportOf({
            routes: a.routes.map((r, i) => route({ id: `r${i}`, network: `10.0.0.0/${r.bits}`, network_id: `n${i % 9}`, groups: r.groups, metric: r.metric, peer: `p${i % 12}` })),
            groups: GROUPS.map((g) => group(g, g, [...new Set(a.members.filter(([mg]) => mg === g).map(([, p]) => `p${p}`))])),
            peers: Array.from({ length: 12 }, (_, p) => peer({ id: `p${p}`, ip: `100.64.0.${p + 1}`, groups: [] })),
          });
        const [result] = lintExport(raw(), only, config, { maxFindings: a.limit });
        expect(result).toEqual(lintExport(raw(), reportingAll, config, { maxFindings: a.limit })[0]);
      }),
      { numRuns: 60 },
    );
  });

  it('has a default far above the bench account and far below a flood', () => {
    expect(DEFAULT_MAX_FINDINGS).toBeGreaterThanOrEqual(20_000);
    expect(DEFAULT_MAX_FINDINGS).toBeLessThanOrEqual(1_000_000);
  });
});

// The related route ids of a finding: each once, sorted, at most RELATED_IDS_SHOWN, and counted past that.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { lintExport, RELATED_IDS_SHOWN } from '../../src/engine/lint.js';
import { defineRule } from '../../src/engine/rule.js';
import type { Route } from '../../src/model/types.js';
import { route } from '../support/api.js';
import { rawExportOf } from '../support/model.js';

const settingsOf = (id: string) => ({ path: null, settings: new Map([[id, { severity: 'warn' as const, options: {} }]]), ignores: [] });

describe('related route ids', () => {
  it('equal the sorted distinct ids of the related routes but the excepted one, cut at the limit and counted', () => {
    // Findings per route: a slice of the routes (shared by every finding that takes it, or a copy), and maybe a route to leave out.
    const finding = fc.record({ from: fc.nat(), length: fc.nat({ max: 160 }), except: fc.option(fc.nat(), { nil: undefined }), copy: fc.boolean() });
    const account = fc.record({ ids: fc.array(fc.integer({ min: 0, max: 140 }), { minLength: 1, maxLength: 170 }), findings: fc.array(finding, { minLength: 1, maxLength: 6 }) });
    fc.assert(
      fc.property(account, ({ ids, findings }) => {
        // Ids repeat (duplicate-route-id's finding): a repeated id stays while another route holds it.
        const raw = rawExportOf({ routes: ids.map((n, i) => route({ id: `r${String(n).padStart(3, '0')}`, network_id: `n${i}`, network: `10.0.${i}.0/24` })) });
        const expected: { ids: string[]; total: number }[] = [];
        const rule = defineRule({
          id: 'related-probe',
          type: 'problem',
          description: 'reports the given related routes',
          severity: 'warn',
          messages: { probe: 'probe {{k}}' },
          explanations: { probe: 'probe' },
          check({ model, report }) {
            const slices = new Map<string, readonly Route[]>();
            findings.forEach((f, k) => {
              const from = f.from % model.routes.length;
              const key = `${from}:${f.length}`;
              let related = slices.get(key);
              if (!related) slices.set(key, (related = model.routes.slice(from, from + f.length)));
              if (f.copy) related = [...related];
              const except = f.except === undefined ? undefined : model.routes[f.except % model.routes.length]!;
              const all = [...new Set(related.filter((r) => r !== except).map((r) => r.id))].sort();
              expected.push({ ids: all.slice(0, RELATED_IDS_SHOWN), total: all.length });
              report({ messageId: 'probe', route: model.routes[0]!, related, ...(except ? { relatedExcept: except } : {}), data: { k } });
            });
          },
        });
        const [result] = lintExport(raw, [rule], settingsOf(rule.meta.id));
        const byK = new Map(result!.messages.map((m) => [m.data!.k, m]));
        expected.forEach((want, k) => {
          const m = byK.get(k)!;
          expect(m.relatedRouteIds ?? []).toEqual(want.ids);
          expect(m.relatedRoutesTotal).toBe(want.total > RELATED_IDS_SHOWN ? want.total : undefined);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('are the same whether a list is passed once or again (indexed), routes repeated in it included', () => {
    const list = fc.array(fc.nat({ max: 40 }), { minLength: 16, maxLength: 140 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 40 }), list, fc.option(fc.nat(), { nil: undefined }), (ids, picks, exceptAt) => {
        const raw = rawExportOf({ routes: ids.map((n, i) => route({ id: `r${String(n).padStart(3, '0')}`, network_id: `n${i}`, network: `10.0.${i}.0/24` })) });
        const rule = defineRule({
          id: 'related-twice',
          type: 'problem',
          description: 'reports one related list twice',
          severity: 'warn',
          messages: { probe: 'probe {{k}}' },
          explanations: { probe: 'probe' },
          check({ model, report }) {
            // The same route object may stand in the list more than once.
            const related = picks.map((p) => model.routes[p % model.routes.length]!);
            const except = exceptAt === undefined ? undefined : model.routes[exceptAt % model.routes.length]!;
            for (const k of [0, 1, 2]) report({ messageId: 'probe', route: model.routes[0]!, related, ...(except ? { relatedExcept: except } : {}), data: { k } });
          },
        });
        const [result] = lintExport(raw, [rule], settingsOf(rule.meta.id));
        const answers = result!.messages.map((m) => [m.relatedRouteIds, m.relatedRoutesTotal]);
        expect(answers).toHaveLength(3);
        expect(answers[1]).toEqual(answers[0]);
        expect(answers[2]).toEqual(answers[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('a tie of 150 routes in one HA set: each finding names the first 100 others by id and counts 149', () => {
    // metric-conflict: equal metrics, masquerade off, one peer each, one audience.
    const routes = Array.from({ length: 150 }, (_, i) => route({ id: `r${String(i).padStart(3, '0')}`, network_id: 'office', peer: `p${i}`, masquerade: false, metric: 100, groups: ['g-all'] }));
    const [result] = lintExport(rawExportOf({ routes }), [rulesById.get('metric-conflict')!], loadConfig(null, rulesById));
    const ties = result!.messages.filter((m) => m.messageId === 'equalMetricNoMasquerade');
    expect(ties).toHaveLength(150);
    const first = ties.find((m) => m.routeId === 'r000')!;
    expect(first.relatedRouteIds).toEqual(routes.slice(1, 101).map((r) => r.id));
    expect(first.relatedRoutesTotal).toBe(149);
    const later = ties.find((m) => m.routeId === 'r050')!;
    expect(later.relatedRouteIds).toEqual(routes.filter((r) => r.id !== 'r050').slice(0, 100).map((r) => r.id));
    expect(later.relatedRoutesTotal).toBe(149);
  });
});

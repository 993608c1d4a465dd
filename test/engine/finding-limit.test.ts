// The limit of findings per file: past it, findings are counted, not collected (a compiler's error limit).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { DEFAULT_MAX_FINDINGS, lintExport } from '../../src/engine/lint.js';
import { route } from '../support/api.js';
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

  it('keeps the same findings on every run (rule order, then report order)', () => {
    const once = lintExport(rawExportOf(floodOf(40)), rules, config, { maxFindings: 25 })[0]!.messages;
    const again = lintExport(rawExportOf(floodOf(40)), rules, config, { maxFindings: 25 })[0]!.messages;
    expect(again).toEqual(once);
  });

  it('has a default far above the bench account and far below a flood', () => {
    expect(DEFAULT_MAX_FINDINGS).toBeGreaterThanOrEqual(20_000);
    expect(DEFAULT_MAX_FINDINGS).toBeLessThanOrEqual(1_000_000);
  });
});

// Each rule's fixture (fixtures/rules/<id>/, a directory export in the API's exact shape) is read
// through the real loader and must trigger exactly the findings it was written for.
import { describe, expect, it } from 'vitest';
import { rulesById } from '../../rules/index.js';
import { lintExport } from '../../src/engine/lint.js';
import { readExport } from '../../src/load/export.js';

const expected: Record<string, string[]> = {
  'exit-node-masquerade': ['masqueradeOff d4f0r11b8c5s73e0ar80', 'masqueradeOff d4f0r13b8c5s73e0ar90'],
  'ha-group-empty': ['emptyPeerGroups d4f0r33b8c5s73e0arp0', 'noRoutingPeer d4f0r32b8c5s73e0arog'],
  'metric-conflict': ['equalMetricNoMasquerade d4f0r21b8c5s73e0arg0', 'exitNodeShadowed d4f0r25b8c5s73e0ari0', 'metricAcrossNetworkIds d4f0r23b8c5s73e0arh0'],
  'overlapping-networks': ['nested d4f0r02b8c5s73e0ar0g', 'nested d4f0r06b8c5s73e0ar2g', 'sameDomain d4f0r07b8c5s73e0ar30', 'samePrefix d4f0r04b8c5s73e0ar1g'],
};

describe('rule fixtures', () => {
  for (const [id, want] of Object.entries(expected)) {
    it(`fixtures/rules/${id} triggers ${id}`, () => {
      const rule = rulesById.get(id)!;
      const raw = readExport(new URL(`../../fixtures/rules/${id}`, import.meta.url).pathname);
      expect(Object.keys(raw.sections).sort()).toEqual(['groups', 'peers', 'policies', 'routes']);
      const settings = new Map([[id, { severity: rule.meta.severity, options: {} }]]);
      const results = lintExport(raw, [rule], { path: null, settings, ignores: [] });
      expect(results.flatMap((r) => r.skippedRules)).toEqual([]);
      const got = results.flatMap((r) => r.messages.map((m) => `${m.messageId} ${m.routeId}`)).sort();
      expect(got).toEqual(want);
    });
  }
});

// Every rule fixture (fixtures/rules/<id>/, a directory export in the API's exact shape) is read
// through the real loader and must trigger the rule it is named after with the default
// configuration; where listed below, exactly the findings it was written for.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { lintExport } from '../../src/engine/lint.js';
import { readExport } from '../../src/load/export.js';

const root = fileURLToPath(new URL('../../fixtures/rules/', import.meta.url));
const ids = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** `messageId routeId` of every finding of the fixture's own rule. */
const exactly: Record<string, string[]> = {
  'exit-node-masquerade': ['masqueradeOff d4f0r11b8c5s73e0ar80', 'masqueradeOff d4f0r13b8c5s73e0ar90'],
  'ha-group-empty': ['emptyPeerGroups d4f0r33b8c5s73e0arp0', 'noRoutingPeer d4f0r32b8c5s73e0arog'],
  'metric-conflict': ['equalMetricNoMasquerade d4f0r21b8c5s73e0arg0', 'exitNodeShadowed d4f0r25b8c5s73e0ari0', 'metricAcrossNetworkIds d4f0r23b8c5s73e0arh0'],
  'overlapping-networks': ['nested d4f0r02b8c5s73e0ar0g', 'nested d4f0r06b8c5s73e0ar2g', 'sameDomain d4f0r07b8c5s73e0ar30', 'samePrefix d4f0r04b8c5s73e0ar1g'],
};

describe('rule fixtures', () => {
  it('are each named after a registered rule', () => {
    expect(ids.filter((id) => !rulesById.has(id))).toEqual([]);
  });

  for (const id of ids) {
    it(`${id} triggers ${id}`, () => {
      const raw = readExport(`${root}${id}`);
      expect(Object.keys(raw.sections).sort()).toEqual(['groups', 'peers', 'policies', 'routes']);
      const results = lintExport(raw, rules, loadConfig(null, rulesById));
      const messages = results.flatMap((r) => r.messages);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(results.flatMap((r) => r.skippedRules).filter((s) => s.ruleId === id)).toEqual([]);
      const own = messages.filter((m) => m.ruleId === id).map((m) => `${m.messageId} ${m.routeId}`).sort();
      if (exactly[id]) expect(own).toEqual(exactly[id]);
      else expect(own.length).toBeGreaterThan(0);
    });
  }
});

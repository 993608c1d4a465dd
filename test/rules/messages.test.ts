// Every message of every rule, filled with typical names: one short sentence (what is wrong and
// where) of at most 100 characters, with an explanation of its own that says more.
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { fillMessage } from '../../src/engine/rule.js';

/** Typical values of each placeholder, as the demo export and NetBird's API would give them. */
const SAMPLE: Record<string, string | number> = {
  networkId: 'office-berlin',
  otherNetworkId: 'office-paris',
  exitNetworkId: 'exit-eu',
  exitNode: 'exit-eu',
  winner: 'exit-eu',
  target: '10.20.0.0/16',
  prefix: '10.20.0.0/16',
  otherPrefix: '10.20.0.0/16',
  network: '10.20.0.0/16',
  stored: '10.40.1.0/24',
  overlay: '100.92.0.0/16',
  peer: 'gw-berlin-1',
  peers: 'gw-berlin-1, gw-berlin-2',
  peerGroups: 'gateways-berlin',
  group: 'engineering',
  groups: 'engineering, contractors',
  members: 'alice-laptop, bob-laptop, carol-desktop',
  domain: 'internal.example.com',
  domains: 'internal.example.com, *.corp.example.com',
  apex: 'internal.example.com',
  wildcard: '*.internal.example.com',
  address: 'netbird_route.office_berlin',
  attribute: 'peer_groups',
  object: 'route',
  detail: 'netbird_group.gateways',
  reason: 'label longer than 63 characters',
  what: 'routes[12].metric',
  expected: 'an integer',
  actual: 'a string',
  field: 'access_control_groups',
  policy: 'engineering-to-office',
  check: 'ctm0acbb8c5s73dbre60',
  id: 'ctm0acbb8c5s73dbre60',
  addressClass: 'link-local',
  metric: 100,
  otherMetric: 200,
  count: 3,
  total: 12,
  available: 1,
  others: 2,
  enabled: 2,
  occurrence: 2,
  position: 1,
  length: 45,
  expired: 1,
  offline: 2,
  serverRoutesDisabled: 1,
  inboundBlocked: 2,
};

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;
const cases = rules.flatMap((rule) => Object.keys(rule.meta.messages).map((messageId) => ({ rule, messageId, name: `${rule.meta.id}/${messageId}` })));

describe.each(cases)('$name', ({ rule, messageId }) => {
  const template = (rule.meta.messages as Record<string, string>)[messageId]!;
  const explanationTemplate = (rule.meta.explanations as Record<string, string | undefined>)[messageId];
  const used = [...template.matchAll(PLACEHOLDER), ...(explanationTemplate ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]!);

  it('has sample data for each placeholder (add one above for a new name)', () => {
    expect(used.filter((name) => !(name in SAMPLE))).toEqual([]);
  });

  it('is one short sentence of at most 100 characters', () => {
    const text = fillMessage(template, SAMPLE, rule.meta.id);
    expect(text.length, text).toBeLessThanOrEqual(100);
    expect(text).not.toMatch(/\n|\.$/);
  });

  it('has an explanation that says more', () => {
    expect(explanationTemplate).toBeTruthy();
    const explanation = fillMessage(explanationTemplate!, SAMPLE, rule.meta.id);
    expect(explanation.length).toBeGreaterThan(40);
    expect(explanation).toMatch(/\.$/);
    expect(explanation.includes(fillMessage(template, SAMPLE, rule.meta.id))).toBe(false);
  });
});

it('every rule has messages (the table above is not empty by accident)', () => {
  expect(cases.length).toBeGreaterThanOrEqual(rules.length);
});

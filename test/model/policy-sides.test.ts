import { describe, expect, it } from 'vitest';
import { exportFromText } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import { group, peer, policy, route } from '../support/api.js';

// A rule's sourceResource / destinationResource of type peer replaces its groups (docs/netbird-behaviour.md §3).
function modelWith(rule: Record<string, unknown>) {
  const base = policy({ id: 'pol', sources: ['g-office'], destinations: ['g-gw'] });
  const rules = [{ ...(base.rules as Record<string, unknown>[])[0]!, ...rule }];
  const bundle = {
    routes: [route({ id: 'r1' })],
    groups: [group('g-office', 'office', ['p-a']), group('g-gw', 'gateways', ['p-gw'])],
    peers: ['p-a', 'p-b', 'p-gw'].map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` })),
    policies: [{ ...base, rules }],
  };
  return buildModel(exportFromText('bundle.json', JSON.stringify(bundle)))!;
}

describe('policy rule sides', () => {
  it.each([
    ['groups alone', {}, { 'p-a': true, 'p-b': false }],
    ['a peer source replaces the source groups', { sourceResource: { id: 'p-b', type: 'peer' } }, { 'p-a': false, 'p-b': true }],
    ['a non-peer resource leaves the groups', { sourceResource: { id: 'res-1', type: 'host' } }, { 'p-a': true, 'p-b': false }],
  ])('%s', (_, rule, connects) => {
    const model = modelWith(rule);
    expect({ 'p-a': model.policyConnects('p-a', 'p-gw'), 'p-b': model.policyConnects('p-b', 'p-gw') }).toEqual(connects);
  });

  it('keeps the groups a peer resource overrides, for lint', () => {
    const side = modelWith({ sourceResource: { id: 'p-b', type: 'peer' } }).policies![0]!.rules[0]!.sources;
    expect(side).toEqual({ groupIds: [], peerIds: ['p-b'], ignoredGroupIds: ['g-office'] });
  });
});

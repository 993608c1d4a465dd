import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-peer.js';
import { peer, route } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const peers = [peer({ id: 'p-gw1', ip: '100.64.0.1' }), peer({ id: 'p-gw2', ip: '100.64.0.2' })];

ruleTable(rule, {
  valid: [
    { name: 'routing peer exists', bundle: { routes: [route({ id: 'r1', peer: 'p-gw1' })], peers } },
    { name: 'peer group route has no plain peer', bundle: { routes: [route({ id: 'r1', peer_groups: ['g-gw'] })], peers } },
    { name: 'route with no routing peer at all', bundle: { routes: [route({ id: 'r1', peer: '' })], peers } },
  ],
  invalid: [
    {
      name: 'routing peer missing, pointing at peer',
      bundle: { routes: [route({ id: 'r1', peer: 'p-gw1' }), route({ id: 'r2', peer: 'p-gone' })], peers },
      errors: [{ messageId: 'unknownPeer', routeId: 'r2', data: { peer: 'p-gone' }, line: 34, column: 15 }],
    },
    { name: 'an empty peers export knows no peer', bundle: { routes: [route({ id: 'r1', peer: 'p-gw1' })], peers: [] }, errors: [{ messageId: 'unknownPeer', routeId: 'r1' }] },
    { name: 'a peer name is not a peer id', bundle: { routes: [route({ id: 'r1', peer: 'gw1' })], peers }, errors: [{ messageId: 'unknownPeer', routeId: 'r1', data: { peer: 'gw1' } }] },
  ],
});

describe('unknown-peer without peers', () => {
  it('is skipped', () => {
    const { messages, skipped } = lintBundle(rule, { routes: [route({ id: 'r1', peer: 'p-gone' })] });
    expect(messages).toEqual([]);
    expect(skipped).toEqual(['unknown-peer']);
  });
});

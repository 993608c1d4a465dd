import { describe, expect, it } from 'vitest';
import rule from '../../rules/ha-single-peer.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const groups = [group('g-pair', 'gw-pair', ['p-gw1', 'p-gw2']), group('g-one', 'gw-paris', ['p-gw3']), group('g-empty', 'gw-lab', []), group('g-all', 'All', [])];
// Without a peers export, peers are named by id.
const account = (routes: Bundle['routes']): Bundle => ({ routes, groups });

ruleTable(rule, {
  valid: [
    { name: 'plain single-peer route: no HA was asked for', bundle: account([route({ id: 'r1', peer: 'p-gw1' })]) },
    { name: 'peer group with two peers', bundle: account([route({ id: 'r1', peer_groups: ['g-pair'] })]) },
    { name: 'two routes of one HA set on two peers', bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'lan' }), route({ id: 'r2', peer: 'p-gw2', network_id: 'lan', metric: 200 })]) },
    {
      name: 'one-peer group next to another route of the same HA set on a second peer',
      bundle: account([route({ id: 'r1', peer_groups: ['g-one'], network_id: 'lan' }), route({ id: 'r2', peer: 'p-gw1', network_id: 'lan', metric: 200 })]),
    },
    { name: 'empty peer group is ha-group-empty\'s finding', bundle: account([route({ id: 'r1', peer_groups: ['g-empty'] })]) },
    { name: 'same peer under two network_ids is two HA sets', bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'a' }), route({ id: 'r2', peer: 'p-gw1', network_id: 'b' })]) },
    { name: 'same peer and network_id, different prefixes', bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'a' }), route({ id: 'r2', peer: 'p-gw1', network_id: 'a', network: '10.0.1.0/24' })]) },
  ],
  invalid: [
    {
      name: 'peer group with one peer',
      bundle: account([route({ id: 'r1', peer_groups: ['g-one'], network_id: 'paris' })]),
      errors: [{ messageId: 'singlePeerGroup', routeId: 'r1', data: { networkId: 'paris', peer: 'p-gw3', groups: 'gw-paris' } }],
    },
    {
      name: 'two peer groups that hold the same single peer',
      bundle: { routes: [route({ id: 'r1', peer_groups: ['g-one', 'g-one-again'] })], groups: [...groups, group('g-one-again', 'paris-backup', ['p-gw3'])] },
      errors: [{ messageId: 'singlePeerGroup', data: { groups: 'gw-paris, paris-backup' } }],
    },
    {
      name: 'two routes of one HA set on the same peer',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'lan', metric: 100 }), route({ id: 'r2', peer: 'p-gw1', network_id: 'lan', metric: 200 })]),
      errors: [{ messageId: 'samePeer', routeId: 'r2', relatedRouteIds: ['r1'], data: { networkId: 'lan', peer: 'p-gw1', count: 2, target: '10.0.0.0/24' } }],
    },
    {
      name: 'a one-peer group and a plain route on that same peer',
      bundle: account([route({ id: 'r1', peer_groups: ['g-one'], network_id: 'lan' }), route({ id: 'r2', peer: 'p-gw3', network_id: 'lan', metric: 200 })]),
      errors: [{ messageId: 'samePeer', routeId: 'r2', data: { peer: 'p-gw3', count: 2 } }],
    },
    {
      name: 'domain HA set on one peer',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'web', domains: ['a.example.com'] }), route({ id: 'r2', peer: 'p-gw1', network_id: 'web', metric: 5, domains: ['a.example.com'] })]),
      errors: [{ messageId: 'samePeer', data: { target: 'a.example.com' } }],
    },
    {
      name: 'membership from the peers export alone',
      bundle: { routes: [route({ id: 'r1', peer_groups: ['g-x'] })], peers: [peer({ id: 'p-9', ip: '100.92.0.9', groups: ['g-x'] })] },
      errors: [{ messageId: 'singlePeerGroup', data: { peer: '9' } }],
    },
  ],
});

describe('ha-single-peer', () => {
  it('notes the peer groups it could not expand without groups or peers', () => {
    const result = lintBundle(rule, { routes: [route({ id: 'r1', peer_groups: ['g-one'] }), route({ id: 'r2', peer: 'p-gw1', network_id: 'x' }), route({ id: 'r3', peer: 'p-gw1', network_id: 'x', metric: 1 })] });
    expect(result.skipped).toEqual([]);
    expect(result.partial).toHaveLength(1);
    expect(result.messages.map((m) => [m.messageId, m.routeId])).toEqual([['samePeer', 'r3']]);
  });
});

import { describe, expect, it } from 'vitest';
import rule from '../../rules/routing-peer-not-forwarding.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

type Flags = { disable_server_routes?: boolean; block_inbound?: boolean; approval_required?: boolean; login_expired?: boolean };

/** A gateway with some local flags (and approval) set, spread onto the API shape. */
const gw = (n: number, flags: Flags = {}) => {
  const base = peer({ id: `p-gw${n}`, ip: `100.92.0.${n}`, groups: ['g-gw'], login_expired: flags.login_expired ?? false });
  const local = base.local_flags as Record<string, boolean>;
  return { ...base, approval_required: flags.approval_required ?? false, local_flags: { ...local, disable_server_routes: flags.disable_server_routes ?? false, block_inbound: flags.block_inbound ?? false } };
};
const account = (routes: Bundle['routes'], peers: Record<string, unknown>[]): Bundle => ({ routes, peers, groups: [group('g-gw', 'gateways', peers.map((p) => p.id as string))] });
const ha = () => [route({ id: 'r1', network_id: 'lan', peer: 'p-gw1', metric: 100 }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200 })];

ruleTable(rule, {
  valid: [
    { name: 'routing peer forwards', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1)]) },
    { name: 'flagged peer serves no route', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1), gw(2, { block_inbound: true })]) },
    { name: 'flagged peer of a disabled route', bundle: account([route({ id: 'r1', peer: 'p-gw1', enabled: false })], [gw(1, { disable_server_routes: true })]) },
    { name: 'flagged peer awaiting approval is offered to nobody', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { disable_server_routes: true, approval_required: true })]) },
    { name: 'flagged peer whose login expired is offered to nobody', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { block_inbound: true, login_expired: true })]) },
    { name: "unknown routing peer is unknown-peer's finding", bundle: account([route({ id: 'r1', peer: 'p-ghost' })], [gw(1, { block_inbound: true })]) },
  ],
  invalid: [
    {
      name: 'disable_server_routes on the only routing peer',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'lan' })], [gw(1, { disable_server_routes: true })]),
      errors: [{ messageId: 'serverRoutesDisabled', routeId: 'r1', data: { peer: 'gw1', networkId: 'lan', target: '10.0.0.0/24', others: 0 } }],
    },
    {
      name: 'block_inbound on one peer of an HA set: a black hole, not a failover',
      bundle: account(ha(), [gw(1), gw(2, { block_inbound: true })]),
      errors: [{ messageId: 'inboundBlocked', routeId: 'r2', data: { peer: 'gw2', others: 1 } }],
    },
    {
      name: 'both flags: disable_server_routes is named',
      bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { disable_server_routes: true, block_inbound: true })]),
      errors: [{ messageId: 'serverRoutesDisabled', routeId: 'r1' }],
    },
    {
      name: 'peer group: one finding for the route that counts its flagged members',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] })], [gw(1, { block_inbound: true }), gw(2), gw(3, { disable_server_routes: true })]),
      errors: [{ messageId: 'severalNotForwarding', routeId: 'r1', data: { count: 2, peers: 'gw1, gw3', serverRoutesDisabled: 1, inboundBlocked: 1, others: 2 }, facts: ['p-gw1', 'p-gw3'] }],
    },
    {
      name: 'peers awaiting approval are not counted as others',
      bundle: account(ha(), [gw(1, { block_inbound: true }), gw(2, { approval_required: true })]),
      errors: [{ messageId: 'inboundBlocked', routeId: 'r1', data: { others: 0 } }],
    },
    {
      name: 'domain route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', domains: ['a.example.com'] })], [gw(1, { disable_server_routes: true })]),
      errors: [{ messageId: 'serverRoutesDisabled', data: { target: 'a.example.com' } }],
    },
    {
      name: 'points at the peer field of a plain route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { block_inbound: true })]),
      errors: [{ messageId: 'inboundBlocked', line: 17, column: 15 }],
    },
  ],
});

describe('routing-peer-not-forwarding', () => {
  it('needs peers', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })] }).skipped).toEqual(['routing-peer-not-forwarding']);
  });
});

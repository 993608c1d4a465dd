import { describe, expect, it } from 'vitest';
import rule from '../../rules/routing-peer-awaiting-approval.js';
import { group, peer, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const gw = (n: number, state: { approval_required?: boolean; login_expired?: boolean } = {}) => ({
  ...peer({ id: `p-gw${n}`, ip: `100.92.0.${n}`, groups: ['g-gw'], login_expired: state.login_expired ?? false }),
  approval_required: state.approval_required ?? false,
});
const account = (routes: Bundle['routes'], peers: Record<string, unknown>[]): Bundle => ({ routes, peers, groups: [group('g-gw', 'gateways', peers.map((p) => p.id as string))] });
const ha = () => [route({ id: 'r1', network_id: 'lan', peer: 'p-gw1', metric: 100 }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', metric: 200 })];

ruleTable(rule, {
  valid: [
    { name: 'approved routing peer', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1)]) },
    { name: 'peer awaiting approval that serves no route', bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1), gw(2, { approval_required: true })]) },
    { name: 'peer awaiting approval of a disabled route', bundle: account([route({ id: 'r1', peer: 'p-gw1', enabled: false })], [gw(1, { approval_required: true })]) },
    { name: "unknown routing peer is unknown-peer's finding", bundle: account([route({ id: 'r1', peer: 'p-ghost' })], [gw(1, { approval_required: true })]) },
  ],
  invalid: [
    {
      name: 'the only routing peer awaits approval: nobody receives the route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', network_id: 'lan' })], [gw(1, { approval_required: true })]),
      errors: [{ messageId: 'awaitingApprovalNoneLeft', routeId: 'r1', data: { peer: 'gw1', networkId: 'lan', target: '10.0.0.0/24', available: 0, total: 1 } }],
    },
    {
      name: 'one peer of an HA set awaits approval, another is left',
      bundle: account(ha(), [gw(1), gw(2, { approval_required: true })]),
      errors: [{ messageId: 'awaitingApproval', routeId: 'r2', data: { peer: 'gw2', available: 1, total: 2 } }],
    },
    {
      name: 'a peer whose login expired is not left',
      bundle: account(ha(), [gw(1, { login_expired: true }), gw(2, { approval_required: true })]),
      errors: [{ messageId: 'awaitingApprovalNoneLeft', routeId: 'r2', data: { available: 0, total: 2 } }],
    },
    {
      name: 'peer group: one finding for the route that counts the members awaiting approval',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] })], [gw(1, { approval_required: true }), gw(2), gw(3, { approval_required: true })]),
      errors: [{ messageId: 'severalAwaitingApproval', routeId: 'r1', data: { count: 2, peers: 'gw1, gw3', available: 1, total: 3 }, facts: ['p-gw1', 'p-gw3'] }],
    },
    {
      name: 'peer group whose every member awaits approval',
      bundle: account([route({ id: 'r1', peer_groups: ['g-gw'] })], [gw(1, { approval_required: true }), gw(2, { approval_required: true })]),
      errors: [{ messageId: 'severalAwaitingApprovalNoneLeft', routeId: 'r1', data: { count: 2, available: 0, total: 2 } }],
    },
    {
      name: 'a disabled route of the set does not count as a peer left',
      bundle: account([route({ id: 'r1', network_id: 'lan', peer: 'p-gw1' }), route({ id: 'r2', network_id: 'lan', peer: 'p-gw2', enabled: false })], [gw(1, { approval_required: true }), gw(2)]),
      errors: [{ messageId: 'awaitingApprovalNoneLeft', routeId: 'r1', data: { total: 1 } }],
    },
    {
      name: 'domain route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1', domains: ['a.example.com'] })], [gw(1, { approval_required: true })]),
      errors: [{ messageId: 'awaitingApprovalNoneLeft', data: { target: 'a.example.com' } }],
    },
    {
      name: 'points at the peer field of a plain route',
      bundle: account([route({ id: 'r1', peer: 'p-gw1' })], [gw(1, { approval_required: true })]),
      errors: [{ messageId: 'awaitingApprovalNoneLeft', line: 17, column: 15 }],
    },
  ],
});

describe('routing-peer-awaiting-approval', () => {
  it('needs peers', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })] }).skipped).toEqual(['routing-peer-awaiting-approval']);
  });
});

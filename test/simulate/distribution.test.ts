// Who receives a route (docs/netbird-behaviour.md §3): distribution groups, policies, expired logins, local
// flags, routing peers serving the set themselves, peer_groups expansion, IPv6 and the ::/0 twin.
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type Bundle, type PeerInput, type RouteInput } from '../support/api.js';
import { ask, reasons, steps } from '../support/simulate.js';

interface Account {
  routes: RouteInput[];
  src?: Partial<PeerInput>;
  gw1?: Partial<PeerInput>;
  policies?: Record<string, unknown>[] | null;
  groups?: ReturnType<typeof group>[];
}

/** p-src in g-src; gateways p-gw1 and p-gw2 in g-gw; p-other in g-other; policy g-src → g-gw. */
function account(a: Account): Bundle {
  const bundle: Bundle = {
    routes: a.routes.map((r) => route({ groups: ['g-src'], ...r })),
    groups: [
      group('g-all', 'All', ['p-src', 'p-gw1', 'p-gw2', 'p-other']),
      group('g-src', 'sources', ['p-src']),
      group('g-gw', 'gateways', ['p-gw1', 'p-gw2']),
      group('g-other', 'others', ['p-other']),
      ...(a.groups ?? []),
    ],
    peers: [
      peer({ id: 'p-src', ip: '100.64.0.10', ...a.src }),
      peer({ id: 'p-gw1', ip: '100.64.0.1', ...a.gw1 }),
      peer({ id: 'p-gw2', ip: '100.64.0.2' }),
      peer({ id: 'p-other', ip: '100.64.0.20' }),
    ],
  };
  if (a.policies !== null) bundle.policies = a.policies ?? [policy({ id: 'pol', sources: ['g-src'], destinations: ['g-gw'] })];
  return bundle;
}

const lan = (extra: Partial<RouteInput> = {}): RouteInput => ({ id: 'r-lan', network: '10.0.0.0/24', network_id: 'lan', peer: 'p-gw1', ...extra });

describe('distribution', () => {
  it('delivers a route to members of its distribution groups', () => {
    const a = ask(account({ routes: [lan()] }), 'p-src', { ip: '10.0.0.7' });
    expect([a.disposition, a.peer?.id, a.route?.id]).toEqual(['ROUTED', 'p-gw1', 'r-lan']);
  });

  it('does not deliver it to other peers', () => {
    const a = ask(account({ routes: [lan({ groups: ['g-other'] })] }), 'p-src', { ip: '10.0.0.7' });
    expect(a.disposition).toBe('NO_ROUTE');
    expect(reasons(a)).toEqual(['p-gw1@r-lan:not-in-distribution-groups']);
  });

  it('needs an enabled policy connecting the source and the routing peer', () => {
    const none = ask(account({ routes: [lan()], policies: [policy({ id: 'p', sources: ['g-other'], destinations: ['g-gw'] })] }), 'p-src', { ip: '10.0.0.7' });
    expect(none.disposition).toBe('NO_ROUTE');
    expect(reasons(none)).toEqual(['p-gw1@r-lan:no-policy']);
    const disabled = ask(account({ routes: [lan()], policies: [policy({ id: 'p', sources: ['g-src'], destinations: ['g-gw'], enabled: false })] }), 'p-src', { ip: '10.0.0.7' });
    expect(reasons(disabled)).toEqual(['p-gw1@r-lan:no-policy']);
    const ruleOff = ask(account({ routes: [lan()], policies: [policy({ id: 'p', sources: ['g-src'], destinations: ['g-gw'], ruleEnabled: false })] }), 'p-src', { ip: '10.0.0.7' });
    expect(reasons(ruleOff)).toEqual(['p-gw1@r-lan:no-policy']);
  });

  it('counts a policy either way round, whatever its direction and action', () => {
    const reverse = policy({ id: 'p', sources: ['g-gw'], destinations: ['g-src'], bidirectional: false, action: 'drop' });
    const a = ask(account({ routes: [lan()], policies: [reverse] }), 'p-src', { ip: '10.0.0.7' });
    expect(a.peer?.id).toBe('p-gw1');
  });

  it('without policies in the export, assumes them and says so', () => {
    const a = ask(account({ routes: [lan()], policies: null }), 'p-src', { ip: '10.0.0.7' });
    expect(a.peer?.id).toBe('p-gw1');
    expect(a.assumption_ids).toContain('no-policies');
    const withPolicies = ask(account({ routes: [lan()] }), 'p-src', { ip: '10.0.0.7' });
    expect(withPolicies.assumption_ids).not.toContain('no-policies');
  });

  it('leaves out a routing peer whose login expired', () => {
    const a = ask(account({ routes: [lan({ metric: 1 }), lan({ id: 'r-lan2', peer: 'p-gw2', metric: 500 })], gw1: { login_expired: true } }), 'p-src', { ip: '10.0.0.7' });
    expect(a.peer?.id).toBe('p-gw2');
    expect(reasons(a)).toEqual(['p-gw1@r-lan:routing-peer-login-expired', 'p-gw2@r-lan2:selected']);
  });

  it('gives a source whose login expired nothing', () => {
    const a = ask(account({ routes: [lan()], src: { login_expired: true } }), 'p-src', { ip: '10.0.0.7' });
    expect(a.disposition).toBe('NO_ROUTE');
    expect(steps(a)).toContain('source');
    expect(reasons(a)).toEqual(['p-gw1@r-lan:source-login-expired']);
  });

  it('still offers a routing peer with disable_server_routes, which drops the traffic: a black hole, not a failover (§3)', () => {
    const a = ask(account({ routes: [lan({ metric: 1 }), lan({ id: 'r-lan2', peer: 'p-gw2', metric: 500 })], gw1: { disable_server_routes: true } }), 'p-src', { ip: '10.0.0.7' });
    expect([a.disposition, a.peer?.id, a.drop_reason]).toEqual(['BLACKHOLED', 'p-gw1', 'disable-server-routes']);
    expect(reasons(a)[0]).toBe('p-gw1@r-lan:selected');
  });

  it('offers no routing peer awaiting approval, and gives a source awaiting approval nothing (§3)', () => {
    const routes = [lan({ metric: 1 }), lan({ id: 'r-lan2', peer: 'p-gw2', metric: 500 })];
    const gwWaits = ask(account({ routes, gw1: { approval_required: true } }), 'p-src', { ip: '10.0.0.7' });
    expect([gwWaits.disposition, gwWaits.peer?.id, reasons(gwWaits)]).toEqual(['ROUTED', 'p-gw2', ['p-gw1@r-lan:routing-peer-awaiting-approval', 'p-gw2@r-lan2:selected']]);
    const srcWaits = ask(account({ routes, src: { approval_required: true } }), 'p-src', { ip: '10.0.0.7' });
    expect([srcWaits.disposition, ...new Set(srcWaits.candidates.map((c) => c.reason))]).toEqual(['NO_ROUTE', 'source-awaiting-approval']);
  });

  it('gives a source with disable_client_routes no client routes, but it still reaches what it serves', () => {
    const bundle = account({ routes: [lan(), { id: 'r-own', network: '10.9.0.0/16', network_id: 'own', peer: 'p-src', groups: ['g-other'] }], src: { disable_client_routes: true } });
    const a = ask(bundle, 'p-src', { ip: '10.0.0.7' });
    expect(a.disposition).toBe('NO_ROUTE');
    expect(reasons(a)).toEqual(['p-gw1@r-lan:source-takes-no-client-routes']);
    expect(ask(bundle, 'p-src', { ip: '10.9.3.4' }).disposition).toBe('LOCAL');
  });

  it('does not deliver a disabled route', () => {
    const a = ask(account({ routes: [lan({ enabled: false })] }), 'p-src', { ip: '10.0.0.7' });
    expect(reasons(a)).toEqual(['p-gw1@r-lan:route-disabled']);
  });

  it('does not deliver a route of a peer missing from the export', () => {
    const a = ask(account({ routes: [lan({ peer: 'p-ghost' })] }), 'p-src', { ip: '10.0.0.7' });
    expect(reasons(a)).toEqual(['p-ghost@r-lan:routing-peer-unknown']);
  });

  it('delivers a route nobody serves to nobody', () => {
    const emptyGroup = ask(account({ routes: [lan({ peer: '', peer_groups: ['g-empty'] })], groups: [group('g-empty', 'empty', [])] }), 'p-src', { ip: '10.0.0.7' });
    expect(emptyGroup.disposition).toBe('NO_ROUTE');
    expect(reasons(emptyGroup)).toEqual(['-@r-lan:no-routing-peer']);
    expect(emptyGroup.candidates[0]!.peer).toBeNull();
    const noPeer = ask(account({ routes: [lan({ peer: '' })] }), 'p-src', { ip: '10.0.0.7' });
    expect(reasons(noPeer)).toEqual(['-@r-lan:no-routing-peer']);
  });

  it('expands peer_groups, a peer in two of the groups counting once', () => {
    const bundle = account({ routes: [lan({ peer: '', peer_groups: ['g-gw', 'g-first'] })], groups: [group('g-first', 'first', ['p-gw1'])] });
    const a = ask(bundle, 'p-src', { ip: '10.0.0.7' });
    expect(reasons(a)).toEqual(['p-gw1@r-lan:tied', 'p-gw2@r-lan:tied']);
    expect(a.nondeterministic).toBe(true);
  });
});

describe('a source that serves the HA set itself', () => {
  it('is LOCAL for it and gets none of the sibling routes', () => {
    const bundle = account({ routes: [lan({ peer: 'p-src', groups: ['g-other'] }), lan({ id: 'r-lan2', peer: 'p-gw2' })] });
    const a = ask(bundle, 'p-src', { ip: '10.0.0.7' });
    expect([a.disposition, a.peer?.id, a.route?.id, a.nondeterministic]).toEqual(['LOCAL', 'p-src', 'r-lan', false]);
    expect(reasons(a)).toEqual(['p-src@r-lan:local', 'p-gw2@r-lan2:own-ha-set']);
  });

  it('gets no sibling route even when its own route is disabled', () => {
    const bundle = account({
      routes: [lan({ peer: 'p-src', enabled: false }), lan({ id: 'r-lan2', peer: 'p-gw1' }), { id: 'r-wide', network: '10.0.0.0/16', network_id: 'wide', peer: 'p-gw2' }],
    });
    const a = ask(bundle, 'p-src', { ip: '10.0.0.7' });
    expect([a.disposition, a.peer?.id, a.route?.id]).toEqual(['ROUTED', 'p-gw2', 'r-wide']);
    expect(reasons(a)).toEqual(['p-src@r-lan:route-disabled', 'p-gw1@r-lan2:own-ha-set', 'p-gw2@r-wide:selected']);
  });

  it('through peer_groups: its own expansion is LOCAL, the other members are siblings', () => {
    const bundle = account({ routes: [lan({ peer: '', peer_groups: ['g-both'] })], groups: [group('g-both', 'both', ['p-src', 'p-gw1'])] });
    const a = ask(bundle, 'p-src', { ip: '10.0.0.7' });
    expect(a.disposition).toBe('LOCAL');
    expect(reasons(a)).toEqual(['p-gw1@r-lan:own-ha-set', 'p-src@r-lan:local']);
  });

  it('still uses a more specific route of another set', () => {
    const bundle = account({ routes: [{ id: 'r-own', network: '10.0.0.0/16', network_id: 'own', peer: 'p-src' }, lan()] });
    expect(ask(bundle, 'p-src', { ip: '10.0.0.7' }).peer?.id).toBe('p-gw1');
    expect(ask(bundle, 'p-src', { ip: '10.0.5.7' }).disposition).toBe('LOCAL');
  });
});

describe('IPv6', () => {
  const v6 = { id: 'r-v6', network: 'fd00:1::/64', network_id: 'v6lan', peer: 'p-gw1' };
  const exit = { id: 'r-exit', network: '0.0.0.0/0', network_id: 'exit', peer: 'p-gw1' };

  it('gives IPv6 routes only to sources with an overlay IPv6', () => {
    const without = ask(account({ routes: [v6] }), 'p-src', { ip: 'fd00:1::5' });
    expect(without.disposition).toBe('NO_ROUTE');
    expect(reasons(without)).toEqual(['p-gw1@r-v6:source-without-ipv6']);
    const withV6 = ask(account({ routes: [v6], src: { ipv6: 'fd00:aaaa::10' } }), 'p-src', { ip: 'fd00:1::5' });
    expect(withV6.peer?.id).toBe('p-gw1');
  });

  it('twins every 0.0.0.0/0 route as ::/0 for sources with an overlay IPv6', () => {
    const a = ask(account({ routes: [exit], src: { ipv6: 'fd00:aaaa::10' } }), 'p-src', { ip: '2001:db8::1' });
    expect([a.disposition, a.peer?.id]).toEqual(['ROUTED', 'p-gw1']);
    expect(a.route).toEqual({ id: 'r-exit-v6-default', network_id: 'exit-v6', network: '::/0' });
    const without = ask(account({ routes: [exit] }), 'p-src', { ip: '2001:db8::1' });
    expect(without.disposition).toBe('NO_ROUTE');
    expect(reasons(without)).toEqual(['p-gw1@r-exit-v6-default:source-without-ipv6']);
  });

  it('merges the twin with a user ::/0 route whose network_id collides', () => {
    const user = { id: 'r-user', network: '::/0', network_id: 'exit-v6', peer: 'p-gw2', metric: 1 };
    const a = ask(account({ routes: [exit, user], src: { ipv6: 'fd00:aaaa::10' } }), 'p-src', { ip: '2001:db8::1' });
    expect(reasons(a)).toEqual(['p-gw1@r-exit-v6-default:lower-score', 'p-gw2@r-user:selected']);
  });

  it('makes a source serving a 0.0.0.0/0 route LOCAL for ::/0 too', () => {
    const a = ask(account({ routes: [{ ...exit, peer: 'p-src' }, { ...exit, id: 'r-exit2', peer: 'p-gw2' }], src: { ipv6: 'fd00:aaaa::10' } }), 'p-src', { ip: '2001:db8::1' });
    expect([a.disposition, a.route?.id]).toEqual(['LOCAL', 'r-exit-v6-default']);
    expect(reasons(a)).toEqual(['p-src@r-exit-v6-default:local', 'p-gw2@r-exit2-v6-default:own-ha-set']);
  });
});

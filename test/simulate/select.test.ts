// Across HA sets (docs/netbird-behaviour.md §5): longest prefix, fallback to the broader set when the more specific
// one has no peer, identical prefixes in two sets, prefixes the client refuses.
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route, type Bundle, type RouteInput } from '../support/api.js';
import { ask, possiblePeers, reasons, steps } from '../support/simulate.js';

function account(routes: RouteInput[], extraPeers: ReturnType<typeof peer>[] = []): Bundle {
  return {
    routes: routes.map((r) => route({ groups: ['g-src'], ...r })),
    groups: [group('g-all', 'All', ['p-src', 'p-gw1', 'p-gw2', 'p-gw3']), group('g-src', 'sources', ['p-src']), group('g-gw', 'gateways', ['p-gw1', 'p-gw2', 'p-gw3'])],
    peers: [peer({ id: 'p-src', ip: '100.64.0.10', os: 'Ubuntu 24.04' }), peer({ id: 'p-gw1', ip: '100.64.0.1' }), peer({ id: 'p-gw2', ip: '100.64.0.2' }), peer({ id: 'p-gw3', ip: '100.64.0.3' }), ...extraPeers],
    policies: [policy({ id: 'pol', sources: ['g-src'], destinations: ['g-gw'] })],
  };
}

const wide: RouteInput = { id: 'r-wide', network: '10.0.0.0/16', network_id: 'wide', peer: 'p-gw1' };
const narrow: RouteInput = { id: 'r-narrow', network: '10.0.1.0/24', network_id: 'narrow', peer: 'p-gw2' };

describe('longest prefix across HA sets', () => {
  it('the more specific set takes its range away from the broader one', () => {
    const bundle = account([wide, narrow]);
    const inside = ask(bundle, 'p-src', { ip: '10.0.1.9' });
    expect([inside.peer?.id, inside.route?.id]).toEqual(['p-gw2', 'r-narrow']);
    expect(reasons(inside)).toEqual(['p-gw2@r-narrow:selected', 'p-gw1@r-wide:shadowed']);
    const outside = ask(bundle, 'p-src', { ip: '10.0.2.9' });
    expect([outside.peer?.id, outside.route?.id]).toEqual(['p-gw1', 'r-wide']);
  });

  it('a better metric never ranks routes of different sets', () => {
    const a = ask(account([{ ...wide, metric: 1 }, { ...narrow, metric: 9999 }]), 'p-src', { ip: '10.0.1.9' });
    expect(a.peer?.id).toBe('p-gw2');
  });

  it('falls back to the broader set when the more specific one has no available peer, as a step', () => {
    const a = ask(account([wide, narrow]), 'p-src', { ip: '10.0.1.9', states: { 'p-gw2': 'down' } });
    expect([a.disposition, a.peer?.id, a.route?.id]).toEqual(['ROUTED', 'p-gw1', 'r-wide']);
    expect(steps(a)).toEqual(['distribution', 'longest-prefix', 'fallback', 'ha-select']);
    expect(reasons(a)).toEqual(['p-gw2@r-narrow:connecting', 'p-gw1@r-wide:selected']);
  });

  it('drops the packet when no covering set has an available peer', () => {
    const a = ask(account([wide, narrow]), 'p-src', { ip: '10.0.1.9', states: { 'p-gw1': 'down', 'p-gw2': 'connecting' } });
    expect([a.disposition, a.peer, a.route]).toEqual(['NO_ROUTING_PEER', null, null]);
    expect(steps(a).filter((s) => s === 'fallback')).toHaveLength(2);
  });

  it('NO_ROUTE when no route of the source covers the destination', () => {
    const a = ask(account([wide]), 'p-src', { ip: '192.168.1.1' });
    expect([a.disposition, a.candidates.length]).toEqual(['NO_ROUTE', 0]);
  });

  it('does not fall back to a broader set the source does not receive', () => {
    const a = ask(account([{ ...wide, groups: ['g-gw'] }, narrow]), 'p-src', { ip: '10.0.1.9', states: { 'p-gw2': 'down' } });
    expect(a.disposition).toBe('NO_ROUTING_PEER');
  });
});

describe('identical prefix in two HA sets', () => {
  const a1: RouteInput = { id: 'r-a', network: '10.0.1.0/24', network_id: 'net-a', peer: 'p-gw1', metric: 100 };
  const b1: RouteInput = { id: 'r-b', network: '10.0.1.0/24', network_id: 'net-b', peer: 'p-gw2', metric: 500 };

  it('is a conflict: nondeterministic, whatever the metrics', () => {
    const a = ask(account([a1, b1]), 'p-src', { ip: '10.0.1.9' });
    expect([a.disposition, a.nondeterministic, a.peer, a.route]).toEqual(['ROUTED', true, null, null]);
    expect(possiblePeers(a)).toEqual(['p-gw1', 'p-gw2']);
    expect(steps(a)).toContain('conflict');
    expect(reasons(a)).toEqual(['p-gw1@r-a:conflict', 'p-gw2@r-b:conflict']);
  });

  it('is deterministic when both sets choose the same peer', () => {
    const a = ask(account([a1, { ...b1, peer: 'p-gw1' }]), 'p-src', { ip: '10.0.1.9' });
    expect([a.disposition, a.nondeterministic, a.peer?.id, a.route?.id]).toEqual(['ROUTED', false, 'p-gw1', 'r-a']);
    expect(steps(a)).toContain('conflict');
  });

  it('is no conflict when only one of the sets has an available peer', () => {
    const a = ask(account([a1, b1]), 'p-src', { ip: '10.0.1.9', states: { 'p-gw1': 'down' } });
    expect([a.nondeterministic, a.peer?.id]).toEqual([false, 'p-gw2']);
  });
});

describe('prefixes the client refuses', () => {
  it('refuses a prefix inside its own overlay network', () => {
    const a = ask(account([{ id: 'r-ov', network: '100.64.0.0/24', network_id: 'ov', peer: 'p-gw1' }]), 'p-src', { ip: '100.64.0.200' });
    expect(a.disposition).toBe('NO_ROUTE');
    expect(steps(a)).toEqual(expect.arrayContaining(['overlay', 'refused']));
    expect(reasons(a)).toEqual(['p-gw1@r-ov:refused']);
  });

  it('refuses loopback and link-local prefixes, and the broader route still carries the address', () => {
    const bundle = account([
      { id: 'r-lo', network: '127.0.0.0/8', network_id: 'lo', peer: 'p-gw1' },
      { id: 'r-ll', network: '169.254.0.0/16', network_id: 'll', peer: 'p-gw1' },
      { id: 'r-exit', network: '0.0.0.0/0', network_id: 'exit', peer: 'p-gw2' },
    ]);
    const lo = ask(bundle, 'p-src', { ip: '127.0.0.1' });
    expect([lo.peer?.id, reasons(lo)[0]]).toEqual(['p-gw2', 'p-gw1@r-lo:refused']);
    const ll = ask(bundle, 'p-src', { ip: '169.254.1.1' });
    expect([ll.peer?.id, reasons(ll)[0]]).toEqual(['p-gw2', 'p-gw1@r-ll:refused']);
  });

  it('states the /0 to /7 skip of clients with custom routing disabled as an assumption without applying it', () => {
    const a = ask(account([{ id: 'r-big', network: '10.0.0.0/7', network_id: 'big', peer: 'p-gw1' }]), 'p-src', { ip: '10.0.0.1' });
    expect(a.peer?.id).toBe('p-gw1');
    expect(a.assumption_ids).toContain('custom-routing');
  });

  it("states the Linux main table as an assumption for a Linux source", () => {
    const a = ask(account([wide]), 'p-src', { ip: '10.0.0.1' });
    expect(a.assumption_ids).toContain('linux-main-table');
  });

  // tvOS routes in userspace like iOS: it has no Linux main table to take a range away.
  it.each([
    ['Ubuntu 24.04', true],
    ['Windows 11', false],
    ['Darwin 15.1', false],
    ['iOS 17.5', false],
    ['tvOS 17.2', false],
  ])('a %s source: the Linux main table assumed: %s', (os, expected) => {
    const bundle = account([wide]);
    const peers = (bundle.peers as { id: string }[]).map((p) => (p.id === 'p-src' ? { ...p, os } : p));
    const a = ask({ ...bundle, peers }, 'p-src', { ip: '10.0.0.1' });
    expect(a.assumption_ids.includes('linux-main-table')).toBe(expected);
  });
});

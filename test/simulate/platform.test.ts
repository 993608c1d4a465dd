// Which clients refuse prefixes (docs/netbird-behaviour.md §5): desktop and server clients refuse
// loopback, link-local, multicast and their own overlay; Android and iOS clients take them as given.
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route } from '../support/api.js';
import { ask } from '../support/simulate.js';

function account(os: string) {
  return {
    routes: [route({ id: 'r-ll', network: '169.254.0.0/16', network_id: 'link-local', peer: 'p-gw', groups: ['g-src'] })],
    groups: [group('g-src', 'sources', ['p-src']), group('g-gw', 'gateways', ['p-gw'])],
    peers: [peer({ id: 'p-src', ip: '100.64.0.10', os }), peer({ id: 'p-gw', ip: '100.64.0.1' })],
    policies: [policy({ id: 'pol', sources: ['g-src'], destinations: ['g-gw'] })],
  };
}

describe('prefix refusals by the source platform', () => {
  it.each([
    ['Ubuntu 22.04', 'NO_ROUTE', 'refused'],
    ['Windows 11 Pro', 'NO_ROUTE', 'refused'],
    ['Darwin 14.2.1', 'NO_ROUTE', 'refused'],
    ['FreeBSD 14.0', 'NO_ROUTE', 'refused'],
    ['Android 14', 'ROUTED', 'selected'],
    ['iOS 17.2', 'ROUTED', 'selected'],
  ])('%s', (os, disposition, reason) => {
    const a = ask(account(os), 'p-src', { ip: '169.254.10.1' });
    expect([a.disposition, a.candidates.map((c) => c.reason)]).toEqual([disposition, [reason]]);
  });
});

// Domain routes (docs/netbird-behaviour.md §7): client wildcards match subdomains at any depth but not the apex,
// labels match whole; the routing peer's DNS forwarder apex asymmetry is pointed out.
import { describe, expect, it } from 'vitest';
import { matchPattern, normalizeDomain } from '../../src/simulate/domain.js';
import { group, peer, policy, route, type Bundle, type RouteInput } from '../support/api.js';
import { ask, possiblePeers, reasons, steps } from '../support/simulate.js';

function account(routes: RouteInput[]): Bundle {
  return {
    routes: routes.map((r) => route({ groups: ['g-src'], ...r })),
    groups: [group('g-all', 'All', ['p-src', 'p-gw1', 'p-gw2']), group('g-src', 'sources', ['p-src']), group('g-gw', 'gateways', ['p-gw1', 'p-gw2'])],
    peers: [peer({ id: 'p-src', ip: '100.64.0.10' }), peer({ id: 'p-gw1', ip: '100.64.0.1' }), peer({ id: 'p-gw2', ip: '100.64.0.2' })],
    policies: [policy({ id: 'pol', sources: ['g-src'], destinations: ['g-gw'] })],
  };
}

const wild: RouteInput = { id: 'r-wild', domains: ['*.example.com'], network_id: 'wild', peer: 'p-gw1' };
const exact: RouteInput = { id: 'r-exact', domains: ['api.example.com'], network_id: 'exact', peer: 'p-gw2' };
const labels: RouteInput = { id: 'r-b', domains: ['*.b.test'], network_id: 'btest', peer: 'p-gw1' };

describe('domain routes', () => {
  it.each(['x.example.com', 'a.b.c.example.com', 'X.Example.COM.'])('a wildcard matches the subdomain %s', (name) => {
    const a = ask(account([wild]), 'p-src', { domain: name });
    expect([a.disposition, a.peer?.id, a.route]).toEqual(['ROUTED', 'p-gw1', { id: 'r-wild', network_id: 'wild', domains: ['*.example.com'] }]);
    expect(steps(a)[0]).toBe('domain-match');
  });

  it('assumes routing-peer DNS mode when a wildcard decides (§7), and only then', () => {
    expect(ask(account([wild]), 'p-src', { domain: 'x.example.com' }).assumption_ids).toContain('dns-routing-peer-mode');
    expect(ask(account([exact]), 'p-src', { domain: 'api.example.com' }).assumption_ids).not.toContain('dns-routing-peer-mode');
  });

  it('says connectivity is a lower bound when a policy with several rules names the source (§10)', () => {
    const bundle = account([exact]);
    const [rule] = (bundle.policies![0] as { rules: Record<string, unknown>[] }).rules;
    const multi = { ...bundle, policies: [{ ...(bundle.policies![0] as object), rules: [rule, { ...rule, id: 'pol-r2' }] }] };
    expect(ask(multi, 'p-src', { domain: 'api.example.com' }).assumption_ids).toContain('policy-sources-lower-bound');
    expect(ask(bundle, 'p-src', { domain: 'api.example.com' }).assumption_ids).not.toContain('policy-sources-lower-bound');
  });

  it('a wildcard does not match its apex on the client, and the asymmetry is pointed out', () => {
    const a = ask(account([wild]), 'p-src', { domain: 'example.com' });
    expect(a.disposition).toBe('NO_ROUTE');
    expect(steps(a)).toContain('domain-apex');
    expect(reasons(a)).toEqual(['p-gw1@r-wild:apex-not-matched']);
    expect(a.candidates[0]!.eligible).toBe(false);
  });

  it('labels match whole', () => {
    const miss = ask(account([labels]), 'p-src', { domain: 'x.ab.test' });
    expect([miss.disposition, miss.candidates.length]).toEqual(['NO_ROUTE', 0]);
    expect(ask(account([labels]), 'p-src', { domain: 'x.b.test' }).peer?.id).toBe('p-gw1');
  });

  it('an exact name beats a wildcard (stated as an assumption)', () => {
    const a = ask(account([wild, exact]), 'p-src', { domain: 'api.example.com' });
    expect([a.peer?.id, a.route?.id]).toEqual(['p-gw2', 'r-exact']);
    expect(reasons(a)).toEqual(['p-gw2@r-exact:selected', 'p-gw1@r-wild:shadowed']);
    expect(a.assumption_ids).toContain('domain-pattern-specificity');
  });

  it('falls back to the wildcard when the exact name has no available peer', () => {
    const a = ask(account([wild, exact]), 'p-src', { domain: 'api.example.com', states: { 'p-gw2': 'down' } });
    expect(a.peer?.id).toBe('p-gw1');
    expect(steps(a)).toContain('fallback');
  });

  it('the same pattern under two network_ids is a conflict', () => {
    const a = ask(account([wild, { ...wild, id: 'r-wild2', network_id: 'wild2', peer: 'p-gw2' }]), 'p-src', { domain: 'x.example.com' });
    expect(a.nondeterministic).toBe(true);
    expect(possiblePeers(a)).toEqual(['p-gw1', 'p-gw2']);
  });

  it('matches internationalised names in punycode', () => {
    const a = ask(account([{ id: 'r-idn', domains: ['xn--bcher-kva.example'], network_id: 'idn', peer: 'p-gw1' }]), 'p-src', { domain: 'Bücher.example' });
    expect(a.peer?.id).toBe('p-gw1');
  });

  it('domain routes are delivered like any route', () => {
    const a = ask(account([{ ...wild, groups: ['g-gw'] }]), 'p-src', { domain: 'x.example.com' });
    expect(reasons(a)).toEqual(['p-gw1@r-wild:not-in-distribution-groups']);
  });
});

describe('matchPattern and normalizeDomain', () => {
  it.each([
    ['*.example.com', 'a.example.com', 'wildcard'],
    ['*.example.com', 'a.b.example.com', 'wildcard'],
    ['*.example.com', 'example.com', 'apex'],
    ['*.example.com', 'aexample.com', null],
    ['*.b.test', 'x.ab.test', null],
    ['api.example.com', 'api.example.com', 'exact'],
    ['api.example.com', 'x.api.example.com', null],
  ] as const)('%s against %s', (pattern, name, want) => {
    expect(matchPattern(pattern, name)).toBe(want);
  });

  it.each([['Example.COM.', 'example.com'], ['bücher.example', 'xn--bcher-kva.example']])('normalises %s', (input, want) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, name: want });
  });

  it.each(['*.example.com', 'a..b', '', '-a.example', `${'a'.repeat(64)}.example`])('rejects %j', (input) => {
    expect(normalizeDomain(input).ok).toBe(false);
  });
});

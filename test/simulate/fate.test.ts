import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportFromText } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import type { Traffic } from '../../src/model/route-access.js';
import { packetFate } from '../../src/simulate/fate.js';
import { group, peer, policy, route } from '../support/api.js';

// One client (p-src in g-clients), one routing peer (p-gw in g-gw), one route to 10.1.0.0/16 with
// access control group g-acl (unless a case drops it), and the policies a case gives.
interface Case {
  acg?: string[];
  policies?: Record<string, unknown>[];
  gw?: Record<string, unknown>;
  src?: Record<string, unknown>;
  postureChecks?: Record<string, unknown>[];
}

function rule(fields: Record<string, unknown>, base = policy({ id: 'pol-acl', sources: ['g-clients'], destinations: ['g-acl'] })): Record<string, unknown> {
  const [first] = base.rules as Record<string, unknown>[];
  return { ...base, rules: [{ ...first, ...fields }] };
}

const CONNECT = policy({ id: 'pol-connect', sources: ['g-clients'], destinations: ['g-gw'] });

function fateOf(c: Case, traffic: Traffic = { protocol: null, port: null }) {
  const bundle = {
    routes: [route({ id: 'r1', network: '10.1.0.0/16', peer: 'p-gw', groups: ['g-clients'], access_control_groups: c.acg ?? ['g-acl'] })],
    groups: [group('g-clients', 'clients', ['p-src']), group('g-gw', 'gateways', ['p-gw']), group('g-acl', 'acl', [])],
    peers: [{ ...peer({ id: 'p-src', ip: '100.64.0.1' }), ...c.src }, { ...peer({ id: 'p-gw', ip: '100.64.0.2' }), ...c.gw }],
    policies: [CONNECT, ...(c.policies ?? [])],
    ...(c.postureChecks ? { posture_checks: c.postureChecks } : {}),
  };
  const model = buildModel(exportFromText('bundle.json', JSON.stringify(bundle)))!;
  return packetFate(model, model.routes[0]!, 'p-gw', 'p-src', traffic);
}

const flags = (f: Record<string, boolean>) => ({ local_flags: { ...(peer({ id: 'x', ip: '100.64.0.9' }).local_flags as object), ...f } });
const TCP443: Traffic = { protocol: 'tcp', port: 443 };

describe('packetFate', () => {
  it.each<[string, Case, Traffic, boolean, string | null]>([
    ['no access control groups: everything passes', { acg: [] }, TCP443, true, null],
    ['access control groups and no policy naming them', {}, TCP443, false, 'no-policy'],
    ['a rule with the source', { policies: [rule({})] }, TCP443, true, null],
    ['a rule for other sources only', { policies: [rule({ sources: [{ id: 'g-gw', name: 'gw' }] })] }, TCP443, false, 'source-not-in-rules'],
    ['a policy that names the group only in a disabled rule still applies its enabled rules', { policies: [{ ...rule({ enabled: false }), rules: [{ ...(rule({ enabled: false }).rules as object[])[0], enabled: false }, { ...(rule({}).rules as object[])[0], id: 'r2', destinations: [{ id: 'g-other', name: 'other' }] }] }] }, TCP443, true, null],
    ['a disabled policy', { policies: [{ ...rule({}), enabled: false }] }, TCP443, false, 'no-policy'],
    ['the protocol is not allowed', { policies: [rule({ protocol: 'udp' })] }, TCP443, false, 'protocol-or-port-not-allowed'],
    ['the port is not allowed', { policies: [rule({ protocol: 'tcp', ports: ['22'] })] }, TCP443, false, 'protocol-or-port-not-allowed'],
    ['the port is in a range', { policies: [rule({ protocol: 'tcp', port_ranges: [{ start: 400, end: 500 }] })] }, TCP443, true, null],
    ['without a protocol, any allowing rule will do', { policies: [rule({ protocol: 'tcp', ports: ['22'] })] }, { protocol: null, port: null }, true, null],
    ['a matching drop rule wins', { policies: [rule({}), { ...rule({ action: 'drop' }), id: 'pol-drop' }] }, TCP443, false, 'drop-rule'],
    ['a peer source resource replaces the groups', { policies: [rule({ sourceResource: { id: 'p-other', type: 'peer' } })] }, TCP443, false, 'source-not-in-rules'],
    ['a failed posture check', { policies: [{ ...rule({}), source_posture_checks: ['pc1'] }], postureChecks: [{ id: 'pc1', name: 'v', checks: { nb_version_check: { min_version: '9.0.0' } } }] }, TCP443, false, 'posture-check-failed'],
    ['a routing peer without a firewall', { gw: flags({ disable_firewall: true }) }, TCP443, true, null],
    ['disable_server_routes: a black hole', { acg: [], gw: flags({ disable_server_routes: true }) }, TCP443, false, 'disable-server-routes'],
    ['block_inbound: a black hole', { acg: [], gw: flags({ block_inbound: true }) }, TCP443, false, 'block-inbound'],
  ])('%s', (_, c, traffic, delivered, reason) => {
    const fate = fateOf(c, traffic);
    expect([fate.delivered, fate.reason]).toEqual([delivered, reason]);
  });

  it('names the rules that let the source in', () => {
    const fate = fateOf({ policies: [rule({ protocol: 'tcp', ports: ['443'] })] }, TCP443);
    expect(fate.access.allowedBy.map((r) => [r.policy.id, r.rule.id, r.protocol, r.ports, r.posture])).toEqual([['pol-acl', 'pol-acl-r1', 'tcp', [{ start: 443, end: 443 }], 'pass']]);
  });

  const protocol = fc.constantFrom('tcp', 'udp', 'icmp', 'all');
  const ruleArb = fc.record({ protocol, ports: fc.array(fc.integer({ min: 1, max: 1024 }).map(String), { maxLength: 2 }), inSources: fc.boolean() });
  const trafficArb = fc.record({ protocol: fc.constantFrom('tcp', 'udp', 'icmp', null), port: fc.option(fc.integer({ min: 1, max: 1024 }), { nil: null }) }) as fc.Arbitrary<Traffic>;
  const policiesOf = (rules: { protocol: string; ports: string[]; inSources: boolean }[]) =>
    rules.map((r, i) => ({ ...rule({ protocol: r.protocol, ports: r.ports, sources: [{ id: r.inSources ? 'g-clients' : 'g-gw', name: 'x' }] }), id: `pol-${i}` }));

  it('never drops traffic on a route without access control groups, unless the peer forwards nothing', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), trafficArb, (rules, traffic) => {
        expect(fateOf({ acg: [], policies: policiesOf(rules) }, traffic).delivered).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('adding an allowing rule never turns a delivered packet into a dropped one', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), ruleArb, trafficArb, (rules, extra, traffic) => {
        const before = fateOf({ policies: policiesOf(rules) }, traffic).delivered;
        const after = fateOf({ policies: policiesOf([...rules, extra]) }, traffic).delivered;
        if (before) expect(after).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('blackholes only at a routing peer with disable_server_routes or block_inbound', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (dsr, bi, fw) => {
        const fate = fateOf({ acg: [], gw: flags({ disable_server_routes: dsr, block_inbound: bi, disable_firewall: fw }) }, TCP443);
        const blackholed = fate.reason === 'disable-server-routes' || fate.reason === 'block-inbound';
        expect(blackholed).toBe(dsr || bi);
      }),
      { numRuns: 20 },
    );
  });
});

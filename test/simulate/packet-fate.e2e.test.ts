// Packet fate through the built CLI: --protocol/--port, batch keys and `test` assertions meet the
// routing peer's route firewall (docs/netbird-behaviour.md §8) and peers that forward nothing (§3).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { group, peer, policy, route } from '../support/api.js';
import { expectOneLineError, runCli, tempDir } from '../cli/run.js';

// dev-1 and dev-2 in g-dev receive 10.1.0.0/16 via gw (access control group g-acl). The ACL policy
// lets dev-1 in for tcp/443 only; dev-2 is in no rule. gw-dead serves 10.2.0.0/16 with disable_server_routes.
const bundle = {
  routes: [
    route({ id: 'r-acl', network: '10.1.0.0/16', network_id: 'acl-net', peer: 'p-gw', groups: ['g-dev'], access_control_groups: ['g-acl'] }),
    route({ id: 'r-dead', network: '10.2.0.0/16', network_id: 'dead-net', peer: 'p-dead', groups: ['g-dev'] }),
  ],
  groups: [group('g-dev', 'dev', ['p-dev1', 'p-dev2']), group('g-dev1', 'dev-1-only', ['p-dev1']), group('g-gw', 'gateways', ['p-gw', 'p-dead']), group('g-acl', 'acl', [])],
  peers: [
    peer({ id: 'p-dev1', name: 'dev-1', ip: '100.64.0.1' }),
    peer({ id: 'p-dev2', name: 'dev-2', ip: '100.64.0.2' }),
    peer({ id: 'p-gw', name: 'gw', ip: '100.64.0.10' }),
    peer({ id: 'p-dead', name: 'gw-dead', ip: '100.64.0.11', disable_server_routes: true }),
  ],
  policies: [
    policy({ id: 'pol-connect', sources: ['g-dev'], destinations: ['g-gw'] }),
    (() => {
      const p = policy({ id: 'pol-https', name: 'https', sources: ['g-dev1'], destinations: ['g-acl'] });
      const [rule] = p.rules as Record<string, unknown>[];
      return { ...p, rules: [{ ...rule, protocol: 'tcp', ports: ['443'] }] };
    })(),
  ],
};

const dir = tempDir({ 'account.json': JSON.stringify(bundle) });
const account = join(dir, 'account.json');
const json = (args: string[]) => {
  const r = runCli(['simulate', account, '-f', 'json', ...args]);
  expect([r.status, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.stdout) as Record<string, unknown> & { access: { applies: boolean; allowed_by: { policy: { id: string }; ports: string[] }[] } | null };
};

describe('simulate: packet fate', () => {
  it.each([
    ['an allowed port', ['--from-peer', 'dev-1', '--ip', '10.1.0.5', '--protocol', 'tcp', '--port', '443'], 'ROUTED', null],
    ['a port no rule allows', ['--from-peer', 'dev-1', '--ip', '10.1.0.5', '--protocol', 'tcp', '--port', '22'], 'DENIED', 'protocol-or-port-not-allowed'],
    ['a source in no rule', ['--from-peer', 'dev-2', '--ip', '10.1.0.5'], 'DENIED', 'source-not-in-rules'],
    ['no protocol given: allowed if any rule lets the source in', ['--from-peer', 'dev-1', '--ip', '10.1.0.5'], 'ROUTED', null],
    ['a routing peer with disable_server_routes', ['--from-peer', 'dev-1', '--ip', '10.2.0.5'], 'BLACKHOLED', 'disable-server-routes'],
  ])('%s', (_, args, disposition, reason) => {
    const a = json(args);
    expect([a.disposition, a.drop_reason, (a.peer as { name: string }).name]).toEqual([disposition, reason, disposition === 'BLACKHOLED' ? 'gw-dead' : 'gw']);
  });

  it('names the rules that let the source in, with the protocol and port in the query', () => {
    const a = json(['--from-peer', 'dev-1', '--ip', '10.1.0.5', '--protocol', 'TCP', '--port', '443']);
    expect(a.query).toMatchObject({ protocol: 'tcp', port: 443 });
    expect(a.access?.applies).toBe(true);
    expect(a.access?.allowed_by.map((r) => [r.policy.id, r.ports])).toEqual([['pol-https', ['443']]]);
  });

  it('groups the members of a group by their fate', () => {
    const a = json(['--from-group', 'dev', '--ip', '10.1.0.5', '--protocol', 'tcp', '--port', '443']) as unknown as { outcomes: { disposition: string; sources: { name: string }[] }[] };
    expect(a.outcomes.map((o) => [o.disposition, o.sources.map((s) => s.name)])).toEqual([
      ['ROUTED', ['dev-1']],
      ['DENIED', ['dev-2']],
    ]);
  });

  it('takes protocol and port in batch lines, and refuses a port without tcp or udp', () => {
    const lines = [
      { from_peer: 'dev-1', ip: '10.1.0.5', protocol: 'tcp', port: 443 },
      { from_peer: 'dev-1', ip: '10.1.0.5', protocol: 'tcp', port: 22 },
      { from_peer: 'dev-1', ip: '10.1.0.5', protocol: 'icmp', port: 22 },
    ];
    const r = runCli(['simulate', account, '--batch', '-'], { input: lines.map((l) => JSON.stringify(l)).join('\n') });
    const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { disposition?: string; error?: string; line?: number });
    expect(answers.map((a) => a.disposition ?? `error@${a.line}`)).toEqual(['ROUTED', 'DENIED', 'error@3']);
  });

  it('refuses a bad protocol with one line and exit 2', () => {
    const r = runCli(['simulate', account, '--from-peer', 'dev-1', '--ip', '10.1.0.5', '--protocol', 'sctp']);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(/--protocol "sctp"/);
  });

  it('checks DENIED and BLACKHOLED in routelint test assertions', () => {
    const assertions = [
      { from_peer: 'dev-1', ip: '10.1.0.5', protocol: 'tcp', port: 22, expect: { disposition: 'DENIED' } },
      { from_peer: 'dev-1', ip: '10.2.0.5', expect: { disposition: 'BLACKHOLED', peer: 'gw-dead' } },
      { from_peer: 'dev-1', ip: '10.1.0.5', protocol: 'tcp', port: 443, expect: { disposition: 'DENIED' } },
    ];
    const file = join(tempDir({ 'a.json': JSON.stringify(assertions) }), 'a.json');
    const r = runCli(['test', account, file, '-f', 'json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { results: { passed: boolean }[] };
    expect(out.results.map((x) => x.passed)).toEqual([true, true, false]);
  });
});

describe('simulate: posture checks (§9)', () => {
  // The policy connecting dev-1 to gw requires a process check the export cannot decide.
  const withPosture = {
    ...bundle,
    policies: [{ ...policy({ id: 'pol-connect', sources: ['g-dev'], destinations: ['g-gw'] }), source_posture_checks: ['pc-edr'] }],
    posture_checks: [{ id: 'pc-edr', name: 'edr-running', description: '', checks: { process_check: { processes: [{ linux_path: '/opt/edr/agent' }] } } }],
  };
  const file = join(tempDir({ 'posture.json': JSON.stringify(withPosture) }), 'posture.json');
  const answer = (...extra: string[]) => {
    const r = runCli(['simulate', file, '-f', 'json', '--from-peer', 'dev-1', '--ip', '10.2.0.5', ...extra]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    return JSON.parse(r.stdout) as { disposition: string; candidates: { reason: string }[] };
  };

  it('counts an undecidable check as passed, and --posture CHECK=fail takes the source out of the policy', () => {
    expect(answer().disposition).toBe('BLACKHOLED');
    const failed = answer('--posture', 'edr-running=fail');
    expect([failed.disposition, failed.candidates.map((c) => c.reason)]).toEqual(['NO_ROUTE', ['no-policy']]);
  });

  it('refuses a posture check the export does not know', () => {
    const r = runCli(['simulate', file, '--from-peer', 'dev-1', '--ip', '10.2.0.5', '--posture', 'nope=pass']);
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toMatch(/--posture "nope=pass"/);
  });
});

describe('simulate: Networks API resources', () => {
  it('lets in whoever receives a resource (its policies chose them), whatever the groups on it', () => {
    // paris-lan is reached through a policy naming the resource itself, not a group.
    const r = runCli(['simulate', 'fixtures/networks', '--ip', '10.30.1.1', '--from-group', 'contractors', '-f', 'json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const outcomes = (JSON.parse(r.stdout) as { outcomes: { disposition: string; route: { network_id: string } | null; access: { applies: boolean } | null }[] }).outcomes;
    const viaParis = outcomes.filter((o) => o.route?.network_id === 'paris-lan');
    expect(viaParis.length).toBeGreaterThan(0);
    expect(viaParis.map((o) => [o.disposition, o.access?.applies])).toEqual(viaParis.map(() => ['ROUTED', false]));
  });
});

// Errors that help (#18): every name a user types that routelint does not know gets the nearest
// known names, and every argument error is routelint's own line (exit 2), never yargs' text. End to
// end on the built binary, against a small account with the names of the report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { group, peer, policy, route } from '../support/api.js';
import { expectOneLineError, runCli, tempDir } from './run.js';

const account = {
  routes: [
    route({ id: 'r-ham', network: '10.50.0.0/16', network_id: 'hamburg-lan', peer_groups: ['g-gw'], groups: ['g-eng'], metric: 100 }),
    route({ id: 'r-exit', network: '0.0.0.0/0', network_id: 'exit-hamburg', peer_groups: ['g-gw'], groups: ['g-eng'], metric: 100 }),
  ],
  groups: [group('g-all', 'All', ['p-alice', 'p-gw1', 'p-gw2']), group('g-eng', 'engineering', ['p-alice']), group('g-gw', 'gateways-ham', ['p-gw1', 'p-gw2'])],
  peers: [
    peer({ id: 'p-alice', name: 'alice-mbp', ip: '100.80.10.1', ipv6: 'fd00:80::a', groups: ['g-all', 'g-eng'] }),
    peer({ id: 'p-gw1', name: 'gw-ham-1', ip: '100.80.0.1', groups: ['g-all', 'g-gw'] }),
    peer({ id: 'p-gw2', name: 'gw-ham-2', ip: '100.80.0.2', groups: ['g-all', 'g-gw'] }),
  ],
  policies: [policy({ id: 'pol-eng', sources: ['g-eng'], destinations: ['g-gw'] })],
};

let dir: string;
let bundle: string;

beforeAll(() => {
  ensureBuilt();
  dir = tempDir({ 'bundle.json': JSON.stringify(account, null, 2) });
  bundle = join(dir, 'bundle.json');
  writeFileSync(join(dir, 'misspelt.json'), JSON.stringify({ rulez: { 'metric-conflict': 'off' } }));
  writeFileSync(join(dir, 'misspelt-rule.json'), JSON.stringify({ rules: { 'metric-conflit': 'off' } }));
  writeFileSync(join(dir, 'misspelt-ignore.json'), JSON.stringify({ ignore: [{ rule: 'metric-conflict', route: '*', reson: 'known' }] }));
});

const ask = (...more: string[]) => ['simulate', 'BUNDLE', '--ip', '10.50.1.1', ...more];

describe('errors that help', () => {
  it.each([
    // [what, arguments (BUNDLE and DIR are filled in), the prefix of the line, tokens the line must hold]
    ['a misspelt peer name', ask('--from-peer', 'alice-mpb'), 'routelint: ', ['--from-peer', '"alice-mbp"']],
    ['a misspelt group', ask('--from-group', 'enginering'), 'routelint: ', ['--from-group', '"engineering"']],
    ['a what-if peer that does not exist', ask('--from-peer', 'alice-mbp', '--down', 'gw-ham-3'), 'routelint: ', ['--down', '"gw-ham-1"', '"gw-ham-2"']],
    ['a misspelt exit node network id', ask('--from-peer', 'alice-mbp', '--exit-node', 'exit-hamburk'), 'routelint: ', ['--exit-node', '"exit-hamburg"']],
    ['a misspelt overlay IP', ask('--from-peer', '100.80.10.11'), 'routelint: ', ['"100.80.10.1"']],
    ['a misspelt rule id', ['lint', 'BUNDLE', '--rule', 'metric-conflit:off'], 'routelint: ', ['--rule', '"metric-conflict"']],
    ['a misspelt severity', ['lint', 'BUNDLE', '--rule', 'metric-conflict:of'], 'routelint: ', ['"off"']],
    ['a misspelt config key', ['lint', 'BUNDLE', '--config', 'DIR/misspelt.json'], 'routelint: ', ['misspelt.json', '"rulez"', '"rules"']],
    ['a misspelt rule in the config', ['lint', 'BUNDLE', '--config', 'DIR/misspelt-rule.json'], 'routelint: ', ['rules.metric-conflit', '"metric-conflict"']],
    ['a misspelt ignore key in the config', ['lint', 'BUNDLE', '--config', 'DIR/misspelt-ignore.json'], 'routelint: ', ['ignore[0]', '"reson"', '"reason"']],
    ['a misspelt flag', ['lint', 'BUNDLE', '--formt', 'json'], 'routelint lint: ', ['--formt', '"--format"']],
    ['a misspelt flag of simulate', ask('--from-per', 'alice-mbp'), 'routelint simulate: ', ['--from-per', '"--from-peer"']],
    ['an unknown negated flag', ['lint', 'BUNDLE', '--no-such-flag'], 'routelint lint: ', ['--no-such-flag']],
    ['a misspelt format', ['lint', 'BUNDLE', '-f', 'jsn'], 'routelint lint: ', ['"jsn"', '"json"']],
    ['a misspelt format of diff', ['diff', 'BUNDLE', 'BUNDLE', '--format', 'markdwn'], 'routelint diff: ', ['"markdwn"', '"markdown"']],
    ['a misspelt command', ['simulat', 'BUNDLE'], 'routelint: ', ['"simulat"', '"simulate"']],
    ['diff with one export', ['diff', 'BUNDLE'], 'routelint diff: ', ['two exports']],
    ['test without its assertions', ['test', 'BUNDLE'], 'routelint test: ', ['assertions']],
    ['an extra argument', ['diff', 'BUNDLE', 'BUNDLE', 'BUNDLE'], 'routelint diff: ', ['unexpected argument']],
    ['pull without --url', ['pull'], 'routelint pull: ', ['--url']],
    ['--batch without its file', ['simulate', 'BUNDLE', '--batch'], 'routelint simulate: ', ['--batch']],
    ['a number option that is not a number', ['lint', 'BUNDLE', '--max-warnings', 'abc'], 'routelint lint: ', ['--max-warnings', '"abc"']],
    ['--ip and --domain together', ask('--domain', 'a.example', '--from-peer', 'alice-mbp'), 'routelint simulate: ', ['--ip', '--domain']],
  ])('%s: exit 2, one line of our own, with the suggestion', (_what, args, prefix, tokens) => {
    const r = runCli(args.map((a) => a.replace('BUNDLE', bundle).replace('DIR', dir)));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const line = expectOneLineError(r);
    expect(line.startsWith(prefix)).toBe(true);
    for (const token of tokens) expect(line).toContain(token);
    // yargs' own texts never show.
    expect(line).not.toMatch(/Invalid values|non-option arguments|Unknown argument|mutually exclusive|Did you mean|Not enough arguments/);
  });

  it('suggests only the nearest names, and none for a name nothing is near', () => {
    const near = expectOneLineError(runCli(['simulate', bundle, '--ip', '10.50.1.1', '--from-peer', 'alice-mpb']));
    expect(near.match(/"[^"]+"/g)).toEqual(['"alice-mpb"', '"alice-mbp"']);
    const far = expectOneLineError(runCli(['simulate', bundle, '--ip', '10.50.1.1', '--from-peer', 'zzzzzz']));
    expect(far).not.toContain('did you mean');
    expect(far).toContain('alice-mbp, gw-ham-1, gw-ham-2');
  });

  it.each([
    ['its overlay IPv4', '100.80.10.1'],
    ['its overlay IPv6', 'fd00:80::a'],
    ['its overlay IPv6, written longer', 'fd00:80:0:0:0:0:0:a'],
    ['its DNS name', 'alice-mbp.netbird.cloud'],
    ['its name in another case', 'Alice-MBP'],
  ])('--from-peer takes a peer by %s', (_what, ref) => {
    const r = runCli(['simulate', bundle, '--ip', '10.50.1.1', '--from-peer', ref, '-f', 'json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const answer = JSON.parse(r.stdout) as { query: { from_peer: { id: string } } };
    expect(answer.query.from_peer.id).toBe('p-alice');
  });
});

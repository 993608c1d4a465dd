// The Ask panel's engine without a browser: the export the page embeds loads into the model the
// CLI builds, and any question gets the CLI's answer from it (fast-check, on every account shape
// the fixtures have); the form's question, command line and link; the panel switched off where
// the page could not answer; the browser bundle's stand-ins for Node and what the bundle holds.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountText, generateAccount } from '../../bench/generate.js';
import { answerBatchLine } from '../../src/commands/simulate.js';
import { askPanelOf } from '../../src/commands/ask/embed.js';
import { AskSession, commandOfForm, EMPTY_FORM, formOfFragment, fragmentOfForm, questionOfForm, type AskForm } from '../../src/commands/ask/session.js';
import { modelOfExport } from '../../src/commands/account.js';
import { exportFromText, readExport } from '../../src/load/export.js';
import type { RawExport } from '../../src/load/raw.js';
import { bundleText } from '../../src/load/value.js';
import { ASK_CSS, ASK_MAX_ROUTES } from '../../src/report/ask.js';
import { cspHash } from '../../src/report/assets.js';
import { renderHtml } from '../../src/report/html.js';
import { PeerStates } from '../../src/simulate/index.js';
import type { GroupAnswer, PeerAnswer } from '../../src/simulate/answer.js';
import { formatAnswerText } from '../../src/format/simulate-text.js';
import { ensureBuilt, ROOT } from '../support/build.js';
import { questionArbitrary } from '../support/questions.js';
import { reportOf } from './support.js';
import { domainToASCII as pageDomainToASCII } from '../../scripts/page-shims/url.js';

const generated = exportFromText('generated.json', accountText(generateAccount(300, 11)));
const ACCOUNTS: [string, RawExport][] = [
  ['the demo account', readExport(join(ROOT, 'fixtures/demo'))],
  ['the Networks API fixture (posture checks, resources)', readExport(join(ROOT, 'fixtures/networks'))],
  ['a Terraform plan', readExport(join(ROOT, 'fixtures/terraform/plan.json'))],
  ['a generated account', generated],
];

describe('the page answers from its embedded export as the CLI does from the export', () => {
  for (const [name, raw] of ACCOUNTS) {
    it(name, () => {
      const cliModel = modelOfExport(raw, raw.input, { refuseShape: true });
      const session = new AskSession(raw.input, bundleText(raw));
      fc.assert(
        fc.property(questionArbitrary(cliModel), (q) => {
          const cli = answerBatchLine(cliModel, new PeerStates(), JSON.stringify(q), 1, true);
          expect(cli.ok).toBe(true);
          expect(session.ask(q)).toEqual(JSON.parse(cli.line as string));
          expect(session.text(q)).toBe(formatAnswerText(JSON.parse(cli.line as string) as PeerAnswer | GroupAnswer));
        }),
        { numRuns: 60, seed: 19 },
      );
    });
  }

  it('refuses what the CLI refuses, with its message', () => {
    const raw = ACCOUNTS[0]![1];
    const session = new AskSession(raw.input, bundleText(raw));
    const model = modelOfExport(raw, raw.input, { refuseShape: true });
    for (const q of [{ ip: '10.20.1.7', from_peer: 'nobody' }, { ip: 'not an address', from_peer: 'laptop-anna' }, { ip: '10.20.1.7', from_peer: 'laptop-anna', peer_states: { 'gw-berlin-1': 'asleep' } }, { ip: '10.20.1.7', from_peer: 'laptop-anna', down: ['gw-berlin-1'] }]) {
      const cli = JSON.parse(answerBatchLine(model, new PeerStates(), JSON.stringify(q), 1).line as string) as { error: string };
      expect(() => session.ask(q)).toThrow(cli.error);
    }
  });

  it('rebuilds the report\'s own reachability matrix when no what-if is given', () => {
    const raw = ACCOUNTS[0]![1];
    const { data } = reportOf(JSON.parse(bundleText(raw)) as never);
    const session = new AskSession(raw.input, bundleText(raw));
    expect(session.matrix(EMPTY_FORM, data.haSets.map((s) => s.key))).toEqual(data.reachability);
    const down = session.matrix({ exitNode: 'none', whatIfs: [{ peer: 'gw-berlin-1', state: 'down' }] }, data.haSets.map((s) => s.key));
    expect(down.rows.map((r) => r.set.key)).toEqual(data.reachability.rows.map((r) => r.set.key));
    expect(down).not.toEqual(data.reachability);
    expect(() => session.matrix({ exitNode: '', whatIfs: [{ peer: 'gw-nowhere', state: 'idle' }] }, [])).toThrow('--peer-state "gw-nowhere"');
  });
});

const FORM: AskForm = { destination: ' 10.20.1.7 ', fromKind: 'peer', from: 'laptop-anna', protocol: 'tcp', port: '443', exitNode: 'exit-us', whatIfs: [{ peer: 'gw-berlin-1', state: 'down' }, { peer: 'gw-paris-1', state: 'idle' }] };

describe('the form', () => {
  it.each([
    ['an address, a peer, a packet and what-ifs', FORM, true, { ip: '10.20.1.7', from_peer: 'laptop-anna', protocol: 'tcp', port: 443, exit_node: 'exit-us', peer_states: { 'gw-berlin-1': 'connecting', 'gw-paris-1': 'idle' } }],
    ['the same in the export\'s state', FORM, false, { ip: '10.20.1.7', from_peer: 'laptop-anna', protocol: 'tcp', port: 443 }],
    ['a name and a group', { ...EMPTY_FORM, destination: 'wiki.internal.example.com', fromKind: 'group', from: 'engineering' }, true, { domain: 'wiki.internal.example.com', from_group: 'engineering' }],
    ['an IPv6 address, a port that is not a number', { ...EMPTY_FORM, destination: '2001:db8::1', from: 'x', port: '44x' }, true, { ip: '2001:db8::1', from_peer: 'x', port: '44x' }],
  ] as const)('asks %s', (_, form, withWhatIfs, question) => {
    expect(questionOfForm(form, withWhatIfs)).toEqual(question);
  });

  it('shows the command line that asks the same, each argument one word to a POSIX shell', () => {
    expect(commandOfForm(FORM, ['fixtures/demo'])).toBe('routelint simulate fixtures/demo --ip 10.20.1.7 --from-peer laptop-anna --protocol tcp --port 443 --exit-node exit-us --down gw-berlin-1 --peer-state gw-paris-1=idle');
    expect(commandOfForm({ ...EMPTY_FORM, destination: 'a.example', fromKind: 'group', from: 'ops' }, ['x.json'], 'json')).toBe('routelint simulate x.json --domain a.example --from-group ops -f json');
    // A report of the live account (`report --url`) asks the live account.
    expect(commandOfForm({ ...EMPTY_FORM, destination: '10.0.0.1', from: 'a' }, ['--url', 'https://api.netbird.io'])).toBe('routelint simulate --url https://api.netbird.io --ip 10.0.0.1 --from-peer a');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => !s.includes('\0') && s.trim() === s), fc.string({ minLength: 1 }).filter((s) => !s.includes('\0') && s.trim() === s), (source, peer) => {
        const line = commandOfForm({ ...EMPTY_FORM, destination: '10.0.0.1', from: peer, whatIfs: [{ peer, state: 'idle' }] }, [source]);
        const words = spawnSync('sh', ['-c', `printf '%s\\0' ${line.replace(/^routelint /, '')}`], { encoding: 'utf8' }).stdout.split('\0').slice(0, -1);
        expect(words).toEqual(['simulate', source, '--ip', '10.0.0.1', '--from-peer', peer, '--peer-state', `${peer}=idle`]);
      }),
      { numRuns: 40 },
    );
  });

  it('comes back whole from its link, and a section\'s anchor is no question', () => {
    const text = fc.string().map((s) => s.trim());
    const form = fc.record({
      destination: text,
      fromKind: fc.constantFrom('peer' as const, 'group' as const),
      from: text,
      protocol: fc.constantFrom('', 'tcp', 'udp', 'icmp', 'all'),
      port: text,
      exitNode: fc.string(),
      whatIfs: fc.array(fc.record({ peer: fc.string(), state: fc.constantFrom('down' as const, 'idle' as const) })),
    });
    fc.assert(
      fc.property(form, (f) => {
        expect(formOfFragment(`#${fragmentOfForm(f)}`)).toEqual(f);
      }),
    );
    expect(formOfFragment('#reachability')).toBeNull();
    expect(formOfFragment('')).toBeNull();
    expect(fragmentOfForm(FORM)).toBe('ask?to=10.20.1.7&peer=laptop-anna&protocol=tcp&port=443&exit=exit-us&down=gw-berlin-1&idle=gw-paris-1');
  });

  it('takes a peer by overlay IP as its name, and leaves every other reference to the simulator', () => {
    const raw = ACCOUNTS[0]![1];
    const session = new AskSession(raw.input, bundleText(raw));
    const anna = [...session.model.peers!.values()].find((p) => p.name === 'laptop-anna')!;
    expect(session.peerRef(anna.ip)).toBe('laptop-anna');
    expect(session.peerRef(` ${anna.dnsLabel} `)).toBe(anna.dnsLabel);
    expect(session.peerRef('100.64.255.254')).toBe('100.64.255.254');
    expect(session.resolvedForm({ ...FORM, from: anna.ip, whatIfs: [{ peer: anna.ip, state: 'idle' }] })).toMatchObject({ from: 'laptop-anna', whatIfs: [{ peer: 'laptop-anna', state: 'idle' }] });
    expect(session.peerCompletions().find((c) => c.value === 'laptop-anna')!.label).toBe(`${anna.dnsLabel} · ${anna.ip}`);
    expect(session.routingPeerCompletions().map((c) => c.value)).toContain('gw-berlin-1');
    expect(session.routingPeerCompletions().map((c) => c.value)).not.toContain('laptop-anna');
  });
});

describe('the panel in the report', () => {
  ensureBuilt();
  const raw = ACCOUNTS[0]![1];
  const model = modelOfExport(raw, raw.input, { refuseShape: false });

  it('embeds the export, gzipped, and allows exactly its script and style by hash', () => {
    const panel = askPanelOf(raw, model);
    if (!panel.on) throw new Error(panel.reason);
    expect(panel.sourceArgs).toEqual([raw.input]);
    const live = askPanelOf(raw, model, ['--url', 'https://api.netbird.io']);
    expect(live.on && live.sourceArgs).toEqual(['--url', 'https://api.netbird.io']);
    expect(gunzipSync(Buffer.from(panel.payload, 'base64')).toString('utf8')).toBe(bundleText(raw));
    expect(panel.script).toBe(readFileSync(join(ROOT, 'dist/browser/ask.js'), 'utf8').trimEnd());
    const html = renderHtml(reportOf(JSON.parse(bundleText(raw)) as never).data, panel);
    const csp = /content="(default-src[^"]*)"/.exec(html)![1]!;
    expect(csp).toContain(cspHash(panel.script));
    expect(csp).toContain(cspHash(ASK_CSS));
    expect(csp).not.toMatch(/unsafe|blob:|https?:/);
    expect(html.match(/<script>/g)).toHaveLength(2);
  });

  it.each([
    ['an export without groups and peers', exportFromText('routes.json', readFileSync(join(ROOT, 'fixtures/demo/routes.json'), 'utf8')), null, 'groups and peers'],
    ['an export that does not parse', exportFromText('bad.json', '{"routes": ['), null, 'does not read in full'],
    ['an account past the size limit', raw, ASK_MAX_ROUTES + 1, `${(ASK_MAX_ROUTES + 1).toLocaleString('en-US')} routes`],
  ] as const)('is off, saying why, for %s', (_, r, routes, reason) => {
    const m = r.syntaxProblems.length > 0 ? model : modelOfExport(r, r.input, { refuseShape: false });
    const sized = routes === null ? m : { ...m, routes: new Array(routes) };
    const panel = askPanelOf(r, sized);
    expect(panel.on).toBe(false);
    if (!panel.on) expect(panel.reason).toContain(reason);
    const html = renderHtml(reportOf(JSON.parse(bundleText(raw)) as never).data, panel);
    expect(html).toContain('data-state="off"');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('the browser bundle', () => {
  ensureBuilt();
  const bundle = readFileSync(join(ROOT, 'dist/browser/ask.js'), 'utf8');

  it('holds nothing a strict page refuses or a script block would end at', () => {
    expect(bundle.match(/\beval\(|new Function|<\/script|import\.meta|\brequire\(/i)).toBeNull();
    // The loader's Node side stays out: no file system, no worker thread.
    expect(bundle.match(/readFileSync|worker_threads|SharedArrayBuffer|["'`]node:/)).toBeNull();
    expect(bundle.length).toBeLessThan(400_000);
  });

  it('converts names as Node does (domainToASCII through the browser\'s URL parser)', () => {
    const names = ['bücher.example', 'xn--bcher-kva.example', 'ÄÖÜ.de', '例え.テスト', 'ＡＢＣ.com', 'ß.de', 'ex ample.com', 'xn--zz.com', 'a/b.com', 'a@b.com', 'a:80', 'ä.com:443', '[::1]', '1.2', 'ä..b', '%C3%A4.com', 'a.ä.123'];
    for (const name of names) expect(pageDomainToASCII(name), name).toBe(domainToASCII(name));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.stringMatching(/^[a-zä-ü.:@/%[\]0-9-]{0,12}$/)), (name) => {
        expect(pageDomainToASCII(name)).toBe(domainToASCII(name));
      }),
      { numRuns: 300 },
    );
  });
});

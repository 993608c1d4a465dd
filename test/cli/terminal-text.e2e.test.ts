// Text from an export never acts on a terminal or a CI log: every text renderer, fed names, ids
// and descriptions holding escape sequences, line breaks, C1 controls and bidi overrides, shows
// them as visible escapes (escape.ts, `terminalText`), while JSON keeps the raw value. Long values
// are cut in text and kept whole in JSON. End to end, with the built binary.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, ROOT, runCli, type RunResult } from './run.js';

/** Each attack, and how it must show. */
const ATTACKS: readonly (readonly [raw: string, shown: string])[] = [
  ['\u001b[2J', '\\x1b[2J'], // clear the screen
  ['\u001b]52;c;aGVsbG8=\u0007', '\\x1b]52;c;aGVsbG8=\\x07'], // OSC 52: write the clipboard
  ['\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', '\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\'], // OSC 8 link
  ['\rhidden', '\\rhidden'],
  ['\n::add-mask::x\n::error::pwned', '\\n::add-mask::x\\n::error::pwned'], // GitHub workflow commands
  ['\u009b31m', '\\x9b31m'], // 8-bit CSI
  ['\u202eevil', '\\u202eevil'], // right-to-left override
  ['\u2066iso', '\\u2066iso'], // left-to-right isolate
];
const PAYLOAD = ATTACKS.map(([raw]) => raw).join('');
const SHOWN = ATTACKS.map(([, shown]) => shown).join('');

/** A character a terminal acts on; the output's own line ends are the only ones allowed. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectSafe(text: string): void {
  expect(text).not.toMatch(RAW_CONTROL);
  // A line of a CI log that starts with `::` is a GitHub Actions workflow command.
  for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*::/);
}

/** Checks `r`'s stdout and stderr are safe and its stdout shows the payload escaped `times` times or more. */
function expectShown(r: RunResult, markdown = false): void {
  expectSafe(r.stdout);
  expectSafe(r.stderr);
  // Markdown escapes the backslash of each escape and the brackets (`\\x1b\[2J`).
  const shown = markdown ? SHOWN.replace(/[\\[\]*_`|~]/g, (c) => `\\${c}`) : SHOWN;
  expect(r.stdout).toContain(shown);
}

let dir: string;
let exportDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'routelint-terminal-'));
  exportDir = join(dir, 'export');
  cpSync(join(ROOT, 'fixtures', 'demo'), exportDir, { recursive: true });
  const edit = <T>(file: string, change: (items: T[]) => void) => {
    const path = join(exportDir, file);
    const items = JSON.parse(readFileSync(path, 'utf8')) as T[];
    change(items);
    writeFileSync(path, JSON.stringify(items));
  };
  type Named = { id: string; name: string };
  edit<{ id: string; network_id: string; description: string }>('routes.json', (routes) => {
    for (const r of routes) {
      // office-berlin (10.20.0.0/16) and the exit node exit-eu.
      if (r.network_id === 'office-berlin' || r.network_id === 'exit-eu') {
        r.network_id += PAYLOAD;
        r.description += PAYLOAD;
      }
    }
  });
  edit<Named>('peers.json', (peers) => {
    for (const p of peers) if (p.name === 'laptop-anna' || p.name === 'gw-berlin-1') p.name += PAYLOAD;
  });
  edit<Named>('groups.json', (groups) => {
    for (const g of groups) if (g.name === 'engineering') g.name += PAYLOAD;
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ANNA = 'cs3l06bb8c5s73dbrc2g';
const ENGINEERING = 'cs3kq2jb8c5s73dbrb1g';

describe('text renderers show values from the export as visible escapes', () => {
  it('lint, stylish (the default, as a CI log shows it), and github keeps its own escaping', () => {
    const stylish = runCli(['lint', exportDir]);
    expect(stylish.status).toBe(1);
    expectShown(stylish);
    const github = runCli(['lint', exportDir, '-f', 'github']);
    expect(github.status).toBe(1);
    // GitHub's own escaping (%0A): every line is one of our annotations, none the export's.
    for (const line of github.stdout.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning) file=/);
    // The runner shows the unescaped message in the job's log: the export's controls arrive as visible escapes.
    expect(decodeURIComponent(github.stdout.replace(/%0A/g, ' '))).not.toMatch(RAW_CONTROL);
    expect(decodeURIComponent(github.stdout)).toContain(SHOWN);
  });

  it('JSON and SARIF keep the raw value', () => {
    const json = runCli(['lint', exportDir, '-f', 'json']);
    const messages = (JSON.parse(json.stdout) as { messages: { message: string }[] }[]).flatMap((r) => r.messages.map((m) => m.message));
    expect(messages.some((m) => m.includes(`office-berlin${PAYLOAD}`))).toBe(true);
    const sarif = JSON.parse(runCli(['lint', exportDir, '-f', 'sarif']).stdout) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.some((r) => r.message.text.includes(`office-berlin${PAYLOAD}`))).toBe(true);
    const answer = JSON.parse(runCli(['simulate', exportDir, '--ip', '10.20.5.5', '--from-peer', ANNA, '-f', 'json']).stdout) as { candidates: { route: { network_id: string } }[]; query: { from_peer: { name: string } } };
    expect([answer.candidates[0]!.route.network_id, answer.query.from_peer.name]).toEqual([`office-berlin${PAYLOAD}`, `laptop-anna${PAYLOAD}`]);
  });

  it('simulate text, for a peer and for a group', () => {
    const peer = runCli(['simulate', exportDir, '--ip', '10.20.5.5', '--from-peer', ANNA]);
    expect(peer.status).toBe(0);
    expectShown(peer);
    expect(peer.stdout).toContain(`office-berlin${SHOWN}`);
    expect(peer.stdout).toContain(`laptop-anna${SHOWN}`);
    const group = runCli(['simulate', exportDir, '--ip', '10.20.5.5', '--from-group', ENGINEERING]);
    expect(group.status).toBe(0);
    expectShown(group);
    expect(group.stdout).toContain(`engineering${SHOWN}`);
  });

  it('test text: assertion names, values and the explanation of a failure', () => {
    const assertions = join(dir, `checks.yaml`);
    writeFileSync(
      assertions,
      JSON.stringify([
        { name: `wrong peer${PAYLOAD}`, from_peer: ANNA, ip: '10.20.5.5', expect: { peer: `nobody${PAYLOAD}` } },
        { name: 'unknown source', from_peer: `ghost${PAYLOAD}`, ip: '10.20.5.5', expect: { disposition: 'ROUTED' } },
      ]),
    );
    const r = runCli(['test', exportDir, assertions]);
    expect(r.status).toBe(1);
    expectShown(r);
    for (const value of [`wrong peer${SHOWN}`, `nobody${SHOWN}`, `ghost${SHOWN}`, `office-berlin${SHOWN}`]) expect(r.stdout).toContain(value);
  });

  it('diff text and Markdown', () => {
    const text = runCli(['diff', join(ROOT, 'fixtures', 'demo'), exportDir]);
    expect(text.status).toBe(1);
    expectShown(text);
    const markdown = runCli(['diff', join(ROOT, 'fixtures', 'demo'), exportDir, '-f', 'markdown']);
    expect(markdown.status).toBe(1);
    expectShown(markdown, true);
  });

  it('report Markdown', () => {
    const r = runCli(['report', exportDir, '-f', 'markdown']);
    expect(r.status).toBe(0);
    expectShown(r, true);
  });

  it('stderr: errors that quote a value of the export or a file name', () => {
    const exitNode = runCli(['simulate', exportDir, '--ip', '8.8.8.8', '--from-peer', ANNA, '--exit-node', 'nowhere']);
    expect(exitNode.status).toBe(2);
    expect(expectOneLineError(exitNode)).toContain(`exit-eu${SHOWN}`);
    expectSafe(exitNode.stderr);
    // A file name holds no `/`.
    const file = runCli(['lint', join(dir, `missing${PAYLOAD.replace(/\//g, '_')}.json`)]);
    expect(file.status).toBe(2);
    expect(expectOneLineError(file)).toContain(`missing${SHOWN.replace(/\//g, '_')}.json`);
    expectSafe(file.stderr);
  });
});

describe('long values', () => {
  it('a 5 MB network_id: stylish output stays small per finding, JSON keeps it whole', () => {
    const big = join(dir, 'big');
    cpSync(join(ROOT, 'fixtures', 'demo'), big, { recursive: true });
    const routes = JSON.parse(readFileSync(join(big, 'routes.json'), 'utf8')) as { network_id: string }[];
    const id = `n${'x'.repeat(5 * 1024 * 1024 - 2)}z`;
    routes[0]!.network_id = id;
    writeFileSync(join(big, 'routes.json'), JSON.stringify(routes));

    // Every finding on the route quotes the whole id: tens of MB, through a file.
    const out = join(dir, 'big.json');
    expect(runCli(['lint', big, '-f', 'json', '-o', out]).status).toBe(1);
    const messages = (JSON.parse(readFileSync(out, 'utf8')) as { messages: { ruleId: string; message: string }[] }[]).flatMap((r) => r.messages);
    expect(messages.find((m) => m.ruleId === 'network-id-length')!.message).toContain(id);

    const stylish = runCli(['lint', big]);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout.length).toBeLessThan(10_000 * messages.length);
    for (const line of stylish.stdout.split('\n')) expect(line.length).toBeLessThan(2000);
    // Cut with a marker naming the full length.
    expect(stylish.stdout).toContain(`…[cut: `);
    expect(stylish.stdout).toMatch(/network_id "nx+…\[cut: \d+ characters\]…/);
  }, 60_000);
});

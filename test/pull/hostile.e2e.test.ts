// A hostile management API, on loopback, against the built binary: answers too large or nested too
// deep, compression bombs, error bodies without end, the token echoed in messages and in the data.
// Every one ends with exit 2 and one line, writes nothing and shows no part of the token.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureAccount, pump, SENTINEL_TOKEN, startFakeApi, type Account, type FakeApi, type Fault } from './fakeApi.js';
import { runCliAsync, type AsyncRunResult } from './runAsync.js';

const env = { NETBIRD_API_TOKEN: SENTINEL_TOKEN };
const OLD_SNAPSHOT = '{"routes": [], "note": "the previous snapshot"}\n';
const DEFAULT_CAP = 256 * 1024 * 1024;

let api: FakeApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

function oneLineError(r: AsyncRunResult): string {
  expect(r.status).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^routelint: /);
  return lines[0]!;
}

/** No part of the token: not whole, not its first or last 12 characters, in any letter case. */
function expectNoTokenPart(...texts: string[]): void {
  for (const text of texts) {
    const lower = text.toLowerCase();
    for (const part of [SENTINEL_TOKEN, SENTINEL_TOKEN.slice(0, 12), SENTINEL_TOKEN.slice(-12)]) expect(lower).not.toContain(part.toLowerCase());
  }
}

/** Pulls with `path` meeting `fault` into a file holding an old snapshot; checks nothing was written. */
async function failedPull(path: string, fault: Fault, args: string[] = [], account?: Account): Promise<string> {
  api = await startFakeApi(account ? { account } : {});
  api.failAlways(path, fault);
  const dir = mkdtempSync(join(tmpdir(), 'routelint-hostile-'));
  const out = join(dir, 'snapshot.json');
  writeFileSync(out, OLD_SNAPSHOT);
  const r = await runCliAsync(['pull', '--url', api.url, '-o', out, ...args], env);
  const line = oneLineError(r);
  expect(r.stdout).toBe('');
  expect(readFileSync(out, 'utf8')).toBe(OLD_SNAPSHOT);
  expect(readdirSync(dir)).toEqual(['snapshot.json']);
  expectNoTokenPart(r.stdout, r.stderr);
  return line;
}

const MIB = 1024 * 1024;
/** One gzip member of 64 MiB of spaces (65 KB); members sent one after another decode as one body. */
const GZIP_64MIB = gzipSync(Buffer.alloc(64 * MIB, 0x20), { level: 9 });

describe('answers past the size cap', () => {
  it('a 2 GiB gzip bomb (2 MB on the wire) stops at the default cap', async () => {
    const line = await failedPull('/api/peers', {
      respond: (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        pump(res, GZIP_64MIB, 32);
      },
    });
    expect(line).toMatch(new RegExp(`/api/peers: the answer exceeds ${DEFAULT_CAP} bytes \\(see --max-response-bytes\\)$`));
  });

  it('a brotli answer is counted decoded too', async () => {
    const body = brotliCompressSync(Buffer.from(`[${' '.repeat(4 * MIB)}]`));
    const line = await failedPull('/api/routes', { respond: (res) => (res.writeHead(200, { 'Content-Encoding': 'br' }), res.end(body)) }, ['--max-response-bytes', String(MIB)]);
    expect(line).toMatch(new RegExp(`/api/routes: the answer exceeds ${MIB} bytes`));
    expect(body.length).toBeLessThan(MIB);
  });

  it('an endless plain answer ends with the cap, not "cannot connect"', async () => {
    const line = await failedPull('/api/groups', { respond: (res) => (res.writeHead(200, { 'Content-Type': 'application/json' }), pump(res, `[${' '.repeat(64 * 1024)}`)) }, ['--max-response-bytes', String(8 * MIB)]);
    expect(line).toMatch(/\/api\/groups: the answer exceeds 8388608 bytes/);
    expect(line).not.toMatch(/cannot connect/);
  });

  it('an answer that declares 1 GiB is refused before it is read', async () => {
    const line = await failedPull('/api/routes', {
      respond: (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1024 * MIB) });
        res.write('[');
      },
    });
    expect(line).toMatch(new RegExp(`the answer exceeds ${DEFAULT_CAP} bytes`));
  });

  it('an endless error body: only its start is read, for the message', async () => {
    const line = await failedPull(
      '/api/policies',
      {
        respond: (res) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          pump(res, 'overloaded '.repeat(1000));
        },
      },
      ['--retries', '0'],
    );
    expect(line).toMatch(/\/api\/policies: server error 500 .*on 1 attempts \(server says: overloaded overloaded .*\.\.\.\)$/);
  });

  it('an answer under the cap is read whole, compressed or not', async () => {
    api = await startFakeApi();
    const account = fixtureAccount();
    const routes = Buffer.from(JSON.stringify(account.routes));
    api.failAlways('/api/routes', { respond: (res) => (res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }), res.end(gzipSync(routes))) });
    // The cap is exactly the largest answer's size.
    const largest = Math.max(...Object.values(account).map((list) => Buffer.byteLength(JSON.stringify(list))));
    expect(largest).toBeGreaterThan(routes.length);
    const r = await runCliAsync(['pull', '--url', api.url, '--max-response-bytes', String(largest)], env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { routes: unknown }).routes).toEqual(account.routes);
  });

  it.each(['0', '-1', '1.5', 'lots', '536870889'])('--max-response-bytes %s is an argument error', async (value) => {
    const r = await runCliAsync(['pull', '--url', 'http://127.0.0.1:9', '--max-response-bytes', value], env);
    expect(oneLineError(r)).toMatch(/--max-response-bytes .*expected an integer from 1 to 536870888/);
  });
});

describe('answers nested too deep', () => {
  it('an answer nested 200,000 deep is one line, not an internal error', async () => {
    const deep = `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`;
    const line = await failedPull('/api/routes', { status: 200, body: deep });
    expect(line).toMatch(/\/api\/routes: the answer nests deeper than 1000 levels \(at \[0\]\[0\]\[0\]\[0\]…\)/);
    expect(line).not.toMatch(/internal error/);
  });

  it('lint --url says the same', async () => {
    api = await startFakeApi();
    api.failAlways('/api/groups', { status: 200, body: `[{"id":"g","peers":${'['.repeat(5000)}${']'.repeat(5000)}}]` });
    const r = await runCliAsync(['lint', '--url', api.url], env);
    expect(oneLineError(r)).toMatch(/\/api\/groups: the answer nests deeper than 1000 levels \(at \[0\]\.peers\[0\]\[0\]…\)/);
  });
});

describe('the token', () => {
  const echo = (status: number, message: string): Fault => ({ status, body: JSON.stringify({ message, code: status }) });

  it.each([
    ['at the cut of a long message', `${'x'.repeat(185)} ${SENTINEL_TOKEN} more words`],
    ['upper-cased', `bad token ${SENTINEL_TOKEN.toUpperCase()}`],
    ['lower-cased', `bad token ${SENTINEL_TOKEN.toLowerCase()}`],
    ['as base64 of the header', `auth ${Buffer.from(`Token ${SENTINEL_TOKEN}`).toString('base64')}`],
    ['as URL-safe base64 of a bearer header', `auth ${Buffer.from(`Bearer ${SENTINEL_TOKEN}`).toString('base64url')}`],
    ['as base64 of the bare token', Buffer.from(SENTINEL_TOKEN).toString('base64')],
  ])('a server message holding it %s is shown without it', async (_, message) => {
    const line = await failedPull('/api/routes', echo(403, message));
    expect(line).toMatch(/may not read \/api\/routes \(403.*\[token\]/);
  });

  it.each([
    ['routes', '/api/routes', (a: Account) => void (a.routes[0]!.description = `copied ${SENTINEL_TOKEN}`), 0],
    ['groups', '/api/groups', (a: Account) => void (a.groups[0]!.name = SENTINEL_TOKEN.toUpperCase()), 0],
    ['peers', '/api/peers', (a: Account) => void (a.peers[2]!.hostname = Buffer.from(`Token ${SENTINEL_TOKEN}`).toString('base64')), 2],
    ['policies', '/api/policies', (a: Account) => void (a.policies[0]!.description = Buffer.from(`Bearer ${SENTINEL_TOKEN}`).toString('base64url')), 0],
    ['network resources', '/api/networks/resources', (a: Account) => void (a.network_resources[3]!.description = `t=${encodeURIComponent(SENTINEL_TOKEN)}`), 3],
    ['posture checks, as a key', '/api/posture-checks', (a: Account) => void (a.posture_checks = [{ id: 'pc1', name: 'x', checks: { [SENTINEL_TOKEN]: {} } }]), 0],
  ])('in the %s: the pull fails and saves nothing', async (_, path, plant, index) => {
    const account = fixtureAccount();
    plant(account);
    api = await startFakeApi({ account });
    const dir = mkdtempSync(join(tmpdir(), 'routelint-hostile-'));
    const out = join(dir, 'snapshot.json');
    writeFileSync(out, OLD_SNAPSHOT);
    const r = await runCliAsync(['pull', '--url', api.url, '-o', out], env);
    expect(oneLineError(r)).toMatch(new RegExp(`GET http://127\\.0\\.0\\.1:\\d+${path}: the answer holds the API token \\(in element ${index}\\)`));
    expect(readFileSync(out, 'utf8')).toBe(OLD_SNAPSHOT);
    expectNoTokenPart(r.stdout, r.stderr);
  });

  it('in the data, lint --url and report --url refuse it too', async () => {
    const account = fixtureAccount();
    account.routes[0]!.description = SENTINEL_TOKEN;
    api = await startFakeApi({ account });
    const dir = mkdtempSync(join(tmpdir(), 'routelint-hostile-'));
    for (const args of [['lint', '--url', api.url, '-f', 'json'], ['report', '--url', api.url, '-o', join(dir, 'report.html')]]) {
      const r = await runCliAsync(args, env);
      expect(oneLineError(r)).toMatch(/holds the API token/);
      expectNoTokenPart(r.stdout, r.stderr);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('--timeout', () => {
  it.each(['3000000', '2147483.648', '0', 'soon'])('%s is an argument error, before any request', async (value) => {
    api = await startFakeApi();
    const r = await runCliAsync(['pull', '--url', api.url, '--timeout', value], env);
    expect(oneLineError(r)).toMatch(/--timeout .*expected a number of seconds above 0 and at most 2147483\.647/);
    expect(api.requests).toEqual([]);
  });

  it("Node's longest timer is accepted", async () => {
    api = await startFakeApi();
    const r = await runCliAsync(['pull', '--url', api.url, '--timeout', '2147483.647'], env);
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

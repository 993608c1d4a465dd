// `routelint pull` and `lint --url`, end to end: the built binary against a local fake of the
// management API.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HAS_SCRIPT } from '../cli/run.js';
import { fixtureAccount, ROOT, SENTINEL_TOKEN, startFakeApi, type FakeApi, type Fault } from './fakeApi.js';
import { runCliAsync, type AsyncRunResult } from './runAsync.js';

// SOURCE_DATE_EPOCH fixes the snapshot's pulled_at, so snapshots compare byte for byte.
const env = { NETBIRD_API_TOKEN: SENTINEL_TOKEN, SOURCE_DATE_EPOCH: '1764237600' };
const PULLED_AT = '2025-11-27T10:00:00.000Z';
const OLD_SNAPSHOT = '{"routes": [], "note": "the previous snapshot"}\n';

let api: FakeApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

async function serve(options: Parameters<typeof startFakeApi>[0] = {}): Promise<FakeApi> {
  api = await startFakeApi(options);
  return api;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'routelint-pull-'));
}

/** The bundle pull should write for the fixture account: its arrays as served, in the bundle's key order. */
function expectedSnapshot(): string {
  const a = fixtureAccount();
  const bundle = { routes: a.routes, groups: a.groups, peers: a.peers, policies: a.policies, networks: a.networks, network_routers: a.network_routers, network_resources: a.network_resources, posture_checks: a.posture_checks ?? [], pulled_at: PULLED_AT };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

function expectNoToken(r: AsyncRunResult, ...files: string[]): void {
  expect(r.stdout).not.toContain(SENTINEL_TOKEN);
  expect(r.stderr).not.toContain(SENTINEL_TOKEN);
  for (const file of files) if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toContain(SENTINEL_TOKEN);
}

function oneLineError(r: AsyncRunResult): string {
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^routelint( [a-z]+)?: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('routelint pull', () => {
  it('writes the whole account as one bundle, every request carrying the token', async () => {
    const server = await serve();
    const out = join(tempDir(), 'snapshot.json');
    const r = await runCliAsync(['pull', '--url', server.url, '-o', out], env);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', '']);
    expect(readFileSync(out, 'utf8')).toBe(expectedSnapshot());
    expect(server.requests.map((q) => q.path)).toEqual(['/api/routes', '/api/groups', '/api/peers', '/api/policies', '/api/networks', '/api/networks/routers', '/api/networks/resources', '/api/posture-checks']);
    expect(new Set(server.requests.map((q) => q.authorization))).toEqual(new Set([`Token ${SENTINEL_TOKEN}`]));
    expectNoToken(r, out);
  });

  it('prints the bundle to stdout without -o', async () => {
    const server = await serve();
    const r = await runCliAsync(['pull', '--url', server.url], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedSnapshot());
  });

  it('reads the routers and resources network by network from servers without the flat lists, with the same result', async () => {
    const server = await serve({ flatLists: false });
    const out = join(tempDir(), 'snapshot.json');
    const r = await runCliAsync(['pull', '--url', `${server.url}/`, '-o', out], env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toBe(expectedSnapshot());
    const ids = fixtureAccount().networks.map((n) => n.id as string);
    expect(server.requests.map((q) => q.path).slice(5)).toEqual([
      '/api/networks/routers',
      ...ids.map((id) => `/api/networks/${id}/routers`),
      '/api/networks/resources',
      ...ids.map((id) => `/api/networks/${id}/resources`),
      '/api/posture-checks',
    ]);
  });

  it('treats a server without the Networks API as having no networks, and says so', async () => {
    const server = await serve({ networksApi: false });
    const out = join(tempDir(), 'snapshot.json');
    const r = await runCliAsync(['pull', '--url', server.url, '-o', out], env);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^routelint: note: .*no Networks API.*\n$/);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown[]>;
    expect(Object.keys(bundle)).toEqual(['routes', 'groups', 'peers', 'policies', 'networks', 'network_routers', 'network_resources', 'posture_checks', 'pulled_at']);
    expect(bundle.pulled_at).toBe(PULLED_AT);
    expect([bundle.networks, bundle.network_routers, bundle.network_resources]).toEqual([[], [], []]);
    expect(bundle.routes).toEqual(fixtureAccount().routes);
  });

  it('takes the token from --token-file (trimmed) before the environment', async () => {
    const server = await serve();
    const dir = tempDir();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `  ${SENTINEL_TOKEN}\n`);
    const r = await runCliAsync(['pull', '--url', server.url, '--token-file', tokenFile, '-o', join(dir, 'out.json')], { NETBIRD_API_TOKEN: 'nbp_wrong' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expectNoToken(r, join(dir, 'out.json'));
  });

  it('accepts a base URL that already ends in /api', async () => {
    const server = await serve();
    const r = await runCliAsync(['pull', '--url', `${server.url}/api/`], env);
    expect(r.status).toBe(0);
    expect(server.requests[0]!.path).toBe('/api/routes');
  });

  it('retries a 429 after the Retry-After delay, then succeeds', async () => {
    const server = await serve();
    server.fail('/api/groups', { status: 429, headers: { 'Retry-After': '1' } });
    const r = await runCliAsync(['pull', '--url', server.url], env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(server.requests.filter((q) => q.path === '/api/groups')).toHaveLength(2);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(r.stdout).toBe(expectedSnapshot());
  });

  it('retries a 5xx with backoff, then succeeds', async () => {
    const server = await serve();
    server.fail('/api/peers', { status: 500 }, { status: 503 });
    const r = await runCliAsync(['pull', '--url', server.url], env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(server.requests.filter((q) => q.path === '/api/peers')).toHaveLength(3);
  });

  it('gives up after --retries retries', async () => {
    const server = await serve();
    server.failAlways('/api/policies', { status: 502 });
    const r = await runCliAsync(['pull', '--url', server.url, '--retries', '1'], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/\/api\/policies: server error 502 .*on 2 attempts/);
    expect(server.requests.filter((q) => q.path === '/api/policies')).toHaveLength(2);
  });

  it('does not wait out a Retry-After longer than it is willing to', async () => {
    const server = await serve();
    server.failAlways('/api/routes', { status: 429, headers: { 'Retry-After': '3600' } });
    const r = await runCliAsync(['pull', '--url', server.url], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/rate limited \(429\).*3600 s/);
    expect(r.elapsedMs).toBeLessThan(15_000);
  });
});

describe('routelint pull: failures write nothing, exit 2 with one line, and never show the token', () => {
  interface FailureCase {
    name: string;
    path: string;
    fault: Fault;
    args?: string[];
    message: RegExp;
  }
  const echoToken = (status: number) => JSON.stringify({ message: `token ${SENTINEL_TOKEN} is not allowed here (Authorization: Token ${SENTINEL_TOKEN})`, code: status });
  const cases: FailureCase[] = [
    { name: '401: token rejected', path: '/api/routes', fault: { status: 401, body: echoToken(401) }, message: /\/api\/routes: the API token was rejected \(401.*check NETBIRD_API_TOKEN/ },
    { name: '403: no permission', path: '/api/peers', fault: { status: 403, body: echoToken(403) }, message: /the API token may not read \/api\/peers \(403.*\[token\]/ },
    { name: 'a 5xx with retries off', path: '/api/networks/resources', fault: { status: 500, body: echoToken(500) }, args: ['--retries', '0'], message: /server error 500 .*on 1 attempts.*\[token\]/ },
    { name: 'invalid JSON', path: '/api/policies', fault: { invalidJson: true }, message: /\/api\/policies: the answer is not JSON \(application\/json\)/ },
    { name: 'not an array', path: '/api/groups', fault: { status: 200, body: '{"groups": []}' }, message: /\/api\/groups: expected a JSON array, got an object/ },
    // Long enough that the endpoints which do answer never miss it on a loaded machine (0.5 s once timed out /api/routes under a full test run).
    { name: 'a timeout', path: '/api/networks', fault: { hang: true }, args: ['--timeout', '3'], message: /\/api\/networks: no complete answer within 3 s/ },
    { name: 'a redirect', path: '/api/routes', fault: { status: 302, headers: { Location: `https://elsewhere.example/api/routes?token=${SENTINEL_TOKEN}` } }, message: /redirects \(302\) to https:\/\/elsewhere\.example\/api\/routes; / },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const server = await serve();
      server.failAlways(c.path, c.fault);
      const dir = tempDir();
      const out = join(dir, 'snapshot.json');
      writeFileSync(out, OLD_SNAPSHOT);
      const r = await runCliAsync(['pull', '--url', server.url, '-o', out, ...(c.args ?? [])], env);
      expect(r.status).toBe(2);
      expect(oneLineError(r)).toMatch(c.message);
      expect(r.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(OLD_SNAPSHOT);
      expect(readdirSync(dir)).toEqual(['snapshot.json']);
      expectNoToken(r, out);
    });
  }

  it('404: the wrong URL, naming the path it asked for', async () => {
    const server = await serve();
    const r = await runCliAsync(['pull', '--url', `${server.url}/not-netbird`], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/not-netbird\/api\/routes: not found \(404\).*\/api\/routes/);
    expectNoToken(r);
  });

  it('a wrong token, from the environment', async () => {
    const server = await serve({ token: 'nbp_the_right_one' });
    const r = await runCliAsync(['pull', '--url', server.url], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/401/);
    expectNoToken(r);
  });

  it('no token at all', async () => {
    const server = await serve();
    const r = await runCliAsync(['pull', '--url', server.url]);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/no API token: set NETBIRD_API_TOKEN or pass --token-file/);
    expect(server.requests).toEqual([]);
  });

  it('a connection refused', async () => {
    const server = await serve();
    const url = server.url;
    await server.close();
    api = null;
    const r = await runCliAsync(['pull', '--url', url], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/cannot connect \(connection refused\)/);
  });

  it.each([
    ['http://example.com', /plain http is refused/],
    ['http://10.0.0.1:8080', /plain http is refused/],
    [`https://user:${SENTINEL_TOKEN}@api.netbird.io`, /must not contain a user name or password/],
    [`https://api.netbird.io/?token=${SENTINEL_TOKEN}`, /must not contain a query/],
    ['ftp://api.netbird.io', /expected an https:\/\/ address/],
    ['api.netbird.io', /not a URL/],
  ])('refuses --url %s before sending anything', async (url, message) => {
    const r = await runCliAsync(['pull', '--url', url], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(message);
    expectNoToken(r);
  });
});

describe('routelint lint --url', () => {
  interface JsonResult {
    filePath: string;
    messages: { ruleId: string | null; line: number; column: number; routeId?: string; messageId?: string }[];
  }

  it('lints the live account, positions pointing into the snapshot pull would write', async () => {
    const account = fixtureAccount();
    // A router without a usable metric: metric-range reports the generated routes, at their resources.
    account.network_routers[2]!.metric = 0;
    const server = await serve({ account });
    const live = await runCliAsync(['lint', '--url', server.url, '--format', 'json'], env);
    expect(live.stderr).toBe('');
    expect(live.status).toBe(1);
    const [result] = JSON.parse(live.stdout) as JsonResult[];
    const host = new URL(server.url).host;
    expect(result!.filePath).toBe(`${host} (live)`);

    const dir = tempDir();
    const pulled = await runCliAsync(['pull', '--url', server.url, '-o', join(dir, 'snapshot.json')], env);
    expect(pulled.status).toBe(0);
    const offline = await runCliAsync(['lint', join(dir, 'snapshot.json'), '--format', 'json'], env);
    const [snapshot] = JSON.parse(offline.stdout) as JsonResult[];
    expect(result!.messages).toEqual(snapshot!.messages);

    const finding = result!.messages.find((m) => m.ruleId === 'metric-range')!;
    expect(finding.routeId).toBe(`${account.network_resources[4]!.id as string}:${account.network_routers[2]!.id as string}`);
    const lines = readFileSync(join(dir, 'snapshot.json'), 'utf8').split('\n');
    // The finding sits on the opening brace of the Paris resource object.
    const section = lines.indexOf('  "network_resources": [');
    const resourceIdLine = lines.findIndex((l, i) => i > section && l.includes(`"id": "${account.network_resources[4]!.id as string}"`));
    const braceLine = lines.slice(0, resourceIdLine).findLastIndex((l) => /^ {4}\{$/.test(l)) + 1;
    expect([finding.line, finding.column]).toEqual([braceLine, 5]);
    expectNoToken(live);
  });

  it('fails like pull, with exit 2 and one line, when the API does', async () => {
    const server = await serve();
    server.failAlways('/api/routes', { status: 403 });
    const r = await runCliAsync(['lint', '--url', server.url], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/403/);
    expect(r.stdout).toBe('');
  });

  it('needs a path or --url', async () => {
    const r = await runCliAsync(['lint'], env);
    expect(r.status).toBe(2);
    expect(oneLineError(r)).toMatch(/--url/);
  });
});

describe('pull on a terminal', () => {
  /** Runs a command line on a pseudo-terminal (util-linux `script`) without blocking the fake API in this process. */
  function onTerminal(command: string): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, output }));
    });
  }

  it.skipIf(!HAS_SCRIPT)('shows the answer being read once the pull has lasted a second; the snapshot is the one written off a terminal', async () => {
    const server = await serve();
    // The routes answer comes after a second and a half: the bar is up by then.
    const routes = JSON.stringify(fixtureAccount().routes);
    server.fail('/api/routes', { respond: (res) => void setTimeout(() => (res.writeHead(200, { 'Content-Type': 'application/json' }), res.end(routes)), 1500) });
    const dir = tempDir();
    const out = join(dir, 'snapshot.json');
    const r = await onTerminal(`${process.execPath} ${join(ROOT, 'bin', 'routelint.js')} pull --url ${server.url} -o ${out}`);
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/\r\[[= ]{24}\] +\d+% GET \/api\/routes: \d+ KB\x1b\[K/);
    expect(r.output).toMatch(/\r\x1b\[K$/);
    expect(readFileSync(out, 'utf8')).toBe(expectedSnapshot());
    const off = await runCliAsync(['pull', '--url', server.url, '-o', join(dir, 'plain.json')], env);
    expect([off.status, off.stderr]).toEqual([0, '']);
  }, 60_000);
});

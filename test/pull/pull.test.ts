// The pull's parts in-process: URL and token checks, retry timing with an injected clock, error
// wording, redaction, and the Networks API endpoint fallback.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { checkedMaxResponseBytes, checkedTimeoutMs, retryAfterMs } from '../../src/pull/http.js';
import { pullAccount, readLiveExport, serializeBundle, type PullOptions } from '../../src/pull/pull.js';
import { isLoopbackHost, parseApiUrl } from '../../src/pull/target.js';
import { holdsToken, redact, resolveToken, tokenPattern } from '../../src/pull/token.js';
import { fixtureAccount, SENTINEL_TOKEN, startFakeApi, type FakeApi } from './fakeApi.js';

const env = { NETBIRD_API_TOKEN: SENTINEL_TOKEN };

/** A fetch that answers each request from `answer(path, attempt)`, recording paths. */
function fakeFetch(answer: (path: string, attempt: number) => Response | Promise<Response>): { fetch: typeof globalThis.fetch; paths: string[] } {
  const paths: string[] = [];
  const attempts = new Map<string, number>();
  const fetch = (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname;
    paths.push(path);
    const n = attempts.get(path) ?? 0;
    attempts.set(path, n + 1);
    return answer(path, n);
  }) as typeof globalThis.fetch;
  return { fetch, paths };
}

const ok = (value: unknown = []) => new Response(JSON.stringify(value), { status: 200, headers: { 'Content-Type': 'application/json' } });
const status = (code: number, headers: Record<string, string> = {}, body = '{"message":"nope","code":0}') => new Response(body, { status: code, headers });

/** Runs a pull against `https://api.example.test` with instant, recorded sleeps. */
async function pull(answer: (path: string, attempt: number) => Response | Promise<Response>, options: Partial<PullOptions> = {}) {
  const { fetch, paths } = fakeFetch(answer);
  const sleeps: number[] = [];
  const run = pullAccount('https://api.example.test', { env, fetch, sleep: async (ms) => void sleeps.push(ms), ...options });
  return { run, paths, sleeps };
}

async function failure(run: Promise<unknown>): Promise<InputError> {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('--url', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['[::ffff:7f00:1]', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['[::2]', false],
    ['localhost.example.com', false],
    ['api.netbird.io', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ['https://api.netbird.io', 'https://api.netbird.io/api/routes', 'api.netbird.io (live)'],
    ['https://api.netbird.io/', 'https://api.netbird.io/api/routes', 'api.netbird.io (live)'],
    ['https://api.netbird.io/api', 'https://api.netbird.io/api/routes', 'api.netbird.io (live)'],
    ['https://example.com:8443/netbird/', 'https://example.com:8443/netbird/api/routes', 'example.com:8443/netbird (live)'],
    ['http://localhost:33073', 'http://localhost:33073/api/routes', 'localhost:33073 (live)'],
    ['http://[::1]:8080', 'http://[::1]:8080/api/routes', '[::1]:8080 (live)'],
  ])('%s', (url, endpoint, liveName) => {
    const target = parseApiUrl(url);
    expect([target.endpoint('routes'), target.liveName]).toEqual([endpoint, liveName]);
  });

  it.each(['http://api.netbird.io', 'http://192.168.1.10:33073', 'ws://localhost', 'https://a:b@api.netbird.io', 'https://api.netbird.io/?x=1', 'https://api.netbird.io/#x', 'not a url'])('refuses %s', (url) => {
    expect(() => parseApiUrl(url)).toThrow(InputError);
  });
});

describe('the token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-token-'));

  it('comes from --token-file, trimmed, before NETBIRD_API_TOKEN', () => {
    const file = join(dir, 'token');
    writeFileSync(file, `\n ${SENTINEL_TOKEN} \r\n`);
    expect(resolveToken(file, { NETBIRD_API_TOKEN: 'nbp_other' })).toEqual({ value: SENTINEL_TOKEN, source: `--token-file ${file}` });
    expect(resolveToken(undefined, { NETBIRD_API_TOKEN: ` ${SENTINEL_TOKEN}\n` })).toEqual({ value: SENTINEL_TOKEN, source: 'NETBIRD_API_TOKEN' });
  });

  it.each([
    ['no token anywhere', undefined, {}, /no API token/],
    ['an empty variable', undefined, { NETBIRD_API_TOKEN: '  ' }, /no API token/],
    ['an empty file', 'empty', {}, /is empty/],
    ['a missing file', 'missing', {}, /no such file/],
    ['a token with a space', undefined, { NETBIRD_API_TOKEN: 'nbp_a b' }, /visible ASCII/],
    ['a token with a non-ASCII letter', undefined, { NETBIRD_API_TOKEN: 'nbp_é' }, /visible ASCII/],
  ])('refuses %s, without quoting it', (_, fileName, vars, message) => {
    writeFileSync(join(dir, 'empty'), '\n');
    const file = fileName === undefined ? undefined : join(dir, fileName);
    let err: unknown = null;
    try {
      resolveToken(file, vars);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toMatch(/nbp_a b|nbp_é/);
  });

  it('is removed from any text, in plain and URL-encoded form, and the text kept on one line', () => {
    expect(redact(`a ${SENTINEL_TOKEN}\nb ${encodeURIComponent('t/k+n')} c`, 't/k+n')).toBe('a nbp_SENTINELxTOKENx9f3c2a1b7e6d5c4b3a29 b [token] c');
    expect(redact(`x${SENTINEL_TOKEN}y`, SENTINEL_TOKEN)).toBe('x[token]y');
    expect(redact('nothing\tsecret', null)).toBe('nothing secret');
  });

  const b64 = (text: string, url = false) => Buffer.from(text).toString(url ? 'base64url' : 'base64');
  it.each([
    ['upper case', SENTINEL_TOKEN.toUpperCase()],
    ['lower case', SENTINEL_TOKEN.toLowerCase()],
    ['mixed case', SENTINEL_TOKEN.replace(/[a-z]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c))],
    ['URL-encoded', encodeURIComponent(SENTINEL_TOKEN)],
    ['base64', b64(SENTINEL_TOKEN)],
    ['base64 of the header', b64(`Token ${SENTINEL_TOKEN}`)],
    ['base64 of a bearer header', b64(`Bearer ${SENTINEL_TOKEN}`)],
    ['URL-safe base64 of user:token', b64(`user:${SENTINEL_TOKEN}`, true)],
  ])('is removed in %s', (_, form) => {
    const out = redact(`seen: ${form}.`, SENTINEL_TOKEN);
    // What is left of a base64 form is the encoding of the text around the token, no more.
    expect(out).toMatch(/^seen: [\w-]{0,16}\[token\][\w=-]{0,4}\.$/);
  });

  it('is found in base64 of any text around it, standard or URL-safe', () => {
    // A token with the characters base64 spells differently in its two alphabets.
    const token = 'nbp_?>~?>~x9f3c2a1b7e6d5c4b3a29zz';
    const pattern = tokenPattern(token);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (before, after, url) => {
        expect(holdsToken(b64(`${before}${token}${after}`, url), pattern)).toBe(true);
      }),
    );
  });

  it('is not found where it is not', () => {
    const pattern = tokenPattern(SENTINEL_TOKEN);
    for (const text of [SENTINEL_TOKEN.slice(0, -1), b64(SENTINEL_TOKEN.slice(1)), 'nbp_SENTINELxTOKENx9f3c2a1b7e6d5c4b3a28']) expect(holdsToken(text, pattern)).toBe(false);
  });
});

describe('--timeout and --max-response-bytes', () => {
  it.each([
    [3_000_000, /^--timeout 3000000: expected a number of seconds above 0 and at most 2147483\.647/],
    [2_147_483.648, /^--timeout 2147483\.648:/],
    [0, /^--timeout 0:/],
    [Number.NaN, /^--timeout NaN:/],
  ])('--timeout %s is refused', (seconds, message) => {
    expect(() => checkedTimeoutMs(seconds)).toThrow(message);
  });

  it.each([
    [0, /^--max-response-bytes 0: expected an integer from 1 to 536870888/],
    [1.5, /^--max-response-bytes 1\.5:/],
    [536_870_889, /^--max-response-bytes 536870889:/],
  ])('--max-response-bytes %s is refused', (bytes, message) => {
    expect(() => checkedMaxResponseBytes(bytes)).toThrow(message);
  });

  it("take Node's longest timer and text, and the cap defaults to 256 MiB", () => {
    expect([checkedTimeoutMs(2_147_483.647), checkedMaxResponseBytes(536_870_888), checkedMaxResponseBytes(undefined)]).toEqual([2_147_483_647, 536_870_888, 256 * 1024 * 1024]);
  });
});

describe('Retry-After', () => {
  it.each([
    ['0', 0],
    ['7', 7000],
    [' 12 ', 12_000],
    ['Wed, 21 Oct 2026 07:28:05 GMT', 5000],
    ['Wed, 21 Oct 2026 07:27:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('%s → %s ms', (value, expected) => {
    expect(retryAfterMs(value, Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(expected);
  });
});

describe('retries', () => {
  it('backs off exponentially on 5xx, capped, and succeeds when the server recovers', async () => {
    const { run, sleeps, paths } = await pull((path, n) => (path === '/api/routes' && n < 4 ? status(503) : ok()), { retry: { baseDelayMs: 500, maxDelayMs: 1500 } });
    await run;
    expect(sleeps).toEqual([500, 1000, 1500, 1500]);
    expect(paths.filter((p) => p === '/api/routes')).toHaveLength(5);
  });

  it('waits what Retry-After asks on a 429', async () => {
    const { run, sleeps } = await pull((path, n) => (path === '/api/groups' && n === 0 ? status(429, { 'Retry-After': '3' }) : ok()));
    await run;
    expect(sleeps).toEqual([3000]);
  });

  it('stops after the last retry and says how often it tried', async () => {
    const { run, sleeps } = await pull((path) => (path === '/api/peers' ? status(500) : ok()), { retry: { maxRetries: 2 } });
    const err = await failure(run);
    expect(err.message).toMatch(/^GET https:\/\/api\.example\.test\/api\/peers: server error 500 .*on 3 attempts \(server says: nope\)$/);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up at once when Retry-After is longer than the longest wait', async () => {
    const { run, sleeps } = await pull(() => status(429, { 'Retry-After': '120' }));
    expect((await failure(run)).message).toMatch(/rate limited \(429\); the server asks to wait 120 s, longer than routelint waits \(30 s\)/);
    expect(sleeps).toEqual([]);
  });

  it.each([400, 401, 403, 404, 409])('does not retry a %i', async (code) => {
    const { run, sleeps } = await pull(() => status(code));
    await failure(run);
    expect(sleeps).toEqual([]);
  });
});

describe('errors', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'connection refused'],
    [{ code: 'ENOTFOUND' }, 'host not found'],
    [new AggregateError([Object.assign(new Error('x'), { code: 'EHOSTUNREACH' })]), 'host unreachable'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); for a private CA set NODE_EXTRA_CA_CERTS'],
    [new Error('other failure'), 'other failure'],
  ])('a network failure %#', async (cause, said) => {
    const { run } = await pull(() => {
      throw new TypeError('fetch failed', { cause });
    });
    expect((await failure(run)).message).toBe(`GET https://api.example.test/api/routes: cannot connect (${said})`);
  });

  it('never repeats the token, not even from an exception that quotes it', async () => {
    const { run } = await pull(() => {
      throw new TypeError(`invalid header value "Token ${SENTINEL_TOKEN}"`);
    });
    const err = await failure(run);
    expect(err.message).toBe('GET https://api.example.test/api/routes: cannot connect (invalid header value "Token [token]")');
  });

  it('redacts errors that are not input errors too, and keeps them apart', async () => {
    const { run } = await pull((_, n) => (n === 0 ? status(500) : ok()), {
      sleep: async () => {
        throw new RangeError(`broken clock near ${SENTINEL_TOKEN}`);
      },
    });
    const err = await run.then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).not.toBeInstanceOf(InputError);
    expect(err!.message).toBe('broken clock near [token]');
  });

  it.each([
    [401, /the API token was rejected \(401\).*check NETBIRD_API_TOKEN$/],
    [403, /may not read \/api\/routes \(403\)/],
    [404, /not found \(404\); is https:\/\/api\.example\.test the NetBird management API\? routelint reads \/api\/routes under it$/],
    [301, /redirects \(301\); routelint does not follow redirects/],
    [418, /unexpected answer 418 \(server says: nope\)$/],
  ])('%i', async (code, message) => {
    const { run } = await pull(() => status(code));
    expect((await failure(run)).message).toMatch(message);
  });

  it('reads a list answered as null as an empty list', async () => {
    const { run } = await pull((path) => (path === '/api/routes' ? new Response('null', { status: 200 }) : ok([{ id: 'x' }])));
    const { bundle } = await run;
    expect([bundle.routes, bundle.groups]).toEqual([[], [{ id: 'x' }]]);
  });

  it('redacts a server message before cutting it, so no part of the token is left', async () => {
    const message = `${'x'.repeat(185)} ${SENTINEL_TOKEN} and more`;
    const { run } = await pull(() => status(403, {}, JSON.stringify({ message })));
    const err = await failure(run);
    expect(err.message).toContain(`${'x'.repeat(185)} [token]`);
    expect(err.message).not.toContain(SENTINEL_TOKEN.slice(0, 8));
  });

  it('stops reading an answer at the cap, counted after decoding', async () => {
    const { run } = await pull(() => ok([{ id: 'x'.repeat(2000) }]), { maxResponseBytes: 1000 });
    expect((await failure(run)).message).toBe('GET https://api.example.test/api/routes: the answer exceeds 1000 bytes (see --max-response-bytes)');
  });

  it('an HTML page where JSON was expected', async () => {
    const { run } = await pull(() => new Response('<html>login</html>', { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
    expect((await failure(run)).message).toMatch(/the answer is not JSON \(text\/html\); is https:\/\/api\.example\.test the NetBird management API\?$/);
  });
});

describe('the Networks API', () => {
  const networks = [
    { id: 'n1', routers: ['r1'], resources: ['s1'] },
    { id: 'n 2', routers: ['r2'], resources: [] },
  ];
  it.each([400, 404, 405, 422])('falls back to per-network lists when the flat list answers %i', async (code) => {
    const { run, paths } = await pull((path) => {
      if (path === '/api/networks') return ok(networks);
      if (path === '/api/networks/routers' || path === '/api/networks/resources') return status(code);
      const m = /^\/api\/networks\/([^/]+)\/(routers|resources)$/.exec(path);
      if (m) return ok(m[2] === 'routers' ? [{ id: decodeURIComponent(m[1]!) === 'n1' ? 'r1' : 'r2' }] : decodeURIComponent(m[1]!) === 'n1' ? [{ id: 's1' }] : []);
      return ok();
    });
    const { bundle } = await run;
    expect([bundle.network_routers, bundle.network_resources]).toEqual([[{ id: 'r1' }, { id: 'r2' }], [{ id: 's1' }]]);
    expect(paths.slice(5)).toEqual(['/api/networks/routers', '/api/networks/n1/routers', '/api/networks/n%202/routers', '/api/networks/resources', '/api/networks/n1/resources', '/api/networks/n%202/resources', '/api/posture-checks']);
  });

  it('asks for no routers or resources when there are no networks', async () => {
    const { run, paths } = await pull(() => ok());
    const { bundle, notes } = await run;
    expect(paths).toEqual(['/api/routes', '/api/groups', '/api/peers', '/api/policies', '/api/networks', '/api/posture-checks']);
    expect([bundle.networks, bundle.network_routers, bundle.network_resources, bundle.posture_checks, notes]).toEqual([[], [], [], [], []]);
  });

  it('leaves posture_checks out, with a note, when the server has no posture checks API', async () => {
    const { run } = await pull((path) => (path === '/api/posture-checks' ? status(404) : ok()));
    const { bundle, notes } = await run;
    expect(Object.hasOwn(bundle, 'posture_checks')).toBe(false);
    expect(notes).toHaveLength(1);
  });

  it('a network without an id cannot be read network by network', async () => {
    const { run } = await pull((path) => (path === '/api/networks' ? ok([{ name: 'x' }]) : path.startsWith('/api/networks/') ? status(404) : ok()));
    expect((await failure(run)).message).toMatch(/networks\[0\] has no id/);
  });
});

describe('the bundle', () => {
  it('keeps keys as received and the sections in a fixed order', () => {
    const bundle = { routes: [{ z: 1, a: null }], groups: [], peers: [], policies: [], networks: [], network_routers: [], network_resources: [] };
    expect(serializeBundle(bundle)).toBe('{\n  "routes": [\n    {\n      "z": 1,\n      "a": null\n    }\n  ],\n  "groups": [],\n  "peers": [],\n  "policies": [],\n  "networks": [],\n  "network_routers": [],\n  "network_resources": []\n}\n');
  });
});

describe('a real server', () => {
  let api: FakeApi | null = null;
  afterEach(async () => {
    await api?.close();
    api = null;
  });

  it('times out a request that never completes', async () => {
    api = await startFakeApi();
    api.failAlways('/api/peers', { hang: true });
    // Long enough that the endpoints which do answer never miss it on a loaded machine.
    const err = await failure(pullAccount(api.url, { env, timeoutMs: 2000 }));
    expect(err.message).toBe(`GET ${api.url}/api/peers: no complete answer within 2 s (see --timeout)`);
  });

  it.each([
    ['corrupt gzip', (res: ServerResponse) => (res.writeHead(200, { 'Content-Encoding': 'gzip' }), res.end('not gzip at all, not at all')), 'compressed data is corrupt: Z_DATA_ERROR'],
    ['a connection closed mid-answer', (res: ServerResponse) => (res.writeHead(200, { 'Content-Length': '1000' }), res.write('[  '), setTimeout(() => res.socket?.destroy(), 50)), 'connection closed by the server'],
  ])('an answer that breaks off: %s', async (_, respond, reason) => {
    api = await startFakeApi();
    api.failAlways('/api/groups', { respond });
    const err = await failure(pullAccount(api.url, { env }));
    expect(err.message).toBe(`GET ${api.url}/api/groups: the answer could not be read (${reason})`);
  });

  it('reads the live account as an export named after the host, with notes after success', async () => {
    api = await startFakeApi({ networksApi: false, account: { ...fixtureAccount(), posture_checks: [{ id: 'pc1', name: 'min-version', checks: { nb_version_check: { min_version: '0.28.0' } } }] } });
    const notes: string[] = [];
    const raw = await readLiveExport(api.url, { env, onNote: (n) => notes.push(n) });
    expect(raw.mainFile).toBe(`${new URL(api.url).host} (live)`);
    expect(Object.keys(raw.sections)).toEqual(['routes', 'groups', 'peers', 'policies', 'networks', 'network_routers', 'network_resources', 'posture_checks']);
    expect(raw.sections.posture_checks?.value).toEqual([{ id: 'pc1', name: 'min-version', checks: { nb_version_check: { min_version: '0.28.0' } } }]);
    expect(notes).toHaveLength(1);
  });
});

describe('progress', () => {
  it('tells each answer read and its bytes so far, the share of the pull done rising by endpoint', async () => {
    // Answers of known sizes: routes of 3 chunks, the other lists small; a server without networks.
    const bodies: Record<string, unknown[]> = { '/api/routes': Array.from({ length: 3000 }, (_, i) => ({ id: `r-${i}` })), '/api/groups': [{ id: 'g' }], '/api/peers': [], '/api/policies': [] };
    const told: [number, string][] = [];
    const { run } = await pull((path) => (bodies[path] ? ok(bodies[path]) : status(404)), { onProgress: (fraction, label) => told.push([fraction, label]) });
    const pulled = await run;
    expect(pulled.bundle.routes).toHaveLength(3000);
    // Each endpoint that answered, in the pull's order, its last count its whole body.
    const last = new Map<string, [number, string]>();
    for (const [fraction, label] of told) last.set(label.split(':')[0]!, [fraction, label]);
    expect([...last.keys()]).toEqual(['GET /api/routes', 'GET /api/groups', 'GET /api/peers', 'GET /api/policies']);
    expect(last.get('GET /api/routes')![1]).toBe(`GET /api/routes: ${Math.round(JSON.stringify(bodies['/api/routes']).length / 1e3)} KB`);
    expect([...last.values()].map(([fraction]) => fraction)).toEqual([0, 1 / 8, 2 / 8, 3 / 8]);
    const fractions = told.map(([fraction]) => fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });
});

// A local stand-in for the NetBird management API: node:http on 127.0.0.1, a random port, the
// account of fixtures/networks served in the API's exact shapes (null fields included), the token
// checked on every request, and faults injected per path.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
/** A token no message, output or file may ever contain. */
export const SENTINEL_TOKEN = 'nbp_SENTINELxTOKENx9f3c2a1b7e6d5c4b3a29';

export const SECTION_FILES = ['routes', 'groups', 'peers', 'policies', 'networks', 'network_routers', 'network_resources'] as const;
export type Account = Record<(typeof SECTION_FILES)[number], Record<string, unknown>[]> & { posture_checks?: Record<string, unknown>[] };

export function fixtureAccount(): Account {
  const read = (name: string) => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'networks', `${name}.json`), 'utf8')) as Record<string, unknown>[];
  return Object.fromEntries(SECTION_FILES.map((name) => [name, read(name)])) as Account;
}

/** What the server does with one request instead of answering normally. */
export type Fault =
  | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | { readonly hang: true }
  | { readonly invalidJson: true }
  /** Answers however it likes, once the token has been checked (e.g. streams an endless body). */
  | { readonly respond: (res: ServerResponse) => void };

export interface FakeApiOptions {
  readonly token?: string;
  readonly account?: Account;
  /** Answer the flat /api/networks/routers and /api/networks/resources lists (newer servers). */
  readonly flatLists?: boolean;
  /** Answer /api/networks at all (older self-hosted servers answer 404). */
  readonly networksApi?: boolean;
  /** Answer /api/posture-checks at all. */
  readonly postureChecksApi?: boolean;
}

export interface FakeApi {
  readonly url: string;
  /** Paths requested, in order, with the Authorization header each carried. */
  readonly requests: { path: string; authorization: string | undefined }[];
  /** The next requests of `path` meet these faults, one each, before normal answers resume. */
  fail(path: string, ...faults: Fault[]): void;
  /** Every request of `path` meets this fault. */
  failAlways(path: string, fault: Fault): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/**
 * Writes `chunk` again and again, respecting back-pressure, until `times` are sent or the client
 * goes away; then ends the answer.
 */
export function pump(res: ServerResponse, chunk: Buffer | string, times = Number.POSITIVE_INFINITY, last = ''): void {
  let sent = 0;
  let closed = false;
  res.on('close', () => (closed = true));
  const more = (): void => {
    while (!closed && sent < times) {
      sent++;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (!closed) res.end(last);
  };
  more();
}

export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const token = options.token ?? SENTINEL_TOKEN;
  const account = options.account ?? fixtureAccount();
  const flatLists = options.flatLists ?? true;
  const networksApi = options.networksApi ?? true;
  const postureChecksApi = options.postureChecksApi ?? true;
  const queued = new Map<string, Fault[]>();
  const always = new Map<string, Fault>();
  const requests: FakeApi['requests'] = [];
  const hanging = new Set<ServerResponse>();

  const members = (networkId: string, kind: 'routers' | 'resources'): Record<string, unknown>[] | null => {
    const network = account.networks.find((n) => n.id === networkId);
    if (!network) return null;
    const ids = new Set(network[kind] as string[]);
    return (kind === 'routers' ? account.network_routers : account.network_resources).filter((o) => ids.has(o.id as string));
  };

  const answer = (path: string): { status: number; value: unknown } => {
    const section = /^\/api\/(routes|groups|peers|policies)$/.exec(path);
    if (section) return { status: 200, value: account[section[1] as 'routes'] };
    if (path === '/api/posture-checks') return postureChecksApi ? { status: 200, value: account.posture_checks ?? [] } : { status: 404, value: { message: 'page not found', code: 404 } };
    if (path.startsWith('/api/networks') && !networksApi) return { status: 404, value: { message: 'page not found', code: 404 } };
    if (path === '/api/networks') return { status: 200, value: account.networks };
    const flat = /^\/api\/networks\/(routers|resources)$/.exec(path);
    if (flat && flatLists) return { status: 200, value: flat[1] === 'routers' ? account.network_routers : account.network_resources };
    // Without the flat lists, the path reads as /api/networks/{networkId} with the id "routers".
    if (flat) return { status: 404, value: { message: `network ${flat[1]} not found`, code: 404 } };
    const perNetwork = /^\/api\/networks\/([^/]+)\/(routers|resources)$/.exec(path);
    if (perNetwork) {
      const list = members(decodeURIComponent(perNetwork[1]!), perNetwork[2] as 'routers');
      return list ? { status: 200, value: list } : { status: 404, value: { message: 'network not found', code: 404 } };
    }
    return { status: 404, value: { message: 'page not found', code: 404 } };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push({ path, authorization: req.headers.authorization });
    const fault = queued.get(path)?.shift() ?? always.get(path);
    if (fault && 'hang' in fault) {
      hanging.add(res);
      return;
    }
    if (req.method !== 'GET') return json(res, 405, { message: 'method not allowed', code: 405 });
    if (req.headers.authorization !== `Token ${token}`) return json(res, 401, { message: 'token invalid', code: 401 });
    if (fault && 'invalidJson' in fault) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end('[{"id": "d4n1t01b8c5s73ebt000", "network": ');
    }
    if (fault && 'respond' in fault) return fault.respond(res);
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      return void res.end(fault.body ?? JSON.stringify({ message: 'injected failure', code: fault.status }));
    }
    const { status, value } = answer(path);
    json(res, status, value);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(path, ...faults) {
      queued.set(path, [...(queued.get(path) ?? []), ...faults]);
    },
    failAlways(path, fault) {
      always.set(path, fault);
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

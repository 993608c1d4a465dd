// Pulls one account from the management API, read-only, into a single bundle:
// {routes, groups, peers, policies, networks, network_routers, network_resources, posture_checks}, each the
// API's own array as received. Everything is fetched before anything is returned, so a failed pull
// yields an error and no partial bundle.
import { constants } from 'node:buffer';
import { InputError } from '../errors.js';
import { exportFromText } from '../load/export.js';
import type { RawExport } from '../load/raw.js';
import { ApiClient, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, sleep as realSleep, type RetryPolicy } from './http.js';
import { parseApiUrl, type ApiTarget } from './target.js';
import { redact, resolveToken } from './token.js';

export interface PullOptions {
  /** Read the token from this file instead of NETBIRD_API_TOKEN. */
  readonly tokenFile?: string;
  /** Where NETBIRD_API_TOKEN is looked up; the process environment by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Per-request timeout, covering the whole answer. */
  readonly timeoutMs?: number;
  /** The most bytes one answer may have, counted after decompression. */
  readonly maxResponseBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Injected in tests: the fetch implementation and the wait between retries. */
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Sent as User-Agent, e.g. `routelint/0.1.0`. */
  readonly userAgent?: string;
  /** The clock, for the bundle's `pulled_at`; by default SOURCE_DATE_EPOCH (seconds, for reproducible snapshots) or now. */
  readonly now?: () => Date;
  /**
   * Told which answer is being read and how much of it has come (a progress bar): `fraction` is
   * the share of the pull's requests done (0 to 1, by its list endpoints), `label` the endpoint
   * and the bytes read, e.g. `GET /api/routes: 12.3 MB`.
   */
  readonly onProgress?: (fraction: number, label: string) => void;
}

/** The list endpoints a pull reads, in order (a server without networks skips their routers and resources). */
const PULLED_LISTS = ['routes', 'groups', 'peers', 'policies', 'networks', 'networks/routers', 'networks/resources', 'posture-checks'];

/** `12.3 MB`, `512 KB`: bytes read of an answer, for a progress label. */
function bytesText(bytes: number): string {
  return bytes < 1e6 ? `${Math.round(bytes / 1e3)} KB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

export interface Bundle {
  routes: unknown[];
  groups: unknown[];
  peers: unknown[];
  policies: unknown[];
  networks: unknown[];
  network_routers: unknown[];
  network_resources: unknown[];
  /** Absent when the server has no posture checks API: then the export cannot say whether a peer passes them. */
  posture_checks?: unknown[];
  /** When the pull finished (ISO 8601, UTC): the report's "as of" date. Last, so it moves no line above it. */
  pulled_at?: string;
}

export interface PulledAccount {
  readonly target: ApiTarget;
  readonly bundle: Bundle;
  /** Things the user should know about the pull (e.g. a server without the Networks API). */
  readonly notes: readonly string[];
  /** The bundle as `routelint pull` writes it (`serializeBundle`). */
  readonly text: string;
}

/**
 * Statuses with which an older server answers the flat `/api/networks/routers` and
 * `/api/networks/resources` lists: it takes `routers` for a network id and finds no such network.
 */
const FLAT_LIST_ABSENT = [400, 404, 405, 422];

/** The bundle as `routelint pull` writes it: pretty JSON, keys in the bundle's (and the server's) order. */
export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/**
 * The routers (or resources) of every network. The flat list (`/api/networks/routers`) costs one
 * request; servers without it get one request per network (`/api/networks/{id}/routers`), the lists
 * concatenated in network order. Either way the network's own `routers`/`resources` id lists say
 * which network each object belongs to.
 */
async function networkMembers(client: ApiClient, networks: readonly unknown[], kind: 'routers' | 'resources'): Promise<unknown[]> {
  if (networks.length === 0) return [];
  const flat = await client.getList(`networks/${kind}`, FLAT_LIST_ABSENT);
  if (flat) return flat;
  const out: unknown[] = [];
  for (const [index, network] of networks.entries()) {
    const id = network !== null && typeof network === 'object' ? (network as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id === '') throw new InputError(`GET /api/networks: networks[${index}] has no id, so its ${kind} cannot be read`);
    out.push(...((await client.getList(`networks/${encodeURIComponent(id)}/${kind}`)) ?? []));
  }
  return out;
}

/** When the pull happened: the injected clock, else SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else now. */
function pullTime(options: PullOptions): Date {
  if (options.now) return options.now();
  const epoch = (options.env ?? process.env).SOURCE_DATE_EPOCH;
  return epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/** Fetches the whole account. Errors are InputErrors on one line, with the token removed from them. */
export async function pullAccount(url: string, options: PullOptions = {}): Promise<PulledAccount> {
  let secret: string | null = null;
  try {
    const token = resolveToken(options.tokenFile, options.env ?? process.env);
    secret = token.value;
    const target = parseApiUrl(url);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const progress = options.onProgress;
    // A network's own routers or resources count as the flat list's step.
    const stepOf = (path: string): number => {
      const step = PULLED_LISTS.indexOf(path.startsWith('networks/') && path.split('/').length > 2 ? `networks/${path.split('/')[2]}` : path);
      return step < 0 ? 0 : step;
    };
    const client = new ApiClient(target, token, {
      timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? realSleep,
      userAgent: options.userAgent ?? 'routelint',
      ...(progress ? { onBytes: (path: string, bytes: number) => progress(stepOf(path) / PULLED_LISTS.length, `GET /api/${path}: ${bytesText(bytes)}`) } : {}),
    });
    // One request at a time: gentle on the API's rate limit, and the first failure stops the pull.
    const routes = (await client.getList('routes'))!;
    const groups = (await client.getList('groups'))!;
    const peers = (await client.getList('peers'))!;
    const policies = (await client.getList('policies'))!;
    const notes: string[] = [];
    const networks = await client.getList('networks', [404]);
    if (networks === null) notes.push(`${target.base} has no Networks API (404 on /api/networks); the bundle's networks, network_routers and network_resources are empty`);
    const network_routers = await networkMembers(client, networks ?? [], 'routers');
    const network_resources = await networkMembers(client, networks ?? [], 'resources');
    const postureChecks = await client.getList('posture-checks', [404]);
    if (postureChecks === null) notes.push(`${target.base} has no posture checks API (404 on /api/posture-checks); the bundle has no posture_checks, so policies' posture checks are assumed`);
    const bundle: Bundle = { routes, groups, peers, policies, networks: networks ?? [], network_routers, network_resources, ...(postureChecks ? { posture_checks: postureChecks } : {}), pulled_at: pullTime(options).toISOString() };
    let text: string;
    try {
      text = serializeBundle(bundle);
    } catch (err) {
      // Every answer fits the cap, and together they are more text than Node can hold in one string.
      if (err instanceof RangeError && /string length/i.test(err.message)) throw new InputError(`${target.base}: the account is too large to hold as one snapshot (more than ${constants.MAX_STRING_LENGTH} characters, the longest text Node can hold)`);
      throw err;
    }
    return { target, bundle, notes, text };
  } catch (err) {
    const message = redact(err instanceof Error ? err.message : String(err), secret);
    if (err instanceof InputError) throw new InputError(message);
    throw new Error(message);
  }
}

export interface LiveOptions extends PullOptions {
  /** Called with each note once the pull has succeeded. */
  readonly onNote?: (note: string) => void;
}

/**
 * Reads the live account as an export, for `lint --url` (and `simulate`/`report --url`): the bundle
 * is serialized exactly as `routelint pull` writes it and parsed through the normal loader, so
 * findings carry line and column into the snapshot `pull` would have written, under the name
 * `<host> (live)`.
 */
export async function readLiveExport(url: string, options: LiveOptions = {}): Promise<RawExport> {
  const pulled = await pullAccount(url, options);
  for (const note of pulled.notes) options.onNote?.(note);
  return exportFromText(pulled.target.liveName, pulled.text);
}

// Read-only GETs against the management API with Node's own fetch: a per-request timeout, bounded
// retries with exponential backoff for 429 and 5xx (honouring Retry-After), and one-line errors that
// say what went wrong and what to do. Redirects are not followed, so the token goes nowhere but --url.
import { InputError } from '../errors.js';
import { typeName } from '../load/raw.js';
import type { ApiTarget } from './target.js';
import type { ApiToken } from './token.js';

export interface RetryPolicy {
  /** Retries after the first attempt, for 429 and 5xx answers only. */
  readonly maxRetries: number;
  /** First backoff delay; it doubles with every retry. */
  readonly baseDelayMs: number;
  /** Longest wait: backoff stops growing here, and a longer Retry-After ends the pull. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 });
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly fetch: typeof globalThis.fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly userAgent: string;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: string;
}

const MAX_SERVER_MESSAGE = 200;

/** The server's own explanation: NetBird answers errors with `{"message": …, "code": …}`. */
function serverMessage(body: string): string {
  let message: string;
  try {
    const parsed: unknown = JSON.parse(body);
    message = parsed !== null && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string' ? (parsed as { message: string }).message : '';
  } catch {
    // An HTML error page from a proxy says nothing useful on one line.
    message = /^\s*</.test(body) ? '' : body;
  }
  message = message.replace(/\s+/g, ' ').trim();
  if (message.length > MAX_SERVER_MESSAGE) message = `${message.slice(0, MAX_SERVER_MESSAGE)}...`;
  return message === '' ? '' : ` (server says: ${message})`;
}

/** Retry-After as a delay in ms (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** Why fetch could not get an answer, from the error code undici puts in `cause`. */
function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  const nested = cause instanceof AggregateError ? cause.errors[0] : cause;
  const code = (nested as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS certificate not trusted (${code}); for a private CA set NODE_EXTRA_CA_CERTS`;
    return code;
  }
  const message = (nested as { message?: unknown })?.message;
  return typeof message === 'string' && message !== '' ? message : 'no answer';
}

/** A GET client for one API target and token. */
export class ApiClient {
  constructor(
    private readonly target: ApiTarget,
    private readonly token: ApiToken,
    private readonly options: HttpOptions,
  ) {}

  /**
   * GETs an API list endpoint and returns its array. A status in `absentOn` returns null (the
   * endpoint does not exist on this server); every other failure throws an InputError.
   */
  async getList(path: string, absentOn: readonly number[] = []): Promise<unknown[] | null> {
    const url = this.target.endpoint(path);
    const what = `GET ${url}`;
    const { retry } = this.options;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once(url, what);
      const { status } = answer;
      if (status >= 200 && status < 300) return this.parseList(answer, what);
      if (absentOn.includes(status)) return null;
      const retryable = status === 429 || status >= 500;
      if (retryable && attempt < retry.maxRetries) {
        const asked = retryAfterMs(answer.headers.get('retry-after'));
        if (asked !== null && asked > retry.maxDelayMs) {
          throw new InputError(`${what}: ${status === 429 ? 'rate limited (429)' : `server error ${status}`}; the server asks to wait ${Math.ceil(asked / 1000)} s, longer than routelint waits (${Math.ceil(retry.maxDelayMs / 1000)} s); try again later`);
        }
        await this.options.sleep(asked ?? Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt));
        continue;
      }
      throw this.statusError(answer, what, path, attempt + 1);
    }
  }

  private async once(url: string, what: string): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await this.options.fetch(url, {
        method: 'GET',
        headers: { Authorization: `Token ${this.token.value}`, Accept: 'application/json', 'User-Agent': this.options.userAgent },
        redirect: 'manual',
        signal: controller.signal,
      });
      // The timeout covers the body too: a server that stalls mid-answer is as stuck as a silent one.
      const body = await response.text();
      return { status: response.status, statusText: response.statusText, headers: response.headers, body };
    } catch (err) {
      if (controller.signal.aborted) throw new InputError(`${what}: no complete answer within ${this.options.timeoutMs / 1000} s (see --timeout)`);
      throw new InputError(`${what}: cannot connect (${describeNetworkError(err)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  private parseList(answer: Answer, what: string): unknown[] {
    let value: unknown;
    try {
      value = JSON.parse(answer.body);
    } catch {
      const type = answer.headers.get('content-type') ?? 'no content type';
      throw new InputError(`${what}: the answer is not JSON (${type.split(';')[0]!.trim()}); is ${this.target.base} the NetBird management API?`);
    }
    // Go encodes an empty list it never allocated as null: that is an empty list, not a broken server.
    if (value === null) return [];
    if (!Array.isArray(value)) throw new InputError(`${what}: expected a JSON array, got ${typeName(value)}`);
    return value;
  }

  private statusError(answer: Answer, what: string, path: string, attempts: number): InputError {
    const { status } = answer;
    const said = serverMessage(answer.body);
    const code = `${status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
    if (status === 401) return new InputError(`${what}: the API token was rejected (${code})${said}; check ${this.token.source}`);
    if (status === 403) return new InputError(`${what}: the API token may not read /api/${path} (${code})${said}; use a token of an admin or of a service user with read access`);
    if (status === 404) return new InputError(`${what}: not found (404); is ${this.target.base} the NetBird management API? routelint reads /api/${path} under it`);
    if (status >= 300 && status < 400) {
      const location = answer.headers.get('location');
      const to = location ? safeLocation(location, this.target.endpoint(path)) : null;
      return new InputError(`${what}: the server redirects (${status})${to ? ` to ${to}` : ''}; routelint does not follow redirects with the token: pass the final address as --url`);
    }
    if (status === 429) return new InputError(`${what}: rate limited (429) on ${attempts} attempts; try again later`);
    if (status >= 500) return new InputError(`${what}: server error ${code} on ${attempts} attempts${said}`);
    return new InputError(`${what}: unexpected answer ${code}${said}`);
  }
}

/** A redirect target reduced to scheme, host and path: a query could hold anything. */
function safeLocation(location: string, base: string): string | null {
  try {
    const url = new URL(location, base);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return null;
  }
}

// Read-only GETs against the management API with Node's own fetch: a per-request timeout, bounded
// retries with exponential backoff for 429 and 5xx (honouring Retry-After), and one-line errors that
// say what went wrong and what to do. Redirects are not followed, so the token goes nowhere but --url.
// Every answer is read as a stream and counted after decompression, so neither a huge body nor a
// compression bomb can take more memory than the cap; an answer is refused when it nests too deep
// to serialize or holds the token.
import { constants } from 'node:buffer';
import { InputError } from '../errors.js';
import { inspectValue, MAX_NESTING, pathText } from '../load/nesting.js';
import { typeName } from '../load/raw.js';
import type { ApiTarget } from './target.js';
import { holdsToken, redact, tokenForms, tokenPattern, type ApiToken } from './token.js';

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
/** Node's timers take at most 2^31-1 ms (about 24.8 days); a longer delay fires at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/**
 * The most bytes one answer may have once decoded. The largest answer of a 100,000-route account
 * (its peers, about 50,000 of them) is 59 MiB; the whole account, 96 MiB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
/** The most an answer can be: the longest string Node can hold (just under 512 MiB). */
export const MAX_RESPONSE_BYTES = constants.MAX_STRING_LENGTH;
/** --timeout (seconds) in ms: above 0, and no longer than Node's longest timer (a longer one fires at once). */
export function checkedTimeoutMs(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds * 1000 > MAX_TIMEOUT_MS) {
    throw new InputError(`--timeout ${String(seconds)}: expected a number of seconds above 0 and at most ${MAX_TIMEOUT_MS / 1000} (Node's longest timer)`);
  }
  return seconds * 1000;
}

/** --max-response-bytes, or the default when it is not given. */
export function checkedMaxResponseBytes(bytes: number | undefined): number {
  if (bytes === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_RESPONSE_BYTES) {
    throw new InputError(`--max-response-bytes ${String(bytes)}: expected an integer from 1 to ${MAX_RESPONSE_BYTES} (the longest text Node can hold)`);
  }
  return bytes;
}

/** Of an error answer, only this much is read: enough for the server's message. */
const ERROR_BODY_BYTES = 64 * 1024;

export interface HttpOptions {
  readonly timeoutMs: number;
  /** The most bytes an answer may have, counted after decompression. */
  readonly maxResponseBytes: number;
  readonly retry: RetryPolicy;
  readonly fetch: typeof globalThis.fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly userAgent: string;
  /** Told the bytes of a successful answer read so far, as they come (a progress bar). */
  readonly onBytes?: (path: string, bytes: number) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: string;
}

const MAX_SERVER_MESSAGE = 200;

/**
 * The server's own explanation: NetBird answers errors with `{"message": …, "code": …}`. The
 * token is removed from the whole text before it is cut, so no part of it can survive the cut.
 */
function serverMessage(body: string, token: string): string {
  let message: string;
  try {
    const parsed: unknown = JSON.parse(body);
    message = parsed !== null && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string' ? (parsed as { message: string }).message : '';
  } catch {
    // An HTML error page from a proxy says nothing useful on one line.
    message = /^\s*</.test(body) ? '' : body;
  }
  message = redact(message, token);
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
  UND_ERR_HEADERS_OVERFLOW: 'the headers of the answer are too large',
};

/** Why fetch could not get an answer, from the error code undici puts in `cause`. */
function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  const nested = cause instanceof AggregateError ? cause.errors[0] : cause;
  const code = (nested as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
    // zlib's and brotli's codes: the body says it is compressed and is not.
    if (/^Z_|^ERR__ERROR_FORMAT|BROTLI/.test(code)) return `compressed data is corrupt: ${code}`;
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS certificate not trusted (${code}); for a private CA set NODE_EXTRA_CA_CERTS`;
    return code;
  }
  const message = (nested as { message?: unknown })?.message;
  return typeof message === 'string' && message !== '' ? message : 'no answer';
}

/** Reads a body through a cap on its decoded bytes; past it, `over` is thrown and the stream cancelled. `read`: told the bytes read so far. */
async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number, over: (() => Error) | null, read?: (bytes: number) => void): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > cap) {
        if (over) throw over();
        chunks.push(value.subarray(0, cap - total));
        total = cap;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
      read?.(total);
    }
  } finally {
    // Stops the download (and the decompression) of whatever is left.
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks, total);
}

/** A GET client for one API target and token. */
export class ApiClient {
  private readonly tokenForms: RegExp;
  /** Strings shorter than any form of the token cannot hold it. */
  private readonly shortestForm: number;

  constructor(
    private readonly target: ApiTarget,
    private readonly token: ApiToken,
    private readonly options: HttpOptions,
  ) {
    this.tokenForms = tokenPattern(token.value);
    this.shortestForm = Math.min(...tokenForms(token.value).map((form) => form.length));
  }

  /**
   * GETs an API list endpoint and returns its array. A status in `absentOn` returns null (the
   * endpoint does not exist on this server); every other failure throws an InputError.
   */
  async getList(path: string, absentOn: readonly number[] = []): Promise<unknown[] | null> {
    const url = this.target.endpoint(path);
    const what = `GET ${url}`;
    const { retry } = this.options;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once(url, what, path);
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

  private async once(url: string, what: string, path: string): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let answered = false;
    try {
      const response = await this.options.fetch(url, {
        method: 'GET',
        headers: { Authorization: `Token ${this.token.value}`, Accept: 'application/json', 'User-Agent': this.options.userAgent },
        redirect: 'manual',
        signal: controller.signal,
      });
      answered = true;
      // The timeout covers the body too: a server that stalls mid-answer is as stuck as a silent one.
      const success = response.status >= 200 && response.status < 300;
      const cap = this.options.maxResponseBytes;
      const tooBig = () => new InputError(`${what}: the answer exceeds ${cap} bytes (see --max-response-bytes)`);
      // An uncompressed answer says its size up front: no need to read what will be refused.
      const declared = Number(response.headers.get('content-length'));
      if (success && !response.headers.get('content-encoding') && declared > cap) {
        response.body?.cancel().catch(() => undefined);
        throw tooBig();
      }
      const onBytes = this.options.onBytes;
      const bytes = await readCapped(response.body, success ? cap : ERROR_BODY_BYTES, success ? tooBig : null, success && onBytes ? (n) => onBytes(path, n) : undefined);
      const body = new TextDecoder('utf-8').decode(bytes);
      return { status: response.status, statusText: response.statusText, headers: response.headers, body };
    } catch (err) {
      if (err instanceof InputError) {
        controller.abort();
        throw err;
      }
      if (controller.signal.aborted) throw new InputError(`${what}: no complete answer within ${this.options.timeoutMs / 1000} s (see --timeout)`);
      if (answered) throw new InputError(`${what}: the answer could not be read (${describeNetworkError(err)})`);
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
    // Nesting past the limit could not be saved as a snapshot (JSON.stringify recurses); a server
    // that puts the token into its data would have it saved and shown.
    const problem = inspectValue(value, MAX_NESTING, (text) => text.length >= this.shortestForm && holdsToken(text, this.tokenForms));
    if (problem?.kind === 'too-deep') throw new InputError(`${what}: the answer nests deeper than ${MAX_NESTING} levels (at ${pathText(problem.path, 4)}); NetBird objects nest a few levels deep`);
    if (problem) throw new InputError(`${what}: the answer holds the API token (in element ${String(problem.path[0])}); nothing is saved or reported from a server that echoes the token in its data`);
    return value;
  }

  private statusError(answer: Answer, what: string, path: string, attempts: number): InputError {
    const { status } = answer;
    const said = serverMessage(answer.body, this.token.value);
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

// The management API address given with --url: checked once, then turned into endpoint URLs and into
// names for messages that never carry anything secret.
import { classifyAddr, parseAddr } from '../net/prefix.js';
import { InputError } from '../errors.js';

export interface ApiTarget {
  /** `https://api.netbird.io` or `https://example.com/netbird`: scheme, host and path prefix, nothing else. */
  readonly base: string;
  /** `api.netbird.io (live)`: the file name findings about a live account carry. */
  readonly liveName: string;
  /** The URL of an API path, e.g. `routes` → `https://api.netbird.io/api/routes`. */
  endpoint(path: string): string;
}

/** Is the URL's host this machine: `localhost`, 127.0.0.0/8 or ::1 (also IPv4-mapped)? */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const addr = parseAddr(bare);
  return addr.ok && classifyAddr(addr.value) === 'loopback';
}

/**
 * Parses --url. Only https is accepted, and plain http to this machine (a test server, an SSH
 * tunnel): anywhere else the token would travel unencrypted. Credentials, queries and fragments are
 * refused without being repeated, since that is where a token pasted by mistake would sit. A trailing
 * `/api` is dropped: routelint adds it to every path.
 */
export function parseApiUrl(text: string): ApiTarget {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InputError('--url is not a URL (expected e.g. https://api.netbird.io)');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError('--url must not contain a user name or password: the token comes from NETBIRD_API_TOKEN or --token-file');
  }
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    throw new InputError('--url must not contain a query (?...) or a fragment (#...)');
  }
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  const shown = `${url.protocol}//${url.host}${basePath}`;
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new InputError(`--url ${shown}: plain http is refused except to this machine (localhost, 127.0.0.0/8, ::1), as the token would travel unencrypted; use https://`);
    }
  } else if (url.protocol !== 'https:') {
    throw new InputError(`--url ${shown}: expected an https:// address`);
  }
  return Object.freeze({
    base: shown,
    liveName: `${url.host}${basePath} (live)`,
    endpoint: (path: string) => `${shown}/api/${path}`,
  });
}

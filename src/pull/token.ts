// The API token: from --token-file when given, else from NETBIRD_API_TOKEN. It is only ever put in
// the Authorization header; messages name where it came from, never what it is.
import { InputError } from '../errors.js';
import { readTextFile } from '../load/read.js';

export const TOKEN_ENV = 'NETBIRD_API_TOKEN';

export interface ApiToken {
  readonly value: string;
  /** Where it came from, for messages: `NETBIRD_API_TOKEN` or `--token-file FILE`. */
  readonly source: string;
}

/** Header values must be visible ASCII; anything else would make fetch fail with the value in its message. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/** Finds the token; --token-file wins over the environment. The file's content is trimmed. */
export function resolveToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv): ApiToken {
  let token: ApiToken;
  if (tokenFile !== undefined && tokenFile !== '') {
    token = { value: readTextFile(tokenFile).trim(), source: `--token-file ${tokenFile}` };
    if (token.value === '') throw new InputError(`--token-file ${tokenFile}: the file is empty`);
  } else {
    const value = (env[TOKEN_ENV] ?? '').trim();
    if (value === '') throw new InputError(`no API token: set ${TOKEN_ENV} or pass --token-file FILE`);
    token = { value, source: TOKEN_ENV };
  }
  if (!TOKEN_CHARS.test(token.value)) throw new InputError(`the API token from ${token.source} contains spaces or characters other than visible ASCII`);
  return token;
}

/**
 * Every form of the token a server could echo back: the token itself (matched in any letter case),
 * URL-encoded, JSON-escaped, and base64 (standard and URL-safe) of any text holding it — the
 * header `Token <t>`, `Bearer <t>`, `user:<t>` — as the part of the encoding that depends on the
 * token's bytes alone, at each of the three alignments base64 can put it in.
 */
export function tokenForms(token: string): string[] {
  const forms = new Set<string>([token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)]);
  const bytes = Buffer.from(token, 'utf8');
  for (let align = 0; align < 3; align++) {
    const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64');
    // Character k of the encoding holds bits 6k..6k+5: those wholly inside the token's bits are
    // the same whatever comes before or after it.
    const core = encoded.slice(Math.ceil((8 * align) / 6), Math.floor((8 * (align + bytes.length)) / 6));
    if (core.length < 8) continue;
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** One case-insensitive pattern for every form of the token (global: for `replace`). */
export function tokenPattern(token: string): RegExp {
  return new RegExp(tokenForms(token).map((form) => form.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'gi');
}

/** Does the text hold the token in any form `tokenPattern` knows? */
export function holdsToken(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/**
 * Removes every trace of the token (any form `tokenPattern` knows) from a text meant for the user,
 * and keeps it on one line. Run it on the whole text before any cut, so no part of a token is left.
 */
export function redact(text: string, token: string | null): string {
  const out = token ? text.replace(tokenPattern(token), '[token]') : text;
  return out.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

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

/** Removes every trace of the token from a text meant for the user, and keeps it on one line. */
export function redact(text: string, token: string | null): string {
  let out = text;
  if (token) {
    for (const form of new Set([token, encodeURIComponent(token)])) out = out.split(form).join('[token]');
  }
  return out.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

// The command-line options of every command that reads the live account (--token-file, --timeout,
// --retries, --max-response-bytes), checked once and turned into pull options.
import { InputError } from '../errors.js';
import { terminalText } from '../escape.js';
import { checkedMaxResponseBytes, checkedTimeoutMs } from './http.js';
import { VERSION } from '../version.js';
import type { LiveOptions } from './pull.js';

export interface LiveArgs {
  readonly tokenFile?: string;
  /** Seconds per request. */
  readonly timeout: number;
  readonly retries: number;
  /** Bytes one answer may have once decoded; the default when absent. */
  readonly maxResponseBytes?: number;
}

/** Checks the live options; notes go to stderr as `routelint: note: …` lines. */
export function liveOptionsOf(args: LiveArgs): LiveOptions {
  const timeoutMs = checkedTimeoutMs(args.timeout);
  if (!Number.isInteger(args.retries) || args.retries < 0) throw new InputError(`--retries ${String(args.retries)}: expected an integer of 0 or more`);
  return {
    tokenFile: args.tokenFile,
    timeoutMs,
    maxResponseBytes: checkedMaxResponseBytes(args.maxResponseBytes),
    retry: { maxRetries: args.retries },
    userAgent: `routelint/${VERSION}`,
    // Notes may quote the server: shown as for a terminal (escape.ts), no control character.
    onNote: (note) => process.stderr.write(`routelint: note: ${terminalText(note)}\n`),
  };
}

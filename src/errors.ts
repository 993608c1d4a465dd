// What every layer may throw or exit with: kept at the bottom so nothing imports upward to reach it.

/** Exit codes: 0 clean, 1 findings (or a failed check), 2 could not run. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/**
 * A reader that closes standard output early (`| head`) ends the run with 141, the status of a
 * process killed by SIGPIPE, so that `set -o pipefail` still tells a cut-off run from a finished one.
 */
export const EXIT_BROKEN_PIPE = 141;

/** Could not run at all: a missing path, an unreadable file. The CLI turns it into exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

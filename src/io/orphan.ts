// `diff` runs in a second Node process (bin/routelint.js starts it with a larger young generation),
// which passes SIGINT, SIGTERM and SIGHUP on. A SIGKILL to the first process cannot be passed on: the
// second would run to its end and write its output for nobody, long after the run was stopped.
// Node has no signal for a parent's death, and the comparison runs in one synchronous loop (no timer
// fires in it), so the loop asks between steps whether its parent is still the one that started it.

/** The variable bin/routelint.js names itself in, for the process it starts. */
const PARENT_PID_VARIABLE = 'ROUTELINT_PARENT_PID';

/**
 * The pid of the process that started this one, when it is bin/routelint.js: that process starts it
 * with `--max-semi-space-size` on its command line (a size the user sets goes in NODE_OPTIONS, which
 * `execArgv` does not show), so a value left in the environment by something else is not taken.
 * The parent may be gone already, killed before this process got here.
 */
const startedBy = ((): number | null => {
  const pid = Number(process.env[PARENT_PID_VARIABLE] ?? '');
  return Number.isInteger(pid) && pid > 0 && process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) ? pid : null;
})();

/** The exit status of a process stopped because the process that started it was killed (128 + SIGKILL, as a shell reports the parent). */
const EXIT_ORPHANED = 137;

/** Ends this process at once, writing nothing, when bin/routelint.js started it and has since died. */
export function exitIfOrphaned(): void {
  if (startedBy !== null && process.ppid !== startedBy) process.exit(EXIT_ORPHANED);
}

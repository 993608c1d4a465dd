// The progress bar of a command that reads exports or the live account (report, simulate, diff):
// shown at once where the run will surely take a while, else only once it has lasted a second.
import { delayedProgressBar, type Progress } from '../io/progress.js';
import { exportSize } from '../load/read.js';

/** Bytes of one export that take seconds to read and answer. */
const BIG_EXPORT_BYTES = 2e6;

/** A bar on stderr for a run over `exports` (or the live account, `live`): at once for a pull or exports of over 2 MB each on average. */
export function commandProgress(exports: readonly (string | undefined)[], live: boolean): Progress {
  let bytes = 0;
  for (const path of exports) if (path !== undefined) bytes += exportSize(path);
  return delayedProgressBar(process.stderr, live || bytes > BIG_EXPORT_BYTES * exports.length ? 0 : 1000);
}

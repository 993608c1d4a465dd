import { delayedProgressBar } from '../io/progress.js';
import { checkOutputs, writeOutputUnder } from '../io/write.js';
import { liveOptionsOf, type LiveArgs } from '../pull/options.js';
import { pullAccount } from '../pull/pull.js';

export interface PullArgs extends LiveArgs {
  readonly url: string;
  readonly output?: string;
}

/** Runs `routelint pull`; returns the exit code. Failures are InputErrors (exit 2) and write nothing. */
export async function runPull(args: PullArgs): Promise<number> {
  const options = liveOptionsOf(args);
  checkOutputs([{ path: args.output, flag: '-o' }], [{ path: args.tokenFile, what: 'the token file' }]);
  // A big account takes a while to download: a bar on a terminal once the pull has lasted a second.
  const progress = delayedProgressBar(process.stderr, 1000);
  const pulled = await pullAccount(args.url, { ...options, onProgress: (fraction, label) => progress.update(0.95 * fraction, label) });
  await writeOutputUnder(progress, args.output, pulled.text);
  for (const note of pulled.notes) options.onNote?.(note);
  return 0;
}

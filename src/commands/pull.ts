import { checkOutputs, writeOutput } from '../io/write.js';
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
  const pulled = await pullAccount(args.url, options);
  await writeOutput(args.output, pulled.text);
  for (const note of pulled.notes) options.onNote?.(note);
  return 0;
}

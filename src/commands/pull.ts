import { writeFileAtomic } from '../io/write.js';
import { liveOptionsOf, type LiveArgs } from '../pull/options.js';
import { pullAccount, serializeBundle } from '../pull/pull.js';

export interface PullArgs extends LiveArgs {
  readonly url: string;
  readonly output?: string;
}

/** Runs `routelint pull`; returns the exit code. Failures are InputErrors (exit 2) and write nothing. */
export async function runPull(args: PullArgs): Promise<number> {
  const options = liveOptionsOf(args);
  const pulled = await pullAccount(args.url, options);
  const text = serializeBundle(pulled.bundle);
  if (args.output) writeFileAtomic(args.output, text);
  else process.stdout.write(text);
  for (const note of pulled.notes) options.onNote?.(note);
  return 0;
}

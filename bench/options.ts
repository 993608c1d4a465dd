// The bench's command line: which sizes and shapes to measure, how many runs, whether to write.

export interface Options {
  sizes: number[];
  runs: number;
  write: boolean;
  /** Also measure the flat shape at the largest size. */
  flat: boolean;
  /** Measure report, diff and --from-group at the largest size. */
  commands: boolean;
  /** Measure lint and --from-group on the covering shapes (bench/shapes.ts) at the largest size. */
  covering: boolean;
  /** Measure lint on the many-policies shape (bench/shapes.ts) at the largest size. */
  policies: boolean;
  /** Measure lint, report and --from-group on the many-groups shape (bench/shapes.ts) at the largest size. */
  manyGroups: boolean;
  /** Measure lint, report and --from-group on the mixed-families shape (bench/shapes.ts) at the largest size. */
  mixed: boolean;
  /** Measure lint, report and --from-group on the shared-prefixes shape (bench/shapes.ts) at the largest size. */
  sharedPrefixes: boolean;
  /** Measure lint, report and --from-group on the big-peer-groups shape (bench/shapes.ts) at the largest size. */
  bigGroups: boolean;
}

/** What `npm run bench -- --help` prints. */
export const USAGE = `npm run bench [-- OPTIONS]
  --sizes N,N       route counts of the tidy shape (default 1000,10000,100000); other shapes at the largest
  --runs N          timed runs of each command (default 5)
  --no-write        leave bench/results.json and docs/performance.md alone
  --no-flat, --no-commands, --no-covering, --no-policies, --no-many-groups, --no-mixed,
  --no-shared-prefixes, --no-big-groups
                    skip the flat shape; report, diff and --from-group; the covering shapes; the
                    many-policies, many-groups, mixed-families, shared-prefixes or big-peer-groups shape`;

/** A bench command line that cannot be run: main prints the message and the usage, and exits 2. */
export class OptionError extends Error {}

/** The options of `argv`, or null for --help. */
export function parseOptions(argv: string[]): Options | null {
  const options: Options = { sizes: [1000, 10000, 100000], runs: 5, write: true, flat: true, commands: true, covering: true, policies: true, manyGroups: true, mixed: true, sharedPrefixes: true, bigGroups: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--sizes') options.sizes = (argv[++i] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    else if (arg === '--runs') options.runs = Math.max(1, Number(argv[++i]) || 1);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--no-flat') options.flat = false;
    else if (arg === '--no-commands') options.commands = false;
    else if (arg === '--no-covering') options.covering = false;
    else if (arg === '--no-policies') options.policies = false;
    else if (arg === '--no-many-groups') options.manyGroups = false;
    else if (arg === '--no-mixed') options.mixed = false;
    else if (arg === '--no-shared-prefixes') options.sharedPrefixes = false;
    else if (arg === '--no-big-groups') options.bigGroups = false;
    else throw new OptionError(`unknown option ${arg}`);
  }
  if (options.sizes.length === 0) throw new OptionError('--sizes: give route counts, e.g. --sizes 1000,10000');
  return options;
}

// `npm run bench`: routelint against the cost of reading its input, on synthetic accounts of
// 1,000, 10,000 and 100,000 routes (bench/generate.ts), and on an account of the largest size in a
// second, flat shape (generateFlatAccount), in one run on one machine:
//   - lint: wall time and peak memory of the built CLI as a child process, against JSON.parse of
//     the same file in a fresh child process (the floor), and the naive pairwise overlap check
//     (every pair of network routes through cidr-tools' overlapCidr; at 100,000 routes timed on
//     a slice and extrapolated);
//   - simulate --batch: the cost per query against a naive scan of every route for every query:
//     the slope between a batch of N questions and one of 2N (start, read, model, indexes and the
//     JIT warming up cancel out), and, for comparison, the all-in average over N;
//   - startup: `routelint lint fixtures/demo` against `node -e 0`.
// Absolute times vary between machines and between runs on a busy one, so the targets are ratios
// of figures taken side by side: lint / parse and the batch slope are computed round by round
// (the commands of one round run one after the other) and the median over the rounds is kept.
// Prints a Markdown table, writes the same figures to bench/results.json and quotes the table in
// docs/performance.md.
//
// Options: --sizes 1000,10000 (default 1000,10000,100000), --runs N (timed runs of each command
// per size, default 5), --no-flat (skip the flat shape, measured at the largest size),
// --no-commands (skip report, diff and --from-group), --no-covering (skip the covering shapes of
// bench/shapes.ts, measured at the largest size), --no-policies (skip the many-policies shape of
// bench/shapes.ts, measured at the largest size), --no-many-groups (skip the many-groups shape of
// bench/shapes.ts, measured at the largest size), --no-mixed (skip the mixed-families shape of
// bench/shapes.ts, measured at the largest size), --no-shared-prefixes (skip the shared-prefixes
// shape of bench/shapes.ts, measured at the largest size), --no-big-groups (skip the
// big-peer-groups shape of bench/shapes.ts, measured at the largest size), --no-write (do not touch bench/results.json or
// docs/performance.md).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, arch, cpus, platform, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RSS_REPORTER, ROOT } from './child.js';
import { markdownOf, quoteInPerformanceNotes } from './markdown.js';
import { COVERING_SHAPES, measureBigGroups, measureCovering, measureFlat, measureManyGroups, measureMixed, measurePolicies, measureSharedPrefixes, measureSize, measureStartup, type SizeResult } from './measure.js';
import { round } from './numbers.js';
import { OptionError, parseOptions, USAGE, type Options } from './options.js';
import { commitOf, historyAfter, targetsOf, type Results } from './targets.js';

const RESULTS = join(ROOT, 'bench', 'results.json');

/** The options, or the usage printed and the exit status for a --help or a wrong command line. */
function optionsOrExit(): Options {
  try {
    const options = parseOptions(process.argv.slice(2));
    if (options) return options;
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } catch (err) {
    if (!(err instanceof OptionError)) throw err;
    process.stderr.write(`bench: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
}

function main(): void {
  const options = optionsOrExit();
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  const dir = mkdtempSync(join(tmpdir(), 'routelint-bench-'));
  try {
    const rssReporter = join(dir, 'max-rss.mjs');
    writeFileSync(rssReporter, RSS_REPORTER);
    const sizes: SizeResult[] = [];
    for (const routes of options.sizes) sizes.push(measureSize(routes, dir, options, rssReporter));
    const largest = options.sizes[options.sizes.length - 1]!;
    const flat = options.flat ? measureFlat(largest, dir, options, rssReporter) : null;
    const covering = options.covering ? COVERING_SHAPES.map((shape) => measureCovering(shape, largest, dir, options, rssReporter)) : [];
    const policies = options.policies ? measurePolicies(largest, dir, options, rssReporter) : null;
    const manyGroups = options.manyGroups ? measureManyGroups(largest, dir, options, rssReporter) : null;
    const mixed = options.mixed ? measureMixed(largest, dir, options, rssReporter) : null;
    const sharedPrefixes = options.sharedPrefixes ? measureSharedPrefixes(largest, dir, options, rssReporter) : null;
    const bigGroups = options.bigGroups ? measureBigGroups(largest, dir, options, rssReporter) : null;
    process.stderr.write('  startup\n');
    const startup = measureStartup(Math.max(31, options.runs * 10));
    const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : null;
    const results: Results = {
      generatedAt: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${platform()} ${arch()}` },
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      commit: commitOf(),
      sizes: sizes.map((s) => ({ ...s, lintOverParse: round(s.lintOverParse, 3), memoryOverFile: round(s.memoryOverFile, 3) })),
      flat: flat && { ...flat, lintOverParse: round(flat.lintOverParse, 3), memoryOverFile: round(flat.memoryOverFile, 3) },
      covering: covering.map((c) => ({ ...c, lintOverParse: round(c.lintOverParse, 3), memoryOverFile: round(c.memoryOverFile, 3) })),
      startup,
      policies: policies && { ...policies, lintOverParse: round(policies.lintOverParse, 3), memoryOverFile: round(policies.memoryOverFile, 3) },
      manyGroups: manyGroups && { ...manyGroups, lintOverParse: round(manyGroups.lintOverParse, 3), memoryOverFile: round(manyGroups.memoryOverFile, 3) },
      mixed: mixed && { ...mixed, lintOverParse: round(mixed.lintOverParse, 3), memoryOverFile: round(mixed.memoryOverFile, 3) },
      sharedPrefixes: sharedPrefixes && { ...sharedPrefixes, lintOverParse: round(sharedPrefixes.lintOverParse, 3), memoryOverFile: round(sharedPrefixes.memoryOverFile, 3) },
      bigGroups: bigGroups && { ...bigGroups, lintOverParse: round(bigGroups.lintOverParse, 3), memoryOverFile: round(bigGroups.memoryOverFile, 3) },
      targets: targetsOf({ sizes, flat, covering, policies, manyGroups, mixed, sharedPrefixes, bigGroups, startup }),
      history: historyAfter(previous),
    };
    const markdown = markdownOf(results);
    process.stdout.write(`${markdown}\n`);
    if (options.write) {
      writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
      quoteInPerformanceNotes(markdown);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as the bench, not when a test imports its helpers.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

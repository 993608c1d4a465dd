// The command line: yargs commands, exit codes, and nothing else. A plain `routelint lint` (the
// pre-commit hook's call) is recognised without yargs, whose loading and help-text rendering cost
// more than linting a small export (cli-run.ts; bin/routelint.js runs it without loading this
// module at all); anything else goes through yargs.
import { argumentErrorText, YARGS_FAILURE_STRINGS } from './cli-errors.js';
import { ArgumentError, fail, guard, lintCommand, quitOnBrokenPipe, runPlainLint, typedNumber } from './cli-run.js';
import { DIFF_FORMATS, LINT_FORMATS, REPORT_FORMATS, SIMULATE_FORMATS, type DiffFormat, type LintFormat, type ReportFormat, type SimulateFormat } from './format/index.js';
import { VERSION } from './version.js';
import { LIVE_DEFAULTS } from './cli-plain.js';

/** The commands, as the first argument names them. */
const COMMANDS = ['lint', 'simulate', 'test', 'report', 'diff', 'rules', 'pull'] as const;

/** What a command's required positional arguments are, for the error when some are missing. */
const NEEDS: Readonly<Record<string, string>> = { diff: 'two exports (before and after)', test: 'an export and an assertions file' };

/** What cli.ts reads of yargs' option table (`getOptions()`, which @types/yargs does not declare): the command's option keys. */
interface YargsOptions {
  getOptions(): { key: Record<string, unknown> };
}

/** Options of every command that can read the live account through the management API. */
const LIVE_OPTIONS = {
  'token-file': { type: 'string', describe: 'Read the API token from this file (default: the NETBIRD_API_TOKEN environment variable)' },
  timeout: { type: 'number', default: LIVE_DEFAULTS.timeout, describe: 'Seconds to wait for each API answer' },
  retries: { type: 'number', default: LIVE_DEFAULTS.retries, describe: 'Retries, with backoff, after a 429 or 5xx answer' },
  'max-response-bytes': { type: 'number', describe: 'The most bytes one API answer may have once decompressed (default 268435456, 256 MiB)' },
} as const;

/** A flag that takes one value: yargs gives an array when it is repeated. */
function single(flag: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new ArgumentError(`${flag} given ${value.length} times; give it once`);
  return String(value);
}

/** A repeatable flag: absent, once (a string) or several times (an array). */
function repeated(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** What skipHelpCache reaches of yargs' internals (not in @types/yargs). */
interface YargsUsage {
  getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders a command's whole help text before running its handler, to show it should the
 * handler's promise fail later (about 85 ms of a `simulate` question's 230 ms CPU). Ours never
 * fails that way (cli-run.ts `guard` turns every error into one line and an exit code) and the
 * `.fail()` handler below never shows help, so the text is never read: not rendered. `--help`
 * renders its own. Left as it is if a yargs version no longer has the method.
 */
function skipHelpCache(parser: unknown): void {
  const usage = (parser as YargsUsage).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

export async function main(argv: string[]): Promise<void> {
  const plainRun = runPlainLint(argv);
  if (plainRun) return plainRun;
  quitOnBrokenPipe();
  const { default: yargs } = await import('yargs');
  const parser = yargs(argv);
  const command = (COMMANDS as readonly string[]).includes(argv[0] ?? '') ? argv[0] : undefined;
  skipHelpCache(parser);
  await parser
    .scriptName('routelint')
    // yargs' failure texts become tags that cli-errors.ts reads (English first, so that they apply).
    .locale('en')
    .updateStrings(YARGS_FAILURE_STRINGS as Record<string, string>)
    .usage('$0 <command> [options]\n\nLint and simulate NetBird network routes from exports of an account.')
    .command(
      'lint [paths..]',
      'Check exports for route setups NetBird accepts and then silently breaks',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, describe: 'routes.json, a bundle {routes, groups, peers, policies}, or a directory of API exports (JSON or YAML)' })
          .option('url', { type: 'string', describe: 'Also lint the live account of this management API (read-only), e.g. https://api.netbird.io' })
          .options(LIVE_OPTIONS)
          .option('format', { alias: 'f', choices: LINT_FORMATS, default: 'stylish' as LintFormat, describe: 'Output format' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file instead of stdout (- for stdout); never over an input' })
          .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: routelint.config.json or .yaml, searched upward)' })
          .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'Set a rule severity, e.g. --rule metric-conflict:off' })
          .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' })
          .option('max-warnings', { type: 'number', default: -1, describe: 'Exit 1 when there are more warnings than this' })
          .option('max-findings', { type: 'number', describe: 'Collect at most this many findings per file (default 50000), count the rest and exit 1; 0: no limit' })
          .option('baseline', { type: 'string', describe: 'Report only findings that are not in this baseline file' })
          .option('update-baseline', { type: 'boolean', default: false, describe: 'Write the current findings to the --baseline file' })
          .option('hook', { type: 'boolean', default: false, describe: 'The paths are changed files (as pre-commit passes them): lint the exports they belong to, a directory export once' })
          .option('verbose', { type: 'boolean', default: false, describe: 'Explain each finding under it (stylish; the other formats always carry the explanation)' })
          .example('$0 lint fixtures/demo', 'Lint a directory holding routes.json, groups.json, peers.json, policies.json')
          .example('$0 lint routes.json --format sarif -o routelint.sarif', 'SARIF for GitHub code scanning')
          .example('$0 lint export.yaml --rule ha-group-empty:warn --max-warnings 0', 'Fail on any warning')
          .example('$0 lint export/ --baseline .routelint-baseline.json', 'Report only findings added since the baseline')
          .example('$0 lint --hook netbird/groups.json netbird/peers.json', 'Lint netbird/ once, as the pre-commit hook does'),
      (args) => lintCommand({ ...args, paths: args.paths as string[] | undefined }, argv),
    )
    .command(
      'pull',
      'Fetch the live account (routes, groups, peers, policies, Networks API) into one bundle, read-only',
      (y) =>
        y
          .option('url', { type: 'string', demandOption: true, describe: 'The management API, e.g. https://api.netbird.io (plain http only to localhost)' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the bundle to this file (atomically) instead of stdout (- for stdout); never over an input' })
          .options(LIVE_OPTIONS)
          .example('NETBIRD_API_TOKEN=nbp_... $0 pull --url https://api.netbird.io -o snapshot.json', 'Snapshot the account')
          .example('$0 pull --url https://netbird.example.com --token-file ~/.netbird-token -o snapshot.json', 'A self-hosted server, token from a file'),
      (args) =>
        guard('pull', async () => {
          const { runPull } = await import('./commands/pull.js');
          return runPull({ url: args.url, output: single('--output', args.output), tokenFile: args.tokenFile, timeout: args.timeout, retries: args.retries, maxResponseBytes: args.maxResponseBytes });
        }),
    )
    .command(
      'simulate [export]',
      'Show which routing peer carries traffic for an IP or a domain from a peer or a group, as the NetBird client decides, and why',
      (y) =>
        y
          .positional('export', { type: 'string', describe: 'routes.json with groups and peers: a bundle, or a directory of API exports' })
          .option('url', { type: 'string', describe: 'Ask about the live account of this management API instead (read-only), e.g. https://api.netbird.io' })
          .options(LIVE_OPTIONS)
          .option('ip', { type: 'string', describe: 'Destination address' })
          .option('domain', { type: 'string', describe: 'Destination name (matched against domain routes)' })
          .option('from-peer', { type: 'string', describe: 'Source peer: id, name, DNS name or overlay IP (IPv4 or IPv6)' })
          .option('from-group', { type: 'string', describe: 'Source group (id or name): every member, grouped by outcome' })
          .option('status', { type: 'string', describe: "The source's `netbird status --json` output: routing peers' states" })
          .option('peer-state', { type: 'string', describe: 'PEER=STATE[,relayed][,latency=MS], STATE connected|idle|connecting (repeatable)' })
          .option('down', { type: 'string', describe: 'A routing peer (id, name, DNS name or overlay IP) that is not available (repeatable)' })
          .option('current', { type: 'string', describe: 'The routing peer the client uses now (stickiness)' })
          .option('exit-node', { type: 'string', describe: "The user's exit node selection (network_id)" })
          .option('protocol', { type: 'string', describe: "The packet's protocol for route access control: tcp, udp, icmp or all" })
          .option('port', { type: 'string', describe: 'The destination port (with --protocol tcp or udp)' })
          .option('posture', { type: 'string', describe: 'CHECK=pass|fail: the source passes or fails a posture check (id or name; repeatable)' })
          .option('batch', { type: 'string', nargs: 1, describe: 'Answer many questions: JSON lines from FILE (- for stdin), one brief JSON answer per line' })
          .option('explain', { type: 'boolean', default: false, describe: 'With --batch: the full explained answer per line (candidates, trace), as -f json gives' })
          .option('max-outcomes', { type: 'number', describe: 'With --from-group: list at most this many outcomes (and summary lines), the most members first (default 100); count the rest; 0: no limit' })
          .option('format', { alias: 'f', choices: SIMULATE_FORMATS, default: 'text' as SimulateFormat, describe: 'Output format (--batch always writes JSON lines)' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the answer (or the batch answers, once all are in) to a file instead of stdout (- for stdout); never over an input' })
          .conflicts('ip', 'domain')
          .conflicts('from-peer', 'from-group')
          .check((argv) => {
            if ((argv.export === undefined) === (argv.url === undefined)) throw new Error('Name an export, or --url for the live account (not both)');
            if (argv.batch !== undefined) {
              const given = (['ip', 'domain', 'from-peer', 'from-group', 'current', 'exit-node', 'protocol', 'port'] as const).filter((k) => argv[k] !== undefined);
              if (argv.maxOutcomes !== undefined) throw new Error('--max-outcomes goes with a single question (--batch answers are brief)');
              if (given.length > 0) throw new Error(`--batch takes each question from its lines: drop ${given.map((k) => `--${k}`).join(', ')} (put ${given.map((k) => k.replace('-', '_')).join(', ')} in the lines)`);
              return true;
            }
            if (argv.explain) throw new Error('--explain goes with --batch (a single question is always explained)');
            if (argv.ip === undefined && argv.domain === undefined) throw new Error('Give --ip ADDR or --domain NAME');
            if (argv.fromPeer === undefined && argv.fromGroup === undefined) throw new Error('Give --from-peer PEER or --from-group GROUP');
            return true;
          })
          .example('$0 simulate fixtures/demo --ip 10.20.1.7 --from-peer laptop-anna', 'Which gateway carries 10.20.1.7 for laptop-anna, and why')
          .example('$0 simulate export/ --ip 10.20.1.7 --from-group engineering --down gw-berlin-1', 'Every engineer, with a gateway down')
          .example('$0 simulate export/ --domain app.internal.example.com --from-peer laptop-anna --status status.json -f json', 'With the client\'s own view of its peers, for tools')
          .example('$0 simulate export/ --ip 10.20.1.7 --from-peer laptop-anna --protocol tcp --port 443', 'Does the routing peer let HTTPS from laptop-anna through?')
          .example('$0 simulate export/ --batch questions.jsonl', 'One brief answer per line for {"ip": "10.20.1.7", "from_peer": "laptop-anna"} lines'),
      (args) =>
        guard('simulate', async () => {
          const live = args.url ? { url: args.url, ...(await import('./pull/options.js')).liveOptionsOf(args) } : undefined;
          if (args.batch !== undefined) {
            const { runSimulateBatch } = await import('./commands/simulate.js');
            return runSimulateBatch({
              export: single('export', args.export),
              live,
              batch: single('--batch', args.batch)!,
              status: single('--status', args.status),
              peerState: repeated(args.peerState),
              down: repeated(args.down),
              posture: repeated(args.posture),
              explain: args.explain,
              output: single('--output', args.output),
            });
          }
          if (args.maxOutcomes !== undefined && (!Number.isInteger(args.maxOutcomes) || args.maxOutcomes < 0)) throw new ArgumentError(`--max-outcomes ${typedNumber(argv, 'max-outcomes', args.maxOutcomes)}: expected a whole number (0 for no limit)`);
          const { runSimulate } = await import('./commands/simulate.js');
          return runSimulate({
            maxOutcomes: args.maxOutcomes,
            export: single('export', args.export),
            live,
            ip: single('--ip', args.ip),
            domain: single('--domain', args.domain),
            fromPeer: single('--from-peer', args.fromPeer),
            fromGroup: single('--from-group', args.fromGroup),
            status: single('--status', args.status),
            peerState: repeated(args.peerState),
            down: repeated(args.down),
            current: single('--current', args.current),
            exitNode: single('--exit-node', args.exitNode),
            protocol: single('--protocol', args.protocol),
            port: single('--port', args.port),
            posture: repeated(args.posture),
            format: args.format,
            output: single('--output', args.output),
          });
        }),
    )
    .command(
      'test <export> <assertions>',
      'Check routing assertions (simulator questions with expected answers) against an export',
      (y) =>
        y
          .positional('export', { type: 'string', demandOption: true, describe: 'The account export (with groups and peers)' })
          .positional('assertions', { type: 'string', demandOption: true, describe: 'A YAML or JSON list of assertions' })
          .option('format', { alias: 'f', choices: ['text', 'json', 'junit'] as const, default: 'text' as const, describe: 'Output format' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the results to a file (the summary line still goes to stdout; - for stdout); never over an input' })
          .example('$0 test fixtures/demo fixtures/assertions/demo.yaml', 'Check the demo account against its assertions')
          .example('$0 test export/ routing.yaml -f junit -o routelint-tests.xml', 'JUnit XML for CI'),
      (args) =>
        guard('test', async () => {
          const { runTest } = await import('./commands/test.js');
          return runTest({ export: args.export as string, assertions: args.assertions as string, format: args.format, output: single('--output', args.output) });
        }),
    )
    .command(
      'report [export]',
      'Write an audit report of an account: findings, route inventory, HA sets, exit nodes, reachability, address map and graph',
      (y) =>
        y
          .positional('export', { type: 'string', describe: 'routes.json, a bundle {routes, groups, peers, policies}, or a directory of API exports (JSON or YAML)' })
          .option('url', { type: 'string', describe: 'Report on the live account of this management API instead (read-only), e.g. https://api.netbird.io' })
          .options(LIVE_OPTIONS)
          .option('format', { alias: 'f', choices: REPORT_FORMATS, default: 'html' as ReportFormat, describe: 'One self-contained HTML page, or Markdown tables' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file (atomically) instead of stdout (- for stdout); never over an input' })
          .option('config', { alias: 'c', type: 'string', describe: 'Config file, as for lint (default: routelint.config.json or .yaml, searched upward)' })
          .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'Set a rule severity, as for lint, e.g. --rule metric-conflict:off' })
          .example('$0 report fixtures/demo -o report.html', 'The demo account as one HTML page')
          .example('$0 report export/ --format markdown > ROUTES.md', 'Markdown for a wiki page or a pull request')
          .example('$0 report --url https://api.netbird.io -o report.html', 'The live account'),
      (args) =>
        guard('report', async () => {
          const live = args.url ? { url: args.url, ...(await import('./pull/options.js')).liveOptionsOf(args) } : undefined;
          const { runReport } = await import('./commands/report.js');
          return runReport({ export: single('export', args.export), live, format: args.format, output: single('--output', args.output), config: single('--config', args.config), rule: args.rule });
        }),
    )
    .command(
      'diff <old> <new>',
      'Show what changes for routing between two exports of an account: who carries which destination for which group, exit nodes, findings, routes',
      (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: 'The export before the change (a bundle, a routes.json, or a directory of API exports)' })
          .positional('new', { type: 'string', demandOption: true, describe: 'The export after the change' })
          .option('format', { alias: 'f', choices: DIFF_FORMATS, default: 'text' as DiffFormat, describe: 'Output format (markdown fits a pull request comment)' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the diff to a file instead of stdout (- for stdout); never over an input' })
          .option('config', { alias: 'c', type: 'string', describe: 'Config file for the findings of both exports (default: routelint.config.json or .yaml, searched upward)' })
          .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'Set a rule severity for both exports, e.g. --rule metric-conflict:off' })
          .option('max-changes', { type: 'number', describe: 'List at most this many behaviour changes (and exit node changes), the largest audience first (default 1000); count the rest; 0: no limit' })
          .option('max-sources', { type: 'number', describe: 'Name at most this many members in each change (default 50); count the rest; 0: no limit' })
          .example('$0 diff netbird-before/ netbird/', 'What a change to the exported account does to routing')
          .example('$0 diff main.json pr.json --format markdown -o diff.md', 'A pull request comment; exit 1 when routing changes'),
      (args) =>
        guard('diff', async () => {
          for (const [flag, value] of [
            ['max-changes', args.maxChanges],
            ['max-sources', args.maxSources],
          ] as const) {
            if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new ArgumentError(`--${flag} ${typedNumber(argv, flag, value)}: expected a whole number (0 for no limit)`);
          }
          const { runDiff } = await import('./commands/diff.js');
          return runDiff({ old: args.old as string, new: args.new as string, format: args.format, output: single('--output', args.output), config: single('--config', args.config), rule: args.rule, maxChanges: args.maxChanges, maxSources: args.maxSources });
        }),
    )
    .command(
      'rules',
      'List the rules with their default severity, type and the export sections they need',
      (y) => y.option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const }).example('$0 rules --format json', 'The rule list for tools'),
      (args) =>
        guard('rules', async () => {
          const { runRules } = await import('./commands/rules.js');
          return runRules(args.format);
        }),
    )
    .example('$0 lint fixtures/demo', 'Lint the bundled demo account')
    .example('$0 rules', 'List the rules')
    .demandCommand(1, 'Name a command: lint, simulate, test, diff, report, pull or rules (see --help)')
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      const known = (parser as unknown as YargsOptions).getOptions().key;
      const options = Object.keys(known).filter((k) => k.length > 1 && !/[A-Z]/.test(k)).sort();
      fail(argumentErrorText({ argv, command, commands: COMMANDS, options, needs: command ? NEEDS[command] : undefined }, msg, err), command);
    })
    .parseAsync();
}

// As yargs' hideBin for Node: the arguments after the script.
await main(process.argv.slice(2));

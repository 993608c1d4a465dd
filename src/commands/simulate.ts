// `routelint simulate`: resolves the question against the export (peers, groups, states), asks
// the simulator and prints the answer. Anything that keeps the question from being asked is an
// InputError (exit 2); any answer, whatever its disposition, exits 0.
import { modelOfExport } from './account.js';
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import { readExport } from '../load/export.js';
import type { RawExport } from '../load/raw.js';
import { describeFsError, exportSize, readTextFile } from '../load/read.js';
import { LineWriter } from '../io/line-writer.js';
import { progressBar } from '../io/progress.js';
import type { LiveOptions } from '../pull/pull.js';
import type { Model } from '../model/types.js';
import { parseAddr } from '../net/prefix.js';
import type { SimulateFormat } from '../format/index.js';
import { briefPeerLine, formatAnswerJson, type EncodedLine } from '../format/simulate-json.js';
import { formatGroupAnswerText, formatPeerAnswerText } from '../format/simulate-text.js';
import { normalizeDomain } from '../simulate/domain.js';
import { simulateBrief, simulateBriefPeer, simulateGroup, simulatePeer, simulatorFor, type Destination, type SimQuery } from '../simulate/index.js';
import { DOWN_STATE, matchStatusReport, parsePeerStateFlag, parsePeerStateObject, parsePeerStateText, parseStatusReport, PeerStates } from '../simulate/status.js';
import type { GroupAnswer, PeerAnswer } from '../simulate/answer.js';
import type { PeerState } from '../simulate/score.js';
import { compareStrings } from '../order.js';

export interface SimulateArgs extends AccountSource {
  readonly ip?: string;
  readonly domain?: string;
  readonly fromPeer?: string;
  readonly fromGroup?: string;
  readonly status?: string;
  readonly peerState: readonly string[];
  readonly down: readonly string[];
  readonly current?: string;
  readonly exitNode?: string;
  readonly format: SimulateFormat;
}

/** Where the account comes from: an export on disk, or the live API (`--url`). */
export interface AccountSource {
  readonly export?: string;
  readonly live?: LiveOptions & { readonly url: string };
}

/** Loads the export; the simulator needs its groups and peers. */
export function loadModelForSimulation(path: string): Model {
  return modelForSimulation(readExport(path), path);
}

/** Loads the account from disk or, with `live`, from the management API. */
export async function loadAccountForSimulation(source: AccountSource): Promise<Model> {
  if (source.live) {
    const { readLiveExport } = await import('../pull/pull.js');
    return modelForSimulation(await readLiveExport(source.live.url, source.live), source.live.url);
  }
  if (source.export === undefined) throw new InputError('name an export, or --url for the live account');
  return loadModelForSimulation(source.export);
}

/** The simulator's model of a read export; InputError when it cannot serve a question. */
export function modelForSimulation(raw: RawExport, path: string): Model {
  const model = modelOfExport(raw, path, { refuseShape: true });
  const missing = [model.groups ? null : 'groups', model.peers ? null : 'peers'].filter((s): s is string => s !== null);
  if (missing.length > 0) {
    throw new InputError(`${path}: the simulator needs the account's groups and peers, and the export has no ${missing.join(' and no ')} (add ${missing.map((m) => `${m}.json`).join(' and ')} from the API)`);
  }
  return model;
}

interface Named {
  readonly id: string;
  readonly name: string;
  readonly alias?: string;
}

function listNames(items: readonly Named[], max = 12): string {
  const names = items.map((i) => i.name || i.id);
  return names.length > max ? `${names.slice(0, max).join(', ')}, … (${names.length - max} more)` : names.join(', ');
}

function pushTo(map: Map<string, Named[]>, key: string, item: Named): void {
  const list = map.get(key);
  if (!list) map.set(key, [item]);
  else if (list[list.length - 1] !== item) list.push(item);
}

/**
 * Peers or groups by id, by exact name (or alias) and by name ignoring case, built once per model
 * so that a batch of questions resolves each reference with a few Map lookups.
 */
class Directory {
  private readonly byId = new Map<string, Named>();
  private readonly exact = new Map<string, Named[]>();
  private readonly folded = new Map<string, Named[]>();

  /** `items` sorted by name, then id: lists of candidates keep that order. */
  constructor(
    readonly items: readonly Named[],
    private readonly what: string,
  ) {
    for (const item of items) {
      if (!this.byId.has(item.id)) this.byId.set(item.id, item);
      pushTo(this.exact, item.name, item);
      if (item.alias !== undefined) pushTo(this.exact, item.alias, item);
      pushTo(this.folded, item.name.toLowerCase(), item);
      if (item.alias !== undefined) pushTo(this.folded, item.alias.toLowerCase(), item);
    }
  }

  /** Finds one item by id, then by exact name (or alias), then by name ignoring case; throws listing the candidates. */
  resolve(ref: string, flag: string): string | { unknown: string } {
    const byId = this.byId.get(ref);
    if (byId) return byId.id;
    const exact = this.exact.get(ref);
    const matches = exact ?? this.folded.get(ref.toLowerCase()) ?? [];
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length > 1) {
      throw new InputError(`${flag} "${ref}": ${matches.length} ${this.what}s have this name, give an id: ${matches.map((m) => `${m.name} (${m.id})`).join(', ')}`);
    }
    const lower = ref.toLowerCase();
    const near = this.items.filter((i) => i.name.toLowerCase().includes(lower) || lower.includes(i.name.toLowerCase()));
    const hint = near.length > 0 ? `did you mean ${listNames(near)}?` : `${this.what}s in the export: ${this.items.length > 0 ? listNames(this.items) : 'none'}`;
    return { unknown: `${flag} "${ref}": no ${this.what} has this id or name; ${hint}` };
  }

  mustResolve(ref: string, flag: string): string {
    const r = this.resolve(ref, flag);
    if (typeof r === 'string') return r;
    throw new InputError(r.unknown);
  }
}

interface Directories {
  readonly peers: Directory;
  readonly groups: Directory;
  readonly exitNetworkIds: readonly string[];
}

const directories = new WeakMap<Model, Directories>();

function directoriesOf(model: Model): Directories {
  let d = directories.get(model);
  if (!d) {
    const peers = [...model.peers!.values()].map((p) => ({ id: p.id, name: p.name, alias: p.dnsLabel })).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    const groups = [...model.groups!.values()].map((g) => ({ id: g.id, name: g.name })).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    d = { peers: new Directory(peers, 'peer'), groups: new Directory(groups, 'group'), exitNetworkIds: simulatorFor(model).exitNetworkIds() };
    directories.set(model, d);
  }
  return d;
}

/** How one question names its parts in error messages: flags on the command line, keys in a batch line. */
interface Labels {
  readonly ip: string;
  readonly domain: string;
  readonly fromPeer: string;
  readonly fromGroup: string;
  readonly current: string;
  readonly exitNode: string;
}

const FLAG_LABELS: Labels = { ip: '--ip', domain: '--domain', fromPeer: '--from-peer', fromGroup: '--from-group', current: '--current', exitNode: '--exit-node' };
const BATCH_LABELS: Labels = { ip: 'ip', domain: 'domain', fromPeer: 'from_peer', fromGroup: 'from_group', current: 'current', exitNode: 'exit_node' };

/** The parts of one question, as given (names or ids, unparsed). */
interface QuestionSpec {
  readonly ip?: string;
  readonly domain?: string;
  readonly fromPeer?: string;
  readonly fromGroup?: string;
  readonly current?: string;
  readonly exitNode?: string;
}

function destinationOf(spec: QuestionSpec, labels: Labels): Destination {
  if (spec.ip !== undefined) {
    const addr = parseAddr(spec.ip.trim());
    if (!addr.ok) throw new InputError(`${labels.ip} "${spec.ip}": not an IP address (${addr.reason})`);
    return { kind: 'ip', addr: addr.value, text: spec.ip.trim() };
  }
  if (spec.domain !== undefined) {
    const name = normalizeDomain(spec.domain);
    if (!name.ok) throw new InputError(`${labels.domain} "${spec.domain}": ${name.reason}`);
    return { kind: 'domain', name: name.name };
  }
  throw new InputError(`give ${labels.ip} ADDR or ${labels.domain} NAME`);
}

/** States from `--status`, `--peer-state` and `--down`: the same for every question of a run. */
function statesOf(model: Model, args: Pick<SimulateArgs, 'peerState' | 'down' | 'status'>): PeerStates {
  const { peers } = directoriesOf(model);
  const overrides = new Map<string, PeerState>();
  for (const spec of args.peerState) {
    const { peerId, state } = parsePeerStateFlag(spec, (ref) => peers.mustResolve(ref, '--peer-state'));
    overrides.set(peerId, state);
  }
  for (const ref of args.down) overrides.set(peers.mustResolve(ref, '--down'), DOWN_STATE);
  const reported = args.status === undefined ? null : matchStatusReport(model, parseStatusReport(args.status, readTextFile(args.status)));
  return new PeerStates(overrides, reported);
}

/** Builds one question; every reference is resolved or an InputError naming the flag or key. */
function questionOf(model: Model, spec: QuestionSpec, labels: Labels): SimQuery {
  const destination = destinationOf(spec, labels);
  const { peers, groups, exitNetworkIds } = directoriesOf(model);
  let from: SimQuery['from'];
  if (spec.fromPeer !== undefined) from = { kind: 'peer', peerId: peers.mustResolve(spec.fromPeer, labels.fromPeer) };
  else if (spec.fromGroup !== undefined) from = { kind: 'group', groupId: groups.mustResolve(spec.fromGroup, labels.fromGroup) };
  else throw new InputError(`give ${labels.fromPeer} PEER or ${labels.fromGroup} GROUP`);

  const notes: string[] = [];
  let currentPeerId: string | null = null;
  if (spec.current !== undefined) {
    const r = peers.resolve(spec.current, labels.current);
    if (typeof r === 'string') currentPeerId = r;
    // The note is part of the answer, which reads the same however the question was asked.
    else notes.push(`${FLAG_LABELS.current} "${spec.current}" is not a peer of the export: it was ignored, as the client ignores a current route it does not know.`);
  }

  let exitNode: string | null = null;
  if (spec.exitNode !== undefined) {
    if (!exitNetworkIds.includes(spec.exitNode) && !exitNetworkIds.includes(spec.exitNode.replace(/-v6$/, ''))) {
      throw new InputError(`${labels.exitNode} "${spec.exitNode}": no exit node (a 0.0.0.0/0 or ::/0 route) has this network_id; exit nodes in the export: ${exitNetworkIds.length > 0 ? exitNetworkIds.join(', ') : 'none'}`);
    }
    exitNode = spec.exitNode;
  }

  if (model.schemaIssues.length > 0) {
    const n = model.schemaIssues.length;
    notes.push(`${n} value${n === 1 ? '' : 's'} in the export ${n === 1 ? 'has' : 'have'} the wrong type or shape; the objects holding them were left out (see routelint lint).`);
  }
  return { destination, from, currentPeerId, exitNode, notes };
}

/** Builds the question from the command line; every reference is resolved or an InputError. */
export function queryOf(model: Model, args: SimulateArgs): { query: SimQuery; states: PeerStates } {
  const query = questionOf(model, args, FLAG_LABELS);
  return { query, states: statesOf(model, args) };
}

function answerOf(model: Model, query: SimQuery, states: PeerStates): PeerAnswer | GroupAnswer {
  return query.from.kind === 'peer' ? simulatePeer(model, { ...query, from: query.from }, states) : simulateGroup(model, { ...query, from: query.from }, states);
}

/** The answer `routelint simulate` gives for the command line `args` on `model`. */
export function answerFor(model: Model, args: SimulateArgs): PeerAnswer | GroupAnswer {
  const { query, states } = queryOf(model, args);
  return answerOf(model, query, states);
}

/** Runs `routelint simulate`; returns the exit code. */
export async function runSimulate(args: SimulateArgs): Promise<number> {
  const model = await loadAccountForSimulation(args);
  const answer = answerFor(model, args);
  let text: string;
  if (args.format === 'json') text = formatAnswerJson(answer);
  else text = 'outcomes' in answer ? formatGroupAnswerText(answer) : formatPeerAnswerText(answer);
  process.stdout.write(text);
  return 0;
}

export interface SimulateBatchArgs extends AccountSource {
  /** A file of JSON lines, or `-` for standard input. */
  readonly batch: string;
  readonly status?: string;
  readonly peerState: readonly string[];
  readonly down: readonly string[];
  /** Full explained answers (as `-f json`) instead of brief ones. */
  readonly explain?: boolean;
}

const BATCH_KEYS = ['ip', 'domain', 'from_peer', 'from_group', 'peer_states', 'current', 'exit_node'] as const;

function optionalString(line: Record<string, unknown>, key: string): string | undefined {
  const v = line[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`${key} is not a string`);
  return v;
}

/** The states of one batch line: the run's states, with the line's `peer_states` on top. */
function lineStates(base: PeerStates, raw: unknown, peers: Directory): PeerStates {
  if (raw === undefined || raw === null) return base;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('peer_states is not an object of PEER: "STATE[,relayed][,latency=MS]"');
  const overrides = new Map(base.overrides);
  for (const [ref, value] of Object.entries(raw as Record<string, unknown>)) {
    const label = `peer_states "${ref}"`;
    const peerId = peers.mustResolve(ref, 'peer_states');
    if (typeof value === 'string') overrides.set(peerId, parsePeerStateText(value, label));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) overrides.set(peerId, parsePeerStateObject(value as Record<string, unknown>, label));
    else throw new InputError(`${label}: expected "STATE[,relayed][,latency=MS]" or {status, relayed, latency_ms}`);
  }
  return new PeerStates(overrides, base.reported);
}

/** One batch answer: its line of JSON (as text, or in two parts, see `lineText`), and whether it answers the question. */
export interface BatchAnswer {
  readonly line: string | EncodedLine;
  readonly ok: boolean;
}

/** The answer to a batch line that cannot be answered. */
function failedLine(lineNumber: number, message: string): BatchAnswer {
  return { line: JSON.stringify({ error: message, line: lineNumber }), ok: false };
}

/** The answer to one batch line, as one line of JSON (without the newline): brief, or explained as `-f json`. */
export function answerBatchLine(model: Model, base: PeerStates, text: string, lineNumber: number, explain = false): BatchAnswer {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch (err) {
    return failedLine(lineNumber, `not JSON: ${(err as Error).message}`);
  }
  if (line === null || typeof line !== 'object' || Array.isArray(line)) return failedLine(lineNumber, 'expected a JSON object with ip or domain, and from_peer or from_group');
  const q = line as Record<string, unknown>;
  try {
    let unknown: string[] | null = null;
    for (const k in q) if (!(BATCH_KEYS as readonly string[]).includes(k)) (unknown ??= []).push(k);
    if (unknown) throw new InputError(`unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${BATCH_KEYS.join(', ')})`);
    const spec: QuestionSpec = {
      ip: optionalString(q, 'ip'),
      domain: optionalString(q, 'domain'),
      fromPeer: optionalString(q, 'from_peer'),
      fromGroup: optionalString(q, 'from_group'),
      current: optionalString(q, 'current'),
      exitNode: optionalString(q, 'exit_node'),
    };
    if (spec.ip !== undefined && spec.domain !== undefined) throw new InputError('give ip or domain, not both');
    if (spec.fromPeer !== undefined && spec.fromGroup !== undefined) throw new InputError('give from_peer or from_group, not both');
    const query = questionOf(model, spec, BATCH_LABELS);
    const states = lineStates(base, q.peer_states, directoriesOf(model).peers);
    if (explain) return { line: JSON.stringify(answerOf(model, query, states)), ok: true };
    if (query.from.kind === 'peer') {
      const brief = simulateBriefPeer(model, query as SimQuery & { from: { kind: 'peer' } }, states);
      return { line: briefPeerLine(brief.query, brief.outcome), ok: true };
    }
    return { line: JSON.stringify(simulateBrief(model, query, states)), ok: true };
  } catch (err) {
    if (err instanceof InputError) return failedLine(lineNumber, err.message);
    throw err;
  }
}

/**
 * Opens the batch input: standard input for `-`, else a readable file or FIFO. A regular file is
 * read at once (its lines are then answered in one synchronous loop); anything else is streamed.
 */
function openBatch(path: string): { text: string } | { stream: NodeJS.ReadableStream } {
  if (path === '-') return { stream: process.stdin };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(`--batch ${path}: ${describeFsError(err)}`);
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new InputError(`--batch ${path}: is a directory`);
  }
  if (!st.isFile()) return { stream: createReadStream('', { fd }) };
  closeSync(fd);
  return { text: readTextFile(path) };
}

/** Batches of at least this many lines show progress on a terminal (about a second of answers). */
const PROGRESS_MIN_LINES = 50_000;

/**
 * Runs `routelint simulate --batch`: one question per line of JSON, one answer per line in the same
 * order (blank lines are skipped). The model and the simulator are built once. A line that cannot
 * be answered gets `{"error", "line"}` and the rest go on; the exit code is then 1.
 */
export async function runSimulateBatch(args: SimulateBatchArgs): Promise<number> {
  const model = await loadAccountForSimulation(args);
  const base = statesOf(model, args);
  const input = openBatch(args.batch);
  // The indexes every line uses, built before the first line is read.
  simulatorFor(model);
  const out = new LineWriter(process.stdout);
  let failed = 0;
  let lineNumber = 0;
  const answer = (text: string): void => {
    lineNumber++;
    if (text.trim() === '') return;
    const { line, ok } = answerBatchLine(model, base, text, lineNumber, args.explain ?? false);
    if (!ok) failed++;
    if (typeof line === 'string') out.write(line);
    else out.writeParts(line.head, line.tail);
  };
  if ('text' in input) {
    // Line ends as readline splits them (\r\n, \n or a lone \r); a final line end opens no further line.
    const lines = input.text.split(/\r\n|\n|\r/);
    if (lines[lines.length - 1] === '') lines.pop();
    // A batch this long, or on an export this big, takes more than a second: a bar on a terminal.
    const progress = progressBar(process.stderr, lines.length >= PROGRESS_MIN_LINES || (args.export !== undefined && exportSize(args.export) > 5e6));
    lines.forEach((text, i) => {
      if (i % 1024 === 0) progress.update(i / lines.length, `${i.toLocaleString('en-US')} of ${lines.length.toLocaleString('en-US')} questions`);
      answer(text);
    });
    progress.done();
  } else {
    for await (const text of createInterface({ input: input.stream, crlfDelay: Infinity })) answer(text);
  }
  await out.end();
  return failed > 0 ? 1 : 0;
}

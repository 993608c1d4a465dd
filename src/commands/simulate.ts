// `routelint simulate`: resolves the question against the export (peers, groups, states), asks
// the simulator and prints the answer. Anything that keeps the question from being asked is an
// InputError (exit 2); any answer, whatever its disposition, exits 0.
import { InputError, readExport, readTextFile } from '../load/export.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/types.js';
import { parseAddr } from '../net/prefix.js';
import type { SimulateFormat } from '../format/index.js';
import { formatAnswerJson } from '../format/simulate-json.js';
import { formatGroupAnswerText, formatPeerAnswerText } from '../format/simulate-text.js';
import { normalizeDomain } from '../simulate/domain.js';
import { simulateGroup, simulatePeer, simulatorFor, type Destination, type SimQuery } from '../simulate/index.js';
import { DOWN_STATE, matchStatusReport, parsePeerStateFlag, parseStatusReport, PeerStates } from '../simulate/status.js';
import type { PeerState } from '../simulate/score.js';

export interface SimulateArgs {
  readonly export: string;
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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Loads the export; the simulator needs its groups and peers. */
export function loadModelForSimulation(path: string): Model {
  const raw = readExport(path);
  const problem = raw.syntaxProblems[0];
  if (problem) throw new InputError(`${problem.path}:${problem.problem.line}:${problem.problem.column}: ${problem.problem.message}`);
  if (raw.shapeProblem) throw new InputError(`${raw.shapeProblem.file.path}: expected an array of routes or a {routes, groups, peers, policies} bundle, got ${raw.shapeProblem.actual}`);
  const model = buildModel(raw);
  if (!model) throw new InputError(`${path}: the export has no routes`);
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

/** Finds one item by id, then by exact name (or alias), then by name ignoring case; throws listing the candidates. */
function resolve(items: readonly Named[], ref: string, what: string, flag: string): string | { unknown: string } {
  const byId = items.find((i) => i.id === ref);
  if (byId) return byId.id;
  const exact = items.filter((i) => i.name === ref || i.alias === ref);
  const matches = exact.length > 0 ? exact : items.filter((i) => i.name.toLowerCase() === ref.toLowerCase() || i.alias?.toLowerCase() === ref.toLowerCase());
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1) {
    throw new InputError(`${flag} "${ref}": ${matches.length} ${what}s have this name, give an id: ${matches.map((m) => `${m.name} (${m.id})`).join(', ')}`);
  }
  const near = items.filter((i) => i.name.toLowerCase().includes(ref.toLowerCase()) || ref.toLowerCase().includes(i.name.toLowerCase()));
  const hint = near.length > 0 ? `did you mean ${listNames(near)}?` : `${what}s in the export: ${items.length > 0 ? listNames(items) : 'none'}`;
  return { unknown: `${flag} "${ref}": no ${what} has this id or name; ${hint}` };
}

function sortedPeers(model: Model): Named[] {
  return [...model.peers!.values()].map((p) => ({ id: p.id, name: p.name, alias: p.dnsLabel })).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
}

function sortedGroups(model: Model): Named[] {
  return [...model.groups!.values()].map((g) => ({ id: g.id, name: g.name })).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
}

function mustResolve(r: string | { unknown: string }): string {
  if (typeof r === 'string') return r;
  throw new InputError(r.unknown);
}

function destinationOf(args: SimulateArgs): Destination {
  if (args.ip !== undefined) {
    const addr = parseAddr(args.ip.trim());
    if (!addr.ok) throw new InputError(`--ip "${args.ip}": not an IP address (${addr.reason})`);
    return { kind: 'ip', addr: addr.value, text: args.ip.trim() };
  }
  if (args.domain !== undefined) {
    const name = normalizeDomain(args.domain);
    if (!name.ok) throw new InputError(`--domain "${args.domain}": ${name.reason}`);
    return { kind: 'domain', name: name.name };
  }
  throw new InputError('give --ip ADDR or --domain NAME');
}

function statesOf(model: Model, args: SimulateArgs): PeerStates {
  const peers = sortedPeers(model);
  const overrides = new Map<string, PeerState>();
  for (const spec of args.peerState) {
    const { peerId, state } = parsePeerStateFlag(spec, (ref) => mustResolve(resolve(peers, ref, 'peer', '--peer-state')));
    overrides.set(peerId, state);
  }
  for (const ref of args.down) overrides.set(mustResolve(resolve(peers, ref, 'peer', '--down')), DOWN_STATE);
  const reported = args.status === undefined ? null : matchStatusReport(model, parseStatusReport(args.status, readTextFile(args.status)));
  return new PeerStates(overrides, reported);
}

/** Builds the question from the command line; every reference is resolved or an InputError. */
export function queryOf(model: Model, args: SimulateArgs): { query: SimQuery; states: PeerStates } {
  const destination = destinationOf(args);
  const peers = sortedPeers(model);
  let from: SimQuery['from'];
  if (args.fromPeer !== undefined) from = { kind: 'peer', peerId: mustResolve(resolve(peers, args.fromPeer, 'peer', '--from-peer')) };
  else if (args.fromGroup !== undefined) from = { kind: 'group', groupId: mustResolve(resolve(sortedGroups(model), args.fromGroup, 'group', '--from-group')) };
  else throw new InputError('give --from-peer PEER or --from-group GROUP');

  const notes: string[] = [];
  let currentPeerId: string | null = null;
  if (args.current !== undefined) {
    const r = resolve(peers, args.current, 'peer', '--current');
    if (typeof r === 'string') currentPeerId = r;
    else notes.push(`--current "${args.current}" is not a peer of the export: it was ignored, as the client ignores a current route it does not know.`);
  }

  let exitNode: string | null = null;
  if (args.exitNode !== undefined) {
    const known = simulatorFor(model).exitNetworkIds();
    if (!known.includes(args.exitNode) && !known.includes(args.exitNode.replace(/-v6$/, ''))) {
      throw new InputError(`--exit-node "${args.exitNode}": no exit node (a 0.0.0.0/0 or ::/0 route) has this network_id; exit nodes in the export: ${known.length > 0 ? known.join(', ') : 'none'}`);
    }
    exitNode = args.exitNode;
  }

  if (model.schemaIssues.length > 0) {
    const n = model.schemaIssues.length;
    notes.push(`${n} value${n === 1 ? '' : 's'} in the export ${n === 1 ? 'has' : 'have'} the wrong type or shape; the objects holding them were left out (see routelint lint).`);
  }
  return { query: { destination, from, currentPeerId, exitNode, notes }, states: statesOf(model, args) };
}

/** Runs `routelint simulate`; returns the exit code. */
export function runSimulate(args: SimulateArgs): number {
  const model = loadModelForSimulation(args.export);
  const { query, states } = queryOf(model, args);
  let text: string;
  if (query.from.kind === 'peer') {
    const answer = simulatePeer(model, { ...query, from: query.from }, states);
    text = args.format === 'json' ? formatAnswerJson(answer) : formatPeerAnswerText(answer);
  } else {
    const answer = simulateGroup(model, { ...query, from: query.from }, states);
    text = args.format === 'json' ? formatAnswerJson(answer) : formatGroupAnswerText(answer);
  }
  process.stdout.write(text);
  return 0;
}

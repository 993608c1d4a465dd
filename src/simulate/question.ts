// A question as the user states it (names or ids, an address or a name, peer states), resolved
// against the export into a SimQuery and its PeerStates. The same resolution serves the command
// line, batch lines and assertion files; every reference that cannot be resolved is an InputError
// naming the flag or key it came from.
import { InputError } from '../errors.js';
import { parsePeerStateObject, parsePeerStateText, peerStateFlagLabel, splitPeerStateFlag, type PeerState, type StatusReport } from '../load/status.js';
import type { Traffic } from '../model/route-access.js';
import type { Model } from '../model/types.js';
import { parseAddr } from '../net/prefix.js';
import { didYouMean, unknownNamesText } from '../suggest.js';
import { assumption, type Assumption } from './assumptions.js';
import { directoriesOf, type Directory } from './directory.js';
import { normalizeDomain } from './domain.js';
import { NO_EXIT_NODE } from './exit.js';
import type { Destination, SimQuery } from './index.js';
import { DOWN_STATE, matchStatusReport, PeerStates } from './peer-states.js';

/** How one question names its parts in error messages: flags on the command line, keys in a batch line. */
export interface Labels {
  readonly ip: string;
  readonly domain: string;
  readonly fromPeer: string;
  readonly fromGroup: string;
  readonly current: string;
  readonly exitNode: string;
  readonly protocol: string;
  readonly port: string;
  readonly posture: string;
}

export const FLAG_LABELS: Labels = { ip: '--ip', domain: '--domain', fromPeer: '--from-peer', fromGroup: '--from-group', current: '--current', exitNode: '--exit-node', protocol: '--protocol', port: '--port', posture: '--posture' };
export const BATCH_LABELS: Labels = { ip: 'ip', domain: 'domain', fromPeer: 'from_peer', fromGroup: 'from_group', current: 'current', exitNode: 'exit_node', protocol: 'protocol', port: 'port', posture: 'posture' };

/** Protocols a policy rule can name, and so a question can ask about. */
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'] as const;

/** The parts of one question, as given (names or ids, unparsed). */
export interface QuestionSpec {
  readonly ip?: string;
  readonly domain?: string;
  readonly fromPeer?: string;
  readonly fromGroup?: string;
  readonly current?: string;
  readonly exitNode?: string;
  readonly protocol?: string;
  readonly port?: string | number;
  /** `CHECK=pass|fail` (a posture check by id or name), each once. */
  readonly posture?: readonly string[];
}

/** The packet a question asks about, for route firewalls; undefined when it names no protocol or port. */
function trafficOf(spec: QuestionSpec, labels: Labels): Traffic | undefined {
  if (spec.protocol === undefined && spec.port === undefined) return undefined;
  const protocol = spec.protocol?.trim().toLowerCase();
  if (protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(protocol)) throw new InputError(`${labels.protocol} "${spec.protocol}": expected ${PROTOCOLS.join(', ')}${didYouMean(protocol, PROTOCOLS)}`);
  if (spec.port === undefined) return { protocol: protocol as Traffic['protocol'], port: null };
  const port = typeof spec.port === 'number' ? spec.port : /^\d+$/.test(spec.port.trim()) ? Number(spec.port.trim()) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(`${labels.port} "${spec.port}": expected a port number from 1 to 65535`);
  if (protocol !== 'tcp' && protocol !== 'udp') throw new InputError(`${labels.port} needs ${labels.protocol} tcp or udp`);
  return { protocol, port };
}

/** `CHECK=pass|fail` overrides by posture check id; a check is named by id or name (of the export's checks, or an id a policy names). */
function postureOf(model: Model, given: readonly string[], labels: Labels): ReadonlyMap<string, 'pass' | 'fail'> | undefined {
  if (given.length === 0) return undefined;
  const named = new Set((model.policies ?? []).flatMap((p) => p.sourcePostureCheckIds));
  const out = new Map<string, 'pass' | 'fail'>();
  for (const text of given) {
    const m = /^(.+)=(pass|fail)$/i.exec(text.trim());
    if (!m) throw new InputError(`${labels.posture} "${text}": expected CHECK=pass or CHECK=fail`);
    const ref = m[1]!.trim();
    const byName = [...(model.postureChecks?.values() ?? [])].filter((c) => c.name === ref).map((c) => c.id);
    const id = model.postureChecks?.has(ref) || named.has(ref) ? ref : byName.length === 1 ? byName[0]! : null;
    if (id === null) {
      const known = [...(model.postureChecks?.values() ?? [])].flatMap((c) => [c.id, c.name]).concat([...named]);
      throw new InputError(`${labels.posture} "${text}": ${byName.length > 1 ? `${byName.length} posture checks are named "${ref}"; give its id` : `no posture check "${ref}" in the export or named by a policy${didYouMean(ref, known)}`}`);
    }
    out.set(id, m[2]!.toLowerCase() as 'pass' | 'fail');
  }
  return out;
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

/** The exit node a question picks (`--exit-node`): a network_id, NO_EXIT_NODE for `none`, null when none is given; an InputError for any other name. */
export function exitNodeOf(exitNetworkIds: readonly string[], given: string | undefined, labels: Pick<Labels, 'exitNode'> = FLAG_LABELS): string | null {
  if (given === undefined) return null;
  if (given === 'none' && !exitNetworkIds.includes('none')) return NO_EXIT_NODE;
  if (!exitNetworkIds.includes(given) && !exitNetworkIds.includes(given.replace(/-v6$/, ''))) {
    throw new InputError(`${labels.exitNode} "${given}": no exit node (a 0.0.0.0/0 or ::/0 route) has this network_id${didYouMean(given, exitNetworkIds)}; exit nodes in the export: ${exitNetworkIds.length > 0 ? exitNetworkIds.join(', ') : 'none'}`);
  }
  return given;
}

/** Builds one question; every reference is resolved or an InputError naming the flag or key. */
export function questionOf(model: Model, spec: QuestionSpec, labels: Labels = FLAG_LABELS): SimQuery {
  const destination = destinationOf(spec, labels);
  // `peers` is read only where a peer is named (the directory is built on first read).
  const directories = directoriesOf(model);
  let from: SimQuery['from'];
  if (spec.fromPeer !== undefined) from = { kind: 'peer', peerId: directories.peers.mustResolve(spec.fromPeer, labels.fromPeer) };
  else if (spec.fromGroup !== undefined) from = { kind: 'group', groupId: directories.groups.mustResolve(spec.fromGroup, labels.fromGroup) };
  else throw new InputError(`give ${labels.fromPeer} PEER or ${labels.fromGroup} GROUP`);

  const notes: Assumption[] = [];
  let currentPeerId: string | null = null;
  if (spec.current !== undefined) {
    const r = directories.peers.resolve(spec.current, labels.current);
    if (typeof r === 'string') currentPeerId = r;
    // The note is part of the answer, which reads the same however the question was asked.
    else notes.push(assumption('current-unknown', spec.current));
  }

  const exitNode = exitNodeOf(directories.exitNetworkIds, spec.exitNode, labels);
  const traffic = trafficOf(spec, labels);
  const posture = postureOf(model, spec.posture ?? [], labels);
  if (model.schemaIssues.length > 0) notes.push(assumption('schema-issues', model.schemaIssues.length));
  return { destination, from, currentPeerId, exitNode, notes, ...(traffic ? { traffic } : {}), ...(posture ? { posture } : {}) };
}

/** Peer states as flags give them: `--peer-state PEER=STATE…` values and `--down PEER` references. */
export interface StateFlags {
  readonly peerState: readonly string[];
  readonly down: readonly string[];
}

/**
 * States from `--peer-state`, `--down` and a status report: the same for every question of a run.
 * `report` is asked for after the flags are resolved, so a bad flag is reported before a bad report.
 */
export function statesOf(model: Model, flags: StateFlags, report: () => StatusReport | null = () => null): PeerStates {
  const directories = directoriesOf(model);
  const overrides = new Map<string, PeerState>();
  for (const spec of flags.peerState) {
    const { peerRef, stateText } = splitPeerStateFlag(spec);
    const peerId = directories.peers.mustResolve(peerRef, '--peer-state');
    overrides.set(peerId, parsePeerStateText(stateText, peerStateFlagLabel(spec)));
  }
  for (const ref of flags.down) overrides.set(directories.peers.mustResolve(ref, '--down'), DOWN_STATE);
  const parsed = report();
  return new PeerStates(overrides, parsed === null ? null : matchStatusReport(model, parsed));
}

const BATCH_KEYS = ['ip', 'domain', 'from_peer', 'from_group', 'peer_states', 'current', 'exit_node', 'protocol', 'port', 'posture'] as const;

/** A batch line's `posture`: `{"CHECK": "pass" | "fail"}`, as `--posture CHECK=…` texts. */
function postureTexts(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('posture is not an object of CHECK: "pass" | "fail"');
  return Object.entries(raw as Record<string, unknown>).map(([check, verdict]) => {
    if (verdict !== 'pass' && verdict !== 'fail') throw new InputError(`posture "${check}": expected "pass" or "fail"`);
    return `${check}=${verdict}`;
  });
}

function optionalString(line: Record<string, unknown>, key: string): string | undefined {
  const v = line[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`${key} is not a string`);
  return v;
}

function optionalPort(line: Record<string, unknown>): string | number | undefined {
  const v = line.port;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' && typeof v !== 'string') throw new InputError('port is not a number');
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

/**
 * One line of `simulate --batch` (JSON text) as a question and its states; an InputError says why
 * it cannot be asked. `basePosture`: the run's `--posture` texts, which the line's own go on top of.
 */
export function batchQuestionOf(model: Model, base: PeerStates, text: string, basePosture: readonly string[] = []): { query: SimQuery; states: PeerStates } {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON: ${(err as Error).message}`);
  }
  if (line === null || typeof line !== 'object' || Array.isArray(line)) throw new InputError('expected a JSON object with ip or domain, and from_peer or from_group');
  const q = line as Record<string, unknown>;
  let unknown: string[] | null = null;
  for (const k in q) if (!(BATCH_KEYS as readonly string[]).includes(k)) (unknown ??= []).push(k);
  if (unknown) throw new InputError(unknownNamesText('key', unknown, BATCH_KEYS));
  const spec: QuestionSpec = {
    ip: optionalString(q, 'ip'),
    domain: optionalString(q, 'domain'),
    fromPeer: optionalString(q, 'from_peer'),
    fromGroup: optionalString(q, 'from_group'),
    current: optionalString(q, 'current'),
    exitNode: optionalString(q, 'exit_node'),
    protocol: optionalString(q, 'protocol'),
    port: optionalPort(q),
    posture: [...basePosture, ...postureTexts(q.posture)],
  };
  if (spec.ip !== undefined && spec.domain !== undefined) throw new InputError('give ip or domain, not both');
  if (spec.fromPeer !== undefined && spec.fromGroup !== undefined) throw new InputError('give from_peer or from_group, not both');
  const query = questionOf(model, spec, BATCH_LABELS);
  return { query, states: lineStates(base, q.peer_states, directoriesOf(model).peers) };
}

// A question as the user states it (names or ids, an address or a name, peer states), resolved
// against the export into a SimQuery and its PeerStates. The same resolution serves the command
// line, batch lines and assertion files; every reference that cannot be resolved is an InputError
// naming the flag or key it came from.
import { InputError } from '../errors.js';
import { parsePeerStateObject, parsePeerStateText, peerStateFlagLabel, splitPeerStateFlag, type PeerState, type StatusReport } from '../load/status.js';
import type { Model } from '../model/types.js';
import { parseAddr } from '../net/prefix.js';
import { assumption, type Assumption } from './assumptions.js';
import { directoriesOf, type Directory } from './directory.js';
import { normalizeDomain } from './domain.js';
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
}

export const FLAG_LABELS: Labels = { ip: '--ip', domain: '--domain', fromPeer: '--from-peer', fromGroup: '--from-group', current: '--current', exitNode: '--exit-node' };
export const BATCH_LABELS: Labels = { ip: 'ip', domain: 'domain', fromPeer: 'from_peer', fromGroup: 'from_group', current: 'current', exitNode: 'exit_node' };

/** The parts of one question, as given (names or ids, unparsed). */
export interface QuestionSpec {
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

/** Builds one question; every reference is resolved or an InputError naming the flag or key. */
export function questionOf(model: Model, spec: QuestionSpec, labels: Labels = FLAG_LABELS): SimQuery {
  const destination = destinationOf(spec, labels);
  const { peers, groups, exitNetworkIds } = directoriesOf(model);
  let from: SimQuery['from'];
  if (spec.fromPeer !== undefined) from = { kind: 'peer', peerId: peers.mustResolve(spec.fromPeer, labels.fromPeer) };
  else if (spec.fromGroup !== undefined) from = { kind: 'group', groupId: groups.mustResolve(spec.fromGroup, labels.fromGroup) };
  else throw new InputError(`give ${labels.fromPeer} PEER or ${labels.fromGroup} GROUP`);

  const notes: Assumption[] = [];
  let currentPeerId: string | null = null;
  if (spec.current !== undefined) {
    const r = peers.resolve(spec.current, labels.current);
    if (typeof r === 'string') currentPeerId = r;
    // The note is part of the answer, which reads the same however the question was asked.
    else notes.push(assumption('current-unknown', spec.current));
  }

  let exitNode: string | null = null;
  if (spec.exitNode !== undefined) {
    if (!exitNetworkIds.includes(spec.exitNode) && !exitNetworkIds.includes(spec.exitNode.replace(/-v6$/, ''))) {
      throw new InputError(`${labels.exitNode} "${spec.exitNode}": no exit node (a 0.0.0.0/0 or ::/0 route) has this network_id; exit nodes in the export: ${exitNetworkIds.length > 0 ? exitNetworkIds.join(', ') : 'none'}`);
    }
    exitNode = spec.exitNode;
  }

  if (model.schemaIssues.length > 0) notes.push(assumption('schema-issues', model.schemaIssues.length));
  return { destination, from, currentPeerId, exitNode, notes };
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
  const { peers } = directoriesOf(model);
  const overrides = new Map<string, PeerState>();
  for (const spec of flags.peerState) {
    const { peerRef, stateText } = splitPeerStateFlag(spec);
    const peerId = peers.mustResolve(peerRef, '--peer-state');
    overrides.set(peerId, parsePeerStateText(stateText, peerStateFlagLabel(spec)));
  }
  for (const ref of flags.down) overrides.set(peers.mustResolve(ref, '--down'), DOWN_STATE);
  const parsed = report();
  return new PeerStates(overrides, parsed === null ? null : matchStatusReport(model, parsed));
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

/** One line of `simulate --batch` (JSON text) as a question and its states; an InputError says why it cannot be asked. */
export function batchQuestionOf(model: Model, base: PeerStates, text: string): { query: SimQuery; states: PeerStates } {
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
  return { query, states: lineStates(base, q.peer_states, directoriesOf(model).peers) };
}

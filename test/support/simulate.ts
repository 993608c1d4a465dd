// Runs the simulator on an API-shaped bundle, through the real loader and model, with questions
// stated by peer ids: the test tables read like the command line without going through it.
import type { Model } from '../../src/model/types.js';
import { mustParseAddr } from '../../src/net/prefix.js';
import type { GroupAnswer, PeerAnswer } from '../../src/simulate/answer.js';
import { normalizeDomain } from '../../src/simulate/domain.js';
import { simulateGroup, simulatePeer, type Destination } from '../../src/simulate/index.js';
import type { PeerState, PeerStatus } from '../../src/simulate/score.js';
import { parseStatusReport } from '../../src/load/status.js';
import { DOWN_STATE, matchStatusReport, PeerStates } from '../../src/simulate/peer-states.js';
import type { Bundle } from './api.js';
import { modelOf } from './model.js';

// Tests of the simulator import the model helper from here too.
export { modelOf };

/** A peer state in test shorthand: `connected`, `idle,relayed`, `connected,latency=12`, `down`. */
export type StateSpec = string | PeerState;

export function stateOf(spec: StateSpec): PeerState {
  if (typeof spec !== 'string') return spec;
  if (spec === 'down') return DOWN_STATE;
  const [status, ...opts] = spec.split(',');
  const statusName = (status![0]!.toUpperCase() + status!.slice(1)) as PeerStatus;
  let relayed = false;
  let latencyNs = 0;
  for (const o of opts) {
    if (o === 'relayed') relayed = true;
    else if (o.startsWith('latency=')) latencyNs = Math.round(Number(o.slice(8)) * 1e6);
    else throw new Error(`bad state option ${o}`);
  }
  return { status: statusName, relayed, latencyNs };
}

export interface Ask {
  ip?: string;
  domain?: string;
  /** Peer states by peer id; peers not named are assumed connected unless `status` is given. */
  states?: Record<string, StateSpec>;
  /** A `netbird status --json` report (as an object). */
  status?: unknown;
  current?: string;
  exitNode?: string;
}

function destination(q: Ask): Destination {
  if (q.ip !== undefined) return { kind: 'ip', addr: mustParseAddr(q.ip), text: q.ip };
  const n = normalizeDomain(q.domain ?? '');
  if (!n.ok) throw new Error(n.reason);
  return { kind: 'domain', name: n.name };
}

function statesFor(model: Model, q: Ask): PeerStates {
  const overrides = new Map(Object.entries(q.states ?? {}).map(([id, s]) => [id, stateOf(s)] as const));
  const reported = q.status === undefined ? null : matchStatusReport(model, parseStatusReport('status.json', JSON.stringify(q.status)));
  return new PeerStates(overrides, reported);
}

/** Asks the simulator from one peer (by id). */
export function ask(bundle: Bundle | Model, from: string, q: Ask): PeerAnswer {
  const model = 'haSets' in bundle ? bundle : modelOf(bundle);
  return simulatePeer(model, { destination: destination(q), from: { kind: 'peer', peerId: from }, currentPeerId: q.current ?? null, exitNode: q.exitNode ?? null }, statesFor(model, q));
}

/** Asks the simulator from every member of a group (by id). */
export function askGroup(bundle: Bundle | Model, groupId: string, q: Ask): GroupAnswer {
  const model = 'haSets' in bundle ? bundle : modelOf(bundle);
  return simulateGroup(model, { destination: destination(q), from: { kind: 'group', groupId }, currentPeerId: q.current ?? null, exitNode: q.exitNode ?? null }, statesFor(model, q));
}

/** The candidates of an answer as `peerId@routeId:reason` strings, in answer order. */
export function reasons(a: { candidates: readonly { peer: { id: string } | null; route: { id: string }; reason: string }[] }): string[] {
  return a.candidates.map((c) => `${c.peer?.id ?? '-'}@${c.route.id}:${c.reason}`);
}

/** Ids of the peers that may carry the traffic: the chosen one, or every tied / conflicting one. */
export function possiblePeers(a: PeerAnswer | { peer: { id: string } | null; nondeterministic: boolean; candidates: readonly { peer: { id: string } | null; reason: string }[] }): string[] {
  if (!a.nondeterministic) return a.peer ? [a.peer.id] : [];
  return [...new Set(a.candidates.filter((c) => c.reason === 'tied' || c.reason === 'conflict').map((c) => c.peer!.id))].sort();
}

export function steps(a: { trace: readonly { step: string }[] }): string[] {
  return a.trace.map((t) => t.step);
}

// Entry points of the simulator: one answer for a peer, or one per distinct outcome for a group.
// The Simulator (indexes) is built once per model and reused for every query on it.
import type { Model } from '../model/types.js';
import { groupOutcome, peerAnswer, type GroupAnswer, type GroupOutcome, type Outcome, type PeerAnswer, type PeerRef, type Query } from './answer.js';
import { Simulator, type Destination } from './simulator.js';
import { PeerStates } from './status.js';

export type { Destination } from './simulator.js';
export { Simulator } from './simulator.js';
export { PeerStates } from './status.js';

/** The question, with every reference resolved to an id. */
export interface SimQuery {
  readonly destination: Destination;
  readonly from: { readonly kind: 'peer'; readonly peerId: string } | { readonly kind: 'group'; readonly groupId: string };
  /** The routing peer the client uses now (stickiness). */
  readonly currentPeerId: string | null;
  readonly exitNode: string | null;
  /** Assumptions about the question itself (e.g. an unknown --current peer), added to every answer. */
  readonly notes?: readonly string[];
}

const simulators = new WeakMap<Model, Simulator>();

/** The model's simulator, built on first use. */
export function simulatorFor(model: Model): Simulator {
  let sim = simulators.get(model);
  if (!sim) simulators.set(model, (sim = new Simulator(model)));
  return sim;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function queryOf(model: Model, req: SimQuery): Query {
  const ref = (id: string, name: string): PeerRef => ({ id, name });
  const dest = req.destination.kind === 'ip' ? { ip: req.destination.text } : { domain: req.destination.name };
  const from = req.from.kind === 'peer' ? { from_peer: ref(req.from.peerId, model.peerName(req.from.peerId)) } : { from_group: ref(req.from.groupId, model.groupName(req.from.groupId)) };
  return { ...dest, ...from, current: req.currentPeerId === null ? null : ref(req.currentPeerId, model.peerName(req.currentPeerId)), exit_node: req.exitNode };
}

function outcomeFor(sim: Simulator, peerId: string, req: SimQuery, states: PeerStates): Outcome {
  const o = sim.outcome(peerId, req.destination, { states, currentPeerId: req.currentPeerId, exitNode: req.exitNode });
  return req.notes && req.notes.length > 0 ? { ...o, assumptions: [...o.assumptions, ...req.notes] } : o;
}

/** Which peer carries the destination for one source peer, and why. */
export function simulatePeer(model: Model, req: SimQuery & { from: { kind: 'peer' } }, states: PeerStates = new PeerStates()): PeerAnswer {
  return peerAnswer(queryOf(model, req), outcomeFor(simulatorFor(model), req.from.peerId, req, states));
}

/** The answer for every member of a group, members with identical outcomes together, the largest outcome first. */
export function simulateGroup(model: Model, req: SimQuery & { from: { kind: 'group' } }, states: PeerStates = new PeerStates()): GroupAnswer {
  const sim = simulatorFor(model);
  const members = [...model.membersOf(req.from.groupId)]
    .filter((id) => model.peers?.has(id))
    .map((id) => ({ id, name: model.peerName(id) }))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  const byOutcome = new Map<string, { outcome: Outcome; sources: PeerRef[] }>();
  for (const member of members) {
    const outcome = outcomeFor(sim, member.id, req, states);
    const key = JSON.stringify(outcome);
    const entry = byOutcome.get(key);
    if (entry) entry.sources.push(member);
    else byOutcome.set(key, { outcome, sources: [member] });
  }
  const outcomes: GroupOutcome[] = [...byOutcome.values()]
    .sort((a, b) => b.sources.length - a.sources.length || cmp(a.sources[0]!.name, b.sources[0]!.name) || cmp(a.sources[0]!.id, b.sources[0]!.id))
    .map((e) => groupOutcome(e.sources, e.outcome));
  return { query: queryOf(model, req), outcomes };
}

/** A peer answer for `from.kind === 'peer'`, a group answer otherwise. Without states every routing peer is assumed connected. */
export function simulate(model: Model, query: SimQuery, states: PeerStates = new PeerStates()): PeerAnswer | GroupAnswer {
  return query.from.kind === 'peer'
    ? simulatePeer(model, query as SimQuery & { from: { kind: 'peer' } }, states)
    : simulateGroup(model, query as SimQuery & { from: { kind: 'group' } }, states);
}

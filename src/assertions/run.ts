// Checks each assertion against the simulator's answer.
import { InputError } from '../errors.js';
import type { Model } from '../model/types.js';
import type { GroupOutcome, Outcome } from '../simulate/answer.js';
import { memberAnswers, simulateGroup, simulatePeer, type SimQuery } from '../simulate/index.js';
import { groupOutcome } from '../simulate/answer.js';
import type { PeerStates } from '../simulate/peer-states.js';
import { questionOf, statesOf } from '../simulate/question.js';
import { formatGroupAnswerText, formatPeerAnswerText } from '../format/simulate-text.js';
import type { Assertion, Expectation, Share } from './load.js';

export interface Mismatch {
  readonly field: keyof Expectation;
  readonly expected: string | boolean;
  readonly actual: string | boolean | null;
  /** For a group question: the members whose outcome is off. */
  readonly sources?: readonly string[];
}

export interface AssertionResult {
  readonly assertion: Assertion;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
  /** Why the question could not be asked (an unknown peer, a bad address…); then it fails. */
  readonly error?: string;
  /** The simulator's explanation, for failures: for a group, of the members that fail only. */
  readonly explanation?: string;
  /** For a group question: how many members were checked, and how many got the expected answer. */
  readonly members?: MemberCounts;
}

export interface MemberCounts {
  /** Members of the group in the export. */
  readonly total: number;
  /** Members the assertion is about (`members: connected` leaves the others out). */
  readonly checked: number;
  readonly passed: number;
  readonly failed: number;
  /** How many must pass: `at_least`, or every member checked. */
  readonly required: number;
}

/** Members that must pass out of `checked`: a percentage rounds up. */
export function requiredOf(share: Share | undefined, checked: number): number {
  if (!share) return checked;
  if ('count' in share) return share.count;
  return Math.ceil((checked * share.percent) / 100 - 1e-9);
}

function peerMatches(expected: string, outcome: Outcome): boolean {
  return outcome.peer !== null && (outcome.peer.id === expected || outcome.peer.name === expected);
}

function mismatchesOf(expect: Expectation, outcome: Outcome): Mismatch[] {
  const out: Mismatch[] = [];
  if (expect.disposition !== undefined && outcome.disposition !== expect.disposition) out.push({ field: 'disposition', expected: expect.disposition, actual: outcome.disposition });
  if (expect.peer !== undefined && !peerMatches(expect.peer, outcome)) out.push({ field: 'peer', expected: expect.peer, actual: outcome.peer?.name ?? null });
  if (expect.network_id !== undefined && outcome.route?.network_id !== expect.network_id) out.push({ field: 'network_id', expected: expect.network_id, actual: outcome.route?.network_id ?? null });
  if (expect.nondeterministic !== undefined && outcome.nondeterministic !== expect.nondeterministic) out.push({ field: 'nondeterministic', expected: expect.nondeterministic, actual: outcome.nondeterministic });
  return out;
}

export function runAssertion(model: Model, a: Assertion): AssertionResult {
  let query: SimQuery;
  let states: PeerStates;
  try {
    query = questionOf(model, { ip: a.ip, domain: a.domain, fromPeer: a.from_peer, fromGroup: a.from_group, current: a.current, exitNode: a.exit_node, protocol: a.protocol, port: a.port });
    // An assertion's peer_states read as `--peer-state PEER=STATE` flags do.
    states = statesOf(model, { peerState: Object.entries(a.peer_states).map(([peer, state]) => `${peer}=${state}`), down: [] });
  } catch (err) {
    if (err instanceof InputError) return { assertion: a, passed: false, mismatches: [], error: err.message };
    throw err;
  }
  if (query.from.kind === 'peer') {
    const answer = simulatePeer(model, { ...query, from: query.from }, states);
    const mismatches = mismatchesOf(a.expect, answer);
    return { assertion: a, passed: mismatches.length === 0, mismatches, ...(mismatches.length > 0 ? { explanation: formatPeerAnswerText(answer) } : {}) };
  }
  const answer = simulateGroup(model, { ...query, from: query.from }, states);
  if (answer.outcomes.length === 0) return { assertion: a, passed: false, mismatches: [], error: `group ${a.from_group} has no peers in the export: nothing to check` };
  const total = answer.outcomes.reduce((n, o) => n + o.sources.length, 0);
  // `members: connected`: peers the export shows connected and logged in.
  const checkedOf = (o: GroupOutcome): GroupOutcome => {
    if (a.members !== 'connected') return o;
    return { ...o, sources: o.sources.filter((s) => { const p = model.peers?.get(s.id); return p !== undefined && p.connected && !p.loginExpired; }) };
  };
  // Serving members merged with their own routes are checked (and explained) one by one: each carries its own traffic.
  const each = answer.outcomes.flatMap((o) => (o.own_routes ? memberAnswers(o).map((m) => groupOutcome([m.source], m.outcome)) : [o]));
  const outcomes = each.map(checkedOf).filter((o) => o.sources.length > 0);
  const checked = outcomes.reduce((n, o) => n + o.sources.length, 0);
  if (checked === 0) return { assertion: a, passed: false, mismatches: [], error: `group ${a.from_group} has no connected members in the export: nothing to check`, members: { total, checked, passed: 0, failed: 0, required: requiredOf(a.at_least, 0) } };
  const failing = outcomes.map((o) => ({ o, mismatches: mismatchesOf(a.expect, o) })).filter((f) => f.mismatches.length > 0);
  const failed = failing.reduce((n, f) => n + f.o.sources.length, 0);
  const members: MemberCounts = { total, checked, passed: checked - failed, failed, required: requiredOf(a.at_least, checked) };
  const passed = members.passed >= members.required;
  if (passed) return { assertion: a, passed, mismatches: [], members };
  const mismatches: Mismatch[] = failing.flatMap((f) => f.mismatches.map((m) => ({ ...m, sources: f.o.sources.map((s) => s.name || s.id) })));
  return { assertion: a, passed, mismatches, explanation: formatGroupAnswerText({ query: answer.query, outcomes: failing.map((f) => f.o) }), members };
}

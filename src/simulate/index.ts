// Entry points of the simulator: one answer for a peer, or one per distinct outcome for a group.
// The Simulator (indexes) is built once per model and reused for every query on it.
import type { Traffic } from '../model/route-access.js';
import type { Model } from '../model/types.js';
import type { Assumption } from './assumptions.js';
import { GROUP_CANDIDATE_LIMIT, groupCandidateLimit, groupOutcome, peerAnswer, type BriefGroupAnswer, type BriefOutcome, type BriefPeerAnswer, type GroupAnswer, type GroupOutcome, type Outcome, type PeerAnswer, type PeerRef, type Query } from './answer.js';
import { Simulator, type Destination, type MemberAnswer, type SimulationOptions } from './simulator.js';
import { groupOutcomeText, mergedText, outcomeText, ownStep, steppedText, UNPACKED, type GroupAnswerText, type GroupOutcomeText, type OutcomeText, type TextPacker } from './group-text.js';
import type { LeftOut, SoleOutcome, SummaryOutcome } from './group-summary.js';
import type { OwnRoutes } from './serving.js';
import { PeerStates } from './peer-states.js';
import { briefOf, withNotes } from './batch.js';
import { NO_EXIT_NODE } from './exit.js';
import { compareByNameThenId, compareStrings } from '../order.js';

export type { Destination } from './simulator.js';
export { Simulator } from './simulator.js';
export { memberAnswers, ownOutcome, type OwnRoutes } from './serving.js';
export { servingRows } from './share.js';
export type { GroupAnswerText, GroupOutcomeText, TextPacker } from './group-text.js';
export type { SimSet } from './distribution.js';
export { PeerStates } from './peer-states.js';

/** The question, with every reference resolved to an id. */
export interface SimQuery {
  readonly destination: Destination;
  readonly from: { readonly kind: 'peer'; readonly peerId: string } | { readonly kind: 'group'; readonly groupId: string };
  /** The routing peer the client uses now (stickiness). */
  readonly currentPeerId: string | null;
  readonly exitNode: string | null;
  /** The packet, for route firewalls (`--protocol`, `--port`); any when absent. */
  readonly traffic?: Traffic;
  /** `--posture CHECK=pass|fail`, by posture check id. */
  readonly posture?: ReadonlyMap<string, 'pass' | 'fail'>;
  /** Assumptions about the question itself (e.g. an unknown --current peer), added to every answer. */
  readonly notes?: readonly Assumption[];
}

const simulators = new WeakMap<Model, Simulator>();

/** The model's simulator, built on first use. */
export function simulatorFor(model: Model): Simulator {
  let sim = simulators.get(model);
  if (!sim) simulators.set(model, (sim = new Simulator(model)));
  return sim;
}

function queryOf(model: Model, req: SimQuery): Query {
  const current = req.currentPeerId === null ? null : { id: req.currentPeerId, name: model.peerName(req.currentPeerId) };
  const from = req.from.kind === 'peer' ? { from_peer: { id: req.from.peerId, name: model.peerName(req.from.peerId) } } : { from_group: { id: req.from.groupId, name: model.groupName(req.from.groupId) } };
  // Protocol and port appear only when asked, so answers to questions without them keep their shape.
  const traffic = req.traffic ? { protocol: req.traffic.protocol, port: req.traffic.port } : {};
  const exitNode = req.exitNode === NO_EXIT_NODE ? 'none' : req.exitNode;
  return req.destination.kind === 'ip' ? { ip: req.destination.text, ...from, current, exit_node: exitNode, ...traffic } : { domain: req.destination.name, ...from, current, exit_node: exitNode, ...traffic };
}

/** `limit`: a group question's cut, its candidates cut as they are built (`SimulationOptions.candidateLimit`). */
function optionsOf(req: SimQuery, states: PeerStates, explain: boolean, limit?: number): SimulationOptions {
  return { states, currentPeerId: req.currentPeerId, exitNode: req.exitNode, traffic: req.traffic, posture: req.posture, explain, ...(limit === undefined ? {} : { candidateLimit: limit }) };
}

function outcomeFor(sim: Simulator, peerId: string, req: SimQuery, states: PeerStates, explain = true, limit?: number): Outcome {
  return withNotes(sim.outcome(peerId, req.destination, optionsOf(req, states, explain, limit)), req.notes);
}

/**
 * Which peer carries the destination for one source peer, and why: at most GROUP_CANDIDATE_LIMIT
 * candidates, as in a group answer's entry (a destination every route of a large account covers
 * has hundreds of thousands), with `candidates_total` counting them all when cut. `limit`: another
 * cut (a group question's, `GroupOptions.candidateLimit`).
 */
export function simulatePeer(model: Model, req: SimQuery & { from: { kind: 'peer' } }, states: PeerStates = new PeerStates(), limit = GROUP_CANDIDATE_LIMIT): PeerAnswer {
  return peerAnswer(queryOf(model, req), outcomeFor(simulatorFor(model), req.from.peerId, req, states, true, limit));
}

/**
 * Every member of a group with its outcome, members with identical outcomes together (by name,
 * then id), the largest group of members first. `outcomeOf` may give members the same object: its
 * JSON is then written once.
 */
function byOutcome<O extends { readonly disposition: string; readonly peer: PeerRef | null }>(model: Model, groupId: string, outcomeOf: (peerId: string) => O): { sources: PeerRef[]; outcome: O }[] {
  const members = membersOf(model, groupId);
  const entries = new Map<string, { outcome: O; sources: PeerRef[] }>();
  const json = new Map<O, string>();
  for (const member of members) {
    const outcome = outcomeOf(member.id);
    // A member that serves the destination itself is its own LOCAL carrier: no other member has its outcome.
    // (JSON text starts with "{", so this key is no outcome's.)
    let key = outcome.disposition === 'LOCAL' && outcome.peer?.id === member.id ? `\u0000${member.id}` : json.get(outcome);
    if (key === undefined) json.set(outcome, (key = JSON.stringify(outcome)));
    const entry = entries.get(key);
    if (entry) entry.sources.push(member);
    else entries.set(key, { outcome, sources: [member] });
  }
  return [...entries.values()].sort(compareEntries);
}

/** How a group question is computed. */
export interface GroupOptions {
  /** Compute every member's answer on its own, sharing nothing (the sharing's own check). */
  readonly exhaustive?: boolean;
  /** The candidates each outcome lists at most; default `groupCandidateLimit` of the members. */
  readonly candidateLimit?: number;
  /**
   * The outcomes listed at most, the largest first (`simulate --max-outcomes`); the others are
   * counted (`leftOut`), and those of members alone in their own LOCAL outcome never computed
   * unless the summary lists them. 0 or absent: every outcome.
   */
  readonly maxOutcomes?: number;
  /** Key every answer by its JSON text, made at once, even one told apart by its own step (that shortcut's own check). */
  readonly plainKeys?: boolean;
  /** Told now and then how many of the members have been answered (a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Members answered between two progress reports. */
const PROGRESS_EVERY = 256;

/** Each member's outcome, shared between members whose outcomes rest on the same facts (see share.ts) unless `exhaustive`. */
function sharedOutcomes(sim: Simulator, req: SimQuery, states: PeerStates, explain: boolean, exhaustive: boolean): (peerId: string) => Outcome {
  if (exhaustive) return (id) => outcomeFor(sim, id, req, states, explain);
  const shared = sim.outcomes(req.destination, optionsOf(req, states, explain), false, undefined, true);
  return (id) => withNotes(shared(id), req.notes);
}

/** The members of a group in the export's peers, by name, then id. */
function membersOf(model: Model, groupId: string): PeerRef[] {
  return [...model.membersOf(groupId)]
    .filter((id) => model.peers?.has(id))
    .map((id) => ({ id, name: model.peerName(id) }))
    .sort(compareByNameThenId);
}

/**
 * The answer for every member of a group, members with identical outcomes together, the largest
 * outcome first. Routing peers that serve the destination's sets alike are one outcome with their
 * own routes (`own_routes`, see serving.ts) rather than one outcome each.
 */
export function simulateGroup(model: Model, req: SimQuery & { from: { kind: 'group' } }, states: PeerStates = new PeerStates(), options: GroupOptions = {}): GroupAnswer {
  const json = new Map<Outcome, string>();
  const kept: KeptForm<Outcome> = {
    keep: (o) => o,
    key: (o) => {
      let key = json.get(o);
      if (key === undefined) json.set(o, (key = JSON.stringify(o)));
      return key;
    },
    local: (o, memberId) => o.disposition === 'LOCAL' && o.peer?.id === memberId,
    signature: ownStep,
  };
  const entries = groupEntries(model, req, states, options, kept);
  const outcomeOf = (e: GroupEntry<Outcome>): GroupOutcome => (e.own ? mergedOutcome(e.sources, e.answer, e.own) : groupOutcome(e.sources, e.answer));
  return { query: queryOf(model, req), outcomes: entries.listed.map(outcomeOf), ...leftOutOf(entries, outcomeOf) };
}

/**
 * `simulateGroup`'s answer as `simulate -f json` writes it, each outcome kept as its JSON text
 * from the moment it is decided (`OutcomeText`), not as objects: a group of 50,000 members on a
 * covering account has as many distinct outcomes. The text is `simulateGroup`'s, byte for byte;
 * `packer` keeps it packed.
 */
export function simulateGroupText(model: Model, req: SimQuery & { from: { kind: 'group' } }, states: PeerStates = new PeerStates(), options: GroupOptions = {}, packer: TextPacker = UNPACKED): GroupAnswerText {
  // Own steps seen: the next answer with one is written at once, as its key will be read (the first
  // is computed again only if its step's answers turn out to need their keys).
  const steps = new Set<string>();
  const kept: KeptForm<OutcomeText> = {
    keep: (o, representative, remake) => {
      const step = remake === null ? null : ownStep(o);
      if (step === null) return outcomeText(o, representative, packer);
      const first = !steps.has(step);
      steps.add(step);
      return steppedText(o, representative, packer, first ? remake : null);
    },
    key: (t) => t.key,
    local: (t, memberId) => t.disposition === 'LOCAL' && t.peer?.id === memberId,
    signature: (t) => ('signature' in t ? (t.signature as string) : null),
  };
  const entries = groupEntries(model, req, states, options, kept);
  const outcomeOf = (e: GroupEntry<OutcomeText>): GroupOutcomeText => (e.own ? mergedText(e.sources, e.answer, e.own) : groupOutcomeText(e.sources, e.answer));
  return { query: queryOf(model, req), outcomes: entries.listed.map(outcomeOf), ...leftOutOf(entries, outcomeOf) };
}

/** A bounded answer's `leftOut` (absent when every outcome is listed). */
function leftOutOf<T, O extends SummaryOutcome>(entries: GroupEntries<T>, outcomeOf: (e: GroupEntry<T>) => O): { leftOut?: LeftOut } {
  if (entries.unlisted.length === 0) return {};
  const outcomes = entries.unlisted.map((e): SummaryOutcome | SoleOutcome => ('sole' in e ? { sole: e.sole, outcome: () => outcomeOf(e.entry()) } : outcomeOf(e)));
  const members = entries.unlisted.reduce((n, e) => n + ('sole' in e ? 1 : e.sources.length), 0);
  return { leftOut: { limit: entries.listed.length, outcomes, members } };
}

/**
 * How `groupEntries` keeps each answer: `keep` makes the kept form (notes added; `remake`, when
 * given, computes the answer again, so the form may leave its text unmade), `key` is its JSON
 * text, `local` says it is the member's own LOCAL answer, `signature` its `ownStep` when the
 * form can be told apart by it without its key (null: keyed by its key).
 */
interface KeptForm<T> {
  keep(o: Outcome, representative: string | null, remake: (() => Outcome) | null): T;
  key(t: T): string;
  local(t: T, memberId: string): boolean;
  signature(t: T): string | null;
}

/** One outcome of a group answer as `groupEntries` gathers it: its members, its kept answer, and the members' own routes when merged. */
interface GroupEntry<T> {
  readonly answer: T;
  readonly sources: readonly PeerRef[];
  readonly own: OwnRoutes[] | null;
}

/** A member alone in its own LOCAL outcome, not computed yet: `entry` computes it. */
interface SoleEntry<T> {
  readonly sole: PeerRef;
  entry(): GroupEntry<T>;
}

/** A group's outcomes in the answer's order: those listed, then those left out (`GroupOptions.maxOutcomes`). */
interface GroupEntries<T> {
  readonly listed: readonly GroupEntry<T>[];
  readonly unlisted: readonly (GroupEntry<T> | SoleEntry<T>)[];
}

/** The order of a group's outcomes: the most members first, then by their first member (by name, then id). */
function compareEntries(a: { readonly sources: readonly PeerRef[] } | { readonly sole: PeerRef }, b: { readonly sources: readonly PeerRef[] } | { readonly sole: PeerRef }): number {
  const [na, fa] = 'sole' in a ? [1, a.sole] : [a.sources.length, a.sources[0]!];
  const [nb, fb] = 'sole' in b ? [1, b.sole] : [b.sources.length, b.sources[0]!];
  return nb - na || compareStrings(fa.name, fb.name) || compareStrings(fa.id, fb.id);
}

/**
 * Every member's answer, members with identical answers together (the largest entry first), each
 * answer kept as `form` keeps it. An answer shared by serving members (`own`) is merged only
 * when two or more share it: the others are keyed as any answer.
 */
function groupEntries<T>(model: Model, req: SimQuery & { from: { kind: 'group' } }, states: PeerStates, options: GroupOptions, form: KeptForm<T>): GroupEntries<T> {
  const sim = simulatorFor(model);
  const members = membersOf(model, req.from.groupId);
  const limit = options.candidateLimit ?? groupCandidateLimit(members.length);
  const simOptions = optionsOf(req, states, true, limit);
  const maxOutcomes = options.maxOutcomes ?? 0;
  // When only some outcomes are listed, an answer told apart by its own step is written only if
  // listed: computed again then, for the member it was first made for (`asking`).
  const plain = options.exhaustive === true || options.plainKeys === true;
  const unwritten = maxOutcomes > 0 && !plain;
  let asking = '';
  // Set while a listed member alone in its LOCAL outcome is computed: its text is written.
  let listing = false;
  let again: ((peerId: string) => MemberAnswer<Outcome>) | null = null;
  const remakeFor = (maker: string) => (): Outcome => {
    again ??= sim.memberAnswers(req.destination, simOptions, (o) => o);
    let a = again(maker);
    // A serving answer another member made first there is that member's: asked where the maker comes first.
    if (a.representative !== null && a.representative !== maker) a = sim.memberAnswers(req.destination, simOptions, (o) => o)(maker);
    return withNotes(a.answer, req.notes);
  };
  const keep = (o: Outcome, representative: string | null): T => form.keep(withNotes(o, req.notes), representative, unwritten && !listing ? remakeFor(asking) : null);
  const answers: (peerId: string) => MemberAnswer<T> = options.exhaustive
    ? (id) => ({ answer: keep(outcomeFor(sim, id, req, states, true, limit), null), own: null, representative: null })
    : sim.memberAnswers(req.destination, simOptions, keep, members.map((m) => m.id));
  const answerOf = (peerId: string): MemberAnswer<T> => {
    asking = peerId;
    return answers(peerId);
  };
  const signature = plain ? () => null : form.signature;
  // Members alone in their own LOCAL outcome: when only some outcomes are listed, computed only if listed.
  const sole = maxOutcomes > 0 ? sim.soleLocalMembers(req.destination, simOptions, members.map((m) => m.id)) : NO_MEMBERS;
  const soleEntry = (member: PeerRef): GroupEntry<T> => {
    const { answer } = answerOf(member.id);
    if (!form.local(answer, member.id)) throw new Error(`${member.id} was taken for its own carrier, and is not`);
    return { answer, sources: [member], own: null };
  };
  const soles: SoleEntry<T>[] = [];
  // Entries by key, and the members of each answer shared by serving members (by member index).
  const entries = new Map<string, { answer: T; members: number[]; own: OwnRoutes[] | null }>();
  const serving = new Map<T, { representative: string; members: number[]; own: OwnRoutes[] }>();
  const add = (key: string, answer: T, i: number): void => {
    const entry = entries.get(key);
    if (entry) entry.members.push(i);
    else entries.set(key, { answer, members: [i], own: null });
  };
  // A member that serves the destination itself is its own LOCAL carrier, unless merged; an answer
  // with its own step is keyed once every answer is known (`byStep`). No key made here can be an
  // answer's JSON text, which starts with "{" (or its packed text: see TextPacker).
  const byStep: { answer: T; i: number; step: string }[] = [];
  const place = (answer: T, i: number): void => {
    const memberId = members[i]!.id;
    if (form.local(answer, memberId)) return add(`\u0000${memberId}`, answer, i);
    const step = signature(answer);
    if (step === null) add(form.key(answer), answer, i);
    else byStep.push({ answer, i, step });
  };
  const onProgress = options.onProgress;
  members.forEach((member, i) => {
    if (onProgress && i % PROGRESS_EVERY === 0) onProgress(i, members.length);
    if (sole.has(member.id)) return soles.push({ sole: member, entry: () => soleEntry(member) });
    const a = answerOf(member.id);
    if (a.own === null) return place(a.answer, i);
    let s = serving.get(a.answer);
    if (!s) serving.set(a.answer, (s = { representative: a.representative!, members: [], own: [] }));
    s.members.push(i);
    s.own.push({ source: member, routes: a.own });
  });
  for (const [answer, s] of serving) {
    if (s.members.length > 1) entries.set(`\u0001${s.representative}`, { answer, members: s.members, own: s.own });
    else place(answer, s.members[0]!);
  }
  // An answer held by one member whose own step no other answer has equals no other member's: it
  // is keyed by its member; the others by their key.
  const holders = new Map<T, number>();
  const steps = new Map<string, Set<T>>();
  for (const { answer, step } of byStep) {
    holders.set(answer, (holders.get(answer) ?? 0) + 1);
    let same = steps.get(step);
    if (!same) steps.set(step, (same = new Set()));
    same.add(answer);
  }
  for (const { answer, i, step } of byStep) add(holders.get(answer) === 1 && steps.get(step)!.size === 1 ? `\u0002${members[i]!.id}` : form.key(answer), answer, i);
  // Members in the group's order (by name, then id): a lone serving member's answer may join an entry late.
  const gathered = [...entries.values()].map((e) => {
    if (!e.own) e.members.sort((a, b) => a - b);
    return { answer: e.answer, sources: e.members.map((i) => members[i]!), own: e.own };
  });
  const all: (GroupEntry<T> | SoleEntry<T>)[] = [...gathered, ...soles].sort(compareEntries);
  const listed = maxOutcomes > 0 ? all.slice(0, maxOutcomes) : all;
  const listedEntry = (e: GroupEntry<T> | SoleEntry<T>): GroupEntry<T> => {
    if (!('sole' in e)) return e;
    listing = true;
    const entry = e.entry();
    listing = false;
    return entry;
  };
  return { listed: listed.map(listedEntry), unlisted: all.slice(listed.length) };
}

const NO_MEMBERS: ReadonlySet<string> = new Set();

/** The outcome of routing peers merged by their own routes; the first of them is the representative (see serving.ts). */
function mergedOutcome(sources: readonly PeerRef[], o: Outcome, own: readonly OwnRoutes[]): GroupOutcome {
  const representative = own[0]!;
  if (o.disposition !== 'LOCAL' || o.peer?.id !== representative.source.id) return groupOutcome(sources, o, own);
  // Each member carries the traffic itself: its route that does comes first.
  const k = representative.routes.findIndex((r) => r.id === o.route!.id && r.network_id === o.route!.network_id);
  const first = own.map((m) => (k <= 0 ? m : { source: m.source, routes: [m.routes[k]!, ...m.routes.filter((_, i) => i !== k)] }));
  return groupOutcome(sources, { ...o, peer: null, route: null }, first);
}

/** A peer answer for `from.kind === 'peer'`, a group answer otherwise. Without states every routing peer is assumed connected. */
export function simulate(model: Model, query: SimQuery, states: PeerStates = new PeerStates()): PeerAnswer | GroupAnswer {
  return query.from.kind === 'peer'
    ? simulatePeer(model, query as SimQuery & { from: { kind: 'peer' } }, states)
    : simulateGroup(model, query as SimQuery & { from: { kind: 'group' } }, states);
}

/**
 * The decision without its explanation (what `simulate --batch` prints): the brief form of
 * `simulate`'s answer, computed without building what the brief form leaves out. Group members
 * are grouped by their brief outcome.
 */
export function simulateBrief(model: Model, query: SimQuery, states: PeerStates = new PeerStates(), options: GroupOptions = {}): BriefPeerAnswer | BriefGroupAnswer {
  if (query.from.kind === 'peer') {
    const parts = simulateBriefPeer(model, { ...query, from: query.from }, states);
    return { query: parts.query, ...parts.outcome };
  }
  const outcomeOf = sharedOutcomes(simulatorFor(model), query, states, false, options.exhaustive ?? false);
  const outcomes = byOutcome(model, query.from.groupId, (peerId) => briefOf(outcomeOf(peerId))).map((e) => ({ sources: e.sources, ...e.outcome }));
  return { query: queryOf(model, query), outcomes };
}

/**
 * The brief answer for one source peer, in its two parts: the query, and the outcome, which is
 * the same object for every question that rests on the same facts (renderers may cache by it).
 */
export function simulateBriefPeer(model: Model, query: SimQuery & { from: { kind: 'peer' } }, states: PeerStates = new PeerStates()): { query: Query; outcome: BriefOutcome } {
  return { query: queryOf(model, query), outcome: briefOf(outcomeFor(simulatorFor(model), query.from.peerId, query, states, false)) };
}

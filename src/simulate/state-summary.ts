// What an answer assumes about routing peers' states, summed up per set outcome (outcome.ts
// `stateAssumptions`): the peers of its states whose state was assumed, guessed or assumed while
// offline. A member of a group receives its own part of an exit set of thousands of routes; its
// summary is read off the set's few marked routes rather than off every route it receives. An
// answer names the peers of all its sets' summaries (`StateNames`): a member of a covering account
// sums up about a hundred sets of its own, the rest shared with its class.
import type { Model } from '../model/types.js';
import { compareStrings } from '../order.js';
import { FACT_STATES, type SetOutcome, type SharedDecision, type SharedPart } from './decision.js';
import { firstInOrder } from './explain.js';
import type { SimRoute, SimSet } from './distribution.js';
import type { PeerStates, ResolvedState } from './peer-states.js';

/**
 * The routing peers of one set's states whose state was assumed (kept only when some state was
 * given: without one every state is, and no answer names them), whose connection type is
 * unknown, and those assumed but offline in the export. Each peer once, in no particular order.
 */
export interface StateSummary {
  readonly assumed: readonly string[];
  readonly guessed: readonly string[];
  readonly offline: readonly string[];
  /** The same peers as numbers (`PeerNumbers` of the summary's peer states), by kind in `STATE_KINDS` order. */
  readonly numbers: readonly Int32Array[];
}

/** The kinds of a summary, in the order answers name them. */
export const STATE_KINDS = ['assumed', 'guessed', 'offline'] as const;

/** The routing peers of one question's summaries (one peer states), numbered as first met: a union of summaries is marks in an array. */
class PeerNumbers {
  private readonly byId = new Map<string, number>();
  readonly ids: string[] = [];

  numberOf(id: string): number {
    let n = this.byId.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.byId.set(id, n);
      this.ids.push(id);
    }
    return n;
  }
}

const peerNumbers = new WeakMap<PeerStates, PeerNumbers>();

function peerNumbersOf(peerStates: PeerStates): PeerNumbers {
  let numbers = peerNumbers.get(peerStates);
  if (!numbers) peerNumbers.set(peerStates, (numbers = new PeerNumbers()));
  return numbers;
}

const ASSUMED = 1;
const GUESSED = 2;
const OFFLINE = 4;

/** Which kinds of `StateSummary` a routing peer's state is of (bits). */
function kindsOf(route: SimRoute, s: ResolvedState, given: boolean): number {
  let kinds = 0;
  if (s.origin === 'assumed') {
    if (given) kinds |= ASSUMED;
    if (route.routingPeer?.connected === false) kinds |= OFFLINE;
  }
  if (s.state?.connectionUnknown === true && s.state.status !== 'Connecting') kinds |= GUESSED;
  return kinds;
}

/**
 * The routes of one set whose peer's state is of some kind, under one question's peer states
 * (every answer of the question looks its routing peers up in them), and their kinds; `repeats`:
 * some peer has two of them.
 */
interface MarkedRoutes {
  readonly routes: readonly SimRoute[];
  readonly kinds: Uint8Array;
  readonly repeats: boolean;
}

const markedRoutes = new WeakMap<PeerStates, WeakMap<SimSet, MarkedRoutes>>();

function markedOf(peerStates: PeerStates, set: SimSet): MarkedRoutes {
  let bySet = markedRoutes.get(peerStates);
  if (!bySet) markedRoutes.set(peerStates, (bySet = new WeakMap()));
  let marked = bySet.get(set);
  if (marked) return marked;
  const given = peerStates.given;
  const routes: SimRoute[] = [];
  const kinds: number[] = [];
  const peers = new Set<string>();
  for (const r of set.routes) {
    if (r.peerId === null) continue;
    const k = kindsOf(r, peerStates.lookup(r.peerId), given);
    if (k === 0) continue;
    routes.push(r);
    kinds.push(k);
    peers.add(r.peerId);
  }
  bySet.set(set, (marked = { routes, kinds: Uint8Array.from(kinds), repeats: peers.size < routes.length }));
  return marked;
}

/**
 * Collects a summary's ids, each peer once (a peer's state is the same on each of its routes);
 * `repeats`: a peer may come more than once.
 */
class SummaryBuilder {
  private readonly assumed: string[] = [];
  private readonly guessed: string[] = [];
  private readonly offline: string[] = [];
  private readonly seen: Set<string> | null;

  constructor(repeats: boolean) {
    this.seen = repeats ? new Set() : null;
  }

  add(peerId: string, kinds: number): void {
    if (kinds === 0) return;
    if (this.seen) {
      if (this.seen.has(peerId)) return;
      this.seen.add(peerId);
    }
    if (kinds & ASSUMED) this.assumed.push(peerId);
    if (kinds & GUESSED) this.guessed.push(peerId);
    if (kinds & OFFLINE) this.offline.push(peerId);
  }

  summary(numbers: PeerNumbers): StateSummary {
    const numbered = (ids: readonly string[]): Int32Array => Int32Array.from(ids, (id) => numbers.numberOf(id));
    return { assumed: this.assumed, guessed: this.guessed, offline: this.offline, numbers: [numbered(this.assumed), numbered(this.guessed), numbered(this.offline)] };
  }
}

/** The summary of `states` (looked up in `peerStates`), route by route. */
export function plainSummary(peerStates: PeerStates, states: ReadonlyMap<SimRoute, ResolvedState>): StateSummary {
  const given = peerStates.given;
  const out = new SummaryBuilder(true);
  for (const [r, s] of states) out.add(r.peerId!, kindsOf(r, s, given));
  return out.summary(peerNumbersOf(peerStates));
}

/** `plainSummary` of the states of routes of `set`, read off the set's marked routes. */
export function markedSummary(peerStates: PeerStates, set: SimSet, states: ReadonlyMap<SimRoute, ResolvedState>): StateSummary {
  const { routes, kinds, repeats } = markedOf(peerStates, set);
  const out = new SummaryBuilder(repeats);
  for (let i = 0; i < routes.length; i++) if (states.has(routes[i]!)) out.add(routes[i]!.peerId!, kinds[i]!);
  return out.summary(peerNumbersOf(peerStates));
}

const stateSummaries = new WeakMap<ReadonlyMap<SimRoute, ResolvedState>, StateSummary>();

/** Sets with more states than this are summed up from their marked routes when those are fewer. */
const MARKED_FROM = 16;

/** The summary of a set outcome's states (looked up in `peerStates`), once per states (a set outcome is shared by many answers, split.ts). */
export function stateSummary(peerStates: PeerStates, e: SetOutcome): StateSummary {
  const states = e.states;
  let summary = stateSummaries.get(states);
  if (summary) return summary;
  const set = e.delivery.set;
  summary = states.size > MARKED_FROM && markedOf(peerStates, set).routes.length < states.size ? markedSummary(peerStates, set, states) : plainSummary(peerStates, states);
  stateSummaries.set(states, summary);
  return summary;
}

/** The peers of one kind a shared decision's sets assume: how many sets assume each (by number), how many peers, and the peers by name (once per shared decision). */
interface SharedKind {
  readonly sets: Int32Array;
  readonly size: number;
  readonly byName: Int32Array;
}

/**
 * The peers an answer's state assumptions name, for one question (peer states and model): each
 * answer sums up its own sets' summaries (`add`, after `begin`) and names the peers of a kind
 * (`namesOf`) among those and its shared sets' (but the excluded ones), by number: marks in
 * arrays rather than sets of ids, names looked up once per peer.
 */
export class StateNames {
  private readonly numbers: PeerNumbers;
  private readonly names: string[] = [];
  private readonly sharedKinds = new WeakMap<SharedDecision, readonly SharedKind[]>();
  /** The current answer's own peers by kind, each once (`seen` holds the answer's `generation` for those added). */
  private readonly own: number[][] = [[], [], []];
  private seen: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];
  private generation = 0;
  /** Excluded shared sets assuming a peer, for one `namesOf` (`removedAt` holds its `stamp`). */
  private removed = new Int32Array(0);
  private removedAt = new Int32Array(0);
  private stamp = 0;

  constructor(
    readonly model: Model,
    readonly peerStates: PeerStates,
  ) {
    this.numbers = peerNumbersOf(peerStates);
  }

  private nameOf(n: number): string {
    return (this.names[n] ??= this.model.peerName(this.numbers.ids[n]!));
  }

  /** Starts an answer: no own peers. */
  begin(): void {
    this.generation++;
    for (const own of this.own) own.length = 0;
  }

  /** Adds the peers of one of the answer's own sets. */
  add(summary: StateSummary): void {
    for (let k = 0; k < STATE_KINDS.length; k++) {
      const peers = summary.numbers[k]!;
      if (peers.length === 0) continue;
      let seen = this.seen[k]!;
      const own = this.own[k]!;
      for (let i = 0; i < peers.length; i++) {
        const n = peers[i]!;
        if (n >= seen.length) this.seen[k] = seen = grown(seen, this.numbers.ids.length);
        if (seen[n] === this.generation) continue;
        seen[n] = this.generation;
        own.push(n);
      }
    }
  }

  /**
   * The peers of kind `k` the answer assumes: its own (`add`), and those of the shared sets but
   * the excluded ones. As names, in order, the first `limit` of them; and how many there are.
   */
  namesOf(k: number, shared: { readonly decided: SharedDecision; readonly part: SharedPart } | undefined, limit: number): { names: string[]; count: number } {
    const own = this.own[k]!;
    if (!shared) {
      const names = own.map((n) => this.nameOf(n));
      return { names: names.length > limit ? firstInOrder(names, limit) : names.sort(compareStrings), count: names.length };
    }
    const kind = this.sharedKind(shared.decided)[k]!;
    // The excluded sets' peers no longer count; a peer no set counts is gone, unless an own set has it.
    const stamp = ++this.stamp;
    let gone = 0;
    for (const i of shared.part.excluded) {
      if (!(shared.decided.facts[i]! & (1 << FACT_STATES))) continue;
      const peers = stateSummary(this.peerStates, shared.decided.outcomes[i]!).numbers[k]!;
      for (let j = 0; j < peers.length; j++) {
        const n = peers[j]!;
        if (n >= this.removedAt.length) {
          this.removed = grown(this.removed, this.numbers.ids.length);
          this.removedAt = grown(this.removedAt, this.numbers.ids.length);
        }
        if (this.removedAt[n] !== stamp) {
          this.removedAt[n] = stamp;
          this.removed[n] = 0;
        }
        if (++this.removed[n]! === kind.sets[n]) gone++;
      }
    }
    const isGone = (n: number): boolean => this.removedAt[n] === stamp && this.removed[n]! >= kind.sets[n]!;
    let count = kind.size - gone;
    const extra: string[] = [];
    for (const n of own) {
      if (n < kind.sets.length && kind.sets[n]! > 0 && !(gone > 0 && isGone(n))) continue;
      extra.push(this.nameOf(n));
      count++;
    }
    const first = extra.length > limit ? firstInOrder(extra, limit) : extra.sort(compareStrings);
    const names: string[] = [];
    let x = 0;
    for (let i = 0; i < kind.byName.length && names.length < limit; i++) {
      const n = kind.byName[i]!;
      if (gone > 0 && isGone(n)) continue;
      const name = this.nameOf(n);
      while (x < first.length && names.length < limit && compareStrings(first[x]!, name) < 0) names.push(first[x++]!);
      if (names.length < limit) names.push(name);
    }
    while (x < first.length && names.length < limit) names.push(first[x++]!);
    return { names, count };
  }

  private sharedKind(decided: SharedDecision): readonly SharedKind[] {
    let kinds = this.sharedKinds.get(decided);
    if (kinds) return kinds;
    const summaries = decided.outcomes.map((e, i) => (decided.facts[i]! & (1 << FACT_STATES) ? stateSummary(this.peerStates, e) : null));
    kinds = STATE_KINDS.map((_, k) => {
      const sets = new Int32Array(this.numbers.ids.length);
      const peers: number[] = [];
      for (const s of summaries) if (s) for (const n of s.numbers[k]!) if (sets[n]!++ === 0) peers.push(n);
      const names = peers.map((n) => this.nameOf(n));
      const byName = Int32Array.from(
        peers.map((_, i) => i).sort((a, b) => compareStrings(names[a]!, names[b]!)),
        (i) => peers[i]!,
      );
      return { sets, size: peers.length, byName };
    });
    this.sharedKinds.set(decided, kinds);
    return kinds;
  }
}

/** `a` at least `size` long, its values kept (zeros after them). */
function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(size, a.length * 2, 64));
  out.set(a);
  return out;
}

const stateNames = new WeakMap<PeerStates, StateNames>();

/** The `StateNames` of one question. */
export function stateNamesOf(model: Model, peerStates: PeerStates): StateNames {
  let names = stateNames.get(peerStates);
  if (!names || names.model !== model) stateNames.set(peerStates, (names = new StateNames(model, peerStates)));
  return names;
}

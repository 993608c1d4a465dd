// What exists only to make `simulate --batch` fast, in one place. A batch asks many questions
// whose answers rest on the same facts (sources with the same delivery profile, the same HA sets
// held), so a brief answer is decided once and shared: by the memo below (keyed by those facts),
// through the question's notes (`withNotes`), its brief form (`briefOf`) and its encoded JSON
// (`briefPeerLine`, written by io/line-writer.ts's `writeParts` without a second copy).
// What it buys, as measured on the bench's 10,000-route account (README, "Performance"): a batch
// question costs about 8 µs against 530 µs for a naive scan of the routes (65× faster); warm, a
// question costs about 6 µs in the process and under 3 µs when its facts were decided before.
// Nothing here changes an answer: every shortcut returns what the plain path would. The command
// (commands/simulate.ts) reads the lines, answers each and writes the answers.
import type { Family } from '../net/prefix.js';
import { briefOutcome, type BriefOutcome, type Outcome, type Query } from './answer.js';
import type { Assumption } from './assumptions.js';
import type { SimulationOptions } from './decision.js';
import type { SetDelivery, SimSet } from './distribution.js';
import type { PeerStates } from './peer-states.js';

/** Answers without explanations the simulator keeps at once, per set of peer states. */
const MAX_MEMO_ANSWERS = 65536;

/** What the brief key needs to know of a source. */
export interface KeyedSource {
  /** Its delivery profile (see Simulator.profileOf). */
  readonly profile: number;
  /** Whether it is a Linux client (the answer then assumes its main routing table). */
  readonly linuxLike: boolean;
  /** Whether its client refuses prefixes it cannot route (not Android or iOS). */
  readonly refusesPrefixes: boolean;
  readonly peerId: string;
  /** Whether a policy with several rules names it (its answers then say connectivity is a lower bound). */
  readonly inMultiRulePolicy: boolean;
}

/** Brief answers for addresses, by the facts they rest on, per set of peer states. */
export class BriefMemo {
  /** What a held set adds to a key, by set index (built once, not per question). */
  private readonly keyParts: readonly string[];
  private readonly memo = new WeakMap<PeerStates, Map<string, Outcome>>();

  constructor(sets: readonly SimSet[]) {
    this.keyParts = sets.map((s) => `${s.index},`);
  }

  /**
   * The brief answer for an address, computed by `answer` the first time its facts are met.
   * Without explanations nothing in an answer for an address names the address: answers that
   * rest on the same facts (see `key`) are the same answer.
   */
  outcome(source: KeyedSource, covering: readonly SetDelivery[], family: Family, options: SimulationOptions, answer: () => Outcome): Outcome {
    let memo = this.memo.get(options.states);
    if (!memo) this.memo.set(options.states, (memo = new Map()));
    const key = this.key(source, covering, family, options);
    let outcome = memo.get(key);
    if (!outcome) {
      // Answers depend on the model and their key only, so dropping them all is always safe; it bounds memory.
      if (memo.size >= MAX_MEMO_ANSWERS) memo.clear();
      memo.set(key, (outcome = answer()));
    }
    return outcome;
  }

  /**
   * Everything an answer without explanations for an address depends on: the source's profile and
   * what the source itself changes (its OS, whether the status report is its own), the address
   * family, the user's choices, and of the covering HA sets, those the source receives or serves
   * (the others add no candidate), plus the one fact the others can add to the assumptions
   * (expired logins), and the source itself when a held route has access control (§8).
   */
  private key(source: KeyedSource, covering: readonly SetDelivery[], family: Family, options: SimulationOptions): string {
    const reportIsOwn = options.states.reported?.localPeerId === source.peerId;
    // Numbers and JSON arrays only: no id or name can make two different sets of facts one key.
    const plain = options.currentPeerId === null && options.exitNode === null && !options.traffic && (options.posture?.size ?? 0) === 0 && options.assumptions !== false && options.carryingRowsOnly !== true;
    const choices = plain ? '' : JSON.stringify([options.currentPeerId, options.exitNode, options.traffic?.protocol ?? null, options.traffic?.port ?? null, [...(options.posture ?? [])], options.assumptions !== false, options.carryingRowsOnly === true]);
    let key = `${source.profile} ${family}${Number(source.linuxLike)}${Number(source.refusesPrefixes)}${Number(source.inMultiRulePolicy)}${Number(reportIsOwn)}${choices}:`;
    let loginExpired = false;
    let accessControlled = false;
    // An index loop, not a closure: a batch asks this for every line.
    for (let i = 0; i < covering.length; i++) {
      const d = covering[i]!;
      if (d.local.length > 0 || d.received.length > 0) key += this.keyParts[d.set.index]!;
      if (d.loginExpired) loginExpired = true;
      for (let j = 0; j < d.received.length; j++) if (d.received[j]!.route.accessControlGroups.length > 0) accessControlled = true;
    }
    // A route firewall's verdict depends on the source itself (a peer named in a rule, its posture).
    return `${key}${Number(loginExpired)}${accessControlled ? JSON.stringify(source.peerId) : ''}`;
  }
}

/** Outcomes with a question's notes added, per outcome and notes: a shared outcome stays shared. */
const noted = new WeakMap<Outcome, Map<string, Outcome>>();

/** `o` with the question's `notes` added to its assumptions; the same object for the same outcome and notes. */
export function withNotes(o: Outcome, notes: readonly Assumption[] | undefined): Outcome {
  if (!notes || notes.length === 0) return o;
  let byNotes = noted.get(o);
  if (!byNotes) noted.set(o, (byNotes = new Map()));
  const key = notes.map((n) => n.text).join('\n');
  let noteAdded = byNotes.get(key);
  if (!noteAdded) byNotes.set(key, (noteAdded = { ...o, assumptions: [...o.assumptions, ...notes.map((n) => n.text)], assumption_ids: [...o.assumption_ids, ...notes.map((n) => n.id)] }));
  return noteAdded;
}

const briefForms = new WeakMap<Outcome, BriefOutcome>();

/** The brief form of an outcome (see `briefOutcome`); one outcome always gets the same brief object. */
export function briefOf(o: Outcome): BriefOutcome {
  let brief = briefForms.get(o);
  if (!brief) briefForms.set(o, (brief = briefOutcome(o)));
  return brief;
}

/** A line of JSON in two parts: text, then bytes already encoded as UTF-8 (see LineWriter.writeParts). */
export interface EncodedLine {
  readonly head: string;
  readonly tail: Uint8Array;
}

const outcomeBytes = new WeakMap<BriefOutcome, Uint8Array>();

/**
 * A brief peer answer `{query, ...outcome}` as one line of JSON (no newline), exactly as
 * JSON.stringify writes it, in two parts. The outcome is shared by every question that rests on
 * the same facts: its JSON is written and encoded once, and the answers of a batch differ only in
 * their query.
 */
export function briefPeerLine(query: Query, outcome: BriefOutcome): EncodedLine {
  let tail = outcomeBytes.get(outcome);
  if (tail === undefined) outcomeBytes.set(outcome, (tail = Buffer.from(JSON.stringify(outcome).slice(1), 'utf8')));
  return { head: `{"query":${JSON.stringify(query)},`, tail };
}

/** The text of a line, whichever form it is in. */
export function lineText(line: string | EncodedLine): string {
  return typeof line === 'string' ? line : line.head + Buffer.from(line.tail.buffer, line.tail.byteOffset, line.tail.byteLength).toString('utf8');
}

/** One batch answer: its line of JSON (as text, or in two parts, see `lineText`), and whether it answers the question. */
export interface BatchAnswer {
  readonly line: string | EncodedLine;
  readonly ok: boolean;
}

/** The answer to a batch line that cannot be answered. */
export function failedLine(lineNumber: number, message: string): BatchAnswer {
  return { line: JSON.stringify({ error: message, line: lineNumber }), ok: false };
}

// A group answer as `simulate -f json` writes it, each outcome kept as its JSON text from the
// moment it is decided: a group of 50,000 members on a covering account has tens of thousands of
// distinct outcomes, and keeping their objects (candidates, detail, trace) until the answer is
// written held gigabytes. The text is what `formatAnswerJson` writes for `simulateGroup`'s answer,
// byte for byte; the summary reads the few fields it needs, kept beside the text.
import type { AssumptionId } from './assumptions.js';
import { cutCandidates, GROUP_CANDIDATE_LIMIT, groupOutcome, type Disposition, type Outcome, type PeerRef, type Query, type RouteRef, type TraceStep } from './answer.js';
import type { DropReason } from './fate.js';
import type { OwnRoutes } from './serving.js';
import { possiblePeers, type LeftOut, type SummaryOutcome } from './group-summary.js';

/** What a group answer's summary reads of one answer, and the answer's JSON text (compressed: `packed`). */
export interface OutcomeText {
  /**
   * Equal for answers `simulateGroup` finds equal (their `JSON.stringify` text): that text packed,
   * as one byte a character. `body` where that is the same text less its "{" (no body starts with
   * "{", as JSON.stringify's text does).
   */
  readonly key: string;
  /** The text of its group outcome after `{"sources":[...],`, candidates cut as `cutCandidates` cuts them; packed. */
  body(): string;
  /** `body` with `peer` and `route` null: the outcome of routing peers merged when each carries the traffic itself (LOCAL); null when not. */
  localBody(): string | null;
  /** Is there a `localBody`? */
  readonly local: boolean;
  readonly disposition: Disposition;
  readonly peer: PeerRef | null;
  readonly route: RouteRef | null;
  readonly nondeterministic: boolean;
  readonly drop_reason: DropReason | null;
  readonly assumptions: readonly string[];
  readonly assumption_ids: readonly AssumptionId[];
  readonly possible: readonly PeerRef[];
}

/** One outcome of a group answer as text: its members, what the summary reads, and its JSON text. */
export type GroupOutcomeText = SummaryOutcome & {
  readonly possible: readonly PeerRef[];
  /** The JSON of the group outcome `simulate -f json` writes. */
  text(): string;
};

export interface GroupAnswerText {
  readonly query: Query;
  readonly outcomes: readonly GroupOutcomeText[];
  /** As `GroupAnswer.leftOut`. */
  readonly leftOut?: LeftOut;
}

/** The fields of an answer in the order `groupOutcome` writes them. */
const ORDER = ['disposition', 'peer', 'route', 'nondeterministic', 'drop_reason', 'access', 'candidates', 'candidates_total', 'trace', 'assumptions', 'assumption_ids'];

/** `{"sources":[],`: what the text of a group outcome with no sources starts with. */
const NO_SOURCES = '{"sources":[],'.length;

/** The text of `o` as a group outcome's (candidates cut), after its sources. */
function bodyOf(o: Outcome): string {
  if (o.trace.length < MANY_STEPS) return JSON.stringify(cutCandidates(groupOutcome([], o))).slice(NO_SOURCES);
  // A long trace (a step per deciding set: hundreds on a covering account) is mostly steps shared
  // by many answers (frozen: explain.ts makes them once per set's choice), their text made once.
  const text = JSON.stringify(cutCandidates(groupOutcome([], { ...o, trace: NO_STEPS }))).slice(NO_SOURCES);
  // No string holds this unescaped: it is the trace's own key.
  const at = text.lastIndexOf(EMPTY_TRACE);
  return `${text.slice(0, at)}"trace":${traceText(o.trace)}${text.slice(at + EMPTY_TRACE.length)}`;
}

/** Past this many steps, a trace's text is made from each step's (see `bodyOf`). */
const MANY_STEPS = 16;
const NO_STEPS: readonly TraceStep[] = Object.freeze([]);
const EMPTY_TRACE = '"trace":[]';
const stepTexts = new WeakMap<TraceStep, string>();

/** `JSON.stringify(trace)`, the text of each frozen step kept for the next answer that holds it. */
function traceText(trace: readonly TraceStep[]): string {
  let out = '[';
  for (let i = 0; i < trace.length; i++) {
    const step = trace[i]!;
    let text = stepTexts.get(step);
    if (text === undefined) {
      text = JSON.stringify(step);
      if (Object.isFrozen(step)) stepTexts.set(step, text);
    }
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}]`;
}

/** Are the fields of `o` those `groupOutcome` writes, in its order (then `JSON.stringify(o)` is its body, when nothing is cut)? */
function inOrder(o: Outcome): boolean {
  let k = 0;
  for (const [name, value] of Object.entries(o)) {
    if (value === undefined) continue;
    while (k < ORDER.length && ORDER[k] !== name) k++;
    if (k === ORDER.length) return false;
    k++;
  }
  return true;
}

/**
 * An answer as text. `representative`: the member a shared serving answer was made for; when it
 * is its own LOCAL carrier, the merged outcome names none (`localBody`).
 */
export function outcomeText(o: Outcome, representative: string | null, { pack, unpack }: TextPacker = UNPACKED): OutcomeText {
  const body = pack(bodyOf(o));
  // The body is the answer's JSON without its "{" when nothing is cut and its fields are in order:
  // equal answers then have equal bodies.
  const key = o.candidates.length <= GROUP_CANDIDATE_LIMIT && inOrder(o) ? body : pack(JSON.stringify(o));
  const local = representative !== null && o.disposition === 'LOCAL' && o.peer?.id === representative ? pack(bodyOf({ ...o, peer: null, route: null })) : null;
  return {
    key,
    body: () => unpack(body),
    localBody: () => (local === null ? null : unpack(local)),
    local: local !== null,
    ...readFields(o),
  };
}

/** What the summary reads of an answer (`OutcomeText`'s fields besides its text). */
function readFields(o: Outcome): Omit<GroupOutcomeText, 'sources' | 'text'> {
  return { disposition: o.disposition, peer: o.peer, route: o.route, nondeterministic: o.nondeterministic, drop_reason: o.drop_reason, assumptions: o.assumptions, assumption_ids: o.assumption_ids, possible: possiblePeers(o) };
}

/**
 * The detail of the answer's `local` step ("the source itself serves ..."; a trace has at most
 * one), or null. Answers with different ones differ, and no answer without one equals one with
 * one: a member whose step no other member's answer has needs no key to be told apart.
 */
export function ownStep(o: Outcome): string | null {
  for (const step of o.trace) if (step.step === 'local') return step.detail;
  return null;
}

/**
 * An answer with a `local` step, told apart by it (`signature`). With `remake`, kept without its
 * text (`outcomeText` of what `remake` computes again, made only when its key or text is read): on
 * a covering account most members serve a set of their own, their answers are told apart by that
 * step (`ownStep`), and only the few the group answer lists are written. Without, written now.
 */
export function steppedText(o: Outcome, representative: string | null, packer: TextPacker, remake: (() => Outcome) | null): OutcomeText & { readonly signature: string } {
  const signature = ownStep(o)!;
  if (remake === null) return { ...outcomeText(o, representative, packer), signature };
  let text: OutcomeText | null = null;
  const written = (): OutcomeText => (text ??= outcomeText(remake(), representative, packer));
  return {
    get key() {
      return written().key;
    },
    body: () => written().body(),
    localBody: () => written().localBody(),
    local: representative !== null && o.disposition === 'LOCAL' && o.peer?.id === representative,
    ...readFields(o),
    signature,
  };
}

/** The group outcome of `sources` with the answer `t`. */
export function groupOutcomeText(sources: readonly PeerRef[], t: OutcomeText): GroupOutcomeText {
  return { ...summaryFields(t), sources, text: () => `{"sources":${JSON.stringify(sources)},${t.body()}` };
}

/** The outcome of routing peers merged by their own routes (index.ts `mergedOutcome`), as text. */
export function mergedText(sources: readonly PeerRef[], t: OutcomeText, own: readonly OwnRoutes[]): GroupOutcomeText {
  const withOwn = (body: () => string | null, routes: readonly OwnRoutes[]) => (): string => `{"sources":${JSON.stringify(sources)},${body()!.slice(0, -1)},"own_routes":${JSON.stringify(routes)}}`;
  const representative = own[0]!;
  if (!t.local || t.peer?.id !== representative.source.id) return { ...summaryFields(t), sources, text: withOwn(t.body, own) };
  // Each member carries the traffic itself: its route that does comes first.
  const route = t.route!;
  const k = representative.routes.findIndex((r) => r.id === route.id && r.network_id === route.network_id);
  const first = own.map((m) => (k <= 0 ? m : { source: m.source, routes: [m.routes[k]!, ...m.routes.filter((_, i) => i !== k)] }));
  return { ...summaryFields(t), peer: null, route: null, sources, text: withOwn(t.localBody, first) };
}

/**
 * How answers' text is kept: packed as the caller chooses (the CLI deflates it: answers on a
 * covering account repeat their candidate rows and prose, and a group's answers together are
 * several times the export). Equal texts must pack to equal strings, unequal ones to unequal ones.
 */
export interface TextPacker {
  pack(text: string): string;
  unpack(packed: string): string;
}

/** Text kept as it is. */
export const UNPACKED: TextPacker = { pack: (text) => text, unpack: (packed) => packed };

function summaryFields(t: OutcomeText): Omit<GroupOutcomeText, 'sources' | 'text'> {
  return { disposition: t.disposition, peer: t.peer, route: t.route, nondeterministic: t.nondeterministic, drop_reason: t.drop_reason, assumptions: t.assumptions, assumption_ids: t.assumption_ids, possible: t.possible };
}

// A group answer summed up by carrier: members whose traffic ends the same way (same disposition,
// same routing peer and route, same possible peers when nondeterministic, same drop reason) are one
// line, however their assumptions differ; each assumption then says which share of them it is
// about. The group answer's outcomes stay as they are (one per distinct full outcome); this is the
// view `simulate --from-group` starts with, and the data its JSON adds as `summary`.
import type { AssumptionId } from './assumptions.js';
import type { Disposition, GroupOutcome, LeftOut, PeerRef, RouteRef, SoleOutcome, SummaryOutcome } from './answer.js';

export type { LeftOut, SoleOutcome, SummaryOutcome };
import type { DropReason } from './fate.js';
import { compareByNameThenId } from '../order.js';

export interface AssumptionShare {
  readonly id: AssumptionId;
  readonly text: string;
  /** Members of the carrier it is made for. */
  readonly members: number;
  /** Those members, when they are not all of the carrier's members (absent when it holds for all). */
  readonly sources?: readonly PeerRef[];
}

export interface CarrierSummary {
  readonly disposition: Disposition;
  readonly peer: PeerRef | null;
  readonly route: RouteRef | null;
  readonly nondeterministic: boolean;
  /** When nondeterministic: every routing peer that may carry the traffic, by name. */
  readonly possible_peers: readonly PeerRef[];
  readonly drop_reason: DropReason | null;
  readonly members: number;
  /** `members` out of the group's members, 0 to 1. */
  readonly share: number;
  readonly sources: readonly PeerRef[];
  /** Indexes of the answer's `outcomes` merged into this line, largest first. */
  readonly outcomes: readonly number[];
  /** Every assumption of the merged outcomes, those made for all members first, in first-seen order. */
  readonly assumptions: readonly AssumptionShare[];
}

export interface GroupSummary {
  readonly members: number;
  /** The largest share first. */
  readonly carriers: readonly CarrierSummary[];
}


/** The routing peers a nondeterministic outcome may use. */
export function possiblePeers(o: Pick<GroupOutcome, 'nondeterministic' | 'candidates'>): PeerRef[] {
  if (!o.nondeterministic) return [];
  const byId = new Map(o.candidates.filter((c) => (c.reason === 'tied' || c.reason === 'conflict') && c.peer).map((c) => [c.peer!.id, c.peer!]));
  return [...byId.values()].sort(compareByNameThenId);
}

function carrierKey(o: SummaryOutcome, possible: readonly PeerRef[]): string {
  return JSON.stringify([o.disposition, o.peer?.id ?? null, o.route?.id ?? null, o.nondeterministic, possible.map((p) => p.id), o.drop_reason]);
}

/** A group answer as the summary reads it: its outcomes, and those it leaves out. */
export interface SummarizedAnswer {
  readonly outcomes: readonly SummaryOutcome[];
  readonly leftOut?: LeftOut;
}

function isSole(o: SummaryOutcome | SoleOutcome): o is SoleOutcome {
  return 'sole' in o;
}

/** One line of the summary before it is made: its outcomes (indexes in the answer's order, left-out ones after the listed) or its sole member. */
interface PendingLine {
  readonly members: number;
  readonly first: PeerRef;
  make(): CarrierSummary;
}

export function summarizeGroupAnswer(answer: SummarizedAnswer): GroupSummary & { readonly carriersLeftOut: number } {
  const listed = answer.outcomes.length;
  const all: readonly (SummaryOutcome | SoleOutcome)[] = answer.leftOut ? [...answer.outcomes, ...answer.leftOut.outcomes] : answer.outcomes;
  const total = all.reduce((n, o) => n + (isSole(o) ? 1 : o.sources.length), 0);
  const lines = new Map<string, { first: SummaryOutcome; possible: PeerRef[]; indexes: number[] }>();
  const pending: PendingLine[] = [];
  all.forEach((o, i) => {
    // A member alone in its own LOCAL outcome is alone in its carrier too (no other outcome names it as its carrier).
    if (isSole(o)) return pending.push({ members: 1, first: o.sole, make: () => soleLine(o.outcome(), total) });
    const possible = 'possible' in o ? [...o.possible] : possiblePeers(o);
    const key = carrierKey(o, possible);
    const line = lines.get(key);
    if (line) line.indexes.push(i);
    else lines.set(key, { first: o, possible, indexes: [i] });
  });
  for (const { possible, indexes } of lines.values()) {
    const merged = indexes.map((i) => all[i] as SummaryOutcome);
    const sources = merged.flatMap((o) => o.sources).sort(compareByNameThenId);
    pending.push({ members: sources.length, first: sources[0]!, make: () => carrierLine(merged, indexes.filter((i) => i < listed), total, possible, sources) });
  }
  pending.sort((a, b) => b.members - a.members || compareByNameThenId(a.first, b.first));
  const limit = answer.leftOut?.limit ?? pending.length;
  return { members: total, carriers: pending.slice(0, limit).map((p) => p.make()), carriersLeftOut: Math.max(0, pending.length - limit) };
}

function soleLine(o: SummaryOutcome, total: number): CarrierSummary {
  return carrierLine([o], [], total, 'possible' in o ? o.possible : possiblePeers(o));
}

/** The summary line of outcomes with one carrier; `indexes`: those of them the answer lists. */
function carrierLine(merged: readonly SummaryOutcome[], indexes: readonly number[], total: number, possible: readonly PeerRef[], sorted?: readonly PeerRef[]): CarrierSummary {
  const first = merged[0]!;
  const sources = sorted ?? merged.flatMap((o) => o.sources).sort(compareByNameThenId);
  const assumptions = new Map<string, { id: AssumptionId; text: string; sources: PeerRef[] }>();
  for (const o of merged) {
    o.assumption_ids.forEach((id, k) => {
      const text = o.assumptions[k] ?? '';
      const key = `${id}\u0000${text}`;
      const entry = assumptions.get(key);
      if (entry) entry.sources.push(...o.sources);
      else assumptions.set(key, { id, text, sources: [...o.sources] });
    });
  }
  const shares = [...assumptions.values()].map((a): AssumptionShare => ({ id: a.id, text: a.text, members: a.sources.length, ...(a.sources.length < sources.length ? { sources: a.sources.sort(compareByNameThenId) } : {}) }));
  // Those made for every member first; the order among each kind is the outcomes' own.
  shares.sort((a, b) => Number(a.sources !== undefined) - Number(b.sources !== undefined));
  return {
    disposition: first.disposition,
    peer: first.peer,
    route: first.route,
    nondeterministic: first.nondeterministic,
    possible_peers: possible,
    drop_reason: first.drop_reason,
    members: sources.length,
    share: total === 0 ? 0 : sources.length / total,
    sources,
    outcomes: indexes,
    assumptions: shares,
  };
}

// A set's candidate rows as the decision lists them (decision.ts): one verdict per route, held as a
// plain array, or as a template shared by every source of a class with the few rows of the
// source's own patched in (`PatchedRows`), read by index, by cut rank and counted without a copy.
import { cutRank, type CandidateReason } from './answer.js';
import type { Delivery, SimRoute, TemplatedDelivery } from './distribution.js';
import type { RowPatch } from './row-patch.js';

/** Where one candidate (one route, one routing peer) stands in the decision. */
export interface CandidateVerdict {
  readonly route: SimRoute;
  readonly delivery: Delivery;
  readonly reason: CandidateReason;
  /** Received and installed by the source, with a peer the client can use. */
  readonly eligible: boolean;
  readonly score: number | null;
}

/**
 * The candidate rows of one set: an array, a shared array with a few rows of the source's own,
 * or rows made again whenever read (`LazyRows`: kept by the decision memo for many answers).
 */
export type VerdictRows = readonly CandidateVerdict[] | PatchedRows | LazyRows;

const countsOf = new WeakMap<readonly CandidateVerdict[], readonly number[]>();

/** How many rows of each cut rank, once per list of rows (shared lists are counted once; `remember` false: a list nobody reads again). */
export function rowCounts(rows: VerdictRows, remember = true): readonly number[] {
  if (rows instanceof PatchedRows || rows instanceof LazyRows) return rows.counts;
  let c = remember ? countsOf.get(rows) : undefined;
  if (c) return c;
  const counts = [0, 0, 0];
  for (const p of rows) counts[cutRank(p.reason)]!++;
  if (remember) countsOf.set(rows, counts);
  return counts;
}

export function rowAt(rows: VerdictRows, i: number): CandidateVerdict {
  return rows instanceof PatchedRows || rows instanceof LazyRows ? rows.at(i) : rows[i]!;
}

/** Every row, in the set's order. */
export function rowList(rows: VerdictRows): readonly CandidateVerdict[] {
  return rows instanceof PatchedRows || rows instanceof LazyRows ? rows.list() : rows;
}

/** The rows of one cut rank, in the set's order. */
export function rowsOfRank(rows: VerdictRows, rank: number): CandidateVerdict[] {
  return rows instanceof PatchedRows ? rows.ofRank(rank) : rowList(rows).filter((p) => cutRank(p.reason) === rank);
}

/** Lists of at least this many rows are kept by `lazyRows` as their counts and a way to make them. */
const LAZY_ROWS = 4;

/**
 * A set's rows as the decision memo keeps them for every answer that may read them: an answer
 * reads the rows of the few sets its cut keeps and only the counts of the others, so a list of
 * more than a few rows is kept as its counts, and made again when read (`LazyRows`).
 */
export function lazyRows(make: () => readonly CandidateVerdict[]): VerdictRows {
  const rows = make();
  return rows.length < LAZY_ROWS ? rows : new LazyRows(rows, make);
}

/** The list `LazyRows` made last, kept while its rows are read one by one. */
let lastMade: { readonly of: LazyRows; readonly rows: readonly CandidateVerdict[] } | null = null;

/**
 * A set's rows, kept as their number and counts by cut rank, made again when read; kept once made
 * a second time: answers that read the rows of one set in turn (a set of a thousand routing peers
 * that every member's cut reaches) would each make every row again to read a few.
 */
export class LazyRows {
  readonly length: number;
  readonly counts: readonly number[];
  private kept: readonly CandidateVerdict[] | null = null;
  private made = 0;

  constructor(
    rows: readonly CandidateVerdict[],
    private readonly make: () => readonly CandidateVerdict[],
  ) {
    this.length = rows.length;
    const counts = [0, 0, 0];
    for (const p of rows) counts[cutRank(p.reason)]!++;
    this.counts = counts;
  }

  list(): readonly CandidateVerdict[] {
    if (this.kept) return this.kept;
    if (lastMade?.of !== this) {
      lastMade = { of: this, rows: this.make() };
      if (++this.made === 2) this.kept = lastMade.rows;
    }
    return lastMade.rows;
  }

  at(i: number): CandidateVerdict {
    return this.list()[i]!;
  }
}

/** Rows of a template by cut rank (their indexes), once per template. */
const templateRanks = new WeakMap<readonly CandidateVerdict[], { counts: number[]; byRank: number[][] }>();

/**
 * The rows of a `TemplatedDelivery`'s set: the template's rows but for the source's own (`patch`).
 * Read by index, by rank and counted without copying the template's rows.
 */
export class PatchedRows {
  private readonly ranks: { counts: number[]; byRank: number[][] };
  readonly counts: readonly number[];

  constructor(
    private readonly base: readonly CandidateVerdict[],
    private readonly patch: RowPatch<CandidateVerdict>,
  ) {
    let ranks = templateRanks.get(base);
    if (!ranks) {
      const byRank: number[][] = [[], [], []];
      base.forEach((p, i) => byRank[cutRank(p.reason)]!.push(i));
      templateRanks.set(base, (ranks = { counts: byRank.map((l) => l.length), byRank }));
    }
    this.ranks = ranks;
    const counts = [...ranks.counts];
    const { rows, values } = patch;
    for (let k = 0; k < rows.length; k++) {
      counts[cutRank(base[rows[k]!]!.reason)]!--;
      counts[cutRank(values[k]!.reason)]!++;
    }
    this.counts = counts;
  }

  get length(): number {
    return this.base.length;
  }

  at(i: number): CandidateVerdict {
    return this.patch.get(i) ?? this.base[i]!;
  }

  list(): CandidateVerdict[] {
    const base = this.base;
    return this.patch.over(
      base.length,
      (i) => base[i]!,
      (p) => p,
    );
  }

  /** The rows of one cut rank in the set's order: the template's of that rank less the patched ones, merged with the patched ones of that rank (both ascending). */
  ofRank(rank: number): CandidateVerdict[] {
    const template = this.ranks.byRank[rank]!;
    const { rows, values } = this.patch;
    const out: CandidateVerdict[] = [];
    let k = 0;
    for (let t = 0; t < template.length; t++) {
      const i = template[t]!;
      // Patched rows before this one: kept where their rank is this one.
      while (k < rows.length && rows[k]! < i) {
        if (cutRank(values[k]!.reason) === rank) out.push(values[k]!);
        k++;
      }
      if (k < rows.length && rows[k] === i) {
        if (cutRank(values[k]!.reason) === rank) out.push(values[k]!);
        k++;
        continue;
      }
      out.push(this.base[i]!);
    }
    for (; k < rows.length; k++) if (cutRank(values[k]!.reason) === rank) out.push(values[k]!);
    return out;
  }
}

/** The template rows of a TemplatedDelivery (none of its codes is `local` or `received`), once per template. */
const templateRows = new WeakMap<readonly Delivery[], readonly CandidateVerdict[]>();

/** `verdictOf`: the verdict of a patched row, as the decision gives it (decision.ts `verdictOf`). */
export function patchedRows(d: TemplatedDelivery, verdictOf: (route: SimRoute, delivery: Delivery) => CandidateVerdict): PatchedRows {
  let base = templateRows.get(d.template);
  if (!base) templateRows.set(d.template, (base = d.template.map((delivery, i) => ({ route: d.set.routes[i]!, delivery, reason: delivery as CandidateReason, eligible: false, score: null }))));
  return new PatchedRows(
    base,
    d.patch.map((delivery, i) => verdictOf(d.set.routes[i]!, delivery)),
  );
}

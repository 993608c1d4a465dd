// The reachability section: the simulator's matrix of HA sets by distribution groups.
import { mostReachedFirst, reachabilityOf, type ReachabilityCell, type SetRef } from '../../analysis/reachability.js';
import type { Model, Section } from '../../model/types.js';
import type { PeerStates } from '../../simulate/peer-states.js';
import type { HaSetReport, ReachabilityReport } from './types.js';
import { DISPOSITIONS, type Disposition } from '../../simulate/answer.js';
import { compareStrings } from '../../order.js';

/** Sections the simulator needs that the export lacks. */
export function missingForSimulation(model: Model): Section[] {
  return [...(model.groups ? [] : ['groups' as const]), ...(model.peers ? [] : ['peers' as const])];
}

/** Peer states and an exit node to build the matrix with (the page's what-ifs); none: every routing peer connected, no exit node picked. */
export interface MatrixWhatIf {
  readonly states: PeerStates;
  readonly exitNode: string | null;
}

/**
 * The matrix laid out as rows (HA sets) by columns (groups): every set distributed to a group,
 * the set whose cells reach the most members first (ties in the order of the HA sets section),
 * with totals per disposition over the simulated cells, and the cells left unsimulated counted.
 */
export function reachabilityReportOf(model: Model, haSets: readonly Pick<HaSetReport, 'key'>[], whatIf?: MatrixWhatIf, maxWork?: number): ReachabilityReport {
  const missing = missingForSimulation(model);
  if (missing.length > 0) return { missing, groups: [], rows: [], totals: [], unsimulated: { sets: 0, cells: 0, members: 0 } };
  const matrix = reachabilityOf(model, whatIf?.states, { exitNode: whatIf?.exitNode ?? null, ...(maxWork !== undefined ? { maxWork } : {}) });
  type Row = { set: SetRef; destination: string; members: number; cells: ReachabilityCell[] };
  const rowList: Row[] = [];
  let row: Row | null = null;
  const totals = new Map<string, { disposition: Disposition; cells: number; members: number }>();
  const unsimulated = { sets: 0, cells: 0, members: 0 };
  for (const cell of matrix.cells) {
    // The matrix's cells come by set, then group name: a set's cells are one run, in column order.
    if (row === null || row.set.key !== cell.set.key) rowList.push((row = { set: cell.set, destination: cell.destination, members: 0, cells: [] }));
    row.cells.push(cell);
    row.members += cell.members;
    if (!cell.simulated) {
      unsimulated.cells++;
      unsimulated.members += cell.members;
    }
    for (const o of cell.outcomes) {
      let t = totals.get(o.disposition);
      if (!t) totals.set(o.disposition, (t = { disposition: o.disposition, cells: 0, members: 0 }));
      t.cells++;
      t.members += o.members;
    }
  }
  const order = new Map(haSets.map((s, i) => [s.key, i]));
  // Read once per row, not per comparison (a hundred thousand rows).
  const keyed = rowList.map((row) => ({ row, unsimulated: row.cells.some((c) => !c.simulated) ? 1 : 0, rank: order.get(row.set.key) ?? haSets.length }));
  unsimulated.sets = keyed.filter((k) => k.unsimulated === 1).length;
  // Each row has a place of its own in the HA sets section (the report passes every set): sorted as
  // numbers, members then simulated first as one reach (twice the members, one more when
  // simulated), by place; else (rows without a place share one) by the comparator.
  const seen = new Uint8Array(haSets.length + 1);
  let distinct = true;
  for (const k of keyed) {
    if (seen[k.rank] === 1) distinct = false;
    seen[k.rank] = 1;
  }
  let rows: Row[];
  if (distinct) {
    const byRank: Row[] = new Array(haSets.length + 1);
    for (const k of keyed) byRank[k.rank] = k.row;
    const reach = keyed.map((k) => 2 * k.row.members + 1 - k.unsimulated);
    rows = mostReachedFirst(
      reach,
      keyed.map((k) => k.rank),
      haSets.length + 1,
    ).map((rank) => byRank[rank]!);
  } else {
    keyed.sort((a, b) => b.row.members - a.row.members || a.unsimulated - b.unsimulated || a.rank - b.rank || compareStrings(a.row.set.key, b.row.set.key));
    rows = keyed.map((k) => k.row);
  }
  return { missing, groups: matrix.groups, rows, totals: DISPOSITIONS.flatMap((d) => totals.get(d) ?? []), unsimulated };
}

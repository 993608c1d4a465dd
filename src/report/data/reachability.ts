// The reachability section: the simulator's matrix of HA sets by distribution groups.
import { reachabilityOf, type ReachabilityCell, type SetRef } from '../../analysis/reachability.js';
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
 * with totals per disposition over the whole matrix.
 */
export function reachabilityReportOf(model: Model, haSets: readonly Pick<HaSetReport, 'key'>[], whatIf?: MatrixWhatIf): ReachabilityReport {
  const missing = missingForSimulation(model);
  if (missing.length > 0) return { missing, groups: [], rows: [], totals: [] };
  const matrix = reachabilityOf(model, whatIf?.states, { exitNode: whatIf?.exitNode ?? null });
  const column = new Map(matrix.groups.map((g, i) => [g.id, i]));
  const rowByKey = new Map<string, { set: SetRef; destination: string; members: number; cells: (ReachabilityCell | null)[] }>();
  const totals = new Map<string, { disposition: Disposition; cells: number; members: number }>();
  for (const cell of matrix.cells) {
    let row = rowByKey.get(cell.set.key);
    if (!row) rowByKey.set(cell.set.key, (row = { set: cell.set, destination: cell.destination, members: 0, cells: matrix.groups.map(() => null) }));
    row.cells[column.get(cell.group.id)!] = cell;
    for (const o of cell.outcomes) {
      row.members += o.members;
      let t = totals.get(o.disposition);
      if (!t) totals.set(o.disposition, (t = { disposition: o.disposition, cells: 0, members: 0 }));
      t.cells++;
      t.members += o.members;
    }
  }
  const order = new Map(haSets.map((s, i) => [s.key, i]));
  const rank = (key: string) => order.get(key) ?? haSets.length;
  const rows = [...rowByKey.values()].sort((a, b) => b.members - a.members || rank(a.set.key) - rank(b.set.key) || compareStrings(a.set.key, b.set.key));
  return { missing, groups: matrix.groups, rows, totals: DISPOSITIONS.flatMap((d) => totals.get(d) ?? []) };
}

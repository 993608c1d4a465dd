// The reachability section: the simulator's matrix of HA sets by distribution groups.
import { reachabilityOf, type ReachabilityCell, type SetRef } from '../../analysis/reachability.js';
import type { Model, Section } from '../../model/types.js';
import type { PeerStates } from '../../simulate/peer-states.js';
import type { HaSetReport, ReachabilityReport } from './types.js';

/** Sections the simulator needs that the export lacks. */
export function missingForSimulation(model: Model): Section[] {
  return [...(model.groups ? [] : ['groups' as const]), ...(model.peers ? [] : ['peers' as const])];
}

/** Peer states and an exit node to build the matrix with (the page's what-ifs); none: every routing peer connected, no exit node picked. */
export interface MatrixWhatIf {
  readonly states: PeerStates;
  readonly exitNode: string | null;
}

/** The matrix laid out as rows (HA sets, in the order of the HA sets section) by columns (groups). */
export function reachabilityReportOf(model: Model, haSets: readonly Pick<HaSetReport, 'key'>[], maxSimulations: number, whatIf?: MatrixWhatIf): ReachabilityReport {
  const missing = missingForSimulation(model);
  if (missing.length > 0) return { missing, omittedSets: 0, groups: [], rows: [] };
  const matrix = reachabilityOf(model, whatIf?.states, { maxSimulations, exitNode: whatIf?.exitNode ?? null });
  const column = new Map(matrix.groups.map((g, i) => [g.id, i]));
  const rowByKey = new Map<string, { set: SetRef; destination: string; cells: (ReachabilityCell | null)[] }>();
  for (const cell of matrix.cells) {
    let row = rowByKey.get(cell.set.key);
    if (!row) rowByKey.set(cell.set.key, (row = { set: cell.set, destination: cell.destination, cells: matrix.groups.map(() => null) }));
    row.cells[column.get(cell.group.id)!] = cell;
  }
  const order = new Map(haSets.map((s, i) => [s.key, i]));
  const rows = [...rowByKey.values()].sort((a, b) => order.get(a.set.key)! - order.get(b.set.key)!);
  return { missing, omittedSets: matrix.omittedSets ?? 0, groups: matrix.groups, rows };
}

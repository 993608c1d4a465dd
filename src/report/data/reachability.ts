// The reachability section: the simulator's matrix of HA sets by distribution groups.
import { reachabilityOf, type ReachabilityCell, type SetRef } from '../../analysis/reachability.js';
import type { Model, Section } from '../../model/types.js';
import type { HaSetReport, ReachabilityReport } from './types.js';

/** Sections the simulator needs that the export lacks. */
export function missingForSimulation(model: Model): Section[] {
  return [...(model.groups ? [] : ['groups' as const]), ...(model.peers ? [] : ['peers' as const])];
}

/** The matrix laid out as rows (HA sets, in the order of the HA sets section) by columns (groups). */
export function reachabilityReportOf(model: Model, haSets: readonly HaSetReport[], maxSimulations: number): ReachabilityReport {
  const missing = missingForSimulation(model);
  if (missing.length > 0) return { missing, omittedSets: 0, groups: [], rows: [] };
  const matrix = reachabilityOf(model, undefined, { maxSimulations });
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

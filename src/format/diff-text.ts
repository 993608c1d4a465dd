// The diff for a terminal: a summary line, then routing behaviour, exit nodes, HA sets, findings
// introduced and fixed, and routes added, removed and changed. A pure function of the diff.
import type { BehaviourChange, Diff, ExitNodeChange, FieldChange, FindingRef, RouteRefSummary } from '../diff/types.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The line that says what the exit code says. */
export function headline(diff: Diff): string {
  const s = diff.summary;
  if (!s.behaviourCompared) {
    return s.routingChanged ? 'Routes changed; routing behaviour was not compared (exit code 1)' : 'No route changes that can affect routing; routing behaviour was not compared (exit code 0)';
  }
  if (!s.routingChanged) return 'Nothing changes for routing (exit code 0)';
  return `Routing changes: ${plural(s.behaviourChanges, 'behaviour change')}, ${plural(s.exitNodeChanges, 'exit node change')} (exit code 1)`;
}

/** A field value as it reads in the export. */
export function valueText(value: unknown): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** One field change in a few words: names for groups and peers, values otherwise. */
export function fieldChangeText(f: FieldChange): string {
  if (f.added || f.removed) {
    const parts = [
      f.added && f.added.length > 0 ? `added ${f.added.map((g) => g.name).join(', ')}` : '',
      f.removed && f.removed.length > 0 ? `removed ${f.removed.map((g) => g.name).join(', ')}` : '',
    ].filter(Boolean);
    return parts.join('; ');
  }
  if (f.field === 'peer') return `${f.oldName ?? valueText(f.old)} → ${f.newName ?? valueText(f.new)}`;
  return `${valueText(f.old)} → ${valueText(f.new)}`;
}

function routeLine(mark: string, r: RouteRefSummary): string {
  const description = r.description ? `  "${r.description}"` : '';
  return `  ${mark} ${r.id}  ${r.network_id} ${r.target}${description}`;
}

function findingLine(mark: string, f: FindingRef): string {
  const route = f.routeId ? ` route ${f.routeId}` : '';
  return `  ${mark} ${f.severity} ${f.ruleId}${route}: ${f.message}`;
}

function kindColumn(items: readonly (BehaviourChange | ExitNodeChange)[]): (kind: string) => string {
  const width = Math.max(0, ...items.map((i) => i.kind.length));
  return (kind) => kind.padEnd(width);
}

export function formatDiffText(diff: Diff): string {
  const s = diff.summary;
  const lines: string[] = [`routelint diff ${diff.old} → ${diff.new}`, headline(diff), ''];

  if (!s.behaviourCompared) {
    lines.push(`Routing behaviour: not compared (${s.behaviourNotCompared})`, '');
  } else {
    const pad = kindColumn(diff.behaviour);
    lines.push(diff.behaviour.length === 0 ? 'Routing behaviour: no change' : `Routing behaviour (${diff.behaviour.length})`);
    for (const c of diff.behaviour) lines.push(`  ${pad(c.kind)}  ${c.message}`);
    lines.push('');
    const padExit = kindColumn(diff.exitNodes);
    lines.push(diff.exitNodes.length === 0 ? 'Exit nodes: no change' : `Exit nodes (${diff.exitNodes.length})`);
    for (const c of diff.exitNodes) lines.push(`  ${padExit(c.kind)}  ${c.message}`);
    lines.push('');
  }

  const sets = diff.haSets;
  if (sets.added.length + sets.removed.length + sets.renamed.length > 0) {
    lines.push(`HA sets: ${sets.added.length} added, ${sets.removed.length} removed, ${sets.renamed.length} renamed`);
    for (const r of sets.renamed) lines.push(`  renamed  ${r.old.networkId} ${r.old.target} → ${r.new.networkId}${r.sharedRouteIds.length > 0 ? ` (routes ${r.sharedRouteIds.join(', ')})` : ''}`);
    for (const a of sets.added) lines.push(`  added    ${a.networkId} ${a.target}`);
    for (const r of sets.removed) lines.push(`  removed  ${r.networkId} ${r.target}`);
    lines.push('');
  }

  const f = diff.findings;
  lines.push(`Findings: ${f.introduced.length} introduced, ${f.fixed.length} fixed`);
  for (const x of f.introduced) lines.push(findingLine('+', x));
  for (const x of f.fixed) lines.push(findingLine('-', x));
  lines.push('');

  const r = diff.routes;
  lines.push(`Routes: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed`);
  for (const x of r.added) lines.push(routeLine('+', x));
  for (const x of r.removed) lines.push(routeLine('-', x));
  for (const x of r.changed) {
    lines.push(routeLine('~', x));
    for (const field of x.fields) lines.push(`      ${field.field}: ${fieldChangeText(field)}`);
  }

  if (diff.notes.length > 0) {
    lines.push('', 'Assumptions and notes');
    for (const n of diff.notes) lines.push(`  - ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

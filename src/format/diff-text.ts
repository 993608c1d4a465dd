// The diff for a terminal: a summary line, then routing behaviour, exit nodes, HA sets, findings
// introduced and fixed, and routes added, removed and changed; the groups, peers and policies that
// changed, each behaviour change followed by the ones that caused it. A pure function of the diff.
// Every value from the exports (and the prose built from them) is shown through `terminalText`
// (escape.ts): control characters as visible escapes, long values cut; each line then goes
// through it once more, uncut, as a net.
import { terminalLines, terminalText as v } from '../escape.js';
import type { BehaviourChange, Caused, ChangeRef, Diff, ExitNodeChange, FindingRef, RouteRefSummary } from '../diff/types.js';

import { fieldChangeText, ceilingReason } from '../diff/describe.js';

export { fieldChangeText, valueText } from '../diff/describe.js';

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

function routeLine(mark: string, r: RouteRefSummary): string {
  const description = r.description ? `  "${v(r.description)}"` : '';
  return `  ${mark} ${v(r.id)}  ${v(r.network_id)} ${v(r.target)}${description}`;
}

function findingLine(mark: string, f: FindingRef): string {
  const route = f.routeId ? ` route ${v(f.routeId)}` : '';
  return `  ${mark} ${f.severity} ${f.ruleId}${route}: ${v(f.message)}`;
}

/** A cause in a few words: the kind and the name; the Account changes section says what changed. */
export function causeText(ref: ChangeRef, diff: Diff): string {
  if (ref.kind === 'route') return `route ${ref.id}`;
  return `${ref.kind} ${accountNames(diff).get(`${ref.kind}\u0000${ref.id}`) ?? ref.id}`;
}

const namesByDiff = new WeakMap<Diff, Map<string, string>>();

/** The names of the groups, peers and policies that changed, by kind and id: looked up, not searched for each cause. */
function accountNames(diff: Diff): Map<string, string> {
  let names = namesByDiff.get(diff);
  if (!names) {
    names = new Map();
    // The first entry of an id wins, as a search would find it.
    const add = (kind: string, ref: { id: string; name: string }) => {
      const key = `${kind}\u0000${ref.id}`;
      if (!names!.has(key)) names!.set(key, ref.name);
    };
    for (const g of diff.account.groups) add('group', g.group);
    for (const p of diff.account.peers) add('peer', p.peer);
    for (const p of diff.account.policies) add('policy', p.policy);
    namesByDiff.set(diff, names);
  }
  return names;
}

/** The line under a section whose changes were not all listed. */
function leftOutLine(leftOut: number, what: string, ceilingReached: boolean): string[] {
  const how = ceilingReached ? ceilingReason() : '--max-changes N to list more, 0 for all';
  return leftOut > 0 ? [`  … ${leftOut} more ${what} not listed (${how}); the largest audiences are listed first`] : [];
}

function causeLines(c: Caused<BehaviourChange | ExitNodeChange>, diff: Diff, indent: string): string[] {
  const more = c.causesLeftOut ? ` and ${c.causesLeftOut} more` : '';
  return c.causes.length === 0 ? [] : [`${indent}caused by: ${c.causes.map((r) => v(causeText(r, diff))).join(', ')}${more}`];
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

/** The groups, peers and policies that changed, one line each. */
function accountLines(diff: Diff): string[] {
  const a = diff.account;
  const s = diff.summary;
  const lines = [`Account: ${plural(s.groupChanges, 'group')}, ${plural(s.peerChanges, 'peer')}, ${plural(s.policyChanges, 'policy', 'policies')} changed`];
  for (const g of a.groups) lines.push(`  ${MARK[g.change]} ${v(g.message)}`);
  for (const p of a.peers) lines.push(`  ${MARK[p.change]} ${v(p.message)}`);
  for (const p of a.policies) lines.push(`  ${MARK[p.change]} ${v(p.message)}`);
  return lines;
}

function kindColumn(items: readonly (BehaviourChange | ExitNodeChange)[]): (kind: string) => string {
  const width = Math.max(0, ...items.map((i) => i.kind.length));
  return (kind) => kind.padEnd(width);
}

export function formatDiffText(diff: Diff): string {
  const s = diff.summary;
  const lines: string[] = [`routelint diff ${v(diff.old)} → ${v(diff.new)}`, headline(diff), ''];

  if (!s.behaviourCompared) {
    lines.push(`Routing behaviour: not compared (${v(s.behaviourNotCompared ?? '')})`, '');
  } else {
    const pad = kindColumn(diff.behaviour);
    lines.push(s.behaviourChanges === 0 ? 'Routing behaviour: no change' : `Routing behaviour (${s.behaviourChanges})`);
    for (const c of diff.behaviour) lines.push(`  ${pad(c.kind)}  ${v(c.message)}`, ...causeLines(c, diff, `  ${pad('')}  `));
    lines.push(...leftOutLine(s.behaviourChangesLeftOut, 'behaviour changes', s.listingCeilingReached), '');
    const padExit = kindColumn(diff.exitNodes);
    lines.push(s.exitNodeChanges === 0 ? 'Exit nodes: no change' : `Exit nodes (${s.exitNodeChanges})`);
    for (const c of diff.exitNodes) lines.push(`  ${padExit(c.kind)}  ${v(c.message)}`, ...causeLines(c, diff, `  ${padExit('')}  `));
    lines.push(...leftOutLine(s.exitNodeChangesLeftOut, 'exit node changes', s.listingCeilingReached), '');
  }
  lines.push(...accountLines(diff), '');

  const sets = diff.haSets;
  if (sets.added.length + sets.removed.length + sets.renamed.length > 0) {
    lines.push(`HA sets: ${sets.added.length} added, ${sets.removed.length} removed, ${sets.renamed.length} renamed`);
    for (const r of sets.renamed) lines.push(`  renamed  ${v(r.old.networkId)} ${v(r.old.target)} → ${v(r.new.networkId)}${r.sharedRouteIds.length > 0 ? ` (routes ${r.sharedRouteIds.map((id) => v(id)).join(', ')})` : ''}`);
    for (const a of sets.added) lines.push(`  added    ${v(a.networkId)} ${v(a.target)}`);
    for (const r of sets.removed) lines.push(`  removed  ${v(r.networkId)} ${v(r.target)}`);
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
    for (const field of x.fields) lines.push(`      ${v(field.field)}: ${fieldChangeText(field, (text) => v(text))}`);
  }

  if (diff.notes.length > 0) {
    lines.push('', 'Assumptions and notes');
    for (const n of diff.notes) lines.push(`  - ${v(n)}`);
  }
  return `${terminalLines(lines)}\n`;
}

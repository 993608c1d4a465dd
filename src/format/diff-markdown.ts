// The diff as a pull request comment (GitHub-flavoured Markdown): a heading that says whether
// routing changes, a summary line, one table per section, and long tables folded in <details>.
// A pure function of the diff.
import type { Carrier, ChangeRef, Diff, FieldChange } from '../diff/types.js';
import { carrierText, ceilingReason, sourceCount } from '../diff/describe.js';
import type { PeerRef } from '../simulate/answer.js';
import { causeText, fieldChangeText, valueText } from './diff-text.js';
import { escapeMarkdown as cell, markdownCode as code } from '../escape.js';

/** Tables longer than this are folded. */
const FOLD_AFTER = 10;

function table(header: readonly string[], rows: readonly (readonly string[])[], what: string): string[] {
  const out = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  if (rows.length <= FOLD_AFTER) return [...out, ''];
  return [`<details><summary>${rows.length} ${what}</summary>`, '', ...out, '', '</details>', ''];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function membersCell(c: { scope: string; sources: readonly PeerRef[]; sourcesLeftOut?: number; members: number }): string {
  if (c.scope === 'group') return `all ${c.members}`;
  const more = c.sourcesLeftOut ? ` and ${c.sourcesLeftOut} more` : '';
  return `${sourceCount(c)} of ${c.members}: ${c.sources.map((s) => cell(s.name)).join(', ')}${more}`;
}

/** The line under a section whose changes were not all listed. */
function leftOutLine(leftOut: number, what: string, ceilingReached: boolean): string[] {
  const how = ceilingReached ? ceilingReason() : '`--max-changes N` to list more, `0` for all';
  return leftOut > 0 ? [`_${leftOut} more ${what} not listed (${how}); the largest audiences are listed first._`, ''] : [];
}

function carrierCell(c: Carrier): string {
  const via = c.networkIds.length > 0 ? ` (${c.networkIds.join(', ')})` : '';
  return cell(`${carrierText(c)}${via}`);
}

/** Groups and peers by name; other values as they read in the export. */
function fieldCell(f: FieldChange): string {
  if (f.added !== undefined || f.field === 'peer') return fieldChangeText(f, cell);
  return `${code(valueText(f.old))} → ${code(valueText(f.new))}`;
}

function causesCell(causes: readonly ChangeRef[], diff: Diff, leftOut = 0): string {
  return cell(`${causes.map((r) => causeText(r, diff)).join(', ')}${leftOut > 0 ? ` and ${leftOut} more` : ''}`);
}

function heading(diff: Diff): string {
  const s = diff.summary;
  if (!s.behaviourCompared) return s.routingChanged ? 'routes changed (behaviour not compared)' : 'no route changes that can affect routing (behaviour not compared)';
  return s.routingChanged ? 'routing changes' : 'nothing changes for routing';
}

export function formatDiffMarkdown(diff: Diff): string {
  const s = diff.summary;
  const lines: string[] = [`### routelint diff: ${heading(diff)}`, ''];
  const counts = [
    s.behaviourCompared ? `**${plural(s.behaviourChanges, 'behaviour change')}**` : '**behaviour not compared**',
    s.behaviourCompared ? plural(s.exitNodeChanges, 'exit node change') : '',
    `${s.findingsIntroduced} ${s.findingsIntroduced === 1 ? 'finding' : 'findings'} introduced, ${s.findingsFixed} fixed`,
    `routes: ${s.routesAdded} added, ${s.routesRemoved} removed, ${s.routesChanged} changed`,
    `${plural(s.groupChanges, 'group')}, ${plural(s.peerChanges, 'peer')}, ${plural(s.policyChanges, 'policy', 'policies')} changed`,
  ].filter(Boolean);
  lines.push(`${counts.join(' · ')}`, '', `${code(diff.old)} → ${code(diff.new)}`, '');

  if (!s.behaviourCompared) {
    lines.push(`> Routing behaviour was not compared: ${cell(s.behaviourNotCompared ?? '')}.`, '');
  }
  if (diff.behaviour.length > 0) {
    lines.push('#### Routing behaviour', '');
    lines.push(
      ...table(
        ['Destination', 'Group', 'Members', 'Change', 'Before', 'After', 'Caused by'],
        diff.behaviour.map((c) => [code(c.destination), cell(c.group.name), membersCell(c), code(c.kind), carrierCell(c.old), carrierCell(c.new), causesCell(c.causes, diff, c.causesLeftOut)]),
        'behaviour changes',
      ),
      ...leftOutLine(s.behaviourChangesLeftOut, 'behaviour changes', s.listingCeilingReached),
    );
  }
  if (diff.exitNodes.length > 0) {
    lines.push('#### Exit nodes (auto-applied)', '');
    lines.push(...table(['Group', 'Members', 'Change', 'Before', 'After', 'Caused by'], diff.exitNodes.map((c) => [cell(c.group.name), membersCell(c), code(c.kind), cell(c.old ?? 'none'), cell(c.new ?? 'none'), causesCell(c.causes, diff, c.causesLeftOut)]), 'exit node changes'), ...leftOutLine(s.exitNodeChangesLeftOut, 'exit node changes', s.listingCeilingReached));
  }
  const account = diff.account;
  if (account.groups.length + account.peers.length + account.policies.length > 0) {
    lines.push('#### Groups, peers and policies', '');
    const rows = [
      ...account.groups.map((g) => ['group', code(g.group.id), g.change, cell(g.message)]),
      ...account.peers.map((p) => ['peer', code(p.peer.id), p.change, cell(p.message)]),
      ...account.policies.map((p) => ['policy', code(p.policy.id), p.change, cell(p.message)]),
    ];
    lines.push(...table(['Object', 'id', 'Change', 'What changed'], rows, 'group, peer and policy changes'));
  }
  const sets = diff.haSets;
  if (sets.added.length + sets.removed.length + sets.renamed.length > 0) {
    lines.push('#### HA sets', '');
    lines.push(
      ...table(
        ['Change', 'network_id', 'Target'],
        [
          ...sets.renamed.map((r) => ['renamed', `${code(r.old.networkId)} → ${code(r.new.networkId)}`, code(r.new.target)]),
          ...sets.added.map((a) => ['added', code(a.networkId), code(a.target)]),
          ...sets.removed.map((r) => ['removed', code(r.networkId), code(r.target)]),
        ],
        'HA set changes',
      ),
    );
  }
  for (const [findings, title] of [
    [diff.findings.introduced, 'Findings introduced'],
    [diff.findings.fixed, 'Findings fixed'],
  ] as const) {
    if (findings.length === 0) continue;
    lines.push(`#### ${title}`, '');
    lines.push(...table(['Severity', 'Rule', 'Route', 'Message'], findings.map((f) => [f.severity, code(f.ruleId), code(f.routeId ?? ''), cell(f.message)]), 'findings'));
  }
  const r = diff.routes;
  if (r.added.length + r.removed.length + r.changed.length > 0) {
    lines.push('#### Routes', '');
    const rows: string[][] = [
      ...r.added.map((x) => [code(x.id), code(x.network_id), code(x.target), 'added', '', '']),
      ...r.removed.map((x) => [code(x.id), code(x.network_id), code(x.target), 'removed', '', '']),
      ...r.changed.flatMap((x) => x.fields.map((f) => [code(x.id), code(x.network_id), code(x.target), 'changed', code(f.field), fieldCell(f)])),
    ];
    lines.push(...table(['Route', 'network_id', 'Target', 'Change', 'Field', 'Before → after'], rows, 'route changes'));
  }
  if (diff.notes.length > 0) {
    lines.push('<details><summary>Assumptions and notes</summary>', '', ...diff.notes.map((n) => `- ${cell(n)}`), '', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

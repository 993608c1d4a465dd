// The Markdown renderer of the report: the HTML report's sections as GitHub-flavoured tables, for a
// wiki page or a pull request. Headings slug to the same ids as the HTML sections (#summary,
// #inventory, …). The pictures are left out with a note. Every text from the export is escaped.
import type { CellOutcome } from '../analysis/reachability.js';
import { DISPLAY_LIMITS, REPORT_SECTIONS, type FindingCounts, type FindingGroup, type InventoryRoute, type Ref, type ReportData, type SectionId, type WorstSeverity } from './data.js';
import { escapeMarkdown as md, markdownCode as code } from '../escape.js';
import { asOfText, HEALTH_TEXT, plural } from './words.js';

const SEVERITY_MARK: Record<WorstSeverity, string> = { error: '❌ error', warning: '⚠️ warning', none: '✅ ok' };

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(head), line(sep), ...rows.map(line)].join('\n');
}

function names(refs: readonly Ref[], total = refs.length): string {
  if (refs.length === 0) return '—';
  const more = total - Math.min(refs.length, DISPLAY_LIMITS.names);
  return `${refs.slice(0, DISPLAY_LIMITS.names).map((r) => md(r.name)).join(', ')}${more > 0 ? `, +${more} more` : ''}`;
}

function counts(c: FindingCounts): string {
  const parts = [...(c.error > 0 ? [plural(c.error, 'error')] : []), ...(c.warning > 0 ? [plural(c.warning, 'warning')] : [])];
  return parts.length === 0 ? '—' : parts.join(', ');
}

function heading(id: SectionId): string {
  return `## ${REPORT_SECTIONS.find(([s]) => s === id)![1]}`;
}

function summary(data: ReportData): string {
  const s = data.summary;
  const section = (n: number | null, one: string, many?: string) => (n === null ? 'not in the export' : plural(n, one, many));
  const rows: string[][] = [
    ['Routes', `${s.routes} (${s.enabledRoutes} enabled)`],
    ['HA sets', String(s.haSets)],
    ['Routing peers', String(s.routingPeers)],
    ['Exit nodes', String(s.exitNodes)],
    ['Domain routes', String(s.domainRoutes)],
    ['Errors', String(s.findings.error)],
    ['Warnings', String(s.findings.warning)],
    ['Suppressed findings', String(s.suppressedFindings)],
    ['Skipped rules', String(s.skippedRules)],
    ['Peers', section(s.peers, 'peer')],
    ['Groups', section(s.groups, 'group')],
    ['Policies', section(s.policies, 'policy', 'policies')],
  ];
  return `${heading('summary')}\n\n${table(['', 'count'], rows, ['l', 'r'])}`;
}

/** A rule's name, linked to its documentation under the package's homepage when there is one (a relative path would lead nowhere in a wiki or a pull request). */
function ruleName(ruleId: string, docsUrl: string | null): string {
  return docsUrl === null ? md(ruleId) : `[${md(ruleId)}](${docsUrl})`;
}

function findingGroup(g: FindingGroup): string {
  const title = g.ruleId ? `### ${ruleName(g.ruleId, g.docsUrl)} · ${counts(g.counts)}` : `### Files that do not parse · ${counts(g.counts)}`;
  const rows = g.findings.slice(0, DISPLAY_LIMITS.findingsPerRule).map((f) => [
    SEVERITY_MARK[f.severity],
    // The explanation on a line of its own inside the cell (GitHub renders <br> in tables).
    f.explanation ? `**${md(f.message)}**<br>${md(f.explanation)}` : md(f.message),
    f.routeId ? `${f.networkId ? `${md(f.networkId)} ` : ''}${code(f.routeId)}` : '—',
    code(`${f.file}:${f.line}:${f.column}`),
  ]);
  const more = g.findings.length - DISPLAY_LIMITS.findingsPerRule;
  const tail = more > 0 ? `\n\n${more} more findings of this rule; \`routelint lint --format json\` lists them all.` : '';
  return `${title}\n\n${g.description ? `${md(g.description)}\n\n` : ''}${table(['severity', 'finding', 'route', 'location'], rows)}${tail}`;
}

function findings(data: ReportData): string {
  const parts = [heading('findings')];
  if (data.findings.length === 0) parts.push('No findings: every rule that ran is satisfied.');
  parts.push(...data.findings.map(findingGroup));
  if (data.suppressed.length > 0) {
    parts.push(
      `### Suppressed by the config`,
      table(
        ['rule', 'finding', 'route', 'reason'],
        data.suppressed.map((f) => [md(f.ruleId ?? ''), md(f.message), f.routeId ? code(f.routeId) : '—', md(f.suppressedBecause ?? '')]),
      ),
    );
  }
  if (data.skippedRules.length > 0) {
    parts.push(
      `### Skipped rules`,
      table(
        ['rule', 'missing sections', 'what did not run'],
        data.skippedRules.map((s) => [ruleName(s.ruleId, s.docsUrl), s.missing.join(', '), s.partial ? md(s.partial) : 'the whole rule']),
      ),
    );
  }
  return parts.join('\n\n');
}

function routingPeers(r: InventoryRoute): string {
  const via = r.peerGroups.length > 0 ? ` (via ${names(r.peerGroups)})` : '';
  if (r.routingPeers === null) return `peer groups ${names(r.peerGroups)}, not expanded`;
  return `${r.routingPeers.length === 0 ? '**none**' : names(r.routingPeers)}${via}`;
}

function inventory(data: ReportData): string {
  const rows = data.routes.slice(0, DISPLAY_LIMITS.inventoryRoutes).map((r) => [
    md(r.networkId),
    code(r.target),
    `${md(r.networkType || r.kind)}${r.isExit ? ' (exit)' : ''}`,
    routingPeers(r),
    names(r.groups),
    String(r.metric),
    r.masquerade ? 'on' : 'off',
    r.enabled ? 'yes' : 'no',
    counts(r.findings),
    r.description === '' ? '' : md(r.description),
    code(r.id),
  ]);
  const omitted = data.routes.length - rows.length;
  const tail = omitted > 0 ? `\n\nThe first ${rows.length} routes in address order are listed; ${omitted} more are not.` : '';
  return `${heading('inventory')}\n\n${table(['network_id', 'network / domains', 'type', 'routing peers', 'distribution groups', 'metric', 'masquerade', 'enabled', 'findings', 'description', 'id'], rows, ['l', 'l', 'l', 'l', 'l', 'r'])}${tail}`;
}

function haSets(data: ReportData): string {
  if (data.haSets.length === 0) return `${heading('ha-sets')}\n\nNo HA sets.`;
  const rows: string[][] = [];
  for (const s of data.haSets.slice(0, DISPLAY_LIMITS.haSets)) {
    const available = s.enabledRoutes === 0 ? 'disabled' : s.availablePeers === null ? `${s.enabledPeers} (health unknown)` : `${s.availablePeers} of ${s.enabledPeers}`;
    const first = [md(s.networkId), code(s.target), available];
    if (s.members.length === 0) rows.push([...first, '**none**', '', '', '', '', '']);
    s.members.forEach((m, i) => {
      const lead = i === 0 ? first : ['', '', ''];
      const via = m.via.length > 0 ? ` (via ${names(m.via)})` : '';
      rows.push([...lead, `${md(m.peer.name)}${via}`, String(m.metric), m.masquerade ? 'on' : 'off', m.enabled ? 'yes' : 'no', m.health === null ? 'not in export' : HEALTH_TEXT[m.health], code(m.routeId)]);
    });
    const hidden = s.memberCount - s.members.length;
    if (hidden > 0) rows.push(['', '', '', `+${hidden} more routing peers`, '', '', '', '', '']);
  }
  const omitted = data.haSets.length - DISPLAY_LIMITS.haSets;
  const tail = omitted > 0 ? `\n\nThe first ${DISPLAY_LIMITS.haSets} HA sets in address order are listed; ${omitted} more are not.` : '';
  return `${heading('ha-sets')}\n\n${table(['network_id', 'network / domains', 'available peers', 'routing peer', 'metric', 'masquerade', 'enabled', 'health', 'route'], rows, ['l', 'l', 'l', 'l', 'r'])}${tail}`;
}

function exitNodes(data: ReportData): string {
  const nodes = data.exitNodes.nodes;
  if (nodes.length === 0) return `${heading('exit-nodes')}\n\nNo exit nodes.`;
  const parts = [
    heading('exit-nodes'),
    table(
      ['network_id', 'network', 'auto-apply', 'masquerade', 'routing peers', 'distribution groups', 'findings'],
      nodes.map((x) => [md(x.networkId), code(x.target), x.autoApplies ? 'yes' : 'no (skip_auto_apply)', x.masquerade, names(x.peers), names(x.groups), x.severity === 'none' ? '—' : SEVERITY_MARK[x.severity]]),
    ),
  ];
  const auto = data.exitNodes.autoApply;
  if (auto === null) parts.push('Which exit node each group applies needs the export’s groups and peers.');
  else if (auto.length > 0) {
    const rows = auto.flatMap((row) =>
      row.outcomes.map((o, i) => [
        i === 0 ? md(row.group.name) : '',
        o.active.length > 0 ? o.active.map(md).join(' + ') : 'none',
        o.available.filter((id) => !o.active.includes(id)).map(md).join(', ') || '—',
        o.serves.map(md).join(', ') || '—',
        String(o.sources.length),
        names(o.sources),
      ]),
    );
    parts.push('### Applied per group, with no user selection', table(['group', 'active exit node', 'also selectable', 'serves itself', 'members', 'who'], rows, ['l', 'l', 'l', 'l', 'r']));
  }
  return parts.join('\n\n');
}

function outcomeText(o: CellOutcome, setNetworkId: string): string {
  const via = o.networkId && o.networkId !== setNetworkId ? ` via ${md(o.networkId)}` : '';
  const leak = o.privateViaExit ? ' (private traffic through an exit node)' : '';
  return outcomeWords(o, via) + leak;
}

function outcomeWords(o: CellOutcome, via: string): string {
  switch (o.disposition) {
    case 'ROUTED':
      return o.nondeterministic ? `ROUTED, nondeterministic: ${o.possiblePeers.map((p) => md(p.name)).join(' or ') || 'one of several peers'}${via}` : `ROUTED by ${md(o.peer?.name ?? '')}${via}`;
    case 'LOCAL':
      return `LOCAL${via}`;
    case 'NO_ROUTE':
      return 'NO_ROUTE';
    case 'NO_ROUTING_PEER':
      return 'NO_ROUTING_PEER';
    case 'DENIED':
      return `DENIED at ${md(o.peer?.name ?? '')}${via}`;
    case 'BLACKHOLED':
      return `BLACKHOLED at ${md(o.peer?.name ?? '')}${via}`;
  }
}

function reachability(data: ReportData): string {
  const r = data.reachability;
  const h = heading('reachability');
  if (r.missing.length > 0) return `${h}\n\nThe simulator needs the export’s ${r.missing.join(' and ')}; this export has none.`;
  if (r.rows.length === 0) return `${h}\n\nNo HA set is distributed to a group.`;
  const rows: string[][] = [];
  for (const row of r.rows.slice(0, DISPLAY_LIMITS.matrixRowsMarkdown)) {
    for (const cell of row.cells) {
      if (!cell.simulated) rows.push([md(row.set.networkId), code(row.set.target), code(row.destination), md(cell.group.name), 'not simulated', String(cell.members), '—']);
      else if (cell.outcomes.length === 0) rows.push([md(row.set.networkId), code(row.set.target), code(row.destination), md(cell.group.name), 'no members', '0', '—']);
      for (const o of cell.outcomes) rows.push([md(row.set.networkId), code(row.set.target), code(row.destination), md(cell.group.name), outcomeText(o, row.set.networkId), String(o.members), names(o.sources, o.members)]);
    }
  }
  const left = r.rows.length - Math.min(r.rows.length, DISPLAY_LIMITS.matrixRowsMarkdown);
  const totals = r.totals.map((t) => `${md(t.disposition)}: ${plural(t.members, 'member')} in ${plural(t.cells, 'outcome')}`).join(' · ');
  const omitted = `\n\nThe whole matrix: ${plural(r.rows.length, 'HA set')} × ${plural(r.groups.length, 'group')}; ${totals}.${r.unsimulated.sets > 0 ? ` ${plural(r.unsimulated.sets, 'HA set')} reaching the fewest members (${plural(r.unsimulated.members, 'member')}) not simulated: the matrix stops at its work budget; ask about them with \`routelint simulate --from-group\`.` : ''}${left > 0 ? ` The ${plural(r.rows.length - left, 'HA set')} reaching the most members are listed; ${left} more are in the HTML report (\`--format html\`), which pages through them all.` : ''}`;
  return `${h}\n\nAs \`routelint simulate --from-group\` answers with every routing peer assumed connected.\n\n${table(['network_id', 'network / domains', 'asks', 'group', 'outcome', 'members', 'who'], rows, ['l', 'l', 'l', 'l', 'l', 'r'])}${omitted}`;
}

/** The report as GitHub-flavoured Markdown. */
export function renderMarkdown(data: ReportData): string {
  const asOf = data.asOf ? asOfText(data.asOf) : null;
  const meta = [`Source ${code(data.source)}`, ...(asOf ? [`as of ${md(asOf.when)} (${md(asOf.basis)})`] : []), `routelint ${md(data.toolVersion)}`, ...(data.generatedAt ? [`generated ${md(data.generatedAt)}`] : [])].join(' · ');
  const pictures = 'A picture of the HTML report (`routelint report --format html`); not shown in Markdown.';
  return `${[
    '# NetBird route report',
    meta,
    summary(data),
    findings(data),
    inventory(data),
    haSets(data),
    exitNodes(data),
    reachability(data),
    `${heading('address-map')}\n\n${pictures}`,
    `${heading('graph')}\n\n${pictures}`,
  ].join('\n\n')}\n`;
}

// The HTML renderer of the report: one self-contained page (inline style sheet and script, inline
// SVG pictures, no external resource of any kind) from ReportData. Every text from the export is
// escaped, and the Content Security Policy allows only the page's own style and script by hash.
import type { ReachabilityCell, CellOutcome } from '../analysis/reachability.js';
import type { ExitAutoApplyOutcome } from '../analysis/exit-auto-apply.js';
import type { Prefix } from '../net/prefix.js';
import { cspHash, REPORT_CSS, REPORT_SCRIPT } from './assets.js';
import { DISPLAY_LIMITS, REPORT_SECTIONS, type ReachabilityRow, type FindingCounts, type FindingGroup, type HaMember, type HaSetReport, type HealthCount, type InventoryRoute, type PeerHealth, type Ref, type ReportData, type ReportFinding, type SectionId, type WorstSeverity } from './data.js';
import { nameList } from '../model/describe.js';
import { escapeHtml as esc } from '../escape.js';
import { asOfText, HEALTH_TEXT, plural } from './words.js';
import { renderGraph } from './svg-graph.js';
import { renderAddressMap } from './svg-map.js';
import { ASK_CSS, askSection, type AskPanel } from './ask.js';
import { renderRuleDocs, ruleDocAnchor } from './rule-docs.js';

function sevBadge(severity: WorstSeverity, text?: string): string {
  const label = text ?? (severity === 'none' ? 'ok' : severity);
  return `<span class="badge sev-${severity}">${esc(label)}</span>`;
}

function countBadges(c: FindingCounts): string {
  if (c.error === 0 && c.warning === 0) return '<span class="none-text">—</span>';
  const parts: string[] = [];
  if (c.error > 0) parts.push(sevBadge('error', plural(c.error, 'error')));
  if (c.warning > 0) parts.push(sevBadge('warning', plural(c.warning, 'warning')));
  return `<span class="badges">${parts.join('')}</span>`;
}

/** Counts as two small numbered pills, for table cells. */
function countPills(c: FindingCounts): string {
  if (c.error === 0 && c.warning === 0) return '<span class="none-text">—</span>';
  const title = [c.error > 0 ? plural(c.error, 'error') : '', c.warning > 0 ? plural(c.warning, 'warning') : ''].filter(Boolean).join(', ');
  return `<span class="pills" title="${title}">${c.error > 0 ? `<span class="pill sev-error">${c.error}</span>` : ''}${c.warning > 0 ? `<span class="pill sev-warning">${c.warning}</span>` : ''}</span>`;
}

function healthBadge(health: PeerHealth | null): string {
  if (health === null) return '<span class="badge muted">not in export</span>';
  return `<span class="badge health-${health}"><span class="dot"></span>${HEALTH_TEXT[health]}</span>`;
}

function onOff(value: boolean, on = 'on', off = 'off'): string {
  return value ? `<span class="badge on">${on}</span>` : `<span class="badge off">${off}</span>`;
}

function refTitle(r: Ref): string {
  return r.name === r.id ? r.id : `${r.name} (${r.id})`;
}

function chips(refs: readonly Ref[], kind: 'group' | 'peer'): string {
  if (refs.length === 0) return '<span class="none-text">—</span>';
  const shown = refs.slice(0, DISPLAY_LIMITS.names).map((r) => `<span class="chip ${kind}" title="${esc(refTitle(r))}">${esc(r.name)}</span>`);
  const more = refs.length - DISPLAY_LIMITS.names;
  return `<span class="chips">${shown.join('')}${more > 0 ? `<span class="chip more">+${more} more</span>` : ''}</span>`;
}

/** A text key that sorts prefixes by family, address, then length (zero-padded decimals sort as numbers). */
function prefixSortKey(p: Prefix): string {
  const digits = p.family === 4 ? 10 : 39;
  return `${p.family}:${p.start.toString().padStart(digits, '0')}:${String(p.bits).padStart(3, '0')}`;
}

function routeSortKey(r: InventoryRoute): string {
  if (r.prefix) return prefixSortKey(r.prefix);
  return `${r.domains ? '7' : '8'}:${r.target}`;
}

function severitySortKey(c: FindingCounts): string {
  return String(c.error * 1_000_000 + c.warning);
}

function section(id: SectionId, body: string, count?: string): string {
  const heading = REPORT_SECTIONS.find(([s]) => s === id)![1];
  return `<section id="${id}" data-section="${id}">\n<h2>${heading}${count ? ` <span class="count">${esc(count)}</span>` : ''}</h2>\n${body}\n</section>`;
}

function summarySection(data: ReportData): string {
  const s = data.summary;
  const stat = (label: string, value: number, sub: string, cls = ''): string =>
    `<div class="card stat${cls ? ` ${cls}` : ''}" data-stat="${esc(label.toLowerCase().replace(/\s+/g, '-'))}"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
  const rulesWith = (severity: 'error' | 'warning') => data.findings.filter((g) => g.counts[severity] > 0).length;
  const cards = [
    stat('Routes', s.routes, `${s.enabledRoutes} enabled`, 'accent'),
    stat('HA sets', s.haSets, 'network_id + network'),
    stat('Routing peers', s.routingPeers, 'serving a route'),
    stat('Exit nodes', s.exitNodes, '0.0.0.0/0 or ::/0'),
    stat('Domain routes', s.domainRoutes, 'routed by name'),
    stat('Errors', s.findings.error, `in ${plural(rulesWith('error'), 'rule')}`, s.findings.error > 0 ? 'sev-error' : 'sev-none'),
    stat('Warnings', s.findings.warning, `in ${plural(rulesWith('warning'), 'rule')}${s.suppressedFindings > 0 ? `, ${s.suppressedFindings} suppressed` : ''}`, s.findings.warning > 0 ? 'sev-warning' : 'sev-none'),
    stat('Skipped rules', s.skippedRules, s.skippedRules > 0 ? 'export lacks sections' : 'every rule ran'),
  ];
  const sections = [
    `${s.peers === null ? 'no peers' : plural(s.peers, 'peer')}`,
    `${s.groups === null ? 'no groups' : plural(s.groups, 'group')}`,
    `${s.policies === null ? 'no policies' : plural(s.policies, 'policy', 'policies')}`,
  ].join(' · ');
  return section('summary', `<div class="cards">\n${cards.join('\n')}\n</div>\n<p class="export-line">The export holds ${esc(sections)}.</p>`);
}

function location(f: ReportFinding): string {
  return `<span title="${esc(f.path ?? '')}">${esc(f.file)}:${f.line}:${f.column}</span>`;
}

function findingRow(f: ReportFinding): string {
  const route = f.routeId ? `${f.networkId ? `<div>${esc(f.networkId)}</div>` : ''}<div class="id">${esc(f.routeId)}</div>` : '<span class="none-text">—</span>';
  const related = f.relatedRouteIds.length > 0 ? `<div class="id" title="related routes">↔ ${f.relatedRouteIds.map(esc).join(', ')}${f.relatedRoutesTotal > f.relatedRouteIds.length ? `, and ${f.relatedRoutesTotal - f.relatedRouteIds.length} more` : ''}</div>` : '';
  return `<tr data-finding-severity="${f.severity}"${f.routeId ? ` data-route-id="${esc(f.routeId)}"` : ''}${f.messageId ? ` data-message-id="${esc(f.messageId)}"` : ''}><td class="msg"><span class="sevdot sev-${f.severity}" title="${f.severity}"></span>${esc(f.message)}${f.explanation ? `<div class="explanation">${esc(f.explanation)}</div>` : ''}</td><td class="route">${route}${related}</td><td class="loc">${location(f)}</td></tr>`;
}

/**
 * A rule's name as a link: to its documentation embedded in the page, else to its page under the
 * package's homepage, else no link (a relative path would lead nowhere once the page is sent on).
 */
function ruleLink(ruleId: string, docsUrl: string | null, embedded: ReadonlySet<string>, className: string): string {
  const href = embedded.has(ruleId) ? `#${ruleDocAnchor(ruleId)}` : docsUrl;
  return href === null ? `<span class="${className}">${esc(ruleId)}</span>` : `<a class="${className}" href="${esc(href)}">${esc(ruleId)}</a>`;
}

function findingGroup(g: FindingGroup, embedded: ReadonlySet<string>): string {
  const title = g.ruleId ? ruleLink(g.ruleId, g.docsUrl, embedded, 'rule-id') : `<span class="rule-id">files that do not parse</span>`;
  return `<details class="card rule-group sev-${g.severity}" data-rule-id="${esc(g.ruleId ?? '')}">
<summary><span class="rule-head">${title}${countBadges(g.counts)}</span><span class="rule-desc">${esc(g.description ?? 'the export could not be read in full')}</span></summary>
<table class="findings-table"><thead><tr><th>Finding</th><th>Route</th><th>Location</th></tr></thead><tbody>
${g.findings.slice(0, DISPLAY_LIMITS.findingsPerRule).map(findingRow).join('\n')}${g.findings.length > DISPLAY_LIMITS.findingsPerRule ? `\n<tr class="more"><td colspan="3">${g.findings.length - DISPLAY_LIMITS.findingsPerRule} more findings of this rule; <code>routelint lint --format json</code> lists them all.</td></tr>` : ''}
</tbody></table>
</details>`;
}

function findingsSection(data: ReportData): string {
  const total = data.summary.findings.error + data.summary.findings.warning;
  const parts: string[] = [];
  parts.push(`<p class="lead">Every finding of <code>routelint lint</code> on this export, grouped by rule, errors first. Open a rule for its findings; the rule's name links to its documentation.</p>`);
  if (data.findings.length === 0) parts.push('<div class="card empty-state">No findings: every rule that ran is satisfied.</div>');
  else parts.push(`<div class="toolbar"><button type="button" class="btn" id="findings-expand">Expand all</button><button type="button" class="btn" id="findings-collapse">Collapse all</button></div>`);
  const docs = renderRuleDocs(data.ruleDocs, data.homepage);
  const embedded = new Set(docs.keys());
  parts.push(...data.findings.map((g) => findingGroup(g, embedded)));
  if (data.suppressed.length > 0) {
    parts.push(
      `<h3>Suppressed by the config (${data.suppressed.length})</h3>`,
      `<div class="card table-card"><table class="findings-table" id="suppressed-table"><thead><tr><th>Rule</th><th>Finding</th><th>Route</th><th>Reason</th></tr></thead><tbody>`,
      ...data.suppressed.map((f) => `<tr data-rule-id="${esc(f.ruleId ?? '')}"><td class="id">${esc(f.ruleId ?? '')}</td><td class="msg">${esc(f.message)}</td><td class="id">${esc(f.routeId ?? '—')}</td><td>${esc(f.suppressedBecause ?? '')}</td></tr>`),
      `</tbody></table></div>`,
    );
  }
  if (data.skippedRules.length > 0) {
    parts.push(
      `<h3>Skipped rules (${data.skippedRules.length})</h3>`,
      `<div class="card table-card"><table id="skipped-rules-table"><thead><tr><th>Rule</th><th>Missing sections</th><th>What did not run</th></tr></thead><tbody>`,
      ...data.skippedRules.map((s) => `<tr data-rule-id="${esc(s.ruleId)}"><td>${ruleLink(s.ruleId, s.docsUrl, embedded, 'mono')}</td><td>${s.missing.map((m) => `<code>${esc(m)}</code>`).join(', ')}</td><td>${s.partial ? esc(s.partial) : 'the whole rule'}</td></tr>`),
      `</tbody></table></div>`,
    );
  }
  if (docs.size > 0) {
    parts.push('<h3 id="rule-docs">Rule documentation</h3>', `<p class="lead">The documentation of every rule named above, as shipped with routelint ${esc(data.toolVersion)}.</p>`);
    for (const [ruleId, html] of docs) parts.push(`<article class="card rule-doc" id="${esc(ruleDocAnchor(ruleId))}" data-rule-id="${esc(ruleId)}">\n${html}</article>`);
  }
  return section('findings', parts.join('\n'), `${plural(total, 'finding')} in ${plural(data.findings.length, 'rule')}`);
}

function routingPeersCell(r: InventoryRoute): string {
  const peers = r.routingPeers === null ? r.peerGroups.map((g) => ({ id: g.id, name: `${g.name} (not expanded)` })) : r.routingPeers;
  const via = r.peerGroups.length > 0 ? `<div class="id">via ${r.peerGroups.map((g) => esc(g.name)).join(', ')}</div>` : '';
  if (peers.length === 0) return `<span class="badge sev-error">none</span>${via}`;
  return `${chips(peers, 'peer')}${via}`;
}

function inventoryRow(r: InventoryRoute, order: number): string {
  const tags = [
    ...(r.kind === 'domain' ? ['<span class="tag info">domains</span>'] : []),
    ...(r.kind === 'none' || r.kind === 'both' || (r.kind === 'network' && !r.prefix) ? [`<span class="tag">${esc(r.networkType || 'invalid')}</span>`] : []),
    ...(r.isExit ? ['<span class="tag info">exit node</span>'] : []),
    ...(r.networkResource ? [`<span class="tag" title="generated from a resource of Networks API network ${esc(r.networkResource)}">resource</span>`] : []),
  ].join('');
  const peerKey = (r.routingPeers ?? []).map((p) => p.name).join(', ');
  const cells = [
    `<td data-sort-key="${esc(r.networkId)}"><div class="nid">${esc(r.networkId)}</div><div class="id">${esc(r.id)}</div></td>`,
    `<td data-sort-key="${esc(routeSortKey(r))}"><div class="target">${esc(r.target)}</div>${tags ? `<div class="tags">${tags}</div>` : ''}</td>`,
    `<td data-sort-key="${esc(peerKey)}">${routingPeersCell(r)}</td>`,
    `<td data-sort-key="${esc(r.groups.map((g) => g.name).join(', '))}">${chips(r.groups, 'group')}</td>`,
    `<td class="num" data-sort-key="${r.metric}">${r.metric}</td>`,
    `<td data-sort-key="${r.masquerade ? 1 : 0}">${onOff(r.masquerade)}</td>`,
    `<td data-sort-key="${r.enabled ? 1 : 0}">${onOff(r.enabled, 'yes', 'no')}</td>`,
    `<td data-sort-key="${severitySortKey(r.findings)}">${countPills(r.findings)}</td>`,
    `<td class="desc">${esc(r.description)}</td>`,
  ];
  return `<tr data-route-id="${esc(r.id)}" data-order="${order}" data-severity="${r.severity}"${r.enabled ? '' : ' class="disabled"'}>${cells.join('')}</tr>`;
}

/** Column key and heading; the style sheet gives each `col-<key>` its width (the table has a fixed layout, so it never outgrows the page). */
const INVENTORY_COLUMNS: readonly [string, string][] = [
  ['network-id', 'Network ID'],
  ['target', 'Network / domains'],
  ['routing-peers', 'Routing peers'],
  ['groups', 'Distributed to'],
  ['metric', 'Metric'],
  ['masquerade', 'Masq.'],
  ['enabled', 'Enabled'],
  ['findings', 'Findings'],
  ['description', 'Description'],
];

function inventorySection(data: ReportData): string {
  const cols = INVENTORY_COLUMNS.map(([key]) => `<col class="col-${key}">`).join('');
  const head = INVENTORY_COLUMNS.map(([key, label]) => `<th class="sortable${key === 'metric' ? ' num' : ''}" data-column="${key}" aria-sort="none"><button type="button">${label}</button></th>`).join('');
  const body = data.routes
    .slice(0, DISPLAY_LIMITS.inventoryRoutes)
    .map((r, i) => inventoryRow(r, i))
    .join('\n');
  const shownCount = Math.min(data.routes.length, DISPLAY_LIMITS.inventoryRoutes);
  const omitted = data.routes.length - shownCount;
  return section(
    'inventory',
    `<p class="lead">Every route of the export. Click a column to sort it; type to filter the rows.</p>
<div class="toolbar"><input type="search" id="inventory-filter" placeholder="Filter: network ID, prefix, peer, group, text…" aria-label="Filter routes" autocomplete="off"><span class="hint"><span id="inventory-shown">${shownCount}</span> of ${shownCount} routes shown</span></div>
<div class="card table-card sticky"><table id="inventory-table"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>${omitted > 0 ? `<p class="note warn">The first ${shownCount} routes in address order are listed; ${omitted} more are not, to keep the page small enough to open.</p>` : ''}`,
    plural(data.routes.length, 'route'),
  );
}

function availability(s: HaSetReport): string {
  if (s.enabledRoutes === 0) return '<span class="badge muted">disabled</span>';
  if (s.enabledPeers === 0) return '<span class="badge sev-error">no routing peer</span>';
  if (s.availablePeers === null) return `<span class="badge muted">${plural(s.enabledPeers, 'peer')}, health unknown</span>`;
  const cls = s.availablePeers === 0 ? 'sev-error' : s.availablePeers < s.enabledPeers ? 'sev-warning' : 'sev-none';
  return `<span class="badge ${cls}">${s.availablePeers} of ${s.enabledPeers} available</span>`;
}

function memberCells(m: HaMember): string {
  const via = m.via.length > 0 ? ` <span class="id">via ${m.via.map((g) => esc(g.name)).join(', ')}</span>` : '';
  const disabled = m.enabled ? '' : ' <span class="tag">disabled</span>';
  return `<td class="peer"><strong title="${esc(`${refTitle(m.peer)}, route ${m.routeId}`)}">${esc(m.peer.name)}</strong>${disabled}${via}</td><td class="num">${m.metric}</td><td>${onOff(m.masquerade)}</td><td>${healthBadge(m.health)}</td>`;
}

/** One HA set: its rows, the set's own cells spanning its routing peers. */
function haRows(s: HaSetReport): string[] {
  const notes: string[] = [];
  if (s.routesWithoutPeer.length > 0) notes.push(`<div class="id">no routing peer: ${s.routesWithoutPeer.map(esc).join(', ')}</div>`);
  if (s.unexpanded.length > 0) notes.push(`<div class="id">peer groups not expanded (the export has no groups): ${s.unexpanded.map(esc).join(', ')}</div>`);
  const hidden = s.memberCount - s.members.length;
  const span = Math.max(1, s.members.length + (hidden > 0 ? 1 : 0));
  const rowspan = span > 1 ? ` rowspan="${span}"` : '';
  const tags = `${s.isExit ? '<span class="tag info">exit node</span>' : ''}${s.kind === 'domain' ? '<span class="tag info">domains</span>' : ''}`;
  const setCells = `<td class="set sev-${s.severity}"${rowspan}><div class="nid">${esc(s.networkId)}${tags}</div><div class="target">${esc(s.target)}</div>${notes.join('')}</td><td${rowspan}>${availability(s)}</td>`;
  const groupCell = `<td${rowspan}>${chips(s.groups, 'group')}</td>`;
  const key = ` data-ha-key="${esc(s.key)}"`;
  if (s.members.length === 0) return [`<tr class="set-start"${key}>${setCells}<td colspan="4" class="none-text">no routing peer serves this set</td>${groupCell}</tr>`];
  const rows = s.members.map((m, i) => {
    const attrs = `${key} data-peer-id="${esc(m.peer.id)}" data-route-id="${esc(m.routeId)}"`;
    const cls = [i === 0 ? 'set-start' : '', m.enabled ? '' : 'disabled'].filter(Boolean).join(' ');
    return `<tr${cls ? ` class="${cls}"` : ''}${attrs}>${i === 0 ? setCells : ''}${memberCells(m)}${i === 0 ? groupCell : ''}</tr>`;
  });
  if (hidden > 0) rows.push(`<tr class="more"${key}><td colspan="4">+${hidden} more: ${healthTally(s.otherHealth)}</td></tr>`);
  return rows;
}

/** `12 connected, 2 disconnected`, in PEER_HEALTH order. */
function healthTally(counts: readonly HealthCount[]): string {
  return counts.map((c) => `${c.count} ${c.health === null ? 'of unknown health' : HEALTH_TEXT[c.health]}`).join(', ');
}

function haSection(data: ReportData): string {
  const body =
    data.haSets.length === 0
      ? '<div class="card empty-state">No HA sets: no route has a valid network or domains.</div>'
      : `<div class="card table-card sticky"><table id="ha-sets-table"><thead><tr><th>HA set</th><th>Available</th><th>Routing peer</th><th class="num">Metric</th><th>Masq.</th><th>Health</th><th>Distributed to</th></tr></thead><tbody>\n${data.haSets.slice(0, DISPLAY_LIMITS.haSets).flatMap(haRows).join('\n')}\n</tbody></table></div>${
          data.haSets.length > DISPLAY_LIMITS.haSets ? `<p class="note warn">The first ${DISPLAY_LIMITS.haSets} HA sets in address order are listed; ${data.haSets.length - DISPLAY_LIMITS.haSets} more are not, to keep the page small enough to open.</p>` : ''
        }`;
  return section(
    'ha-sets',
    `<p class="lead">Routes with the same network_id and network form one HA set: the client picks one routing peer per set (lowest metric among connected peers). Health is the peer's state in the export; a peer is available when it is connected, its login has not expired and it serves routes.</p>\n${body}`,
    plural(data.haSets.length, 'set'),
  );
}

function autoApplyText(o: ExitAutoApplyOutcome): string {
  const parts: string[] = [];
  if (o.active.length > 0) parts.push(`<span class="badge disp-ROUTED">${o.active.map(esc).join(' + ')}</span>`);
  else parts.push('<span class="badge muted">none</span>');
  const optIn = o.available.filter((id) => !o.active.includes(id));
  if (optIn.length > 0) parts.push(`<span class="id">also selectable: ${optIn.map(esc).join(', ')}</span>`);
  if (o.serves.length > 0) parts.push(`<span class="id">serves ${o.serves.map(esc).join(', ')} itself</span>`);
  return parts.join(' ');
}

function members(sources: readonly Ref[], limit = 8): string {
  const names = sources.map((s) => s.name);
  return `<span title="${esc(names.join(', '))}">${esc(nameList(names, { limit, countRest: true }))}</span>`;
}

function exitSection(data: ReportData): string {
  const nodes = data.exitNodes.nodes;
  if (nodes.length === 0) return section('exit-nodes', '<div class="card empty-state">No exit nodes: no route for 0.0.0.0/0 or ::/0.</div>');
  const nodeRows = nodes.map(
    (x) =>
      `<tr data-exit="${esc(x.networkId)}" data-ha-key="${esc(x.key)}"><td><strong>${esc(x.networkId)}</strong></td><td class="target">${esc(x.target)}</td><td>${x.autoApplies ? '<span class="badge on">auto-apply</span>' : '<span class="badge off">skip_auto_apply</span>'}</td><td>${x.masquerade === 'mixed' ? '<span class="badge sev-warning">mixed</span>' : onOff(x.masquerade === 'on')}</td><td>${chips(x.peers, 'peer')}</td><td>${chips(x.groups, 'group')}</td><td>${x.severity === 'none' ? '<span class="none-text">—</span>' : sevBadge(x.severity)}</td></tr>`,
  );
  const parts = [
    `<p class="lead">Without a user selection a client applies, among the exit nodes it receives, the one with the lexicographically smallest network_id that has a route with skip_auto_apply off, whatever the metrics.</p>`,
    `<div class="card table-card"><table id="exit-nodes-table"><thead><tr><th>Network ID</th><th>Network</th><th>Auto-apply</th><th>Masq.</th><th>Routing peers</th><th>Distribution groups</th><th>Findings</th></tr></thead><tbody>\n${nodeRows.join('\n')}\n</tbody></table></div>`,
  ];
  const auto = data.exitNodes.autoApply;
  if (auto === null) {
    parts.push(`<p class="note">Which exit node each group applies needs the export's groups and peers.</p>`);
  } else if (auto.length > 0) {
    const rows = auto.flatMap((row) =>
      row.outcomes.map(
        (o, i) =>
          `<tr data-group-id="${esc(row.group.id)}" data-active="${esc(o.active.join(','))}">${i === 0 ? `<td rowspan="${row.outcomes.length}"><span class="chip group" title="${esc(refTitle(row.group))}">${esc(row.group.name)}</span></td>` : ''}<td>${autoApplyText(o)}</td><td class="num">${o.sources.length}</td><td>${members(o.sources)}</td></tr>`,
      ),
    );
    if (rows.length === 0) rows.push('<tr><td colspan="4" class="none-text">The distribution groups of the exit nodes have no members.</td></tr>');
    parts.push(
      `<h3>Applied per group, with no user selection</h3>`,
      `<div class="card table-card"><table id="exit-auto-apply-table"><thead><tr><th>Group</th><th>Active exit node</th><th class="num">Members</th><th>Who</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
    );
  }
  return section('exit-nodes', parts.join('\n'), plural(nodes.length, 'exit node'));
}

/** The label and class of an outcome; the page script (assets.ts, matrix pages) builds the same markup from the embedded rows. */
function outcomeHtml(o: CellOutcome, cell: ReachabilityCell, total: number): string {
  let label: string;
  // A private prefix carried by an exit node is routed, but not where it should go: not green.
  const cls = o.privateViaExit ? 'EXIT_LEAK' : o.disposition === 'ROUTED' && o.nondeterministic ? 'NONDETERMINISTIC' : o.disposition;
  if (o.disposition === 'ROUTED' && o.nondeterministic) label = `${o.possiblePeers.length > 0 ? o.possiblePeers.map((p) => esc(p.name)).join(' | ') : 'several peers'} <span class="q" title="nondeterministic: NetBird picks by Go map order">?</span>`;
  else if (o.disposition === 'ROUTED') label = esc(o.peer?.name ?? '');
  else if (o.disposition === 'LOCAL') label = 'local';
  else if (o.disposition === 'NO_ROUTE') label = 'no route';
  else if (o.disposition === 'DENIED') label = `denied at ${esc(o.peer?.name ?? '')}`;
  else if (o.disposition === 'BLACKHOLED') label = `black hole at ${esc(o.peer?.name ?? '')}`;
  else label = 'no routing peer';
  const via = o.networkId && o.networkId !== cell.set.networkId ? `<span class="via">via ${esc(o.networkId)}</span>` : '';
  const share = o.members === total ? '' : `<span class="share">${o.members}/${total}</span>`;
  return `<div class="outcome" data-disposition="${o.disposition}"${o.nondeterministic ? ' data-nondeterministic="true"' : ''}${o.privateViaExit ? ' data-private-via-exit="true"' : ''} title="${esc(nameList(o.sources.map((p) => p.name), { limit: o.sources.length, total: o.members, countRest: true }))}"><span class="o o-${cls}">${label}</span>${via}${share}</div>`;
}

/**
 * The whole matrix as compact JSON for the page script's pages: names in tables, each outcome as
 * [disposition, peer, via network_id, nondeterministic, private via exit, possible peers, members, first members].
 */
function matrixJson(r: ReportData['reachability'], columns: boolean): string {
  const peers: Ref[] = [];
  const peerIndex = new Map<string, number>();
  const peer = (p: Ref | null): number => {
    if (!p) return -1;
    let i = peerIndex.get(p.id);
    if (i === undefined) {
      peerIndex.set(p.id, (i = peers.length));
      peers.push(p);
    }
    return i;
  };
  // Cells share their group's ref with the column list (reachabilityOf): found by the ref itself
  // (six hundred thousand cells), by id only for data made elsewhere.
  const columnOfRef = new Map<Ref, number>(r.groups.map((g, i) => [g, i]));
  const column = new Map(r.groups.map((g, i) => [g.id, i]));
  // Built as arrays and written by one JSON.stringify (a hundred thousand rows, six hundred
  // thousand cells): natively, about 1.6 times as fast as writing each part as text. A `<` can only
  // be in a string there, escaped as jsonString escapes it. Peers are numbered as the rows name
  // them, so the rows are made before the peer table.
  const rows: unknown[] = new Array(r.rows.length);
  for (let i = 0; i < r.rows.length; i++) {
    const row = r.rows[i]!;
    const cells: unknown[] = new Array(row.cells.length);
    for (let j = 0; j < row.cells.length; j++) {
      const cell = row.cells[j]!;
      let outcomes: unknown[] | null = null;
      if (cell.simulated) {
        outcomes = new Array(cell.outcomes.length);
        for (let k = 0; k < cell.outcomes.length; k++) {
          const o = cell.outcomes[k]!;
          outcomes[k] = [o.disposition, peer(o.peer), o.networkId && o.networkId !== row.set.networkId ? o.networkId : '', o.nondeterministic ? 1 : 0, o.privateViaExit ? 1 : 0, o.possiblePeers.map(peer), o.members, o.sources.map(peer)];
        }
      }
      cells[j] = [columnOfRef.get(cell.group) ?? column.get(cell.group.id) ?? null, outcomes, cell.members];
    }
    rows[i] = [row.set.key, row.set.networkId, row.set.target, row.destination, cells];
  }
  let rowsJson = JSON.stringify(rows);
  if (rowsJson.includes('<')) rowsJson = rowsJson.replace(/</g, '\\u003c');
  const pairs = (refs: readonly Ref[]): string => refs.map((g) => `[${jsonString(g.id)},${jsonString(g.name)}]`).join(',');
  return `{"columns":${columns},"page":${DISPLAY_LIMITS.matrixPage},"groups":[${pairs(r.groups)}],"peers":[${pairs(peers)}],"rows":${rowsJson}}`;
}

/** Text JSON.stringify writes as it is, between quotes, and that is inert in a script element (no `<`). */
const PLAIN_JSON = /^[^"\\\u0000-\u001f<\ud800-\udfff]*$/;

/** A string as JSON.stringify writes it, inert in a script element: nothing in it may close the element or open a comment. */
function jsonString(text: string): string {
  // Most strings (keys, network ids, addresses) need no escape: quoted as they are, without a call to JSON.stringify each.
  if (PLAIN_JSON.test(text)) return `"${text}"`;
  const json = JSON.stringify(text);
  return json.includes('<') ? json.replace(/</g, '\\u003c') : json;
}

/** The reachability section; the Ask panel renders it again for its what-ifs. */
export function reachabilitySection(data: Pick<ReportData, 'reachability'>): string {
  const r = data.reachability;
  const lead = `<p class="lead">For every HA set and every group it is distributed to: which routing peer carries the set's traffic for the group's members, as <code>routelint simulate --from-group</code> answers for one destination of the set (an address it carries that no more specific set takes, or a name it routes), with every routing peer assumed connected. The sets reaching the most members come first; page through the rest or filter them. Where members differ, each outcome shows its share of the group; hover it for the first members.</p>`;
  if (r.missing.length > 0) return section('reachability', `${lead}<div class="card empty-state">The simulator needs the export's ${r.missing.join(' and ')}; this export has none.</div>`);
  if (r.rows.length === 0) return section('reachability', `${lead}<div class="card empty-state">No HA set is distributed to a group.</div>`);
  const legend = `<div class="legend"><span><span class="o o-ROUTED">peer</span> routed through this peer</span><span><span class="o o-NONDETERMINISTIC">a | b <span class="q">?</span></span> nondeterministic (tie or conflict)</span><span><span class="o o-LOCAL">local</span> the member serves it</span><span><span class="o o-NO_ROUTE">no route</span> not sent into NetBird</span><span><span class="o o-NO_ROUTING_PEER">no routing peer</span> dropped in the tunnel</span><span><span class="o o-EXIT_LEAK">exit peer</span> private traffic leaves through an exit node</span><span><span class="o o-DENIED">denied at peer</span> dropped by the peer's route firewall</span><span><span class="o o-BLACKHOLED">black hole at peer</span> the peer forwards nothing</span><span><span class="via">via x</span> carried by another network_id</span></div>`;
  const totals = `<p class="matrix-totals" id="reachability-totals">${r.totals.map((t) => `<span data-disposition="${t.disposition}" data-members="${t.members}" data-cells="${t.cells}"><span class="o o-${t.disposition}">${esc(t.disposition)}</span> ${plural(t.members, 'member')} in ${plural(t.cells, 'outcome')}</span>`).join(' ')}</p>${
    r.unsimulated.sets > 0
      ? `\n<p class="note warn" id="reachability-unsimulated" data-sets="${r.unsimulated.sets}" data-cells="${r.unsimulated.cells}" data-members="${r.unsimulated.members}">${plural(r.unsimulated.sets, 'HA set')} reaching the fewest members (${plural(r.unsimulated.cells, 'cell')}, ${plural(r.unsimulated.members, 'member')} in all) are listed last, not simulated: the matrix stops at its work budget on an account this large. Ask about them with <code>routelint simulate --from-group</code>.</p>`
      : ''
  }`;
  const setHeader = (row: ReachabilityRow, span = 1) => `<th class="set" scope="row"${span > 1 ? ` rowspan="${span}"` : ''}><span class="nid">${esc(row.set.networkId)}</span> <span class="target">${esc(row.set.target)}</span><div class="probe">asks ${esc(row.destination)}</div></th>`;
  const cellBody = (cell: ReachabilityCell) => {
    if (!cell.simulated) return `<span class="none-text unsimulated">not simulated · ${plural(cell.members, 'member')}</span>`;
    const total = cell.members;
    return cell.outcomes.length === 0 ? '<span class="none-text">no members</span>' : cell.outcomes.map((o) => outcomeHtml(o, cell, total)).join('');
  };
  const columns = r.groups.length <= DISPLAY_LIMITS.matrixColumns;
  const shown = r.rows.slice(0, DISPLAY_LIMITS.matrixPage);
  let table: string;
  if (columns) {
    const head = `<tr><th class="set">HA set</th>${r.groups.map((g) => `<th data-group-id="${esc(g.id)}" title="${esc(refTitle(g))}">${esc(g.name)}</th>`).join('')}</tr>`;
    const rows = shown.map((row) => {
      const byGroup = new Map(row.cells.map((c) => [c.group.id, c]));
      const cells = r.groups.map((g) => {
        const cell = byGroup.get(g.id);
        return cell ? `<td data-group-id="${esc(cell.group.id)}">${cellBody(cell)}</td>` : `<td class="empty" title="not distributed to ${esc(g.name)}"></td>`;
      });
      return `<tr data-set-key="${esc(row.set.key)}">${setHeader(row)}${cells.join('')}</tr>`;
    });
    table = `<table class="matrix" id="reachability-matrix"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  } else {
    // Too many groups for columns: one row per cell of the matrix, the set spanning its groups.
    const rows = shown.flatMap((row) => {
      const cells = row.cells;
      return cells.map((cell, i) => `<tr data-set-key="${esc(row.set.key)}" data-group-id="${esc(cell.group.id)}">${i === 0 ? setHeader(row, cells.length) : ''}<td><span class="chip group" title="${esc(refTitle(cell.group))}">${esc(cell.group.name)}</span></td><td>${cellBody(cell)}</td></tr>`);
    });
    table = `<table class="matrix list" id="reachability-matrix"><thead><tr><th class="set">HA set</th><th>Group</th><th>Outcome</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  }
  // One page is in the markup; with more, the page script shows the others from the embedded rows.
  const paged = r.rows.length > DISPLAY_LIMITS.matrixPage;
  const pager = paged
    ? `<div class="toolbar matrix-pager" id="matrix-pager"><input type="search" id="matrix-filter" placeholder="Filter: network ID, prefix, group…" aria-label="Filter HA sets" autocomplete="off"><button type="button" class="btn" id="matrix-prev" disabled>Previous</button><span class="hint" id="matrix-status" data-from="1" data-to="${shown.length}" data-of="${r.rows.length}">HA sets 1–${shown.length} of ${r.rows.length}</span><button type="button" class="btn" id="matrix-next">Next</button></div>`
    : '';
  const dataBlock = paged ? `\n<script type="application/json" id="reachability-data">${matrixJson(r, columns)}</script>` : '';
  return section(
    'reachability',
    `${lead}\n${legend}\n${totals}\n${pager}<div class="card table-card matrix-wrap">${table}</div>${dataBlock}`,
    `${plural(r.rows.length, 'set')} × ${plural(r.groups.length, 'group')}`,
  );
}

function addressMapSection(data: ReportData): string {
  const { html, topLevel, nested } = renderAddressMap(data.addressMap);
  const domains = data.haSets.filter((s) => s.kind === 'domain').length;
  const legend = `<div class="legend"><span><span class="sw sev-error"></span>errors</span><span><span class="sw sev-warning"></span>warnings</span><span><span class="sw sev-none"></span>no findings</span><span><span class="sw disabled"></span>disabled</span><span>Each family's top-level prefixes in address order, as wide as their share of it; open a box (click, Enter) for the prefixes nested in it. Hover a box for its routes.</span></div>`;
  const notes = domains > 0 ? `<p class="note">${plural(domains, 'domain HA set')} not drawn: names have no place in the address space.</p>` : '';
  const body = html ? `${legend}${html}${notes}` : `<div class="card empty-state">No routed prefixes.</div>${notes}`;
  const defaults = data.addressMap.length - topLevel - nested;
  return section('address-map', body, `${plural(data.addressMap.length, 'prefix', 'prefixes')}: ${topLevel} top-level, ${nested} nested${defaults > 0 ? `, ${plural(defaults, 'default route')}` : ''}`);
}

function graphSection(data: ReportData): string {
  const { svg, tooLarge } = renderGraph(data.graph);
  const legend = `<div class="legend"><span><span class="sw group"></span>distribution group</span><span><span class="sw sev-error"></span><span class="sw sev-warning"></span><span class="sw sev-none"></span>HA set by its worst finding</span><span><span class="sw health-connected"></span><span class="sw health-disconnected"></span><span class="sw health-bad"></span>routing peer: connected, disconnected, unusable</span><span>dashed: only disabled routes</span></div>`;
  let body: string;
  if (tooLarge) body = `<div class="card empty-state">${plural(data.graph.counts.sets, 'HA set')}: too many to draw legibly. The HA sets section lists every set with its groups and peers.</div>`;
  else if (!svg) body = '<div class="card empty-state">Nothing to draw: no HA sets.</div>';
  else body = `${legend}<div class="card figure">${svg}</div>`;
  return section('graph', body, `${plural(data.graph.counts.groups, 'group')} → ${plural(data.graph.counts.sets, 'set')} → ${plural(data.graph.counts.peers, 'peer')}`);
}

/** The whole page; `ask`: the Ask panel (src/report/ask.ts), on or off, or none at all. */
export function renderHtml(data: ReportData, ask?: AskPanel): string {
  const askScript = ask?.on ? ask.script : null;
  const csp = `default-src 'none'; style-src ${cspHash(REPORT_CSS)}${ask ? ` ${cspHash(ASK_CSS)}` : ''}; script-src ${cspHash(REPORT_SCRIPT)}${askScript ? ` ${cspHash(askScript)}` : ''}; img-src data:; base-uri 'none'; form-action 'none'`;
  const links = REPORT_SECTIONS.map(([id, label]) => `<a href="#${id}">${label}</a>`);
  if (ask) links.splice(1, 0, '<a href="#ask">Ask</a>');
  const nav = links.join('');
  const asOf = data.asOf ? asOfText(data.asOf) : null;
  const asOfHtml = data.asOf && asOf ? [`<span class="as-of" data-as-of="${esc(data.asOf.date)}" data-as-of-basis="${data.asOf.basis}">as of <time datetime="${esc(data.asOf.date)}">${esc(asOf.when)}</time> (${esc(asOf.basis)})</span>`] : [];
  const meta = [`Source <code>${esc(data.source)}</code>`, ...asOfHtml, `routelint ${esc(data.toolVersion)}`, ...(data.generatedAt ? [`generated ${esc(data.generatedAt)}`] : [])].join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="routelint ${esc(data.toolVersion)}">
<title>routelint report · ${esc(data.source)}</title>
<style>${REPORT_CSS}</style>
${ask ? `<style>${ASK_CSS}</style>\n` : ''}</head>
<body>
<header class="masthead"><div class="wrap"><div class="brand">routelint</div><h1>NetBird route report</h1><p class="meta">${meta}</p></div></header>
<nav class="toc" aria-label="Sections"><div class="wrap">${nav}</div></nav>
<main class="wrap">
${summarySection(data)}
${ask ? `${askSection(ask)}\n` : ''}${findingsSection(data)}
${inventorySection(data)}
${haSection(data)}
${exitSection(data)}
${reachabilitySection(data)}
${addressMapSection(data)}
${graphSection(data)}
</main>
<footer><div class="wrap">Made by routelint ${esc(data.toolVersion)} from <code>${esc(data.source)}</code>, offline: findings as <code>routelint lint</code> reports them; reachability as <code>routelint simulate</code> answers with no peer states given (every routing peer connected, direct, equal latency). Health and availability are the peers' state when the export was taken.</div></footer>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

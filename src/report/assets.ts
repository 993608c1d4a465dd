// The HTML report's inline style sheet and script (the address map's own, map-assets.ts, appended). Both are constants: the page's Content Security
// Policy allows exactly these two by hash, so nothing else (and nothing from the export) can run
// or load, and the file needs no network to open.
import { createHash } from 'node:crypto';
import { MAP_CSS, MAP_SCRIPT } from './map-assets.js';

export const REPORT_CSS = `
:root {
  --ink: #0f172a; --ink-2: #334155; --ink-3: #64748b; --line: #e2e8f0; --line-2: #cbd5e1;
  --bg: #f8fafc; --card: #ffffff; --accent: #4f46e5; --accent-soft: #eef2ff;
  --err: #dc2626; --err-soft: #fee2e2; --err-ink: #991b1b;
  --warn: #d97706; --warn-soft: #fef3c7; --warn-ink: #92400e;
  --ok: #16a34a; --ok-soft: #dcfce7; --ok-ink: #166534;
  --info: #2563eb; --info-soft: #dbeafe; --info-ink: #1e40af;
  --muted-soft: #f1f5f9;
  --nav-h: 46px;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { scroll-padding-top: calc(var(--nav-h) + 12px); }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; -webkit-font-smoothing: antialiased; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 20px; }
.masthead { background: linear-gradient(120deg, #1e1b4b, #312e81 55%, #3730a3); color: #e0e7ff; padding: 28px 0 24px; }
.masthead .brand { font-size: 12px; letter-spacing: .14em; text-transform: uppercase; color: #a5b4fc; font-weight: 700; }
.masthead h1 { margin: 4px 0 6px; font-size: 26px; color: #fff; font-weight: 700; letter-spacing: -.01em; }
.masthead .meta { margin: 0; color: #c7d2fe; font-size: 13px; }
.masthead code { color: #fff; background: rgba(255,255,255,.12); padding: 1px 6px; border-radius: 4px; }
nav.toc { position: sticky; top: 0; z-index: 20; height: var(--nav-h); background: rgba(255,255,255,.94); border-bottom: 1px solid var(--line); backdrop-filter: blur(6px); }
nav.toc .wrap { display: flex; gap: 4px; align-items: center; height: 100%; overflow-x: auto; }
nav.toc a { color: var(--ink-2); font-weight: 500; font-size: 13px; padding: 6px 10px; border-radius: 6px; white-space: nowrap; }
nav.toc a:hover { background: var(--accent-soft); color: var(--accent); text-decoration: none; }
main { padding: 8px 0 40px; }
section { margin-top: 30px; }
section > h2 { font-size: 19px; margin: 0 0 4px; letter-spacing: -.01em; display: flex; align-items: baseline; gap: 10px; }
section > h2 .count { font-size: 13px; font-weight: 500; color: var(--ink-3); }
.lead { color: var(--ink-3); margin: 0 0 14px; max-width: 900px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 1px 2px rgba(15,23,42,.04); }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
.stat { padding: 14px 16px; position: relative; overflow: hidden; }
.stat .label { color: var(--ink-3); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; }
.stat .value { font-size: 28px; font-weight: 700; letter-spacing: -.02em; margin-top: 2px; font-variant-numeric: tabular-nums; }
.stat .sub { color: var(--ink-3); font-size: 12.5px; }
.stat::before { content: ""; position: absolute; inset: 0 auto 0 0; width: 4px; background: var(--line-2); }
.stat.sev-error::before { background: var(--err); } .stat.sev-error .value { color: var(--err); }
.stat.sev-warning::before { background: var(--warn); } .stat.sev-warning .value { color: var(--warn); }
.stat.sev-none::before { background: var(--ok); }
.stat.accent::before { background: var(--accent); }
.export-line { margin-top: 12px; color: var(--ink-3); font-size: 13px; }
.badge { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 600; line-height: 18px; white-space: nowrap; border: 1px solid transparent; }
.badge.sev-error, .badge.health-login-expired, .badge.health-forwards-nothing, .badge.health-unknown-peer, .badge.disp-NO_ROUTING_PEER, .badge.disp-DENIED, .badge.disp-BLACKHOLED { background: var(--err-soft); color: var(--err-ink); }
.badge.sev-warning, .badge.health-disconnected, .badge.nondet { background: var(--warn-soft); color: var(--warn-ink); }
.badge.sev-none, .badge.health-connected, .badge.disp-ROUTED, .badge.on { background: var(--ok-soft); color: var(--ok-ink); }
.badge.disp-LOCAL, .badge.info { background: var(--info-soft); color: var(--info-ink); }
.badge.disp-NO_ROUTE, .badge.off, .badge.muted { background: var(--muted-soft); color: var(--ink-3); border-color: var(--line); }
.dot { width: 8px; height: 8px; border-radius: 50%; display: inline-block; background: currentColor; }
.rule-group { margin-bottom: 8px; overflow: hidden; }
.rule-group > summary { list-style: none; cursor: pointer; padding: 10px 16px; display: grid; grid-template-columns: 18px 330px 1fr; align-items: center; gap: 10px; }
.rule-group > summary::-webkit-details-marker { display: none; }
.rule-group > summary::before { content: "\\25B8"; color: var(--ink-3); transition: transform .15s; }
.rule-group[open] > summary::before { transform: rotate(90deg); }
.rule-group[open] > summary { border-bottom: 1px solid var(--line); }
.rule-group > summary:hover { background: #fafaff; }
.rule-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.rule-group .rule-id { font-family: var(--mono); font-weight: 700; font-size: 13px; }
.rule-group .rule-desc { color: var(--ink-3); font-size: 13px; }
.rule-group.sev-error { border-left: 4px solid var(--err); }
.rule-group.sev-warning { border-left: 4px solid var(--warn); }
.badges { display: inline-flex; gap: 4px; flex-wrap: wrap; }
.sevdot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin: 0 8px 1px 0; }
.sevdot.sev-error { background: var(--err); } .sevdot.sev-warning { background: var(--warn); }
.pills { display: inline-flex; gap: 3px; }
.pill { min-width: 22px; text-align: center; padding: 0 6px; border-radius: 999px; font-size: 11.5px; font-weight: 700; line-height: 19px; }
.pill.sev-error { background: var(--err-soft); color: var(--err-ink); }
.pill.sev-warning { background: var(--warn-soft); color: var(--warn-ink); }
.tags { display: flex; gap: 4px; margin-top: 3px; flex-wrap: wrap; }
.tag { display: inline-block; font-size: 10.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--ink-3); background: var(--muted-soft); border-radius: 4px; padding: 0 5px; line-height: 17px; }
.tag.info { color: var(--info-ink); background: var(--info-soft); }
.btn { font: inherit; font-size: 12.5px; font-weight: 600; color: var(--ink-2); background: #fff; border: 1px solid var(--line-2); border-radius: 7px; padding: 5px 12px; cursor: pointer; }
.btn:hover { border-color: var(--accent); color: var(--accent); }
.nid { font-weight: 600; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { background: #f8fafc; color: var(--ink-2); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: #fafaff; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.findings-table td.msg { max-width: 720px; }
.findings-table td.route { min-width: 170px; }
.findings-table .explanation { color: var(--ink-3); font-size: 12.5px; margin: 3px 0 0 16px; }
.rule-doc { padding: 4px 18px 12px; margin-bottom: 12px; font-size: 13.5px; }
.rule-doc h3 { font-family: var(--mono); font-size: 15px; }
.rule-doc h4, .rule-doc h5 { font-size: 13.5px; }
.rule-doc pre { background: #f8fafc; border: 1px solid var(--line); border-radius: 7px; padding: 8px 10px; overflow-x: auto; }
.rule-doc table { width: auto; margin: 6px 0; }
.rule-doc td, .rule-doc th { border: 1px solid var(--line); }
.findings-table td.loc { white-space: nowrap; color: var(--ink-3); font-size: 12px; }
.findings-table th { background: #fcfcfd; }
.table-card { overflow: visible; }
.sticky thead th { position: sticky; top: var(--nav-h); z-index: 5; box-shadow: inset 0 -1px 0 var(--line-2); }
.sticky thead th:first-child { border-top-left-radius: 12px; }
.sticky thead th:last-child { border-top-right-radius: 12px; }
.toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 10px; flex-wrap: wrap; }
.toolbar input[type=search] { flex: 0 1 360px; padding: 8px 12px; border: 1px solid var(--line-2); border-radius: 8px; font: inherit; background: #fff; }
.toolbar input[type=search]:focus { outline: 2px solid var(--accent); outline-offset: 1px; border-color: transparent; }
.toolbar .hint { color: var(--ink-3); font-size: 12.5px; }
th.sortable { padding: 0; }
th.sortable button { all: unset; box-sizing: border-box; display: flex; gap: 6px; align-items: center; width: 100%; padding: 7px 10px; cursor: pointer; }
th.sortable button::after { content: "\\2195"; color: var(--line-2); font-size: 11px; }
th.sortable[aria-sort=ascending] button::after { content: "\\25B2"; color: var(--accent); }
th.sortable[aria-sort=descending] button::after { content: "\\25BC"; color: var(--accent); }
th.sortable button:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
tr.disabled td { color: var(--ink-3); }
tr.disabled td.target { text-decoration: line-through; text-decoration-color: var(--line-2); }
.target { font-family: var(--mono); font-size: 12.5px; white-space: nowrap; }
.desc { color: var(--ink-2); max-width: 240px; font-size: 12.5px; }
#inventory-table { table-layout: fixed; }
#inventory-table td { overflow-wrap: anywhere; }
#inventory-table .target { white-space: normal; }
#inventory-table .desc { max-width: none; }
#inventory-table th.sortable { white-space: normal; }
.col-network-id { width: 16%; } .col-target { width: 16%; } .col-routing-peers { width: 13%; } .col-groups { width: 13%; }
.col-metric { width: 7%; } .col-masquerade { width: 6.5%; } .col-enabled { width: 7.5%; } .col-findings { width: 7.5%; } .col-description { width: 13.5%; }
.chip { max-width: 100%; overflow: hidden; text-overflow: ellipsis; }
.id { font-family: var(--mono); font-size: 11.5px; color: var(--ink-3); }
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chip { display: inline-block; padding: 0 7px; border-radius: 6px; background: var(--muted-soft); border: 1px solid var(--line); font-size: 12px; line-height: 19px; white-space: nowrap; }
.chip.group { background: var(--accent-soft); border-color: #e0e7ff; color: #3730a3; }
.sevcell { white-space: nowrap; }
.none-text { color: var(--ink-3); }
#ha-sets-table td { padding-top: 5px; padding-bottom: 5px; }
#ha-sets-table tr.set-start td { border-top: 1px solid var(--line-2); }
#ha-sets-table tbody tr:first-child td { border-top: 0; }
#ha-sets-table tbody td { border-bottom: 0; }
#ha-sets-table td.set { border-left: 4px solid var(--line-2); min-width: 220px; }
#ha-sets-table td.set.sev-error { border-left-color: var(--err); }
#ha-sets-table td.set.sev-warning { border-left-color: var(--warn); }
#ha-sets-table td.set.sev-none { border-left-color: var(--ok); }
#ha-sets-table .nid { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; overflow-wrap: anywhere; }
#ha-sets-table .target { white-space: normal; overflow-wrap: anywhere; color: var(--ink-2); }
#ha-sets-table td.peer { white-space: nowrap; }
.matrix-wrap { overflow-x: auto; }
.matrix-totals { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; color: var(--ink-2); }
.matrix-pager { align-items: center; }
table.matrix th, table.matrix td { border-right: 1px solid var(--line); }
table.matrix th:last-child, table.matrix td:last-child { border-right: 0; }
table.matrix th[scope=row] { text-transform: none; letter-spacing: 0; font-size: 13px; color: var(--ink); background: #fff; white-space: normal; min-width: 180px; max-width: 260px; overflow-wrap: anywhere; }
table.matrix th[scope=row] .target { font-size: 12px; color: var(--ink-2); }
table.matrix td { min-width: 120px; }
table.matrix td.empty { background: repeating-linear-gradient(135deg, #fff, #fff 5px, #f4f6f9 5px, #f4f6f9 10px); }
.outcome { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin-bottom: 4px; }
.outcome:last-child { margin-bottom: 0; }
.o { display: inline-block; padding: 1px 8px; border-radius: 6px; font-size: 12px; font-weight: 600; line-height: 18px; border: 1px solid transparent; }
.o-ROUTED { background: var(--ok-soft); color: var(--ok-ink); border-color: #bbf7d0; }
.o-NONDETERMINISTIC { background: var(--warn-soft); color: var(--warn-ink); border-color: #fde68a; }
.o-LOCAL { background: var(--info-soft); color: var(--info-ink); border-color: #bfdbfe; }
.o-NO_ROUTE { background: var(--muted-soft); color: var(--ink-3); border-color: var(--line); }
.o-NO_ROUTING_PEER { background: var(--err-soft); color: var(--err-ink); border-color: #fecaca; }
.o-EXIT_LEAK { background: var(--warn-soft); color: var(--warn-ink); border-color: #f59e0b; border-style: dashed; }
.o-DENIED { background: #fff7ed; color: #9a3412; border-color: #fdba74; }
.o-BLACKHOLED { background: #1f2937; color: #f9fafb; border-color: #111827; }
.o .q { display: inline-block; width: 15px; height: 15px; line-height: 15px; text-align: center; border-radius: 50%; background: var(--warn); color: #fff; font-size: 10px; margin-left: 2px; }
.via { font-size: 11.5px; color: var(--ink-3); }
.share { font-size: 11px; color: var(--ink-3); font-variant-numeric: tabular-nums; }
.probe { font-family: var(--mono); font-size: 11.5px; color: var(--ink-3); font-weight: 400; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; color: var(--ink-2); font-size: 12.5px; margin: 0 0 10px; }
.legend .sw { width: 14px; height: 14px; border-radius: 3px; display: inline-block; vertical-align: -2px; margin-right: 5px; border: 1.5px solid; }
.sw.sev-error { background: #fee2e2; border-color: #dc2626; }
.sw.sev-warning { background: #fef3c7; border-color: #d97706; }
.sw.sev-none { background: #dcfce7; border-color: #16a34a; }
.sw.disabled { background: #f1f5f9; border-color: #94a3b8; border-style: dashed; }
.sw.group { background: #6366f1; border-color: #6366f1; }
.sw.health-connected { background: #16a34a; border-color: #16a34a; }
.sw.health-disconnected { background: #d97706; border-color: #d97706; }
.sw.health-bad { background: #dc2626; border-color: #dc2626; }
.figure { padding: 14px; }
.figure svg { display: block; height: auto; }
.note { color: var(--ink-3); font-size: 13px; margin: 8px 0 0; }
.note.warn { color: var(--warn-ink); }
.empty-state { padding: 18px; color: var(--ink-3); }
h3 { font-size: 14px; margin: 18px 0 8px; color: var(--ink-2); }
footer { color: var(--ink-3); font-size: 12.5px; padding: 20px 0 36px; border-top: 1px solid var(--line); margin-top: 36px; }
@media (max-width: 900px) {
  .table-card { overflow-x: auto; }
  .sticky thead th { top: 0; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  .rule-group > summary { grid-template-columns: 18px 1fr; }
  .rule-group .rule-desc { grid-column: 2; }
}
@media print {
  body { background: #fff; font-size: 11px; }
  nav.toc, .toolbar { display: none; }
  .masthead { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--ink); }
  .masthead h1, .masthead .brand, .masthead .meta, .masthead code { color: var(--ink); background: none; }
  .card { box-shadow: none; break-inside: avoid; }
  .rule-group, tr { break-inside: avoid; }
  .sticky thead th { position: static; }
  section { break-before: auto; }
  a { color: inherit; }
  tr[hidden] { display: table-row; }
}
${MAP_CSS}`;

/** Sorting and filtering of the route inventory; opens every finding group before printing. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('inventory-table');
  if (table) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    var keyOf = function (row, col) {
      var cell = row.cells[col];
      var key = cell.getAttribute('data-sort-key');
      return key !== null ? key : cell.textContent.trim();
    };
    var isNumber = function (s) { return s !== '' && isFinite(Number(s)); };
    var compare = function (a, b) {
      var an = isNumber(a), bn = isNumber(b);
      if (an && bn) return Number(a) - Number(b);
      if (an !== bn) return an ? -1 : 1;
      return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
    };
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        Array.prototype.forEach.call(heads, function (other) { if (other.classList.contains('sortable')) other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', dir);
        var sign = dir === 'ascending' ? 1 : -1;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          return compare(keyOf(x, col), keyOf(y, col)) * sign || Number(x.getAttribute('data-order')) - Number(y.getAttribute('data-order'));
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      });
    });
    var filter = document.getElementById('inventory-filter');
    var shown = document.getElementById('inventory-shown');
    if (filter) {
      filter.addEventListener('input', function () {
        var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
        var visible = 0;
        Array.prototype.forEach.call(body.rows, function (row) {
          var text = row.textContent.toLowerCase();
          var match = words.every(function (w) { return text.indexOf(w) !== -1; });
          row.hidden = !match;
          if (match) visible++;
        });
        if (shown) shown.textContent = String(visible);
      });
    }
  }
  var setAll = function (open) {
    Array.prototype.forEach.call(document.querySelectorAll('#findings details'), function (d) { d.open = open; });
  };
  var expand = document.getElementById('findings-expand');
  var collapse = document.getElementById('findings-collapse');
  if (expand) expand.addEventListener('click', function () { setAll(true); });
  if (collapse) collapse.addEventListener('click', function () { setAll(false); });
  // Reachability pages: the markup holds the first page; the other rows come from the embedded JSON
  // (html.ts, matrixJson). Delegated from the document: the Ask panel replaces the section.
  var matrixState = { data: null, source: null, start: 0, rows: null };
  var escText = function (t) { return String(t).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var matrixData = function () {
    var el = document.getElementById('reachability-data');
    if (!el) return null;
    if (matrixState.source !== el) {
      matrixState = { data: JSON.parse(el.textContent), source: el, start: 0, rows: null };
      matrixState.rows = matrixState.data.rows;
    }
    return matrixState.data;
  };
  var outcomeMarkup = function (d, o, row, total) {
    var name = function (i) { return i < 0 ? '' : escText(d.peers[i][1]); };
    var disp = o[0];
    var cls = o[4] ? 'EXIT_LEAK' : disp === 'ROUTED' && o[3] ? 'NONDETERMINISTIC' : disp;
    var label;
    if (disp === 'ROUTED' && o[3]) label = (o[5].length > 0 ? o[5].map(name).join(' | ') : 'several peers') + ' <span class="q" title="nondeterministic: NetBird picks by Go map order">?</span>';
    else if (disp === 'ROUTED') label = name(o[1]);
    else if (disp === 'LOCAL') label = 'local';
    else if (disp === 'NO_ROUTE') label = 'no route';
    else if (disp === 'DENIED') label = 'denied at ' + name(o[1]);
    else if (disp === 'BLACKHOLED') label = 'black hole at ' + name(o[1]);
    else label = 'no routing peer';
    var names = o[7].map(function (i) { return d.peers[i][1]; });
    var title = names.join(', ') + (o[6] > names.length ? ', … (' + (o[6] - names.length) + ' more)' : '');
    return '<div class="outcome" data-disposition="' + disp + '"' + (o[3] ? ' data-nondeterministic="true"' : '') + (o[4] ? ' data-private-via-exit="true"' : '') + ' title="' + escText(title) + '"><span class="o o-' + cls + '">' + label + '</span>' +
      (o[2] ? '<span class="via">via ' + escText(o[2]) + '</span>' : '') + (o[6] === total ? '' : '<span class="share">' + o[6] + '/' + total + '</span>') + '</div>';
  };
  var cellMarkup = function (d, cell, row) {
    if (cell[1] === null) return '<span class="none-text unsimulated">not simulated · ' + cell[2] + (cell[2] === 1 ? ' member' : ' members') + '</span>';
    var total = cell[2];
    return cell[1].length === 0 ? '<span class="none-text">no members</span>' : cell[1].map(function (o) { return outcomeMarkup(d, o, row, total); }).join('');
  };
  var rowMarkup = function (d, row) {
    var head = function (span) { return '<th class="set" scope="row"' + (span > 1 ? ' rowspan="' + span + '"' : '') + '><span class="nid">' + escText(row[1]) + '</span> <span class="target">' + escText(row[2]) + '</span><div class="probe">asks ' + escText(row[3]) + '</div></th>'; };
    var key = escText(row[0]);
    if (d.columns) {
      var byColumn = {};
      row[4].forEach(function (c) { byColumn[c[0]] = c; });
      return '<tr data-set-key="' + key + '">' + head(1) + d.groups.map(function (g, i) {
        var c = byColumn[i];
        return c ? '<td data-group-id="' + escText(g[0]) + '">' + cellMarkup(d, c, row) + '</td>' : '<td class="empty" title="not distributed to ' + escText(g[1]) + '"></td>';
      }).join('') + '</tr>';
    }
    return row[4].map(function (c, i) {
      var g = d.groups[c[0]];
      return '<tr data-set-key="' + key + '" data-group-id="' + escText(g[0]) + '">' + (i === 0 ? head(row[4].length) : '') + '<td><span class="chip group" title="' + escText(g[1] === g[0] ? g[0] : g[1] + ' (' + g[0] + ')') + '">' + escText(g[1]) + '</span></td><td>' + cellMarkup(d, c, row) + '</td></tr>';
    }).join('');
  };
  var showMatrixPage = function (start) {
    var d = matrixData();
    if (!d) return;
    var rows = matrixState.rows;
    start = Math.max(0, Math.min(start, Math.max(0, rows.length - 1)));
    start -= start % d.page;
    matrixState.start = start;
    var page = rows.slice(start, start + d.page);
    document.querySelector('#reachability-matrix tbody').innerHTML = page.map(function (row) { return rowMarkup(d, row); }).join('');
    var status = document.getElementById('matrix-status');
    var from = page.length === 0 ? 0 : start + 1;
    status.setAttribute('data-from', String(from));
    status.setAttribute('data-to', String(start + page.length));
    status.setAttribute('data-of', String(rows.length));
    status.textContent = page.length === 0 ? 'No HA set matches' : 'HA sets ' + from + '–' + (start + page.length) + ' of ' + rows.length + (rows.length < d.rows.length ? ' (filtered from ' + d.rows.length + ')' : '');
    document.getElementById('matrix-prev').disabled = start === 0;
    document.getElementById('matrix-next').disabled = start + d.page >= rows.length;
  };
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!t || !t.id) return;
    if (t.id === 'matrix-next' || t.id === 'matrix-prev') {
      var d = matrixData();
      if (d) showMatrixPage(matrixState.start + (t.id === 'matrix-next' ? d.page : -d.page));
    }
  });
  document.addEventListener('input', function (e) {
    if (!e.target || e.target.id !== 'matrix-filter') return;
    var d = matrixData();
    if (!d) return;
    var words = e.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
    matrixState.rows = words.length === 0 ? d.rows : d.rows.filter(function (row) {
      var text = (row[1] + ' ' + row[2] + ' ' + row[3] + ' ' + row[4].map(function (c) { return d.groups[c[0]][1]; }).join(' ')).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    });
    showMatrixPage(0);
  });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
})();
${MAP_SCRIPT}`;

/** The CSP source expression allowing exactly `text` as an inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

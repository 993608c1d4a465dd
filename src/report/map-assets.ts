// The address map's part of the page's style sheet and script (assets.ts appends them to its own,
// so the page's Content Security Policy still names one style and one script by hash). The script
// opens a box (click, Enter or Space) into a strip of the prefixes nested in it and pages through
// long strips, from the data svg-map.ts embeds (gzipped JSON, unpacked with DecompressionStream);
// it writes a box exactly as boxMarkup does.
import { MAP_COLOURS, MAP_SEVERITIES } from './svg-map.js';

export const MAP_CSS = `
.map .map-level { margin-bottom: 12px; }
.map .map-level:last-child { margin-bottom: 0; }
.map-head { display: flex; gap: 8px 12px; align-items: center; flex-wrap: wrap; font-size: 13px; margin: 0 0 4px; }
.map-head .hint { color: var(--ink-3); }
.map-head .btn { padding: 2px 10px; }
.map-head .btn:disabled { opacity: .45; cursor: default; border-color: var(--line-2); color: var(--ink-2); }
.map-pager { display: inline-flex; gap: 6px; }
.map-pager[hidden] { display: none; }
#address-map-open .map-level { border-left: 3px solid var(--accent-soft); padding-left: 10px; }
.map-strip { display: block; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.map-strip .box rect { stroke-width: 1.2; }
.map-strip .box text { pointer-events: none; }
.map-strip .box .p { font-size: 11px; font-weight: 600; }
.map-strip .box .s { font-size: 10.5px; fill-opacity: .85; }
${MAP_SEVERITIES.map((s) => `.map-strip .sev-${s} rect { fill: ${MAP_COLOURS[s].fill}; stroke: ${MAP_COLOURS[s].stroke}; } .map-strip .sev-${s} text { fill: ${MAP_COLOURS[s].text}; }`).join('\n')}
.map-strip .sev-disabled rect { stroke-dasharray: 4 3; }
.map-strip .box.more rect { fill: #f8fafc; stroke: #94a3b8; stroke-dasharray: 3 3; }
.map-strip .box.more text { fill: var(--ink-2); }
.map-strip .box[role=button] { cursor: pointer; }
.map-strip .box[role=button]:hover rect { stroke-width: 2.2; }
.map-strip .box:focus { outline: none; }
.map-strip .box:focus-visible rect { stroke: var(--accent); stroke-width: 3; }
.map-strip .box[aria-expanded=true] rect { stroke: var(--accent); stroke-width: 2.6; }
`;

export const MAP_SCRIPT = `
(function () {
  'use strict';
  var root = document.getElementById('address-map-levels');
  var open = document.getElementById('address-map-open');
  var source = document.getElementById('address-map-data');
  if (!root || !open || !source || typeof DecompressionStream === 'undefined') return;
  var d = null;
  // geometry: strip width, margin, box top, box height, "more" box width, label character widths, gap between rows.
  var g = null;
  var SEV = ${JSON.stringify(MAP_SEVERITIES)};
  var WORD = { none: 'no findings', warning: 'warnings', error: 'errors', disabled: 'disabled' };
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var esc = function (t) { return String(t).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var num = function (v) { return String(Math.round(v * 10) / 10); };
  var count = function (k, one, many) { return k + ' ' + (k === 1 ? one : many); };
  var fit = function (text, width, cw) {
    var chars = Math.floor((width - 8) / cw);
    if (chars >= text.length) return text;
    return chars < 4 ? '' : text.slice(0, chars - 1) + '\\u2026';
  };
  // A node: [prefix, first network ids, network ids, routes, severity code, nested at any depth, x, width].
  var names = function (b) { return b[1].join(', ') + (b[2] > b[1].length ? ' +' + (b[2] - b[1].length) : ''); };
  var top = function (k) { return g[2] + Math.floor(k / d.row) * (g[3] + g[7]); };
  var box = function (i, k) {
    var b = d.nodes[i];
    var y = top(k);
    var sev = SEV[b[4]];
    var tip = b[0] + ' \\u2014 ' + names(b) + ' \\u2014 ' + count(b[3], 'route', 'routes') + ', ' + WORD[sev] + (b[5] > 0 ? ' \\u2014 ' + count(b[5], 'nested prefix', 'nested prefixes') : '');
    var label = fit(b[0], b[7], g[5]);
    var sub = fit(b[5] > 0 ? '\\u25b8' + b[5] + ' ' + names(b) : names(b), b[7], g[6]);
    return '<g class="box sev-' + sev + '" data-i="' + i + '" data-prefix="' + esc(b[0]) + '"' + (b[5] > 0 ? ' data-nested="' + b[5] + '"' : '') + '><title>' + esc(tip) + '</title>' +
      '<rect x="' + num(b[6]) + '" y="' + y + '" width="' + num(b[7]) + '" height="' + g[3] + '" rx="4"/>' +
      (label ? '<text class="p" x="' + num(b[6] + 5) + '" y="' + (y + 15) + '">' + esc(label) + '</text>' : '') +
      (sub ? '<text class="s" x="' + num(b[6] + 5) + '" y="' + (y + 30) + '">' + esc(sub) + '</text>' : '') + '</g>';
  };
  var more = function (k, next) {
    var x = g[0] - g[1] - g[4];
    var y = top(d.page - 1);
    return '<g class="box more" data-next="' + next + '"><title>' + k + ' more in address order</title><rect x="' + x + '" y="' + y + '" width="' + g[4] + '" height="' + g[3] + '" rx="4"/><text class="p" x="' + (x + 8) + '" y="' + (y + 25) + '">+' + k + ' more</text></g>';
  };
  // Nodes are in address order, each followed by what it contains: a list of siblings skips over subtrees.
  var lists = {};
  var listOf = function (key) {
    if (lists[key]) return lists[key];
    var from, to;
    if (key === '4' || key === '6') { from = d.top[key][0]; to = d.top[key][1]; }
    else { from = Number(key.slice(1)) + 1; to = from + d.nodes[from - 1][5]; }
    var out = [];
    for (var j = from; j < to; j += d.nodes[j][5] + 1) out.push(j);
    return (lists[key] = out);
  };
  // Every box takes the focus (its title is its name); those that open or page are buttons.
  var arm = function (level) {
    each(level.querySelectorAll('.box'), function (b) {
      b.setAttribute('tabindex', '0');
      if (!b.hasAttribute('data-nested') && !b.classList.contains('more')) return;
      b.setAttribute('role', 'button');
      if (b.hasAttribute('data-nested')) b.setAttribute('aria-expanded', 'false');
    });
  };
  var draw = function (level, page) {
    var list = listOf(level.getAttribute('data-list'));
    var from = page * d.page;
    var items = list.slice(from, from + d.page);
    var rest = list.length - from - items.length;
    var svg = level.querySelector('svg');
    var rows = Math.max(1, Math.ceil(items.length / d.row));
    svg.setAttribute('viewBox', '0 0 ' + g[0] + ' ' + (rows * g[3] + (rows - 1) * g[7] + 2 * g[2]));
    svg.innerHTML = items.map(box).join('') + (rest > 0 ? more(rest, from + items.length) : '');
    level.setAttribute('data-page', String(page));
    var shown = level.querySelector('.map-shown');
    if (shown) {
      shown.setAttribute('data-from', String(from + 1));
      shown.setAttribute('data-to', String(from + items.length));
      shown.textContent = (from + 1) + '\\u2013' + (from + items.length) + ' shown';
    }
    var prev = level.querySelector('[data-step="-1"]');
    var next = level.querySelector('[data-step="1"]');
    if (prev) prev.disabled = page === 0;
    if (next) next.disabled = rest <= 0;
    arm(level);
  };
  // Closes the levels opened from this one (for a top level: every opened level).
  var closeAfter = function (level) {
    if (level.parentNode === open) { while (level.nextSibling) open.removeChild(level.nextSibling); }
    else { open.innerHTML = ''; each(root.querySelectorAll('.box[aria-expanded="true"]'), function (b) { b.setAttribute('aria-expanded', 'false'); }); }
    each(level.querySelectorAll('.box[aria-expanded="true"]'), function (b) { b.setAttribute('aria-expanded', 'false'); });
  };
  var turn = function (level, step) {
    var list = listOf(level.getAttribute('data-list'));
    var page = Number(level.getAttribute('data-page')) + step;
    if (page < 0 || page * d.page >= list.length) return;
    closeAfter(level);
    draw(level, page);
  };
  var expand = function (level, b) {
    var was = b.getAttribute('aria-expanded') === 'true';
    closeAfter(level);
    if (was) return;
    var i = Number(b.getAttribute('data-i'));
    var node = d.nodes[i];
    var key = 'n' + i;
    var list = listOf(key);
    var paged = list.length > d.page;
    b.setAttribute('aria-expanded', 'true');
    var el = document.createElement('div');
    el.className = 'map-level';
    el.setAttribute('data-list', key);
    el.setAttribute('data-parent', node[0]);
    el.setAttribute('data-count', String(list.length));
    el.innerHTML = '<div class="map-head"><strong>Inside ' + esc(node[0]) + '</strong> <span class="hint">' + esc(names(node)) + ' \\u00b7 ' + count(list.length, 'prefix', 'prefixes') + ' directly inside, ' + node[5] + ' at any depth' + (paged ? ' \\u00b7 <span class="map-shown"></span>' : '') + '</span>' +
      (paged ? '<span class="map-pager"><button type="button" class="btn" data-step="-1">Previous</button><button type="button" class="btn" data-step="1">Next</button></span>' : '') +
      '<button type="button" class="btn map-close">Close</button></div>' +
      '<svg xmlns="http://www.w3.org/2000/svg" class="map-strip" width="100%" role="group" aria-label="Prefixes inside ' + esc(node[0]) + '"></svg>';
    // Opened from a top level: the opened levels follow that family's strip.
    if (level.parentNode !== open && open.previousSibling !== level) root.insertBefore(open, level.nextSibling);
    open.appendChild(el);
    draw(el, 0);
    if (el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
  };
  var close = function (level) {
    var opener = root.querySelector('.box[data-i="' + level.getAttribute('data-list').slice(1) + '"][aria-expanded="true"]');
    closeAfter(level);
    open.removeChild(level);
    if (opener) { opener.setAttribute('aria-expanded', 'false'); opener.focus(); }
  };
  // The data is gzipped JSON in base64: the boxes open once it is unpacked.
  var packed = atob(JSON.parse(source.textContent));
  var bytes = new Uint8Array(packed.length);
  for (var k = 0; k < packed.length; k++) bytes[k] = packed.charCodeAt(k);
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (text) {
    d = JSON.parse(text);
    g = d.geometry;
    each(root.querySelectorAll('.map-level'), function (level) {
      var pager = level.querySelector('.map-pager');
      if (pager) pager.hidden = false;
      arm(level);
    });
    root.setAttribute('data-ready', 'true');
  });
  root.addEventListener('click', function (e) {
    var t = e.target;
    if (!d) return;
    var level = t && t.closest ? t.closest('.map-level') : null;
    if (!level) return;
    var step = t.closest('[data-step]');
    if (step) { turn(level, Number(step.getAttribute('data-step'))); return; }
    if (t.closest('.map-close')) { close(level); return; }
    var b = t.closest('.box');
    if (!b) return;
    if (b.classList.contains('more')) {
      turn(level, 1);
      var focus = level.querySelector('.box.more') || level.querySelector('[data-step="-1"]');
      if (focus) focus.focus();
    } else if (b.hasAttribute('data-nested')) expand(level, b);
  });
  root.addEventListener('keydown', function (e) {
    var t = e.target;
    if (!d) return;
    if (e.key === 'Escape') {
      var level = t && t.closest ? t.closest('#address-map-open .map-level') : null;
      if (level) { e.preventDefault(); close(level); }
      return;
    }
    if ((e.key !== 'Enter' && e.key !== ' ') || !t || t.getAttribute('role') !== 'button' || !t.classList.contains('box')) return;
    e.preventDefault();
    t.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
})();
`;

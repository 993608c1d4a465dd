// The address-space map, a level at a time. The default routes (exit nodes' 0.0.0.0/0 and ::/0)
// are drawn apart: they contain every address, and nesting under them would hide everything else.
// Each family's top-level prefixes (those no other non-default prefix contains) sit side by side in
// address order across one strip, as wide as their share of the address space but never narrower
// than a readable minimum. Opening a box draws a strip below it with the prefixes nested directly
// in it, laid out the same way across the parent's addresses. A strip holds rows of at most
// MAP_ROW boxes (a list longer than a row: each row across its own addresses) and at most MAP_PAGE
// boxes in all; a "+N more" box pages on through the rest, in address order.
//
// The top level is markup (it needs no script); the deeper levels come from compact JSON embedded
// in the page (gzipped), with every box's place already computed here, so the page script does no prefix
// math and the page holds one small array per prefix rather than an SVG element per prefix.
// Colour: the worst finding severity on the prefix's routes (grey and dashed when all are disabled).
import { gzipSync } from 'node:zlib';
import { formatAddr, sizeOf, type Family, type Prefix } from '../net/prefix.js';
import { addressTreeOf, type AddressTree } from './data/address-map.js';
import type { MapPrefix, WorstSeverity } from './data.js';
import { escapeHtml } from '../escape.js';

/** Boxes per row of a strip: as many as keep an IPv4 prefix's label readable. */
export const MAP_ROW = 10;
/** Boxes per strip (whole rows); the rest are paged through behind a "+N more" box. */
export const MAP_PAGE = 5 * MAP_ROW;
/** Width of a strip (SVG user units). */
export const MAP_WIDTH = 1200;
const MARGIN = 12;
const BOX_HEIGHT = 40;
const BOX_TOP = 2;
const ROW_GAP = 6;
const GAP = 3;
const MIN_WIDTH = 108;
const MORE_WIDTH = 96;
/** Network ids named on a box; the others are counted. */
const IDS_SHOWN = 3;
/** Average advance of a character of the labels: bold 11 px for prefixes, regular 10.5 px for the second line. */
const PREFIX_CHAR_WIDTH = 6.6;
const ID_CHAR_WIDTH = 5.9;

/** Places siblings in [left, right): proportional where possible, at least `minWidth` each, no overlaps, address order kept. */
export function placeSiblings(items: readonly { offset: number; share: number }[], left: number, right: number, gap = GAP, minWidth = MIN_WIDTH): { x: number; width: number }[] {
  const n = items.length;
  if (n === 0) return [];
  const avail = Math.max(0, right - left);
  const g = n > 1 && (n - 1) * gap < avail / 2 ? gap : 0;
  const min = Math.min(minWidth, (avail - (n - 1) * g) / n);
  const widths = items.map((it) => Math.max(it.share * avail, min));
  const excess = widths.reduce((s, w) => s + w, 0) + (n - 1) * g - avail;
  if (excess > 0) {
    const slack = widths.reduce((s, w) => s + (w - min), 0);
    for (let i = 0; i < n; i++) widths[i] = slack > excess ? widths[i]! - ((widths[i]! - min) * excess) / slack : min;
  }
  const xs = items.map((it) => left + it.offset * avail);
  for (let i = 0; i < n; i++) xs[i] = Math.max(xs[i]!, i === 0 ? left : xs[i - 1]! + widths[i - 1]! + g);
  for (let i = n - 1; i >= 0; i--) xs[i] = Math.max(left, Math.min(xs[i]!, i === n - 1 ? right - widths[i]! : xs[i + 1]! - g - widths[i]!));
  return xs.map((x, i) => ({ x, width: widths[i]! }));
}

/** `prefix`'s offset in the range [start, start + size) and its share of it, as fractions. */
function shareOf(prefix: Prefix, start: bigint, size: bigint): { offset: number; share: number } {
  const SCALE = 1_000_000_000n;
  return {
    offset: Number(((prefix.start - start) * SCALE) / size) / 1e9,
    share: Number((sizeOf(prefix) * SCALE) / size) / 1e9,
  };
}

const FAMILY_SIZE: Record<Family, bigint> = { 4: 1n << 32n, 6: 1n << 128n };

/** The tree with every node's box: x and width in its page of its parent's strip. */
export interface MapLayout {
  readonly tree: AddressTree;
  readonly x: Float64Array;
  readonly width: Float64Array;
}

/** Height of a strip of `boxes` boxes (rows of MAP_ROW). */
function stripHeight(boxes: number): number {
  const rows = Math.max(1, Math.ceil(boxes / MAP_ROW));
  return rows * BOX_HEIGHT + (rows - 1) * ROW_GAP + 2 * BOX_TOP;
}

/**
 * Places the boxes of one list of siblings (a family's top level, or a node's children), row by
 * row: a list that fits one row spreads over the parent's addresses; a longer list spreads each
 * row over the addresses from its first box to its last. The last row of a page that has more
 * after it leaves room for the "+N more" box.
 */
function placeList(layout: { x: Float64Array; width: Float64Array }, nodes: readonly MapPrefix[], list: readonly number[], start: bigint, size: bigint): void {
  for (let from = 0; from < list.length; from += MAP_ROW) {
    const row = list.slice(from, from + MAP_ROW);
    const more = (from + MAP_ROW) % MAP_PAGE === 0 && from + MAP_ROW < list.length;
    let rangeStart = start;
    let rangeSize = size;
    if (list.length > MAP_ROW) {
      rangeStart = nodes[row[0]!]!.prefix.start;
      rangeSize = nodes[row[row.length - 1]!]!.prefix.end - rangeStart + 1n;
    }
    const right = MAP_WIDTH - MARGIN - (more ? MORE_WIDTH + GAP : 0);
    const spots = placeSiblings(
      row.map((i) => shareOf(nodes[i]!.prefix, rangeStart, rangeSize)),
      MARGIN,
      right,
    );
    row.forEach((i, k) => {
      layout.x[i] = spots[k]!.x;
      layout.width[i] = spots[k]!.width;
    });
  }
}

/** Nests `entries` (distinct prefixes in comparePrefix order) and places every box. */
export function layoutAddressMap(entries: readonly MapPrefix[]): MapLayout {
  const tree = addressTreeOf(entries);
  const layout = { tree, x: new Float64Array(tree.nodes.length), width: new Float64Array(tree.nodes.length) };
  for (const family of [4, 6] as const) placeList(layout, tree.nodes, tree.top[family], 0n, FAMILY_SIZE[family]);
  tree.nodes.forEach((node, i) => {
    if (tree.children[i]!.length > 0) placeList(layout, tree.nodes, tree.children[i]!, node.prefix.start, sizeOf(node.prefix));
  });
  return layout;
}

/** Fill, stroke and text colour per severity; disabled prefixes are grey whatever their findings. */
export const MAP_COLOURS: Record<WorstSeverity | 'disabled', { fill: string; stroke: string; text: string }> = {
  error: { fill: '#fee2e2', stroke: '#dc2626', text: '#7f1d1d' },
  warning: { fill: '#fef3c7', stroke: '#d97706', text: '#78350f' },
  none: { fill: '#dcfce7', stroke: '#16a34a', text: '#14532d' },
  disabled: { fill: '#f1f5f9', stroke: '#94a3b8', text: '#475569' },
};

/** The severity codes of the embedded data, by index. */
export const MAP_SEVERITIES = ['none', 'warning', 'error', 'disabled'] as const;
type MapSeverity = (typeof MAP_SEVERITIES)[number];

function severityOf(e: MapPrefix): MapSeverity {
  return e.enabled ? e.severity : 'disabled';
}

const SEVERITY_WORD: Record<MapSeverity, string> = { error: 'errors', warning: 'warnings', none: 'no findings', disabled: 'disabled' };

/** `text` cut to what fits in `width` with an ellipsis; empty when not even a few characters fit. */
function fit(text: string, width: number, charWidth: number): string {
  const chars = Math.floor((width - 8) / charWidth);
  if (chars >= text.length) return text;
  return chars < 4 ? '' : `${text.slice(0, chars - 1)}…`;
}

/** A coordinate to a tenth of a unit: short, and the same on every run. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function idsText(ids: readonly string[], total: number): string {
  return `${ids.join(', ')}${total > ids.length ? ` +${total - ids.length}` : ''}`;
}

/** The fields of a box, as the embedded data holds them: [prefix, first network ids, network ids, routes, severity code, nested at any depth, x, width]. */
type BoxData = [string, string[], number, number, number, number, number, number];

function boxData(layout: MapLayout, i: number): BoxData {
  const e = layout.tree.nodes[i]!;
  return [e.prefix.text, e.networkIds.slice(0, IDS_SHOWN) as string[], e.networkIds.length, e.routeIds.length, MAP_SEVERITIES.indexOf(severityOf(e)), layout.tree.nested[i]!, Math.round(layout.x[i]! * 10) / 10, Math.round(layout.width[i]! * 10) / 10];
}

/** The top of the box in place `k` of its strip. */
function rowTop(k: number): number {
  return BOX_TOP + Math.floor(k / MAP_ROW) * (BOX_HEIGHT + ROW_GAP);
}

/** One box, in place `k` of its strip; the page script (map-assets.ts, `box`) writes the same markup for the levels it opens. */
function boxMarkup(b: BoxData, index: number, k: number): string {
  const [text, ids, idCount, routes, sev, nested, x, width] = b;
  const y = rowTop(k);
  const severity = MAP_SEVERITIES[sev]!;
  const names = idsText(ids, idCount);
  const tip = `${text} — ${names} — ${routes} route${routes === 1 ? '' : 's'}, ${SEVERITY_WORD[severity]}${nested > 0 ? ` — ${nested} nested prefix${nested === 1 ? '' : 'es'}` : ''}`;
  const second = nested > 0 ? `▸${nested} ${names}` : names;
  const label = fit(text, width, PREFIX_CHAR_WIDTH);
  const sub = fit(second, width, ID_CHAR_WIDTH);
  return `<g class="box sev-${severity}" data-i="${index}" data-prefix="${escapeHtml(text)}"${nested > 0 ? ` data-nested="${nested}"` : ''}><title>${escapeHtml(tip)}</title><rect x="${n(x)}" y="${y}" width="${n(width)}" height="${BOX_HEIGHT}" rx="4"/>${label ? `<text class="p" x="${n(x + 5)}" y="${y + 15}">${escapeHtml(label)}</text>` : ''}${sub ? `<text class="s" x="${n(x + 5)}" y="${y + 30}">${escapeHtml(sub)}</text>` : ''}</g>`;
}

/** The "+N more" box closing a full strip that has further pages; `next` is the first index of the next page. */
function moreMarkup(count: number, next: number): string {
  const x = MAP_WIDTH - MARGIN - MORE_WIDTH;
  const y = rowTop(MAP_PAGE - 1);
  return `<g class="box more" data-next="${next}"><title>${count} more in address order</title><rect x="${x}" y="${y}" width="${MORE_WIDTH}" height="${BOX_HEIGHT}" rx="4"/><text class="p" x="${x + 8}" y="${y + 25}">+${count} more</text></g>`;
}

function strip(label: string, boxes: string, count: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="map-strip" viewBox="0 0 ${MAP_WIDTH} ${stripHeight(count)}" width="100%" role="group" aria-label="${escapeHtml(label)}">${boxes}</svg>`;
}

const FAMILY_LABEL: Record<Family, string> = { 4: 'IPv4', 6: 'IPv6' };

/** A family's top level, first page: the heading, the paging buttons (shown by the script) and the strip. */
function familyLevel(layout: MapLayout, family: Family): string {
  const list = layout.tree.top[family];
  const page = list.slice(0, MAP_PAGE);
  const last = formatAddr({ family, value: FAMILY_SIZE[family] - 1n });
  const range = `${formatAddr({ family, value: 0n })} – ${last}`;
  const shown = list.length > MAP_PAGE ? `<span class="map-shown" data-from="1" data-to="${page.length}">1–${page.length} shown</span>` : '';
  const boxes = page.map((i, k) => boxMarkup(boxData(layout, i), i, k)).join('') + (list.length > MAP_PAGE ? moreMarkup(list.length - page.length, page.length) : '');
  return `<div class="map-level" data-list="${family}" data-page="0" data-count="${list.length}"><div class="map-head"><strong>${FAMILY_LABEL[family]} address space</strong> <span class="hint">${range} · ${list.length} top-level prefix${list.length === 1 ? '' : 'es'}${shown ? ' · ' : ''}${shown}</span>${list.length > MAP_PAGE ? '<span class="map-pager" hidden><button type="button" class="btn" data-step="-1" disabled>Previous</button><button type="button" class="btn" data-step="1">Next</button></span>' : ''}</div>${strip(`${FAMILY_LABEL[family]} top-level prefixes`, boxes, page.length)}</div>`;
}

/** The default routes, side by side in a band of their own. */
function defaultsLevel(defaults: readonly MapPrefix[]): string {
  const width = (MAP_WIDTH - 2 * MARGIN - (defaults.length - 1) * GAP) / defaults.length;
  const boxes = defaults.map((e, k) => boxMarkup([e.prefix.text, e.networkIds.slice(0, IDS_SHOWN) as string[], e.networkIds.length, e.routeIds.length, MAP_SEVERITIES.indexOf(severityOf(e)), 0, MARGIN + k * (width + GAP), width], -1, 0));
  return `<div class="map-level map-defaults" data-list="default"><div class="map-head"><strong>Default routes</strong> <span class="hint">exit nodes: every address the prefixes below do not route</span></div>${strip('Default routes', boxes.join(''), 1)}</div>`;
}

/**
 * The embedded data of the page script: the strip geometry and the boxes of every non-default
 * prefix in address order (a parent before what it contains, so a node's children follow it and
 * `nested` skips over a child's own subtree), and where each family's top level lies in it. As
 * JSON, gzipped, in base64, as one JSON string: a fifth of the JSON's size (2.5 MB of JSON for
 * the 40,000 prefixes of 100,000 routes), and nothing in it can close the script element.
 */
export function mapData(layout: MapLayout): string {
  const nodes = layout.tree.nodes.map((_, i) => boxData(layout, i));
  const v4 = layout.tree.nodes.filter((e) => e.prefix.family === 4).length;
  const json = JSON.stringify({
    page: MAP_PAGE,
    row: MAP_ROW,
    geometry: [MAP_WIDTH, MARGIN, BOX_TOP, BOX_HEIGHT, MORE_WIDTH, PREFIX_CHAR_WIDTH, ID_CHAR_WIDTH, ROW_GAP],
    top: { 4: [0, v4], 6: [v4, nodes.length] },
    nodes,
  });
  return JSON.stringify(gzipSync(json, { level: 6 }).toString('base64'));
}

/** The whole figure: the default routes, each family's top level, the place for opened levels, and the data. */
export function renderAddressMap(entries: readonly MapPrefix[]): { html: string; topLevel: number; nested: number } {
  const layout = layoutAddressMap(entries);
  const { tree } = layout;
  if (entries.length === 0) return { html: '', topLevel: 0, nested: 0 };
  const levels: string[] = [];
  if (tree.defaults.length > 0) levels.push(defaultsLevel(tree.defaults));
  for (const family of [4, 6] as const) if (tree.top[family].length > 0) levels.push(familyLevel(layout, family));
  const topLevel = tree.top[4].length + tree.top[6].length;
  // The page script needs the data to open a box or turn a page; a map with neither needs none.
  const paged = tree.top[4].length > MAP_PAGE || tree.top[6].length > MAP_PAGE;
  const data = tree.nodes.length > topLevel || paged ? `<script type="application/json" id="address-map-data">${mapData(layout)}</script>` : '';
  return {
    html: `<div class="card figure map" id="address-map-levels">${levels.join('')}<div id="address-map-open"></div></div>${data}`,
    topLevel,
    nested: tree.nodes.length - topLevel,
  };
}

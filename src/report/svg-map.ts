// The address-space map: every routed prefix as a box, laid out by address. Top-level prefixes sit
// side by side in address order across the family's whole address space; a nested prefix is drawn
// inside its parent's box, at its address offset within the parent and as wide as its share of
// the parent's addresses, but never narrower than a readable minimum. Boxes that would overlap
// are pushed apart in address order. Colour: the worst finding severity on the prefix's routes.
import type { Family, Prefix } from '../net/prefix.js';
import { containsPrefix, formatAddr } from '../net/prefix.js';
import type { MapPrefix, WorstSeverity } from './data.js';
import { escapeHtml } from '../escape.js';

/** More prefixes than this are not drawn: the deepest levels are left out first. */
export const MAP_MAX_PREFIXES = 2000;

const WIDTH = 1200;
const MARGIN = 12;
/** Height of a box's label row; children start below it. */
const ROW = 36;
/** Inset of children inside their parent, and the space below them. */
const PAD = 5;
const GAP = 3;
const MIN_WIDTH = 108;
const BAND_TITLE = 26;
const BAND_AXIS = 18;
const BAND_SPACING = 20;
/** Average advance of a character of the labels: bold 11 px for prefixes, regular 10.5 px for network ids. */
const PREFIX_CHAR_WIDTH = 6.6;
const ID_CHAR_WIDTH = 5.9;

export interface MapBox {
  readonly entry: MapPrefix;
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface MapLayout {
  readonly boxes: readonly MapBox[];
  readonly bands: readonly { readonly family: Family; readonly y: number; readonly height: number }[];
  readonly width: number;
  readonly height: number;
  /** Prefixes not drawn because of MAP_MAX_PREFIXES. */
  readonly omitted: number;
}

interface Node {
  readonly entry: MapPrefix;
  readonly depth: number;
  readonly children: Node[];
}

/** Nests prefixes (sorted parents first, as comparePrefix orders them) into a forest per family. */
function forestOf(entries: readonly MapPrefix[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const entry of entries) {
    while (stack.length > 0 && !containsPrefix(stack[stack.length - 1]!.entry.prefix, entry.prefix)) stack.pop();
    const parent = stack[stack.length - 1];
    const node: Node = { entry, depth: parent ? parent.depth + 1 : 0, children: [] };
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** Keeps whole levels, shallowest first, while they fit in `limit`; returns the entries kept. */
function limitByDepth(entries: readonly MapPrefix[], limit: number): MapPrefix[] {
  if (entries.length <= limit) return [...entries];
  const depthOf = new Map<MapPrefix, number>();
  const walk = (nodes: readonly Node[]): void => {
    for (const n of nodes) {
      depthOf.set(n.entry, n.depth);
      walk(n.children);
    }
  };
  walk(forestOf(entries));
  const perDepth: number[] = [];
  for (const d of depthOf.values()) perDepth[d] = (perDepth[d] ?? 0) + 1;
  let maxDepth = -1;
  let kept = 0;
  while (maxDepth + 1 < perDepth.length && kept + perDepth[maxDepth + 1]! <= limit) kept += perDepth[++maxDepth]!;
  // Even the top level does not fit: draw its first `limit` prefixes in address order.
  if (maxDepth < 0) return entries.filter((e) => depthOf.get(e) === 0).slice(0, limit);
  return entries.filter((e) => depthOf.get(e)! <= maxDepth);
}

/** A's share of the addresses of the range [start, start + size), and its offset in it, as fractions. */
function shareOf(prefix: Prefix, start: bigint, size: bigint): { offset: number; share: number } {
  const SCALE = 1_000_000_000n;
  return {
    offset: Number(((prefix.start - start) * SCALE) / size) / 1e9,
    share: Number(((prefix.end - prefix.start + 1n) * SCALE) / size) / 1e9,
  };
}

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

function heightOf(node: Node): number {
  return node.children.length === 0 ? ROW : ROW + Math.max(...node.children.map(heightOf)) + PAD;
}

const FAMILY_SIZE: Record<Family, bigint> = { 4: 1n << 32n, 6: 1n << 128n };

/** Lays out the map of `entries` (distinct prefixes, sorted parents first). */
export function layoutAddressMap(entries: readonly MapPrefix[], limit = MAP_MAX_PREFIXES): MapLayout {
  const drawn = limitByDepth(entries, limit);
  const boxes: MapBox[] = [];
  const bands: { family: Family; y: number; height: number }[] = [];
  let y = MARGIN;
  const place = (nodes: readonly Node[], start: bigint, size: bigint, left: number, right: number, top: number): void => {
    const spots = placeSiblings(
      nodes.map((n) => shareOf(n.entry.prefix, start, size)),
      left,
      right,
    );
    nodes.forEach((node, i) => {
      const { x, width } = spots[i]!;
      boxes.push({ entry: node.entry, depth: node.depth, x, y: top, width, height: heightOf(node) });
      const p = node.entry.prefix;
      place(node.children, p.start, p.end - p.start + 1n, x + PAD, x + width - PAD, top + ROW);
    });
  };
  for (const family of [4, 6] as const) {
    const roots = forestOf(drawn.filter((e) => e.prefix.family === family));
    if (roots.length === 0) continue;
    const top = y + BAND_TITLE;
    place(roots, 0n, FAMILY_SIZE[family], MARGIN, WIDTH - MARGIN, top);
    const height = BAND_TITLE + Math.max(...roots.map(heightOf)) + BAND_AXIS;
    bands.push({ family, y, height });
    y += height + BAND_SPACING;
  }
  return { boxes, bands, width: WIDTH, height: bands.length === 0 ? 0 : y - BAND_SPACING + MARGIN, omitted: entries.length - drawn.length };
}

/** Fill and stroke per severity; disabled prefixes are grey whatever their findings. */
export const MAP_COLOURS: Record<WorstSeverity | 'disabled', { fill: string; stroke: string; text: string }> = {
  error: { fill: '#fee2e2', stroke: '#dc2626', text: '#7f1d1d' },
  warning: { fill: '#fef3c7', stroke: '#d97706', text: '#78350f' },
  none: { fill: '#dcfce7', stroke: '#16a34a', text: '#14532d' },
  disabled: { fill: '#f1f5f9', stroke: '#94a3b8', text: '#475569' },
};

/** `text` cut to what fits in `width` with an ellipsis; empty when not even a few characters fit. */
function fit(text: string, width: number, charWidth: number): string {
  const chars = Math.floor((width - 8) / charWidth);
  if (chars >= text.length) return text;
  return chars < 4 ? '' : `${text.slice(0, chars - 1)}…`;
}

const SEVERITY_WORD: Record<WorstSeverity, string> = { error: 'errors', warning: 'warnings', none: 'no findings' };

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The map as an inline SVG element: one <rect> per drawn prefix (with data-prefix and a <title>). */
export function renderAddressMap(entries: readonly MapPrefix[], limit = MAP_MAX_PREFIXES): { svg: string; omitted: number } {
  const layout = layoutAddressMap(entries, limit);
  if (layout.boxes.length === 0) return { svg: '', omitted: layout.omitted };
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" id="address-map-svg" class="address-map" viewBox="0 0 ${layout.width} ${n(layout.height)}" width="100%" role="img" aria-labelledby="address-map-title" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title id="address-map-title">Routed prefixes by address; nested prefixes inside their parents</title>`,
  );
  for (const band of layout.bands) {
    const bottom = band.y + band.height;
    const label = band.family === 4 ? 'IPv4' : 'IPv6';
    const last = band.family === 4 ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
    out.push(
      `<g class="band" data-family="${band.family}">`,
      `<text x="${MARGIN}" y="${n(band.y + 16)}" font-size="13" font-weight="600" fill="#334155">${label} address space</text>`,
      `<path d="M${MARGIN} ${n(bottom - 12)}H${WIDTH - MARGIN}M${MARGIN} ${n(bottom - 16)}v8M${WIDTH - MARGIN} ${n(bottom - 16)}v8" stroke="#94a3b8" fill="none"/>`,
      `<text x="${MARGIN}" y="${n(bottom)}" font-size="10" fill="#64748b">${formatAddr({ family: band.family, value: 0n })}</text>`,
      `<text x="${WIDTH - MARGIN}" y="${n(bottom)}" font-size="10" fill="#64748b" text-anchor="end">${last}</text>`,
      `</g>`,
    );
  }
  for (const box of layout.boxes) {
    const e = box.entry;
    const colour = MAP_COLOURS[e.enabled ? e.severity : 'disabled'];
    const tip = `${e.prefix.text} — ${e.networkIds.join(', ')} — ${e.routeIds.length} route${e.routeIds.length === 1 ? '' : 's'}, ${e.enabled ? SEVERITY_WORD[e.severity] : 'disabled'}`;
    out.push(
      `<g class="prefix">`,
      `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="4" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="1.2"${e.enabled ? '' : ' stroke-dasharray="4 3"'} data-prefix="${escapeHtml(e.prefix.text)}" data-severity="${e.enabled ? e.severity : 'disabled'}" data-depth="${box.depth}"><title>${escapeHtml(tip)}</title></rect>`,
    );
    const prefixLabel = fit(e.prefix.text, box.width, PREFIX_CHAR_WIDTH);
    if (prefixLabel) out.push(`<text x="${n(box.x + 5)}" y="${n(box.y + 15)}" font-size="11" font-weight="600" fill="${colour.text}" pointer-events="none">${escapeHtml(prefixLabel)}</text>`);
    const idLabel = fit(e.networkIds.join(', '), box.width, ID_CHAR_WIDTH);
    if (idLabel) out.push(`<text x="${n(box.x + 5)}" y="${n(box.y + 29)}" font-size="10.5" fill="${colour.text}" fill-opacity="0.85" pointer-events="none">${escapeHtml(idLabel)}</text>`);
    out.push(`</g>`);
  }
  out.push('</svg>');
  return { svg: out.join('\n'), omitted: layout.omitted };
}

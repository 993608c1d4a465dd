// The distribution graph: distribution groups (left) → HA sets (middle) → routing peers (right),
// three columns of boxes joined by curved edges. Rows are ordered by the barycentre of their
// neighbours (a few sweeps, ties broken by name), which keeps edges short and crossings few.
import { DISPLAY_LIMITS, type GraphData, type PeerHealth, type Ref, type WorstSeverity } from './data.js';
import { escapeHtml } from '../escape.js';
import { HEALTH_TEXT } from './words.js';
import { compareStrings } from '../order.js';

/** Beyond this many HA sets the graph is not drawn: it would be a wall of edges. */
export const GRAPH_MAX_SETS: number = DISPLAY_LIMITS.graphSets;

const WIDTH = 1200;
const NODE_WIDTH = 250;
const NODE_HEIGHT = 30;
const ROW_GAP = 7;
const TOP = 40;
const COLUMN_X = [16, (WIDTH - NODE_WIDTH) / 2, WIDTH - 16 - NODE_WIDTH] as const;
const CHAR_WIDTH = 6.6;

interface Placed {
  readonly id: string;
  readonly y: number;
}

export interface GraphLayout {
  readonly groups: readonly Placed[];
  readonly sets: readonly Placed[];
  readonly peers: readonly Placed[];
  readonly height: number;
}

/** Orders `ids` by the mean position of their neighbours in `positions`; nodes without neighbours keep their relative place. */
function byBarycentre(ids: readonly string[], neighbours: ReadonlyMap<string, readonly string[]>, positions: ReadonlyMap<string, number>, tieBreak: (a: string, b: string) => number): string[] {
  const current = new Map(ids.map((id, i) => [id, i]));
  const centre = (id: string): number => {
    const ps = (neighbours.get(id) ?? []).map((n) => positions.get(n)).filter((p): p is number => p !== undefined);
    return ps.length === 0 ? (current.get(id)! / Math.max(1, ids.length - 1)) * Math.max(0, positions.size - 1) : ps.reduce((s, p) => s + p, 0) / ps.length;
  };
  const keys = new Map(ids.map((id) => [id, centre(id)]));
  return [...ids].sort((a, b) => keys.get(a)! - keys.get(b)! || tieBreak(a, b));
}

function indexOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

/** Row order and positions of the three columns. */
export function layoutGraph(graph: GraphData): GraphLayout {
  const name = new Map<string, string>([...graph.groups.map((g) => [`g:${g.id}`, g.name] as const), ...graph.peers.map((p) => [`p:${p.peer.id}`, p.peer.name] as const), ...graph.sets.map((s) => [`s:${s.key}`, s.key] as const)]);
  const tieBreak = (a: string, b: string) => compareStrings(name.get(a) ?? a, name.get(b) ?? b) || compareStrings(a, b);
  const adjacency = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = adjacency.get(x);
      if (list) list.push(y);
      else adjacency.set(x, [y]);
    }
  };
  for (const e of graph.groupEdges) link(`g:${e.from}`, `s:${e.to}`);
  for (const e of graph.peerEdges) link(`s:${e.from}`, `p:${e.to}`);

  let sets = graph.sets.map((s) => `s:${s.key}`);
  let groups = byBarycentre(
    graph.groups.map((g) => `g:${g.id}`),
    adjacency,
    indexOf(sets),
    tieBreak,
  );
  let peers = byBarycentre(
    graph.peers.map((p) => `p:${p.peer.id}`),
    adjacency,
    indexOf(sets),
    tieBreak,
  );
  for (let sweep = 0; sweep < 4; sweep++) {
    // Sets look both ways: their groups and their peers, each column scaled to the set column.
    const scaled = new Map<string, number>();
    const scale = (ids: readonly string[]) => ids.forEach((id, i) => scaled.set(id, ids.length <= 1 ? (sets.length - 1) / 2 : (i * (sets.length - 1)) / (ids.length - 1)));
    scale(groups);
    scale(peers);
    sets = byBarycentre(sets, adjacency, scaled, tieBreak);
    groups = byBarycentre(groups, adjacency, indexOf(sets), tieBreak);
    peers = byBarycentre(peers, adjacency, indexOf(sets), tieBreak);
  }
  const rows = Math.max(groups.length, sets.length, peers.length, 1);
  const columnHeight = (count: number) => count * NODE_HEIGHT + Math.max(0, count - 1) * ROW_GAP;
  const full = columnHeight(rows);
  const placeColumn = (ids: readonly string[]): Placed[] => {
    const offset = TOP + (full - columnHeight(ids.length)) / 2;
    return ids.map((id, i) => ({ id, y: offset + i * (NODE_HEIGHT + ROW_GAP) }));
  };
  return { groups: placeColumn(groups), sets: placeColumn(sets), peers: placeColumn(peers), height: TOP + full + 16 };
}

const SEVERITY_COLOUR: Record<WorstSeverity, string> = { error: '#dc2626', warning: '#d97706', none: '#16a34a' };
export const HEALTH_COLOUR: Record<PeerHealth | 'none', string> = {
  connected: '#16a34a',
  disconnected: '#d97706',
  'login-expired': '#dc2626',
  'forwards-nothing': '#dc2626',
  'unknown-peer': '#dc2626',
  none: '#94a3b8',
};

function fit(text: string, width: number): string {
  const chars = Math.floor(width / CHAR_WIDTH);
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function node(x: number, y: number, kind: string, id: string, label: string, sub: string | null, tip: string, accent: string): string {
  const textX = x + 14;
  const title = `<title>${escapeHtml(tip)}</title>`;
  const lines = sub
    ? `<text x="${n(textX)}" y="${n(y + 13)}" font-size="11.5" font-weight="600" fill="#0f172a">${escapeHtml(fit(label, NODE_WIDTH - 22))}</text><text x="${n(textX)}" y="${n(y + 25)}" font-size="10.5" fill="#475569">${escapeHtml(fit(sub, NODE_WIDTH - 22))}</text>`
    : `<text x="${n(textX)}" y="${n(y + 19.5)}" font-size="12" font-weight="600" fill="#0f172a">${escapeHtml(fit(label, NODE_WIDTH - 22))}</text>`;
  return `<g class="node node-${kind}" data-node="${escapeHtml(id)}"><rect x="${n(x)}" y="${n(y)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="7" fill="#ffffff" stroke="#cbd5e1">${title}</rect><rect x="${n(x)}" y="${n(y)}" width="5" height="${NODE_HEIGHT}" rx="2" fill="${accent}"/>${lines}</g>`;
}

function edge(x1: number, y1: number, x2: number, y2: number, enabled: boolean): string {
  const dx = (x2 - x1) / 2;
  return `<path d="M${n(x1)} ${n(y1)}C${n(x1 + dx)} ${n(y1)} ${n(x2 - dx)} ${n(y2)} ${n(x2)} ${n(y2)}" fill="none" stroke="${enabled ? '#64748b' : '#cbd5e1'}" stroke-opacity="${enabled ? '0.55' : '0.9'}" stroke-width="1.3"${enabled ? '' : ' stroke-dasharray="4 3"'}/>`;
}

/** The graph as an inline SVG element; empty when there is nothing to draw or too much (`tooLarge`). */
export function renderGraph(graph: GraphData, maxSets = GRAPH_MAX_SETS): { svg: string; tooLarge: boolean } {
  if (graph.counts.sets === 0) return { svg: '', tooLarge: false };
  if (graph.counts.sets > maxSets) return { svg: '', tooLarge: true };
  const layout = layoutGraph(graph);
  const y = new Map<string, number>([...layout.groups, ...layout.sets, ...layout.peers].map((p) => [p.id, p.y + NODE_HEIGHT / 2]));
  const groups = new Map(graph.groups.map((g) => [`g:${g.id}`, g]));
  const sets = new Map(graph.sets.map((s) => [`s:${s.key}`, s]));
  const peers = new Map(graph.peers.map((p) => [`p:${p.peer.id}`, p]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="graph-svg" class="graph" viewBox="0 0 ${WIDTH} ${n(layout.height)}" width="100%" role="img" aria-labelledby="graph-title" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title id="graph-title">Distribution groups, HA sets and routing peers</title>`,
  ];
  const headings = ['Distribution groups', 'HA sets', 'Routing peers'];
  headings.forEach((h, i) => out.push(`<text x="${n(COLUMN_X[i]!)}" y="22" font-size="12" font-weight="700" fill="#475569" letter-spacing="0.04em">${h.toUpperCase()}</text>`));
  out.push('<g class="edges">');
  for (const e of graph.groupEdges) out.push(edge(COLUMN_X[0] + NODE_WIDTH, y.get(`g:${e.from}`)!, COLUMN_X[1], y.get(`s:${e.to}`)!, e.enabled));
  for (const e of graph.peerEdges) out.push(edge(COLUMN_X[1] + NODE_WIDTH, y.get(`s:${e.from}`)!, COLUMN_X[2], y.get(`p:${e.to}`)!, e.enabled));
  out.push('</g>');
  const refLabel = (r: Ref) => (r.name === r.id ? r.id : r.name);
  for (const p of layout.groups) {
    const g = groups.get(p.id)!;
    out.push(node(COLUMN_X[0], p.y, 'group', g.id, refLabel(g), null, `group ${g.name} (${g.id})`, '#6366f1'));
  }
  for (const p of layout.sets) {
    const s = sets.get(p.id)!;
    out.push(node(COLUMN_X[1], p.y, 'set', s.key, s.networkId, s.target, `${s.networkId} ${s.target}${s.isExit ? ' (exit node)' : ''}`, SEVERITY_COLOUR[s.severity]));
  }
  for (const p of layout.peers) {
    const peer = peers.get(p.id)!;
    const tip = `${peer.peer.name} (${peer.peer.id})${peer.health ? `: ${HEALTH_TEXT[peer.health]}` : ''}`;
    out.push(node(COLUMN_X[2], p.y, 'peer', peer.peer.id, refLabel(peer.peer), peer.health ? HEALTH_TEXT[peer.health] : null, tip, HEALTH_COLOUR[peer.health ?? 'none']));
  }
  out.push('</svg>');
  return { svg: out.join('\n'), tooLarge: false };
}

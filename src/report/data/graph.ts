// The graph section: distribution groups → HA sets → routing peers, one edge per pair however
// many routes stand behind it.
import { compareStrings } from '../../order.js';
import { compareRefs, peerHealthOf, type ReportContext } from './context.js';
import type { GraphData, GraphEdge, HaSetReport } from './types.js';

/** `haSets` are the HA sets section's rows: the graph draws its sets in their order. */
export function graphOf(ctx: ReportContext, haSets: readonly HaSetReport[]): GraphData {
  const { model } = ctx;
  const groupEdges = new Map<string, GraphEdge>();
  const peerEdges = new Map<string, GraphEdge>();
  // An edge is enabled when any route behind it is.
  const addEdge = (edges: Map<string, GraphEdge>, from: string, to: string, enabled: boolean): void => {
    const key = `${from}\u0000${to}`;
    const known = edges.get(key);
    if (!known || (enabled && !known.enabled)) edges.set(key, { from, to, enabled });
  };
  const groups = new Set<string>();
  const peers = new Set<string>();
  for (const set of model.haSets) {
    for (const r of set.routes) {
      for (const g of r.groups) {
        if (g === '') continue;
        groups.add(g);
        addEdge(groupEdges, g, set.key, r.enabled);
      }
      for (const p of model.routingPeersOf(r) ?? []) {
        peers.add(p);
        addEdge(peerEdges, set.key, p, r.enabled);
      }
    }
  }
  const compareEdges = (a: GraphEdge, b: GraphEdge): number => compareStrings(a.from, b.from) || compareStrings(a.to, b.to);
  return {
    groups: [...groups].map(ctx.groupRef).sort(compareRefs),
    sets: haSets.map((s) => ({ key: s.key, networkId: s.networkId, target: s.target, isExit: s.isExit, severity: s.severity })),
    peers: [...peers].map((id) => ({ peer: ctx.peerRef(id), health: peerHealthOf(model, id) })).sort((a, b) => compareRefs(a.peer, b.peer)),
    groupEdges: [...groupEdges.values()].sort(compareEdges),
    peerEdges: [...peerEdges.values()].sort(compareEdges),
  };
}

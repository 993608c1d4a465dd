// The graph section: distribution groups → HA sets → routing peers, one edge per pair however
// many routes stand behind it. A graph of more sets than the page draws keeps its nodes (the
// section counts them) but not its edges: a peer group of every peer would make one edge per
// route and peer; its nodes are then counted, and listed only when read.
import { compareStrings } from '../../order.js';
import { compareRefs, peerHealthOf, type ReportContext } from './context.js';
import { DISPLAY_LIMITS, type GraphData, type GraphEdge, type GraphPeerNode, type GraphSetNode, type HaSetReport, type Ref } from './types.js';

/** `haSets` are the HA sets section's rows: the graph draws its sets in their order. */
export function graphOf(ctx: ReportContext, haSets: readonly HaSetReport[]): GraphData {
  const { model } = ctx;
  const drawn = haSets.length <= DISPLAY_LIMITS.graphSets;
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
  // A route's routing peers (Model.routingPeersOf) are its `peer`, else its peer groups' members:
  // the nodes read each peer group once, not each list of them (routes naming two of thousands of
  // groups make a list each).
  const peerGroups = new Set<string>();
  for (const set of model.haSets) {
    for (const r of set.routes) {
      for (const g of r.groups) {
        if (g === '') continue;
        groups.add(g);
        if (drawn) addEdge(groupEdges, g, set.key, r.enabled);
      }
      const ids = model.routingPeersOf(r);
      if (ids === null) continue;
      if (drawn) for (const p of ids) addEdge(peerEdges, set.key, p, r.enabled);
      if (r.peer !== '') peers.add(r.peer);
      else for (const g of r.peerGroups) peerGroups.add(g);
    }
  }
  for (const g of peerGroups) for (const p of model.membersOf(g)) peers.add(p);
  const compareEdges = (a: GraphEdge, b: GraphEdge): number => compareStrings(a.from, b.from) || compareStrings(a.to, b.to);
  // The nodes as refs, sorted, when read: a graph too large to draw shows only how many there are
  // (a hundred thousand sets, every peer of the account).
  let groupNodes: Ref[] | null = null;
  let setNodes: GraphSetNode[] | null = null;
  let peerNodes: GraphPeerNode[] | null = null;
  return {
    counts: { groups: groups.size, sets: haSets.length, peers: peers.size },
    get groups() {
      return (groupNodes ??= [...groups].map(ctx.groupRef).sort(compareRefs));
    },
    get sets() {
      return (setNodes ??= haSets.map((s) => ({ key: s.key, networkId: s.networkId, target: s.target, isExit: s.isExit, severity: s.severity })));
    },
    get peers() {
      return (peerNodes ??= [...peers].map((id) => ({ peer: ctx.peerRef(id), health: peerHealthOf(model, id) })).sort((a, b) => compareRefs(a.peer, b.peer)));
    },
    groupEdges: [...groupEdges.values()].sort(compareEdges),
    peerEdges: [...peerEdges.values()].sort(compareEdges),
  };
}

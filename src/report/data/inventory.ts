// The inventory section: every route of the export, one row each, with its routing peers expanded.
import { targetOf } from '../../model/describe.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import { severityOfCounts, sortByPrefix, type ReportContext } from './context.js';
import type { InventoryRoute } from './types.js';

export function inventoryOf(ctx: ReportContext): InventoryRoute[] {
  const { model, peerRef, groupRefs } = ctx;
  const rows = model.routes.map((r): InventoryRoute => {
    const counts = ctx.routeCounts(r.id);
    const routingPeers = model.routingPeersOf(r);
    return {
      id: r.id,
      index: r.index,
      networkId: r.networkId,
      kind: r.kind,
      networkType: r.networkType,
      target: targetOf(r),
      prefix: r.kind === 'network' ? r.network : null,
      domains: r.kind === 'domain' ? r.domains : null,
      peer: r.peer === '' ? null : peerRef(r.peer),
      peerGroups: groupRefs(r.peerGroups),
      routingPeers: routingPeers === null ? null : ctx.peerRefsOf(routingPeers),
      groups: groupRefs(r.groups),
      accessControlGroups: groupRefs(r.accessControlGroups),
      metric: r.metric,
      masquerade: r.masquerade,
      enabled: r.enabled,
      keepRoute: r.keepRoute,
      skipAutoApply: r.skipAutoApply,
      description: r.description,
      isExit: r.kind === 'network' && r.network?.bits === 0,
      networkResource: r.networkResource?.networkId ?? null,
      findings: counts,
      severity: severityOfCounts(counts),
    };
  });
  return sortByPrefix(rows, (r) => r.prefix, compareInventory);
}

/** Network routes by prefix, then domain routes by domains, then the rest; ties by network_id, id, position. */
function compareInventory(a: InventoryRoute, b: InventoryRoute, byPrefix: (a: InventoryRoute, b: InventoryRoute) => number): number {
  const rank = (r: InventoryRoute) => (r.prefix ? 0 : r.domains ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const byTarget = a.prefix && b.prefix ? byPrefix(a, b) : compareStrings(a.target, b.target);
  return byTarget || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.id, b.id) || a.index - b.index;
}

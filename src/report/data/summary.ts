// The summary section: counts of what the export holds and of what lint found in it.
import type { Model } from '../../model/types.js';
import { countsOf } from './context.js';
import type { ReportFindings } from './findings.js';
import type { ReportSummary } from './types.js';

export function summaryOf(model: Model, findings: ReportFindings, exitNodes: number): ReportSummary {
  const routingPeerIds = new Set<string>();
  // Routes naming the same peer groups share one list (see Model.routingPeersOf): each list is read once.
  const lists = new Set<readonly string[]>();
  for (const r of model.routes) {
    const ids = model.routingPeersOf(r) ?? [];
    if (lists.has(ids)) continue;
    lists.add(ids);
    for (const p of ids) routingPeerIds.add(p);
  }
  return {
    routes: model.routes.length,
    enabledRoutes: model.routes.filter((r) => r.enabled).length,
    haSets: model.haSets.length,
    routingPeers: routingPeerIds.size,
    exitNodes,
    domainRoutes: model.routes.filter((r) => r.kind === 'domain').length,
    peers: model.peers?.size ?? null,
    groups: model.groups?.size ?? null,
    policies: model.policies?.length ?? null,
    findings: countsOf(findings.active),
    suppressedFindings: findings.suppressed.length,
    skippedRules: new Set(findings.skippedRules.map((s) => s.ruleId)).size,
  };
}

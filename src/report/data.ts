// The audit report as data: everything `routelint report` shows, computed once from the model, the
// lint results and the reachability matrix, one builder per section (data/<section>.ts). Renderers
// (html.ts, markdown.ts) only lay it out: no prose about routing is decided there, and nothing
// here builds output text. Every list is sorted by a total order, so the same export always gives
// the same report.
import type { LintResult } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';
import type { Model } from '../model/types.js';
import { addressMapOf } from './data/address-map.js';
import { reportContextOf } from './data/context.js';
import { exitNodesOf } from './data/exit-nodes.js';
import { findingsOf } from './data/findings.js';
import { graphOf } from './data/graph.js';
import { haSetsOf } from './data/ha-sets.js';
import { inventoryOf } from './data/inventory.js';
import { reachabilityReportOf } from './data/reachability.js';
import { summaryOf } from './data/summary.js';
import { type ReportData, type ReportOptions } from './data/types.js';

export * from './data/types.js';

/** Builds the report of one export. `results` are lint's results for it, `rules` the registry. */
export function buildReportData(model: Model, results: readonly LintResult[], rules: readonly Rule[], options: ReportOptions): ReportData {
  const step = (fraction: number, label: string) => options.onProgress?.(fraction, label);
  step(0, 'findings');
  const findings = findingsOf(model, results, rules, { homepage: options.homepage, ruleDoc: options.ruleDoc });
  const ctx = reportContextOf(model, findings.active);
  step(0.1, 'HA sets');
  const haSets = haSetsOf(ctx);
  const exitNodes = exitNodesOf(ctx);
  step(0.2, 'inventory');
  const routes = inventoryOf(ctx);
  // The matrix is the long part: one simulation per class of members alike, per cell, within its work budget.
  step(0.3, 'reachability');
  const reachability = reachabilityReportOf(model, haSets);
  step(0.9, 'address map and graph');
  return {
    source: options.source,
    toolVersion: options.toolVersion,
    generatedAt: options.generatedAt ?? null,
    asOf: options.asOf ?? null,
    sections: { groups: model.groups !== null, peers: model.peers !== null, policies: model.policies !== null },
    summary: summaryOf(model, findings, exitNodes.nodes.length),
    findings: findings.groups,
    suppressed: findings.suppressed,
    skippedRules: findings.skippedRules,
    routes,
    haSets,
    exitNodes,
    reachability,
    addressMap: addressMapOf(ctx),
    graph: graphOf(ctx, haSets),
    homepage: options.homepage ?? null,
    ruleDocs: findings.ruleDocs,
  };
}

// The audit report as data: everything `routelint report` shows, computed once from the model, the
// lint results and the reachability matrix. Renderers (html.ts, markdown.ts) only lay it out: no
// prose about routing is decided there, and nothing here builds output text. Every list is sorted
// by a total order, so the same export always gives the same report.
import type { LintMessage, LintResult, SuppressedMessage } from '../engine/lint.js';
import type { Rule, RuleType } from '../engine/rule.js';
import { docsPathOf } from '../engine/rule.js';
import { exitAutoApplyOf, type ExitAutoApplyRow } from '../analysis/exit-auto-apply.js';
import { reachabilityOf, type ReachabilityCell, type SetRef } from '../analysis/reachability.js';
import { compareCodePoints, compareStrings } from '../order.js';
import type { Model, Route, RouteKind, Section } from '../model/types.js';
import { comparePrefix, type Prefix } from '../net/prefix.js';

/** A reference to a peer or a group: its id and display name (the id when it has none or is unknown). */
export interface Ref {
  readonly id: string;
  readonly name: string;
}

export type FindingSeverity = 'error' | 'warning';
/** The worst severity of the findings on something; `none` when it has none. */
export type WorstSeverity = FindingSeverity | 'none';
/**
 * A routing peer's state in the export, the most severe first: not in the account's peers, login
 * expired, `local_flags.disable_server_routes` (serves no routes), not connected, connected.
 */
export const PEER_HEALTH = ['unknown-peer', 'login-expired', 'serves-no-routes', 'disconnected', 'connected'] as const;
export type PeerHealth = (typeof PEER_HEALTH)[number];

/** The sections, in page order: [id, heading]. Ids are stable: links and tests use them. */
export const REPORT_SECTIONS = [
  ['summary', 'Summary'],
  ['findings', 'Findings'],
  ['inventory', 'Inventory'],
  ['ha-sets', 'HA sets'],
  ['exit-nodes', 'Exit nodes'],
  ['reachability', 'Reachability'],
  ['address-map', 'Address map'],
  ['graph', 'Graph'],
] as const;

export type SectionId = (typeof REPORT_SECTIONS)[number][0];

export interface ReportOptions {
  /** What was read: the export path as given, or the live account's name. */
  readonly source: string;
  readonly toolVersion: string;
  /** Shown when given; the report has no timestamp otherwise, so equal inputs give equal bytes. */
  readonly generatedAt?: string | null;
  /** Budget of the reachability matrix, in simulations (one per group member and HA set). */
  readonly maxSimulations?: number;
}

/**
 * How much of a long list the renderers show; the rest is counted, not dropped silently. Large
 * accounts (peer groups of hundreds of peers, tens of thousands of findings) would otherwise give
 * pages no browser or wiki can open.
 */
export const DISPLAY_LIMITS = {
  /** Peers or groups named in one table cell. */
  names: 8,
  /** Routing peer rows of one HA set. */
  haMembers: 10,
  /** Findings listed under one rule. */
  findingsPerRule: 500,
  /** Groups shown as matrix columns; with more, the reachability matrix is a list of its cells. */
  matrixColumns: 12,
  /** Rows of the route inventory. */
  inventoryRoutes: 10000,
  /** HA sets in the HA sets section. */
  haSets: 2000,
} as const;

/** Simulations the reachability matrix may run by default: a few seconds of work on a large account. */
export const DEFAULT_MAX_SIMULATIONS = 20000;

export interface FindingCounts {
  readonly error: number;
  readonly warning: number;
}

export interface ReportSummary {
  readonly routes: number;
  readonly enabledRoutes: number;
  readonly haSets: number;
  /** Distinct peers serving at least one route (peer groups expanded where the export allows). */
  readonly routingPeers: number;
  /** HA sets whose network is 0.0.0.0/0 or ::/0. */
  readonly exitNodes: number;
  readonly domainRoutes: number;
  /** Sizes of the other sections; null when the export lacks the section. */
  readonly peers: number | null;
  readonly groups: number | null;
  readonly policies: number | null;
  readonly findings: FindingCounts;
  readonly suppressedFindings: number;
  readonly skippedRules: number;
}

export interface ReportFinding {
  readonly severity: FindingSeverity;
  /** Null for a file that does not parse. */
  readonly ruleId: string | null;
  readonly messageId: string | null;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON path of the offending value, e.g. `routes[3].network`. */
  readonly path: string | null;
  readonly routeId: string | null;
  /** network_id of the finding's route, when the route is in the model. */
  readonly networkId: string | null;
  readonly relatedRouteIds: readonly string[];
  /** The config's reason, for a finding an ignore entry suppresses. */
  readonly suppressedBecause: string | null;
}

export interface FindingGroup {
  /** Null for files that do not parse (fatal findings). */
  readonly ruleId: string | null;
  readonly description: string | null;
  /** `docs/rules/<id>.md`. */
  readonly docsUrl: string | null;
  readonly type: RuleType | null;
  readonly severity: FindingSeverity;
  readonly counts: FindingCounts;
  readonly findings: readonly ReportFinding[];
}

export interface SkippedRuleRow {
  readonly ruleId: string;
  readonly docsUrl: string;
  readonly missing: readonly Section[];
  /** What part of the rule did not run; null when none of it did. */
  readonly partial: string | null;
}

export interface InventoryRoute {
  readonly id: string;
  /** Position in the export (routes generated from the Networks API follow the exported ones). */
  readonly index: number;
  readonly networkId: string;
  readonly kind: RouteKind;
  readonly networkType: string;
  /** The prefix as NetBird stores it, the domains joined with ", ", or the raw network text. */
  readonly target: string;
  readonly prefix: Prefix | null;
  readonly domains: readonly string[] | null;
  readonly peer: Ref | null;
  readonly peerGroups: readonly Ref[];
  /** Routing peers after peer_groups expansion, sorted by name; null when the export cannot expand them. */
  readonly routingPeers: readonly Ref[] | null;
  readonly groups: readonly Ref[];
  readonly accessControlGroups: readonly Ref[];
  readonly metric: number;
  readonly masquerade: boolean;
  readonly enabled: boolean;
  readonly keepRoute: boolean;
  readonly skipAutoApply: boolean;
  readonly description: string;
  readonly isExit: boolean;
  /** Set for routes generated from a Networks API resource: the Networks API network. */
  readonly networkResource: string | null;
  readonly findings: FindingCounts;
  readonly severity: WorstSeverity;
}

export interface HaMember {
  readonly routeId: string;
  readonly peer: Ref;
  /** Peer groups of the route that hold this peer; empty for a plain `peer`. */
  readonly via: readonly Ref[];
  readonly metric: number;
  readonly masquerade: boolean;
  readonly enabled: boolean;
  /** Null when the export has no peers. */
  readonly health: PeerHealth | null;
}

export interface HaSetReport {
  readonly key: string;
  readonly networkId: string;
  readonly target: string;
  readonly kind: 'network' | 'domain';
  /** The set's prefix; null for domain sets. */
  readonly prefix: Prefix | null;
  readonly isExit: boolean;
  readonly routeIds: readonly string[];
  /** One per (route, routing peer), by metric, peer name, route id. */
  readonly members: readonly HaMember[];
  /** Routes of the set with no routing peer (none given, or peer groups without members). */
  readonly routesWithoutPeer: readonly string[];
  /** Routing peers that peer groups name but the export cannot expand (no groups section). */
  readonly unexpanded: readonly string[];
  /** Distinct routing peers of enabled routes that are connected and serve routes; null without peers. */
  readonly availablePeers: number | null;
  /** Distinct routing peers of enabled routes. */
  readonly enabledPeers: number;
  readonly enabledRoutes: number;
  readonly groups: readonly Ref[];
  readonly severity: WorstSeverity;
}

export interface ExitNodeReport {
  readonly key: string;
  readonly networkId: string;
  readonly target: string;
  /** A route of the set has skip_auto_apply false: clients may apply it without a user selection. */
  readonly autoApplies: boolean;
  readonly masquerade: 'on' | 'off' | 'mixed';
  readonly peers: readonly Ref[];
  readonly groups: readonly Ref[];
  readonly severity: WorstSeverity;
}

export interface ExitNodesReport {
  readonly nodes: readonly ExitNodeReport[];
  /** Per distribution group of an exit route; null when the export lacks groups or peers. */
  readonly autoApply: readonly ExitAutoApplyRow[] | null;
}

export interface ReachabilityRow {
  readonly set: SetRef;
  /** The address or name asked about for this set (see src/analysis/reachability.ts). */
  readonly destination: string;
  /** One per column of `groups`: null where the set is not distributed to the group. */
  readonly cells: readonly (ReachabilityCell | null)[];
}

export interface ReachabilityReport {
  /** Sections the simulator needs and the export lacks; the matrix is empty when there are any. */
  readonly missing: readonly Section[];
  /** HA sets left out of the matrix for the simulation budget. */
  readonly omittedSets: number;
  /** The columns: every distribution group of a simulated set, by name. */
  readonly groups: readonly Ref[];
  /** The rows, in the order of the HA sets section. */
  readonly rows: readonly ReachabilityRow[];
}

export interface MapPrefix {
  readonly prefix: Prefix;
  readonly networkIds: readonly string[];
  readonly routeIds: readonly string[];
  readonly severity: WorstSeverity;
  /** Some route for this prefix is enabled. */
  readonly enabled: boolean;
}

export interface GraphSetNode {
  readonly key: string;
  readonly networkId: string;
  readonly target: string;
  readonly isExit: boolean;
  readonly severity: WorstSeverity;
}

export interface GraphPeerNode {
  readonly peer: Ref;
  readonly health: PeerHealth | null;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Some route behind the edge is enabled. */
  readonly enabled: boolean;
}

/** Distribution groups → HA sets → routing peers. */
export interface GraphData {
  readonly groups: readonly Ref[];
  readonly sets: readonly GraphSetNode[];
  readonly peers: readonly GraphPeerNode[];
  /** Group id → set key. */
  readonly groupEdges: readonly GraphEdge[];
  /** Set key → peer id. */
  readonly peerEdges: readonly GraphEdge[];
}

export interface ReportData {
  readonly source: string;
  readonly toolVersion: string;
  readonly generatedAt: string | null;
  readonly sections: { readonly groups: boolean; readonly peers: boolean; readonly policies: boolean };
  readonly summary: ReportSummary;
  /** By severity (errors first), then rule id; parse failures first of all. */
  readonly findings: readonly FindingGroup[];
  readonly suppressed: readonly ReportFinding[];
  readonly skippedRules: readonly SkippedRuleRow[];
  /** Network routes by prefix, then domain routes, then routes without a valid target. */
  readonly routes: readonly InventoryRoute[];
  readonly haSets: readonly HaSetReport[];
  readonly exitNodes: ExitNodesReport;
  readonly reachability: ReachabilityReport;
  /** Distinct routed prefixes, parents before children (comparePrefix order). */
  readonly addressMap: readonly MapPrefix[];
  readonly graph: GraphData;
}

function compareRefs(a: Ref, b: Ref): number {
  return compareStrings(a.name, b.name) || compareStrings(a.id, b.id);
}

const SEVERITY_RANK: Record<WorstSeverity, number> = { error: 2, warning: 1, none: 0 };

function worst(a: WorstSeverity, b: WorstSeverity): WorstSeverity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

function severityOf(m: LintMessage): FindingSeverity {
  return m.severity === 2 ? 'error' : 'warning';
}

/** The export's state of a routing peer; null when the export has no peers. */
export function peerHealthOf(model: Model, peerId: string): PeerHealth | null {
  if (!model.peers) return null;
  const peer = model.peers.get(peerId);
  if (!peer) return 'unknown-peer';
  if (peer.loginExpired) return 'login-expired';
  if (peer.disableServerRoutes) return 'serves-no-routes';
  return peer.connected ? 'connected' : 'disconnected';
}

/** Builds the report of one export. `results` are lint's results for it, `rules` the registry. */
export function buildReportData(model: Model, results: readonly LintResult[], rules: readonly Rule[], options: ReportOptions): ReportData {
  const rulesById = new Map(rules.map((r) => [r.meta.id, r]));
  const firstRouteById = new Map<string, Route>();
  for (const r of model.routes) if (!firstRouteById.has(r.id)) firstRouteById.set(r.id, r);
  const peerRef = (id: string): Ref => ({ id, name: model.peerName(id) });
  const groupRef = (id: string): Ref => ({ id, name: model.groupName(id) });
  const groupRefs = (ids: readonly string[]): Ref[] => [...new Set(ids)].filter((g) => g !== '').map(groupRef).sort(compareRefs);

  // Findings, and their counts per route id.
  const toFinding = (file: string, m: LintMessage, suppressedBecause: string | null): ReportFinding => ({
    severity: severityOf(m),
    ruleId: m.ruleId,
    messageId: m.messageId ?? null,
    message: m.message,
    file,
    line: m.line,
    column: m.column,
    path: m.path ?? null,
    routeId: m.routeId ?? null,
    networkId: m.routeId !== undefined ? (firstRouteById.get(m.routeId)?.networkId ?? null) : null,
    relatedRouteIds: m.relatedRouteIds ?? [],
    suppressedBecause,
  });
  const active: ReportFinding[] = [];
  const suppressed: ReportFinding[] = [];
  const skipped = new Map<string, SkippedRuleRow>();
  for (const result of results) {
    for (const m of result.messages) active.push(toFinding(result.filePath, m, null));
    for (const m of result.suppressedMessages as readonly SuppressedMessage[]) suppressed.push(toFinding(result.filePath, m, m.suppressions.map((s) => s.justification).join('; ')));
    for (const s of result.skippedRules) {
      const key = `${s.ruleId}\u0000${s.partial ?? ''}`;
      const known = skipped.get(key);
      const missing = [...new Set([...(known?.missing ?? []), ...s.missing])].sort(compareStrings);
      skipped.set(key, { ruleId: s.ruleId, docsUrl: docsPathOf(s.ruleId), missing, partial: s.partial ?? null });
    }
  }
  const compareFindings = (a: ReportFinding, b: ReportFinding): number =>
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.messageId ?? '', b.messageId ?? '') ||
    compareStrings(a.routeId ?? '', b.routeId ?? '') ||
    compareStrings(a.message, b.message);
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of active) {
    const key = f.ruleId ?? '';
    const list = byRule.get(key);
    if (list) list.push(f);
    else byRule.set(key, [f]);
  }
  const findingGroups: FindingGroup[] = [...byRule.entries()].map(([key, list]) => {
    const rule = key === '' ? undefined : rulesById.get(key);
    const counts = countsOf(list);
    return {
      ruleId: key === '' ? null : key,
      description: rule?.meta.description ?? null,
      docsUrl: key === '' ? null : docsPathOf(key),
      type: rule?.meta.type ?? null,
      severity: counts.error > 0 ? 'error' : 'warning',
      counts,
      findings: list.sort(compareFindings),
    };
  });
  findingGroups.sort((a, b) => Number(a.ruleId !== null) - Number(b.ruleId !== null) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.ruleId ?? '', b.ruleId ?? ''));

  const countsByRoute = new Map<string, { error: number; warning: number }>();
  for (const f of active) {
    if (f.routeId === null) continue;
    let c = countsByRoute.get(f.routeId);
    if (!c) countsByRoute.set(f.routeId, (c = { error: 0, warning: 0 }));
    c[f.severity]++;
  }
  const routeCounts = (id: string): FindingCounts => countsByRoute.get(id) ?? { error: 0, warning: 0 };
  const severityOfCounts = (c: FindingCounts): WorstSeverity => (c.error > 0 ? 'error' : c.warning > 0 ? 'warning' : 'none');
  const routesSeverity = (routes: readonly Route[]): WorstSeverity => routes.reduce<WorstSeverity>((w, r) => worst(w, severityOfCounts(routeCounts(r.id))), 'none');

  // Inventory.
  const routingPeersOf = (r: Route): Ref[] | null => {
    const ids = model.routingPeersOf(r);
    return ids === null ? null : ids.map(peerRef).sort(compareRefs);
  };
  const inventory: InventoryRoute[] = model.routes.map((r) => {
    const counts = routeCounts(r.id);
    return {
      id: r.id,
      index: r.index,
      networkId: r.networkId,
      kind: r.kind,
      networkType: r.networkType,
      target: r.kind === 'domain' && r.domains ? r.domains.join(', ') : (r.network?.text ?? r.networkText),
      prefix: r.kind === 'network' ? r.network : null,
      domains: r.kind === 'domain' ? r.domains : null,
      peer: r.peer === '' ? null : peerRef(r.peer),
      peerGroups: groupRefs(r.peerGroups),
      routingPeers: routingPeersOf(r),
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
  inventory.sort(compareInventory);

  // HA sets.
  const haSets: HaSetReport[] = model.haSets.map((set) => {
    const members: HaMember[] = [];
    const routesWithoutPeer: string[] = [];
    const unexpanded: string[] = [];
    const enabledPeers = new Set<string>();
    for (const r of set.routes) {
      const ids = model.routingPeersOf(r);
      if (ids === null) {
        unexpanded.push(r.id);
        continue;
      }
      if (ids.length === 0) routesWithoutPeer.push(r.id);
      for (const id of ids) {
        const via = r.peer !== '' ? [] : r.peerGroups.filter((g) => model.membersOf(g).has(id)).map(groupRef).sort(compareRefs);
        members.push({ routeId: r.id, peer: peerRef(id), via: dedupeRefs(via), metric: r.metric, masquerade: r.masquerade, enabled: r.enabled, health: peerHealthOf(model, id) });
        if (r.enabled) enabledPeers.add(id);
      }
    }
    members.sort((a, b) => a.metric - b.metric || compareRefs(a.peer, b.peer) || compareStrings(a.routeId, b.routeId));
    const available = model.peers ? [...enabledPeers].filter((id) => peerHealthOf(model, id) === 'connected').length : null;
    return {
      key: set.key,
      networkId: set.networkId,
      target: set.network ? set.network.text : (set.domains ?? []).join(', '),
      kind: set.network ? 'network' : 'domain',
      prefix: set.network,
      isExit: set.isExit,
      routeIds: set.routes.map((r) => r.id),
      members,
      routesWithoutPeer: [...new Set(routesWithoutPeer)].sort(compareStrings),
      unexpanded: [...new Set(unexpanded)].sort(compareStrings),
      availablePeers: available,
      enabledPeers: enabledPeers.size,
      enabledRoutes: set.routes.filter((r) => r.enabled).length,
      groups: groupRefs(set.routes.flatMap((r) => r.groups)),
      severity: routesSeverity(set.routes),
    };
  });
  haSets.sort(compareHaSetReports);

  // Exit nodes.
  const exitNodes: ExitNodeReport[] = model.haSets
    .filter((s) => s.isExit)
    .map((set) => {
      const masq = new Set(set.routes.map((r) => r.masquerade));
      const peerIds = new Set(set.routes.flatMap((r) => model.routingPeersOf(r) ?? []));
      return {
        key: set.key,
        networkId: set.networkId,
        target: set.network!.text,
        autoApplies: set.routes.some((r) => !r.skipAutoApply),
        masquerade: masq.size > 1 ? 'mixed' : masq.has(true) ? 'on' : 'off',
        peers: [...peerIds].map(peerRef).sort(compareRefs),
        groups: groupRefs(set.routes.flatMap((r) => r.groups)),
        severity: routesSeverity(set.routes),
      } satisfies ExitNodeReport;
    })
    .sort((a, b) => compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key));
  const canSimulate = model.groups !== null && model.peers !== null;
  const missingForSimulation: Section[] = [...(model.groups ? [] : ['groups' as const]), ...(model.peers ? [] : ['peers' as const])];

  // Reachability.
  const reachability = reachabilityReportOf(model, missingForSimulation, haSets, options.maxSimulations ?? DEFAULT_MAX_SIMULATIONS);

  // Address map: one entry per distinct prefix.
  const byPrefix = new Map<string, { prefix: Prefix; networkIds: Set<string>; routes: Route[] }>();
  for (const set of model.haSets) {
    if (!set.network) continue;
    let entry = byPrefix.get(set.network.text);
    if (!entry) byPrefix.set(set.network.text, (entry = { prefix: set.network, networkIds: new Set(), routes: [] }));
    entry.networkIds.add(set.networkId);
    entry.routes.push(...set.routes);
  }
  const addressMap: MapPrefix[] = [...byPrefix.values()]
    .map((e) => ({
      prefix: e.prefix,
      networkIds: [...e.networkIds].sort(compareCodePoints),
      routeIds: [...new Set(e.routes.map((r) => r.id))].sort(compareStrings),
      severity: routesSeverity(e.routes),
      enabled: e.routes.some((r) => r.enabled),
    }))
    .sort((a, b) => comparePrefix(a.prefix, b.prefix));

  // Graph.
  const groupEdges = new Map<string, GraphEdge>();
  const peerEdges = new Map<string, GraphEdge>();
  const addEdge = (edges: Map<string, GraphEdge>, from: string, to: string, enabled: boolean): void => {
    const key = `${from}\u0000${to}`;
    const known = edges.get(key);
    if (!known || (enabled && !known.enabled)) edges.set(key, { from, to, enabled });
  };
  const graphGroups = new Set<string>();
  const graphPeers = new Set<string>();
  for (const set of model.haSets) {
    for (const r of set.routes) {
      for (const g of r.groups) {
        if (g === '') continue;
        graphGroups.add(g);
        addEdge(groupEdges, g, set.key, r.enabled);
      }
      for (const p of model.routingPeersOf(r) ?? []) {
        graphPeers.add(p);
        addEdge(peerEdges, set.key, p, r.enabled);
      }
    }
  }
  const compareEdges = (a: GraphEdge, b: GraphEdge): number => compareStrings(a.from, b.from) || compareStrings(a.to, b.to);
  const graph: GraphData = {
    groups: [...graphGroups].map(groupRef).sort(compareRefs),
    sets: haSets.map((s) => ({ key: s.key, networkId: s.networkId, target: s.target, isExit: s.isExit, severity: s.severity })),
    peers: [...graphPeers].map((id) => ({ peer: peerRef(id), health: peerHealthOf(model, id) })).sort((a, b) => compareRefs(a.peer, b.peer)),
    groupEdges: [...groupEdges.values()].sort(compareEdges),
    peerEdges: [...peerEdges.values()].sort(compareEdges),
  };

  const routingPeerIds = new Set<string>();
  for (const r of model.routes) for (const p of model.routingPeersOf(r) ?? (r.peer !== '' ? [r.peer] : [])) routingPeerIds.add(p);
  const totals = countsOf(active);
  return {
    source: options.source,
    toolVersion: options.toolVersion,
    generatedAt: options.generatedAt ?? null,
    sections: { groups: model.groups !== null, peers: model.peers !== null, policies: model.policies !== null },
    summary: {
      routes: model.routes.length,
      enabledRoutes: model.routes.filter((r) => r.enabled).length,
      haSets: model.haSets.length,
      routingPeers: routingPeerIds.size,
      exitNodes: exitNodes.length,
      domainRoutes: model.routes.filter((r) => r.kind === 'domain').length,
      peers: model.peers?.size ?? null,
      groups: model.groups?.size ?? null,
      policies: model.policies?.length ?? null,
      findings: totals,
      suppressedFindings: suppressed.length,
      skippedRules: new Set([...skipped.values()].map((s) => s.ruleId)).size,
    },
    findings: findingGroups,
    suppressed: suppressed.sort(compareFindings),
    skippedRules: [...skipped.values()].sort((a, b) => compareStrings(a.ruleId, b.ruleId) || compareStrings(a.partial ?? '', b.partial ?? '')),
    routes: inventory,
    haSets,
    exitNodes: { nodes: exitNodes, autoApply: canSimulate ? exitAutoApplyOf(model) : null },
    reachability,
    addressMap,
    graph,
  };
}

/** The matrix laid out as rows (HA sets, in the order of the HA sets section) by columns (groups). */
function reachabilityReportOf(model: Model, missing: readonly Section[], haSets: readonly HaSetReport[], maxSimulations: number): ReachabilityReport {
  if (missing.length > 0) return { missing, omittedSets: 0, groups: [], rows: [] };
  const matrix = reachabilityOf(model, undefined, { maxSimulations });
  const column = new Map(matrix.groups.map((g, i) => [g.id, i]));
  const rowByKey = new Map<string, { set: SetRef; destination: string; cells: (ReachabilityCell | null)[] }>();
  for (const cell of matrix.cells) {
    let row = rowByKey.get(cell.set.key);
    if (!row) rowByKey.set(cell.set.key, (row = { set: cell.set, destination: cell.destination, cells: matrix.groups.map(() => null) }));
    row.cells[column.get(cell.group.id)!] = cell;
  }
  const order = new Map(haSets.map((s, i) => [s.key, i]));
  const rows = [...rowByKey.values()].sort((a, b) => order.get(a.set.key)! - order.get(b.set.key)!);
  return { missing, omittedSets: matrix.omittedSets ?? 0, groups: matrix.groups, rows };
}

function countsOf(findings: readonly ReportFinding[]): FindingCounts {
  const error = findings.filter((f) => f.severity === 'error').length;
  return { error, warning: findings.length - error };
}

function dedupeRefs(refs: readonly Ref[]): Ref[] {
  return refs.filter((r, i) => i === 0 || r.id !== refs[i - 1]!.id);
}

/** Orders HA sets by what they route (prefixes by address, then domains), then network_id. */
function compareHaSetReports(a: HaSetReport, b: HaSetReport): number {
  if (a.prefix && b.prefix) return comparePrefix(a.prefix, b.prefix) || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key);
  if (a.prefix || b.prefix) return a.prefix ? -1 : 1;
  return compareStrings(a.target, b.target) || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key);
}

/** Network routes by prefix, then domain routes by domains, then the rest; ties by network_id, id, position. */
function compareInventory(a: InventoryRoute, b: InventoryRoute): number {
  const rank = (r: InventoryRoute) => (r.prefix ? 0 : r.domains ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const byTarget = a.prefix && b.prefix ? comparePrefix(a.prefix, b.prefix) : compareStrings(a.target, b.target);
  return byTarget || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.id, b.id) || a.index - b.index;
}

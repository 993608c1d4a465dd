// The shape of the audit report as data: what `routelint report` shows, section by section. The
// builders (the other files of this folder) fill it; the renderers (html.ts, markdown.ts) lay it out.
import type { RuleType } from '../../engine/rule.js';
import type { ExitAutoApplyRow } from '../../analysis/exit-auto-apply.js';
import type { ReachabilityCell, SetRef } from '../../analysis/reachability.js';
import type { RouteKind, Section } from '../../model/types.js';
import type { ExportDate } from '../../load/export.js';
import type { Disposition } from '../../simulate/answer.js';
import type { Prefix } from '../../net/prefix.js';

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
 * expired, `local_flags.disable_server_routes` or `block_inbound` (forwards nothing: a black hole), not connected, connected.
 */
export const PEER_HEALTH = ['unknown-peer', 'login-expired', 'forwards-nothing', 'disconnected', 'connected'] as const;
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
  /** The package's homepage: rule links point under it (and nowhere without it). */
  readonly homepage?: string;
  /** A rule's documentation (docs/rules/<id>.md), for the HTML report to embed; null when not at hand. */
  readonly ruleDoc?: (ruleId: string) => string | null;
  /** When the export's data was taken (see `exportDateOf`). */
  readonly asOf?: ExportDate | null;
  /** Called before each part of the report is built, for a progress bar: the share done and what comes next. */
  readonly onProgress?: (fraction: number, label: string) => void;
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
  /** Rows of the reachability matrix on one page of the HTML report (the page script pages through the rest). */
  matrixPage: 100,
  /** Rows of the reachability matrix in the Markdown report. */
  matrixRowsMarkdown: 500,
  /** Rows of the route inventory (a table of 10,000 rows made a 100,000-route page of 13 MB for it alone). */
  inventoryRoutes: 2000,
  /** HA sets in the HA sets section. */
  haSets: 500,
  /** HA sets the distribution graph draws; with more it is not drawn, and its edges are not built. */
  graphSets: 150,
} as const;

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
  /** Why it matters and what to do; null for a file that does not parse. */
  readonly explanation: string | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON path of the offending value, e.g. `routes[3].network`. */
  readonly path: string | null;
  readonly routeId: string | null;
  /** network_id of the finding's route, when the route is in the model. */
  readonly networkId: string | null;
  readonly relatedRouteIds: readonly string[];
  /** How many related routes there are: more than `relatedRouteIds` lists when lint cut them (`relatedRoutesTotal`). */
  readonly relatedRoutesTotal: number;
  /** The config's reason, for a finding an ignore entry suppresses. */
  readonly suppressedBecause: string | null;
}

export interface FindingGroup {
  /** Null for files that do not parse (fatal findings). */
  readonly ruleId: string | null;
  readonly description: string | null;
  /** The rule's documentation page under the package's homepage; null without one. */
  readonly docsUrl: string | null;
  readonly type: RuleType | null;
  readonly severity: FindingSeverity;
  readonly counts: FindingCounts;
  readonly findings: readonly ReportFinding[];
}

export interface SkippedRuleRow {
  readonly ruleId: string;
  /** As FindingGroup.docsUrl. */
  readonly docsUrl: string | null;
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

export interface HealthCount {
  readonly health: PeerHealth | null;
  readonly count: number;
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
  /** The first DISPLAY_LIMITS.haMembers of one row per (route, routing peer), by metric, peer name, route id. */
  readonly members: readonly HaMember[];
  /** Every (route, routing peer) row, those in `members` included. */
  readonly memberCount: number;
  /** The rows after `members`, counted by health (PEER_HEALTH order, then null: peers not in the export); none when `members` holds every row. */
  readonly otherHealth: readonly HealthCount[];
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
  /** The address or name asked about for this set (see src/analysis/probes.ts). */
  readonly destination: string;
  /** The cells of the groups the set is distributed to, in column order (rows are sparse: an account may have thousands of groups). */
  readonly cells: readonly ReachabilityCell[];
  /** Members over all its cells: the rows are ordered by it, largest first. */
  readonly members: number;
}

/** How many cells (outcomes) and members of the whole matrix end in one disposition. */
export interface DispositionTotal {
  readonly disposition: Disposition;
  readonly cells: number;
  readonly members: number;
}

export interface ReachabilityReport {
  /** Sections the simulator needs and the export lacks; the matrix is empty when there are any. */
  readonly missing: readonly Section[];
  /** The columns: every distribution group of a simulated set, by name. */
  readonly groups: readonly Ref[];
  /** Every HA set distributed to a group, the one reaching the most members first (see reachabilityReportOf). */
  readonly rows: readonly ReachabilityRow[];
  /** Per disposition that occurs, in DISPOSITIONS order (simulated cells). */
  readonly totals: readonly DispositionTotal[];
  /** HA sets, cells and members the work budget left unsimulated (the last rows). */
  readonly unsimulated: { readonly sets: number; readonly cells: number; readonly members: number };
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
  /** How many nodes each column has (read these, not the lists, for counts: a graph too large to draw builds its lists only when read). */
  readonly counts: { readonly groups: number; readonly sets: number; readonly peers: number };
  readonly groups: readonly Ref[];
  readonly sets: readonly GraphSetNode[];
  readonly peers: readonly GraphPeerNode[];
  /** Group id → set key; empty when the graph has more than DISPLAY_LIMITS.graphSets sets (it is not drawn). */
  readonly groupEdges: readonly GraphEdge[];
  /** Set key → peer id; empty when the graph is not drawn, as `groupEdges`. */
  readonly peerEdges: readonly GraphEdge[];
}

export interface ReportData {
  readonly source: string;
  readonly toolVersion: string;
  readonly generatedAt: string | null;
  /** When the export's data was taken: its pull time, or its files' newest modification time; null when unknown. */
  readonly asOf: ExportDate | null;
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
  /** The package's homepage, when known: rule documentation pages live under it. */
  readonly homepage: string | null;
  /** The documentation (Markdown) of every rule the report names, by rule id, for the HTML page to embed. */
  readonly ruleDocs: readonly RuleDoc[];
}

export interface RuleDoc {
  readonly ruleId: string;
  readonly markdown: string;
}

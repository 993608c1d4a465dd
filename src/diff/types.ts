// What `routelint diff` answers, as data: how routing behaves differently between two exports of
// one account, which findings appear and disappear, and which routes changed field by field.
// Every entry has stable machine fields (kinds, ids, dispositions) next to one line of prose;
// renderers (src/format/diff-*.ts) only lay it out.
import type { SetRef } from '../analysis/reachability.js';
import type { Disposition, PeerRef } from '../simulate/answer.js';

/** How the outcome of one (distribution group, destination) pair changed. */
export const BEHAVIOUR_KINDS = [
  /** Routed before and after, by another peer (or set of possible peers). */
  'moved',
  /** Routed (or served locally) before; not after. */
  'no-longer-routed',
  /** Not routed before; routed (or served locally) after. */
  'now-routed',
  /** One peer before; after, one of several by Go map order. */
  'nondeterministic',
  /** One of several by Go map order before; one peer after. */
  'deterministic',
  /** Not routed before or after, but for another reason: no route at all versus dropped for lack of a routing peer. */
  'disposition-changed',
  /** Same carrier; its routes now turn access control on or off, or name other access control groups. */
  'access-control-changed',
  /** Same carrier and access control; it now translates routed traffic to its own address, or stops. */
  'masquerade-changed',
] as const;
export type BehaviourKind = (typeof BEHAVIOUR_KINDS)[number];

/** How the auto-applied exit node of a distribution group's members changed. */
export const EXIT_NODE_KINDS = ['no-longer-auto-applied', 'now-auto-applied', 'switched'] as const;
export type ExitNodeKind = (typeof EXIT_NODE_KINDS)[number];

/** Who carries a destination for one member, on one side of the diff. */
export interface Carrier {
  readonly disposition: Disposition;
  /** The routing peer; every possible one when nondeterministic; empty when not routed and for LOCAL (the member serves it itself). */
  readonly peers: readonly PeerRef[];
  /** network_id of the carrying route(s), sorted; empty when not routed. */
  readonly networkIds: readonly string[];
  readonly nondeterministic: boolean;
  /** Does the carrier translate routed traffic to its own address (the flag, or a routing peer that routes in userspace)? Null when not routed, LOCAL, or the possible carriers differ. */
  readonly masquerade: boolean | null;
  /** access_control_groups of the carrying route(s): routed traffic is then allowed only by policies towards them. */
  readonly accessControlGroups: readonly PeerRef[];
}

/** Members of the group this entry is about: the whole group, or some of its members. */
export type Scope = 'group' | 'members';

export interface BehaviourChange {
  readonly kind: BehaviourKind;
  readonly message: string;
  /** A routed prefix (`10.4.0.0/16`) or domain pattern (`*.example.com`) of either export. */
  readonly destination: string;
  readonly destinationType: 'prefix' | 'domain';
  /** The address or name the simulator was asked about: one no more specific prefix of either export takes away. */
  readonly probe: string;
  readonly group: PeerRef;
  readonly scope: Scope;
  /** Members with exactly this change, sorted by name: the first `--max-sources` of them. */
  readonly sources: readonly PeerRef[];
  /** Members with this change past `--max-sources`, counted but not listed; absent when every one is listed. */
  readonly sourcesLeftOut?: number;
  /** Members of the group compared (in either export's group, present in both exports). */
  readonly members: number;
  readonly old: Carrier;
  readonly new: Carrier;
}

export interface ExitNodeChange {
  readonly kind: ExitNodeKind;
  readonly message: string;
  readonly group: PeerRef;
  readonly scope: Scope;
  readonly sources: readonly PeerRef[];
  readonly sourcesLeftOut?: number;
  readonly members: number;
  /** network_id of the exit node the members' clients apply by themselves; null when none. */
  readonly old: string | null;
  readonly new: string | null;
}

/**
 * A behaviour or exit node change with the account changes that touch its members, carriers or
 * exit nodes (see `linkCauses` in account.ts): what caused it, among the changes the exports show.
 */
export type Caused<T> = T & {
  /** The first `--max-sources` of them: groups, then peers, policies and routes. */
  readonly causes: readonly ChangeRef[];
  /** Causes past `--max-sources`, counted but not listed; absent when every one is listed. */
  readonly causesLeftOut?: number;
};

/** An entry of `account` (groups, peers, policies by id) or of `routes` (by route id). */
export interface ChangeRef {
  readonly kind: 'group' | 'peer' | 'policy' | 'route';
  readonly id: string;
}

export type ObjectChangeKind = 'added' | 'removed' | 'changed';

/** A group added, removed, renamed, or whose members changed (its own peer list, and peers that name it). */
export interface GroupChange {
  readonly change: ObjectChangeKind;
  readonly message: string;
  readonly group: PeerRef;
  /** Set when the group was renamed. */
  readonly oldName?: string;
  readonly newName?: string;
  /** Peers that joined (for an added group: all its members) and left (for a removed one: all). */
  readonly membersAdded: readonly PeerRef[];
  readonly membersRemoved: readonly PeerRef[];
}

/** A peer added, removed, or changed in a field that bears on routing (API names; `local_flags.*` for its flags). */
export interface PeerChange {
  readonly change: ObjectChangeKind;
  readonly message: string;
  readonly peer: PeerRef;
  readonly fields: readonly FieldChange[];
}

export interface RuleChange {
  readonly change: ObjectChangeKind;
  readonly rule: PeerRef;
  /** `sources`, `destinations` (groups; `… (peers)` for peer resources), `enabled`, `action`, `protocol`, `ports`, … */
  readonly fields: readonly FieldChange[];
}

export interface PolicyChange {
  readonly change: ObjectChangeKind;
  readonly message: string;
  readonly policy: PeerRef;
  /** `name`, `enabled`, `source_posture_checks`. */
  readonly fields: readonly FieldChange[];
  readonly rules: readonly RuleChange[];
}

/** Groups, peers and policies that changed; a section either export lacks is not compared (empty). */
export interface AccountChanges {
  readonly groups: readonly GroupChange[];
  readonly peers: readonly PeerChange[];
  readonly policies: readonly PolicyChange[];
}

export interface FindingRef {
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: 'error' | 'warning';
  readonly routeId: string | null;
  /** Sorted, at most 100 (lint's cut: RELATED_IDS_SHOWN). */
  readonly relatedRouteIds: readonly string[];
  /** How many related routes there are, present only when `relatedRouteIds` lists fewer. */
  readonly relatedRoutesTotal?: number;
  readonly message: string;
  /** Where the finding is, in the export it comes from. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The baseline fingerprint findings are matched by (rule, message, route, key facts). */
  readonly fingerprint: string;
}

export interface RouteRefSummary {
  readonly id: string;
  readonly network_id: string;
  /** The prefix, or the domains joined with ", ". */
  readonly target: string;
  readonly description: string;
}

export interface FieldChange {
  /** The API's field name. */
  readonly field: string;
  /** The values as exported; null when the field is absent. */
  readonly old: unknown;
  readonly new: unknown;
  /** For fields NetBird reads as sets (groups, peer_groups, access_control_groups): what came and went, with names. */
  readonly added?: readonly PeerRef[];
  readonly removed?: readonly PeerRef[];
  /** For `peer`: the routing peer's name on each side. */
  readonly oldName?: string;
  readonly newName?: string;
}

export interface RouteChange extends RouteRefSummary {
  readonly fields: readonly FieldChange[];
}

export interface HaSetRename {
  readonly old: SetRef;
  readonly new: SetRef;
  /** Route ids in both sets. */
  readonly sharedRouteIds: readonly string[];
}

export interface DiffSummary {
  /** False when either export lacks its groups or peers: the behaviour sections are then empty. */
  readonly behaviourCompared: boolean;
  /** Why behaviour was not compared; null when it was. */
  readonly behaviourNotCompared: string | null;
  /** Every behaviour change found; the first `--max-changes` are listed in `behaviour`, the largest audience first. */
  readonly behaviourChanges: number;
  readonly exitNodeChanges: number;
  /** Behaviour changes found but not listed, past `--max-changes`. */
  readonly behaviourChangesLeftOut: number;
  /** Exit node changes found but not listed, past `--max-changes`. */
  readonly exitNodeChangesLeftOut: number;
  /** Changes were left out at the ceiling on what one diff lists (`listingCeiling` in selection.ts), not only past `--max-changes`. */
  readonly listingCeilingReached: boolean;
  /** Listed changes whose members are not all named, past `--max-sources` (each says how many in `sourcesLeftOut`). */
  readonly changesWithSourcesLeftOut: number;
  readonly findingsIntroduced: number;
  readonly findingsFixed: number;
  readonly routesAdded: number;
  readonly routesRemoved: number;
  readonly routesChanged: number;
  readonly haSetsAdded: number;
  readonly haSetsRemoved: number;
  readonly haSetsRenamed: number;
  readonly groupChanges: number;
  readonly peerChanges: number;
  readonly policyChanges: number;
  /** The exit code's question: does something change for routing? */
  readonly routingChanged: boolean;
  /** What `routingChanged` was decided by: behaviour, or (without groups and peers) the route fields. */
  readonly decidedBy: 'behaviour' | 'routes';
}

export interface Diff {
  readonly old: string;
  readonly new: string;
  readonly behaviour: readonly Caused<BehaviourChange>[];
  readonly exitNodes: readonly Caused<ExitNodeChange>[];
  readonly findings: { readonly introduced: readonly FindingRef[]; readonly fixed: readonly FindingRef[] };
  readonly routes: { readonly added: readonly RouteRefSummary[]; readonly removed: readonly RouteRefSummary[]; readonly changed: readonly RouteChange[] };
  readonly haSets: { readonly added: readonly SetRef[]; readonly removed: readonly SetRef[]; readonly renamed: readonly HaSetRename[] };
  /** Groups, peers and policies added, removed and changed: the causes behaviour changes point at. */
  readonly account: AccountChanges;
  /** What was assumed or left out, in prose. */
  readonly notes: readonly string[];
  readonly summary: DiffSummary;
}

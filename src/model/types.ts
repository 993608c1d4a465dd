// The frozen account model that rules and the simulator read. Everything here is validated:
// past the loader there are no maybe-strings.
import type { Addr, Prefix } from '../net/prefix.js';
import type { ChangeAction, Loc, UnknownValue } from '../load/raw.js';

export type { ChangeAction, Loc, UnknownValue };

export type RouteKind = 'network' | 'domain' | 'none' | 'both';

export interface Route {
  readonly id: string;
  /**
   * Position of the route in its export array (routes generated from Networks API resources follow
   * every exported one): unique within a model, so a dense array can be indexed by it.
   */
  readonly index: number;
  readonly loc: Loc;
  readonly networkId: string;
  /** Raw `network` text as exported. */
  readonly networkText: string;
  /** Parsed network, host bits cleared; null for domain routes and unparsable prefixes. */
  readonly network: Prefix | null;
  /** True when `network` parsed but had host bits set. */
  readonly networkHadHostBits: boolean;
  readonly domains: readonly string[] | null;
  readonly kind: RouteKind;
  readonly networkType: string;
  readonly peer: string;
  readonly peerGroups: readonly string[];
  readonly groups: readonly string[];
  readonly accessControlGroups: readonly string[];
  readonly metric: number;
  readonly masquerade: boolean;
  readonly enabled: boolean;
  readonly keepRoute: boolean;
  readonly skipAutoApply: boolean;
  readonly description: string;
  /** HA set key: `network_id|network` (domain routes: `network_id|d1,d2`). */
  readonly haKey: string;
  /** Which fields were present in the export (the API omits empty ones). */
  readonly present: ReadonlySet<string>;
  /** Set on routes generated from a Networks API resource (src/model/networks.ts); absent on plain routes. */
  readonly networkResource?: NetworkResourceOrigin;
  /** Terraform input: the resource address, e.g. `module.office.netbird_route.lan["berlin"]`. */
  readonly address?: string;
  /** Terraform plan input: what the plan does to this object. */
  readonly changeAction?: ChangeAction;
}

/**
 * Where a route generated from the Networks API comes from. Such a route is distributed to the peers
 * of `groups` and to `sourcePeerIds` without a policy between client and routing peer (the management
 * server adds the routing peers itself), and its traffic is allowed by `policyIds` alone.
 */
export interface NetworkResourceOrigin {
  /** The Networks API network (not the route's network_id, which is the resource name). */
  readonly networkId: string;
  readonly resourceId: string;
  readonly routerId: string;
  /** Enabled policies with an enabled rule whose destinations hold one of the resource's groups or the resource itself; sorted. */
  readonly policyIds: readonly string[];
  /** Peers such a policy names directly as its source (`sourceResource` of type peer); sorted. */
  readonly sourcePeerIds: readonly string[];
}


export interface Group {
  readonly id: string;
  readonly name: string;
  readonly peerIds: readonly string[];
  readonly loc: Loc;
  /** Terraform input: the resource address. */
  readonly address?: string;
  /** Terraform plan input: what the plan does to this object. */
  readonly changeAction?: ChangeAction;
}

export interface Peer {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly ipv6: string | null;
  /** `ip` parsed, when it is an IPv4 address; null otherwise. */
  readonly overlayV4: Addr | null;
  /** `ipv6` parsed, when it is an IPv6 address; null otherwise (the peer has no IPv6 overlay address). */
  readonly overlayV6: Addr | null;
  readonly dnsLabel: string;
  readonly connected: boolean;
  readonly loginExpired: boolean;
  readonly os: string;
  readonly groupIds: readonly string[];
  readonly disableServerRoutes: boolean;
  readonly disableClientRoutes: boolean;
  /** `local_flags.block_inbound`: the peer drops all inbound traffic, routed traffic included (§3). */
  readonly blockInbound: boolean;
  /** `local_flags.block_lan_access`: as a routing peer it drops routed traffic to its own local networks. */
  readonly blockLanAccess: boolean;
  /** `local_flags.disable_firewall`: the peer runs no firewall, so no route access control (§8). */
  readonly disableFirewall: boolean;
  /** `approval_required`: peer approval is on and the peer is not approved; it is in no network map (§3). */
  readonly approvalRequired: boolean;
  /** The NetBird client version (`version`), as reported; '' when unknown. */
  readonly version: string;
  /** `kernel_version`, as reported; '' when unknown. */
  readonly kernelVersion: string;
  /** `country_code` of the peer's public address; '' when unknown. */
  readonly countryCode: string;
  /** `city_name` of the peer's public address; '' when unknown. */
  readonly cityName: string;
  /** `connection_ip`, the public address the peer connects from, as the API writes it ('' when absent; Go prints a missing one as `<nil>`). Parsed only by posture checks, which are rare. */
  readonly connectionIp: string;
  readonly loc: Loc;
  /** Terraform input: the resource address. */
  readonly address?: string;
  /** Terraform plan input: what the plan does to this object. */
  readonly changeAction?: ChangeAction;
}

/**
 * One side of a policy rule as NetBird applies it: a peer named directly (`sourceResource` /
 * `destinationResource` of type peer) **replaces** the side's groups (§3), so then `groupIds` is
 * empty and the groups the rule lists are kept in `ignoredGroupIds`.
 */
export interface PolicySide {
  readonly groupIds: readonly string[];
  readonly peerIds: readonly string[];
  /** Groups the rule lists that a peer resource overrides; empty otherwise. */
  readonly ignoredGroupIds: readonly string[];
}

export interface PolicyRule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly action: string;
  readonly bidirectional: boolean;
  readonly sources: PolicySide;
  readonly destinations: PolicySide;
  /** `all`, `tcp`, `udp`, `icmp` (or another the API adds), lower-cased. */
  readonly protocol: string;
  /** Single ports and ranges, both as inclusive ranges; empty means every port. */
  readonly ports: readonly PortRange[];
}

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly rules: readonly PolicyRule[];
  /** `source_posture_checks`: ids of posture checks every source peer must pass (§9). */
  readonly sourcePostureCheckIds: readonly string[];
  readonly loc: Loc;
  /** Terraform input: the resource address. */
  readonly address?: string;
  /** Terraform plan input: what the plan does to this object. */
  readonly changeAction?: ChangeAction;
}

/** A value in the export that has the wrong type or shape; the object holding it is left out of the model. */
export interface SchemaIssue {
  readonly loc: Loc;
  readonly what: string;
  readonly expected: string;
  readonly actual: string;
}

/** Routes with the same network_id and network (or ordered domain list): NetBird's HA unit. */
export interface HaSet {
  readonly key: string;
  readonly networkId: string;
  readonly network: Prefix | null;
  readonly domains: readonly string[] | null;
  readonly routes: readonly Route[];
  readonly isExit: boolean;
}

/** `min_version` (NetBird, Android, iOS, macOS) or `min_kernel_version` (Linux, Windows). */
export interface MinVersion {
  readonly minVersion: string;
}

export type CheckAction = 'allow' | 'deny';

/** The checks of one posture check (`GET /api/posture-checks`), each null when not set (§9). */
export interface PostureChecks {
  readonly nbVersion: MinVersion | null;
  readonly osVersion: { readonly android: MinVersion | null; readonly ios: MinVersion | null; readonly darwin: MinVersion | null; readonly linux: MinVersion | null; readonly windows: MinVersion | null } | null;
  readonly geoLocation: { readonly locations: readonly { readonly countryCode: string; readonly cityName: string }[]; readonly action: string } | null;
  readonly networkRange: { readonly ranges: readonly string[]; readonly action: string } | null;
  /** Process checks cannot be decided offline; only their presence matters. */
  readonly process: boolean;
}

export interface PostureCheck {
  readonly id: string;
  readonly name: string;
  readonly checks: PostureChecks;
  readonly loc: Loc;
  /** Terraform input: the resource address. */
  readonly address?: string;
  /** Terraform plan input: what the plan does to this object. */
  readonly changeAction?: ChangeAction;
}

export type Section = 'groups' | 'peers' | 'policies' | 'posture_checks';

/**
 * Group memberships by number. Groups are numbered in the model's one order: the groups export
 * first, then groups only peers name, in the order first named; peers in the order first met
 * through those groups' members.
 */
export interface Memberships {
  /** Group ids by number (every group with members, and the groups export's empty ones). */
  readonly groupIds: readonly string[];
  readonly groupNumbers: ReadonlyMap<string, number>;
  /** Peer ids by number: every peer some group holds. */
  readonly peerIds: readonly string[];
  /** Per group number, its members' peer numbers, in `membersOf` order. */
  readonly membersByGroup: readonly (readonly number[])[];
  /** Per peer number, the numbers of its groups, ascending. */
  readonly groupsByPeer: readonly (readonly number[])[];
}

export interface Model {
  readonly routes: readonly Route[];
  /** Null when the export has no groups (then peer_groups cannot be expanded). */
  readonly groups: ReadonlyMap<string, Group> | null;
  readonly peers: ReadonlyMap<string, Peer> | null;
  readonly policies: readonly Policy[] | null;
  /** Null when the export has no posture checks section. */
  readonly postureChecks: ReadonlyMap<string, PostureCheck> | null;
  readonly schemaIssues: readonly SchemaIssue[];
  /** Terraform plan input: values known only after apply that could not be resolved. */
  readonly unknownValues: readonly UnknownValue[];
  readonly haSets: readonly HaSet[];
  readonly haSetByKey: ReadonlyMap<string, HaSet>;
  /** Where the routes array itself sits (for findings about the export as a whole). */
  readonly routesLoc: Loc;
  has(section: Section): boolean;
  /** Peer ids in a group: the group's own list joined with peers that name the group. Empty for unknown groups. */
  membersOf(groupId: string): ReadonlySet<string>;
  /** The same memberships by number (see `Memberships`). */
  readonly memberships: Memberships;
  /** Routing peers of a route after peer_groups expansion, each once, sorted by id (`compareStrings`); null when peer_groups cannot be expanded (no groups). */
  routingPeersOf(route: Route): readonly string[] | null;
  /** Does an enabled rule of an enabled policy connect the two peers (either way round)? Null without policies. */
  policyConnects(a: string, b: string): boolean | null;
  peerName(id: string): string;
  groupName(id: string): string;
}

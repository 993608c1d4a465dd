// The NetBird provider's resources and data sources (registry: netbirdio/netbird), turned into the
// objects NetBird's management API returns, so that the normal model reader and every rule apply
// unchanged. Attributes carry the API's own names except where noted (`rule` → `rules`,
// `source_resource` → `sourceResource`, `destination_resource` → `destinationResource`).
import { DOMAIN_PLACEHOLDER } from '../../net/domain.js';
import { parsePrefix } from '../../net/prefix.js';
import { resourceTarget } from '../../net/resource-address.js';
import type { UnknownValue } from '../raw.js';

/** The export sections the converted objects go to (the last three are the Networks API's). */
export type TerraformSection = 'routes' | 'groups' | 'peers' | 'policies' | 'networks' | 'network_routers' | 'network_resources' | 'posture_checks';

/** What routelint needs to know about one attribute of a provider schema. */
export interface AttributeSpec {
  /** Read by the model or the rules; an unknown value of any other attribute is simply left out. */
  readonly relevant: boolean;
  /** Computed by NetBird and never set in the configuration (ids, derived fields): `toApi` fills it. */
  readonly computedOnly?: boolean;
  /**
   * Optional and computed: what NetBird stores when the configuration leaves it unset (the provider
   * then sends nothing). Absent when that is not known, which leaves an unset unknown unresolvable.
   */
  readonly unset?: unknown;
  /** Holds ids of other NetBird objects, which may be created in the same plan. */
  readonly ids?: 'scalar' | 'list' | 'object';
}

export interface TypeSpec {
  readonly section: TerraformSection;
  readonly object: UnknownValue['object'];
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  /** Nested blocks (list nesting): their attributes. */
  readonly blocks?: Readonly<Record<string, Readonly<Record<string, AttributeSpec>>>>;
  /** API field name → provider attribute name, where they differ. */
  readonly renames?: Readonly<Record<string, string>>;
  /** The API object for resolved values; `address` stands in for ids NetBird assigns on apply. */
  toApi(values: Record<string, unknown>, address: string): Record<string, unknown>;
}

const relevant: AttributeSpec = { relevant: true };
const irrelevant: AttributeSpec = { relevant: false };
const computed: AttributeSpec = { relevant: true, computedOnly: true };

function isNonEmptyList(v: unknown): boolean {
  return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
}

/** Sets `key` unless the value is null or missing (the API omits what it does not have). */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined) out[key] = value;
}

/** `network_type` as NetBird derives it from `domains` and `network` (docs/netbird-behaviour.md §1). */
function networkTypeOf(network: unknown, domains: unknown): string {
  if (Array.isArray(domains) && domains.length > 0) return 'Domain';
  const parsed = typeof network === 'string' ? parsePrefix(network) : null;
  if (!parsed?.ok) return 'Invalid';
  return parsed.value.prefix.family === 4 ? 'IPv4' : 'IPv6';
}

const route: TypeSpec = {
  section: 'routes',
  object: 'route',
  attributes: {
    access_control_groups: { relevant: true, ids: 'list' },
    description: irrelevant,
    domains: relevant,
    enabled: relevant,
    groups: { relevant: true, ids: 'list' },
    id: computed,
    keep_route: relevant,
    masquerade: relevant,
    metric: relevant,
    network: relevant,
    network_id: relevant,
    network_type: computed,
    peer: { relevant: true, ids: 'scalar' },
    peer_groups: { relevant: true, ids: 'list' },
    // Optional and computed without a default: the provider sends no value and NetBird stores false.
    skip_auto_apply: { relevant: true, unset: false },
  },
  toApi(v, address) {
    const domains = v.domains ?? null;
    const hasDomains = Array.isArray(domains) && domains.length > 0;
    const out: Record<string, unknown> = {};
    if (isNonEmptyList(v.access_control_groups)) out.access_control_groups = v.access_control_groups;
    out.description = v.description ?? '';
    out.domains = domains;
    put(out, 'enabled', v.enabled);
    put(out, 'groups', v.groups);
    out.id = v.id ?? address;
    put(out, 'keep_route', v.keep_route);
    put(out, 'masquerade', v.masquerade);
    put(out, 'metric', v.metric);
    // The provider keeps `network` null for a domain route; the API shows NetBird's placeholder.
    out.network = v.network ?? (hasDomains ? DOMAIN_PLACEHOLDER : '');
    put(out, 'network_id', v.network_id);
    out.network_type = v.network_type ?? networkTypeOf(v.network, domains);
    // The provider keeps `peer` null when the route has peer groups; the API says "".
    out.peer = v.peer ?? '';
    if (isNonEmptyList(v.peer_groups)) out.peer_groups = v.peer_groups;
    out.skip_auto_apply = v.skip_auto_apply ?? false;
    return out;
  },
};

const group: TypeSpec = {
  section: 'groups',
  object: 'group',
  attributes: {
    id: computed,
    issued: irrelevant,
    name: relevant,
    // The provider keeps the state's list when unset; a new group gets the peers the request names: none.
    peers: { relevant: true, ids: 'list', unset: [] },
    peers_count: irrelevant,
    resources: { relevant: false, unset: [] },
    resources_count: irrelevant,
  },
  toApi(v, address) {
    // The provider lists member ids; the API lists {id, name}: the model reads either.
    const peers = Array.isArray(v.peers) && v.peers.length === 0 ? null : (v.peers ?? null);
    const resources = Array.isArray(v.resources) && v.resources.length === 0 ? null : (v.resources ?? null);
    return {
      id: v.id ?? address,
      issued: v.issued ?? 'api',
      name: v.name ?? '',
      peers,
      peers_count: Array.isArray(peers) ? peers.length : 0,
      resources,
      resources_count: Array.isArray(resources) ? resources.length : 0,
    };
  },
};

const PEER_RELEVANT = ['connected', 'dns_label', 'groups', 'id', 'ip', 'login_expired', 'os'];

const peer: TypeSpec = {
  section: 'peers',
  object: 'peer',
  attributes: Object.fromEntries(PEER_RELEVANT.map((name) => [name, relevant])),
  toApi(v) {
    // Same names as the API. The provider has no `ipv6` and no `local_flags`: the peer reads as
    // having neither (no overlay IPv6, serving and taking routes).
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) put(out, key, v[key]);
    return out;
  },
};

const policyRule: Readonly<Record<string, AttributeSpec>> = {
  action: relevant,
  bidirectional: relevant,
  description: irrelevant,
  destination_resource: { relevant: true, ids: 'object', unset: null },
  destinations: { relevant: true, ids: 'list', unset: null },
  enabled: relevant,
  id: computed,
  name: irrelevant,
  port_ranges: { relevant: true, unset: null },
  ports: { relevant: true, unset: null },
  protocol: relevant,
  source_resource: { relevant: true, ids: 'object', unset: null },
  sources: { relevant: true, ids: 'list', unset: null },
};

const policy: TypeSpec = {
  section: 'policies',
  object: 'policy',
  attributes: {
    description: irrelevant,
    enabled: relevant,
    id: computed,
    name: irrelevant,
    source_posture_checks: { relevant: true, ids: 'list', unset: [] },
  },
  blocks: { rule: policyRule },
  renames: { rules: 'rule', sourceResource: 'source_resource', destinationResource: 'destination_resource' },
  toApi(v, address) {
    // The provider's `rule` blocks are the API's `rules`; the rule's group lists are ids, as POST takes them.
    const rules = Array.isArray(v.rule)
      ? v.rule.map((r: unknown, i: number) => {
          if (r === null || typeof r !== 'object' || Array.isArray(r)) return r;
          const rule = r as Record<string, unknown>;
          const out: Record<string, unknown> = {};
          put(out, 'action', rule.action);
          put(out, 'bidirectional', rule.bidirectional);
          out.description = rule.description ?? '';
          put(out, 'destinationResource', rule.destination_resource);
          out.destinations = rule.destinations ?? null;
          put(out, 'enabled', rule.enabled);
          out.id = rule.id ?? `${address}.rule[${i}]`;
          out.name = rule.name ?? '';
          put(out, 'port_ranges', rule.port_ranges);
          put(out, 'ports', rule.ports);
          put(out, 'protocol', rule.protocol);
          put(out, 'sourceResource', rule.source_resource);
          out.sources = rule.sources ?? null;
          return out;
        })
      : (v.rule ?? []);
    return { description: v.description ?? '', enabled: v.enabled ?? true, id: v.id ?? address, name: v.name ?? '', rules, source_posture_checks: v.source_posture_checks ?? [] };
  },
};

const network: TypeSpec = {
  section: 'networks',
  object: 'network',
  attributes: { description: irrelevant, id: computed, name: relevant, policies: irrelevant, resources: irrelevant, routers: irrelevant },
  toApi(v, address) {
    // `routers` and `resources` are completed from the plan's own routers and resources (see terraform.ts).
    return { description: v.description ?? '', id: v.id ?? address, name: v.name ?? '', policies: v.policies ?? [], resources: v.resources ?? [], routers: v.routers ?? [] };
  },
};

const networkRouter: TypeSpec = {
  section: 'network_routers',
  object: 'network_router',
  attributes: {
    enabled: relevant,
    id: computed,
    masquerade: relevant,
    metric: relevant,
    network_id: { relevant: true, ids: 'scalar' },
    peer: { relevant: true, ids: 'scalar' },
    peer_groups: { relevant: true, ids: 'list' },
  },
  toApi(v, address) {
    // The API's router has no network_id (it is in the URL); the provider's does, and it is kept.
    const out: Record<string, unknown> = {};
    put(out, 'enabled', v.enabled);
    out.id = v.id ?? address;
    put(out, 'masquerade', v.masquerade);
    put(out, 'metric', v.metric);
    put(out, 'network_id', v.network_id);
    out.peer = v.peer ?? '';
    out.peer_groups = isNonEmptyList(v.peer_groups) ? v.peer_groups : null;
    return out;
  },
};

const networkResource: TypeSpec = {
  section: 'network_resources',
  object: 'network_resource',
  attributes: {
    address: relevant,
    description: irrelevant,
    enabled: relevant,
    groups: { relevant: true, ids: 'list' },
    id: computed,
    name: relevant,
    network_id: { relevant: true, ids: 'scalar' },
  },
  toApi(v, address) {
    const out: Record<string, unknown> = {};
    put(out, 'address', v.address);
    out.description = v.description ?? '';
    put(out, 'enabled', v.enabled ?? true);
    put(out, 'groups', v.groups);
    out.id = v.id ?? address;
    put(out, 'name', v.name);
    put(out, 'network_id', v.network_id);
    // The provider keeps `type` computed; the server derives it from the address (refused when invalid).
    put(out, 'type', typeof v.address === 'string' ? resourceTarget(v.address)?.type : null);
    return out;
  },
};

/** A single nested block: an object in the JSON plan, or a list of at most one. */
function singleBlock(v: unknown): Record<string, unknown> | null {
  const block = Array.isArray(v) ? v[0] : v;
  return block !== null && typeof block === 'object' && !Array.isArray(block) ? (block as Record<string, unknown>) : null;
}

/** The provider's flat `<os>_min_version` attributes → the API's `{<os>: {min_version}}`. */
function osVersionToApi(block: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const os of ['android', 'darwin', 'ios'] as const) if (typeof block[`${os}_min_version`] === 'string') out[os] = { min_version: block[`${os}_min_version`] };
  for (const os of ['linux', 'windows'] as const) if (typeof block[`${os}_min_kernel_version`] === 'string') out[os] = { min_kernel_version: block[`${os}_min_kernel_version`] };
  return out;
}

const postureCheck: TypeSpec = {
  section: 'posture_checks',
  object: 'posture_check',
  attributes: {
    description: irrelevant,
    geo_location_check: relevant,
    id: computed,
    name: irrelevant,
    netbird_version_check: relevant,
    os_version_check: relevant,
    peer_network_range_check: relevant,
    process_check: relevant,
  },
  toApi(v, address) {
    // The provider's blocks → the API's `checks` object.
    const checks: Record<string, unknown> = {};
    const version = singleBlock(v.netbird_version_check);
    if (version) checks.nb_version_check = { min_version: version.min_version ?? '' };
    const os = singleBlock(v.os_version_check);
    if (os) checks.os_version_check = osVersionToApi(os);
    const geo = singleBlock(v.geo_location_check);
    if (geo) checks.geo_location_check = { action: geo.action ?? '', locations: geo.locations ?? [] };
    const range = singleBlock(v.peer_network_range_check);
    if (range) checks.peer_network_range_check = { action: range.action ?? '', ranges: range.ranges ?? [] };
    if (Array.isArray(v.process_check) && v.process_check.length > 0) checks.process_check = { processes: v.process_check };
    return { checks, description: v.description ?? '', id: v.id ?? address, name: v.name ?? '' };
  },
};

/** Provider types routelint reads, resources and data sources alike (a data source's attributes are the resource's). */
export const NETBIRD_TYPES: ReadonlyMap<string, TypeSpec> = new Map([
  ['netbird_route', route],
  ['netbird_group', group],
  ['netbird_peer', peer],
  ['netbird_policy', policy],
  ['netbird_network', network],
  ['netbird_network_router', networkRouter],
  ['netbird_network_resource', networkResource],
  ['netbird_posture_check', postureCheck],
]);

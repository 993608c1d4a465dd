// Builders for API-shaped objects, exactly as NetBird's GET endpoints emit them: routes with
// `domains: null` and `peer: ""`, empty peer_groups and access_control_groups omitted.
export interface ApiRoute {
  access_control_groups?: string[];
  description: string;
  domains: string[] | null;
  enabled: boolean;
  groups: string[];
  id: string;
  keep_route: boolean;
  masquerade: boolean;
  metric: number;
  network: string;
  network_id: string;
  network_type: string;
  peer: string;
  peer_groups?: string[];
  skip_auto_apply: boolean;
}

export interface RouteInput {
  id: string;
  network?: string;
  domains?: readonly string[];
  network_id?: string;
  peer?: string;
  peer_groups?: readonly string[];
  groups?: readonly string[];
  access_control_groups?: readonly string[];
  metric?: number;
  masquerade?: boolean;
  enabled?: boolean;
  keep_route?: boolean;
  skip_auto_apply?: boolean;
  description?: string;
}

function networkType(network: string, domains: readonly string[] | undefined): string {
  if (domains && domains.length > 0) return 'Domain';
  return network.includes(':') ? 'IPv6' : 'IPv4';
}

/** A route as GET /api/routes returns it; keys in the server's (alphabetical) order. */
export function route(input: RouteInput): ApiRoute {
  const domains = input.domains ? [...input.domains] : null;
  const network = input.network ?? (domains ? '192.0.2.0/32' : '10.0.0.0/24');
  const out: ApiRoute = {
    ...(input.access_control_groups && input.access_control_groups.length > 0 ? { access_control_groups: [...input.access_control_groups] } : {}),
    description: input.description ?? '',
    domains,
    enabled: input.enabled ?? true,
    groups: input.groups ? [...input.groups] : ['g-all'],
    id: input.id,
    keep_route: input.keep_route ?? (domains !== null),
    masquerade: input.masquerade ?? true,
    metric: input.metric ?? 9999,
    network,
    network_id: input.network_id ?? `net-${input.id}`,
    network_type: networkType(network, input.domains),
    peer: input.peer ?? (input.peer_groups ? '' : 'p-gw1'),
    ...(input.peer_groups && input.peer_groups.length > 0 ? { peer_groups: [...input.peer_groups] } : {}),
    skip_auto_apply: input.skip_auto_apply ?? false,
  };
  return out;
}

export interface ApiGroup {
  id: string;
  issued: string;
  name: string;
  peers: { id: string; name: string }[] | null;
  peers_count: number;
  resources: { id: string; type: string }[] | null;
  resources_count: number;
}

export function group(id: string, name: string, peerIds: readonly string[]): ApiGroup {
  return {
    id,
    issued: name === 'All' ? 'jwt' : 'api',
    name,
    peers: peerIds.length > 0 ? peerIds.map((p) => ({ id: p, name: p.replace(/^p-/, '') })) : null,
    peers_count: peerIds.length,
    resources: null,
    resources_count: 0,
  };
}

export interface PeerInput {
  id: string;
  name?: string;
  ip: string;
  ipv6?: string;
  connected?: boolean;
  login_expired?: boolean;
  os?: string;
  groups?: string[];
  disable_server_routes?: boolean;
  disable_client_routes?: boolean;
  block_inbound?: boolean;
  disable_firewall?: boolean;
  approval_required?: boolean;
  version?: string;
}

/** A peer as the API returns it; the fields tests read back are typed. */
export type ApiPeer = Record<string, unknown> & { id: string; name: string; ip: string; connected: boolean; login_expired: boolean };

export function peer(input: PeerInput): ApiPeer {
  const name = input.name ?? input.id.replace(/^p-/, '');
  return {
    accessible_peers_count: 0,
    approval_required: input.approval_required ?? false,
    city_name: '',
    connected: input.connected ?? true,
    connection_ip: '203.0.113.10',
    country_code: '',
    dns_label: `${name}.netbird.cloud`,
    ephemeral: false,
    extra_dns_labels: [],
    geoname_id: 0,
    groups: (input.groups ?? []).map((g) => ({ id: g, name: g, peers_count: 0, resources_count: 0 })),
    hostname: name,
    id: input.id,
    inactivity_expiration_enabled: false,
    ip: input.ip,
    ...(input.ipv6 ? { ipv6: input.ipv6 } : {}),
    kernel_version: '6.1.0',
    last_login: '2026-11-01T09:00:00Z',
    last_seen: '2026-11-27T18:00:00Z',
    local_flags: { block_inbound: input.block_inbound ?? false, block_lan_access: false, disable_client_routes: input.disable_client_routes ?? false, disable_dns: false, disable_firewall: input.disable_firewall ?? false, disable_server_routes: input.disable_server_routes ?? false, lazy_connection_enabled: false, rosenpass_enabled: false, rosenpass_permissive: false, server_ssh_allowed: false },
    login_expiration_enabled: true,
    login_expired: input.login_expired ?? false,
    name,
    os: input.os ?? 'Ubuntu 22.04',
    serial_number: '',
    ssh_enabled: false,
    ui_version: '',
    user_id: 'u-admin',
    version: input.version ?? '0.59.0',
  };
}

export interface PolicyInput {
  id: string;
  name?: string;
  enabled?: boolean;
  sources: readonly string[];
  destinations: readonly string[];
  bidirectional?: boolean;
  action?: 'accept' | 'drop';
  ruleEnabled?: boolean;
  /** A peer id: the rule's source is this peer (`sourceResource`), in place of its source groups. */
  sourceResource?: string;
}

export function policy(input: PolicyInput): Record<string, unknown> {
  const ref = (g: string) => ({ id: g, name: g });
  return {
    description: '',
    enabled: input.enabled ?? true,
    id: input.id,
    name: input.name ?? input.id,
    rules: [
      {
        action: input.action ?? 'accept',
        bidirectional: input.bidirectional ?? true,
        description: '',
        destinations: input.destinations.map(ref),
        enabled: input.ruleEnabled ?? true,
        id: `${input.id}-r1`,
        name: input.name ?? input.id,
        ports: [],
        protocol: 'all',
        sources: input.sources.map(ref),
        ...(input.sourceResource === undefined ? {} : { sourceResource: { id: input.sourceResource, type: 'peer' } }),
      },
    ],
    source_posture_checks: [],
  };
}

export interface Bundle {
  routes: unknown[];
  groups?: unknown[];
  peers?: unknown[];
  policies?: unknown[];
  /** The Networks API: its resources become routes too. */
  networks?: unknown[];
  network_routers?: unknown[];
  network_resources?: unknown[];
  posture_checks?: unknown[];
}

// Synthetic NetBird accounts in the API's exact shape, seeded and reproducible, for the benchmark.
//
// The account is shaped like a large company's or a managed-service provider's, the kind that
// reaches 100,000 routes: divisions (tenants) of about 200 routes each, with their own clients,
// gateways, groups and policies. One address plan serves the account: /24s and site /16s come
// from one pool of private /16s, so ranges recur only where private space runs out (past about
// 60,000 routes, as after mergers; their audiences are mostly disjoint). Proportions: peers about
// half the routes (15% of them gateways); mostly /24s, some /16s, a few IPv6 /64s; 4% nested and
// 3% duplicate prefixes on purpose; HA by peer groups (30%) and by primary/backup route pairs
// (10%); 5% domain routes; a few account-wide exit nodes (one route in 2,500); groups per team,
// an allow-all policy and narrower per-tenant ones. A NOC group receives a few routes of every
// tenant, so ranges that recur do meet some common clients.

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same account. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const XID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** An xid-looking id (20 characters of base32hex), unique per (kind, n). */
function xid(kind: number, n: number): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 8; i++) {
    s = XID_ALPHABET[v & 31] + s;
    v = Math.floor(v / 32);
  }
  return `c${XID_ALPHABET[kind & 31]}9k2b3b8c5s${s}`;
}

const KIND = { peer: 1, group: 2, route: 3, policy: 4, rule: 5 } as const;

export interface Account {
  routes: object[];
  groups: object[];
  peers: object[];
  policies: object[];
  /** Present in shapes with posture checks (bench/shapes.ts). */
  posture_checks?: object[];
}

/** Routes per tenant: the size of a mid-sized customer. */
const ROUTES_PER_TENANT = 200;
/** The overlay IPv6 /64 of the account (peers with IPv6 get an address in it). */
const OVERLAY_V6 = 'fd4e:6574:6269:7264';

interface GroupDraft {
  id: string;
  name: string;
  issued: string;
  members: number[];
}

/** Sorts an object's keys as the API emits them (alphabetically). */
export function apiOrder<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1))) as T;
}

/** The private /16s (10.0–255, 172.16–31, 192.168) in a seeded order, handed out one by one and reshuffled when all are out. */
class BlockPool {
  private blocks: string[] = [];

  constructor(private readonly rand: () => number) {}

  next(): string {
    if (this.blocks.length === 0) {
      this.blocks = [...Array.from({ length: 256 }, (_, i) => `10.${i}`), ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}`), '192.168'];
      for (let i = this.blocks.length - 1; i > 0; i--) {
        const j = Math.floor(this.rand() * (i + 1));
        [this.blocks[i], this.blocks[j]] = [this.blocks[j]!, this.blocks[i]!];
      }
    }
    return this.blocks.pop()!;
  }
}

export function generateAccount(routeCount: number, seed = 42): Account {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

  const tenantCount = Math.max(1, Math.round(routeCount / ROUTES_PER_TENANT));
  const groups: GroupDraft[] = [];
  const newGroup = (name: string, issued = 'api'): GroupDraft => {
    const g = { id: xid(KIND.group, groups.length), name, issued, members: [] };
    groups.push(g);
    return g;
  };
  const allGroup = newGroup('All', 'jwt');
  const nocGroup = newGroup('noc');

  interface PeerDraft {
    name: string;
    gateway: boolean;
    groups: GroupDraft[];
  }
  const peers: PeerDraft[] = [];
  const newPeer = (name: string, gateway: boolean, inGroups: GroupDraft[]): number => {
    const p = peers.length;
    peers.push({ name, gateway, groups: [] });
    for (const g of [allGroup, ...inGroups]) {
      g.members.push(p);
      peers[p]!.groups.push(g);
    }
    return p;
  };
  for (let i = 0; i < 12; i++) newPeer(`noc-laptop-${i}`, false, [nocGroup]);

  const routes: Record<string, unknown>[] = [];
  const policies: object[] = [];
  let ruleCount = 0;
  const ref = (g: GroupDraft) => ({ id: g.id, name: g.name });
  const policy = (name: string, enabled: boolean, sources: GroupDraft[], destinations: GroupDraft[]) => {
    const ruleId = xid(KIND.rule, ruleCount++);
    policies.push({
      description: '',
      enabled,
      id: xid(KIND.policy, policies.length),
      name,
      rules: [{ action: 'accept', bidirectional: true, description: '', destinations: destinations.map(ref), enabled: true, id: ruleId, name, port_ranges: [], ports: [], protocol: 'all', sources: sources.map(ref) }],
      source_posture_checks: [],
    });
  };
  policy('Default', true, [allGroup], [allGroup]);

  const pool = new BlockPool(rand);
  for (let t = 0; t < tenantCount; t++) {
    const quota = t === tenantCount - 1 ? routeCount - routes.length : Math.min(ROUTES_PER_TENANT, routeCount - routes.length);
    if (quota <= 0) break;
    const tag = `t${t}`;
    const peerQuota = Math.max(4, Math.round(quota / 2));
    const gatewayCount = Math.max(2, Math.round(peerQuota * 0.15));

    const tenantAll = newGroup(`${tag}-all`);
    const teams = Array.from({ length: int(2, 4) }, (_, k) => newGroup(`${tag}-team-${k}`));
    const gatewaysGroup = newGroup(`${tag}-gateways`);
    for (let c = 0; c < peerQuota - gatewayCount; c++) {
      const first = pick(teams);
      const second = chance(0.2) ? pick(teams) : first;
      newPeer(`${tag}-client-${c}`, false, first === second ? [tenantAll, first] : [tenantAll, first, second]);
    }
    const gateways: number[] = [];
    for (let k = 0; k < gatewayCount; k++) gateways.push(newPeer(`${tag}-gw-${k}`, true, [tenantAll, gatewaysGroup]));
    // HA groups: the gateways in runs of two or three.
    const haGroups: GroupDraft[] = [];
    for (let k = 0; k + 1 < gateways.length; ) {
      const size = Math.min(gateways.length - k, int(2, 3));
      const g = newGroup(`${tag}-ha-${haGroups.length}`);
      for (const p of gateways.slice(k, k + size)) {
        g.members.push(p);
        peers[p]!.groups.push(g);
      }
      haGroups.push(g);
      k += size;
    }
    policy(`${tag}-teams-to-gateways`, chance(0.95), teams, [gatewaysGroup]);
    if (chance(0.3)) policy(`${tag}-noc`, true, [nocGroup], [gatewaysGroup]);

    // Address plan: the account's /24s are handed out in order from one pool of private /16s, a
    // block at a time; a site /16 takes a whole block. Only when the pool runs dry (past about
    // 60,000 routes) do blocks come round again, and tenants then share ranges.
    let lanBlock: string | null = null;
    let lanThird = 256;
    const next24 = (): string => {
      if (lanThird === 256 || lanBlock === null) {
        lanBlock = pool.next();
        lanThird = 0;
      }
      return `${lanBlock}.${lanThird++}.0/24`;
    };
    const sitePrefixes: string[] = [];
    const lanPrefixes: string[] = [];

    const distribution = (): string[] => {
      const roll = rand();
      const own = roll < 0.7 ? [pick(teams)] : roll < 0.85 ? [...new Set([pick(teams), pick(teams)])] : [tenantAll];
      return chance(0.02) ? [...own, nocGroup].map((g) => g.id) : own.map((g) => g.id);
    };
    const routing = (): { peer: string; peer_groups?: string[] } =>
      chance(0.3) && haGroups.length > 0 ? { peer: '', peer_groups: [pick(haGroups).id] } : { peer: xid(KIND.peer, pick(gateways)) };
    const push = (fields: Record<string, unknown>) => {
      const i = routes.length;
      routes.push(
        apiOrder({
          description: '',
          domains: null,
          enabled: chance(0.98),
          groups: distribution(),
          id: xid(KIND.route, i),
          keep_route: false,
          masquerade: chance(0.9),
          metric: 9999,
          network_type: 'IPv4',
          skip_auto_apply: false,
          ...('peer' in fields ? {} : routing()),
          ...fields,
        }),
      );
    };

    for (let n = 0; n < quota; ) {
      const roll = rand();
      const id = `${tag}-${n}`;
      if (roll < 0.0004) {
        // A few account-wide exit nodes (one route in 2,500), each an HA set of gateways from several tenants.
        const everyone = chance(0.5) ? { groups: [allGroup.id] } : {};
        push({ network: '0.0.0.0/0', network_id: pick(['exit-ap', 'exit-eu', 'exit-us']), masquerade: chance(0.9), skip_auto_apply: chance(0.3), ...everyone });
        n++;
      } else if (roll < 0.05) {
        const domains = [`app${n}.${tag}.example.com`, ...(chance(0.4) ? [`*.svc${n}.${tag}.example.net`] : [])];
        push({ domains, keep_route: true, network: '192.0.2.0/32', network_id: `${tag}-dns-${n}`, network_type: 'Domain', masquerade: true });
        n++;
      } else if (roll < 0.075) {
        push({ network: `fd${(t % 256).toString(16).padStart(2, '0')}:${n.toString(16)}::/64`, network_id: `${tag}-v6-${n}`, network_type: 'IPv6' });
        n++;
      } else if (roll < 0.09) {
        // A whole site behind one gateway.
        const network = `${pool.next()}.0.0/16`;
        sitePrefixes.push(network);
        push({ network, network_id: `${tag}-site-${n}` });
        n++;
      } else if (roll < 0.13 && sitePrefixes.length > 0) {
        // Deliberately nested: a /24 of a routed site sent through another network.
        const [a, b] = pick(sitePrefixes).split('.');
        push({ network: `${a}.${b}.${int(0, 255)}.0/24`, network_id: `${tag}-nested-${n}` });
        n++;
      } else if (roll < 0.16 && lanPrefixes.length > 0) {
        // The same prefix under another network_id: two HA sets fighting over it.
        push({ network: pick(lanPrefixes), network_id: `${tag}-dup-${n}` });
        n++;
      } else if (roll < 0.26 && n + 1 < quota && gateways.length > 1) {
        // HA by two route objects: primary and backup gateways under one network_id.
        const network = next24();
        lanPrefixes.push(network);
        const [primary, backup] = [pick(gateways), pick(gateways)];
        const shared = { network, network_id: id, groups: distribution(), masquerade: chance(0.9), enabled: chance(0.98) };
        push({ ...shared, peer: xid(KIND.peer, primary), metric: 100 });
        push({ ...shared, peer: xid(KIND.peer, backup === primary ? gateways[(gateways.indexOf(primary) + 1) % gateways.length]! : backup), metric: 200 });
        n += 2;
      } else {
        const network = next24();
        lanPrefixes.push(network);
        push({ network, network_id: id });
        n++;
      }
    }
  }

  const oses = ['Ubuntu 22.04', 'Ubuntu 24.04', 'Debian GNU/Linux 12', 'Windows 11', 'Darwin 15.1'];
  const countOf = new Map(groups.map((g) => [g, g.members.length]));
  const apiPeers = peers.map((p, i) => {
    const connected = p.gateway ? chance(0.98) : chance(0.8);
    const withV6 = chance(0.2);
    return apiOrder({
      accessible_peers_count: 0,
      approval_required: false,
      city_name: '',
      connected,
      connection_ip: `203.0.113.${i % 250}`,
      country_code: '',
      dns_label: `${p.name}.netbird.cloud`,
      ephemeral: false,
      extra_dns_labels: [],
      geoname_id: 0,
      groups: p.groups.map((g) => ({ id: g.id, name: g.name, peers_count: countOf.get(g)!, resources_count: 0 })),
      hostname: p.name,
      id: xid(KIND.peer, i),
      inactivity_expiration_enabled: false,
      ip: `100.92.${(i >> 8) & 255}.${i & 255}`,
      ...(withV6 ? { ipv6: `${OVERLAY_V6}::${(i + 1).toString(16)}` } : {}),
      kernel_version: '6.1.0',
      last_login: '2026-11-20T08:12:44Z',
      last_seen: '2026-11-27T17:58:03Z',
      local_flags: { block_inbound: false, block_lan_access: false, disable_client_routes: false, disable_dns: false, disable_firewall: false, disable_server_routes: false, lazy_connection_enabled: false, rosenpass_enabled: false, rosenpass_permissive: false, server_ssh_allowed: false },
      login_expiration_enabled: true,
      login_expired: chance(0.01),
      name: p.name,
      os: p.gateway ? pick(oses.slice(0, 3)) : pick(oses),
      serial_number: '',
      ssh_enabled: false,
      ui_version: '',
      user_id: 'd3k2mv3b8c5s73f0qkag',
      version: '0.59.3',
    });
  });
  const apiGroups = groups.map((g) => ({
    id: g.id,
    issued: g.issued,
    name: g.name,
    peers: g.members.length > 0 ? g.members.map((p) => ({ id: xid(KIND.peer, p), name: peers[p]!.name })) : null,
    peers_count: g.members.length,
    resources: null,
    resources_count: 0,
  }));
  return { routes, groups: apiGroups, peers: apiPeers, policies };
}

/** The account as an export file: a bundle, indented as `jq .` prints the API's answers. */
export function accountText(account: Account): string {
  return `${JSON.stringify(account, null, 2)}\n`;
}

// The flat shape: an account that grew without tenants, as many do in the field. Thousands of
// groups (each peer in three of them), one group that holds every peer and serves as the peer
// group of a few routes and as the distribution group of others, 1% of the routes exit nodes under
// one network_id (one HA set of about a thousand routes), 10% of the peers offline, random /16 to
// /32 prefixes in 10/8 (so nesting and duplicates happen by chance, not by plan), and a finding
// count in the tens of thousands.

/** Groups per 100,000 routes in the flat shape (scaled with the account, at least 50). */
const FLAT_GROUPS_PER_100K = 5000;

export function generateFlatAccount(routeCount: number, seed = 7): Account {
  const rand = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const chance = (p: number): boolean => rand() < p;

  const peerCount = Math.max(8, Math.round(routeCount / 2));
  const groupCount = Math.max(50, Math.round((routeCount * FLAT_GROUPS_PER_100K) / 100000));
  const groupIds = Array.from({ length: groupCount }, (_, g) => xid(KIND.group, g + 1));
  const everyoneId = xid(KIND.group, 0);
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  const peerGroups: number[][] = [];
  for (let p = 0; p < peerCount; p++) {
    const own = new Set<number>();
    while (own.size < Math.min(3, groupCount)) own.add(int(0, groupCount - 1));
    const sorted = [...own].sort((a, b) => a - b);
    for (const g of sorted) members[g]!.push(p);
    peerGroups.push(sorted);
  }
  const peerName = (p: number) => `host-${p}`;
  const groupName = (g: number) => `grp-${g}`;
  // A fifth of the peers route; the rest are clients.
  const gateways = Array.from({ length: Math.max(2, Math.round(peerCount / 5)) }, (_, k) => k * 5);
  const randomGroup = () => groupIds[int(0, groupCount - 1)]!;
  const randomPrefix = (): string => {
    const bits = int(16, 32);
    const address = (10 << 24) | (int(0, 0xffffff) & ~(bits === 32 ? 0 : 0xffffffff >>> bits));
    return `${(address >>> 24) & 255}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${bits}`;
  };

  const routes: Record<string, unknown>[] = [];
  for (let i = 0; i < routeCount; i++) {
    const exit = i % 100 === 50;
    const byEveryone = !exit && i % 20000 === 7; // a few routes served by the group of every peer
    const routing = byEveryone ? { peer: '', peer_groups: [everyoneId] } : chance(0.4) ? { peer: '', peer_groups: [randomGroup()] } : { peer: xid(KIND.peer, gateways[int(0, gateways.length - 1)]!) };
    const distribution = chance(0.05) ? [everyoneId] : chance(0.3) ? [randomGroup(), randomGroup()] : [randomGroup()];
    routes.push(
      apiOrder({
        description: '',
        domains: null,
        enabled: chance(0.97),
        groups: exit ? [everyoneId] : [...new Set(distribution)],
        id: xid(KIND.route, i),
        keep_route: false,
        masquerade: exit ? chance(0.8) : chance(0.9),
        metric: exit ? int(1, 9999) : 9999,
        network: exit ? '0.0.0.0/0' : randomPrefix(),
        network_id: exit ? 'exit-all' : `net-${i}`,
        network_type: 'IPv4',
        skip_auto_apply: false,
        ...routing,
      }),
    );
  }

  const ref = (id: string, name: string) => ({ id, name });
  const policies: object[] = [
    {
      description: '',
      enabled: true,
      id: xid(KIND.policy, 0),
      name: 'Default',
      rules: [{ action: 'accept', bidirectional: true, description: '', destinations: [ref(everyoneId, 'All')], enabled: true, id: xid(KIND.rule, 0), name: 'Default', port_ranges: [], ports: [], protocol: 'all', sources: [ref(everyoneId, 'All')] }],
      source_posture_checks: [],
    },
  ];

  const oses = ['Ubuntu 22.04', 'Ubuntu 24.04', 'Debian GNU/Linux 12', 'Windows 11', 'Darwin 15.1'];
  const apiPeers = peerGroups.map((gs, p) =>
    apiOrder({
      accessible_peers_count: 0,
      approval_required: false,
      city_name: '',
      connected: !chance(0.1),
      connection_ip: `198.51.100.${p % 250}`,
      country_code: '',
      dns_label: `${peerName(p)}.netbird.cloud`,
      ephemeral: false,
      extra_dns_labels: [],
      geoname_id: 0,
      groups: [{ id: everyoneId, name: 'All', peers_count: peerCount, resources_count: 0 }, ...gs.map((g) => ({ id: groupIds[g]!, name: groupName(g), peers_count: members[g]!.length, resources_count: 0 }))],
      hostname: peerName(p),
      id: xid(KIND.peer, p),
      inactivity_expiration_enabled: false,
      ip: `100.${64 + ((p >> 16) & 63)}.${(p >> 8) & 255}.${p & 255}`,
      kernel_version: '6.1.0',
      last_login: '2026-11-20T08:12:44Z',
      last_seen: '2026-11-27T17:58:03Z',
      local_flags: { block_inbound: false, block_lan_access: false, disable_client_routes: false, disable_dns: false, disable_firewall: false, disable_server_routes: false, lazy_connection_enabled: false, rosenpass_enabled: false, rosenpass_permissive: false, server_ssh_allowed: false },
      login_expiration_enabled: true,
      login_expired: false,
      name: peerName(p),
      os: oses[p % oses.length]!,
      serial_number: '',
      ssh_enabled: false,
      ui_version: '',
      user_id: 'd3k2mv3b8c5s73f0qkag',
      version: '0.59.3',
    }),
  );
  const apiGroups = [
    { id: everyoneId, issued: 'jwt', name: 'All', peers: apiPeers.map((p) => ({ id: (p as { id: string }).id, name: (p as { name: string }).name })), peers_count: peerCount, resources: null, resources_count: 0 },
    ...groupIds.map((id, g) => ({
      id,
      issued: 'api',
      name: groupName(g),
      peers: members[g]!.length > 0 ? members[g]!.map((p) => ({ id: xid(KIND.peer, p), name: peerName(p) })) : null,
      peers_count: members[g]!.length,
      resources: null,
      resources_count: 0,
    })),
  ];
  return { routes, groups: apiGroups, peers: apiPeers, policies };
}

// A change under review: the same account after a routine round of edits, for `diff` of related
// exports. About 1% of the routes get another metric, 0.5% are switched off or on, 0.2% are
// removed, 0.2% added (copies of others under a new id and prefix), and 1% of the peers go
// offline or come back: the size of change a pull request or a day's drift brings.
export function reviseAccount(account: Account, seed = 99): Account {
  const rand = rng(seed);
  const revised = JSON.parse(JSON.stringify(account)) as { routes: Record<string, unknown>[]; groups: object[]; peers: Record<string, unknown>[]; policies: object[] };
  const kept: Record<string, unknown>[] = [];
  for (const route of revised.routes) {
    const roll = rand();
    if (roll < 0.002) continue;
    if (roll < 0.012) route.metric = 1 + Math.floor(rand() * 9999);
    else if (roll < 0.017) route.enabled = !route.enabled;
    kept.push(route);
  }
  const added = Math.max(1, Math.round(revised.routes.length * 0.002));
  for (let i = 0; i < added; i++) {
    const source = revised.routes[Math.floor(rand() * revised.routes.length)]!;
    if (typeof source.network !== 'string' || source.network.includes(':') || source.network.endsWith('/0')) continue;
    const third = Math.floor(rand() * 256);
    kept.push({ ...source, id: xid(KIND.route, 900000 + i), network: `10.${250 + (i % 6)}.${third}.0/24`, network_id: `added-${i}` });
  }
  revised.routes = kept;
  for (const peer of revised.peers) if (rand() < 0.01) peer.connected = !peer.connected;
  return revised;
}

// Synthetic NetBird accounts in the API's exact shape, seeded and reproducible, for the benchmark.
// Proportions follow real large accounts: mostly /24s and /16s in private ranges, some nested and
// duplicate prefixes, HA peer groups, exit nodes, domain routes, about half as many peers as routes.

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

export interface Account {
  routes: object[];
  groups: object[];
  peers: object[];
  policies: object[];
}

export function generateAccount(routeCount: number, seed = 42): Account {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const peerCount = Math.max(10, Math.floor(routeCount / 2));
  const groupCount = Math.max(5, Math.floor(routeCount / 50));

  const peerIds = Array.from({ length: peerCount }, (_, i) => xid(1, i));
  const groupIds = Array.from({ length: groupCount }, (_, i) => xid(2, i));
  const allGroup = xid(2, 999999);
  const members = groupIds.map(() => [] as number[]);
  const peerGroups = peerIds.map(() => [] as number[]);
  for (let p = 0; p < peerCount; p++) {
    const k = 1 + Math.floor(rand() * 3);
    for (let j = 0; j < k; j++) {
      const g = Math.floor(rand() * groupCount);
      if (!peerGroups[p]!.includes(g)) {
        peerGroups[p]!.push(g);
        members[g]!.push(p);
      }
    }
  }
  const peerName = (p: number) => `peer-${p}`;
  const oses = ['Ubuntu 22.04', 'Ubuntu 24.04', 'Debian GNU/Linux 12', 'Windows 11', 'Darwin 15.1'];
  const peers = peerIds.map((id, p) => ({
    accessible_peers_count: 0,
    approval_required: false,
    city_name: '',
    connected: rand() > 0.05,
    connection_ip: `203.0.113.${p % 250}`,
    country_code: '',
    dns_label: `${peerName(p)}.netbird.cloud`,
    ephemeral: false,
    extra_dns_labels: [],
    geoname_id: 0,
    groups: [{ id: allGroup, name: 'All', peers_count: peerCount, resources_count: 0 }, ...peerGroups[p]!.map((g) => ({ id: groupIds[g], name: `group-${g}`, peers_count: members[g]!.length, resources_count: 0 }))],
    hostname: peerName(p),
    id,
    inactivity_expiration_enabled: false,
    ip: `100.92.${(p >> 8) & 255}.${p & 255}`,
    kernel_version: '6.1.0',
    last_login: '2026-11-20T08:12:44Z',
    last_seen: '2026-11-27T17:58:03Z',
    local_flags: { block_inbound: false, block_lan_access: false, disable_client_routes: false, disable_dns: false, disable_firewall: false, disable_server_routes: false, lazy_connection_enabled: false, rosenpass_enabled: false, rosenpass_permissive: false, server_ssh_allowed: false },
    login_expiration_enabled: true,
    login_expired: rand() < 0.01,
    name: peerName(p),
    os: pick(oses),
    serial_number: '',
    ssh_enabled: false,
    ui_version: '',
    user_id: 'd3k2mv3b8c5s73f0qkag',
    version: '0.59.3',
  }));
  const groupObj = (id: string, name: string, ms: number[]) => ({ id, issued: 'api', name, peers: ms.length > 0 ? ms.map((p) => ({ id: peerIds[p], name: peerName(p) })) : null, peers_count: ms.length, resources: null, resources_count: 0 });
  const groups = [groupObj(allGroup, 'All', peerIds.map((_, p) => p)), ...groupIds.map((id, g) => groupObj(id, `group-${g}`, members[g]!))];

  const routes: object[] = [];
  const prefixes: string[] = [];
  const route = (i: number, fields: Record<string, unknown>) => {
    const usePeerGroups = rand() < 0.3;
    const peerGroupIds = usePeerGroups ? [groupIds[Math.floor(rand() * groupCount)]] : undefined;
    return {
      description: `route ${i}`,
      domains: null,
      enabled: rand() > 0.02,
      groups: [groupIds[Math.floor(rand() * groupCount)], ...(rand() < 0.3 ? [groupIds[Math.floor(rand() * groupCount)]] : [])].filter((g, k, a) => a.indexOf(g) === k),
      id: xid(3, i),
      keep_route: false,
      masquerade: rand() > 0.2,
      metric: 1 + Math.floor(rand() * 9998),
      network_type: 'IPv4',
      peer: usePeerGroups ? '' : peerIds[Math.floor(rand() * peerCount)],
      ...(peerGroupIds ? { peer_groups: peerGroupIds } : {}),
      skip_auto_apply: false,
      ...fields,
    };
  };
  for (let i = 0; i < routeCount; i++) {
    const roll = rand();
    let fields: Record<string, unknown>;
    if (roll < 0.005) {
      fields = { network: '0.0.0.0/0', network_id: `exit-${i % 7}`, masquerade: rand() > 0.3, skip_auto_apply: rand() < 0.3 };
    } else if (roll < 0.055) {
      const domains = [`svc${i}.internal.example.com`, ...(rand() < 0.5 ? [`*.svc${i}.example.net`] : [])];
      fields = { domains, keep_route: true, network: '192.0.2.0/32', network_id: `dns-${i}`, network_type: 'Domain' };
    } else if (roll < 0.085 && prefixes.length > 0) {
      fields = { network: pick(prefixes), network_id: `dup-${i}` }; // the same prefix under another network_id
    } else if (roll < 0.135 && prefixes.length > 0) {
      const parent = pick(prefixes);
      const [a, b] = parent.split('.');
      fields = { network: `${a}.${b}.${Math.floor(rand() * 256)}.0/24`, network_id: `nested-${i}` };
    } else if (roll < 0.385) {
      const net = rand() < 0.7 ? `10.${Math.floor(rand() * 256)}.0.0/16` : `172.${16 + Math.floor(rand() * 16)}.0.0/16`;
      prefixes.push(net);
      fields = { network: net, network_id: `site-${i}` };
    } else {
      const net = rand() < 0.8 ? `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.0/24` : `192.168.${Math.floor(rand() * 256)}.0/24`;
      prefixes.push(net);
      fields = { network: net, network_id: `lan-${i}` };
    }
    routes.push(route(i, fields));
  }
  // API key order is alphabetical; keep it so the shape matches real exports byte for byte.
  const sorted = routes.map((r) => Object.fromEntries(Object.entries(r).sort(([x], [y]) => (x < y ? -1 : 1))));

  const ref = (id: string, name: string) => ({ id, name });
  const rule = (id: string, src: { id: string; name: string }[], dst: { id: string; name: string }[]) => ({ action: 'accept', bidirectional: true, description: '', destinations: dst, enabled: true, id, name: id, ports: [], protocol: 'all', sources: src });
  const policies = [
    { description: '', enabled: true, id: xid(4, 0), name: 'Default', rules: [rule(xid(5, 0), [ref(allGroup, 'All')], [ref(allGroup, 'All')])], source_posture_checks: [] },
    ...Array.from({ length: Math.min(50, groupCount) }, (_, k) => ({
      description: '',
      enabled: rand() > 0.1,
      id: xid(4, k + 1),
      name: `policy-${k}`,
      rules: [rule(xid(5, k + 1), [ref(groupIds[Math.floor(rand() * groupCount)]!, 'g')], [ref(groupIds[Math.floor(rand() * groupCount)]!, 'g')])],
      source_posture_checks: [],
    })),
  ];
  return { routes: sorted, groups, peers, policies };
}

// Degenerate shapes for group questions (#17): the flat account (generate.ts) with every route
// covering one address, so a question about it weighs every route of the account. `one-prefix`:
// every route on 10.0.0.0/16 under its own network_id (as many HA sets as routes, all of one rank);
// `chain`: prefixes nested from 10.0.0.0/8 to 10.0.0.1/32, each route under its own network_id
// (a chain as deep as the account is large, lengths recurring). Ask about 10.0.0.1.
import { apiOrder, generateFlatAccount, rng, type Account } from './generate.js';

export type CoveringShape = 'one-prefix' | 'chain';

/** The address every route of a covering shape covers. */
export const COVERED_ADDRESS = '10.0.0.1';

export function generateCoveringAccount(routeCount: number, shape: CoveringShape, seed = 7): Account {
  const flat = generateFlatAccount(routeCount, seed);
  const routes = flat.routes.map((r, i) => ({ ...r, network: shape === 'one-prefix' ? '10.0.0.0/16' : `10.0.0.${i % 25 === 24 ? 1 : 0}/${8 + (i % 25)}`, network_id: `net-${i}` }));
  return { ...flat, routes };
}

// The many-policies shape: the flat account as a company with access control grows it. Policies
// scale with the account (one per 20 routes, at least 50), each of 1 to 3 group-to-group rules
// with ports or protocols, a tenth of them drop rules and a twentieth behind a posture check;
// 30% of the routes carry access control groups, 30% are domain routes and 5% IPv6. Lint must
// weigh every policy against every route's distribution and access control here, which the
// bench's other shapes (one All-to-All policy, no access control groups) never ask.

/** Policies per route in the many-policies shape. */
const POLICIES_PER_ROUTE = 1 / 20;

export function generatePolicyAccount(routeCount: number, seed = 11): Account {
  const flat = generateFlatAccount(routeCount, seed);
  const rand = rng(seed * 7919);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const chance = (p: number): boolean => rand() < p;
  const groups = (flat.groups as { id: string; name: string }[]).map((g) => ({ id: g.id, name: g.name }));
  // Group 0 is All: policies name the others, as people write them.
  const someGroups = (n: number) => Array.from({ length: n }, () => groups[int(1, groups.length - 1)]!).filter((g, i, all) => all.findIndex((x) => x.id === g.id) === i);
  const postureChecks = [
    { checks: { nb_version_check: { min_version: '0.50.0' } }, description: '', id: 'posture-recent-client', name: 'recent-client' },
    { checks: { nb_version_check: { min_version: '0.60.0' } }, description: '', id: 'posture-newest-client', name: 'newest-client' },
    { checks: { geo_location_check: { action: 'allow', locations: [{ city_name: '', country_code: 'DE' }] } }, description: '', id: 'posture-in-germany', name: 'in-germany' },
  ];
  const protocols = ['all', 'tcp', 'udp', 'icmp'] as const;
  const policyCount = Math.max(50, Math.round(routeCount * POLICIES_PER_ROUTE));
  const policies: object[] = [...flat.policies];
  for (let p = 0; p < policyCount; p++) {
    const name = `policy-${p}`;
    const rules = Array.from({ length: int(1, 3) }, (_, k) => {
      const protocol = protocols[int(0, protocols.length - 1)]!;
      const ported = protocol === 'tcp' || protocol === 'udp';
      return {
        action: chance(0.1) ? 'drop' : 'accept',
        bidirectional: chance(0.5),
        description: '',
        destinations: someGroups(int(1, 3)),
        enabled: chance(0.95),
        id: `rule-${p}-${k}`,
        name: `${name}-${k}`,
        port_ranges: ported && chance(0.3) ? [{ end: 9000 + int(0, 99), start: 8000 + int(0, 99) }] : [],
        ports: ported ? [String(int(1, 65535))] : [],
        protocol,
        sources: someGroups(int(1, 3)),
      };
    });
    policies.push({ description: '', enabled: chance(0.95), id: `policy-${p}`, name, rules, source_posture_checks: chance(0.05) ? [postureChecks[int(0, postureChecks.length - 1)]!.id] : [] });
  }
  const routes = (flat.routes as Record<string, unknown>[]).map((r, i) => {
    const exit = r.network === '0.0.0.0/0';
    const out: Record<string, unknown> = { ...r };
    if (chance(0.3)) out.access_control_groups = someGroups(int(1, 2)).map((g) => g.id);
    if (!exit && chance(0.3)) {
      out.domains = [`svc-${i}.example.com`, ...(chance(0.3) ? [`*.svc-${i}.example.com`] : [])];
      out.network = '192.0.2.0/32';
      out.network_type = 'Domain';
    } else if (!exit && chance(0.05)) {
      out.network = `fd00:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::/${int(48, 64)}`;
      out.network_type = 'IPv6';
    }
    return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
  });
  return { ...flat, routes, policies, posture_checks: postureChecks };
}

// The many-groups shape: the flat account where every route names several groups, as accounts
// do once teams grant access route by route: 4 to 8 distribution groups, 1 or 2 peer groups for
// routes served by a group, access control groups on 30%. Members then hardly ever share their
// groups among a destination's covering sets, so a group question cannot share answers between
// them, and the exit HA set's routes reach every member through different groups.

export function generateManyGroupsAccount(routeCount: number, seed = 13): Account {
  const flat = generateFlatAccount(routeCount, seed);
  const rand = rng(seed * 104729);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const groupIds = (flat.groups as { id: string }[]).map((g) => g.id);
  // Group 0 is All: routes name the others.
  const someGroups = (n: number) => [...new Set(Array.from({ length: n }, () => groupIds[int(1, groupIds.length - 1)]!))];
  const routes = (flat.routes as Record<string, unknown>[]).map((r) => {
    const out: Record<string, unknown> = { ...r, groups: someGroups(int(4, 8)) };
    if (Array.isArray(r.peer_groups) && r.peer_groups.length > 0) out.peer_groups = someGroups(int(1, 2));
    if (rand() < 0.3) out.access_control_groups = someGroups(int(1, 2));
    return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
  });
  return { ...flat, routes };
}

// The mixed-families shape: the flat account as an account with IPv6 and DNS grows it. 40% of the
// routes IPv6, of every length from /32 to /128 with random bits in every 32-bit word (a tenth
// nested under an earlier one, and one in twenty covering MIXED_ADDRESS, under its own network_id);
// 15% domain routes drawn from a pool of shared names and wildcards; 10% repeating an earlier IPv4
// prefix under another network_id. Four peers in five have an overlay IPv6 address. Prefix lookups
// must hold on IPv6 networks that differ only in their high bits (the shapes above are IPv4 but
// for a few /64s), and on repeated prefixes.

/** An IPv6 address many routes of the mixed-families shape cover. */
export const MIXED_ADDRESS = '2001:db8::1';

/** A 128-bit value as IPv6 text: eight groups, uncompressed. */
function v6Text(value: bigint): string {
  return Array.from({ length: 8 }, (_, k) => ((value >> BigInt(112 - 16 * k)) & 0xffffn).toString(16)).join(':');
}

export function generateMixedAccount(routeCount: number, seed = 17): Account {
  const flat = generateFlatAccount(routeCount, seed);
  const rand = rng(seed * 15485863);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const word = (): bigint => BigInt(int(0, 0xffff)) * 0x10000n + BigInt(int(0, 0xffff));
  const ALL = (1n << 128n) - 1n;
  const masked = (value: bigint, bits: number): bigint => value & (ALL ^ (ALL >> BigInt(bits)));
  const covered = 0x20010db8n << 96n | 1n;
  const v6: { value: bigint; bits: number }[] = [];
  const v4: string[] = [];
  const names = Array.from({ length: Math.max(50, Math.round(routeCount / 30)) }, (_, k) => (k % 5 === 0 ? `*.zone-${k}.example.net` : `svc-${k}.zone-${k % 97}.example.net`));
  const routes = (flat.routes as Record<string, unknown>[]).map((r, i) => {
    const out: Record<string, unknown> = { ...r };
    const network = String(r.network);
    if (network === '0.0.0.0/0') return r;
    const roll = rand();
    if (roll < 0.4) {
      let value: bigint;
      let bits: number;
      if (rand() < 0.05) [value, bits] = [covered, int(32, 128)];
      else if (v6.length > 0 && rand() < 0.1) {
        const outer = v6[int(0, v6.length - 1)]!;
        [value, bits] = [outer.value | (word() << 32n) | word(), int(outer.bits, 128)];
      } else [value, bits] = [(0x20010db8n << 96n) | (BigInt(int(0, 7)) << 80n) | (word() << 64n) | (word() << 32n) | word(), int(32, 128)];
      const start = masked(value, bits);
      v6.push({ value: start, bits });
      Object.assign(out, { network: `${v6Text(start)}/${bits}`, network_type: 'IPv6', network_id: `v6-${i}` });
    } else if (roll < 0.55) {
      const domains = [...new Set(Array.from({ length: int(1, 3) }, () => names[int(0, names.length - 1)]!))];
      Object.assign(out, { domains, network: '192.0.2.0/32', network_type: 'Domain', keep_route: rand() < 0.5 });
    } else if (roll < 0.65 && v4.length > 0) {
      Object.assign(out, { network: v4[int(0, v4.length - 1)]!, network_id: `repeat-${i}` });
    } else v4.push(network);
    return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
  });
  const peers = (flat.peers as Record<string, unknown>[]).map((p, i) => (rand() < 0.8 ? Object.fromEntries(Object.entries({ ...p, ipv6: `fd4e:6574:6269:7264::${(i + 1).toString(16)}` }).sort(([x], [y]) => (x < y ? -1 : 1))) : p));
  return { ...flat, routes, peers };
}

// The shared-prefixes shape: the flat account as an account where teams re-add the networks they
// need instead of joining an existing route: every IPv4 route (exit nodes aside) on one of a few
// /24s (one per hundred routes) under one of many network_ids (one per twenty routes), with metrics
// from 1 to 100. Each prefix is then held by about a hundred routes in dozens of HA sets, most of
// them with metrics that rank nothing across network_ids: the findings of metric-conflict,
// overlapping-networks and duplicate-peer-route pile up on a few prefixes, and a question about
// SHARED_ADDRESS weighs every HA set of its prefix.

/** An address on the first of the shared-prefixes shape's prefixes (10.0.0.0/24). */
export const SHARED_ADDRESS = '10.0.0.1';

export function generateSharedPrefixesAccount(routeCount: number, seed = 19): Account {
  const flat = generateFlatAccount(routeCount, seed);
  const rand = rng(seed * 7919);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const prefixes = Math.max(10, Math.round(routeCount / 100));
  const networkIds = Math.max(20, Math.round(routeCount / 20));
  const routes = (flat.routes as Record<string, unknown>[]).map((r) => {
    if (r.network_type !== 'IPv4' || r.network === '0.0.0.0/0') return r;
    const k = int(0, prefixes - 1);
    const out = { ...r, network: `10.${(k >> 8) & 255}.${k & 255}.0/24`, network_id: `shared-${int(0, networkIds - 1)}`, metric: int(1, 100) };
    return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
  });
  return { ...flat, routes };
}

// The big-peer-groups shape: the flat account where groups are big and many per peer. Every peer
// in 12 of 2,000 groups (about 300 members each), every route but the exit nodes distributed to
// 10 of them, and the routes served by a group served by one of them instead: a peer serves
// hundreds of HA sets through a dozen peer groups, and an address's HA sets hold thousands of
// routing peer rows. Screened by hand first (bench/unseen.ts), where a group question on it ran at
// 7x lint. Ask about BIG_GROUPS_ADDRESS, which many routes cover.

/** An address many routes of the big-peer-groups shape cover. */
export const BIG_GROUPS_ADDRESS = '10.0.0.1';

type Json = Record<string, unknown>;

export function generateBigGroupsAccount(routeCount: number, seed = 23): Account {
  const acc = generateFlatAccount(routeCount, seed);
  const rand = rng(4711);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const isExit = (r: Json): boolean => r.network === '0.0.0.0/0';
  const groups = acc.groups as { id: string; name: string }[];
  const everyone = groups[0]!;
  const ids = groups.slice(1, 2001).map((g) => g.id);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const members = new Map<string, { id: string; name: string }[]>(ids.map((id) => [id, []]));
  acc.peers = (acc.peers as Json[]).map((p) => {
    const own = new Set<string>();
    while (own.size < 12) own.add(ids[int(0, ids.length - 1)]!);
    for (const id of own) members.get(id)!.push({ id: p.id as string, name: p.name as string });
    return apiOrder({ ...p, groups: [(p.groups as Json[])[0], ...[...own].map((id) => ({ id, name: names.get(id), peers_count: 0, resources_count: 0 }))] });
  });
  acc.groups = [everyone, ...ids.map((id) => ({ ...(groups.find((g) => g.id === id) as Json), peers: members.get(id)!.length > 0 ? members.get(id) : null, peers_count: members.get(id)!.length }))];
  acc.routes = (acc.routes as Json[]).map((r) => {
    const peerGroups = r.peer_groups as string[] | undefined;
    const servedByGroup = Array.isArray(peerGroups) && peerGroups.length > 0 && peerGroups[0] !== everyone.id;
    return apiOrder({ ...r, groups: isExit(r) ? r.groups : [...new Set(Array.from({ length: 10 }, () => ids[int(0, ids.length - 1)]!))], ...(servedByGroup ? { peer_groups: [ids[int(0, ids.length - 1)]!] } : {}) });
  });
  return acc;
}

// Naive baselines: what a reasonable person writes first.
import { overlapCidr } from 'cidr-tools';
import ipaddr from 'ipaddr.js';
import { rng, type Account } from './generate.js';

/** Network routes of the account as `network` strings (domain routes and the placeholder left out). */
export function networkStrings(account: Account): string[] {
  return (account.routes as { network_type: string; network: string }[]).filter((r) => r.network_type !== 'Domain').map((r) => r.network);
}

/**
 * Every pair of network routes through cidr-tools' overlapCidr. With `budgetMs`, stops after the
 * first rows that fit in the budget and extrapolates from the pairs done.
 */
export function naivePairwise(networks: readonly string[], budgetMs: number): { ms: number; pairs: number; overlapping: number; extrapolated: boolean } {
  const total = (networks.length * (networks.length - 1)) / 2;
  let pairs = 0;
  let overlapping = 0;
  const start = performance.now();
  let elapsed = 0;
  for (let i = 0; i < networks.length; i++) {
    const a = networks[i]!;
    for (let j = i + 1; j < networks.length; j++) {
      if (overlapCidr(a, networks[j]!)) overlapping++;
    }
    pairs += networks.length - 1 - i;
    elapsed = performance.now() - start;
    if (elapsed > budgetMs && pairs < total) {
      return { ms: (elapsed * total) / pairs, pairs, overlapping, extrapolated: true };
    }
  }
  return { ms: elapsed, pairs, overlapping, extrapolated: false };
}

interface ApiRoute {
  id: string;
  network: string;
  network_type: string;
  network_id: string;
  enabled: boolean;
  groups: string[];
  metric: number;
  peer: string;
  peer_groups?: string[];
}

export interface Query {
  ip: string;
  from_peer: string;
}

/**
 * The naive simulator: for each query, scan all routes, keep the enabled network routes the source
 * receives (a member of a distribution group) whose prefix contains the address, then pick the
 * longest prefix and, among its routes, the best (lowest) metric. Prefixes are parsed once up
 * front, as anyone would; group membership is a Set per group.
 */
export function naiveSimulator(account: Account): (q: Query) => string | null {
  const members = new Map<string, Set<string>>();
  for (const g of account.groups as { id: string; peers: { id: string }[] | null }[]) members.set(g.id, new Set((g.peers ?? []).map((p) => p.id)));
  const routes = (account.routes as ApiRoute[])
    .filter((r) => r.network_type !== 'Domain')
    .map((r) => ({ route: r, cidr: ipaddr.parseCIDR(r.network) }));
  return (q) => {
    const addr = ipaddr.parse(q.ip);
    let best: { route: ApiRoute; bits: number } | null = null;
    for (const { route, cidr } of routes) {
      if (!route.enabled) continue;
      if (!route.groups.some((g) => members.get(g)?.has(q.from_peer))) continue;
      if (cidr[0].kind() !== addr.kind() || !addr.match(cidr)) continue;
      if (!best || cidr[1] > best.bits || (cidr[1] === best.bits && route.metric < best.route.metric)) best = { route, bits: cidr[1] };
    }
    return best ? best.route.id : null;
  };
}

/** Queries from random peers to addresses inside random routes' prefixes (and some outside any). */
export function batchQueries(account: Account, count: number, seed: number): Query[] {
  const rand = rng(seed);
  const peers = account.peers as { id: string }[];
  const v4 = (account.routes as ApiRoute[]).filter((r) => r.network_type === 'IPv4' && !r.network.endsWith('/0'));
  const queries: Query[] = [];
  for (let i = 0; i < count; i++) {
    const from = peers[Math.floor(rand() * peers.length)]!.id;
    if (rand() < 0.1) {
      queries.push({ ip: `198.51.100.${Math.floor(rand() * 256)}`, from_peer: from });
      continue;
    }
    const [addr, bits] = v4[Math.floor(rand() * v4.length)]!.network.split('/');
    const base = addr!.split('.').map(Number);
    const host = Math.floor(rand() * 2 ** (32 - Number(bits)));
    const value = ((base[0]! << 24) | (base[1]! << 16) | (base[2]! << 8) | base[3]!) + host;
    queries.push({ ip: [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.'), from_peer: from });
  }
  return queries;
}

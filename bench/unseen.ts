// Shapes `npm run bench` does not measure, for screening by hand before a change lands (#17: the
// targets must hold on accounts the bench never generated). Each is the flat account
// (generate.ts) bent one way:
// - `domains`: every route but the exit nodes a domain route, names shared by about four routes,
//   a fifth with a wildcard zone as well;
// - `v6`: every route IPv6 (fd00::/8, /32 to /128; the exit nodes ::/0), every peer with an
//   overlay IPv6 address;
// - `dupes`: every prefix drawn from a pool of 500 /24s, each repeated ~200 times under other
//   network_ids;
// - `bigroups`: every peer in 12 of 2,000 groups, every route distributed to 10 of them, routes
//   served by a group served by one of ~300 members.
// Write one with `node dist/bench/unseen.js SHAPE ROUTES FILE`; docs/performance.md lists what
// they measured last.
import { writeFileSync } from 'node:fs';
import { accountText, apiOrder, generateFlatAccount, rng, type Account } from './generate.js';

export const UNSEEN_SHAPES = ['domains', 'v6', 'dupes', 'bigroups'] as const;
export type UnseenShape = (typeof UNSEEN_SHAPES)[number];

type Json = Record<string, unknown>;

export function generateUnseenAccount(shape: UnseenShape, routeCount: number, seed = 23): Account {
  const acc = generateFlatAccount(routeCount, seed);
  const rand = rng(4711);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const hex = (): string => int(0, 0xffff).toString(16);
  const routes = acc.routes as Json[];
  const isExit = (r: Json): boolean => r.network === '0.0.0.0/0';
  switch (shape) {
    case 'domains':
      acc.routes = routes.map((r) =>
        isExit(r) ? r : apiOrder({ ...r, domains: [`svc-${int(0, routeCount / 4)}.example.com`, ...(rand() < 0.2 ? [`*.zone-${int(0, 500)}.example.com`] : [])], network: '192.0.2.0/32', network_type: 'Domain' }),
      );
      break;
    case 'v6':
      acc.routes = routes.map((r) => {
        if (isExit(r)) return apiOrder({ ...r, network: '::/0', network_type: 'IPv6' });
        const bits = int(32, 128);
        const words = [`fd${hex().slice(0, 2).padStart(2, '0')}`, hex(), hex(), hex(), hex(), hex(), hex(), hex()];
        return apiOrder({ ...r, network: `${words.join(':')}/${bits}`, network_type: 'IPv6' });
      });
      acc.peers = (acc.peers as Json[]).map((p, i) => apiOrder({ ...p, ipv6: `fd00:4e42::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}` }));
      break;
    case 'dupes': {
      const pool = Array.from({ length: 500 }, () => `10.${int(0, 255)}.${int(0, 255)}.0/24`);
      acc.routes = routes.map((r) => (isExit(r) ? r : apiOrder({ ...r, network: pool[int(0, pool.length - 1)] })));
      break;
    }
    case 'bigroups': {
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
      acc.routes = routes.map((r) => {
        const peerGroups = r.peer_groups as string[] | undefined;
        const servedByGroup = Array.isArray(peerGroups) && peerGroups.length > 0 && peerGroups[0] !== everyone.id;
        return apiOrder({ ...r, groups: isExit(r) ? r.groups : [...new Set(Array.from({ length: 10 }, () => ids[int(0, ids.length - 1)]!))], ...(servedByGroup ? { peer_groups: [ids[int(0, ids.length - 1)]!] } : {}) });
      });
      break;
    }
  }
  return acc;
}

// `node dist/bench/unseen.js SHAPE ROUTES FILE`
if (import.meta.url === `file://${process.argv[1]}`) {
  const [shape, routes, file] = process.argv.slice(2);
  if (!UNSEEN_SHAPES.includes(shape as UnseenShape) || !Number(routes) || !file) {
    console.error(`usage: node dist/bench/unseen.js ${UNSEEN_SHAPES.join('|')} ROUTES FILE`);
    process.exit(2);
  }
  writeFileSync(file, accountText(generateUnseenAccount(shape as UnseenShape, Number(routes))));
}

// Shapes `npm run bench` does not measure, for screening by hand before a change lands (#17: the
// targets must hold on accounts the bench never generated). Each is the flat account
// (generate.ts) bent one way:
// - `domains`: every route but the exit nodes a domain route, names shared by about four routes,
//   a fifth with a wildcard zone as well;
// - `v6`: every route IPv6 (fd00::/8, /32 to /128; the exit nodes ::/0), every peer with an
//   overlay IPv6 address;
// - `dupes`: every prefix drawn from a pool of 500 /24s, each repeated ~200 times under other
//   network_ids;
// - `bigroups`: the big-peer-groups shape, which `npm run bench` now measures (shapes.ts
//   `generateBigGroupsAccount`), kept here under its first name.
// Write one with `node dist/bench/unseen.js SHAPE ROUTES FILE`; docs/performance.md lists what
// they measured last.
import { writeFileSync } from 'node:fs';
import { accountText, apiOrder, generateFlatAccount, rng, type Account } from './generate.js';
import { generateBigGroupsAccount } from './shapes.js';

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
    case 'bigroups':
      return generateBigGroupsAccount(routeCount, seed);
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

// One expansion of a route's routing peers, with the one real difference between its readers: a
// route that names both `peer` and `peer_groups` (refused by the server, so hand-edited).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { group, peer, route } from '../support/api.js';
import { modelOf } from '../support/model.js';
import { routingPeerIds, type PeerWithGroups } from '../../src/model/routing-peers.js';
import type { Route } from '../../src/model/types.js';
import { compareStrings } from '../../src/order.js';

const groups: Record<string, string[]> = { g1: ['p3', 'p1'], g2: ['p1', 'p2'], empty: [] };
const membersOf = (g: string): ReadonlySet<string> => new Set(groups[g] ?? []);
const routeOf = (peer: string, peerGroups: string[]): Route => ({ peer, peerGroups }) as unknown as Route;

describe('routingPeerIds', () => {
  const table: [string, string[], PeerWithGroups, string[]][] = [
    ['p9', [], 'peer-only', ['p9']],
    ['p9', [], 'both', ['p9']],
    ['', [], 'both', []],
    ['', ['empty'], 'both', []],
    ['', ['unknown'], 'peer-only', []],
    ['', ['g1'], 'peer-only', ['p1', 'p3']],
    ['', ['g1', 'g2'], 'both', ['p1', 'p2', 'p3']],
    ['p9', ['g1'], 'peer-only', ['p9']],
    ['p9', ['g1'], 'both', ['p1', 'p3', 'p9']],
    ['p1', ['g2'], 'both', ['p1', 'p2']],
  ];
  for (const [peer, peerGroups, mode, expected] of table) {
    it(`peer "${peer}", peer_groups [${peerGroups.join(', ')}], ${mode}`, () => {
      expect(routingPeerIds(routeOf(peer, peerGroups), membersOf, mode)).toEqual(expected);
    });
  }
});

describe("the model's routing-peer lists", () => {
  const PEERS = ['p1', 'p2', 'p3', 'p4', 'p5'];
  const GROUPS = ['g1', 'g2', 'g3', 'g4'];
  const account = fc.record({
    members: fc.tuple(...GROUPS.map(() => fc.subarray(PEERS))),
    routes: fc.array(fc.oneof(fc.constantFrom(...PEERS).map((p) => ({ peer: p, peer_groups: [] as string[] })), fc.subarray([...GROUPS, 'unknown'], { minLength: 1 }).map((g) => ({ peer: '', peer_groups: g }))), { maxLength: 12 }),
  });

  it('equal the expansion of each route, and groups one of which holds the others share its list', () => {
    fc.assert(
      fc.property(account, ({ members, routes: specs }) => {
        const memberOf = new Map(GROUPS.map((g, i) => [g, members[i]!]));
        const model = modelOf({
          routes: specs.map((s, i) => route({ id: `r${i}`, network: '10.0.0.0/24', ...s })),
          groups: GROUPS.map((g) => group(g, g, memberOf.get(g)!)),
          peers: PEERS.map((p, i) => peer({ id: p, name: p, ip: `100.64.0.${i + 1}`, groups: GROUPS.filter((g) => memberOf.get(g)!.includes(p)) })),
        });
        for (const r of model.routes) {
          const list = model.routingPeersOf(r)!;
          expect(list).toEqual(routingPeerIds(r, (g) => model.membersOf(g), 'peer-only'));
          // Each peer once, sorted by id: rules walk the list as a set in order.
          expect(list).toEqual([...new Set(list)].sort(compareStrings));
          // A group holding every other's members: the route's list is that group's own list.
          const widest = r.peerGroups.find((g) => r.peerGroups.every((h) => [...model.membersOf(h)].every((p) => model.membersOf(g).has(p))));
          if (r.peerGroups.length > 1 && widest !== undefined) {
            const alone = model.routes.find((o) => o.peer === '' && o.peerGroups.length === 1 && o.peerGroups[0] === widest);
            if (alone) expect(model.routingPeersOf(alone)).toBe(list);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

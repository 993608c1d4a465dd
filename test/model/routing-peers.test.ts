// One expansion of a route's routing peers, with the one real difference between its readers: a
// route that names both `peer` and `peer_groups` (refused by the server, so hand-edited).
import { describe, expect, it } from 'vitest';
import { routingPeerIds, type PeerWithGroups } from '../../src/model/routing-peers.js';
import type { Route } from '../../src/model/types.js';

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

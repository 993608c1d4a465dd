// The graph's peer nodes (src/report/data/graph.ts) are read per distinct peer group, not per list of
// routing peers: checked against the plain path, the union of every route's Model.routingPeersOf.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateAccount, generateFlatAccount } from '../../bench/generate.js';
import { generateCoveringAccount, generateManyGroupsAccount } from '../../bench/shapes.js';
import { reportContextOf } from '../../src/report/data/context.js';
import { graphOf } from '../../src/report/data/graph.js';
import { haSetsOf } from '../../src/report/data/ha-sets.js';
import { compareStrings } from '../../src/order.js';
import type { Bundle } from '../support/api.js';
import { loadBundle } from '../support/model.js';

describe('graph peer nodes', () => {
  it('are the routing peers of every route (random accounts of four shapes)', () => {
    fc.assert(
      fc.property(fc.constantFrom('tidy', 'flat', 'many-groups', 'chain'), fc.integer({ min: 20, max: 150 }), fc.integer({ min: 1, max: 1_000_000 }), (shape, routes, seed) => {
        const account = shape === 'tidy' ? generateAccount(routes, seed) : shape === 'flat' ? generateFlatAccount(routes, seed) : shape === 'many-groups' ? generateManyGroupsAccount(routes, seed) : generateCoveringAccount(routes, 'chain', seed);
        const { model } = loadBundle(account as unknown as Bundle);
        const ctx = reportContextOf(model, []);
        const graph = graphOf(ctx, haSetsOf(ctx));
        const plain = new Set(model.routes.flatMap((r) => model.routingPeersOf(r) ?? []));
        expect(graph.peers.map((p) => p.peer.id).sort(compareStrings)).toEqual([...plain].sort(compareStrings));
        expect(graph.counts.peers).toBe(plain.size);
      }),
      { numRuns: 20 },
    );
  });
});

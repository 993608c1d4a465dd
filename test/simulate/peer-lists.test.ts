// Lists of peers' names in prose (simulate/explain.ts `Describe.sortedPeers`: the tied winners a
// candidate's detail names) looked up by their peers across answers (`PeerLists`) must be the lists
// each answer makes on its own, for any peers (ids holding the key's separators, peers not in the
// export, two peers of one name, a peer twice) and however many names a list shows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../src/simulate/decision.js';
import { Describe, PeerLists } from '../../src/simulate/explain.js';
import { peer } from '../support/api.js';
import { modelOf } from '../support/simulate.js';

const IDS = ['a', 'b', 'a|b', '1:a', 'a|1:b', '|', 'c', 'd'];
const NAMES: Record<string, string> = { a: 'zeta', b: 'alpha', 'a|b': 'mid', '1:a': 'alpha', 'a|1:b': 'beta', '|': 'omega' };
const DEST = { kind: 'ip', text: '10.0.0.1' } as Destination;

describe('peer lists', () => {
  it('shared between answers are those each answer makes alone', () => {
    const model = modelOf({ routes: [], peers: Object.entries(NAMES).map(([id, name], i) => peer({ id, name, ip: `100.64.0.${i + 1}` })) });
    let cut = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ ids: fc.array(fc.constantFrom(...IDS), { maxLength: 5 }), maxNames: fc.constantFrom(1, 2, 3, Infinity) }), { minLength: 1, maxLength: 12 }), (lists) => {
        const shared = new PeerLists();
        // Each list, its ids joined as one id (a key that only separated ids would take it for the
        // list), and the list naming one peer.
        for (const { ids, maxNames } of lists.flatMap((l) => [l, { ids: [l.ids.join('|')], maxNames: l.maxNames }, { ids: l.ids, maxNames: 1 }])) {
          const alone = new Describe(model, DEST, null, maxNames);
          expect(new Describe(model, DEST, null, maxNames, shared).sortedPeers(ids)).toBe(alone.sortedList(ids.map((id) => alone.peer(id))));
          if (new Set(ids).size > maxNames) cut++;
        }
      }),
      { numRuns: 300 },
    );
    // Not vacuous: lists that name some and count the rest.
    expect(cut).toBeGreaterThan(100);
  });
});

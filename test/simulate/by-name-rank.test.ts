// outcome.ts `byNameRank`: a shared decision's assumed, guessed and offline peers sorted by name
// through each peer's place by name, made once per model: the order a sort by compareStrings of
// their names gives, equal names (and ids that are no peer of the model) in their order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStrings } from '../../src/order.js';
import { byNameRank, firstNames } from '../../src/simulate/outcome.js';
import { group, peer, type Bundle } from '../support/api.js';
import { loadBundle } from '../support/model.js';

const NAMES = ['', '', 'alpha', 'Alpha', 'beta', 'beta', 'zed', 'p-3', 'ä', '10', '9'];

describe('byNameRank', () => {
  it('orders ids as a stable sort by name does (empty names by id, shared names, ids of no peer)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(14), { maxLength: 20 }), (names, picks) => {
        const ids = names.map((_, i) => `p-${i}`);
        const bundle: Bundle = { routes: [], groups: [group('g-all', 'All', ids)], peers: ids.map((id, i) => peer({ id, name: names[i]!, ip: `100.64.0.${i + 1}`, groups: ['g-all'] })) };
        const model = loadBundle(bundle).model;
        // Distinct ids, some of no peer (p-12 and on when there are fewer peers).
        const asked = [...new Set(picks.map((k) => `p-${k}`))];
        const expected = asked.map((id) => ({ id, name: model.peerName(id) })).sort((a, b) => compareStrings(a.name, b.name)).map((p) => p.id);
        expect(byNameRank(model, asked)).toEqual(expected);
      }),
    );
  });

  it('firstNames: the first names of a sort by name, however many are asked (ids of no peer too)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(14), { maxLength: 40 }), fc.constantFrom(0, 1, 2, 3, 10, 40, Infinity), (names, picks, limit) => {
        const ids = names.map((_, i) => `p-${i}`);
        const bundle: Bundle = { routes: [], groups: [group('g-all', 'All', ids)], peers: ids.map((id, i) => peer({ id, name: names[i]!, ip: `100.64.0.${i + 1}`, groups: ['g-all'] })) };
        const model = loadBundle(bundle).model;
        const asked = [...new Set(picks.map((k) => `p-${k}`))];
        const expected = asked.map((id) => model.peerName(id)).sort(compareStrings).slice(0, limit);
        expect(firstNames(model, asked, limit)).toEqual(expected);
        expect(firstNames(model, new Set(asked), limit)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

// The matrix's work budget (src/analysis/reachability.ts, reachabilityOf): rows weighed and a
// fixed cost per question to the simulator (QUESTION_WORK). An account whose cells each ask one
// question about a handful of rows stops where the questions' cost, not their rows, reaches it.
import { describe, expect, it } from 'vitest';
import { QUESTION_WORK, reachabilityOf } from '../../src/analysis/reachability.js';
import { PeerStates } from '../../src/simulate/index.js';
import { group, peer, policy, route } from '../support/api.js';
import { modelOf } from '../support/model.js';

/** `sets` HA sets of one route each (10.0.i.0/24 by p-gw1), distributed to g-a: one member, one class, one question per cell. */
function cheapCells(sets: number) {
  return modelOf({
    routes: Array.from({ length: sets }, (_, i) => route({ id: `r${String(i).padStart(3, '0')}`, network: `10.0.${i}.0/24`, peer: 'p-gw1', groups: ['g-a'] })),
    groups: [group('g-all', 'All', ['p-gw1', 'p-c1']), group('g-a', 'a', ['p-c1'])],
    peers: [peer({ id: 'p-gw1', ip: '100.64.0.1', groups: ['g-all'] }), peer({ id: 'p-c1', ip: '100.64.0.2', groups: ['g-all', 'g-a'] })],
    policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
  });
}

describe('reachability matrix work budget', () => {
  it('charges each question QUESTION_WORK besides its rows: 60 one-question cells of 2 rows, a budget of 50 questions', () => {
    const model = cheapCells(60);
    const all = reachabilityOf(model, new PeerStates(), { maxWork: Infinity }).cells;
    expect(all).toHaveLength(60);
    expect(all.every((c) => c.simulated && c.members === 1 && c.outcomes.length === 1 && c.outcomes[0]!.disposition === 'ROUTED')).toBe(true);
    // A cell weighs its one covering row plus one (as every question does): 2 rows, and a question.
    const perCell = 2 + QUESTION_WORK;
    // Counted in rows alone, 60 cells (120 rows) would fit many times over.
    expect(60 * 2).toBeLessThan(50 * perCell);
    const cells = reachabilityOf(model, new PeerStates(), { maxWork: 50 * perCell }).cells;
    expect(cells.map((c) => c.set.key)).toEqual(all.map((c) => c.set.key));
    const simulated = cells.filter((c) => c.simulated);
    expect(simulated).toHaveLength(50);
    for (const c of simulated) expect(c).toEqual(all.find((x) => x.set.key === c.set.key));
    for (const c of cells.filter((x) => !x.simulated)) {
      expect(c.outcomes).toEqual([]);
      expect(c.members).toBe(1);
    }
    // Five questions more, five cells more; the budget's fiftieth (a cell's share) below one question and its rows: none.
    expect(reachabilityOf(model, new PeerStates(), { maxWork: 55 * perCell }).cells.filter((c) => c.simulated)).toHaveLength(55);
    expect(reachabilityOf(model, new PeerStates(), { maxWork: 50 * perCell - 1 }).cells.filter((c) => c.simulated)).toHaveLength(0);
  });
});

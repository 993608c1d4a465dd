// The matrix's embedded rows (html.ts matrixJson: its group and peer tables written as text, its
// rows through one JSON.stringify with `<` escaped after): the same text as building every array
// and calling JSON.stringify on the whole (the simple path, below), on random
// names with markup, quotes, escapes, non-ASCII and a lone surrogate, and never a `<` inside the script element.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPLAY_LIMITS, type ReportData, type Ref } from '../../src/report/data.js';
import { renderHtml } from '../../src/report/html.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { reportOf } from './support.js';

/** The embedded rows as arrays through JSON.stringify, `<` escaped in the whole text. */
function simpleMatrixJson(r: ReportData['reachability'], columns: boolean): string {
  const peers: Ref[] = [];
  const peerIndex = new Map<string, number>();
  const peerOf = (p: Ref | null): number => {
    if (!p) return -1;
    let i = peerIndex.get(p.id);
    if (i === undefined) {
      peerIndex.set(p.id, (i = peers.length));
      peers.push(p);
    }
    return i;
  };
  const column = new Map(r.groups.map((g, i) => [g.id, i]));
  const rows = r.rows.map((row) => [
    row.set.key,
    row.set.networkId,
    row.set.target,
    row.destination,
    row.cells.map((cell) => [column.get(cell.group.id)!, !cell.simulated ? null : cell.outcomes.map((o) => [o.disposition, peerOf(o.peer), o.networkId && o.networkId !== row.set.networkId ? o.networkId : '', o.nondeterministic ? 1 : 0, o.privateViaExit ? 1 : 0, o.possiblePeers.map(peerOf), o.members, o.sources.map(peerOf)]), cell.members]),
  ]);
  return JSON.stringify({ columns, page: DISPLAY_LIMITS.matrixPage, groups: r.groups.map((g) => [g.id, g.name]), peers: peers.map((p) => [p.id, p.name]), rows }).replace(/</g, '\\u003c');
}

const NAME = fc.string({ unit: fc.constantFrom('a', 'Z', '<', '>', '/', '"', "'", '\\', '&', '!', '-', ' ', '\n', '\u2028', 'é', '🛰', '\u0007', '\u001f', '\ud800'), minLength: 1, maxLength: 12 });

/** More sets than one page of the matrix, so the page embeds the rows: network_ids, group and peer names from `names`. */
function accountOf(names: readonly string[], sets: number): Bundle {
  const name = (i: number) => names[i % names.length]!;
  return {
    routes: Array.from({ length: sets }, (_, i) =>
      route({ id: `r-${i}`, network: `10.${i >> 8}.${i & 255}.0/24`, network_id: `${name(i)}-${i % 7}`, peer: i % 3 === 0 ? 'p-gw2' : 'p-gw1', groups: [i % 2 === 0 ? 'g-a' : 'g-b'], metric: 100 + (i % 4) }),
    ),
    groups: [group('g-all', 'All', ['p-gw1', 'p-gw2', 'p-x', 'p-y']), group('g-a', name(1), ['p-x', 'p-gw2']), group('g-b', name(2), ['p-y', 'p-x'])],
    peers: [peer({ id: 'p-gw1', name: name(3), ip: '100.64.0.1' }), peer({ id: 'p-gw2', name: name(4), ip: '100.64.0.2' }), peer({ id: 'p-x', name: name(5), ip: '100.64.1.1' }), peer({ id: 'p-y', name: name(6), ip: '100.64.1.2' })],
    policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
  };
}

describe('the matrix rows embedded in the page', () => {
  it('are the text JSON.stringify makes of the arrays, with no `<` (random names)', () => {
    fc.assert(
      fc.property(fc.array(NAME, { minLength: 7, maxLength: 7 }), fc.integer({ min: DISPLAY_LIMITS.matrixPage + 1, max: DISPLAY_LIMITS.matrixPage + 30 }), (names, sets) => {
        const { data } = reportOf(accountOf(names, sets));
        const html = renderHtml(data);
        const start = html.indexOf('<script type="application/json" id="reachability-data">');
        expect(start).toBeGreaterThan(0);
        const text = html.slice(html.indexOf('>', start) + 1, html.indexOf('</script>', start));
        expect(text).not.toContain('<');
        const columns = data.reachability.groups.length <= DISPLAY_LIMITS.matrixColumns;
        expect(text).toBe(simpleMatrixJson(data.reachability, columns));
        const parsed = JSON.parse(text) as { rows: unknown[]; peers: [string, string][] };
        expect(parsed.rows).toHaveLength(data.reachability.rows.length);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

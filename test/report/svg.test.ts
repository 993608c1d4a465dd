// The pictures' layouts: map boxes keep address order, never overlap their siblings and sit inside
// their parents; the graph places every node once, in three columns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphData, MapPrefix } from '../../src/report/data.js';
import { layoutGraph, renderGraph } from '../../src/report/svg-graph.js';
import { layoutAddressMap, placeSiblings, renderAddressMap } from '../../src/report/svg-map.js';
import { comparePrefix, mustParsePrefix, prefixFrom } from '../../src/net/prefix.js';

function entries(texts: readonly string[]): MapPrefix[] {
  const seen = new Map(texts.map((t) => [mustParsePrefix(t).text, mustParsePrefix(t)]));
  return [...seen.values()].sort(comparePrefix).map((prefix) => ({ prefix, networkIds: [`n-${prefix.text}`], routeIds: ['r'], severity: 'none' as const, enabled: true }));
}

const EPS = 1e-6;

describe('placeSiblings', () => {
  const items = fc
    .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 })
    .map((pairs) => {
      // Disjoint ranges in address order: offsets ascending, each share ending before the next offset.
      const sorted = pairs.map(([a]) => a).sort((x, y) => x - y);
      return sorted.map((offset, i) => ({ offset, share: Math.max(0, Math.min(pairs[i]![1], (sorted[i + 1] ?? 1) - offset)) }));
    });

  it('keeps order, stays inside the range and never overlaps', () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 20, max: 1200 }), (its, width) => {
        const spots = placeSiblings(its, 10, 10 + width);
        spots.forEach((s, i) => {
          expect(s.x).toBeGreaterThanOrEqual(10 - EPS);
          expect(s.x + s.width).toBeLessThanOrEqual(10 + width + EPS);
          expect(s.width).toBeGreaterThan(0);
          if (i > 0) expect(s.x).toBeGreaterThanOrEqual(spots[i - 1]!.x + spots[i - 1]!.width - EPS);
        });
      }),
    );
  });

  it('gives every box the minimum width when there is room for it', () => {
    fc.assert(
      fc.property(items, (its) => {
        const width = its.length * 80;
        for (const s of placeSiblings(its, 0, width, 0, 40)) expect(s.width).toBeGreaterThanOrEqual(40 - EPS);
      }),
    );
  });

  it('places boxes at their address offset when they are wide enough', () => {
    expect(placeSiblings([{ offset: 0, share: 0.5 }, { offset: 0.5, share: 0.5 }], 0, 1000, 0, 10)).toEqual([
      { x: 0, width: 500 },
      { x: 500, width: 500 },
    ]);
    expect(placeSiblings([{ offset: 0.25, share: 0.25 }], 0, 1000, 0, 10)).toEqual([{ x: 250, width: 250 }]);
  });
});

describe('address map layout', () => {
  const map = entries(['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16', '192.168.0.0/16', 'fd00::/8', 'fd00:1::/32']);
  const layout = layoutAddressMap(map);
  const box = (p: string) => layout.boxes.find((b) => b.entry.prefix.text === p)!;

  it('draws every prefix once, each family in its own band', () => {
    expect(layout.boxes.map((b) => b.entry.prefix.text).sort()).toEqual(map.map((e) => e.prefix.text).sort());
    expect(layout.bands.map((b) => b.family)).toEqual([4, 6]);
    expect(layout.omitted).toBe(0);
  });

  it('puts nested prefixes inside their parents, one level down', () => {
    for (const [child, parent] of [
      ['10.0.0.0/8', '0.0.0.0/0'],
      ['10.1.0.0/16', '10.0.0.0/8'],
      ['10.1.2.0/24', '10.1.0.0/16'],
      ['192.168.0.0/16', '0.0.0.0/0'],
      ['fd00:1::/32', 'fd00::/8'],
    ] as const) {
      const c = box(child);
      const p = box(parent);
      expect(c.depth).toBe(p.depth + 1);
      expect(c.x).toBeGreaterThanOrEqual(p.x);
      expect(c.x + c.width).toBeLessThanOrEqual(p.x + p.width);
      expect(c.y).toBeGreaterThan(p.y);
      expect(c.y + c.height).toBeLessThanOrEqual(p.y + p.height);
    }
  });

  it('lays siblings out in address order', () => {
    expect(box('10.0.0.0/8').x).toBeLessThan(box('192.168.0.0/16').x);
    expect(box('10.1.0.0/16').x + box('10.1.0.0/16').width).toBeLessThanOrEqual(box('10.2.0.0/16').x);
  });

  it('leaves out the deepest levels first when there are too many prefixes', () => {
    const many = entries(['10.0.0.0/8', ...Array.from({ length: 30 }, (_, i) => `10.${i}.0.0/16`), ...Array.from({ length: 30 }, (_, i) => `10.${i}.1.0/24`)]);
    const limited = layoutAddressMap(many, 40);
    expect(limited.omitted).toBe(30);
    expect(limited.boxes.every((b) => b.entry.prefix.bits <= 16)).toBe(true);
    expect(renderAddressMap(many, 40).omitted).toBe(30);
  });

  it('renders one rect per drawn prefix, escaping its labels', () => {
    const one = [{ ...entries(['10.0.0.0/8'])[0]!, networkIds: ['<b>x</b>'] }];
    const { svg } = renderAddressMap(one);
    expect((svg.match(/<rect /g) ?? []).length).toBe(1);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;');
  });

  it('lays out a property-generated forest without overlaps between siblings', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 4, max: 32 })), { minLength: 1, maxLength: 60 }), (raw) => {
        const prefixes = raw.map(([v, bits]) => prefixFrom({ family: 4, value: BigInt(v) }, bits).text);
        const l = layoutAddressMap(entries(prefixes));
        const byDepth = new Map<number, typeof l.boxes>();
        for (const b of l.boxes) byDepth.set(b.depth, [...(byDepth.get(b.depth) ?? []), b]);
        for (const boxes of byDepth.values()) {
          const sorted = [...boxes].sort((a, b) => comparePrefix(a.entry.prefix, b.entry.prefix));
          for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.x).toBeGreaterThanOrEqual(sorted[i - 1]!.x + sorted[i - 1]!.width - EPS);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('graph layout', () => {
  const graph: GraphData = {
    groups: [
      { id: 'g1', name: 'a' },
      { id: 'g2', name: 'b' },
    ],
    sets: [
      { key: 's1', networkId: 'one', target: '10.0.0.0/8', isExit: false, severity: 'none' },
      { key: 's2', networkId: 'two', target: '10.1.0.0/16', isExit: false, severity: 'error' },
      { key: 's3', networkId: 'three', target: '<x>', isExit: false, severity: 'warning' },
    ],
    peers: [{ peer: { id: 'p1', name: 'gw' }, health: 'connected' }],
    groupEdges: [
      { from: 'g1', to: 's2', enabled: true },
      { from: 'g2', to: 's1', enabled: false },
    ],
    peerEdges: [
      { from: 's1', to: 'p1', enabled: true },
      { from: 's3', to: 'p1', enabled: true },
    ],
  };

  it('places every node once per column, without overlap', () => {
    const l = layoutGraph(graph);
    expect(l.groups.map((n) => n.id).sort()).toEqual(['g:g1', 'g:g2']);
    expect(l.sets.map((n) => n.id).sort()).toEqual(['s:s1', 's:s2', 's:s3']);
    expect(l.peers.map((n) => n.id)).toEqual(['p:p1']);
    for (const column of [l.groups, l.sets, l.peers]) for (let i = 1; i < column.length; i++) expect(column[i]!.y).toBeGreaterThan(column[i - 1]!.y + 20);
  });

  it('is deterministic and escapes labels', () => {
    const a = renderGraph(graph).svg;
    expect(renderGraph(graph).svg).toBe(a);
    expect(a).toContain('&lt;x&gt;');
    expect(a).not.toContain('<x>');
  });

  it('is not drawn beyond its size limit', () => {
    expect(renderGraph(graph, 2)).toEqual({ svg: '', tooLarge: true });
  });
});

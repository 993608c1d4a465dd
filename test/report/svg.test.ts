// The pictures: the address map's tree (default routes apart, the top level, children) against a
// brute-force containment check, its strips keep address order and never overlap, and its embedded
// data lists each level as the page script walks it; the graph places every node once, in three columns.
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphData, MapPrefix } from '../../src/report/data.js';
import { layoutGraph, renderGraph } from '../../src/report/svg-graph.js';
import { layoutAddressMap, MAP_PAGE, MAP_ROW, MAP_WIDTH, placeSiblings, renderAddressMap } from '../../src/report/svg-map.js';
import { addressTreeOf } from '../../src/report/data/address-map.js';
import { comparePrefix, mustParsePrefix, type Prefix } from '../../src/net/prefix.js';
import { containsCidr } from 'cidr-tools';
import { nestingPrefixes } from '../support/prefixes.js';

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

describe('address map tree', () => {
  it.each([
    // [prefixes, defaults, IPv4 top level, IPv6 top level, children of each node ("parent>child")]
    [['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16', '192.168.0.0/16', '::/0', 'fd00::/8', 'fd00:1::/32'], ['0.0.0.0/0', '::/0'], ['10.0.0.0/8', '192.168.0.0/16'], ['fd00::/8'], ['10.0.0.0/8>10.1.0.0/16', '10.0.0.0/8>10.2.0.0/16', '10.1.0.0/16>10.1.2.0/24', 'fd00::/8>fd00:1::/32']],
    [['0.0.0.0/0'], ['0.0.0.0/0'], [], [], []],
    [['10.0.0.0/24', '10.0.1.0/24'], [], ['10.0.0.0/24', '10.0.1.0/24'], [], []],
    [['::/0', '::/1', '::ffff:10.0.0.0/104'], ['::/0'], [], ['::/1'], ['::/1>::ffff:10.0.0.0/104']],
  ])('%j', (texts, defaults, top4, top6, children) => {
    const tree = addressTreeOf(entries(texts));
    const text = (i: number) => tree.nodes[i]!.prefix.text;
    expect(tree.defaults.map((e) => e.prefix.text)).toEqual(defaults);
    expect(tree.top[4].map(text)).toEqual(top4);
    expect(tree.top[6].map(text)).toEqual(top6);
    expect(tree.children.flatMap((c, i) => c.map((k) => `${text(i)}>${text(k)}`))).toEqual(children);
  });

  it('puts at the top exactly the prefixes no other non-default prefix contains, and each other prefix under its closest container', () => {
    fc.assert(
      fc.property(nestingPrefixes, (raw) => {
        const tree = addressTreeOf(entries(raw.map((p) => p.text)));
        const all = tree.nodes.map((e) => e.prefix);
        const containers = (p: Prefix) => all.filter((q) => q.family === p.family && q.text !== p.text && containsCidr(q.text, p.text));
        expect(tree.defaults.every((e) => e.prefix.bits === 0)).toBe(true);
        expect(all.every((p) => p.bits > 0)).toBe(true);
        for (const family of [4, 6] as const) {
          expect(tree.top[family].map((i) => all[i]!.text)).toEqual(all.filter((p) => p.family === family && containers(p).length === 0).map((p) => p.text));
        }
        all.forEach((p, i) => {
          const closest = containers(p).sort((a, b) => b.bits - a.bits)[0];
          expect(tree.parent[i]! < 0 ? undefined : all[tree.parent[i]!]!.text).toBe(closest?.text);
          expect(tree.children[i]!.map((k) => all[k]!.text)).toEqual(all.filter((q, k) => tree.parent[k] === i && containsCidr(p.text, q.text)).map((q) => q.text));
          expect(tree.nested[i]).toBe(all.filter((q) => q.family === p.family && q.text !== p.text && containsCidr(p.text, q.text)).length);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('address map layout', () => {
  /** Prefixes of one level's strip, as the page script lists them from the embedded data: each node's subtree follows it. */
  const listFrom = (nodes: readonly (readonly unknown[])[], from: number, to: number): number[] => {
    const out: number[] = [];
    for (let j = from; j < to; j += (nodes[j]![5] as number) + 1) out.push(j);
    return out;
  };
  const dataOf = (html: string) => JSON.parse(gunzipSync(Buffer.from(JSON.parse(/<script type="application\/json" id="address-map-data">(.*?)<\/script>/s.exec(html)![1]!) as string, 'base64')).toString('utf8')) as { page: number; top: Record<'4' | '6', [number, number]>; nodes: (readonly unknown[])[] };

  it('keeps each row of siblings in address order, inside the strip, without overlaps', () => {
    fc.assert(
      fc.property(nestingPrefixes, (raw) => {
        const layout = layoutAddressMap(entries(raw.map((p) => p.text)));
        const { tree } = layout;
        const lists = [tree.top[4], tree.top[6], ...tree.children];
        for (const list of lists) {
          for (let from = 0; from < list.length; from += MAP_ROW) {
            const page = list.slice(from, from + MAP_ROW);
            page.forEach((i, k) => {
              expect(layout.x[i]).toBeGreaterThanOrEqual(12 - EPS);
              expect(layout.x[i]! + layout.width[i]!).toBeLessThanOrEqual(MAP_WIDTH - 12 + EPS);
              expect(layout.width[i]).toBeGreaterThan(0);
              if (k > 0) expect(layout.x[i]).toBeGreaterThanOrEqual(layout.x[page[k - 1]!]! + layout.width[page[k - 1]!]! - EPS);
            });
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('draws the top level as markup and embeds every other prefix, listed as the page script walks them', () => {
    fc.assert(
      fc.property(nestingPrefixes, (raw) => {
        const map = entries(raw.map((p) => p.text));
        const tree = addressTreeOf(map);
        const { html, topLevel, nested } = renderAddressMap(map);
        expect(topLevel + nested + tree.defaults.length).toBe(map.length);
        const drawn = [...html.matchAll(/<g class="box [^"]*" data-i="(-?\d+)" data-prefix="([^"]+)"/g)].map((m) => m[2]);
        expect(drawn).toEqual([...tree.defaults.map((e) => e.prefix.text), ...tree.top[4].map((i) => tree.nodes[i]!.prefix.text), ...tree.top[6].map((i) => tree.nodes[i]!.prefix.text)]);
        // The data is there when the script has something to open or a page to turn.
        const needed = nested > 0 || tree.top[4].length > MAP_PAGE || tree.top[6].length > MAP_PAGE;
        expect(html.includes('id="address-map-data"')).toBe(needed);
        if (!needed) return;
        const data = dataOf(html);
        expect(data.nodes.map((n) => n[0])).toEqual(tree.nodes.map((e) => e.prefix.text));
        expect(listFrom(data.nodes, ...data.top['4'])).toEqual(tree.top[4]);
        expect(listFrom(data.nodes, ...data.top['6'])).toEqual(tree.top[6]);
        tree.children.forEach((c, i) => expect(listFrom(data.nodes, i + 1, i + 1 + (data.nodes[i]![5] as number))).toEqual(c));
      }),
      { numRuns: 100 },
    );
  });

  it('draws at most a page of boxes per strip, then a box counting the rest, in address order', () => {
    const many = entries(['10.0.0.0/8', ...Array.from({ length: 150 }, (_, i) => `10.${i}.0.0/16`), ...Array.from({ length: 150 }, (_, i) => `11.${i}.0.0/16`)]);
    const { html, topLevel, nested } = renderAddressMap(many);
    expect([topLevel, nested]).toEqual([151, 150]);
    const boxes = [...html.matchAll(/data-prefix="([^"]+)"/g)].map((m) => m[1]);
    expect(boxes).toEqual(['10.0.0.0/8', ...Array.from({ length: MAP_PAGE - 1 }, (_, i) => `11.${i}.0.0/16`)]);
    expect(/<g class="box more" data-next="(\d+)"><title>(\d+) more/.exec(html)!.slice(1)).toEqual([String(MAP_PAGE), String(151 - MAP_PAGE)]);
    const data = dataOf(html);
    expect(data.page).toBe(MAP_PAGE);
    expect(listFrom(data.nodes, ...data.top['4']).length).toBe(151);
    expect(listFrom(data.nodes, 1, 151).map((i) => data.nodes[i]![0])).toEqual(Array.from({ length: 150 }, (_, i) => `10.${i}.0.0/16`));
  });

  it('escapes labels in the markup and in the embedded data', () => {
    const two = entries(['10.0.0.0/8', '10.1.0.0/16']).map((e) => ({ ...e, networkIds: ['</script><b>x</b>'] }));
    const { html } = renderAddressMap(two);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;');
    expect(html.match(/<\/script>/g)!.length).toBe(1);
    expect(JSON.stringify(dataOf(html).nodes)).toContain('</script><b>x</b>');
  });

  it('makes the same bytes from the same prefixes', () => {
    const map = entries(['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', 'fd00::/8']);
    expect(renderAddressMap(map).html).toBe(renderAddressMap([...map]).html);
  });
});

describe('graph layout', () => {
  const graph: GraphData = {
    counts: { groups: 2, sets: 3, peers: 1 },
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

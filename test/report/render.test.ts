// The HTML and Markdown renderers: the sections and their ids, the tables, the pictures, escaping
// of everything that comes from the export, and byte-identical output for the same input.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../src/report/data.js';
import { addressTreeOf } from '../../src/report/data/address-map.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { escapeMarkdown } from '../../src/escape.js';
import { ruleDocOf } from '../../src/version.js';
import { reportOf } from './support.js';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';

const account: Bundle = {
  routes: [
    route({ id: 'r-lan', network: '10.1.0.0/16', network_id: 'lan', peer: 'p-gw1', groups: ['g-dev'], metric: 100, description: `LAN ${SCRIPT}` }),
    route({ id: 'r-lab', network: '10.1.5.0/24', network_id: `lab${ATTRIBUTE}`, peer: 'p-gw2', groups: ['g-dev'], metric: 100, description: 'pipe | and *stars* and `ticks`' }),
    route({ id: 'r-v6', network: 'fd00::/64', network_id: 'v6', peer: 'p-gw1', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-exit', network: '0.0.0.0/0', network_id: 'exit', peer: 'p-gw2', groups: ['g-dev'], metric: 100 }),
    route({ id: 'r-app', domains: ['app.example.com'], network_id: 'app', peer: 'p-gw1', groups: ['g-dev'], metric: 100 }),
  ],
  groups: [group('g-all', 'All', ['p-gw1', 'p-gw2', 'p-a']), group('g-dev', `dev ${SCRIPT}`, ['p-a'])],
  peers: [peer({ id: 'p-gw1', name: `gw1${ATTRIBUTE}`, ip: '100.64.0.1', ipv6: 'fd7a::1' }), peer({ id: 'p-gw2', name: 'gw2', ip: '100.64.0.2' }), peer({ id: 'p-a', name: 'laptop-a', ip: '100.64.1.1', ipv6: 'fd7a::2' })],
  policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
};

const { data } = reportOf(account);
const html = renderHtml(data);
const markdown = renderMarkdown(data);

/** The text between an opening tag with `marker` and its closing `</tag>` (first match, not nested). */
function element(text: string, marker: string, tag: string): string {
  const start = text.indexOf(marker);
  if (start < 0) throw new Error(`no ${marker}`);
  return text.slice(start, text.indexOf(`</${tag}>`, start) + tag.length + 3);
}

describe('HTML report', () => {
  it('has every section under its stable id, in order', () => {
    const positions = REPORT_SECTIONS.map(([id]) => html.indexOf(`<section id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('has an inventory row per route with its id and sort keys', () => {
    const table = element(html, '<table id="inventory-table"', 'table');
    const rows = [...table.matchAll(/<tr data-route-id="([^"]+)" data-order="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual(data.routes.map((r, i) => [r.id, i]));
    // Prefix keys sort by family, address and length as plain text.
    const keys = [...table.matchAll(/<td data-sort-key="([46]:[0-9:]+)"/g)].map((m) => m[1]!);
    expect(keys.length).toBe(4);
    expect(keys).toEqual([...keys].sort());
  });

  it('draws a map box per top-level and default prefix, and embeds the nested ones', () => {
    const map = element(html, '<section id="address-map"', 'section');
    const tree = addressTreeOf(data.addressMap);
    const drawn = [...map.matchAll(/<g class="box [^"]*" data-i="-?\d+" data-prefix="([^"]+)"/g)].map((m) => m[1]);
    expect(drawn).toEqual([...tree.defaults, ...tree.top[4].map((i) => tree.nodes[i]!), ...tree.top[6].map((i) => tree.nodes[i]!)].map((e) => e.prefix.text));
    const embedded = /<script type="application\/json" id="address-map-data">(.*?)<\/script>/s.exec(html);
    expect(embedded === null).toBe(tree.nodes.length === tree.top[4].length + tree.top[6].length);
    if (embedded) expect(JSON.parse(gunzipSync(Buffer.from(JSON.parse(embedded[1]!) as string, 'base64')).toString('utf8')).nodes.map((n: unknown[]) => n[0])).toEqual(tree.nodes.map((e) => e.prefix.text));
  });

  it('draws the graph with a node per group, set and peer', () => {
    const svg = element(html, 'id="graph-svg"', 'svg');
    expect((svg.match(/class="node node-group"/g) ?? []).length).toBe(data.graph.groups.length);
    expect((svg.match(/class="node node-set"/g) ?? []).length).toBe(data.graph.sets.length);
    expect((svg.match(/class="node node-peer"/g) ?? []).length).toBe(data.graph.peers.length);
    expect((svg.match(/<path d="M/g) ?? []).length).toBe(data.graph.groupEdges.length + data.graph.peerEdges.length);
  });

  it('loads nothing from anywhere: no external URL, and a policy that allows only its own style and script', () => {
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\(|@import|<link\b|<img\b|<iframe\b/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(scripts[0]!)}`);
  });

  it('escapes text from the export: a script in a description or a name is inert', () => {
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img');
    expect(html).toContain('LAN &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('gw1&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    // The only script that runs is the page's own; the others hold inert JSON data.
    expect(html.match(/<script(?! type="application\/json")/g)).toHaveLength(1);
  });

  it('is byte-identical for the same export', () => {
    expect(renderHtml(reportOf(account).data)).toBe(html);
  });
});

/** The rows of the GitHub table right under `## heading`, as arrays of cells (header first). */
function markdownTable(text: string, heading: string): string[][] {
  const section = text.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`no section ${heading}`);
  const lines = section.split('\n').filter((l) => l.startsWith('| '));
  return lines.filter((_, i) => i !== 1).map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
}

describe('Markdown report', () => {
  it('has the sections as headings whose anchors are the HTML ids', () => {
    const slug = (h: string) => h.toLowerCase().replace(/\s+/g, '-');
    const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => slug(m[1]!));
    expect(headings).toEqual(REPORT_SECTIONS.map(([id]) => id));
  });

  it('has an inventory row per route, with its id', () => {
    const rows = markdownTable(markdown, 'Inventory');
    expect(rows[0]![0]).toBe('network_id');
    expect(rows.slice(1).map((r) => r[r.length - 1])).toEqual(data.routes.map((r) => `\`${r.id}\``));
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
  });

  it('has a summary table with the counts', () => {
    const rows = Object.fromEntries(markdownTable(markdown, 'Summary').slice(1).map((r) => [r[0], r[1]]));
    expect(rows['Routes']).toBe(`${data.summary.routes} (${data.summary.enabledRoutes} enabled)`);
    expect(rows['Exit nodes']).toBe(String(data.summary.exitNodes));
    expect(rows['Errors']).toBe(String(data.summary.findings.error));
  });

  it('has a row per routing peer of each HA set and a row per reachability outcome', () => {
    const ha = markdownTable(markdown, 'HA sets');
    expect(ha.length - 1).toBe(data.haSets.reduce((n, s) => n + Math.max(1, s.members.length), 0));
    const reach = markdownTable(markdown, 'Reachability');
    const outcomes = data.reachability.rows.flatMap((r) => r.cells.flatMap((c) => (c ? c.outcomes : [])));
    expect(reach.length - 1).toBe(outcomes.length);
  });

  it('leaves the pictures out', () => {
    for (const heading of ['Address map', 'Graph']) {
      const section = markdown.split(/^## /m).find((s) => s.startsWith(`${heading}\n`))!;
      expect(section).not.toMatch(/<svg|\| /);
    }
  });

  it('escapes text from the export: no raw HTML, no broken table cells', () => {
    expect(markdown).not.toContain(SCRIPT);
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('&lt;script&gt;');
    const lab = markdownTable(markdown, 'Inventory').find((r) => r.includes('`r-lab`'))!;
    expect(lab).toHaveLength(markdownTable(markdown, 'Inventory')[0]!.length);
    expect(lab).toContain('pipe \\| and \\*stars\\* and \\`ticks\\`');
  });

  it('is byte-identical for the same export', () => {
    expect(renderMarkdown(reportOf(account).data)).toBe(markdown);
  });
});

describe('rule documentation and links', () => {
  const HOMEPAGE = 'https://github.com/example/routelint';
  const withDocs = reportOf(account, { ruleDoc: ruleDocOf }).data;
  const page = renderHtml(withDocs);

  it('embeds the documentation of every rule it names, and links each rule to it', () => {
    expect(withDocs.ruleDocs.length).toBeGreaterThan(0);
    for (const { ruleId } of withDocs.ruleDocs) {
      expect(page).toContain(`<article class="card rule-doc" id="rule-doc-${ruleId}" data-rule-id="${ruleId}">`);
      expect(element(page, `id="rule-doc-${ruleId}"`, 'article')).toContain(`>${ruleId}</h3>`);
    }
    for (const g of withDocs.findings.filter((f) => f.ruleId !== null)) expect(page).toContain(`<a class="rule-id" href="#rule-doc-${g.ruleId}">`);
  });

  it('has no link that leads nowhere: in-page targets, or pages under the homepage', () => {
    const hrefs = (text: string) => [...text.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs(page).filter((h) => !h.startsWith('#'))).toEqual([]);
    const withHomepage = renderHtml(reportOf(account, { ruleDoc: ruleDocOf, homepage: HOMEPAGE }).data);
    expect(hrefs(withHomepage).filter((h) => !h.startsWith('#') && !h.startsWith(`${HOMEPAGE}/blob/HEAD/docs/`))).toEqual([]);
  });

  it('shows raw HTML and images of a page as text, as the policy expects', () => {
    const hostile = '# unknown-peer\n\n<script>alert(3)</script>\n\n![pic](https://example.com/x.png) [other](unknown-group.md) [js](javascript:alert(4))\n';
    const text = renderHtml(reportOf(account, { ruleDoc: () => hostile }).data);
    const doc = element(text, 'class="card rule-doc"', 'article');
    expect(doc).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(doc).not.toMatch(/<img|javascript:/);
    expect(text.match(/<script(?! type="application\/json")/g)).toHaveLength(1);
  });

  it('puts each explanation under its finding, in HTML and in Markdown', () => {
    const f = withDocs.findings[0]!.findings[0]!;
    expect(f.explanation).toBeTruthy();
    expect(page).toContain(`<div class="explanation">`);
    const md = renderMarkdown(withDocs);
    expect(md).toContain(`<br>${escapeMarkdown(f.explanation!)}`);
    expect(md).not.toMatch(/\]\(docs\/rules\//);
    expect(renderMarkdown(reportOf(account, { homepage: HOMEPAGE }).data)).toContain(`](${HOMEPAGE}/blob/HEAD/docs/rules/`);
  });
});

describe('a finding with more related routes than lint lists', () => {
  // metric-conflict: a tie of 150 routes in one HA set; each finding lists 100 others and counts 149.
  const tie: Bundle = { routes: Array.from({ length: 150 }, (_, i) => route({ id: `r${String(i).padStart(3, '0')}`, network_id: 'office', peer: `p${i}`, masquerade: false, metric: 100, groups: ['g-all'] })) };
  const { data } = reportOf(tie);
  const finding = data.findings.flatMap((g) => g.findings).find((f) => f.routeId === 'r000' && f.messageId === 'equalMetricNoMasquerade')!;

  it('keeps the count beside the listed ids, and the page shows how many are not listed', () => {
    expect([finding.relatedRouteIds.length, finding.relatedRoutesTotal]).toEqual([100, 149]);
    const page = renderHtml(data);
    const row = page.slice(page.indexOf('data-route-id="r000" data-message-id="equalMetricNoMasquerade"'));
    const related = row.slice(row.indexOf('title="related routes"'), row.indexOf('</div>', row.indexOf('title="related routes"')));
    expect(related).toContain('r100');
    expect(related).not.toContain('r101');
    expect(related).toMatch(/\b49\b/);
  });
});

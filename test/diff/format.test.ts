// The renderers are pure functions of the diff: Markdown cells stay cells, and each format says
// what the exit code says.
import { describe, expect, it } from 'vitest';
import { formatDiffMarkdown } from '../../src/format/diff-markdown.js';
import { escapeMarkdown as cell } from '../../src/escape.js';
import { formatDiffText, headline } from '../../src/format/diff-text.js';
import { formatDiffJson } from '../../src/format/diff-json.js';
import { group, peer, policy, route } from '../support/api.js';
import { diffBundles } from '../support/diff.js';

describe('markdown cells', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['*.example.com, *.example.net', '\\*.example.com, \\*.example.net'],
    ['<script>', '&lt;script&gt;'],
    ['two\nlines', 'two\\\\nlines'],
    ['[link](x)', '\\[link\\](x)'],
  ])('%j → %j', (input, output) => expect(cell(input)).toBe(output));

  it('keeps a table row one row when a group name has a pipe and a newline', () => {
    const bundle = (metric: number) => ({
      routes: [route({ id: 'r-1', network: '10.1.0.0/16', peer: metric === 100 ? 'p-gw1' : 'p-gw2', metric, groups: ['g-x'] })],
      groups: [group('g-x', 'ops | night\nshift', ['p-a']), group('g-all', 'All', ['p-a', 'p-gw1', 'p-gw2'])],
      peers: [peer({ id: 'p-a', ip: '100.64.0.1' }), peer({ id: 'p-gw1', ip: '100.64.0.2' }), peer({ id: 'p-gw2', ip: '100.64.0.3' })],
      policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
    });
    const md = formatDiffMarkdown(diffBundles(bundle(100), bundle(200)));
    const row = md.split('\n').find((l) => l.startsWith('| `10.1.0.0/16`'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });
});

describe('every format from one diff', () => {
  const same = { routes: [route({ id: 'r-1' })] };
  const d = diffBundles(same, { routes: [route({ id: 'r-1', description: 'x' })] });

  it('says behaviour was not compared without groups and peers', () => {
    expect(d.summary.routingChanged).toBe(false);
    expect(headline(d)).toMatch(/exit code 0/);
    expect(formatDiffText(d)).toContain('Routing behaviour: not compared');
    expect(formatDiffMarkdown(d).split('\n')[0]).toBe('### routelint diff: no route changes that can affect routing (behaviour not compared)');
    expect(JSON.parse(formatDiffJson(d)).summary.behaviourCompared).toBe(false);
  });
});

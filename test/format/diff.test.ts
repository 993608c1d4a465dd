// The diff renderers over every diff fixture: JSON is the diff itself; text and Markdown show each
// change once, in the diff's order, under its section, and carry the kinds and ids of the data.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diff } from '../../src/diff/types.js';
import { formatDiffJson } from '../../src/format/diff-json.js';
import { formatDiffMarkdown } from '../../src/format/diff-markdown.js';
import { formatDiffText, headline } from '../../src/format/diff-text.js';
import { route } from '../support/api.js';
import { ROOT } from '../support/build.js';
import { diffBundles, diffFixture } from '../support/diff.js';

const FIXTURES = readdirSync(join(ROOT, 'fixtures', 'diff')).sort();
const diffs: [string, Diff][] = FIXTURES.map((name) => [name, diffFixture(name)]);

/** The lines of a section of the text format: from its title line to the next blank line. */
function textSection(text: string, title: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => title.test(l));
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The body rows of the Markdown table under `#### title`, split into cells. */
function markdownTable(md: string, title: string): string[][] {
  const lines = md.split('\n');
  const start = lines.indexOf(`#### ${title}`);
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#### ')) break;
    if (!line.startsWith('| ')) continue;
    rows.push(line.slice(2, -2).split(/ (?<!\\)\| /));
  }
  return rows.slice(1); // the header; the separator row starts with `|-`
}

describe.each(diffs)('fixtures/diff/%s', (_, diff) => {
  it('json: the diff, on one line', () => {
    const text = formatDiffJson(diff);
    expect(text.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(diff)));
  });

  const text = formatDiffText(diff);

  it('text: the headline second, then each section with one line per change', () => {
    expect(text.split('\n')[1]).toBe(headline(diff));
    if (diff.summary.behaviourCompared) {
      // Each change is followed by the account changes that caused it, when there are some.
      const changeLines = (re: RegExp) => textSection(text, re).filter((l) => !/^\s+caused by: /.test(l));
      expect(changeLines(/^Routing behaviour \(/).map((l) => l.trim().split(/\s+/)[0])).toEqual(diff.behaviour.map((c) => c.kind));
      expect(changeLines(/^Exit nodes \(/).map((l) => l.trim().split(/\s+/)[0])).toEqual(diff.exitNodes.map((c) => c.kind));
      expect(textSection(text, /^Routing behaviour \(/).filter((l) => /^\s+caused by: /.test(l))).toHaveLength(diff.behaviour.filter((c) => c.causes.length > 0).length);
      expect(textSection(text, /^Account: /).map((l) => l.trim().split(' ').slice(0, 2))).toEqual([
        ...diff.account.groups.map((g) => [{ added: '+', removed: '-', changed: '~' }[g.change], 'group']),
        ...diff.account.peers.map((p) => [{ added: '+', removed: '-', changed: '~' }[p.change], 'peer']),
        ...diff.account.policies.map((p) => [{ added: '+', removed: '-', changed: '~' }[p.change], 'policy']),
      ]);
    }
    expect(textSection(text, /^Findings: /).map((l) => l.trim().split(' ').slice(0, 3))).toEqual([
      ...diff.findings.introduced.map((f) => ['+', f.severity, f.ruleId]),
      ...diff.findings.fixed.map((f) => ['-', f.severity, f.ruleId]),
    ]);
    const routeLines = textSection(text, /^Routes: /).filter((l) => /^ {2}[+~-] /.test(l));
    expect(routeLines.map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ...diff.routes.added.map((r) => ['+', r.id]),
      ...diff.routes.removed.map((r) => ['-', r.id]),
      ...diff.routes.changed.map((r) => ['~', r.id]),
    ]);
  });

  const md = formatDiffMarkdown(diff);

  it('markdown: a table row per change, with the kinds and ids of the data', () => {
    expect(md.startsWith('### routelint diff: ')).toBe(true);
    expect(markdownTable(md, 'Routing behaviour').map((row) => row[3])).toEqual(diff.behaviour.map((c) => `\`${c.kind}\``));
    expect(markdownTable(md, 'Groups, peers and policies').map((row) => [row[0], row[1], row[2]])).toEqual([
      ...diff.account.groups.map((g) => ['group', `\`${g.group.id}\``, g.change]),
      ...diff.account.peers.map((p) => ['peer', `\`${p.peer.id}\``, p.change]),
      ...diff.account.policies.map((p) => ['policy', `\`${p.policy.id}\``, p.change]),
    ]);
    expect(markdownTable(md, 'Exit nodes (auto-applied)').map((row) => row[2])).toEqual(diff.exitNodes.map((c) => `\`${c.kind}\``));
    const sets = diff.haSets;
    expect(markdownTable(md, 'HA sets').map((row) => row[0])).toEqual([...sets.renamed.map(() => 'renamed'), ...sets.added.map(() => 'added'), ...sets.removed.map(() => 'removed')]);
    expect(markdownTable(md, 'Findings introduced').map((row) => row[1])).toEqual(diff.findings.introduced.map((f) => `\`${f.ruleId}\``));
    expect(markdownTable(md, 'Findings fixed').map((row) => row[1])).toEqual(diff.findings.fixed.map((f) => `\`${f.ruleId}\``));
    expect(markdownTable(md, 'Routes').map((row) => [row[0], row[3], row[4]])).toEqual([
      ...diff.routes.added.map((r) => [`\`${r.id}\``, 'added', '']),
      ...diff.routes.removed.map((r) => [`\`${r.id}\``, 'removed', '']),
      ...diff.routes.changed.flatMap((r) => r.fields.map((f) => [`\`${r.id}\``, 'changed', `\`${f.field}\``])),
    ]);
  });
});

describe('markdown folding', () => {
  const many = (n: number) => ({ routes: Array.from({ length: n }, (_, i) => route({ id: `r-${String(i).padStart(2, '0')}`, network: `10.${i}.0.0/16` })) });

  it.each([
    [10, false],
    [11, true],
  ])('with %i route changes, folded: %s', (added, folded) => {
    const md = formatDiffMarkdown(diffBundles({ routes: [route({ id: 'keep' })] }, { routes: [route({ id: 'keep' }), ...many(added).routes] }));
    expect(markdownTable(md, 'Routes')).toHaveLength(added);
    expect(md.includes(`<details><summary>${added} route changes</summary>`)).toBe(folded);
  });
});

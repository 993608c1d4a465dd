// Readable output (#18): short messages with their explanation carried by every format, stylish
// wrapping at a given width without breaking a word, rule documentation in SARIF, and rule links
// that lead somewhere outside this repository.
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { portableRuleDoc, resolveDocLink } from '../../src/engine/docs.js';
import { docsUrlOf } from '../../src/engine/rule.js';
import { formatGithub } from '../../src/format/github.js';
import { formatJson } from '../../src/format/json.js';
import { formatJunit } from '../../src/format/junit.js';
import { formatSarif } from '../../src/format/sarif.js';
import { formatStylish, UNWRAPPED_MESSAGE_COLUMN } from '../../src/format/stylish.js';
import { ruleDocOf } from '../../src/version.js';
import { finding, resultOf } from '../support/results.js';
import { sarifValidator } from '../support/sarif.js';

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const HOMEPAGE = 'https://github.com/example/routelint#readme';

const long = finding({
  ruleId: 'masquerade-off-needs-return',
  messageId: 'severalPeers',
  severity: 1,
  line: 12,
  column: 19,
  message: 'Masquerade is off on office-berlin with 2 routing peers: replies may return to the wrong one',
  explanation: 'Hosts in 10.20.0.0/16 see overlay source addresses and need a route for 100.92.0.0/16 back to the routing peer a client uses.',
});
const short = finding({ line: 140, column: 7, message: 'Routing peer "p-x" is not in the peers export', explanation: 'The API refuses such a route with 422.' });
const results = [resultOf('exports/a.json', [long, short])];
const context = { rules, toolVersion: '9.9.9' };

/** The lines of one finding: its first line (with the rule id) and the continuation lines under it. */
function findingBlock(text: string, ruleId: string): string[] {
  const lines = plain(text).split('\n');
  const start = lines.findIndex((l) => l.trimEnd().endsWith(ruleId));
  const block = [lines[start]!];
  for (const l of lines.slice(start + 1)) {
    if (!/^\s{6,}\S/.test(l)) break;
    block.push(l);
  }
  return block;
}

describe('stylish', () => {
  it.each([50, 72, 90, 120])('wraps at %i columns between words, never inside one', (width) => {
    const text = plain(formatStylish(results, { ...context, width, verbose: true }));
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(Math.max(width, 2 + 1 + 2 + 6 + 2 + 40 + 2 + 'masquerade-off-needs-return'.length));
    const block = findingBlock(text, 'masquerade-off-needs-return').map((l) => l.replace('masquerade-off-needs-return', '').trim());
    // Every word of the message and the explanation is whole on some line, in order.
    const words = block.join(' ').split(/\s+/).filter(Boolean);
    expect(words).toEqual(['⚠', '12:19', ...`${long.message} ${long.explanation}`.split(' ')]);
    // It did wrap: the message column is narrower than the message.
    if (width < 100) expect(block.length).toBeGreaterThan(2);
  });

  it('keeps each finding on one line without a width, and caps the rule id column', () => {
    const wide = finding({ line: 3, message: `${'x'.repeat(150)} end`, ruleId: 'unknown-peer' });
    const text = plain(formatStylish([resultOf('exports/a.json', [long, short, wide])], context));
    const findingLines = text.split('\n').filter((l) => /^\s+[⚠✖]\s+\d+:\d+/.test(l));
    expect(findingLines).toHaveLength(3);
    const ruleColumns = findingLines.filter((l) => !l.includes('x'.repeat(150))).map((l) => l.search(/(masquerade-off-needs-return|unknown-peer)$/));
    expect(new Set(ruleColumns).size).toBe(1);
    expect(ruleColumns[0]).toBeLessThanOrEqual(2 + 1 + 2 + 6 + 2 + UNWRAPPED_MESSAGE_COLUMN + 2);
    // No explanation without --verbose.
    expect(text).not.toContain(long.explanation);
  });

  it('prints the explanation under its finding with --verbose', () => {
    const block = findingBlock(formatStylish(results, { ...context, verbose: true }), 'masquerade-off-needs-return');
    expect(block).toHaveLength(2);
    expect(block[1]!.trim()).toBe(long.explanation);
  });
});

describe('the explanation in every machine format', () => {
  it('json carries it as a field of the finding', () => {
    expect(JSON.parse(formatJson(results, context))[0].messages.map((m: { explanation: string }) => m.explanation)).toEqual([long.explanation, short.explanation]);
  });

  it('sarif puts it after the short message, which stays the first sentence', () => {
    const texts = JSON.parse(formatSarif(results, context)).runs[0].results.map((r: { message: { text: string } }) => r.message.text);
    expect(texts).toEqual([`${long.message}. ${long.explanation}`, `${short.message}. ${short.explanation}`]);
  });

  it('github annotations carry it after a blank line', () => {
    const first = formatGithub(results, context).split('\n')[0]!;
    expect(first.split('::')[2]).toBe(`${long.message}%0A%0A${long.explanation}`);
  });

  it('junit failures carry it in their body', () => {
    expect(formatJunit(results, context)).toContain(`(masquerade-off-needs-return)\n${long.explanation}</failure>`);
  });
});

describe('rule documentation links', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['not a url', null],
    ['ftp://example.com/routelint', null],
    ['https://github.com/example/routelint', 'https://github.com/example/routelint/blob/HEAD/docs/rules/metric-conflict.md'],
    ['https://github.com/example/routelint#readme', 'https://github.com/example/routelint/blob/HEAD/docs/rules/metric-conflict.md'],
    ['https://routelint.example.org/', 'https://routelint.example.org/docs/rules/metric-conflict.md'],
    ['https://example.org/tools/routelint', 'https://example.org/tools/routelint/docs/rules/metric-conflict.md'],
  ])('homepage %j: %j', (homepage, url) => {
    expect(docsUrlOf('metric-conflict', homepage)).toBe(url);
  });

  it('resolves relative links of a page under the homepage, or drops them to text', () => {
    const md = 'See [exit-node-masquerade](exit-node-masquerade.md), [§3](../netbird-behaviour.md#s3) and [NetBird](https://netbird.io).';
    expect(portableRuleDoc('metric-conflict', md, { homepage: HOMEPAGE })).toBe(
      'See [exit-node-masquerade](https://github.com/example/routelint/blob/HEAD/docs/rules/exit-node-masquerade.md), [§3](https://github.com/example/routelint/blob/HEAD/docs/netbird-behaviour.md#s3) and [NetBird](https://netbird.io).',
    );
    expect(portableRuleDoc('metric-conflict', md, {})).toBe('See exit-node-masquerade, §3 and [NetBird](https://netbird.io).');
    expect(resolveDocLink('metric-conflict', 'javascript:alert(1)', { homepage: HOMEPAGE })).toBeNull();
  });
});

describe('sarif rule help', () => {
  const log = (homepage?: string) => JSON.parse(formatSarif(results, { ...context, homepage, ruleDoc: ruleDocOf }));

  it('is each rule\'s full documentation, with helpUri under the homepage, and valid SARIF', () => {
    const withHomepage = log(HOMEPAGE);
    const validate = sarifValidator();
    expect(validate(withHomepage), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const rule of withHomepage.runs[0].tool.driver.rules as { id: string; help: { text: string; markdown: string }; helpUri: string }[]) {
      const doc = ruleDocOf(rule.id)!;
      expect(doc, rule.id).not.toBeNull();
      expect(rule.help.markdown).toBe(portableRuleDoc(rule.id, doc, { homepage: HOMEPAGE }));
      expect(rule.help.markdown.startsWith(`# ${rule.id}\n`)).toBe(true);
      expect(rule.help.text).toBe(rule.help.markdown);
      expect(rule.helpUri).toBe(`https://github.com/example/routelint/blob/HEAD/docs/rules/${rule.id}.md`);
      // No link is left relative.
      for (const [, href] of rule.help.markdown.matchAll(/\]\(([^)]+)\)/g)) expect(href, rule.id).toMatch(/^https:\/\//);
    }
  });

  it('has no helpUri and no relative links without a homepage', () => {
    for (const rule of log().runs[0].tool.driver.rules as { id: string; help: { markdown: string }; helpUri?: string }[]) {
      expect(rule.helpUri).toBeUndefined();
      for (const [, href] of rule.help.markdown.matchAll(/\]\(([^)]+)\)/g)) expect(href, rule.id).toMatch(/^https:\/\//);
    }
  });
});

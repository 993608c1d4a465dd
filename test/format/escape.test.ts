// The escapers for XML, HTML and Markdown: markup characters become entities, and all of them
// treat characters XML 1.0 cannot carry alike (U+FFFD in their place).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode, xmlChars, xmlText } from '../../src/escape.js';

describe('characters XML 1.0 cannot carry', () => {
  it.each([
    ['a\u0000b', 'a\ufffdb'],
    ['bell\u0007', 'bell\ufffd'],
    ['esc\u001b[31m', 'esc\ufffd[31m'],
    ['lone \ud800 surrogate', 'lone \ufffd surrogate'],
    ['lone \udc00 low surrogate', 'lone \ufffd low surrogate'],
    ['\ufffe\uffff', '\ufffd\ufffd'],
    // Allowed: tab, newline, carriage return, DEL, C1 controls, astral characters.
    ['tab\there\nnew\rline', 'tab\there\nnew\rline'],
    ['del\u007f c1\u0085', 'del\u007f c1\u0085'],
    ['😀 \u{10ffff}', '😀 \u{10ffff}'],
  ])('xmlChars(%j)', (input, output) => {
    expect(xmlChars(input)).toBe(output);
  });

  it.each([xmlText, escapeHtml, escapeMarkdown, markdownCode].map((f) => [f.name, f] as const))('%s replaces them as xmlChars does', (_, escape) => {
    const input = 'x\u0001y\ud800z\uffff';
    expect(escape(input)).toContain('x\ufffdy\ufffdz\ufffd');
  });

  it('keeps a document with every C0 control well formed', () => {
    const text = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const doc = `<a b="${xmlText(text)}">${xmlText(text)}</a>`;
    expect(XMLValidator.validate(doc)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', trimValues: false }).parse(doc) as { a: { b: string } };
    expect([...parsed.a.b].filter((c) => c === '\ufffd')).toHaveLength(29);
  });
});

describe('markup characters', () => {
  it.each([
    ['<b>&"\'', '&lt;b&gt;&amp;&quot;&apos;'],
    ['plain', 'plain'],
  ])('xmlText(%j)', (input, output) => {
    expect(xmlText(input)).toBe(output);
  });

  it.each([
    ['<b>&"\'', '&lt;b&gt;&amp;&quot;&#39;'],
    ['😀', '😀'],
  ])('escapeHtml(%j)', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });

  it.each([
    ['network_id', 'network_id'],
    ['_emphasis_', '\\_emphasis\\_'],
    ['a|b', 'a\\|b'],
    ['[link](x)', '\\[link\\](x)'],
    ['two\nlines', 'two lines'],
    ['<i>x</i>', '&lt;i&gt;x&lt;/i&gt;'],
    ['*.example.com, *.example.net', '\\*.example.com, \\*.example.net'],
  ])('escapeMarkdown(%j)', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it.each([
    ['10.0.0.0/8', '`10.0.0.0/8`'],
    ['a`b', '``a`b``'],
    ['`x', '`` `x ``'],
    ['a|b', '`a\\|b`'],
    ['', ''],
  ])('markdownCode(%j)', (input, output) => {
    expect(markdownCode(input)).toBe(output);
  });
});

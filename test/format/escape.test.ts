// The escapers for XML, HTML and Markdown: markup characters become entities, and all of them
// treat characters XML 1.0 cannot carry alike (U+FFFD in their place).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode, terminalLines, terminalText, TEXT_CUT_LENGTH, xmlChars, xmlText } from '../../src/escape.js';

describe('text for a terminal or a CI log', () => {
  it.each([
    ['plain name', 'plain name'],
    ['ESC[2J clear\u001b[2J', 'ESC[2J clear\\x1b[2J'],
    ['\u001b]52;c;aGk=\u0007', '\\x1b]52;c;aGk=\\x07'],
    ['\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', '\\x1b]8;;http://x\\x1b\\link\\x1b]8;;\\x1b\\'],
    ['a\r\nb\tc', 'a\\r\\nb\\tc'],
    ['nul\u0000 del\u007f', 'nul\\x00 del\\x7f'],
    ['c1 \u0085 csi \u009b31m', 'c1 \\x85 csi \\x9b31m'],
    ['\u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c', '\\u202eevil\\u202c \\u2066x\\u2069 \\u200e\\u200f\\u061c'],
    ['line\u2028para\u2029', 'line\\u2028para\\u2029'],
    // Shown as they are: printable text, backslashes, astral characters, non-breaking space.
    ['C:\\x1b 😀 \u00a0é', 'C:\\x1b 😀 \u00a0é'],
  ])('terminalText(%j)', (input, output) => {
    expect(terminalText(input)).toBe(output);
  });

  it('leaves no control character, and escaping twice changes nothing', () => {
    const every = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('') + '\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    const once = terminalText(every, Number.POSITIVE_INFINITY);
    expect(once).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(terminalText(once, Number.POSITIVE_INFINITY)).toBe(once);
  });

  // How long the cut takes is not asserted here (a timed test fails on a loaded machine): the
  // cut reads only the value's two ends, which terminalText's comment and code state.
  it('cuts a long value to its start and end around a marker with its length', () => {
    const id = `${'a'.repeat(3_000_000)}${'b'.repeat(2_000_000)}`;
    const shown = terminalText(id);
    expect(shown).toBe(`${'a'.repeat(750)}…[cut: 5000000 characters]…${'b'.repeat(250)}`);
    expect(terminalText('x'.repeat(TEXT_CUT_LENGTH))).toBe('x'.repeat(TEXT_CUT_LENGTH));
    expect(terminalText('x'.repeat(TEXT_CUT_LENGTH + 1))).toMatch(/^x{750}…\[cut: 1001 characters\]…x{250}$/);
    expect(terminalText('abcdefghij', 8)).toBe('abcdef…[cut: 10 characters]…ij');
  });

  it('measures the cut on the visible form and splits neither an escape nor a surrogate pair', () => {
    // 300 ESC characters show as 1,200: cut, whole escapes only.
    const escs = terminalText('\u001b'.repeat(300));
    expect(escs).toBe(`${'\\x1b'.repeat(187)}…[cut: 300 characters]…${'\\x1b'.repeat(62)}`);
    const emoji = terminalText('😀'.repeat(600));
    expect(emoji).toBe(`${'😀'.repeat(375)}…[cut: 1200 characters]…${'😀'.repeat(125)}`);
    // Room for 5 and 1 characters: `x\nx` and nothing, not `x\nx\` and `n`.
    expect(terminalText('x\n'.repeat(10), 6)).toBe('x\\nx…[cut: 20 characters]…');
  });

  it('joins lines escaped one by one, never cut', () => {
    expect(terminalLines(['a\nb', 'x'.repeat(2000)])).toBe(`a\\nb\n${'x'.repeat(2000)}`);
  });
});

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
    const input = 'y\ud800z\uffff';
    expect(escape(input)).toContain('y\ufffdz\ufffd');
  });

  it('shows C0 controls as visible escapes in Markdown (as on a terminal), as U+FFFD in markup', () => {
    expect([xmlText('x\u0001'), escapeHtml('x\u0001'), escapeMarkdown('x\u0001'), markdownCode('x\u0001')]).toEqual(['x\ufffd', 'x\ufffd', 'x\\\\x01', '`x\\x01`']);
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
    ['two\nlines', 'two\\\\nlines'],
    ['esc\u001b[2J', 'esc\\\\x1b\\[2J'],
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
    ['a\nb\u202e', '`a\\nb\\u202e`'],
    ['', ''],
  ])('markdownCode(%j)', (input, output) => {
    expect(markdownCode(input)).toBe(output);
  });
});

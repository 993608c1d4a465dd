// Escaping for every output that carries text from an export. The export is untrusted, so no
// text from it may become markup or a terminal command.
// - Text for a terminal or a CI log (stylish, simulate, test and diff text, stderr, and Markdown,
//   which starts from it): `terminalText` shows control characters, line breaks and bidi
//   controls as visible escapes and cuts long values. Renderers call it on each value they show;
//   the data (JSON, SARIF) keeps the raw value.
// - Markup (JUnit XML, the report's HTML and SVG, Markdown tables): markup characters become
//   entities, and characters XML 1.0 cannot carry at all (C0 controls but tab, newline and
//   carriage return; lone surrogates; U+FFFE and U+FFFF) become U+FFFD, so the reader sees that
//   something was there and the document stays well formed.

/**
 * Characters a terminal or a CI log would act on instead of showing: C0 controls (ESC, BEL, NUL,
 * and TAB, LF, CR, which break or move a line: a line break lets a value start a line of its own,
 * such as a GitHub Actions `::workflow-command::`), DEL, C1 controls (U+0080 to U+009F; U+009B is
 * an 8-bit CSI), the bidi marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
 * U+202A to U+202E, U+2066 to U+2069), and the line and paragraph separators U+2028 and U+2029.
 */
const TERMINAL_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_TERMINAL_CONTROL = new RegExp(TERMINAL_CONTROL.source);

/**
 * Longest visible form of one value in text output, in characters. A longer one is cut: its
 * first three quarters and last quarter are kept around a marker with the value's full length.
 */
export const TEXT_CUT_LENGTH = 1000;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible escape of one control character: `\n`, `\r`, `\t`, `\x1b`, `\u202e`. */
function controlEscape(c: string): string {
  const named = NAMED_ESCAPES[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function escapeControls(text: string): string {
  return text.replace(TERMINAL_CONTROL, controlEscape);
}

/** The visible form of the start (or, `fromEnd`, the end) of `text`, at most `budget` characters, no escape or surrogate pair split. */
function visibleEdge(text: string, budget: number, fromEnd: boolean): string {
  // Every character shows as at least one: `budget` of them (plus one for a surrogate pair) are enough.
  const raw = fromEnd ? text.slice(-budget - 1) : text.slice(0, budget + 1);
  const chars = Array.from(raw);
  if (fromEnd) chars.reverse();
  const pieces: string[] = [];
  let used = 0;
  for (const c of chars) {
    const piece = HAS_TERMINAL_CONTROL.test(c) ? controlEscape(c) : c;
    if (used + piece.length > budget) break;
    pieces.push(piece);
    used += piece.length;
  }
  if (fromEnd) pieces.reverse();
  return pieces.join('');
}

/**
 * Text from an export as a terminal or a CI log may show it: every character of
 * `TERMINAL_CONTROL` as a visible escape (`\x1b`, `\n`, `\u202e`), and, when that is longer than
 * `max` characters, cut to its start and end around `…[cut: N characters]…`, N the length of
 * `text`. Backslashes stay as they are, so the result never holds a control character and
 * escaping it again changes nothing; JSON output carries the raw value. The cost is bounded by
 * `max`, not by the length of `text`. `max` Infinity: escape only, never cut.
 */
export function terminalText(text: string, max = TEXT_CUT_LENGTH): string {
  if (text.length <= max) {
    if (!HAS_TERMINAL_CONTROL.test(text)) return text;
    const escaped = escapeControls(text);
    if (escaped.length <= max) return escaped;
  }
  const head = Math.ceil((max * 3) / 4);
  return `${visibleEdge(text, head, false)}…[cut: ${text.length} characters]…${visibleEdge(text, max - head, true)}`;
}

/** Lines for a terminal: each through `terminalText` without a cut (a net under the values a renderer cut already), joined by line ends. */
export function terminalLines(lines: readonly string[]): string {
  return lines.map((line) => terminalText(line, Number.POSITIVE_INFINITY)).join('\n');
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** The text with every character XML 1.0 does not allow replaced by U+FFFD. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '\ufffd');
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// HTML 4 has no &apos;: the numeric reference works everywhere.
const HTML_ENTITIES: Record<string, string> = { ...XML_ENTITIES, "'": '&#39;' };

/** Text for XML content and attribute values. */
export function xmlText(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** Text for HTML or SVG content and attribute values (quoted with "). */
export function escapeHtml(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Text for one cell of a GitHub-flavoured Markdown table: first as for a terminal (`terminalText`:
 * controls and line breaks as visible escapes, a long value cut), then `|` escaped, HTML special
 * characters as entities (Markdown passes raw HTML through), and the punctuation that opens
 * emphasis, links, code or strikethrough escaped, so a name never turns into markup.
 */
export function escapeMarkdown(text: string): string {
  return xmlChars(terminalText(text))
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    // An underscore between two letters or digits never starts emphasis (network_id stays as is).
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/**
 * Inline code in Markdown for ids and prefixes (as for a terminal first, see `terminalText`): a
 * backtick run longer than any inside. Empty text stays empty: Markdown has no empty code span
 * (`` would show as two backticks).
 */
export function markdownCode(text: string): string {
  if (text === '') return '';
  const clean = xmlChars(terminalText(text)).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

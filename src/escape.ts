// Escaping for every format that carries text from an export inside markup: JUnit XML, the
// report's HTML and SVG, Markdown tables. The export is untrusted, so no text from it may become
// markup, and all of them share one policy for characters XML 1.0 cannot carry at all (C0
// controls but tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF): each
// becomes U+FFFD, so the reader sees that something was there and the document stays well formed.

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
 * Text for one cell of a GitHub-flavoured Markdown table: no line breaks, `|` escaped, HTML
 * special characters as entities (Markdown passes raw HTML through), and the punctuation that
 * opens emphasis, links, code or strikethrough escaped, so a name never turns into markup.
 */
export function escapeMarkdown(text: string): string {
  return xmlChars(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    // An underscore between two letters or digits never starts emphasis (network_id stays as is).
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/**
 * Inline code in Markdown for trusted-shape text (ids, prefixes): a backtick run longer than any
 * inside. Empty text stays empty: Markdown has no empty code span (`` would show as two backticks).
 */
export function markdownCode(text: string): string {
  if (text === '') return '';
  const clean = xmlChars(text).replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

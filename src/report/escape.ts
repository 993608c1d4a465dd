// Escaping for everything the report writes from user data (route descriptions, names, ids): the
// export is untrusted, so no text from it may become markup in HTML, SVG or Markdown.

// C0 controls (but tab, newline, carriage return), DEL and lone surrogates: not allowed in XML, and
// never meaningful in a name.
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML or SVG content and attribute values (quoted with "). */
export function escapeHtml(text: string): string {
  return text.replace(UNPRINTABLE, '\ufffd').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Text for one cell of a GitHub-flavoured Markdown table: no line breaks, `|` escaped, HTML
 * special characters as entities (Markdown passes raw HTML through), and the punctuation that
 * opens emphasis, links, code or strikethrough escaped, so a name never turns into markup.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(UNPRINTABLE, '\ufffd')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    // An underscore between two letters or digits never starts emphasis (network_id stays as is).
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/** Inline code in Markdown for trusted-shape text (ids, prefixes): a backtick run longer than any inside. */
export function markdownCode(text: string): string {
  const clean = text.replace(UNPRINTABLE, '\ufffd').replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

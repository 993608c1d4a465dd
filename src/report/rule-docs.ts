// Rule documentation inside the HTML report, so the page explains its findings on its own: each
// docs/rules/<id>.md rendered with marked. The Markdown is the package's own, but the page holds
// only what its Content Security Policy expects: raw HTML in the Markdown is shown as text,
// images as their alt text (the policy loads none), and links lead to the embedded page of
// another rule, the page under the package's homepage, or nowhere (their text stays).
import { Marked, type Tokens } from 'marked';
import { resolveDocLink } from '../engine/docs.js';
import { escapeHtml as esc } from '../escape.js';
import type { RuleDoc } from './data.js';

/** The in-page anchor of a rule's embedded documentation. */
export function ruleDocAnchor(ruleId: string): string {
  return `rule-doc-${ruleId}`;
}

/** Each rule's documentation as HTML, by rule id; links to rules also embedded stay in the page. */
export function renderRuleDocs(docs: readonly RuleDoc[], homepage: string | null): Map<string, string> {
  const embedded = new Set(docs.map((d) => d.ruleId));
  const out = new Map<string, string>();
  for (const doc of docs) {
    const local = (href: string): string | null => {
      const other = /^(?:\.\/)?([a-z][a-z0-9-]*)\.md$/.exec(href)?.[1];
      return other !== undefined && embedded.has(other) ? `#${ruleDocAnchor(other)}` : null;
    };
    const marked = new Marked({
      gfm: true,
      renderer: {
        html: (token: Tokens.HTML | Tokens.Tag) => esc(token.text),
        image: (token: Tokens.Image) => esc(token.text),
        link(token: Tokens.Link) {
          const inner = this.parser.parseInline(token.tokens);
          const href = resolveDocLink(doc.ruleId, token.href, { homepage: homepage ?? undefined, local });
          return href === null ? inner : `<a href="${esc(href)}">${inner}</a>`;
        },
        // The page has one h1; a rule's own title becomes a smaller heading in its card.
        heading(token: Tokens.Heading) {
          const level = Math.min(6, token.depth + 2);
          return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
        },
      },
    });
    out.set(doc.ruleId, marked.parse(doc.markdown, { async: false }));
  }
  return out;
}

// A rule's documentation (docs/rules/<id>.md) for readers outside this repository: SARIF's
// help.markdown, the HTML report's embedded pages. Its relative links (other rules,
// docs/netbird-behaviour.md) lead nowhere there, so each becomes the page under the package's
// homepage when there is one, an in-page target when the caller has one, or plain text.
import { Lexer, type Token } from 'marked';
import { docsUrlOf } from './rule.js';

export interface DocLinks {
  /** The package's homepage (package.json), when it has one. */
  readonly homepage?: string;
  /** An in-page target for a link (`other-rule.md` → `#rule-other-rule`), tried before the homepage. */
  readonly local?: (href: string) => string | null;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/** Where a link of `ruleId`'s documentation should lead outside the repository; null: nowhere (keep its text only). */
export function resolveDocLink(ruleId: string, href: string, { homepage, local }: DocLinks): string | null {
  if (ABSOLUTE.test(href)) return /^(https?|mailto):/i.test(href) ? href : null;
  const inPage = local?.(href);
  if (inPage) return inPage;
  const base = docsUrlOf(ruleId, homepage);
  return base === null ? null : new URL(href, base).href;
}

function collectLinks(tokens: readonly Token[], into: { raw: string; href: string; text: string }[]): void {
  for (const t of tokens) {
    if (t.type === 'link') into.push({ raw: t.raw, href: t.href, text: t.text });
    else if ('tokens' in t && Array.isArray(t.tokens)) collectLinks(t.tokens as Token[], into);
    if (t.type === 'list') for (const item of t.items) collectLinks(item.tokens, into);
    if (t.type === 'table') for (const cell of [...t.header, ...t.rows.flat()]) collectLinks(cell.tokens, into);
  }
}

/** The documentation's Markdown with every link made to work outside the repository (see resolveDocLink). */
export function portableRuleDoc(ruleId: string, markdown: string, links: DocLinks): string {
  const found: { raw: string; href: string; text: string }[] = [];
  collectLinks(Lexer.lex(markdown), found);
  let out = markdown;
  for (const link of found) {
    const target = resolveDocLink(ruleId, link.href, links);
    if (target === link.href) continue;
    const replacement = target === null ? link.text : `[${link.text}](${target})`;
    out = out.split(link.raw).join(replacement);
  }
  return out;
}

// Domain names of domain routes, normalised and checked as NetBird's management server does: each
// name is converted to lower-case punycode and must then match its DNS name pattern, with at most
// one leading `*.` wildcard label.
import { domainToASCII } from 'node:url';

/**
 * The network NetBird stores next to a domain route's domains (docs/netbird-behaviour.md §1): a
 * route with domains and this network is a domain route, not a route to 192.0.2.0/32.
 */
export const DOMAIN_PLACEHOLDER = '192.0.2.0/32';

/** Most domains one route may carry. */
export const MAX_ROUTE_DOMAINS = 32;
/** Longest DNS label, in characters of its punycode form. */
export const MAX_LABEL_LENGTH = 63;

/** Why a name was refused: a misplaced wildcard, no punycode form, or a name that breaks the pattern. */
export type DomainProblem = 'wildcard' | 'punycode' | 'format';

export type DomainCheck =
  | { readonly ok: true; readonly punycode: string; readonly wildcard: boolean }
  | { readonly ok: false; readonly problem: DomainProblem; readonly reason: string; readonly punycode: string | null };

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ACE_PREFIX = 'xn--';
const NOT_A_NUMBER = '.x';
/** ASCII characters that can appear in a name NetBird accepts (`*` only as the wildcard label). */
const NAME_CHAR = /[A-Za-z0-9._*-]/;
const LABEL_CHAR = /^[a-z0-9_-]$/;
const ALNUM = /^[a-z0-9]$/;

function quote(text: string): string {
  return JSON.stringify(text);
}

/** The first ASCII character of `text` that no accepted name contains, or null. */
function firstForbiddenAscii(text: string): string | null {
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80 && !NAME_CHAR.test(ch)) return ch;
  }
  return null;
}

/**
 * Lower-case punycode form of a name, as NetBird stores it; null when it has none.
 * ASCII names are only lower-cased: NetBird leaves ASCII labels alone, and the WHATWG host parser
 * behind domainToASCII would also percent-decode and rewrite numeric hosts (`0x10.1` → `16.0.0.1`).
 * Other names go through domainToASCII (UTS #46 mapping, then punycode).
 */
export function toPunycode(text: string): string | null {
  if (ASCII_ONLY.test(text)) {
    const lower = text.toLowerCase();
    // An ASCII label in punycode form must decode, as on conversion; labels are checked one by one
    // so that no host-parser rewriting of the whole name applies.
    for (const label of lower.split('.')) if (label.startsWith(ACE_PREFIX) && domainToASCII(label) === '') return null;
    return lower;
  }
  if (firstForbiddenAscii(text) !== null) return null;
  // A non-numeric last label keeps the host parser from reading the name as an IPv4 address
  // (`ç.0` would fail, `１.２` would become `1.0.0.2`): NetBird converts every label as a name.
  const ascii = domainToASCII(`${text}${NOT_A_NUMBER}`);
  return ascii.endsWith(NOT_A_NUMBER) ? ascii.slice(0, -NOT_A_NUMBER.length) : null;
}

/** Checks one label of a name; `last` is the top-level label, which may not start with `_`. */
function labelProblem(label: string, last: boolean): string | null {
  if (label === '') return 'it has an empty label';
  if (label.length > MAX_LABEL_LENGTH) return `label ${quote(label)} is longer than ${MAX_LABEL_LENGTH} characters`;
  for (const ch of label) if (!LABEL_CHAR.test(ch)) return `character ${quote(ch)} is not allowed`;
  const first = label[0]!;
  const end = label[label.length - 1]!;
  if (first === '-') return `label ${quote(label)} starts with "-"`;
  if (last && first === '_') return `the last label ${quote(label)} starts with "_"`;
  // NetBird's pattern ends every label of two or more characters with a letter or digit.
  if (label.length > 1 && !ALNUM.test(end)) return `label ${quote(label)} ends with ${quote(end)}`;
  return null;
}

/** Checks one domain of a domain route as the management API does on create and update. */
export function checkDomain(text: string): DomainCheck {
  if (text === '') return { ok: false, problem: 'format', reason: 'the name is empty', punycode: null };
  const forbidden = firstForbiddenAscii(text);
  if (forbidden !== null) return { ok: false, problem: 'format', reason: `character ${quote(forbidden)} is not allowed`, punycode: null };
  const punycode = toPunycode(text);
  if (punycode === null) return { ok: false, problem: 'punycode', reason: 'it has no punycode form (IDNA conversion fails)', punycode: null };
  const wildcard = punycode.startsWith('*.');
  const name = wildcard ? punycode.slice(2) : punycode;
  if (name.includes('*')) return { ok: false, problem: 'wildcard', reason: 'only a single leading "*." label is allowed', punycode };
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i++) {
    const reason = labelProblem(labels[i]!, i === labels.length - 1);
    if (reason !== null) return { ok: false, problem: 'format', reason, punycode };
  }
  return { ok: true, punycode, wildcard };
}

/** Key of an ordered domain list as NetBird compares them (lower-case punycode, in order). */
export function domainListKey(domains: readonly string[]): string {
  return domains.map((d) => toPunycode(d) ?? d.toLowerCase()).join(',');
}

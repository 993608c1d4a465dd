// Domain routes (docs/netbird-behaviour.md §7). On the client a `*.example.com` pattern matches every subdomain
// at any depth but not `example.com` itself, and labels match whole (`*.b.test` does not match
// `x.ab.test`). The routing peer's DNS forwarder does match the apex: an asymmetry to point out.
import { domainToASCII } from 'node:url';
import type { SimSet } from './distribution.js';

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Normalises a queried name as NetBird stores domains (lower-case punycode, no trailing dot); an error says why it is not a name. */
export function normalizeDomain(input: string): { ok: true; name: string } | { ok: false; reason: string } {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '') return { ok: false, reason: 'empty name' };
  if (trimmed.includes('*')) return { ok: false, reason: 'give a host name, not a wildcard pattern' };
  const ascii = /^[\x00-\x7f]*$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
  if (ascii === '') return { ok: false, reason: 'not a valid internationalised domain name' };
  if (ascii.length > 253) return { ok: false, reason: 'longer than 253 characters' };
  const bad = ascii.split('.').find((label) => !LABEL.test(label));
  if (bad !== undefined) return { ok: false, reason: bad === '' ? 'empty label' : `label "${bad}" is not a DNS label` };
  return { ok: true, name: ascii };
}

export type PatternMatch = 'exact' | 'wildcard' | 'apex';

/** How a route's domain pattern matches a name on the client: exact, by wildcard, only the apex (no match), or not at all. */
export function matchPattern(pattern: string, name: string): PatternMatch | null {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) {
    const base = p.slice(2);
    if (name === base) return 'apex';
    return name.endsWith(`.${base}`) ? 'wildcard' : null;
  }
  return p === name ? 'exact' : null;
}

/** Specificity of a matching pattern: an exact name beats any wildcard, a longer wildcard a shorter one. */
export function patternRank(pattern: string, match: 'exact' | 'wildcard'): number {
  const labels = pattern.split('.').length;
  return match === 'exact' ? 1000 + labels : labels - 1;
}

export interface DomainMatch {
  readonly set: SimSet;
  /** The pattern that matched best. */
  readonly pattern: string;
  readonly match: 'exact' | 'wildcard';
  readonly rank: number;
}

export interface ApexMiss {
  readonly set: SimSet;
  readonly pattern: string;
}

/** Domain HA sets indexed by exact name and by wildcard base, so a lookup costs one probe per label. */
export class DomainIndex {
  private readonly exact = new Map<string, Set<SimSet>>();
  private readonly wildcard = new Map<string, Set<SimSet>>();

  constructor(sets: readonly SimSet[]) {
    for (const set of sets) {
      for (const d of set.domains ?? []) {
        const p = d.toLowerCase();
        const table = p.startsWith('*.') ? this.wildcard : this.exact;
        const key = p.startsWith('*.') ? p.slice(2) : p;
        let bucket = table.get(key);
        if (!bucket) table.set(key, (bucket = new Set()));
        bucket.add(set);
      }
    }
  }

  /** Sets whose patterns match `name` (best pattern per set), and wildcard sets that miss it only because it is their apex. */
  lookup(name: string): { matches: DomainMatch[]; apexMisses: ApexMiss[] } {
    const best = new Map<SimSet, DomainMatch>();
    const consider = (set: SimSet, pattern: string, match: 'exact' | 'wildcard') => {
      const rank = patternRank(pattern, match);
      const prior = best.get(set);
      if (!prior || rank > prior.rank) best.set(set, { set, pattern, match, rank });
    };
    for (const set of this.exact.get(name) ?? []) consider(set, name, 'exact');
    for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      const base = name.slice(dot + 1);
      for (const set of this.wildcard.get(base) ?? []) consider(set, `*.${base}`, 'wildcard');
    }
    const apexMisses: ApexMiss[] = [];
    for (const set of this.wildcard.get(name) ?? []) if (!best.has(set)) apexMisses.push({ set, pattern: `*.${name}` });
    const byKey = (a: { set: SimSet }, b: { set: SimSet }) => (a.set.key < b.set.key ? -1 : a.set.key > b.set.key ? 1 : 0);
    return { matches: [...best.values()].sort(byKey), apexMisses: apexMisses.sort(byKey) };
  }
}

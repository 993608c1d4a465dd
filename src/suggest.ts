// "Did you mean": the one place that finds the known names nearest to a name a user typed (a peer,
// a group, a network id, a rule id, a config key, a flag, a format), for every error message that
// names something unknown. Edit distance is leven's; the rest is which distances count, which of
// the near names are kept (the nearest) and their order (by name), so that messages are deterministic.
import leven from 'leven';
import { compareStrings } from './order.js';

/** At most this many names are suggested. */
export const MAX_SUGGESTIONS = 3;

/** How many edits a typed name may be from a known one to count as near: one in four characters, at least one. */
export function tolerance(typed: string): number {
  return Math.max(1, Math.floor(typed.length / 4));
}

/** Is `b` `a` with two neighbouring characters swapped (`mpb` for `mbp`)? One slip of the fingers, though two edits apart. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * How near `typed` is to `name`, lower nearer, or null when it is not near: 0 when they differ only
 * in case; 1 to `tolerance(typed)` edits (ignoring case; two swapped neighbours count as one);
 * then a name `typed` starts (`gw-ham` for `gw-ham-1`), then a name that contains it, both only
 * for a typed name of three characters or more.
 */
export function nearness(typed: string, name: string): number | null {
  const a = typed.toLowerCase();
  const b = name.toLowerCase();
  if (a === b) return 0;
  const most = tolerance(typed);
  const distance = swapped(a, b) ? 1 : leven(a, b, { maxDistance: most + 1 });
  if (distance <= most) return distance;
  if (a.length >= 3 && b.startsWith(a)) return most + 1;
  if (a.length >= 3 && b.includes(a)) return most + 2;
  return null;
}

/** One suggestion: the item and the name of it that came nearest. */
export interface Near<T> {
  readonly item: T;
  readonly name: string;
}

/**
 * The items nearest to `typed` by any of their names (`namesOf`): those of the nearest kind and
 * distance there is (see nearness), by name, at most `limit`. An item one of whose names is `typed` exactly is the only kind of answer there is
 * then (a name that is known is never "corrected" to another one).
 */
export function nearestItems<T>(typed: string, items: Iterable<T>, namesOf: (item: T) => Iterable<string>, limit = MAX_SUGGESTIONS): Near<T>[] {
  const exact: Near<T>[] = [];
  const near: { item: T; name: string; score: number }[] = [];
  for (const item of items) {
    let best: { name: string; score: number } | null = null;
    for (const name of namesOf(item)) {
      if (name === typed) {
        best = { name, score: -1 };
        break;
      }
      const score = nearness(typed, name);
      if (score !== null && (best === null || score < best.score || (score === best.score && compareStrings(name, best.name) < 0))) best = { name, score };
    }
    if (best?.score === -1) exact.push({ item, name: best.name });
    else if (best !== null) near.push({ item, ...best });
  }
  if (exact.length > 0) return exact.slice(0, limit);
  // Only the nearest: `laptop-ana` suggests laptop-anna, not also laptop-ben three edits away.
  const best = Math.min(...near.map((n) => n.score));
  return near
    .filter((n) => n.score === best)
    .sort((x, y) => compareStrings(x.name, y.name))
    .slice(0, limit)
    .map(({ item, name }) => ({ item, name }));
}

/** The known names nearest to `typed` (each once): `[typed]` when it is one of them, else the nearest, by name. */
export function suggestNames(typed: string, names: Iterable<string>, limit = MAX_SUGGESTIONS): string[] {
  return nearestItems(typed, new Set(names), (name) => [name], limit).map((n) => n.name);
}

/** `did you mean "a"?`, `did you mean "a" or "b"?`, `did you mean "a", "b" or "c"?`; '' for no names. */
export function didYouMeanText(names: readonly string[]): string {
  if (names.length === 0) return '';
  const quoted = names.map((n) => JSON.stringify(n));
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return `did you mean ${list}?`;
}

/**
 * ` (did you mean "json"?)` after a message about an unknown `typed`, or '' when no known name is
 * near it (nor when `typed` is itself known: nothing to correct).
 */
export function didYouMean(typed: string, names: Iterable<string>): string {
  const near = suggestNames(typed, names).filter((n) => n !== typed);
  return near.length > 0 ? ` (${didYouMeanText(near)})` : '';
}

/**
 * One message for unknown names of one kind, each with its nearest known names, then the known
 * ones: `unknown key "form" (did you mean "format"?); expected format, output`. `listLabel` leads
 * the list (`expected`, `formats:`); a list longer than `maxListed` is cut with a count.
 */
export function unknownNamesText(what: string, typed: readonly string[], known: readonly string[], listLabel = 'expected', maxListed = 20): string {
  const each = typed.map((t) => `${JSON.stringify(t)}${didYouMean(t, known)}`).join(', ');
  const list = known.length > maxListed ? `${known.slice(0, maxListed).join(', ')}, … (${known.length - maxListed} more)` : known.join(', ');
  return `unknown ${what}${typed.length === 1 ? '' : 's'} ${each}; ${listLabel} ${known.length > 0 ? list : 'none'}`;
}

// The changes of a behaviour comparison before they are listed (see behaviour.ts): members that
// share an answer as classes, changes gathered from them as candidates, and the selection that
// keeps the first few in order and counts the rest.
import type { PeerRef } from '../simulate/answer.js';
import { compareByNameThenId } from '../order.js';

/**
 * Members of a group that share one answer for a destination, in name order: a list of members
 * less those taken out of it (`skip`), `count` of them.
 */
export interface MemberClass {
  readonly list: readonly PeerRef[];
  readonly skip: ReadonlySet<string> | null;
  readonly count: number;
}

/** The first `n` members of a class, in name order. */
export function firstOfClass(c: MemberClass, n: number): PeerRef[] {
  const out: PeerRef[] = [];
  for (let i = 0; i < c.list.length && out.length < n; i++) if (!c.skip?.has(c.list[i]!.id)) out.push(c.list[i]!);
  return out;
}

/** The first `n` members of some classes together, in name order. */
export function firstOfClasses(classes: readonly MemberClass[], n: number): PeerRef[] {
  if (classes.length === 1) return firstOfClass(classes[0]!, n);
  return mergeClasses(classes, n);
}

/**
 * `firstOfClasses` for several classes: each is in name order already, so they are merged (a heap
 * of one cursor per class, its next member on top) instead of sorted: a change may list
 * thousands of members from a few classes.
 */
function mergeClasses(classes: readonly MemberClass[], n: number): PeerRef[] {
  const out: PeerRef[] = [];
  // Each class's place in its list, past the members it skips; -1 once it is used up.
  const at = new Int32Array(classes.length);
  const next = (c: number): PeerRef | undefined => {
    const { list, skip } = classes[c]!;
    let i = at[c]!;
    while (i < list.length && skip?.has(list[i]!.id)) i++;
    at[c] = i;
    return list[i];
  };
  const heap: number[] = [];
  const heads: (PeerRef | undefined)[] = classes.map((_, c) => next(c));
  const less = (a: number, b: number) => compareByNameThenId(heads[a]!, heads[b]!) < 0;
  const down = (from: number) => {
    for (let i = from; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && less(heap[l]!, heap[least]!)) least = l;
      if (r < heap.length && less(heap[r]!, heap[least]!)) least = r;
      if (least === i) return;
      [heap[least], heap[i]] = [heap[i]!, heap[least]!];
      i = least;
    }
  };
  for (let c = 0; c < classes.length; c++) if (heads[c] !== undefined) heap.push(c);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0 && out.length < n) {
    const c = heap[0]!;
    out.push(heads[c]!);
    at[c]!++;
    const head = next(c);
    heads[c] = head;
    if (head === undefined) {
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    down(0);
  }
  return out;
}

/**
 * What one diff lists at most, whatever `--max-changes` and `--max-sources` ask (0 included):
 * changes of each kind, and names in them (a change counts one, then each member and cause it
 * names). Past it a listing no longer fits in memory: two unrelated exports of 10,000 routes
 * differ in 1.5 million changes. Settable for tests.
 */
export const listingCeiling = { changes: 100_000, names: 20_000_000 };

/** One change found, before it is listed: its members as classes, counted. */
export interface Candidate<T> {
  /** The values of the first member by name (changes with equal keys may differ in what the key leaves out, such as names). */
  old: T;
  new: T;
  readonly classes: MemberClass[];
  count: number;
  /** Position of the destination in the comparison's order (exit nodes: 0). */
  readonly rank: number;
  readonly group: PeerRef;
  /** Members of the group compared. */
  readonly members: number;
  first: PeerRef;
}

/** What a candidate is placed by (see `compareCandidates`). */
type Placed = Pick<Candidate<unknown>, 'count' | 'rank' | 'group' | 'first'>;

/** The order changes are listed in, the most important first: the largest audience, then destination, group and first member. A total order. */
function compareCandidates(a: Placed, b: Placed): number {
  return b.count - a.count || a.rank - b.rank || compareByNameThenId(a.group, b.group) || compareByNameThenId(a.first, b.first);
}

/**
 * Keeps the first `limit` candidates in `compareCandidates` order and counts the rest, without
 * holding them: a heap whose root is the last one kept.
 */
export class Selection<T> {
  private readonly heap: Candidate<T>[] = [];
  total = 0;

  constructor(private readonly limit: number) {}

  /** Would `add` keep a candidate placed so (for now: a later one may push it out)? */
  keeps(count: number, rank: number, group: PeerRef, first: PeerRef): boolean {
    return this.heap.length < this.limit || (this.heap.length > 0 && compareCandidates({ count, rank, group, first }, this.heap[0]!) < 0);
  }

  /** Counts a candidate `keeps` refuses, without making it. */
  pass(): void {
    this.total++;
  }

  add(c: Candidate<T>): void {
    this.total++;
    const heap = this.heap;
    if (heap.length < this.limit) {
      heap.push(c);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compareCandidates(heap[parent]!, heap[i]!) >= 0) break;
        [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
        i = parent;
      }
      return;
    }
    if (heap.length === 0 || compareCandidates(c, heap[0]!) >= 0) return;
    heap[0] = c;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && compareCandidates(heap[l]!, heap[worst]!) > 0) worst = l;
      if (r < heap.length && compareCandidates(heap[r]!, heap[worst]!) > 0) worst = r;
      if (worst === i) break;
      [heap[worst], heap[i]] = [heap[i]!, heap[worst]!];
      i = worst;
    }
  }

  /** The candidates kept, in order. */
  listed(): Candidate<T>[] {
    return [...this.heap].sort(compareCandidates);
  }
}

/**
 * Classes whose value changes, gathered by identical change into candidates. `valueOf` may give
 * classes the same object: its key is then written once.
 */
export function gather<T>(
  classes: readonly { readonly cls: MemberClass; readonly value: { old: T; new: T } }[],
  keyOf: (v: T) => string,
  keys: Map<{ old: T; new: T }, string | null>,
  base: { readonly rank: number; readonly group: PeerRef; readonly members: number },
): Candidate<T>[] {
  const byKey = new Map<string, Candidate<T>>();
  for (const { cls, value: v } of classes) {
    let key = keys.get(v);
    if (key === undefined) {
      const ko = keyOf(v.old);
      const kn = keyOf(v.new);
      keys.set(v, (key = ko === kn ? null : JSON.stringify([ko, kn])));
    }
    if (key === null) continue;
    const first = firstOfClass(cls, 1)[0]!;
    const t = byKey.get(key);
    if (!t) byKey.set(key, { old: v.old, new: v.new, classes: [cls], count: cls.count, first, ...base });
    else {
      t.classes.push(cls);
      t.count += cls.count;
      if (compareByNameThenId(first, t.first) < 0) {
        t.first = first;
        t.old = v.old;
        t.new = v.new;
      }
    }
  }
  return [...byKey.values()];
}


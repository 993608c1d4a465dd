// The few rows of a set that are a source's own, over a template every source of its class shares
// (distribution.ts `TemplatedDelivery`, rows.ts `PatchedRows`): row indexes ascending and a value
// for each, in two arrays. A member of a group of 50,000 patches tens of rows of an exit set of
// thousands, each of them read in the rows' order: a hash table per member cost more to build and
// to collect than the lookups it served.

export class RowPatch<T> {
  /** `rows` ascending and distinct (`of` sorts them), `values[k]` the value of row `rows[k]`. */
  private constructor(
    readonly rows: readonly number[],
    readonly values: readonly T[],
  ) {}

  /** The patch of `values[k]` for row `rows[k]` (distinct rows, in any order). */
  static of<T>(rows: readonly number[], values: readonly T[]): RowPatch<T> {
    let ascending = true;
    for (let k = 1; k < rows.length && ascending; k++) ascending = rows[k - 1]! < rows[k]!;
    if (ascending) return new RowPatch(rows, values);
    const order = rows.map((_, k) => k).sort((a, b) => rows[a]! - rows[b]!);
    return new RowPatch(
      order.map((k) => rows[k]!),
      order.map((k) => values[k]!),
    );
  }

  get size(): number {
    return this.rows.length;
  }

  /** Where row `i` is in `rows`, or -1. */
  indexOf(i: number): number {
    const rows = this.rows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < rows.length && rows[lo] === i ? lo : -1;
  }

  get(i: number): T | undefined {
    const k = this.indexOf(i);
    return k < 0 ? undefined : this.values[k];
  }

  has(i: number): boolean {
    return this.indexOf(i) >= 0;
  }

  /** The same rows, each value mapped. */
  map<U>(fn: (value: T, row: number) => U): RowPatch<U> {
    const values = new Array<U>(this.rows.length);
    for (let k = 0; k < this.rows.length; k++) values[k] = fn(this.values[k]!, this.rows[k]!);
    return new RowPatch(this.rows, values);
  }

  /** Every row of a template of `length` rows, patched: `base(i)` for the rows not patched. */
  over<U>(length: number, base: (i: number) => U, patched: (value: T, i: number) => U): U[] {
    const out = new Array<U>(length);
    let k = 0;
    for (let i = 0; i < length; i++) out[i] = k < this.rows.length && this.rows[k] === i ? patched(this.values[k++]!, i) : base(i);
    return out;
  }
}

// Orders strings the way NetBird's Go code does: Go compares strings byte by byte in UTF-8, which
// is code point order. JavaScript's `<` compares UTF-16 code units and disagrees above U+FFFF.

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/** Compares two strings by Unicode code points (Go's byte-wise UTF-8 order); negative, zero or positive. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = isSurrogate(x);
    // A surrogate starts a code point above U+FFFF, which sorts after every code point of the BMP.
    if (xs !== isSurrogate(y)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Compares two strings by UTF-16 code units, for output that only needs a total order (sorted
 * names, ids, files) and not Go's: the same result as `a < b`, as a comparator.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders named things (peers, groups, their refs) by name, then id: the total order of every list routelint prints. */
export function compareByNameThenId(a: { readonly name: string; readonly id: string }, b: { readonly name: string; readonly id: string }): number {
  return compareStrings(a.name, b.name) || compareStrings(a.id, b.id);
}

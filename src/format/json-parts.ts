// JSON written in parts: a long array a few dozen elements at a time, so that a large document is
// never one string (no copy of hundreds of MB; a non-ASCII character makes only its part two-byte
// text, which is slower to encode).

/** Array elements per part: one JSON.stringify call per element costs more than a few dozen in one. */
export const ELEMENTS_PER_PART = 64;

/** The elements of `items` (each through `map`) as `JSON.stringify(items.map(map))` writes them, without the brackets, in parts. */
export function* arrayElementParts<T>(items: readonly T[], map?: (item: T) => unknown): Generator<string> {
  for (let k = 0; k < items.length; k += ELEMENTS_PER_PART) {
    const slice = items.slice(k, k + ELEMENTS_PER_PART);
    // A slice's elements are written as the whole array's: its text without the brackets (a view
    // of it, not a copy), the comma a part of its own so that no string joins the two.
    if (k > 0) yield ',';
    yield JSON.stringify(map ? slice.map(map) : slice).slice(1, -1);
  }
}

// Prefixes nested into a forest: each prefix under the closest prefix that contains it. The
// report's address map draws the top level and opens the nested ones from it.
import { comparePrefix, containsPrefix, type Prefix } from './prefix.js';

/**
 * For prefixes in comparePrefix order (a prefix before every prefix it contains): the index of
 * each one's closest containing prefix, or -1 when none contains it (a top-level prefix). One pass
 * with a stack of the open ancestors. A repeated prefix nests under its first copy.
 */
export function parentIndexes(sorted: readonly Prefix[]): Int32Array {
  const parent = new Int32Array(sorted.length);
  const stack: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (i > 0 && comparePrefix(sorted[i - 1]!, p) > 0) throw new RangeError(`prefixes out of order: ${sorted[i - 1]!.text} before ${p.text}`);
    while (stack.length > 0 && !containsPrefix(sorted[stack[stack.length - 1]!]!, p)) stack.pop();
    parent[i] = stack.length > 0 ? stack[stack.length - 1]! : -1;
    stack.push(i);
  }
  return parent;
}

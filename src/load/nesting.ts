// How deep a parsed value nests, found without recursion. JSON.parse takes any depth, but
// JSON.stringify, structuredClone and every recursive walk run out of stack somewhere past ten
// thousand levels; a NetBird object nests five deep and a Terraform plan a few dozen. Inputs that
// are converted or re-serialized before they are linted (Terraform JSON, pulled answers) are
// refused past MAX_NESTING levels, with the path to where they pass it.
import type { JsonPath } from './source.js';

/** Levels of arrays and objects a Terraform document or a pulled answer may nest. */
export const MAX_NESTING = 1000;

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | null;
  readonly key: string | number;
}

function pathOf(frame: Frame | null, last?: string | number): (string | number)[] {
  const out: (string | number)[] = last === undefined ? [] : [last];
  for (let f = frame; f?.parent; f = f.parent) out.push(f.key);
  return out.reverse();
}

export type ValueProblem = { readonly kind: 'too-deep'; readonly path: JsonPath } | { readonly kind: 'string'; readonly path: JsonPath };

/**
 * Walks a parsed JSON value, iteratively. Returns the path of a container nested deeper than
 * `limit` levels (the root is level 1), or of a string (key or value) that `flag` picks; null when
 * there is neither.
 */
export function inspectValue(root: unknown, limit = MAX_NESTING, flag?: (text: string) => boolean): ValueProblem | null {
  if (typeof root === 'string') return flag?.(root) ? { kind: 'string', path: [] } : null;
  if (root === null || typeof root !== 'object') return null;
  const stack: Frame[] = [{ value: root, depth: 1, parent: null, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > limit) return { kind: 'too-deep', path: pathOf(frame) };
    const { value, depth } = frame;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === 'string') {
          if (flag?.(child)) return { kind: 'string', path: pathOf(frame, i) };
        } else if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, parent: frame, key: i });
      }
    } else {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const child: unknown = (value as Record<string, unknown>)[key];
        if (flag && (flag(key) || (typeof child === 'string' && flag(child)))) return { kind: 'string', path: pathOf(frame, key) };
        if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, parent: frame, key });
      }
    }
  }
  return null;
}

/** `resource_changes[3].change.after_unknown…`: the first steps of a path, for a message. */
export function pathText(path: JsonPath, steps = 6): string {
  const text = path
    .slice(0, steps)
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`))
    .join('');
  return path.length > steps ? `${text}…` : text;
}

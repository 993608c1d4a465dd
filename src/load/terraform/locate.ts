// Positions inside a plan or state. Findings point deep into one big object (`planned_values`,
// `prior_state`), which the section index of ordinary exports does not cover: the file's position
// tree is built once, on the first finding, and every later position is a walk down it.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { JsonPath, Position, SourceFile } from '../source.js';

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (UTF-16 units, as ESLint counts) of an offset. */
function positionOf(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The child at one step; for a duplicated key the last one, which is the one JSON.parse keeps. */
function childAt(node: JsonNode, step: string | number): JsonNode | undefined {
  if (node.type === 'array' && typeof step === 'number') return node.children?.[step];
  if (node.type !== 'object' || typeof step !== 'string') return undefined;
  return node.children?.findLast((p) => p.children?.[0]?.value === step)?.children?.[1];
}

/** The same file, locating paths by walking a position tree built once. YAML files keep their own locator. */
export function treeLocatedFile(file: SourceFile, text: string): SourceFile {
  if (file.format !== 'json') return file;
  let root: JsonNode | undefined;
  let starts: number[] | undefined;
  let built = false;
  return {
    path: file.path,
    format: file.format,
    locate(at: JsonPath): Position {
      if (!built) {
        built = true;
        try {
          root = parseTree(text, [], { disallowComments: true });
        } catch (err) {
          // The positional parser recurses: a file nested too deep for it keeps the plain locator.
          if (!(err instanceof RangeError)) throw err;
        }
        starts = lineStarts(text);
      }
      if (!root) return file.locate(at);
      let node = root;
      for (const step of at) {
        const next = childAt(node, step);
        if (!next) break;
        node = next;
      }
      return positionOf(starts!, node.offset);
    },
  };
}

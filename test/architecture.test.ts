// The layers run one way (docs/architecture.md): a module imports only from its own folder or from
// a folder on a lower tier, and no chain of imports comes back to where it started.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Lowest first. A name is a folder under src/ (or the top-level rules/) or a file at src/'s top. */
const TIERS: readonly (readonly string[])[] = [
  ['errors', 'order', 'version', 'escape', 'net'],
  ['suggest'],
  ['load'],
  ['pull'],
  ['io'],
  ['model'],
  ['engine'],
  ['rules', 'simulate'],
  ['analysis'],
  ['diff', 'report'],
  ['format'],
  ['assertions'],
  ['commands'],
  ['cli-plain', 'cli-errors'],
  ['cli-run'],
  ['cli'],
];

function tierOf(layer: string): number {
  const tier = TIERS.findIndex((names) => names.includes(layer));
  if (tier < 0) throw new Error(`${layer} is on no tier: add it to TIERS and to docs/architecture.md`);
  return tier;
}

/** `src/simulate/score.ts` → `simulate`; `src/errors.ts` → `errors`; `rules/x.ts` → `rules`. */
function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'rules') return 'rules';
  return parts.length === 2 ? parts[1]!.replace(/\.ts$/, '') : parts[1]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import (static, dynamic, type-only) of each file, as repository paths of .ts files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('rules')].sort()) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('architecture', () => {
  const graph = importGraph();

  it('every import stays in its layer or goes down a tier', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        // Two layers on one tier are siblings: neither may lean on the other.
        if (to !== from && tierOf(to) >= tierOf(from)) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import cycle, between layers or between files', () => {
    const layers = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      layers.set(from, [...new Set([...(layers.get(from) ?? []), ...targets.map(layerOf).filter((to) => to !== from)])]);
    }
    expect(cycles(layers)).toEqual([]);
    expect(cycles(graph)).toEqual([]);
  });

  it('sees the imports it checks', () => {
    // Guards the checks above against passing on an empty or misread graph.
    expect(graph.get('src/cli-run.ts')).toContain('src/errors.ts');
    expect(graph.size).toBeGreaterThan(100);
  });
});

// One resource instance → one API object: unknown values are filled where the plan says what they
// will be (ids of objects created in the same plan, NetBird's values for unset computed attributes)
// and reported otherwise.
import type { UnknownValue } from '../raw.js';
import type { SourceFile } from '../source.js';
import { resourceConfigOf, isRecord, type Instance } from './document.js';
import type { AttributeSpec, TypeSpec } from './netbird.js';
import { sourcesOf, unknownLeaves, type ResolveContext } from './resolve.js';

export interface Converted {
  /** The API object; null when a relevant value stays unknown. */
  readonly api: unknown;
  readonly unknowns: readonly UnknownValue[];
}

/** An attribute that has unknown leaves: where it sits (`[name]` or `[block, i, name]`) and the unknown parts under it. */
interface UnknownAttribute {
  readonly path: (string | number)[];
  readonly spec: AttributeSpec | undefined;
  /** Paths of the unknown leaves below the attribute: `[]` for the whole value, `[2]` for an element. */
  readonly parts: (string | number)[][];
}

function attributeText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Groups unknown leaves by the attribute they belong to, top-level or inside a nested block. */
function unknownAttributes(afterUnknown: unknown, spec: TypeSpec): UnknownAttribute[] {
  const byKey = new Map<string, UnknownAttribute>();
  for (const leaf of unknownLeaves(afterUnknown)) {
    const [name, index, inner] = leaf;
    if (typeof name !== 'string') continue;
    const block = spec.blocks?.[name];
    let path: (string | number)[];
    let attrSpec: AttributeSpec | undefined;
    if (block && typeof index === 'number' && typeof inner === 'string') {
      path = [name, index, inner];
      attrSpec = block[inner];
    } else if (block) {
      // A whole block, or a whole element of it: relevant, and never unset.
      path = leaf.slice(0, typeof index === 'number' ? 2 : 1);
      attrSpec = { relevant: true };
    } else {
      path = [name];
      attrSpec = spec.attributes[name];
    }
    const key = JSON.stringify(path);
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { path, spec: attrSpec, parts: [] }));
    entry.parts.push(leaf.slice(path.length));
  }
  return [...byKey.values()];
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isRecord(node) && typeof part === 'string') node = node[part];
    else return undefined;
  }
  return node;
}

function setAt(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: unknown = root;
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    if (Array.isArray(node) && typeof part === 'number') {
      if (last) node[part] = value;
      else node = node[part] ??= typeof path[i + 1] === 'number' ? [] : {};
    } else if (isRecord(node) && typeof part === 'string') {
      if (last) node[part] = value;
      else node = node[part] ??= typeof path[i + 1] === 'number' ? [] : {};
    } else return;
  }
}

/** Converts one instance of a NetBird type. `file` is the plan or state the positions point into. */
export function convertInstance(instance: Instance, spec: TypeSpec, ctx: ResolveContext, file: SourceFile): Converted {
  if (!isRecord(instance.values)) return { api: instance.values ?? null, unknowns: [] };
  const values = structuredClone(instance.values);
  const change = instance.change;
  const unknowns: UnknownValue[] = [];
  if (change) {
    const config = resourceConfigOf(ctx.config, instance.parsed);
    const each = config && config.forEach !== undefined ? { expression: config.forEach, module: instance.parsed.module } : null;
    for (const attribute of unknownAttributes(change.afterUnknown, spec)) {
      const unresolved = (cause: UnknownValue['cause'], detail: string): void => {
        unknowns.push({ loc: { file, path: [...instance.valuesPath, ...attribute.path] }, address: instance.address, attribute: attributeText(attribute.path), cause, detail, object: spec.object });
      };
      const attrSpec = attribute.spec;
      if (!attrSpec?.relevant) {
        setAt(values, attribute.path, null);
        continue;
      }
      if (change.action === 'read') {
        unresolved('read-on-apply', instance.address);
        continue;
      }
      if (attrSpec.computedOnly) {
        setAt(values, attribute.path, null);
        continue;
      }
      const expression = config ? configuredExpression(config.expressions, attribute.path) : { state: 'no-configuration' as const };
      if (expression.state === 'unset') {
        if (Object.hasOwn(attrSpec, 'unset')) setAt(values, attribute.path, structuredClone(attrSpec.unset));
        else unresolved('computed', 'NetBird sets it on apply');
        continue;
      }
      if (expression.state !== 'set') {
        unresolved(expression.state, expression.state === 'dynamic-block' ? `${String(attribute.path[0])} blocks` : instance.address);
        continue;
      }
      const sources = sourcesOf(expression.value, instance.parsed.module, each, ctx);
      if (sources.opaque !== null) {
        unresolved('reference', sources.opaque);
        continue;
      }
      // Unknown, and nothing in its references that could make it so: a function evaluated on apply.
      if (sources.producers.length === 0) unresolved('reference', 'an expression evaluated on apply');
      else if (!attrSpec.ids) unresolved('reference', sources.producers.map((p) => `${p}.id`).join(', '));
      else if (!fillIds(values, attribute, attrSpec, sources.producers)) unresolved('ambiguous', sources.producers.join(', '));
    }
  }
  return { api: unknowns.length > 0 ? null : spec.toApi(values, instance.address), unknowns };
}

type ConfiguredExpression = { state: 'set'; value: unknown } | { state: 'unset' } | { state: 'dynamic-block' } | { state: 'no-configuration' };

/** The configuration's expression for an attribute; for one inside a block, in the block written at that position. */
function configuredExpression(expressions: Record<string, unknown>, path: readonly (string | number)[]): ConfiguredExpression {
  const [name, index, inner] = path as [string, number | undefined, string | undefined];
  if (index === undefined) return Object.hasOwn(expressions, name) ? { state: 'set', value: expressions[name] } : { state: 'unset' };
  // Blocks made by `dynamic` are not in the configuration representation.
  const blocks = expressions[name];
  const block = Array.isArray(blocks) ? blocks[index] : undefined;
  if (!isRecord(block)) return { state: 'dynamic-block' };
  if (inner === undefined) return { state: 'dynamic-block' };
  return Object.hasOwn(block, inner) ? { state: 'set', value: block[inner] } : { state: 'unset' };
}

/**
 * Puts the producers' addresses where the unknown ids are. Each unknown element must come from a
 * new object the expression reads the id of; with exactly as many such objects as unknown elements,
 * each is taken to appear once (ids are sets of groups or peers to NetBird, so their order does not
 * matter). False when they do not match up.
 */
function fillIds(values: Record<string, unknown>, attribute: UnknownAttribute, spec: AttributeSpec, producers: readonly string[]): boolean {
  if (spec.ids === 'list') {
    const list = getAt(values, attribute.path);
    const positions = attribute.parts.map((p) => p[0]);
    // A wholly unknown list: how long it will be, and what else it holds, is not in the plan.
    if (!Array.isArray(list) || attribute.parts.some((p) => p.length !== 1) || !positions.every((p): p is number => typeof p === 'number')) return false;
    if (positions.length !== producers.length) return false;
    positions.sort((a, b) => a - b).forEach((position, i) => (list[position] = producers[i]));
    return true;
  }
  const part = attribute.parts[0]!;
  const inner = spec.ids === 'object' ? ['id'] : [];
  if (attribute.parts.length !== 1 || part.length !== inner.length || part[0] !== inner[0] || producers.length !== 1) return false;
  setAt(values, [...attribute.path, ...inner], producers[0]);
  return true;
}

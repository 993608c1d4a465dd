// Values a plan leaves unknown until apply, traced through the configuration's references to what
// produces them. A route whose `groups` holds the id of a group created in the same plan gets that
// group's address as the id (the converted group carries the same address as its id), so the two
// still link up. Only what the plan states is used: an expression's references, followed through
// module variables and outputs; anything else that could be unknown (locals, `each.value` over
// unknown values, attributes other than `id` of new objects) makes the value unresolvable.
import { addressText, moduleText, parseSteps, resourceText, type ModuleStep, type ResourceAddress, type Step } from './address.js';
import { isRecord, moduleConfigAt, type Instance, type ModuleConfig } from './document.js';

/** Leaves of an `after_unknown` value that are `true`, as paths relative to the object. */
export function unknownLeaves(afterUnknown: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (afterUnknown === true) return [path];
  if (Array.isArray(afterUnknown)) return afterUnknown.flatMap((v, i) => unknownLeaves(v, [...path, i]));
  if (isRecord(afterUnknown)) return Object.keys(afterUnknown).sort().flatMap((k) => unknownLeaves(afterUnknown[k], [...path, k]));
  return [];
}

/** Is anything at or under `path` unknown? */
export function unknownAt(afterUnknown: unknown, path: readonly (string | number)[]): boolean {
  let node = afterUnknown;
  for (const part of path) {
    if (node === true) return true;
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isRecord(node) && typeof part === 'string') node = node[part];
    else return false;
  }
  return unknownLeaves(node).length > 0;
}

export interface ResolveContext {
  /** Every instance the plan knows, by canonical address: planned values and data sources of the prior state. */
  readonly instances: ReadonlyMap<string, Instance>;
  /** Instances by resource (address without instance key). */
  readonly byResource: ReadonlyMap<string, readonly Instance[]>;
  readonly config: ModuleConfig | null;
  /** Traces by expression and module instance: instances of one block share their expressions. */
  readonly cache: WeakMap<object, Map<string, Sources>>;
  /** Does this instance get its address as a stand-in id (a NetBird object created in this plan)? */
  readonly isProducer: (instance: Instance) => boolean;
}

/** Where `each.value` reads from: the `for_each` expression of the block, in the module it is written in. */
export interface EachSource {
  readonly expression: unknown;
  readonly module: readonly ModuleStep[];
}

/** What an expression's unknown parts can come from: objects created in the plan, or something opaque. */
export interface Sources {
  /** Addresses of objects created in this plan whose `id` the expression reads, in order of first reference. */
  readonly producers: readonly string[];
  /** The first reference that could be unknown and is not such an id; null when there is none. */
  readonly opaque: string | null;
}

const MAX_DEPTH = 32;

function startsWith(long: readonly Step[], short: readonly Step[]): boolean {
  return short.every((s, i) => {
    const l = long[i]!;
    return s.kind === 'name' ? l.kind === 'name' && l.name === s.name : l.kind === 'key' && l.key === s.key;
  });
}

function nameAt(steps: readonly Step[], i: number): string | null {
  const step = steps[i];
  return step?.kind === 'name' ? step.name : null;
}

/** Traces an expression (`{references: [...]}` or `{constant_value}`) evaluated in module instance `module`. */
export function sourcesOf(expression: unknown, module: readonly ModuleStep[], each: EachSource | null, ctx: ResolveContext, depth = 0): Sources {
  if (!isRecord(expression)) return { producers: [], opaque: null };
  // One expression belongs to one block, so the module instance (and whether `each` is there) decides the answer.
  const key = `${moduleText(module)}|${each ? 'each' : ''}|${depth > MAX_DEPTH ? 'deep' : ''}`;
  let cached = ctx.cache.get(expression);
  if (!cached) ctx.cache.set(expression, (cached = new Map()));
  const hit = cached.get(key);
  if (hit) return hit;
  const sources = traceSources(expression, module, each, ctx, depth);
  cached.set(key, sources);
  return sources;
}

function traceSources(expression: Record<string, unknown>, module: readonly ModuleStep[], each: EachSource | null, ctx: ResolveContext, depth: number): Sources {
  const producers: string[] = [];
  let opaque: string | null = null;
  const add = (s: Sources): void => {
    for (const p of s.producers) if (!producers.includes(p)) producers.push(p);
    opaque ??= s.opaque;
  };
  if (!Array.isArray(expression.references)) return { producers, opaque };
  const refs = expression.references.filter((r): r is string => typeof r === 'string').map((text) => ({ text, steps: parseSteps(text) }));
  if (depth > MAX_DEPTH) return { producers, opaque: refs[0]?.text ?? 'a chain of module variables' };
  // Terraform lists `a.b.c`, then `a.b` and `a` as implied by it: only the longest says what is read.
  const kept = refs.filter((a) => !refs.some((b) => b !== a && a.steps && b.steps && b.steps.length > a.steps.length && startsWith(b.steps, a.steps)));
  for (const { text, steps } of kept) {
    if (!steps) {
      opaque ??= text;
      continue;
    }
    switch (nameAt(steps, 0)) {
      case 'var':
        add(variableSources(text, steps, module, ctx, depth));
        break;
      case 'each':
        if (nameAt(steps, 1) === 'value') {
          const s = each ? sourcesOf(each.expression, each.module, null, ctx, depth + 1) : { producers: [], opaque: text };
          // Which element of the for_each value this instance got is not in the plan: any unknown in it is opaque.
          if (s.producers.length > 0 || s.opaque) opaque ??= text;
        }
        break;
      case 'count':
      case 'path':
      case 'terraform':
        // Known while planning.
        break;
      case 'module':
        add(outputSources(text, steps, module, ctx, depth));
        break;
      case 'data':
        add(resourceSources(text, steps.slice(1), 'data', module, ctx));
        break;
      case 'local':
      case 'self':
      case null:
        // Locals are not in the plan's configuration; `self` only exists in provisioners.
        opaque ??= text;
        break;
      default:
        add(resourceSources(text, steps, 'managed', module, ctx));
    }
  }
  return { producers, opaque };
}

/** `var.x`: a root variable is known; a module's is the expression its module call passes. */
function variableSources(text: string, steps: readonly Step[], module: readonly ModuleStep[], ctx: ResolveContext, depth: number): Sources {
  const name = nameAt(steps, 1);
  if (module.length === 0) return { producers: [], opaque: null };
  const parent = module.slice(0, -1);
  const call = moduleConfigAt(ctx.config, parent.map((m) => m.name))?.calls.get(module[module.length - 1]!.name);
  if (!call || name === null) return { producers: [], opaque: text };
  // Not passed: the variable takes its default, which cannot refer to anything.
  if (!Object.hasOwn(call.expressions, name)) return { producers: [], opaque: null };
  const each = call.forEach === undefined ? null : { expression: call.forEach, module: parent };
  return sourcesOf(call.expressions[name], parent, each, ctx, depth + 1);
}

/** `module.m.out` or `module.m["k"].out`: the output's expression, inside that module instance. */
function outputSources(text: string, steps: readonly Step[], module: readonly ModuleStep[], ctx: ResolveContext, depth: number): Sources {
  const name = nameAt(steps, 1);
  const call = name === null ? undefined : moduleConfigAt(ctx.config, module.map((m) => m.name))?.calls.get(name);
  const keyStep = steps[2];
  const key = keyStep?.kind === 'key' ? keyStep.key : null;
  const output = nameAt(steps, key === null ? 2 : 3);
  // Every instance of a repeated module, or the whole module object: which values end up where is not in the plan.
  if (!call || name === null || output === null || (call.repeated && key === null)) return { producers: [], opaque: text };
  const expression = call.module?.outputs.get(output);
  if (expression === undefined) return { producers: [], opaque: text };
  return sourcesOf(expression, [...module, { name, key }], null, ctx, depth + 1);
}

/** `type.name[key].attr` (or `data.type.name…`): the instances it names, and whether what it reads is known. */
function resourceSources(text: string, steps: readonly Step[], mode: 'managed' | 'data', module: readonly ModuleStep[], ctx: ResolveContext): Sources {
  const type = nameAt(steps, 0);
  const name = nameAt(steps, 1);
  if (type === null || name === null) return { producers: [], opaque: text };
  const keyStep = steps[2];
  const key = keyStep?.kind === 'key' ? keyStep.key : null;
  const attribute = nameAt(steps, key === null ? 2 : 3);
  const base: ResourceAddress = { module, mode, type, name, key: null };
  let instances: readonly Instance[];
  if (key !== null) {
    const one = ctx.instances.get(addressText({ ...base, key }));
    if (!one) return { producers: [], opaque: text };
    instances = [one];
  } else {
    // A whole resource: its single instance, or every instance of a count/for_each resource (none: an empty collection).
    instances = ctx.byResource.get(resourceText(base)) ?? [];
  }
  const producers: string[] = [];
  let opaque: string | null = null;
  for (const instance of instances) {
    const unknown = instance.change?.afterUnknown;
    // `[for g in netbird_group.team : g.id]` is recorded as `netbird_group.team` alone: a whole new
    // object counts as its id, the only unknown of it that can end up in a list of ids.
    if ((attribute === 'id' || attribute === null) && ctx.isProducer(instance)) producers.push(instance.address);
    else if (attribute === null ? unknownLeaves(unknown).length > 0 : unknownAt(unknown, [attribute])) opaque ??= text;
  }
  return { producers, opaque };
}

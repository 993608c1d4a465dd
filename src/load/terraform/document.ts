// The parts of `terraform show -json` output routelint reads: resource instances of a values
// representation (modules walked recursively), the plan's resource changes, and the configuration's
// expressions, each with its JSON path into the file.
import type { JsonPath } from '../source.js';
import type { ChangeAction } from '../raw.js';
import { addressText, parseAddress, readModulePath, parseSteps, type InstanceKey, type ModuleStep, type ResourceAddress } from './address.js';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One resource instance of a values representation (planned values, a state, a prior state). */
export interface Instance {
  /** Canonical absolute address. */
  readonly address: string;
  readonly parsed: ResourceAddress;
  /** The instance's `values` as the file holds them (an object, unless the file is broken). */
  readonly values: unknown;
  readonly valuesPath: JsonPath;
  /** The plan's change for this instance; null in a state, and for data sources read while planning. */
  readonly change: PlannedChange | null;
}

/** One element of a plan's `resource_changes`. */
export interface PlannedChange {
  readonly address: string;
  readonly parsed: ResourceAddress;
  readonly action: ChangeAction;
  /** Leaves that are `true` are unknown until apply (Terraform's `after_unknown`). */
  readonly afterUnknown: unknown;
  /** The path of the element in `resource_changes`. */
  readonly path: JsonPath;
}

/** Terraform's action lists, as one word: a delete and a create in either order is a replacement. */
export function changeActionOf(actions: readonly unknown[]): ChangeAction {
  const has = (a: string) => actions.includes(a);
  if (has('create') && (has('delete') || has('forget'))) return 'replace';
  for (const action of ['create', 'update', 'delete', 'read', 'forget', 'no-op'] as const) if (has(action)) return action;
  // An action a newer Terraform added: the object stays, and may change.
  return 'update';
}

function keyOf(index: unknown): InstanceKey | null {
  return typeof index === 'string' || (typeof index === 'number' && Number.isInteger(index)) ? index : null;
}

/** The address of a resource entry: its own `address`, or one made from its parts when that is missing or unreadable. */
function entryAddress(entry: Record<string, unknown>, module: readonly ModuleStep[]): ResourceAddress | null {
  if (typeof entry.address === 'string') {
    const parsed = parseAddress(entry.address);
    if (parsed) return parsed;
  }
  if (typeof entry.type !== 'string' || typeof entry.name !== 'string') return null;
  return { module, mode: entry.mode === 'data' ? 'data' : 'managed', type: entry.type, name: entry.name, key: keyOf(entry.index) };
}

function moduleOf(moduleEntry: Record<string, unknown>): ModuleStep[] {
  if (typeof moduleEntry.address !== 'string') return [];
  const steps = parseSteps(moduleEntry.address);
  const head = steps ? readModulePath(steps) : null;
  return head && head.next === steps!.length ? head.module : [];
}

/** Every resource instance of a values representation's module tree, in file order (a module's resources, then its children). */
export function valuesInstances(valuesRepresentation: unknown, path: JsonPath, changes: ReadonlyMap<string, PlannedChange>): Instance[] {
  const out: Instance[] = [];
  if (!isRecord(valuesRepresentation)) return out;
  const walk = (module: unknown, at: JsonPath, depth: number): void => {
    // Module trees are as deep as the configuration's nesting; a file nested absurdly deep is not one.
    if (!isRecord(module) || depth > 100) return;
    const moduleSteps = moduleOf(module);
    if (Array.isArray(module.resources)) {
      module.resources.forEach((entry, i) => {
        if (!isRecord(entry)) return;
        const parsed = entryAddress(entry, moduleSteps);
        if (!parsed) return;
        const address = addressText(parsed);
        out.push({ address, parsed, values: entry.values, valuesPath: [...at, 'resources', i, 'values'], change: changes.get(address) ?? null });
      });
    }
    if (Array.isArray(module.child_modules)) module.child_modules.forEach((child, i) => walk(child, [...at, 'child_modules', i], depth + 1));
  };
  walk(valuesRepresentation.root_module, [...path, 'root_module'], 0);
  return out;
}

/** The plan's changes by canonical address; changes to deposed objects are left out (they do not describe the current object). */
export function plannedChanges(resourceChanges: unknown): Map<string, PlannedChange> {
  const out = new Map<string, PlannedChange>();
  if (!Array.isArray(resourceChanges)) return out;
  resourceChanges.forEach((entry, i) => {
    if (!isRecord(entry) || entry.deposed !== undefined || !isRecord(entry.change)) return;
    const parsed = entryAddress(entry, []);
    if (!parsed) return;
    const actions = Array.isArray(entry.change.actions) ? entry.change.actions : [];
    const address = addressText(parsed);
    out.set(address, { address, parsed, action: changeActionOf(actions), afterUnknown: entry.change.after_unknown, path: ['resource_changes', i] });
  });
  return out;
}

/** The configuration of one module: its resources' expressions, its module calls and its outputs. */
export interface ModuleConfig {
  /** Keyed by `type.name`, or `data.type.name` for data sources. */
  readonly resources: ReadonlyMap<string, ResourceConfig>;
  readonly calls: ReadonlyMap<string, ModuleCall>;
  /** Output name → its expression. */
  readonly outputs: ReadonlyMap<string, unknown>;
}

export interface ResourceConfig {
  readonly expressions: Record<string, unknown>;
  /** The `for_each` expression, when the resource has one: `each.value` reads from it. */
  readonly forEach: unknown;
}

export interface ModuleCall {
  readonly expressions: Record<string, unknown>;
  readonly forEach: unknown;
  readonly repeated: boolean;
  readonly module: ModuleConfig | null;
}

export function readModuleConfig(value: unknown, depth = 0): ModuleConfig | null {
  if (!isRecord(value) || depth > 100) return null;
  const resources = new Map<string, ResourceConfig>();
  if (Array.isArray(value.resources)) {
    for (const entry of value.resources) {
      if (!isRecord(entry) || typeof entry.type !== 'string' || typeof entry.name !== 'string') continue;
      const key = `${entry.mode === 'data' ? 'data.' : ''}${entry.type}.${entry.name}`;
      resources.set(key, { expressions: isRecord(entry.expressions) ? entry.expressions : {}, forEach: entry.for_each_expression });
    }
  }
  const calls = new Map<string, ModuleCall>();
  if (isRecord(value.module_calls)) {
    for (const name of Object.keys(value.module_calls).sort()) {
      const call = value.module_calls[name];
      if (!isRecord(call)) continue;
      calls.set(name, {
        expressions: isRecord(call.expressions) ? call.expressions : {},
        forEach: call.for_each_expression,
        repeated: call.for_each_expression !== undefined || call.count_expression !== undefined,
        module: readModuleConfig(call.module, depth + 1),
      });
    }
  }
  const outputs = new Map<string, unknown>();
  if (isRecord(value.outputs)) {
    for (const name of Object.keys(value.outputs).sort()) {
      const output = value.outputs[name];
      if (isRecord(output)) outputs.set(name, output.expression);
    }
  }
  return { resources, calls, outputs };
}

/** The configuration of the module at a path of module call names ([] is the root). */
export function moduleConfigAt(root: ModuleConfig | null, names: readonly string[]): ModuleConfig | null {
  let module = root;
  for (const name of names) module = module?.calls.get(name)?.module ?? null;
  return module;
}

/** The configuration block of a resource instance, or null when the plan has no configuration for it. */
export function resourceConfigOf(root: ModuleConfig | null, address: ResourceAddress): ResourceConfig | null {
  const module = moduleConfigAt(root, address.module.map((m) => m.name));
  return module?.resources.get(`${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`) ?? null;
}

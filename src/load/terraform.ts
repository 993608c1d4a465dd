// `terraform show -json` output, for a saved plan or for a state, read as an export. The NetBird
// provider's resources and data sources become the API's sections (src/load/terraform/netbird.ts),
// every element keeping the JSON path of its `values` in the file and its resource address, so that
// findings point into the plan and name the resource. From a plan, the planned values are linted:
// modules and count/for_each instances included, objects the plan destroys left out, data sources
// read while planning taken from the prior state, and ids of objects created by the plan resolved to
// those objects' addresses (src/load/terraform/resolve.ts).
import { InputError } from '../errors.js';
import { type ElementOrigin, type RawExport, type RawSection, type SectionName, SECTIONS } from './raw.js';
import { inspectValue, MAX_NESTING, pathText } from './nesting.js';
import { syntaxProblemExport } from './value.js';
import { readTextFile } from './read.js';
import { parseSource, type JsonPath, type SourceFile } from './source.js';
import type { ChangeAction, UnknownValue } from './raw.js';
import { resourceText } from './terraform/address.js';
import { convertInstance } from './terraform/convert.js';
import { isRecord, plannedChanges, readModuleConfig, valuesInstances, type Instance, type PlannedChange } from './terraform/document.js';
import { indexedJsonFile } from './terraform/locate.js';
import { NETBIRD_TYPES, type TerraformSection } from './terraform/netbird.js';
import { unknownAt, type ResolveContext } from './terraform/resolve.js';

/** A change the plan makes to a NetBird object, deletions included (they are not in the planned values). */
export interface TerraformResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly action: ChangeAction;
  /** The element of `resource_changes`. */
  readonly path: JsonPath;
}

export interface TerraformDocument {
  readonly kind: 'plan' | 'state';
  readonly terraformVersion: string | null;
  /** A plan's planned values, or the state: the account as it will be, or is. */
  readonly after: RawExport;
  /** A plan's prior state: the account before it. Null for a state. */
  readonly before: RawExport | null;
  /** A plan's changes to NetBird objects, in the file's order; empty for a state. */
  readonly changes: readonly TerraformResourceChange[];
}

const TERRAFORM_SECTIONS: readonly TerraformSection[] = ['routes', 'groups', 'peers', 'policies', 'networks', 'network_routers', 'network_resources', 'posture_checks'];

/** `terraform show -json` output: a `format_version` at the top, and no `routes` (which would make it a bundle). */
export function isTerraformJson(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.format_version === 'string' && !Object.hasOwn(value, 'routes');
}

/**
 * Where a plan or state nests deeper than MAX_NESTING levels, for a message: converting it would
 * run out of stack. Null when it does not.
 */
function tooDeep(value: Record<string, unknown>): { readonly path: JsonPath; readonly text: string } | null {
  const problem = inspectValue(value);
  return problem && { path: problem.path, text: `nested deeper than ${MAX_NESTING} levels (at ${pathText(problem.path)})` };
}

/**
 * The export of a plan (its planned values) or of a state, for every command that takes an export.
 * A document nested too deep is a fatal finding at the resource that does it.
 */
export function terraformExport(path: string, text: string, file: SourceFile, value: Record<string, unknown>): RawExport {
  const deep = tooDeep(value);
  if (deep) return syntaxProblemExport(path, { message: `Parsing error: ${deep.text}`, ...file.locate(deep.path.slice(0, 2)) });
  return documentOf(path, text, file, value).after;
}

/** Reads a plan or a state from a file: the account after (and, for a plan, before) and the plan's changes. */
export function readTerraformFile(path: string): TerraformDocument {
  const text = readTextFile(path);
  const parsed = parseSource(path, text);
  if (!parsed.ok) throw new InputError(`${path}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
  if (!isTerraformJson(parsed.value)) throw new InputError(`${path}: not the output of \`terraform show -json\` (no format_version)`);
  return terraformDocument(path, text, parsed.file, parsed.value);
}

export function terraformDocument(path: string, text: string, parsedFile: SourceFile, value: Record<string, unknown>): TerraformDocument {
  const deep = tooDeep(value);
  if (deep) throw new InputError(`${path}: ${deep.text}`);
  return documentOf(path, text, parsedFile, value);
}

function documentOf(path: string, text: string, parsedFile: SourceFile, value: Record<string, unknown>): TerraformDocument {
  const formatVersion = value.format_version as string;
  // Terraform's promise: minor versions only add; a new major version may change what things mean.
  if (!/^1(\.|$)/.test(formatVersion)) throw new InputError(`${path}: Terraform JSON format_version "${formatVersion}" is not supported (routelint reads 1.x)`);
  const file = indexedJsonFile(parsedFile, text);
  const terraformVersion = typeof value.terraform_version === 'string' ? value.terraform_version : null;
  const isPlan = Object.hasOwn(value, 'planned_values') || Object.hasOwn(value, 'resource_changes');
  const config = isRecord(value.configuration) ? readModuleConfig(value.configuration.root_module) : null;

  if (!isPlan) {
    const instances = valuesInstances(value.values, ['values'], new Map());
    return { kind: 'state', terraformVersion, after: accountExport({ path, file, kind: 'state', sectionPath: ['values'], instances, ctx: contextOf(instances, config), actionOf: () => undefined }), before: null, changes: [] };
  }

  const changes = plannedChanges(value.resource_changes);
  const prior = isRecord(value.prior_state) ? valuesInstances(value.prior_state.values, ['prior_state', 'values'], new Map()) : [];
  const planned = valuesInstances(value.planned_values, ['planned_values'], changes);
  // Data sources read while planning are in the prior state only; one read on apply is in the planned values.
  const plannedAddresses = new Set(planned.map((i) => i.address));
  const after = [...planned, ...prior.filter((i) => i.parsed.mode === 'data' && !plannedAddresses.has(i.address))];
  const actionOf = (i: Instance): ChangeAction | undefined => changes.get(i.address)?.action;
  return {
    kind: 'plan',
    terraformVersion,
    after: accountExport({ path, file, kind: 'plan', sectionPath: ['planned_values'], instances: after, ctx: contextOf(after, config), actionOf }),
    before: accountExport({ path, file, kind: 'plan', sectionPath: ['prior_state'], instances: prior, ctx: contextOf(prior, config), actionOf }),
    changes: [...changes.values()].filter((c) => NETBIRD_TYPES.has(c.parsed.type)).map(changeOf),
  };
}

function changeOf(c: PlannedChange): TerraformResourceChange {
  return { address: c.address, mode: c.parsed.mode, type: c.parsed.type, action: c.action, path: c.path };
}

function contextOf(instances: readonly Instance[], config: ResolveContext['config']): ResolveContext {
  const byAddress = new Map<string, Instance>();
  const byResource = new Map<string, Instance[]>();
  for (const instance of instances) {
    byAddress.set(instance.address, instance);
    const key = resourceText(instance.parsed);
    const list = byResource.get(key);
    if (list) list.push(instance);
    else byResource.set(key, [instance]);
  }
  return {
    instances: byAddress,
    byResource,
    config,
    cache: new WeakMap(),
    // A NetBird object the plan creates (or replaces): its id is unknown, and its address stands in for it.
    isProducer: (i) => i.parsed.mode === 'managed' && NETBIRD_TYPES.has(i.parsed.type) && i.change !== null && unknownAt(i.change.afterUnknown, ['id']),
  };
}

interface AccountInput {
  readonly path: string;
  readonly file: SourceFile;
  readonly kind: 'plan' | 'state';
  readonly sectionPath: JsonPath;
  readonly instances: readonly Instance[];
  readonly ctx: ResolveContext;
  readonly actionOf: (instance: Instance) => ChangeAction | undefined;
}

type ApiObject = Record<string, unknown>;

function idsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
}

/** The sections of one account (a plan's planned values, its prior state, or a state). */
function accountExport(input: AccountInput): RawExport {
  const objects = new Map<TerraformSection, { api: ApiObject; origin: ElementOrigin }[]>(TERRAFORM_SECTIONS.map((s) => [s, []]));
  const seen = new Map<TerraformSection, Set<string>>(TERRAFORM_SECTIONS.map((s) => [s, new Set()]));
  const unknowns: UnknownValue[] = [];
  const notes = new Map<TerraformSection, string[]>();
  const note = (section: TerraformSection, text: string): void => {
    const list = notes.get(section);
    if (list) list.push(text);
    else notes.set(section, [text]);
  };
  const addressAt = new Map<string, string>();
  // Managed resources first: where a data source reads an object the configuration also manages, the planned values win.
  const ordered = [...input.instances.filter((i) => i.parsed.mode === 'managed'), ...input.instances.filter((i) => i.parsed.mode === 'data')];
  for (const instance of ordered) {
    const spec = NETBIRD_TYPES.get(instance.parsed.type);
    if (!spec) continue;
    addressAt.set(JSON.stringify(instance.valuesPath), instance.address);
    const converted = convertInstance(instance, spec, input.ctx, input.file);
    if (converted.unknowns.length > 0) {
      unknowns.push(...converted.unknowns);
      note(spec.section, `${instance.address} has values known only after apply (${converted.unknowns.map((u) => u.attribute).join(', ')})`);
      continue;
    }
    const api = converted.api as ApiObject;
    const id = isRecord(api) && typeof api.id === 'string' ? api.id : null;
    if (id !== null) {
      const ids = seen.get(spec.section)!;
      if (ids.has(id)) continue;
      ids.add(id);
    }
    const action = input.actionOf(instance);
    const origin: ElementOrigin = { path: instance.valuesPath, address: instance.address, ...(action ? { changeAction: action } : {}), ...(spec.renames ? { renames: spec.renames } : {}) };
    objects.get(spec.section)!.push({ api, origin });
  }
  completeNetworks(objects);

  const sections: Partial<Record<SectionName, RawSection>> = {};
  const sectionNotes: Partial<Record<SectionName, string>> = {};
  const absent = absentSections(objects, notes, input.kind);
  for (const name of TERRAFORM_SECTIONS) {
    // Sections this version of the loader does not know (yet) are left out quietly.
    if (!(SECTIONS as readonly string[]).includes(name)) continue;
    const key = name as SectionName;
    const why = absent.get(name);
    if (why !== undefined) {
      if (why !== '') sectionNotes[key] = why;
      continue;
    }
    const list = objects.get(name)!;
    sections[key] = { file: input.file, value: list.map((o) => o.api), path: input.sectionPath, origins: list.map((o) => o.origin) };
  }
  return {
    input: input.path,
    mainFile: input.path,
    sections,
    syntaxProblems: [],
    shapeProblem: null,
    resourceAddressAt(path) {
      for (let n = path.length; n > 0; n--) {
        const address = addressAt.get(JSON.stringify(path.slice(0, n)));
        if (address !== undefined) return address;
      }
      return null;
    },
    unknownValues: unknowns,
    sectionNotes,
  };
}

/**
 * Sections to leave out, with the reason ('' when there is nothing to say: a plan without networks).
 * A plan holds only the objects its configuration manages or reads, so a section is given only when
 * it holds everything the routes, groups and policies name: otherwise rules would take a group or peer
 * the plan does not show for one that does not exist. Policies are given whenever the configuration
 * has any, on the assumption that a configuration that manages policies manages all of them.
 */
function absentSections(objects: ReadonlyMap<TerraformSection, { api: ApiObject }[]>, notes: ReadonlyMap<TerraformSection, string[]>, kind: 'plan' | 'state'): Map<TerraformSection, string> {
  const absent = new Map<TerraformSection, string>();
  const list = (s: TerraformSection) => objects.get(s)!.map((o) => o.api).filter(isRecord);
  const routes = list('routes');
  const groups = list('groups');
  const peers = list('peers');
  const policies = list('policies');

  const groupRefs = new Set<string>();
  for (const r of routes) for (const f of ['groups', 'peer_groups', 'access_control_groups']) for (const id of idsIn(r[f])) groupRefs.add(id);
  for (const p of policies) for (const rule of Array.isArray(p.rules) ? p.rules : []) if (isRecord(rule)) for (const id of [...idsIn(rule.sources), ...idsIn(rule.destinations)]) groupRefs.add(id);
  for (const r of list('network_routers')) for (const id of idsIn(r.peer_groups)) groupRefs.add(id);
  for (const r of list('network_resources')) for (const id of idsIn(r.groups)) groupRefs.add(id);

  const peerRefs = new Set<string>();
  for (const r of [...routes, ...list('network_routers')]) if (typeof r.peer === 'string' && r.peer !== '') peerRefs.add(r.peer);
  for (const g of groups) for (const id of idsIn(g.peers)) peerRefs.add(id);
  for (const p of policies) {
    for (const rule of Array.isArray(p.rules) ? p.rules : []) {
      if (!isRecord(rule)) continue;
      for (const side of [rule.sourceResource, rule.destinationResource]) if (isRecord(side) && side.type === 'peer' && typeof side.id === 'string') peerRefs.add(side.id);
    }
  }

  const check = (section: TerraformSection, what: string, dataSource: string, present: readonly ApiObject[], refs: ReadonlySet<string>): void => {
    const reasons = [...(notes.get(section) ?? [])];
    const ids = new Set(present.map((o) => o.id));
    const missing = [...refs].filter((id) => !ids.has(id)).sort();
    if (missing.length > 0) reasons.push(`the ${kind} does not hold ${what} ${listIds(missing)}, which it names (read them with data "${dataSource}")`);
    else if (present.length === 0 && reasons.length === 0) reasons.push(`the ${kind} has no ${dataSource} resources or data sources`);
    if (reasons.length > 0) absent.set(section, reasons.join('; '));
  };
  check('groups', 'groups', 'netbird_group', groups, groupRefs);
  check('peers', 'peers', 'netbird_peer', peers, peerRefs);
  check('policies', 'policies', 'netbird_policy', policies, new Set());
  // Posture checks are given when the plan holds every one its policies name (and has any at all).
  const postureRefs = new Set(policies.flatMap((p) => idsIn(p.source_posture_checks)));
  const postureChecks = list('posture_checks');
  if (postureChecks.length === 0 && postureRefs.size === 0) absent.set('posture_checks', '');
  else check('posture_checks', 'posture checks', 'netbird_posture_check', postureChecks, postureRefs);
  for (const section of ['networks', 'network_routers', 'network_resources'] as const) {
    const reasons = notes.get(section);
    if (reasons) absent.set(section, reasons.join('; '));
    else if (objects.get(section)!.length === 0) absent.set(section, '');
  }
  return absent;
}

/** A network's `routers` and `resources` as the API lists them: the provider's list, and the plan's own routers and resources of that network. */
function completeNetworks(objects: ReadonlyMap<TerraformSection, { api: ApiObject }[]>): void {
  for (const [listName, section] of [
    ['routers', 'network_routers'],
    ['resources', 'network_resources'],
  ] as const) {
    const byNetwork = new Map<string, string[]>();
    for (const { api } of objects.get(section)!) {
      if (!isRecord(api) || typeof api.network_id !== 'string' || typeof api.id !== 'string') continue;
      const ids = byNetwork.get(api.network_id);
      if (ids) ids.push(api.id);
      else byNetwork.set(api.network_id, [api.id]);
    }
    for (const { api } of objects.get('networks')!) {
      if (!isRecord(api)) continue;
      const own = idsIn(api[listName]);
      const extra = typeof api.id === 'string' ? (byNetwork.get(api.id) ?? []) : [];
      api[listName] = [...own, ...extra.filter((id) => !own.includes(id))];
    }
  }
}

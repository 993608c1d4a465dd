// The words of the load layer: an export read into raw sections, with where each value sits.
// Nothing here is validated; the model layer turns raw sections into the account model.
import type { JsonPath, SourceFile, SyntaxProblem } from './source.js';

/** Where a value came from: a file and the path of the value inside it. */
export interface Loc {
  readonly file: SourceFile;
  readonly path: JsonPath;
}

/** What a Terraform plan does to a resource (its `actions`, with delete+create in either order as `replace`). */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op' | 'read' | 'forget';

/** A value a Terraform plan leaves unknown until apply that routelint could not resolve (reported by `terraform-unknown-value`). */
export interface UnknownValue {
  readonly loc: Loc;
  /** The resource address, e.g. `netbird_route.lab`. */
  readonly address: string;
  /** The attribute inside the resource, e.g. `groups` or `rule[0].sources`. */
  readonly attribute: string;
  /** Why it could not be resolved, in a closed vocabulary. */
  readonly cause: 'computed' | 'reference' | 'ambiguous' | 'dynamic-block' | 'no-configuration' | 'read-on-apply';
  /** The reference or values behind the cause, for the message (e.g. `local.lab_acl`). */
  readonly detail: string;
  /** The object the resource becomes: a route is left out of every check; for the others their section is. */
  readonly object: 'route' | 'group' | 'peer' | 'policy' | 'network' | 'network_router' | 'network_resource' | 'posture_check';
}

export interface RawSection {
  readonly file: SourceFile;
  readonly value: unknown;
  readonly path: JsonPath;
  /** Set when the elements were converted from another format (Terraform): one per element, where it really sits. */
  readonly origins?: readonly ElementOrigin[];
}

/** Where a converted element comes from: findings about it point at `path`, not at the converted array. */
export interface ElementOrigin {
  /** The object holding the element's fields in the file (a Terraform resource's `values`). */
  readonly path: JsonPath;
  /** The Terraform resource address. */
  readonly address: string;
  readonly changeAction?: ChangeAction;
  /** API field name → the name the file uses for it (`rules` → `rule`), for positions inside the element. */
  readonly renames?: Readonly<Record<string, string>>;
}

export const SECTIONS = ['routes', 'groups', 'peers', 'policies', 'networks', 'network_routers', 'network_resources', 'posture_checks'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** File names (without extension) a section may have in a directory export: its key, and the API path's own spelling. */
export const SECTION_FILE_STEMS: Readonly<Record<SectionName, readonly string[]>> = {
  routes: ['routes'],
  groups: ['groups'],
  peers: ['peers'],
  policies: ['policies'],
  networks: ['networks'],
  network_routers: ['network_routers'],
  network_resources: ['network_resources'],
  posture_checks: ['posture_checks', 'posture-checks'],
};

export interface RawExport {
  /** The path the user gave. */
  readonly input: string;
  /** The file findings about the export as a whole are attached to. */
  readonly mainFile: string;
  readonly sections: Partial<Record<SectionName, RawSection>>;
  /** Files that did not parse: each becomes a fatal finding. */
  readonly syntaxProblems: readonly { readonly path: string; readonly problem: SyntaxProblem }[];
  /** The top-level value of a single-file export is neither an array nor a bundle object. */
  readonly shapeProblem: { readonly file: SourceFile; readonly actual: string } | null;
  /** Terraform input: the address of the resource holding the value at a path, if any. */
  readonly resourceAddressAt?: (path: JsonPath) => string | null;
  /** Terraform input: values known only after apply that could not be resolved. */
  readonly unknownValues?: readonly UnknownValue[];
  /** Terraform input: why a section is absent (the plan does not hold every group its routes name, …). */
  readonly sectionNotes?: Partial<Record<SectionName, string>>;
  /** A bundle written by `routelint pull`: when the account was read (its `pulled_at`, ISO 8601). */
  readonly pulledAt?: string;
}


/** The JSON type of a value, for messages (`an object`, `a string`, `null`). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

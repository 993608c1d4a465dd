// Finding and reading the files of one export: a routes array, a bundle object, or a directory
// of API dumps, each in JSON or YAML.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, detectFormat, parseSource, type JsonPath, type SourceFile, type SyntaxProblem } from './source.js';
import { PREFETCH_MIN_BYTES, prefetchElementStarts, type ElementPrefetch } from './section-prefetch.js';
import { isTerraformJson, terraformExport } from './terraform.js';
import type { ChangeAction, UnknownValue } from '../model/types.js';

/** Could not run at all: a missing path, an unreadable file. The CLI turns it into exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
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

export const SECTIONS = ['routes', 'groups', 'peers', 'policies', 'networks', 'network_routers', 'network_resources'] as const;
export type SectionName = (typeof SECTIONS)[number];

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
}

const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** Reads a file as text; throws InputError for anything that is not a readable regular file. */
export function readTextFile(path: string): string {
  return decodeText(readFileBytes(path));
}

/**
 * The bytes of a regular file (a FIFO, a directory or a file over 1 GiB is an InputError).
 * `shareAbove`: files of at least this many bytes are read into a SharedArrayBuffer, for a worker.
 */
function readFileBytes(path: string, shareAbove = Number.POSITIVE_INFINITY): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory`);
    if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
    if (st.size > MAX_FILE_BYTES) throw new InputError(`${path}: file is larger than 1 GiB`);
    const bytes = st.size >= shareAbove ? new Uint8Array(new SharedArrayBuffer(st.size)) : Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, bytes, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: ${describeFsError(err)}`);
  } finally {
    closeSync(fd);
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return code ? `cannot read (${code})` : 'cannot read';
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Finds `<name>.json`, `.yaml` or `.yml` in a directory listing. */
function findSectionFile(dir: string, entries: readonly string[], name: string): string | null {
  for (const ext of ['json', 'yaml', 'yml']) {
    if (entries.includes(`${name}.${ext}`)) return join(dir, `${name}.${ext}`);
  }
  return null;
}

/** Bytes an export will read (a directory: its files); 0 when it cannot tell. */
export function exportSize(input: string): number {
  try {
    const st = statSync(input);
    if (!st.isDirectory()) return st.size;
    return readdirSync(input).reduce((sum, name) => {
      try {
        return sum + statSync(join(input, name)).size;
      } catch {
        return sum;
      }
    }, 0);
  } catch {
    return 0;
  }
}

export function readExport(input: string): RawExport {
  let st;
  try {
    st = statSync(input);
  } catch (err) {
    throw new InputError(`${input}: ${describeFsError(err)}`);
  }
  if (st.isDirectory()) return readDirectoryExport(input);
  return readFileExport(input);
}

function readDirectoryExport(dir: string): RawExport {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(`${dir}: ${describeFsError(err)}`);
  }
  // A Networks-API-only account has no routes.json: its resources are its routes.
  const routesPath = findSectionFile(dir, entries, 'routes') ?? findSectionFile(dir, entries, 'network_resources');
  if (!routesPath) throw new InputError(`${dir}: directory has no routes.json or network_resources.json (or .yaml)`);
  const sections: Partial<Record<SectionName, RawSection>> = {};
  const syntaxProblems: { path: string; problem: SyntaxProblem }[] = [];
  for (const name of SECTIONS) {
    const path = findSectionFile(dir, entries, name);
    if (!path) continue;
    const parsed = parseSource(path, readTextFile(path));
    if (!parsed.ok) syntaxProblems.push({ path, problem: parsed.problem });
    else sections[name] = { file: parsed.file, value: parsed.value, path: [] };
  }
  return { input: dir, mainFile: routesPath, sections, syntaxProblems, shapeProblem: null };
}

function readFileExport(path: string): RawExport {
  const bytes = readFileBytes(path, PREFETCH_MIN_BYTES);
  const text = decodeText(bytes);
  const format = detectFormat(path, text);
  // A big JSON export's element starts are found on another thread meanwhile (see section-prefetch.ts).
  const prefetch = format === 'json' && bytes.byteLength >= PREFETCH_MIN_BYTES ? prefetchElementStarts(bytes) : null;
  return exportFromText(path, text, prefetch, format);
}

/** An export from text already in memory (a live pull): `path` names it in findings. */
export function exportFromText(path: string, text: string, prefetch: ElementPrefetch | null = null, format = detectFormat(path, text)): RawExport {
  const parsed = parseSource(path, text, format, prefetch);
  if (!parsed.ok) return { input: path, mainFile: path, sections: {}, syntaxProblems: [{ path, problem: parsed.problem }], shapeProblem: null };
  const { file, value } = parsed;
  // `terraform show -json` output for a plan or a state: its NetBird resources become the sections.
  if (isTerraformJson(value)) return terraformExport(path, text, file, value);
  if (Array.isArray(value)) return { input: path, mainFile: path, sections: { routes: { file, value, path: [] } }, syntaxProblems: [], shapeProblem: null };
  if (value !== null && typeof value === 'object' && (Object.hasOwn(value, 'routes') || Object.hasOwn(value, 'network_resources'))) {
    const bundle = value as Record<string, unknown>;
    const sections: Partial<Record<SectionName, RawSection>> = {};
    for (const name of SECTIONS) {
      if (Object.hasOwn(bundle, name)) sections[name] = { file, value: bundle[name], path: [name] };
    }
    return { input: path, mainFile: path, sections, syntaxProblems: [], shapeProblem: null };
  }
  return { input: path, mainFile: path, sections: {}, syntaxProblems: [], shapeProblem: { file, actual: typeName(value) } };
}

export { typeName };

// Finding and reading the files of one export: a routes array, a bundle object, or a directory
// of API dumps, each in JSON or YAML.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { decodeText, detectFormat, parseSource, type SyntaxProblem } from './source.js';
import { exportOfValue, syntaxProblemExport } from './value.js';
import { PREFETCH_MIN_BYTES, prefetchElementStarts, type ElementPrefetch } from './section-prefetch.js';
import { isTerraformJson, terraformExport } from './terraform.js';
import { InputError } from '../errors.js';
import { SECTION_FILE_STEMS, SECTIONS, type RawExport, type RawSection, type SectionName } from './raw.js';
import { describeFsError, FileTooLargeError, readFileBytes, readTextFile, tooLargeText } from './read.js';

/** Finds `<name>.json`, `.yaml` or `.yml` in a directory listing. */
function findSectionFile(dir: string, entries: readonly string[], name: string): string | null {
  for (const ext of ['json', 'yaml', 'yml']) {
    if (entries.includes(`${name}.${ext}`)) return join(dir, `${name}.${ext}`);
  }
  return null;
}

const SECTION_FILE = new RegExp(`^(${Object.values(SECTION_FILE_STEMS).flat().join('|')})\\.(json|ya?ml)$`);

/**
 * The exports that changed files belong to, each once, in the order first named: the paths a
 * pre-commit hook passes (`lint --hook`). A file named as a section of a directory export
 * (`groups.json`, `posture-checks.yaml`, …) stands for its directory, whose other files the rules
 * need; any other file (a bundle, a YAML account, a Terraform plan) is an export of its own, and so
 * is a routes file alone in its directory (which may be a bundle).
 */
export function exportRootsOf(files: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const file of files) {
    const section = SECTION_FILE.exec(basename(file));
    if (!section) {
      roots.add(normalize(file));
      continue;
    }
    const dir = normalize(dirname(file));
    let siblings: string[];
    try {
      siblings = readdirSync(dir).filter((name) => name !== basename(file) && SECTION_FILE.test(name));
    } catch {
      siblings = [];
    }
    roots.add(section[1] === 'routes' && siblings.length === 0 ? normalize(file) : dir);
  }
  return [...roots];
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
    let path: string | null = null;
    for (const stem of SECTION_FILE_STEMS[name]) path ??= findSectionFile(dir, entries, stem);
    if (!path) continue;
    const text = readUnlessTooLarge(path);
    if (typeof text !== 'string') {
      syntaxProblems.push({ path, problem: text });
      continue;
    }
    const parsed = parseSource(path, text);
    if (!parsed.ok) syntaxProblems.push({ path, problem: parsed.problem });
    else sections[name] = { file: parsed.file, value: parsed.value, path: [] };
  }
  return { input: dir, mainFile: routesPath, sections, syntaxProblems, shapeProblem: null };
}

/**
 * A file too large to hold as text is a fatal finding of its own, like one that does not parse,
 * so the other paths of the run are still linted.
 */
function tooLargeProblem(err: FileTooLargeError): SyntaxProblem {
  return { message: `Reading error: ${tooLargeText(err.size)}`, line: 1, column: 1 };
}

function readUnlessTooLarge(path: string): string | SyntaxProblem {
  try {
    return readTextFile(path);
  } catch (err) {
    if (err instanceof FileTooLargeError) return tooLargeProblem(err);
    throw err;
  }
}

function readFileExport(path: string): RawExport {
  let bytes: Uint8Array;
  try {
    bytes = readFileBytes(path, PREFETCH_MIN_BYTES);
  } catch (err) {
    if (err instanceof FileTooLargeError) return syntaxProblemExport(path, tooLargeProblem(err));
    throw err;
  }
  const text = decodeText(bytes);
  const format = detectFormat(path, text);
  // A big JSON export's element starts are found on another thread meanwhile (see section-prefetch.ts).
  const prefetch = format === 'json' && bytes.byteLength >= PREFETCH_MIN_BYTES ? prefetchElementStarts(bytes) : null;
  return exportFromText(path, text, prefetch, format);
}

/** An export from text already in memory (a live pull): `path` names it in findings. */
export function exportFromText(path: string, text: string, prefetch: ElementPrefetch | null = null, format = detectFormat(path, text)): RawExport {
  const parsed = parseSource(path, text, format, prefetch);
  if (!parsed.ok) return syntaxProblemExport(path, parsed.problem);
  // `terraform show -json` output for a plan or a state: its NetBird resources become the sections.
  if (isTerraformJson(parsed.value)) return terraformExport(path, text, parsed.file, parsed.value);
  return exportOfValue(path, parsed.file, parsed.value);
}

/** When the export's data was taken, and how routelint knows. */
export interface ExportDate {
  /** ISO 8601, UTC. */
  readonly date: string;
  /** `pulled`: the bundle's `pulled_at`, written by `routelint pull`; `modified`: the newest modification time of the export's files. */
  readonly basis: 'pulled' | 'modified';
}

/** The export's date: its recorded pull time, else the newest modification time of the files read; null when neither is known. */
export function exportDateOf(raw: RawExport): ExportDate | null {
  if (raw.pulledAt !== undefined) return { date: new Date(raw.pulledAt).toISOString(), basis: 'pulled' };
  const files = new Set<string>([raw.mainFile, ...Object.values(raw.sections).map((s) => s.file.path), ...raw.syntaxProblems.map((p) => p.path)]);
  let newest = -Infinity;
  for (const file of files) {
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
    } catch {
      // A live export has no file: its pull time is recorded instead.
    }
  }
  return Number.isFinite(newest) ? { date: new Date(Math.floor(newest / 1000) * 1000).toISOString(), basis: 'modified' } : null;
}

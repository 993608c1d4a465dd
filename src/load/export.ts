// Finding and reading the files of one export: a routes array, a bundle object, or a directory
// of API dumps, each in JSON or YAML.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, detectFormat, parseSource, type SyntaxProblem } from './source.js';
import { exportOfValue, syntaxProblemExport } from './value.js';
import { PREFETCH_MIN_BYTES, prefetchElementStarts, type ElementPrefetch } from './section-prefetch.js';
import { isTerraformJson, terraformExport } from './terraform.js';
import { InputError } from '../errors.js';
import { SECTION_FILE_STEMS, SECTIONS, type RawExport, type RawSection, type SectionName } from './raw.js';
import { describeFsError, readFileBytes, readTextFile } from './read.js';

/** Finds `<name>.json`, `.yaml` or `.yml` in a directory listing. */
function findSectionFile(dir: string, entries: readonly string[], name: string): string | null {
  for (const ext of ['json', 'yaml', 'yml']) {
    if (entries.includes(`${name}.${ext}`)) return join(dir, `${name}.${ext}`);
  }
  return null;
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
  if (!parsed.ok) return syntaxProblemExport(path, parsed.problem);
  // `terraform show -json` output for a plan or a state: its NetBird resources become the sections.
  if (isTerraformJson(parsed.value)) return terraformExport(path, text, parsed.file, parsed.value);
  return exportOfValue(path, parsed.file, parsed.value);
}

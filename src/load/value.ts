// An export from a value already parsed: a routes array or a bundle object. No file system and no
// worker here, so the HTML report's page (src/commands/ask/) loads its embedded export through
// this same code in the browser; export.ts adds files, directories and Terraform around it.
import { SECTIONS, typeName, type RawExport, type RawSection, type SectionName } from './raw.js';
import { parseSource, type SourceFile, type SyntaxProblem } from './source.js';

/** The export of a file that does not parse. */
export function syntaxProblemExport(path: string, problem: SyntaxProblem): RawExport {
  return { input: path, mainFile: path, sections: {}, syntaxProblems: [{ path, problem }], shapeProblem: null };
}

/** A routes array or a `{routes, groups, peers, …}` bundle read from `file`; anything else is a shape problem. */
export function exportOfValue(path: string, file: SourceFile, value: unknown): RawExport {
  if (Array.isArray(value)) return { input: path, mainFile: path, sections: { routes: { file, value, path: [] } }, syntaxProblems: [], shapeProblem: null };
  if (value !== null && typeof value === 'object' && (Object.hasOwn(value, 'routes') || Object.hasOwn(value, 'network_resources'))) {
    const bundle = value as Record<string, unknown>;
    const sections: Partial<Record<SectionName, RawSection>> = {};
    for (const name of SECTIONS) {
      if (Object.hasOwn(bundle, name)) sections[name] = { file, value: bundle[name], path: [name] };
    }
    // A snapshot of `routelint pull` records when it was taken (the report's "as of").
    const pulledAt = typeof bundle.pulled_at === 'string' && !Number.isNaN(Date.parse(bundle.pulled_at)) ? { pulledAt: bundle.pulled_at } : {};
    return { input: path, mainFile: path, sections, syntaxProblems: [], shapeProblem: null, ...pulledAt };
  }
  return { input: path, mainFile: path, sections: {}, syntaxProblems: [], shapeProblem: { file, actual: typeName(value) } };
}

/** A bundle's JSON text, as `bundleText` writes it, read back (the page's embedded export). */
export function exportFromBundleText(path: string, text: string): RawExport {
  const parsed = parseSource(path, text, 'json');
  return parsed.ok ? exportOfValue(path, parsed.file, parsed.value) : syntaxProblemExport(path, parsed.problem);
}

/**
 * The sections of a read export as one bundle in compact JSON: what the page embeds. The values
 * are the export's own (after any Terraform conversion); only where they sat in their files is lost.
 */
export function bundleText(raw: RawExport): string {
  const bundle: Record<string, unknown> = {};
  for (const name of SECTIONS) {
    const section = raw.sections[name];
    if (section) bundle[name] = section.value;
  }
  return JSON.stringify(bundle);
}

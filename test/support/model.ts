// Builds the frozen model of an API-shaped bundle, through the real loader and model builder.
import type { RawExport, RawSection, SectionName } from '../../src/load/raw.js';
import { parseSource } from '../../src/load/source.js';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import type { Bundle } from './api.js';

/** The bundle as `routelint lint bundle.json` would read it. */
export function rawExportOf(bundle: Bundle): RawExport {
  const parsed = parseSource('bundle.json', JSON.stringify(bundle, null, 2));
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const sections: Partial<Record<SectionName, RawSection>> = {};
  for (const name of ['routes', 'groups', 'peers', 'policies'] as const) {
    if (bundle[name] !== undefined) sections[name] = { file: parsed.file, value: bundle[name], path: [name] };
  }
  return { input: 'bundle.json', mainFile: 'bundle.json', sections, syntaxProblems: [], shapeProblem: null };
}

export function modelOf(bundle: Bundle): Model {
  const model = buildModel(rawExportOf(bundle));
  if (!model) throw new Error('bundle has no routes');
  return model;
}

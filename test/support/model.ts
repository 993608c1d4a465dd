// An API-shaped bundle as routelint reads it: serialized to JSON text and loaded through the real
// loader (`exportFromText`, as `routelint lint bundle.json` would), then built into the model. Every
// test helper that starts from a bundle goes through here, so no section is dropped on the way.
import { exportFromText } from '../../src/load/export.js';
import type { RawExport } from '../../src/load/raw.js';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import type { Bundle } from './api.js';

/** The bundle as the loader reads `path`; findings point into its pretty-printed JSON. */
export function rawExportOf(bundle: Bundle, path = 'bundle.json'): RawExport {
  const raw = exportFromText(path, JSON.stringify(bundle, null, 2));
  const problem = raw.syntaxProblems[0]?.problem.message ?? (raw.shapeProblem ? `not an export: ${raw.shapeProblem.actual}` : null);
  if (problem !== null) throw new Error(`${path}: ${problem}`);
  return raw;
}

/** The raw export and the model built from it. */
export function loadBundle(bundle: Bundle, path?: string): { raw: RawExport; model: Model } {
  const raw = rawExportOf(bundle, path);
  const model = buildModel(raw);
  if (!model) throw new Error('bundle has no routes');
  return { raw, model };
}

export function modelOf(bundle: Bundle, path?: string): Model {
  return loadBundle(bundle, path).model;
}

// The account model a command works on, from an export already read; whatever keeps it from
// loading is an InputError (exit 2) naming the file, with line and column where there is one.
import { InputError } from '../errors.js';
import type { RawExport } from '../load/raw.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/types.js';

/**
 * `refuseShape`: a top-level value that is neither a routes array nor a bundle is an error too
 * (lint and report instead report it as an `invalid-field-type` finding).
 */
export function modelOfExport(raw: RawExport, name: string, options: { readonly refuseShape: boolean }): Model {
  const problem = raw.syntaxProblems[0];
  if (problem) throw new InputError(`${problem.path}:${problem.problem.line}:${problem.problem.column}: ${problem.problem.message}`);
  if (options.refuseShape && raw.shapeProblem) {
    throw new InputError(`${raw.shapeProblem.file.path}: expected an array of routes or a {routes, groups, peers, policies} bundle, got ${raw.shapeProblem.actual}`);
  }
  const model = buildModel(raw);
  if (!model) throw new InputError(`${name}: the export has no routes`);
  return model;
}

/** The simulator's model of a read export; InputError when it cannot serve a question. */
export function modelForSimulation(raw: RawExport, path: string): Model {
  const model = modelOfExport(raw, path, { refuseShape: true });
  const missing = [model.groups ? null : 'groups', model.peers ? null : 'peers'].filter((s): s is string => s !== null);
  if (missing.length > 0) {
    throw new InputError(`${path}: the simulator needs the account's groups and peers, and the export has no ${missing.join(' and no ')} (add ${missing.map((m) => `${m}.json`).join(' and ')} from the API)`);
  }
  return model;
}

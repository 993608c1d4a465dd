// Runs `routelint diff`'s computation on API-shaped bundles or fixture directories, through the
// real loader, model and rules, with the default configuration.
import { rules, rulesById } from '../../rules/index.js';
import { loadExportForDiff } from '../../src/commands/diff.js';
import { diffExports, type LoadedExport } from '../../src/diff/index.js';
import type { Diff } from '../../src/diff/types.js';
import { applyRuleFlags, loadConfig } from '../../src/engine/config.js';
import { exportFromText } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import type { Bundle } from './api.js';

/** A bundle as if read from `<name>.json`. */
export function loadedOf(bundle: Bundle, name: string): LoadedExport {
  const path = `${name}.json`;
  const raw = exportFromText(path, JSON.stringify(bundle, null, 2));
  const model = buildModel(raw);
  if (!model) throw new Error('no model');
  return { path, raw, model };
}

export function diffBundles(before: Bundle, after: Bundle, ruleFlags: string[] = []): Diff {
  return diffExports(loadedOf(before, 'old'), loadedOf(after, 'new'), rules, applyRuleFlags(loadConfig(null, rulesById), ruleFlags, rulesById));
}

/** The diff of fixtures/diff/<name>/{old,new}. */
export function diffFixture(name: string): Diff {
  const dir = new URL(`../../fixtures/diff/${name}/`, import.meta.url).pathname;
  return diffExports(loadExportForDiff(`${dir}old`), loadExportForDiff(`${dir}new`), rules, loadConfig(null, rulesById));
}

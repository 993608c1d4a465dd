// Runs `routelint diff`'s computation on API-shaped bundles or fixture directories, through the
// real loader, model and rules, with the default configuration.
import { rules, rulesById } from '../../rules/index.js';
import { loadExportForDiff } from '../../src/commands/diff.js';
import { diffExports, type LoadedExport } from '../../src/diff/index.js';
import type { Diff } from '../../src/diff/types.js';
import { applyRuleFlags, loadConfig } from '../../src/engine/config.js';
import type { Bundle } from './api.js';
import { loadBundle } from './model.js';

/** A bundle as if read from `<name>.json`. */
export function loadedOf(bundle: Bundle, name: string): LoadedExport {
  const path = `${name}.json`;
  return { path, ...loadBundle(bundle, path) };
}

export function diffBundles(before: Bundle, after: Bundle, ruleFlags: string[] = []): Diff {
  return diffExports(loadedOf(before, 'old'), loadedOf(after, 'new'), rules, applyRuleFlags(loadConfig(null, rulesById), ruleFlags, rulesById));
}

/** The diff of fixtures/diff/<name>/{old,new}. */
export function diffFixture(name: string): Diff {
  const dir = new URL(`../../fixtures/diff/${name}/`, import.meta.url).pathname;
  return diffExports(loadExportForDiff(`${dir}old`), loadExportForDiff(`${dir}new`), rules, loadConfig(null, rulesById));
}

#!/usr/bin/env node
// A plain `routelint lint PATHS` (src/cli-plain.ts), the pre-commit hook's call, runs from one
// classic script compiled with the V8 code cache the build left beside it (scripts/bundle.mjs):
// most of its functions come compiled, and no module graph is resolved. Every other command line
// goes to the ES module bundle, which reads it with yargs. This file is CommonJS (bin/package.json):
// Node then starts without its ES module loader, which only the other commands need.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist', 'cli');

/**
 * The exports of the classic script dist/cli/NAME.script.js (scripts/bundle.mjs), compiled as the
 * file is, byte for byte: with `cached`, through the V8 code cache the build made for that text,
 * dist/cli/NAME.cache (when there is none, V8 compiles the script).
 */
function classicScript(name, cached) {
  const file = join(dist, `${name}.script.js`);
  let cachedData;
  if (cached) {
    try {
      cachedData = readFileSync(join(dist, `${name}.cache`));
    } catch {
      // No cache: compiled from the text.
    }
  }
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
  return script.runInThisContext()(createRequire(file), pathToFileURL(file).href);
}

const argv = process.argv.slice(2);
const plain = argv[0] === 'lint' && classicScript('plain-args', false).plainLintArgs(argv) !== null;
// runPlainLint (src/cli-run.ts) runs the lint, or gives null for a command line that is not a plain lint.
if ((plain ? classicScript('plain-lint', true).runPlainLint(argv) : null) === null) import('../dist/cli/routelint.js');

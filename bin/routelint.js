#!/usr/bin/env node
// A plain `routelint lint PATHS` (src/cli-plain.ts), the pre-commit hook's call, runs from one
// classic script compiled with the V8 code cache the build left beside it (scripts/bundle.mjs):
// most of its functions come compiled, and no module graph is resolved. Every other command line
// goes to the ES module bundle, which reads it with yargs; `diff` first starts Node again with a
// larger young generation (`runWithSemiSpace`). This file is CommonJS (bin/package.json):
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

function run() {
  const plain = argv[0] === 'lint' && classicScript('plain-args', false).plainLintArgs(argv) !== null;
  // runPlainLint (src/cli-run.ts) runs the lint, or gives null for a command line that is not a plain lint.
  if ((plain ? classicScript('plain-lint', true).runPlainLint(argv) : null) === null) import('../dist/cli/routelint.js');
}

/** The V8 flag `diff` runs under (see `runWithSemiSpace`). */
const SEMI_SPACE = '--max-semi-space-size=64';

/**
 * `diff` walks every destination of two exports, making short-lived answers all along: with V8's
 * default young generation, scavenges copy them again and again (a fifth of a diff of two
 * 40,000-route accounts). Semi-spaces of 64 MB cut its time by 8 to 12% (docs/performance.md).
 * Node takes the size only at start-up, so the command starts Node again with it, once, and ends
 * as that process ends (its exit code, or its signal); a signal sent to this process is passed
 * on, so the command never outlives it (and a SIGKILL, which cannot be, leaves it orphaned, which it
 * notices between steps and stops). Should the start fail, the command runs here.
 */
function runWithSemiSpace() {
  const { spawn } = require('node:child_process');
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let child;
  const forward = (signal) => child.kill(signal);
  const settle = () => {
    for (const s of signals) process.off(s, forward);
  };
  try {
    // Named as its parent: killed with SIGKILL (which cannot be passed on), this process leaves the
    // command orphaned, and the command stops itself (src/io/orphan.ts).
    child = spawn(process.execPath, [SEMI_SPACE, ...process.execArgv, __filename, ...argv], { stdio: 'inherit', env: { ...process.env, ROUTELINT_PARENT_PID: String(process.pid) } });
  } catch {
    run();
    return;
  }
  for (const s of signals) process.on(s, forward);
  // 'error' also comes when a signal cannot be passed on: only a child that never started leaves the command to this process.
  let started = false;
  child.on('spawn', () => (started = true));
  child.on('error', () => {
    if (started) return;
    settle();
    run();
  });
  child.on('exit', (code, signal) => {
    settle();
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

// Not again in that process, nor when the user sets the size (on the command line or in NODE_OPTIONS).
const sized = process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) || (process.env.NODE_OPTIONS ?? '').includes('--max-semi-space-size');
if (argv[0] === 'diff' && !sized) runWithSemiSpace();
else run();

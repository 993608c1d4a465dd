// Leaves V8's code cache of dist/cli/plain-lint.script.js beside it, dist/cli/plain-lint.cache:
// compiles the script as bin/routelint.js does, runs `routelint lint fixtures/demo` (the call the
// bench and a pre-commit hook make) and saves the compiled code of every function that run needed.
// scripts/bundle.mjs runs this after bundling, from the repository's root, output thrown away.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const file = fileURLToPath(new URL('../dist/cli/plain-lint.script.js', import.meta.url));
const script = new Script(readFileSync(file, 'utf8'), { filename: file });
await script.runInThisContext()(createRequire(file), pathToFileURL(file).href).runPlainLint(['lint', 'fixtures/demo']);
writeFileSync(new URL('../dist/cli/plain-lint.cache', import.meta.url), script.createCachedData());
// The demo has findings (exit 1); the cache is what this run is for.
process.exitCode = 0;

// Bundles the CLI, straight from its TypeScript sources (esbuild strips the types; `npm run build`
// type-checks them with tsc first), and its dependencies into dist/cli/: one entry file plus chunks
// that load on demand (each command, each formatter). Starting Node and reading a few files costs
// far less than resolving and evaluating a hundred modules, which is most of the time `routelint
// lint` spends on a small export.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

/**
 * string-width (under the stylish formatter, wrap-ansi and yargs) creates an Intl.Segmenter when it loads,
 * which costs about 20 ms of ICU set-up, though it only segments text that is not plain ASCII.
 * Create it on first use instead; the module is otherwise unchanged.
 */
const lazySegmenter = {
  name: 'lazy-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = 'const segmenter = new Intl.Segmenter();';
      if (!source.includes(eager)) return { contents: source, loader: 'js', warnings: [{ text: `${args.path}: no eager Intl.Segmenter to defer (string-width changed?)` }] };
      const lazy = 'let segmenterInstance; const segmenter = { segment: (text) => (segmenterInstance ??= new Intl.Segmenter()).segment(text) };';
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * The stylish formatter measures every message with string-width, whose module builds Unicode
 * property regexes when it loads. Printable ASCII (most of routelint's uncoloured output) is its
 * own width, as string-width's own fast path says; the real module loads for anything else.
 */
const stringWidthShim = [
  'function lateRequire(name) { return require(name); }',
  'const printableAscii = /^[\\u0020-\\u007E]*$/;',
  'let real;',
  'export default function stringWidth(input, options) {',
  "  if (typeof input === 'string' && printableAscii.test(input)) return input.length;",
  "  real ??= lateRequire('string-width').default;",
  '  return real(input, options);',
  '}',
].join('\n');

/**
 * The stylish formatter wraps only for a terminal of known width; output piped to a file or a
 * hook's log never wraps. wrap-ansi (with string-width, strip-ansi and east-asian-width under it,
 * about a fifth of what `lint` loads) is required on its first use.
 */
const wrapAnsiShim = [
  'function lateRequire(name) { return require(name); }',
  'let real;',
  'export default function wrapAnsi(input, columns, options) {',
  "  real ??= lateRequire('wrap-ansi').default;",
  '  return real(input, columns, options);',
  '}',
].join('\n');

/**
 * Modules stylish.ts imports that load on first use: the shim replaces the import there only. Its
 * `require` takes a variable, which esbuild leaves alone (a literal name it would bundle, and the
 * chunk would load up front), so Node resolves the real module from node_modules when it is needed.
 */
const LAZY_IN_STYLISH = { 'string-width': stringWidthShim, 'wrap-ansi': wrapAnsiShim };
const lazyInStylish = {
  name: 'lazy-in-stylish',
  setup(b) {
    b.onResolve({ filter: /^(string-width|wrap-ansi)$/ }, (args) => (/[\\/]src[\\/]format[\\/]stylish\.(ts|js)$/.test(args.importer) ? { path: args.path, namespace: 'lazy-in-stylish' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-in-stylish' }, (args) => ({
      contents: LAZY_IN_STYLISH[args.path],
      loader: 'js',
      resolveDir: new URL('..', import.meta.url).pathname,
    }));
  },
};

const outdir = new URL('../dist/cli/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  // The section worker (src/load/section-prefetch.ts) is started by file name, next to the chunk that starts it.
  entryPoints: { routelint: new URL('../src/cli.ts', import.meta.url).pathname, 'section-worker': new URL('../src/load/section-worker.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds of dependencies where they have one (jsonc-parser's UMD build requires its parts at run time).
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies (yargs' helpers) still call require().
  banner: { js: "import { createRequire as __routelintRequire } from 'node:module'; const require = __routelintRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [lazySegmenter, lazyInStylish],
});

/**
 * A plain `routelint lint PATHS` (src/cli-plain.ts), the pre-commit hook's call, runs from one
 * classic script instead, dist/cli/plain-lint.script.js: the lint command and everything it may
 * load, from src/cli-run.ts's `runPlainLint`. bin/routelint.js compiles it with V8's code cache,
 * dist/cli/plain-lint.cache, which scripts/plain-lint-cache.mjs leaves after a run of `lint
 * fixtures/demo`: that run's functions come already compiled, and there is no module graph to
 * resolve and link (an ES module can take no code cache in Node 20 without a flag). A Node whose V8
 * differs from the build's rejects the cache and compiles the script as any other.
 *
 * Such a script is one function expression, `(require, importMetaUrl) => exports`, compiled as the
 * file is (a cache holds for that exact text), in strict mode as the ES modules it comes from.
 */
const classicScript = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "(function (require, importMetaUrl) {\n'use strict';\nconst module = { exports: {} };" },
  footer: { js: 'return module.exports;\n})' },
  logLevel: 'warning',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
};
const plainLintFile = `${outdir}plain-lint.script.js`;
await build({ ...classicScript, entryPoints: [new URL('../src/cli-run.ts', import.meta.url).pathname], outfile: plainLintFile, plugins: [lazySegmenter, lazyInStylish] });
// A dynamic import() left in it would fail: a script compiled by node:vm has no module loader.
if (/\bimport\(/.test(readFileSync(plainLintFile, 'utf8'))) throw new Error(`${plainLintFile}: has a dynamic import(), which a classic script cannot run`);
// Without NODE_OPTIONS: V8 accepts a cache only under the flags it was made with, and the CLI's users run with none.
const { NODE_OPTIONS: _ignored, ...trainingEnv } = process.env;
const training = spawnSync(process.execPath, [new URL('./plain-lint-cache.mjs', import.meta.url).pathname], { cwd: new URL('..', import.meta.url).pathname, env: trainingEnv, stdio: ['ignore', 'pipe', 'inherit'] });
if (training.status !== 0 || !existsSync(`${outdir}plain-lint.cache`)) throw new Error(`scripts/plain-lint-cache.mjs failed (exit ${training.status ?? training.signal})`);

/**
 * Whether a command line is a plain lint at all, for bin/routelint.js to ask before it loads the
 * script above: `plainLintArgs` alone, a few kilobytes, so that any other lint command line goes
 * to yargs without paying for the plain path's script.
 */
await build({ ...classicScript, entryPoints: [new URL('../src/cli-plain.ts', import.meta.url).pathname], outfile: `${outdir}plain-args.script.js` });

/**
 * The report page's Ask panel (src/commands/ask/page.ts): the simulator, the loader and the text
 * renderer as one script for the browser, from the same TypeScript sources as the CLI. Node built-ins
 * reach it only through small stand-ins (scripts/page-shims/: domainToASCII as the browser's URL
 * parser computes it; the others throw, on paths the page never takes); any other built-in (the
 * file system, worker threads) failing the build keeps the loader's Node side out of the page.
 */
const PAGE_SHIMS = new Set(['url', 'module', 'buffer', 'crypto', 'zlib']);
const pageShims = {
  name: 'page-shims',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      const name = args.path.slice('node:'.length);
      if (PAGE_SHIMS.has(name)) return { path: new URL(`./page-shims/${name}.js`, import.meta.url).pathname };
      return { errors: [{ text: `${args.path}, imported by ${args.importer}, cannot be part of the report page's bundle` }] };
    });
  },
};
const browserDir = new URL('../dist/browser/', import.meta.url).pathname;
rmSync(browserDir, { recursive: true, force: true });
await build({
  entryPoints: { ask: new URL('../src/commands/ask/page.ts', import.meta.url).pathname },
  outdir: browserDir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  // What the page needs: DecompressionStream (Chromium 80, Firefox 113, Safari 16.4).
  target: ['chrome100', 'firefox113', 'safari16.4'],
  mainFields: ['browser', 'module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
  // The page is inlined into HTML: no `</script` may appear in it (esbuild escapes it in strings).
  charset: 'ascii',
  // Only the loader's lazy require (a stand-in here) reads import.meta.url.
  define: { 'import.meta.url': 'undefined' },
  plugins: [pageShims],
});

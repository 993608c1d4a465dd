// npm's `prepare` step (`npm ci`, an install from a git URL or a directory, `npm pack`): bundles
// the CLI into dist/cli/ and the report page's script into dist/browser/ (scripts/bundle.mjs, from
// the TypeScript sources: an installed routelint needs nothing else) unless they are newer than
// every input. Nothing goes to standard output: `npm pack` prints the tarball's name there, and
// tools read it (pre-commit's node support does). A packed tarball holds both bundles and installs
// without this step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = [join(root, 'dist', 'cli', 'routelint.js'), join(root, 'dist', 'cli', 'plain-lint.script.js'), join(root, 'dist', 'cli', 'plain-lint.cache'), join(root, 'dist', 'cli', 'plain-args.script.js'), join(root, 'dist', 'browser', 'ask.js')];
const inputs = ['src', 'rules', 'scripts', 'tsconfig.json', 'package.json', 'package-lock.json'];

/** The newest modification time under a file or directory (0 when absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), st.mtimeMs);
}

if (built.every(existsSync) && Math.min(...built.map((p) => statSync(p).mtimeMs)) >= Math.max(...inputs.map((p) => newest(join(root, p))))) {
  process.stderr.write('routelint: dist/cli/ and dist/browser/ are up to date\n');
} else {
  const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  process.exitCode = bundle.status ?? 1;
}

// End-to-end tests run the compiled CLI. `npm test` builds first; when a test file runs on its own
// after a source change, this rebuilds (`npm run build`) so the binary matches the sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'routelint.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the CLI unless dist/ is newer than every source file. */
export function ensureBuilt(): void {
  const cli = join(ROOT, 'dist', 'src', 'cli.js');
  const sources = Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'rules')));
  if (existsSync(cli) && statSync(cli).mtimeMs >= sources && statSync(join(ROOT, 'dist', 'rules', 'index.js')).mtimeMs >= sources) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
}

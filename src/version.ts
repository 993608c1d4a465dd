import { readFileSync } from 'node:fs';

// The package's own facts, read once from package.json next to the build: dist/src/*.js and the
// bundle's dist/cli/*.js both sit two levels below the package root, src/*.ts (under tests) one.
const ROOT = new URL(import.meta.url.endsWith('.ts') ? '../' : '../../', import.meta.url);
const PACKAGE = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string; homepage?: unknown };

/** The package version. */
export const VERSION: string = PACKAGE.version;

/** The package's homepage, when package.json names one: rule documentation links point under it. */
export const HOMEPAGE: string | undefined = typeof PACKAGE.homepage === 'string' && PACKAGE.homepage !== '' ? PACKAGE.homepage : undefined;

/** A rule's documentation as shipped with the package (docs/rules/<id>.md; package.json `files` has docs), or null. */
export function ruleDocOf(ruleId: string): string | null {
  if (!/^[a-z][a-z0-9-]*$/.test(ruleId)) return null;
  try {
    return readFileSync(new URL(`docs/rules/${ruleId}.md`, ROOT), 'utf8');
  } catch {
    return null;
  }
}

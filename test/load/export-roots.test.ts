// `lint --hook`: the changed files a pre-commit hook passes, mapped to the exports they belong to.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRootsOf } from '../../src/load/export.js';
import { SECTION_FILE_STEMS } from '../../src/load/raw.js';

/** A scratch tree: each entry is a file (its content does not matter here). */
function tree(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'routelint-roots-'));
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '[]');
  }
  return root;
}

describe('exportRootsOf', () => {
  const root = tree([
    'netbird/routes.json',
    'netbird/groups.json',
    'netbird/peers.json',
    'netbird/policies.json',
    'netbird/posture-checks.json',
    'netbird/account.yaml',
    'staging/routes.yaml',
    'staging/network_resources.yaml',
    'lone/routes.json',
    'orphan/groups.json',
    'nr/network_resources.json',
    'plan.json',
  ]);
  const at = (path: string) => join(root, path);

  it.each([
    ['every file of a directory export: the directory, once', ['netbird/groups.json', 'netbird/peers.json', 'netbird/routes.json', 'netbird/posture-checks.json'], ['netbird']],
    ['one section file changed: its directory', ['netbird/policies.json'], ['netbird']],
    ['YAML sections', ['staging/network_resources.yaml'], ['staging']],
    ['a bundle beside a directory export: itself', ['netbird/account.yaml', 'netbird/routes.json'], ['netbird/account.yaml', 'netbird']],
    ['a Terraform plan (or any other file): itself', ['plan.json'], ['plan.json']],
    ['a routes file alone in its directory (maybe a bundle): itself', ['lone/routes.json'], ['lone/routes.json']],
    ['a non-routes section alone: its directory (which lint then calls incomplete)', ['orphan/groups.json'], ['orphan']],
    ['network resources alone: the directory, which reads them as the routes', ['nr/network_resources.json'], ['nr']],
    ['two exports in the order first named', ['staging/routes.yaml', 'netbird/peers.json', 'staging/routes.yaml'], ['staging', 'netbird']],
  ])('%s', (_, files, expected) => {
    expect(exportRootsOf(files.map(at))).toEqual(expected.map(at));
  });

  it('relative paths as pre-commit passes them, spelt differently, give one root', () => {
    const cwd = process.cwd();
    try {
      process.chdir(root);
      expect(exportRootsOf(['netbird/routes.json', './netbird/groups.json', 'plan.json', './plan.json'])).toEqual(['netbird', 'plan.json']);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each(Object.values(SECTION_FILE_STEMS).flat())('%s.json is a section file', (stem) => {
    const dir = tree([`x/${stem}.json`, stem === 'routes' ? 'x/groups.json' : 'x/routes.json']);
    expect(exportRootsOf([join(dir, `x/${stem}.json`)])).toEqual([join(dir, 'x')]);
  });
});

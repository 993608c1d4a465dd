// At a terminal, lint's default output wraps messages at the terminal's width, measuring wide
// characters (CJK peer names) as two columns. The built CLI loads wrap-ansi and the full
// string-width only on first use (scripts/bundle.mjs): this runs the built binary as a terminal
// would see it and checks those late loads work and measure as the real modules do.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

// Wide enough for the message column's minimum (stylish.ts MIN_MESSAGE_COLUMN) beside the longest rule id.
const COLUMNS = 100;
let exportDir: string;
let preload: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-width-'));
  exportDir = join(dir, 'export');
  cpSync(join(ROOT, 'fixtures', 'demo'), exportDir, { recursive: true });
  const peersPath = join(exportDir, 'peers.json');
  const peers = JSON.parse(readFileSync(peersPath, 'utf8')) as { name: string }[];
  peers.forEach((peer, i) => (peer.name = `東京ゲートウェイ${i}`));
  writeFileSync(peersPath, JSON.stringify(peers, null, 2));
  // Standard output seen as a terminal of COLUMNS columns, as lint reads it (isTTY, columns).
  preload = join(dir, 'tty.mjs');
  writeFileSync(preload, `process.stdout.isTTY = true; process.stdout.columns = ${COLUMNS};\n`);
});

describe('lint at a terminal', () => {
  it('wraps every line within the terminal width, counting wide characters as two columns', () => {
    const r = spawnSync(process.execPath, ['--import', preload, join(ROOT, 'bin', 'routelint.js'), 'lint', exportDir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, timeout: 60000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    // The severity symbol takes one column, as stylish.ts lays it out (and terminals draw ✖ and ⚠);
    // string-width counts them as emoji, two columns: measure a stand-in.
    const lines = r.stdout.split('\n').map((line) => line.replace(/^ {2}\S(?= {2})/u, '  x'));
    const wide = lines.filter((line) => stringWidth(line) > line.length);
    expect(wide.length).toBeGreaterThan(0);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(COLUMNS);
    // Continuation lines of a wrapped message start at the message column: only spaces before it.
    const continued = lines.filter((line) => /^ {8,}\S/.test(line));
    expect(continued.length).toBeGreaterThan(0);
  });
});

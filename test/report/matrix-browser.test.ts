// The reachability matrix's pages in a real browser: the report of a generated account with a few
// hundred HA sets (more than one page of matrix rows) opened in Debian's headless Chromium through
// playwright-core, every network request blocked. Paging forward and back must show every HA set
// of the matrix exactly once, in the page's order (largest first), and the filter must page too.
//
// Kept small on purpose: a report of a large account is a page of tens of megabytes that Chromium
// takes seconds to parse on a loaded two-core machine, and vitest runs several test files at once
// (vitest.config.ts: cores + 1 workers, each may start the CLI, a build or a browser). A test that
// passes on its own then runs past vitest's timeouts in the suite: 10 s for a hook and 20 s for a
// test unless given (writing the report, starting Chromium and loading the page all happen in
// beforeAll). So every wait here has its own bound, and the account is a few hundred routes.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { DISPLAY_LIMITS } from '../../src/report/data.js';
import { reachabilityOf } from '../../src/analysis/reachability.js';
import { loadBundle } from '../support/model.js';
import type { Bundle } from '../support/api.js';
import { runCli } from '../cli/run.js';
import { ensureBuilt } from '../support/build.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);

describe.skipIf(!HAS_CHROMIUM)('the reachability matrix pages in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  // The matrix as the simulator builds it: every HA set distributed to a group is one row.
  let setKeys: Set<string>;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'routelint-matrix-'));
    const account = generateAccount(350, 11);
    const file = join(dir, 'account.json');
    writeFileSync(file, JSON.stringify(account));
    setKeys = new Set(reachabilityOf(loadBundle(account as unknown as Bundle).model).cells.map((c) => c.set.key));
    const out = join(dir, 'report.html');
    const r = runCli(['report', file, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      offline: true,
      timeout: 60_000,
    });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient')));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load', timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const status = async () => {
    const [from, to, of] = await Promise.all(['data-from', 'data-to', 'data-of'].map((a) => page.getAttribute('#matrix-status', a)));
    return { from: Number(from), to: Number(to), of: Number(of) };
  };
  const shownKeys = (): Promise<string[]> => page.$$eval('#reachability-matrix tbody tr[data-set-key]', (rows) => [...new Set(rows.map((r) => r.getAttribute('data-set-key')!))]);

  it('holds more rows than one page, and says how many', async () => {
    expect(setKeys.size).toBeGreaterThan(2 * DISPLAY_LIMITS.matrixPage);
    expect(await status()).toEqual({ from: 1, to: DISPLAY_LIMITS.matrixPage, of: setKeys.size });
    expect(await shownKeys()).toHaveLength(DISPLAY_LIMITS.matrixPage);
    expect(await page.isDisabled('#matrix-prev')).toBe(true);
  }, 60_000);

  it('pages through every HA set exactly once, and back', async () => {
    const seen: string[] = [];
    const pages: string[][] = [];
    for (;;) {
      const keys = await shownKeys();
      pages.push(keys);
      seen.push(...keys);
      if (await page.isDisabled('#matrix-next')) break;
      const before = (await status()).from;
      await page.click('#matrix-next');
      await page.waitForFunction((b) => Number(document.getElementById('matrix-status')!.getAttribute('data-from')) !== b, before);
    }
    expect(pages.length).toBe(Math.ceil(setKeys.size / DISPLAY_LIMITS.matrixPage));
    expect(seen).toHaveLength(setKeys.size);
    expect(new Set(seen)).toEqual(setKeys);
    const last = await status();
    expect(last.to).toBe(setKeys.size);
    await page.click('#matrix-prev');
    await page.waitForFunction((b) => Number(document.getElementById('matrix-status')!.getAttribute('data-from')) !== b, last.from);
    expect(await shownKeys()).toEqual(pages[pages.length - 2]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('filters the rows and pages the matches from the first', async () => {
    const networkId = (await page.$$eval('#reachability-matrix tbody tr[data-set-key] .nid', (els) => els.map((e) => e.textContent!)))[0]!;
    await page.fill('#matrix-filter', networkId);
    await page.waitForFunction(() => document.getElementById('matrix-status')!.getAttribute('data-from') === '1' || document.getElementById('matrix-status')!.getAttribute('data-from') === '0');
    const s = await status();
    expect(s.from).toBe(1);
    expect(s.of).toBeGreaterThan(0);
    expect(s.of).toBeLessThan(setKeys.size);
    for (const text of await page.$$eval('#reachability-matrix tbody th.set', (els) => els.map((e) => e.textContent!.toLowerCase()))) expect(text).toContain(networkId.toLowerCase());
    await page.fill('#matrix-filter', '');
    await page.waitForFunction((n) => document.getElementById('matrix-status')!.getAttribute('data-of') === String(n), setKeys.size);
    expect(problems).toEqual([]);
  }, 60_000);
});

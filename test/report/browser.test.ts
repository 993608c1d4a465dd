// The report of the demo account in a real browser: Debian's headless Chromium, driven by
// playwright-core, opens the file the built CLI wrote, with every network request blocked. The
// sections, the address map and the inventory must be there, sorting and filtering must work, and
// the page must load without a single error (a Content Security Policy violation is one). The
// full-page screenshot must render; with ROUTELINT_SCREENSHOT=<path> it is also saved there (the
// README's docs/report-screenshot.png is made so), as Chromium encodes it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExport } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import { containsPrefix } from '../../src/net/prefix.js';
import { REPORT_SECTIONS } from '../../src/report/data.js';
import { runCli } from '../cli/run.js';
import { ensureBuilt, ROOT } from '../support/build.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`skipping the browser test of routelint report: ${CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)`);

const VIEWPORT = { width: 1280, height: 900 };
// 960 pixels across: about what a README shows, and a third of the bytes of full scale.
const DEVICE_SCALE = 0.75;

describe.skipIf(!HAS_CHROMIUM)('routelint report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const requests: string[] = [];
  const blocked: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'routelint-browser-'));
    const file = join(dir, 'report.html');
    const r = runCli(['report', 'fixtures/demo', '-o', file]);
    expect(r.status).toBe(0);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: VIEWPORT,
      deviceScaleFactor: DEVICE_SCALE,
      offline: true,
    });
    context.on('request', (request) => requests.push(request.url()));
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads without errors and without asking the network for anything', () => {
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  });

  it('shows every section', async () => {
    for (const [id, heading] of REPORT_SECTIONS) {
      const section = page.locator(`section#${id}`);
      await expect.poll(() => section.count()).toBe(1);
      expect(await section.isVisible()).toBe(true);
      expect((await section.locator('h2').innerText()).startsWith(heading)).toBe(true);
    }
  });

  it('draws the address map: the default routes apart, the top-level prefixes, and opens a nested one', async () => {
    const model = buildModel(readExport(join(ROOT, 'fixtures', 'demo')))!;
    const prefixes = [...new Map(model.haSets.flatMap((s) => (s.network ? [[s.network.text, s.network] as const] : []))).values()];
    const nested = prefixes.filter((p) => prefixes.some((q) => q.bits > 0 && q !== p && containsPrefix(q, p)));
    const drawn = await page.locator('#address-map-levels .box').evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')));
    expect(new Set(drawn)).toEqual(new Set(prefixes.filter((p) => !nested.includes(p)).map((p) => p.text)));
    expect(await page.locator('.map-defaults .box').evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')))).toEqual(['0.0.0.0/0']);
    expect(nested.map((p) => p.text)).toEqual(['10.20.1.0/24']);
    await page.waitForSelector('#address-map-levels[data-ready="true"]');
    await page.locator('#address-map-levels .box[data-prefix="10.20.0.0/16"]').focus();
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('.box[data-prefix="10.20.0.0/16"]', 'aria-expanded')).toBe('true');
    expect(await page.locator('#address-map-open .map-level .box').evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')))).toEqual(['10.20.1.0/24']);
    await page.keyboard.press('Enter');
    expect(await page.locator('#address-map-open .map-level').count()).toBe(0);
    expect(await page.locator('#graph-svg .node').count()).toBeGreaterThan(0);
  });

  it('lists every route in the inventory', async () => {
    const model = buildModel(readExport(join(ROOT, 'fixtures', 'demo')))!;
    expect(await page.locator('#inventory-table tbody tr').count()).toBe(model.routes.length);
  });

  const column = (key: string): Promise<string[]> =>
    page.locator('#inventory-table').evaluate((table: HTMLTableElement, k: string) => {
      const col = [...table.tHead!.rows[0]!.cells].findIndex((th) => th.dataset.column === k);
      return [...table.tBodies[0]!.rows].map((row) => row.cells[col]!.getAttribute('data-sort-key') ?? row.cells[col]!.textContent!.trim());
    }, key);

  it('sorts a column by a click on its header, numbers as numbers, and reverses on a second click', async () => {
    const before = (await column('metric')).map(Number);
    const ascending = [...before].sort((a, b) => a - b);
    expect(before).not.toEqual(ascending);
    await page.click('#inventory-table th[data-column="metric"] button');
    expect((await column('metric')).map(Number)).toEqual(ascending);
    expect(await page.getAttribute('#inventory-table th[data-column="metric"]', 'aria-sort')).toBe('ascending');
    await page.click('#inventory-table th[data-column="metric"] button');
    expect((await column('metric')).map(Number)).toEqual([...ascending].reverse());
    expect(await page.getAttribute('#inventory-table th[data-column="metric"]', 'aria-sort')).toBe('descending');
  });

  it('sorts text columns too, and prefixes by address', async () => {
    await page.click('#inventory-table th[data-column="network-id"] button');
    const ids = await column('network-id');
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })));
    await page.click('#inventory-table th[data-column="target"] button');
    const keys = await column('target');
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]!.startsWith('4:0000000000:')).toBe(true);
  });

  it('hides the rows that do not match the filter', async () => {
    const rows = page.locator('#inventory-table tbody tr');
    const total = await rows.count();
    await page.fill('#inventory-filter', 'berlin');
    const visible = page.locator('#inventory-table tbody tr:visible');
    const shown = await visible.count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    for (const text of await visible.allInnerTexts()) expect(text.toLowerCase()).toContain('berlin');
    for (const text of await page.locator('#inventory-table tbody tr:not(:visible)').allTextContents()) expect(text.toLowerCase()).not.toContain('berlin');
    expect(await page.innerText('#inventory-shown')).toBe(String(shown));
    await page.fill('#inventory-filter', 'no route has this text');
    expect(await visible.count()).toBe(0);
    await page.fill('#inventory-filter', '');
    expect(await visible.count()).toBe(total);
  });

  it('opens every group of findings at once', async () => {
    const groups = page.locator('#findings details');
    expect(await groups.count()).toBeGreaterThan(0);
    await page.click('#findings-expand');
    expect(await groups.evaluateAll((ds) => ds.every((d) => (d as HTMLDetailsElement).open))).toBe(true);
    await page.click('#findings-collapse');
    expect(await groups.evaluateAll((ds) => ds.every((d) => !(d as HTMLDetailsElement).open))).toBe(true);
  });

  it('renders a full-page screenshot', async () => {
    // A fresh page at the top: the sticky navigation bar belongs under the header.
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => window.scrollTo(0, 0));
    const path = process.env.ROUTELINT_SCREENSHOT;
    const png = await page.screenshot({ type: 'png', fullPage: true, animations: 'disabled', ...(path ? { path: join(ROOT, path) } : {}) });
    // The PNG header: signature, then the IHDR chunk with width and height. Full page: taller than the viewport.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(VIEWPORT.width * DEVICE_SCALE);
    expect(png.readUInt32BE(20)).toBeGreaterThan(VIEWPORT.height * DEVICE_SCALE);
  }, 60_000);
});

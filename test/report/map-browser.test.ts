// The address map of a generated account (bench/generate.ts's flat shape: an exit node's default
// route, hundreds of top-level prefixes, nesting several levels deep) in Debian's headless
// Chromium, driven by playwright-core, every network request blocked. The default route is drawn
// apart; the top level is drawn, with and without the page script; a box opens, by mouse and by
// keyboard, into exactly the prefixes nested directly in it; "+N more" pages on in address order.
// The expected sets come from a brute-force containment check over the account's prefixes. With
// ROUTELINT_SCREENSHOT_MAP=<path> the map, two levels open, is saved there (docs/report-map-screenshot.png).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountText, generateFlatAccount } from '../../bench/generate.js';
import { comparePrefix, containsPrefix, mustParsePrefix, type Prefix } from '../../src/net/prefix.js';
import { MAP_PAGE } from '../../src/report/svg-map.js';
import { runCli } from '../cli/run.js';
import { ensureBuilt, ROOT } from '../support/build.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`skipping the browser test of the address map: ${CHROMIUM} is missing (Debian: apt-get install chromium)`);

const account = generateFlatAccount(1000, 7);
const prefixes: Prefix[] = [...new Map((account.routes as { network?: string; domains?: string[] | null }[]).flatMap((r) => (r.network && !r.domains ? [[mustParsePrefix(r.network).text, mustParsePrefix(r.network)] as const] : []))).values()].sort(comparePrefix);
const plain = prefixes.filter((p) => p.bits > 0);
const inside = (outer: Prefix) => plain.filter((p) => p.text !== outer.text && containsPrefix(outer, p));
const top = (family: 4 | 6) => plain.filter((p) => p.family === family && !plain.some((q) => q.text !== p.text && containsPrefix(q, p))).map((p) => p.text);
const childrenOf = (outer: Prefix) => {
  const all = inside(outer);
  return all.filter((p) => !all.some((q) => q.text !== p.text && containsPrefix(q, p))).map((p) => p.text);
};

describe.skipIf(!HAS_CHROMIUM)('the address map in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const requests: string[] = [];
  const problems: string[] = [];

  const drawn = (selector: string): Promise<(string | null)[]> => page.locator(`${selector} .box[data-prefix]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')));

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'routelint-map-'));
    writeFileSync(join(dir, 'account.json'), accountText(account));
    const file = join(dir, 'report.html');
    expect(runCli(['report', join(dir, 'account.json'), '-o', file]).status).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    // 960 pixels across, as the README's other pictures.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 0.75, offline: true });
    context.on('request', (request) => requests.push(request.url()));
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient')));
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#address-map-levels[data-ready="true"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has an account worth the test: a default route, more top-level prefixes than a strip holds, deep nesting', () => {
    expect(prefixes.filter((p) => p.bits === 0).map((p) => p.text)).toEqual(['0.0.0.0/0']);
    expect(top(4).length).toBeGreaterThan(MAP_PAGE);
    expect(plain.some((p) => inside(p).some((q) => inside(q).length > 0))).toBe(true);
  });

  it('draws the default route apart and the first strip of the top level', async () => {
    expect(await drawn('.map-defaults')).toEqual(['0.0.0.0/0']);
    expect(await drawn('.map-level[data-list="4"]')).toEqual(top(4).slice(0, MAP_PAGE));
    expect(await page.getAttribute('.map-level[data-list="4"]', 'data-count')).toBe(String(top(4).length));
    expect(await page.getAttribute('.map-level[data-list="4"] .box.more', 'data-next')).toBe(String(MAP_PAGE));
    expect(await page.locator('#address-map-open .map-level').count()).toBe(0);
  });

  it('opens a box into the prefixes nested directly in it, and one of those into its own', async () => {
    const outer = plain.find((p) => top(4).slice(0, MAP_PAGE).includes(p.text) && childrenOf(p).some((c) => childrenOf(mustParsePrefix(c)).length > 0))!;
    await page.click(`.map-level[data-list="4"] .box[data-prefix="${outer.text}"]`);
    expect(await page.getAttribute(`.map-level[data-list="4"] .box[data-prefix="${outer.text}"]`, 'aria-expanded')).toBe('true');
    const first = page.locator('#address-map-open .map-level').first();
    expect(await first.getAttribute('data-parent')).toBe(outer.text);
    expect(await drawn('#address-map-open .map-level:nth-child(1)')).toEqual(childrenOf(outer).slice(0, MAP_PAGE));
    const middle = mustParsePrefix(childrenOf(outer).find((c) => childrenOf(mustParsePrefix(c)).length > 0)!);
    await page.click(`#address-map-open .map-level:nth-child(1) .box[data-prefix="${middle.text}"]`);
    expect(await page.locator('#address-map-open .map-level').count()).toBe(2);
    expect(await drawn('#address-map-open .map-level:nth-child(2)')).toEqual(childrenOf(middle).slice(0, MAP_PAGE));
    // Opening another top-level box closes both.
    const other = top(4).find((t) => t !== outer.text && childrenOf(mustParsePrefix(t)).length > 0)!;
    await page.click(`.map-level[data-list="4"] .box[data-prefix="${other}"]`);
    expect(await page.locator('#address-map-open .map-level').count()).toBe(1);
    expect(await drawn('#address-map-open')).toEqual(childrenOf(mustParsePrefix(other)).slice(0, MAP_PAGE));
    expect(await page.locator('.box[aria-expanded="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')))).toEqual([other]);
  });

  it('works from the keyboard: Enter opens a focused box, Escape closes its strip and gives the focus back', async () => {
    await page.click('.map-level[data-list="4"] .box[aria-expanded="true"]');
    expect(await page.locator('#address-map-open .map-level').count()).toBe(0);
    const target = top(4).find((t) => childrenOf(mustParsePrefix(t)).length > 0)!;
    await page.locator(`.map-level[data-list="4"] .box[data-prefix="${target}"]`).focus();
    await page.keyboard.press('Enter');
    expect(await drawn('#address-map-open')).toEqual(childrenOf(mustParsePrefix(target)).slice(0, MAP_PAGE));
    await page.locator('#address-map-open .box[data-prefix]').first().focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('#address-map-open .map-level').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-prefix'))).toBe(target);
  });

  it('pages on with "+N more" and back with Previous, in address order', async () => {
    await page.click('.map-level[data-list="4"] .box.more');
    expect(await drawn('.map-level[data-list="4"]')).toEqual(top(4).slice(MAP_PAGE, 2 * MAP_PAGE));
    expect(await page.getAttribute('.map-level[data-list="4"] .map-shown', 'data-from')).toBe(String(MAP_PAGE + 1));
    await page.click('.map-level[data-list="4"] [data-step="-1"]');
    expect(await drawn('.map-level[data-list="4"]')).toEqual(top(4).slice(0, MAP_PAGE));
    expect(await page.locator('.map-level[data-list="4"] [data-step="-1"]').isDisabled()).toBe(true);
  });

  it('draws the top level without the script too', async () => {
    const bare = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const p = await bare.newPage();
      await p.goto(url, { waitUntil: 'load' });
      expect(await p.locator('.map-level[data-list="4"] .box[data-prefix]').evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')))).toEqual(top(4).slice(0, MAP_PAGE));
      expect(await p.locator('.map-level[data-list="4"] .map-pager').isVisible()).toBe(false);
    } finally {
      await bare.close();
    }
  });

  it('renders the map with two levels open for the README', async () => {
    const outer = top(4).slice(0, MAP_PAGE).find((t) => childrenOf(mustParsePrefix(t)).some((c) => childrenOf(mustParsePrefix(c)).length > 0))!;
    const middle = childrenOf(mustParsePrefix(outer)).find((c) => childrenOf(mustParsePrefix(c)).length > 0)!;
    await page.click(`.map-level[data-list="4"] .box[data-prefix="${outer}"]`);
    await page.click(`#address-map-open .box[data-prefix="${middle}"]`);
    expect(await page.locator('#address-map-open .map-level').count()).toBe(2);
    const path = process.env.ROUTELINT_SCREENSHOT_MAP;
    const png = await page.locator('#address-map').screenshot({ type: 'png', animations: 'disabled', ...(path ? { path: join(ROOT, path) } : {}) });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('logged no error and asked the network for nothing', () => {
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  });
});

// The report's Ask panel in a real browser (Debian's headless Chromium, driven by playwright-core,
// as browser.test.ts does), on the demo account and on a generated one: every answer the page
// gives, through `routelint.ask` and through the form, is compared with what the built CLI prints
// for the same question; the what-ifs are compared with the CLI given the same flags, the
// reachability matrix they rebuild with the CLI's group answers, and a link must reproduce it all.
// One browser for the file. With ROUTELINT_SCREENSHOT_ASK=<path> the panel's screenshot is saved.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accountText, generateAccount } from '../../bench/generate.js';
import { readExport } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import { runCli } from '../cli/run.js';
import { ensureBuilt, ROOT } from '../support/build.js';
import { questionArbitrary, type Question } from '../support/questions.js';
// window.routelint, as the page declares it.
import type {} from '../../src/commands/ask/page.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`skipping the browser test of the Ask panel: ${CHROMIUM} is missing (Debian: apt-get install chromium)`);

/** Splits a command line as the panel writes it (words, single-quoted where needed) into arguments. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
}

/** The CLI's answers to a batch of questions, as `simulate --batch --explain` prints them (one `-f json` answer per line). */
function cliAnswers(exportPath: string, questions: readonly Question[], dir: string): unknown[] {
  const file = join(dir, `questions-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, questions.map((q) => JSON.stringify(q)).join('\n'));
  const r = runCli(['simulate', exportPath, '--batch', file, '--explain']);
  expect(r.stderr).toBe('');
  return r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
}

describe.skipIf(!HAS_CHROMIUM)('the Ask panel in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  const problems: string[] = [];
  const requests: string[] = [];
  const reports: Record<'demo' | 'generated', { exportPath: string; url: string; model: Model }> = {} as never;

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => window.routelint!.ready);
    return page;
  }

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'routelint-ask-'));
    const generated = join(dir, 'generated.json');
    writeFileSync(generated, accountText(generateAccount(400, 7)));
    for (const [name, exportPath] of [['demo', 'fixtures/demo'], ['generated', generated]] as const) {
      const file = join(dir, `${name}.html`);
      const r = runCli(['report', exportPath, '-o', file]);
      expect(r.status).toBe(0);
      reports[name] = { exportPath, url: pathToFileURL(file).href, model: buildModel(readExport(exportPath.startsWith('/') ? exportPath : join(ROOT, exportPath)))! };
    }
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 0.75,
      offline: true,
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort('blockedbyclient');
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['demo', 'generated'] as const) {
    it(`answers ${name === 'demo' ? 'the demo account' : 'a generated account'}'s questions as simulate -f json does`, async () => {
      const { exportPath, url, model } = reports[name];
      const questions = fc.sample(questionArbitrary(model), { numRuns: name === 'demo' ? 60 : 80, seed: name === 'demo' ? 1 : 2 });
      const page = await open(url);
      const inPage = await page.evaluate((qs) => qs.map((q) => window.routelint!.ask(q)), questions);
      expect(inPage).toEqual(cliAnswers(exportPath, questions, dir));
      // A batch line as text, too.
      expect(await page.evaluate((q) => window.routelint!.ask(JSON.stringify(q)), questions[0]!)).toEqual(inPage[0]);
      await page.close();
    }, 120_000);
  }

  it('refuses a question the CLI refuses, with the same message', async () => {
    const { exportPath, url } = reports.demo;
    const bad: Question[] = [{ ip: '10.20.1.7', from_peer: 'no-such-peer' }, { ip: '10.20.1.7', from_peer: 'laptop-anna', exit_node: 'nope' }, { ip: '10.20.1.7', from_peer: 'laptop-anna', protocol: 'tcp', port: 70000 }];
    const page = await open(url);
    const messages = await page.evaluate((qs) => qs.map((q) => {
      try {
        window.routelint!.ask(q);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    }), bad);
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, bad.map((q) => JSON.stringify(q)).join('\n'));
    const cli = runCli(['simulate', exportPath, '--batch', file]).stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { error: string }).error);
    expect(messages).toEqual(cli);
    await page.close();
  });

  it('answers the form as the command it shows does, in text and in JSON, what-ifs included', async () => {
    const { url } = reports.demo;
    const page = await open(url);
    await page.fill('#ask-destination', '10.20.1.7');
    await page.fill('#ask-from', 'laptop-anna');
    await page.click('#ask-form button[type=submit]');
    await expect.poll(() => page.textContent('#ask-answer')).not.toBe('');
    const check = async (): Promise<string[]> => {
      const command = (await page.textContent('#ask-command'))!;
      const args = shellWords(command);
      expect(args.slice(0, 3)).toEqual(['routelint', 'simulate', 'fixtures/demo']);
      const text = runCli(args.slice(1));
      expect(text.status).toBe(0);
      expect(await page.textContent('#ask-answer')).toBe(text.stdout);
      const json = JSON.parse(runCli([...args.slice(1), '-f', 'json']).stdout) as { disposition: string };
      expect(await page.getAttribute('#ask-panel', 'data-disposition')).toBe(json.disposition);
      expect(await page.evaluate(() => location.hash)).toBe(await page.getAttribute('#ask-link', 'href'));
      return args;
    };
    expect(await check()).toEqual(['routelint', 'simulate', 'fixtures/demo', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna']);
    expect(await page.getAttribute('#ask-panel', 'data-disposition')).toBe('ROUTED');
    expect(await page.textContent('#ask-change')).toBe('');

    // What-ifs: the chosen routing peer down, another idle, an exit node picked.
    const chosen = (await page.evaluate(() => (window.routelint!.ask({ ip: '10.20.1.7', from_peer: 'laptop-anna' }) as { peer: { name: string } }).peer.name));
    await page.fill('#ask-whatif-peer', chosen);
    await page.click('#ask-whatif-add');
    await page.fill('#ask-whatif-peer', 'gw-berlin-2');
    await page.selectOption('#ask-whatif-state', 'idle');
    await page.click('#ask-whatif-add');
    await page.selectOption('#ask-exit-node', 'exit-us');
    const args = await check();
    expect(args.slice(7)).toEqual(['--exit-node', 'exit-us', '--down', chosen, '--peer-state', 'gw-berlin-2=idle']);
    expect(await page.locator('#ask-whatifs li').evaluateAll((lis) => lis.map((li) => `${(li as HTMLElement).dataset.peer}=${(li as HTMLElement).dataset.state}`))).toEqual([`${chosen}=down`, 'gw-berlin-2=idle']);
    // The answer changed, and says so; the lines it gained are marked.
    expect(await page.getAttribute('#ask-change p', 'data-changed')).toBe('true');
    expect(await page.locator('#ask-answer .chg').count()).toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it('rebuilds the reachability matrix with the what-ifs as simulate --from-group answers, marks what changed, and a link reproduces it', async () => {
    const { exportPath, url } = reports.demo;
    const page = await open(url);
    const cells = () =>
      page.locator('#reachability tr[data-set-key]').evaluateAll((rows) =>
        rows.flatMap((row) => {
          const r = row as HTMLTableRowElement;
          const probe = r.querySelector('.probe')!.textContent!.replace(/^asks /, '');
          return [...r.querySelectorAll<HTMLTableCellElement>('td[data-group-id]')].map((td) => ({
            set: r.dataset.setKey!,
            group: td.dataset.groupId!,
            probe,
            changed: td.classList.contains('whatif-changed'),
            outcomes: [...td.querySelectorAll<HTMLElement>('.outcome')].map((o) => ({ disposition: o.dataset.disposition!, label: o.querySelector('.o')!.textContent!, share: o.querySelector('.share')?.textContent ?? null })),
          }));
        }),
      );
    const before = await cells();
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((c) => c.changed)).toBe(false);

    await page.fill('#ask-whatif-peer', 'gw-berlin-1');
    await page.click('#ask-whatif-add');
    await page.selectOption('#ask-exit-node', 'none');
    await page.waitForFunction(() => document.getElementById('ask-panel')!.dataset.matrix === JSON.stringify(['none', [{ peer: 'gw-berlin-1', state: 'down' }]]));
    const after = await cells();
    expect(after.map((c) => [c.set, c.group])).toEqual(before.map((c) => [c.set, c.group]));
    const changed = after.filter((c) => c.changed);
    expect(changed.length).toBeGreaterThan(0);
    // Marked exactly where the cell differs from the export's state.
    after.forEach((c, i) => expect(c.changed).toBe(JSON.stringify(c.outcomes) !== JSON.stringify(before[i]!.outcomes)));
    expect(await page.getAttribute('#reachability .whatif-note', 'data-changed-cells')).toBe(String(changed.length));

    // Every cell as the CLI answers its group with the same flags.
    const groupName = (id: string) => reports.demo.model.groupName(id);
    const questions = after.map((c) => ({ ...(/^[\d.:a-f]+$/i.test(c.probe) ? { ip: c.probe } : { domain: c.probe }), from_group: groupName(c.group), exit_node: 'none', peer_states: { 'gw-berlin-1': 'connecting' } }));
    const cli = cliAnswers(exportPath, questions, dir) as { outcomes: { disposition: string; peer: { name: string } | null; sources: unknown[] }[] }[];
    after.forEach((c, i) => {
      const tally = (xs: { disposition: string; n: number }[]) => Object.fromEntries([...new Set(xs.map((x) => x.disposition))].sort().map((d) => [d, xs.filter((x) => x.disposition === d).reduce((n, x) => n + x.n, 0)]));
      const total = cli[i]!.outcomes.reduce((n, o) => n + o.sources.length, 0);
      const fromPage = c.outcomes.map((o) => ({ disposition: o.disposition, n: o.share ? Number(o.share.split('/')[0]) : total }));
      expect(tally(fromPage), `${c.set} × ${c.group}`).toEqual(tally(cli[i]!.outcomes.map((o) => ({ disposition: o.disposition, n: o.sources.length }))));
    });

    // The link: the same what-ifs, the same matrix, in a fresh page; with a question, its answer.
    await page.fill('#ask-destination', 'wiki.internal.example.com');
    await page.selectOption('#ask-from-kind', 'group');
    await page.fill('#ask-from', 'engineering');
    await page.click('#ask-form button[type=submit]');
    await expect.poll(() => page.textContent('#ask-answer')).not.toBe('');
    const link = await page.evaluate(() => location.href);
    expect(await page.getAttribute('#ask-link', 'href')).toBe(new URL(link).hash);
    const answer = await page.textContent('#ask-answer');
    const command = await page.textContent('#ask-command');
    const again = await open(link);
    await again.waitForFunction(() => document.getElementById('ask-answer')!.textContent !== '' && document.getElementById('ask-panel')!.dataset.matrix !== undefined);
    expect(await again.inputValue('#ask-destination')).toBe('wiki.internal.example.com');
    expect(await again.inputValue('#ask-from-kind')).toBe('group');
    expect(await again.inputValue('#ask-from')).toBe('engineering');
    expect(await again.inputValue('#ask-exit-node')).toBe('none');
    expect(await again.textContent('#ask-answer')).toBe(answer);
    expect(await again.textContent('#ask-command')).toBe(command);
    expect(runCli(shellWords(command!).slice(1)).stdout).toBe(answer);
    expect(await again.locator('#reachability td.whatif-changed').count()).toBe(changed.length);

    // Reset: the matrix as the report made it.
    await again.click('#ask-reset');
    await again.waitForFunction(() => document.getElementById('ask-panel')!.dataset.matrix === JSON.stringify(['', []]));
    expect(await again.locator('#reachability td.whatif-changed').count()).toBe(0);
    await page.close();
    await again.close();
  }, 90_000);

  it('completes peers by name, FQDN and overlay IP, and takes an overlay IP as the peer', async () => {
    const { url, model } = reports.demo;
    const page = await open(url);
    const options = await page.locator('#ask-peers option').evaluateAll((os) => os.map((o) => `${(o as HTMLOptionElement).value} ${(o as HTMLOptionElement).label}`));
    const anna = [...model.peers!.values()].find((p) => p.name === 'laptop-anna')!;
    expect(options).toContain(`laptop-anna ${anna.dnsLabel} · ${anna.ip}`);
    expect(options.length).toBe(model.peers!.size);
    expect(await page.locator('#ask-groups option').count()).toBe(model.groups!.size);
    await page.fill('#ask-destination', '10.20.1.7');
    await page.fill('#ask-from', anna.ip);
    await page.click('#ask-form button[type=submit]');
    await expect.poll(() => page.textContent('#ask-command')).toContain('--from-peer laptop-anna');
    await page.close();
  });

  it('loads without errors and without asking the network for anything', async () => {
    const page = await open(reports.generated.url);
    expect(await page.getAttribute('#ask-panel', 'data-state')).toBe('ready');
    await page.close();
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  // Opt in (ROUTELINT_ASK_10K=1): a 10,000-route report takes a while to write. The page must
  // answer a linked question within a second of starting to load; the rest of such a page parses on.
  it.skipIf(!process.env.ROUTELINT_ASK_10K)('answers a linked question on a 10,000-route account within a second', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, accountText(generateAccount(10_000)));
    const file = join(dir, 'big.html');
    expect(runCli(['report', big, '-o', file]).status).toBe(0);
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(file).href}#ask?to=172.30.4.9&peer=noc-laptop-0`, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.getElementById('ask-answer')?.textContent !== '', null, { polling: 50, timeout: 120_000 });
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
    console.log(`10,000 routes: ${JSON.stringify(marks)} (ms after navigation start)`);
    expect(marks['ask-answered']).toBeLessThan(1000);
    await page.close();
  }, 300_000);

  it('renders the panel for the README', async () => {
    const page = await open(`${reports.demo.url}#ask?to=10.20.1.7&peer=laptop-anna&down=gw-paris-1`);
    await page.waitForFunction(() => document.getElementById('ask-answer')!.textContent !== '');
    const path = process.env.ROUTELINT_SCREENSHOT_ASK;
    const png = await page.locator('#ask').screenshot({ type: 'png', animations: 'disabled', ...(path ? { path: join(ROOT, path) } : {}) });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.close();
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/test-support/run.js';
import { renderHtml } from '../../src/report/html/index.js';
import { manyFindings } from '../../src/report/html/test-support/many-findings.js';
import { sampleCatalogue } from '../../src/report/test-support/sample-result.js';
import { artifactPath, launchChromium, type HeadlessBrowser } from './chromium.js';

const root = new URL('../../', import.meta.url).pathname;
let dir: string;
let browser: HeadlessBrowser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-html-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Scans through the CLI, as a user would, and returns the report's file. */
async function scanToHtml(name: string, args: string[]): Promise<string> {
  const file = join(dir, name);
  const result = await run(['scan', 'manifests', ...args, '--fail-on', 'none', '--no-store', '--output', `html=${file}`], { cwd: root });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return file;
}

interface Opened {
  page: Page;
  dialogs: string[];
}

async function open(file: string): Promise<Opened> {
  const page = await browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#rows tr');
  return { page, dialogs };
}

/** Nothing ran, nothing loaded, nothing complained, nothing is wider than the window. */
async function expectClean({ page, dialogs }: Opened): Promise<void> {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  expect(browser.errors).toEqual([]);
  expect(browser.foreignRequests).toEqual([]);
  // In-page code as text: the project compiles without the DOM library.
  const overflow = await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .map((element) => element.tagName);
    return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
  })()`);
  expect(overflow).toEqual({ scroll: 0, wide: [] });
}

const visibleRows = (page: Page): Promise<number> => page.locator('#rows tr').count();
const shownText = (page: Page): Promise<string | null> => page.locator('#shown').textContent();

describe('HTML report in Chromium', () => {
  it('shows the demo scan: filters, search, a finding with its remediation, print', async () => {
    const file = await scanToHtml('shop.html', ['examples/shop', '--config', 'examples/shop/.eksguard.yaml']);
    const opened = await open(file);
    const { page } = opened;
    const total = Number((await shownText(page))?.split(' ')[0]);
    expect(total).toBeGreaterThan(50);

    await page.selectOption('select[data-filter="s"]', 'critical');
    const data = JSON.parse((await page.locator('#eg-data').textContent())!) as { severities: string[]; findings: number[][] };
    const critical = data.findings.filter((row) => data.severities[row[1]!] === 'critical').length;
    expect(critical).toBeGreaterThan(0);
    expect(await visibleRows(page)).toBe(critical);
    expect(await page.locator('#rows .sev').allTextContents()).toEqual(Array(critical).fill('critical'));
    await page.selectOption('select[data-filter="s"]', '');

    await page.fill('#q', 'hostNetwork');
    await expect.poll(() => shownText(page)).not.toBe(`${total} of ${total} findings`);
    const hits = await visibleRows(page);
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(total);
    for (const row of await page.locator('#rows tr').allTextContents()) expect(row.toLowerCase()).toContain('hostnetwork');

    await page.locator('#rows tr summary').first().click();
    const detail = page.locator('#rows tr details[open] dl');
    await expect.poll(() => detail.textContent()).toContain('Remediation');
    const checkId = await page.locator('#rows tr td:nth-child(2) a').first().textContent();
    const remediation = await page.locator(`#checks article:has(h3 code:text-is("${checkId}")) p:has(strong)`).textContent();
    expect(await detail.textContent()).toContain(remediation!.replace('Remediation: ', ''));

    await page.screenshot({ path: artifactPath('html-report.png'), fullPage: false });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('#rows tr').first().isVisible()).toBe(true);
    await expectClean(opened);
    await page.close();
  });

  it('renders the hostile inventory as inert text without breaking the layout', async () => {
    const file = await scanToHtml('hostile.html', ['test/fixtures/hostile']);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<img|<svg onload/i);
    const opened = await open(file);
    const { page } = opened;
    await page.selectOption('#size', '0');
    // Open every finding and every path, so all hostile text is in the DOM at once.
    await page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })");
    await expect.poll(() => page.locator('#rows details dl').count()).toBe(await visibleRows(page));
    expect(await page.locator('#rows').textContent()).toContain('<script>alert(1)</script>');
    expect(await page.locator('#rows').textContent()).toContain('"><img src=x onerror=alert(1)>');
    expect(await page.locator('#rows img, #rows script, main img').count()).toBe(0);
    const total = await shownText(page);
    await page.fill('#q', 'window.__pwned');
    await expect.poll(() => shownText(page)).not.toBe(total);
    expect(await visibleRows(page)).toBeGreaterThan(0);
    for (const row of await page.locator('#rows tr').allTextContents()) expect(row).toContain('window.__pwned');
    await page.screenshot({ path: artifactPath('html-report-hostile.png'), fullPage: false });
    await expectClean(opened);
    await page.close();
  });

  it('opens and filters 20,000 findings', async () => {
    const file = join(dir, 'large.html');
    writeFileSync(file, renderHtml(manyFindings(20_000), sampleCatalogue, { includePassed: false, color: false }));
    expect(statSync(file).size).toBeLessThan(10 * 1024 * 1024);
    const opened = await open(file);
    const { page } = opened;
    expect(await shownText(page)).toBe('20000 of 20000 findings');
    expect(await visibleRows(page)).toBe(100);

    const started = Date.now();
    await page.selectOption('select[data-filter="s"]', 'critical');
    await page.selectOption('select[data-filter="n"]', 'team-7');
    const expected = manyFindings(20_000).results.filter(
      (entry) => entry.status !== 'pass' && entry.severity === 'critical' && entry.resource.namespace === 'team-7',
    ).length;
    expect(await shownText(page)).toBe(`${expected} of 20000 findings`);
    expect(Date.now() - started).toBeLessThan(2_000);

    await page.selectOption('select[data-filter="s"]', '');
    await page.selectOption('select[data-filter="n"]', '');
    await page.fill('#q', 'needle');
    await expect.poll(() => shownText(page)).toBe('200 of 20000 findings');
    expect(await visibleRows(page)).toBe(100);
    await page.click('#next');
    expect(await visibleRows(page)).toBe(100);
    await expectClean(opened);
    await page.close();
  }, 60_000);
});

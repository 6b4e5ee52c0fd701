import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/test-support/run.js';
import { artifactPath, type HeadlessBrowser } from './chromium.js';
import { buildWebApp, openDashboardPage, type DashboardPage } from './dashboard-page.js';

interface Scans {
  /** A copy of examples/shop before and after a change: the diff has new and fixed. */
  shopBefore: number;
  shopAfter: number;
  snapshot: number;
  hostile: number;
}

async function scan(db: string, args: string[]): Promise<number> {
  const result = await run(['scan', ...args, '--db', db, '--fail-on', 'none', '--format', 'json']);
  if (result.code !== 0) throw new Error(`scan ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  const id = /recorded as scan (\d+)/.exec(result.stderr)?.[1];
  if (!id) throw new Error(`no scan id in: ${result.stderr}`);
  return Number(id);
}

/**
 * A copy of examples/shop scanned, then changed as a team would change it (the log shipper no
 * longer privileged, the storefront on a `latest` tag) and scanned again: one comparison group,
 * whose diff has new and fixed failures.
 */
async function fillStore(db: string, work: string): Promise<Scans> {
  const shopDir = join(work, 'shop');
  cpSync('examples/shop', shopDir, { recursive: true });
  const shop = ['manifests', shopDir, '--config', join(shopDir, '.eksguard.yaml')];
  const shopBefore = await scan(db, shop);
  edit(join(shopDir, '40-monitoring.yaml'), 'privileged: true', 'privileged: false');
  edit(join(shopDir, '10-frontend.yaml'), /storefront@sha256:[0-9a-f]+/, 'storefront:latest');
  return {
    shopBefore,
    shopAfter: await scan(db, shop),
    snapshot: await scan(db, ['snapshot', 'examples/prod.snapshot.json.gz']),
    hostile: await scan(db, ['manifests', 'test/fixtures/hostile']),
  };
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: nothing to change`);
  writeFileSync(file, changed);
}

describe('the dashboard in a browser', () => {
  const work = mkdtempSync(join(tmpdir(), 'eksguard-dashboard-browser-'));
  let scans: Scans;
  let dashboard: DashboardPage;
  let origin: string;
  let browser: HeadlessBrowser;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    const webRoot = join(work, 'web');
    await buildWebApp(webRoot);
    const db = join(work, 'scans.db');
    scans = await fillStore(db, work);
    dashboard = await openDashboardPage(db, webRoot);
    ({ origin, browser, page, dialogs } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the overview with score, trend, severities and compliance', async () => {
    await page.goto(`${origin}/?scan=${scans.shopAfter}`);
    await page.getByTestId('posture-score').waitFor();
    await expect.poll(() => page.locator('.trend svg polyline.score-line').count()).toBe(1);
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/Since previous scan/);
    expect(text).toMatch(/[1-9]\d* new failures? · [1-9]\d* fixed/);
    expect(text).toMatch(/CIS Amazon EKS Benchmark/i);
    expect(await page.locator('.overview .score-bar').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('dashboard-overview.png'), fullPage: true });

    await page.getByLabel('Scan', { exact: true }).selectOption(String(scans.shopBefore));
    await expect.poll(() => new URL(page.url()).searchParams.get('scan')).toBe(String(scans.shopBefore));
    await expect.poll(() => page.locator('main').innerText()).toMatch(/First scan of this cluster or target/);
  });

  it('filters findings by severity and search, and opens one with its remediation', async () => {
    await page.goto(`${origin}/findings?scan=${scans.shopBefore}`);
    await page.locator('.findings-table tbody tr').first().waitFor();
    const all = await totalOf(page);
    await page.locator('[data-facet="severity"] label', { hasText: 'critical' }).locator('input').check();
    await expect.poll(() => totalOf(page)).toBeLessThan(all);
    const severities = await page.locator('.findings-table tbody .badge[class*="sev-"]').allInnerTexts();
    expect(new Set(severities)).toEqual(new Set(['critical']));
    expect(new URL(page.url()).searchParams.get('severity')).toBe('critical');

    await page.getByLabel('Search findings').fill('log-shipper');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.findings-table tbody tr').count()).toBeGreaterThan(0);
    for (const row of await page.locator('.findings-table tbody tr').allInnerTexts()) expect(row).toMatch(/log-shipper/);

    await page.locator('.findings-table tbody tr', { hasText: 'wl-privileged' }).first().click();
    const detail = page.getByLabel('Finding detail');
    await detail.getByText('Remediation').waitFor();
    expect(await detail.locator('dd.remediation').innerText()).not.toBe('');
    expect(await detail.innerText()).toMatch(/log-shipper/);
    await page.screenshot({ path: artifactPath('dashboard-findings.png'), fullPage: true });
  });

  it('sorts and pages the findings', async () => {
    await page.goto(`${origin}/findings?scan=${scans.snapshot}`);
    await page.locator('.findings-table tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Risk' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('risk');
    await expect.poll(() => page.locator('.findings-table tbody tr td:last-child').first().innerText()).not.toBe('');
    const risks = (await page.locator('.findings-table tbody tr td:last-child').allInnerTexts()).map((text) => (text === '' ? -1 : Number(text)));
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    const first = await page.locator('.findings-table tbody tr').first().getAttribute('data-fingerprint');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByTestId('findings-total').innerText()).toMatch(/^51–100 of \d+/);
    expect(await page.locator('.findings-table tbody tr').first().getAttribute('data-fingerprint')).not.toBe(first);
  });

  it('says so when a scan is unknown', async () => {
    await page.goto(`${origin}/findings?scan=999999`);
    expect(await page.getByRole('alert').innerText()).toMatch(/999999/);
  });

  it('links compliance controls to the explorer filtered by check', async () => {
    await page.goto(`${origin}/compliance?scan=${scans.snapshot}`);
    await page.locator('.controls-table tbody tr').first().waitFor();
    expect(await page.locator('.controls-table .badge.status-manual').count()).toBeGreaterThan(0);
    const failing = page.locator('.controls-table tr:has(.badge.status-fail)').first();
    const checkIds = await failing.locator('a.check-link').allInnerTexts();
    const failures = Number(await failing.locator('a.failures-link').innerText());
    await failing.locator('a.failures-link').click();
    await page.locator('.findings-table tbody tr').first().waitFor();
    expect(new URL(page.url()).searchParams.get('check')).toBe(checkIds.join(','));
    expect(await totalOf(page)).toBe(failures);
    for (const row of await page.locator('.findings-table tbody tr td:nth-child(2)').allInnerTexts()) expect(checkIds).toContain(row);

    await page.goto(`${origin}/compliance?scan=${scans.snapshot}`);
    const single = page.locator('.controls-table a.check-link').first();
    const checkId = await single.innerText();
    await single.click();
    await page.getByTestId('findings-total').or(page.locator('main .empty')).first().waitFor();
    expect(new URL(page.url()).searchParams.get('check')).toBe(checkId);
  });

  it('draws an attack path with its steps', async () => {
    await page.goto(`${origin}/paths?scan=${scans.snapshot}`);
    const first = page.locator('.path-list li a').first();
    await first.click();
    const steps = page.getByTestId('path-steps').locator('> li');
    await steps.first().waitFor();
    expect(await steps.count()).toBeGreaterThan(0);
    expect(await steps.first().innerText()).toMatch(/—.+→/);
    await page.getByTestId('path-graph').locator('canvas').first().waitFor({ state: 'attached' });
    await page.screenshot({ path: artifactPath('dashboard-attack-path.png'), fullPage: true });
  });

  it('follows a finding to the attack path it sits on', async () => {
    const fingerprint = await findingOnPath(origin, scans.snapshot);
    await page.goto(`${origin}/findings?scan=${scans.snapshot}&finding=${fingerprint}`);
    const link = page.getByLabel('Finding detail').locator('dt:text("On attack paths") + dd a').first();
    const pathId = await link.innerText();
    await link.click();
    await page.getByTestId('path-steps').waitFor();
    expect(new URL(page.url()).searchParams.get('path')).toBe(pathId);
  });

  it('shows what changed between two scans', async () => {
    await page.goto(`${origin}/diff?scan=${scans.shopAfter}&from=${scans.shopBefore}&to=${scans.shopAfter}`);
    const added = page.locator('[data-diff="new"]');
    await added.waitFor();
    expect(await added.innerText()).toMatch(/wl-image-latest/);
    expect(await page.locator('[data-diff="fixed"]').innerText()).toMatch(/wl-privileged/);
    expect(await page.locator('[data-diff="unchanged"] .count-pill').innerText()).toMatch(/^[1-9]\d*$/);
  });

  it('renders a hostile scan in every view without running anything or breaking the layout', async () => {
    const base = `scan=${scans.hostile}`;
    const views = ['/', '/findings', '/resources', '/compliance', '/paths', '/diff'];
    for (const view of views) {
      await page.goto(`${origin}${view}?${base}`);
      await settled(page);
      await assertUnharmed(page, view);
    }
    await page.goto(`${origin}/findings?${base}`);
    const row = page.locator('.findings-table tbody tr', { hasText: '<script>' }).first();
    await row.click();
    await page.getByLabel('Finding detail').getByText('Remediation').waitFor();
    await assertUnharmed(page, 'finding detail');
    expect(await page.getByLabel('Finding detail').innerText()).toContain('<script>');

    await page.goto(`${origin}/paths?${base}`);
    await page.locator('.path-list li a').first().click();
    await page.getByTestId('path-graph').locator('canvas').first().waitFor({ state: 'attached' });
    await assertUnharmed(page, 'attack path');
    expect(await page.getByTestId('path-steps').innerText()).toMatch(/<script>|onerror|__pwned/);
    await page.screenshot({ path: artifactPath('dashboard-hostile.png'), fullPage: true });

    // A narrow window stacks the panes; long names must still wrap inside it.
    await page.setViewportSize({ width: 640, height: 900 });
    for (const view of ['/', '/findings', '/resources', '/paths']) {
      await page.goto(`${origin}${view}?${base}`);
      await settled(page);
      await assertUnharmed(page, `${view} at 640px`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(dialogs).toEqual([]);
    expect(browser.errors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  }, 120_000);
});

describe('the dashboard of an empty store', () => {
  it("shows the server's message instead of views", async () => {
    const work = mkdtempSync(join(tmpdir(), 'eksguard-dashboard-empty-'));
    const webRoot = join(work, 'web');
    await buildWebApp(webRoot);
    const empty = await openDashboardPage(join(work, 'scans.db'), webRoot);
    const { origin, browser, page } = empty;
    try {
      await page.goto(`${origin}/findings`);
      await expect.poll(() => page.locator('main .empty').count()).toBe(1);
      expect(await page.locator('main .empty').innerText()).toMatch(/no scans recorded yet/i);
      expect(browser.errors.filter((error) => !/404/.test(error))).toEqual([]);
    } finally {
      await empty.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});

async function totalOf(page: Page): Promise<number> {
  const text = await page.getByTestId('findings-total').innerText();
  return Number(/of (\d+)/.exec(text)?.[1] ?? 0);
}

/** A finding of the scan that lies on an attack path, asked of the API (riskiest first). */
async function findingOnPath(origin: string, scanId: number): Promise<string> {
  const page = (await (await fetch(`${origin}/api/scans/${scanId}/findings?sort=risk&status=fail&limit=50`)).json()) as { rows: { fingerprint: string }[] };
  for (const row of page.rows) {
    const detail = (await (await fetch(`${origin}/api/scans/${scanId}/findings/${row.fingerprint}`)).json()) as { attackPathIds?: string[] };
    if (detail.attackPathIds?.length) return row.fingerprint;
  }
  throw new Error(`no finding of scan ${scanId} lies on an attack path`);
}

/** The view's heading is up and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await expect.poll(() => page.locator('.loading').count()).toBe(0);
}

/** Runs in the page (as text: this project's tsconfig has no DOM types): elements wider than the window. */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().width > width + 1)
    .map((element) => element.tagName.toLowerCase() + '.' + element.className + ' ' + Math.round(element.getBoundingClientRect().width) + 'px');
  return { page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
})()`;

async function assertUnharmed(page: Page, where: string): Promise<void> {
  expect(await page.evaluate('window.__pwned'), `window.__pwned after ${where}`).toBeUndefined();
  expect(await page.evaluate(OVERFLOW), `layout of ${where}`).toEqual({ page: 0, wide: [] });
}

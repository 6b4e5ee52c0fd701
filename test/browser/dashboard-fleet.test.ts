import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanStore, type ScanMeta } from '../../src/store/index.js';
import { fakeScan, type FakeFinding } from '../../src/store/test-support/fixtures.js';
import { artifactPath, type HeadlessBrowser } from './chromium.js';
import { buildWebApp, openDashboardPage, type DashboardPage } from './dashboard-page.js';

/** A cluster name no EKS would accept, as a hostile importer could still record it: markup, a bidi override and no break opportunity. */
const HOSTILE = `<img src=x onerror="window.__pwned=1">\u202e${'x'.repeat(300)}`;

function cluster(name: string, accountId: string, region: string): ScanMeta {
  return { sourceType: 'cluster', cluster: { name, accountId, region, arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}` } };
}

/** The scans the app lists (SCANS_LISTED in web/src/scan-list.ts). */
const SCANS_LISTED = 500;

const PAYMENTS = cluster('payments', '111111111111', 'eu-west-1');
const WEB = cluster('web', '222222222222', 'us-east-1');
const ODD = cluster(HOSTILE, '333333333333', 'ap-south-1');

interface Fleet {
  paymentsFirst: number;
  payments: number;
  web: number;
  odd: number;
}

/**
 * Three clusters in three accounts. payments is worst (critical failures) and scanned twice;
 * check-a fails in payments and web, so it is the most common finding.
 */
async function recordFleet(path: string): Promise<Fleet> {
  const store = await ScanStore.open(path);
  const record = (meta: ScanMeta, findings: FakeFinding[], passes: number, day: number): Promise<number> =>
    store.recordScan(fakeScan(findings, { passes, scannedAt: `2025-03-0${day}T06:00:00.000Z` }), { ...meta, recordedAt: new Date(`2025-03-0${day}T06:01:00.000Z`) });
  try {
    const paymentsFirst = await record(PAYMENTS, [{ id: 'a-1', severity: 'critical' }], 30, 1);
    const web = await record(WEB, [{ id: 'a-1', severity: 'critical' }, { id: 'b-1', severity: 'medium' }, { id: 'b-2', severity: 'medium' }], 40, 2);
    const odd = await record(ODD, [{ id: `c-${HOSTILE}`, severity: 'low' }], 12, 3);
    const payments = await record(PAYMENTS, [{ id: 'a-1', severity: 'critical' }, { id: 'a-2', severity: 'critical' }, { id: 'd-1', severity: 'high' }], 28, 4);
    return { paymentsFirst, payments, web, odd };
  } finally {
    await store.close();
  }
}

describe('the fleet view in a browser', () => {
  const work = mkdtempSync(join(tmpdir(), 'eksguard-dashboard-fleet-'));
  const webRoot = join(work, 'web');
  let fleet: Fleet;
  let dashboard: DashboardPage;
  let origin: string;
  let browser: HeadlessBrowser;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    await buildWebApp(webRoot);
    const db = join(work, 'fleet.db');
    fleet = await recordFleet(db);
    dashboard = await openDashboardPage(db, webRoot);
    ({ origin, browser, page, dialogs } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('lands on the fleet, worst cluster first, with totals, common findings and trends', async () => {
    await page.goto(`${origin}/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/fleet');
    const rows = page.getByTestId('worst-clusters').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.locator('a.cluster-link').allInnerTexts()).toEqual([
      'payments (111111111111/eu-west-1)',
      'web (222222222222/us-east-1)',
      `${HOSTILE} (333333333333/ap-south-1)`,
    ]);
    // payments' newest scan: 2 critical, 1 high; its first scan is history.
    expect(await rows.first().locator('.severity-counts .count').allInnerTexts()).toEqual(['2', '1', '0', '0', '0']);
    expect(await rows.first().locator('td').nth(6).innerText()).toBe('2');
    expect(await page.getByTestId('fleet-totals').innerText()).toMatch(/3 clusters or targets · 4 scans recorded/);

    const common = page.getByTestId('common-findings').locator('tbody tr');
    expect(await common.first().getAttribute('data-check')).toBe('check-a');
    expect(await common.first().locator('td').nth(2).innerText()).toBe('2 of 3');
    expect(await common.first().locator('td').nth(3).innerText()).toBe('3');

    // payments has two scans: a line; the others one point each, said in words.
    const trends = page.getByTestId('fleet-trends');
    await expect.poll(() => trends.locator('.multiple').count()).toBe(3);
    expect(await trends.locator('polyline.score-line').count()).toBe(1);
    expect(await trends.locator('.multiple').first().innerText()).toMatch(/^payments/);
    await page.screenshot({ path: artifactPath('dashboard-fleet.png'), fullPage: true });
  });

  it('opens a cluster from the worst list, and its scans only in the scan picker', async () => {
    await page.goto(`${origin}/fleet`);
    await page.getByTestId('worst-clusters').locator('a.cluster-link', { hasText: 'web (' }).click();
    await page.getByTestId('posture-score').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('scan')).toBe(String(fleet.web));
    const clusterPicker = page.getByLabel('Cluster', { exact: true });
    expect(await clusterPicker.locator('option:checked').innerText()).toMatch(/^web \(222222222222\/us-east-1\)/);
    expect(await page.getByLabel('Scan', { exact: true }).locator('option').count()).toBe(1);

    // Another cluster from the header: its newest scan, in the same view, with its own history.
    await page.getByRole('link', { name: 'Findings' }).click();
    await page.getByTestId('findings-total').waitFor();
    const payments = await clusterPicker.locator('option', { hasText: 'payments' }).getAttribute('value');
    await clusterPicker.selectOption(payments ?? '');
    await expect.poll(() => new URL(page.url()).searchParams.get('scan')).toBe(String(fleet.payments));
    expect(new URL(page.url()).pathname).toBe('/findings');
    await expect.poll(() => page.getByTestId('findings-total').innerText()).toMatch(/of 3 findings/);
    const scanOptions = await page.getByLabel('Scan', { exact: true }).locator('option').allInnerTexts();
    expect(scanOptions.map((text) => /^#(\d+) · payments · /.exec(text)?.[1])).toEqual([String(fleet.payments), String(fleet.paymentsFirst)]);

    await clusterPicker.selectOption('');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/fleet');
    await page.getByTestId('worst-clusters').waitFor();
  });

  it('opens the explorer of the worst cluster failing a common finding', async () => {
    await page.goto(`${origin}/fleet`);
    const link = page.getByTestId('common-findings').locator('tr[data-check="check-a"] a.explore-link');
    expect(await link.innerText()).toBe('payments (111111111111/eu-west-1)');
    await link.click();
    await page.locator('.findings-table tbody tr').first().waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/findings');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ scan: String(fleet.payments), check: 'check-a', status: 'fail', waived: 'false' });
    // a-1 and a-2 fail check-a in payments' newest scan.
    await expect.poll(() => page.getByTestId('findings-total').innerText()).toMatch(/^1–2 of 2 findings/);
  });

  it('renders the hostile cluster name as text, in the fleet and the header, without breaking the layout', async () => {
    for (const width of [1400, 640]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${origin}/fleet`);
      await page.getByTestId('worst-clusters').locator('tbody tr').first().waitFor();
      await expect.poll(() => page.locator('.loading').count()).toBe(0);
      await assertUnharmed(page, `fleet at ${width}px`);
      await page.goto(`${origin}/?scan=${fleet.odd}`);
      await page.getByTestId('posture-score').waitFor();
      await assertUnharmed(page, `hostile cluster overview at ${width}px`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await page.getByLabel('Cluster', { exact: true }).locator('option:checked').innerText()).toContain('<img src=x');
    expect(dialogs).toEqual([]);
    expect(browser.errors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  }, 60_000);

  it('opens an old scan of an idle cluster by its address, though more than 500 newer scans of other clusters were recorded', async () => {
    const db = join(work, 'busy.db');
    const store = await ScanStore.open(db);
    let gone: number;
    let old: number;
    let idleNewest: number;
    try {
      gone = await store.recordScan(fakeScan([{ id: 'a-1', severity: 'critical' }], { passes: 2 }), PAYMENTS);
      old = await store.recordScan(fakeScan([{ id: 'a-1', severity: 'critical' }, { id: 'b-1', severity: 'low' }], { passes: 3 }), PAYMENTS);
      idleNewest = await store.recordScan(fakeScan([{ id: 'a-1', severity: 'critical' }], { passes: 4 }), PAYMENTS);
      expect(await store.prune({ keepLast: 2 })).toBe(1);
      // Few findings each: the point is their number, newer than the idle cluster's scans.
      for (let i = 0; i < SCANS_LISTED + 1; i++) await store.recordScan(fakeScan([{ id: 'c-1', severity: 'medium' }], { passes: 2 }), i % 2 ? WEB : ODD);
    } finally {
      await store.close();
    }
    const busy = await openDashboardPage(db, webRoot);
    const { origin: busyOrigin, page: busyPage } = busy;
    try {
      await busyPage.goto(`${busyOrigin}/findings?scan=${old}`);
      await busyPage.locator('.findings-table tbody tr, main .error').first().waitFor();
      expect(await busyPage.locator('main .error').allInnerTexts()).toEqual([]);
      await expect.poll(() => busyPage.getByTestId('findings-total').innerText()).toMatch(/of 2 findings/);
      expect(await busyPage.getByLabel('Cluster', { exact: true }).locator('option:checked').innerText()).toMatch(/^payments \(111111111111\/eu-west-1\)/);
      // The scan picker offers the idle cluster's own scans, the old one chosen.
      const scanPicker = busyPage.getByLabel('Scan', { exact: true });
      const scanOptions = await scanPicker.locator('option').allInnerTexts();
      expect(scanOptions.map((text) => /^#(\d+) · payments · /.exec(text)?.[1])).toEqual([String(idleNewest), String(old)]);
      expect(await scanPicker.inputValue()).toBe(String(old));
      // The overview of that address loads too; a scan pruned since, or never recorded, still says so.
      await busyPage.goto(`${busyOrigin}/?scan=${old}`);
      await busyPage.getByTestId('posture-score').waitFor();
      expect(busy.browser.errors).toEqual([]);
      for (const missing of [gone, SCANS_LISTED * 10]) {
        await busyPage.goto(`${busyOrigin}/?scan=${missing}`);
        await expect.poll(() => busyPage.getByRole('alert').innerText()).toBe(`Scan ${missing} is not in the store.`);
      }
    } finally {
      await busy.close();
    }
  }, 120_000);

  it('keeps the overview as the landing view of a store with one cluster', async () => {
    const db = join(work, 'one.db');
    const store = await ScanStore.open(db);
    await store.recordScan(fakeScan([{ id: 'a-1', severity: 'high' }], { passes: 3 }), PAYMENTS);
    await store.close();
    const single = await openDashboardPage(db, webRoot);
    const { origin: singleOrigin, page: singlePage } = single;
    try {
      await singlePage.goto(`${singleOrigin}/`);
      await singlePage.getByTestId('posture-score').waitFor();
      expect(new URL(singlePage.url()).pathname).toBe('/');
      expect(await singlePage.getByLabel('Cluster', { exact: true }).count()).toBe(0);
      expect(await singlePage.getByRole('link', { name: 'Fleet' }).count()).toBe(0);
      expect(single.browser.errors).toEqual([]);
    } finally {
      await single.close();
    }
  }, 60_000);
});

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

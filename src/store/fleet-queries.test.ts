import { beforeEach, describe, expect, it } from 'vitest';
import { fleetOverview } from './fleet-queries.js';
import { StoreError, type ScanStore } from './index.js';
import type { SqlDriver } from './sql-driver.js';
import { DIALECTS, storeBackends } from './test-support/backends.js';
import { fakeScan, type FakeFinding } from './test-support/fixtures.js';

const backends = storeBackends();

const PROD_1 = { name: 'prod', arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/prod', accountId: '111111111111', region: 'eu-west-1' };
const STAGING_1 = { name: 'staging', arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/staging', accountId: '111111111111', region: 'eu-west-1' };
const PROD_2 = { name: 'prod', arn: 'arn:aws:eks:us-east-1:222222222222:cluster/prod', accountId: '222222222222', region: 'us-east-1' };
const PROD_1_LABEL = 'prod (111111111111/eu-west-1)';
const PROD_2_LABEL = 'prod (222222222222/us-east-1)';
const STAGING_1_LABEL = 'staging (111111111111/eu-west-1)';
const NONE = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

interface History {
  prodFirst: number;
  prod: number;
  staging: number;
  otherProd: number;
}

/**
 * Three clusters in two accounts; prod of account 1 scanned twice. A finding `<c>-<n>` fails
 * check `check-<c>`. The newest prod scan has a waived failure of check-w, which must count
 * nowhere; check-q failed only in prod's first scan.
 */
async function history(store: ScanStore): Promise<History> {
  const record = (findings: FakeFinding[], passes: number, cluster: typeof PROD_1) => store.recordScan(fakeScan(findings, { passes }), { sourceType: 'cluster', cluster });
  const prodFirst = await record([{ id: 'x-1', severity: 'critical' }, { id: 'q-1', severity: 'high' }], 8, PROD_1);
  const staging = await record([{ id: 'z-1', severity: 'medium' }, { id: 'v-1', severity: 'low' }, { id: 'v-2', severity: 'low' }], 20, STAGING_1);
  const otherProd = await record(
    [{ id: 'y-1' }, { id: 'y-2' }, { id: 'y-3' }, { id: 'z-2', severity: 'medium' }, { id: 'w-2', severity: 'low' }, { id: 'e-1', status: 'error' }],
    4,
    PROD_2,
  );
  const prod = await record(
    [{ id: 'x-1', severity: 'critical' }, { id: 'x-2', severity: 'critical' }, { id: 'y-1' }, { id: 'w-1', severity: 'low', waived: true }],
    10,
    PROD_1,
  );
  return { prodFirst, prod, staging, otherProd };
}

describe.each(DIALECTS)('fleet views on %s', (dialect) => {
  let store: ScanStore;
  beforeEach(async () => {
    store = await backends.fresh(dialect);
  });

  it('clusters(): one entry per cluster with its newest scan and scan count, worst first', async () => {
    const ids = await history(store);
    const clusters = await store.clusters();
    expect(clusters.map((cluster) => [cluster.label, cluster.latest.id, cluster.scans])).toEqual([
      ['prod (111111111111/eu-west-1)', ids.prod, 2],
      ['prod (222222222222/us-east-1)', ids.otherProd, 1],
      ['staging (111111111111/eu-west-1)', ids.staging, 1],
    ]);
    expect(clusters[0]).toMatchObject({
      sourceType: 'cluster',
      cluster: 'prod',
      clusterArn: PROD_1.arn,
      accountId: '111111111111',
      region: 'eu-west-1',
      groupKey: (await store.scan(ids.prod))!.groupKey,
    });
    expect(clusters[0]!.latest.failures).toEqual({ ...NONE, critical: 2, high: 1 });
    expect(clusters[0]!.latest.score).toBe(76.9);
    expect(clusters[1]!.latest.failures).toEqual({ ...NONE, high: 3, medium: 1, low: 1 });
  });

  it('fleetOverview(): totals over the newest scans, worst groups, common failures without waived ones, trends', async () => {
    const ids = await history(store);
    const fleet = await store.fleetOverview();
    // A check's title is one text in real scans; these fake ones differ per finding, and the greatest is shown.
    expect(fleet.groups).toBe(3);
    expect(fleet.scans).toBe(4);
    expect(fleet.failures).toEqual({ critical: 2, high: 4, medium: 2, low: 3, info: 0 });
    expect(fleet.worst.map((group) => group.latest.id)).toEqual([ids.prod, ids.otherProd, ids.staging]);
    expect(fleet.commonFindings).toEqual([
      { checkId: 'check-y', title: 'Title of y-3', severity: 'high', area: 'workload', clusters: 2, failures: 4, example: { scanId: ids.prod, label: PROD_1_LABEL } },
      { checkId: 'check-z', title: 'Title of z-2', severity: 'medium', area: 'workload', clusters: 2, failures: 2, example: { scanId: ids.otherProd, label: PROD_2_LABEL } },
      { checkId: 'check-x', title: 'Title of x-2', severity: 'critical', area: 'workload', clusters: 1, failures: 2, example: { scanId: ids.prod, label: PROD_1_LABEL } },
      { checkId: 'check-v', title: 'Title of v-2', severity: 'low', area: 'workload', clusters: 1, failures: 2, example: { scanId: ids.staging, label: STAGING_1_LABEL } },
      // Only the other prod's: the waived w-1 of prod does not make it two clusters, nor prod its example.
      { checkId: 'check-w', title: 'Title of w-2', severity: 'low', area: 'workload', clusters: 1, failures: 1, example: { scanId: ids.otherProd, label: PROD_2_LABEL } },
    ]);
    expect(fleet.trends.map((trend) => [trend.label, trend.points.map((point) => [point.id, point.total])])).toEqual([
      ['prod (111111111111/eu-west-1)', [[ids.prodFirst, 2], [ids.prod, 3]]],
      ['prod (222222222222/us-east-1)', [[ids.otherProd, 5]]],
      ['staging (111111111111/eu-west-1)', [[ids.staging, 3]]],
    ]);
  });

  it('fleetOverview() takes its sizes, and refuses nonsense ones', async () => {
    const ids = await history(store);
    const fleet = await store.fleetOverview({ worst: 1, common: 2, trendLength: 1 });
    expect(fleet.worst.map((group) => group.latest.id)).toEqual([ids.prod]);
    expect(fleet.commonFindings.map((finding) => finding.checkId)).toEqual(['check-y', 'check-z']);
    expect(fleet.trends).toEqual([{ groupKey: fleet.worst[0]!.groupKey, label: fleet.worst[0]!.label, points: [expect.objectContaining({ id: ids.prod })] }]);
    // Totals stay fleet-wide whatever the sizes.
    expect(fleet.groups).toBe(3);
    const none = await store.fleetOverview({ worst: 0, common: 0 });
    expect([none.worst, none.commonFindings, none.trends]).toEqual([[], [], []]);
    await expect(store.fleetOverview({ worst: -1 })).rejects.toThrow(StoreError);
    await expect(store.fleetOverview({ common: 1.5 })).rejects.toThrow(StoreError);
  });

  it('fleetOverview(): names the worst group failing each common check, even the healthiest, in a fixed number of queries', async () => {
    const record = (name: string, findings: FakeFinding[]) =>
      store.recordScan(fakeScan(findings, { passes: 5 }), { sourceType: 'snapshot', cluster: { name, accountId: '111111111111', region: 'eu-west-1' } });
    // Twelve clusters failing check-a, worst first by their count of high failures.
    const failing = [];
    for (let n = 12; n >= 1; n--) failing.push(await record(`c${String(n).padStart(2, '0')}`, Array.from({ length: n }, (_, i) => ({ id: `a-${i}` }))));
    // check-h fails only in the healthiest cluster (one low failure); its older scan failed check-o.
    await record('healthy', [{ id: 'o-1', severity: 'critical' }]);
    const healthy = await record('healthy', [{ id: 'h-1', severity: 'low' }]);
    const counting = countingDriver(store.sql);
    const fleet = await fleetOverview(counting.driver, { worst: 2 });
    expect(fleet.commonFindings.map((finding) => [finding.checkId, finding.clusters, finding.example?.scanId])).toEqual([
      ['check-a', 12, failing[0]],
      ['check-h', 1, healthy],
    ]);
    expect(fleet.commonFindings[1]!.example!.label).toBe('healthy (111111111111/eu-west-1)');
    // The same queries as for a fleet of one: none per group.
    const single = await backends.fresh(dialect);
    await single.recordScan(fakeScan([{ id: 'a-1' }]), { sourceType: 'manifests', target: '/repo/k8s' });
    const few = countingDriver(single.sql);
    await fleetOverview(few.driver, { worst: 2 });
    expect(counting.count()).toBe(few.count());
    expect(counting.count()).toBeLessThanOrEqual(4);
  });

  it('labels targets and narrowed scans, puts groups with nothing judged last, and answers an empty store', async () => {
    expect(await store.fleetOverview()).toEqual({ groups: 0, scans: 0, failures: NONE, worst: [], commonFindings: [], trends: [] });
    expect(await store.clusters()).toEqual([]);
    await store.recordScan(fakeScan([]), { sourceType: 'manifests', target: '/repo/empty' });
    await store.recordScan(fakeScan([{ id: 'a-1', severity: 'low' }], { passes: 1 }), { sourceType: 'manifests', target: '/repo/k8s', scope: 'framework:pss' });
    await store.recordScan(fakeScan([], { passes: 3 }), { sourceType: 'snapshot', cluster: { name: 'lab' } });
    expect((await store.clusters()).map((cluster) => [cluster.label, cluster.latest.score])).toEqual([
      ['/repo/k8s [framework:pss]', 50],
      ['lab', 100],
      ['/repo/empty', null],
    ]);
  });
});

/** The driver, counting the statements run through it. */
function countingDriver(sql: SqlDriver): { driver: SqlDriver; count: () => number } {
  let statements = 0;
  const counted = new Set<PropertyKey>(['all', 'get', 'value', 'column', 'run', 'insertMany', 'transaction']);
  const driver = new Proxy(sql, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (counted.has(property)) statements++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { driver, count: () => statements };
}

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanStore, type ClusterSummary } from '../../store/index.js';
import { PostgresDriver } from '../../store/postgres-driver.js';
import { SqliteDriver } from '../../store/sqlite-driver.js';
import { fakeScan, type FakeFinding } from '../../store/test-support/fixtures.js';
import { buildDashboard } from '../dashboard.js';
import { BACKEND_NAMES, storeLocations } from '../test-support/store-locations.js';
import type { ClustersAnswer, FleetAnswer } from './fleet.js';

const PROD_A = { name: 'prod', arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/prod', accountId: '111111111111', region: 'eu-west-1' };
const PROD_B = { name: 'prod', arn: 'arn:aws:eks:us-east-1:222222222222:cluster/prod', accountId: '222222222222', region: 'us-east-1' };
const STAGING = { name: 'staging', arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/staging', accountId: '111111111111', region: 'eu-west-1' };
/** A manifest target whose name holds markup: it must reach the client escaped. */
const HOSTILE_TARGET = 'k8s/<img src=x onerror=alert(1)>&';

interface Fleet {
  /** prod of account 1: scanned twice; the second scan drops q-1 and adds a waived w-1. */
  prodAFirst: number;
  prodA: number;
  prodB: number;
  staging: number;
  target: number;
}

/**
 * Four groups: two clusters called `prod` in two accounts (never one group), `staging`, and a
 * manifest target with no failure. A finding `<check>-<n>` fails check `check-<check>`.
 */
async function recordFleet(location: string): Promise<Fleet> {
  const store = await ScanStore.open(location);
  const record = (findings: FakeFinding[], passes: number, cluster?: typeof PROD_A): Promise<number> =>
    store.recordScan(fakeScan(findings, { passes }), cluster ? { sourceType: 'cluster', cluster } : { sourceType: 'manifests', target: HOSTILE_TARGET });
  try {
    const prodAFirst = await record([{ id: 'x-1', severity: 'critical' }, { id: 'q-1', severity: 'high' }], 8, PROD_A);
    const prodB = await record([{ id: 'y-1' }, { id: 'y-2' }, { id: 'y-3' }, { id: 'z-1', severity: 'medium' }], 4, PROD_B);
    const staging = await record([{ id: 'z-1', severity: 'medium' }, { id: 'v-1', severity: 'low' }, { id: 'v-2', severity: 'low' }], 20, STAGING);
    const target = await record([], 5);
    const prodA = await record(
      [{ id: 'x-1', severity: 'critical' }, { id: 'x-2', severity: 'critical' }, { id: 'y-1' }, { id: 'w-1', severity: 'low', waived: true }],
      10,
      PROD_A,
    );
    return { prodAFirst, prodA, prodB, staging, target };
  } finally {
    await store.close();
  }
}

const locations = storeLocations('fleet-routes');
const { webRoot } = locations;

const NONE = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
describe.each(BACKEND_NAMES)('the fleet routes on %s', (backend) => {
  let fleet: Fleet;
  let app: FastifyInstance;
  beforeAll(async () => {
    const location = await locations[backend]('fleet');
    fleet = await recordFleet(location);
    app = buildDashboard({ storePath: location, webRoot });
  }, 60_000);
  afterAll(() => app?.close());

  async function get<T>(url: string, status = 200, server = app): Promise<T> {
    const response = await server.inject({ url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    // The serializer escapes markup in every answer, the target's name included.
    expect(response.body).not.toMatch(/[<>&]/);
    return response.json<T>();
  }

  const errorOf = async (url: string, status: number): Promise<string> => (await get<{ error: string }>(url, status)).error;

  describe('GET /api/clusters', () => {
    it('lists every cluster and target once with its newest scan, worst first', async () => {
      const { clusters } = await get<ClustersAnswer>('/api/clusters');
      expect(clusters.map((cluster) => cluster.latest.id)).toEqual([fleet.prodA, fleet.prodB, fleet.staging, fleet.target]);
      const [prodA, prodB, staging, target] = clusters as [ClusterSummary, ClusterSummary, ClusterSummary, ClusterSummary];
      expect(prodA).toMatchObject({ sourceType: 'cluster', cluster: 'prod', clusterArn: PROD_A.arn, accountId: '111111111111', region: 'eu-west-1', scans: 2 });
      expect(prodA.label).toBe('prod (111111111111/eu-west-1)');
      // The waived low failure counts nowhere.
      expect(prodA.latest).toMatchObject({ failures: { ...NONE, critical: 2, high: 1 }, score: 76.9 });
      expect(prodB).toMatchObject({ cluster: 'prod', accountId: '222222222222', region: 'us-east-1', scans: 1, label: 'prod (222222222222/us-east-1)' });
      expect(prodB.latest).toMatchObject({ failures: { ...NONE, high: 3, medium: 1 }, score: 50 });
      expect(staging).toMatchObject({ cluster: 'staging', scans: 1, label: 'staging (111111111111/eu-west-1)' });
      expect(staging.latest).toMatchObject({ failures: { ...NONE, medium: 1, low: 2 }, score: 87 });
      expect(target).toMatchObject({ sourceType: 'manifests', target: HOSTILE_TARGET, label: HOSTILE_TARGET, scans: 1 });
      expect(target.latest).toMatchObject({ failures: NONE, score: 100 });
      expect(new Set(clusters.map((cluster) => cluster.groupKey)).size).toBe(4);
    });

    it('refuses parameters', async () => {
      expect(await errorOf('/api/clusters?limit=5', 400)).toBe('unknown parameter "limit"');
    });
  });

  describe('GET /api/fleet', () => {
    it('sums the newest scan of each group and ranks groups and checks', async () => {
      const overview = await get<FleetAnswer>('/api/fleet');
      expect(overview.groups).toBe(4);
      expect(overview.scans).toBe(5);
      // prod A's first scan (q-1, x-1) is history: only each group's newest scan counts.
      expect(overview.failures).toEqual({ critical: 2, high: 4, medium: 2, low: 2, info: 0 });
      expect(overview.worst.map((cluster) => cluster.latest.id)).toEqual([fleet.prodA, fleet.prodB, fleet.staging, fleet.target]);
      // By clusters affected, then severity; check-w is waived where it fails, check-q fixed. Each links
      // to the worst cluster failing it.
      expect(overview.commonFindings).toEqual([
        { checkId: 'check-y', title: expect.stringMatching(/^Title of y-/), severity: 'high', area: 'workload', clusters: 2, failures: 4, example: { scanId: fleet.prodA, label: 'prod (111111111111/eu-west-1)' } },
        { checkId: 'check-z', title: expect.stringMatching(/^Title of z-/), severity: 'medium', area: 'workload', clusters: 2, failures: 2, example: { scanId: fleet.prodB, label: 'prod (222222222222/us-east-1)' } },
        { checkId: 'check-x', title: expect.stringMatching(/^Title of x-/), severity: 'critical', area: 'workload', clusters: 1, failures: 2, example: { scanId: fleet.prodA, label: 'prod (111111111111/eu-west-1)' } },
        { checkId: 'check-v', title: expect.stringMatching(/^Title of v-/), severity: 'low', area: 'workload', clusters: 1, failures: 2, example: { scanId: fleet.staging, label: 'staging (111111111111/eu-west-1)' } },
      ]);
      expect(overview.trends.map((trend) => trend.groupKey)).toEqual(overview.worst.map((cluster) => cluster.groupKey));
      expect(overview.trends[0]).toMatchObject({ label: 'prod (111111111111/eu-west-1)' });
      expect(overview.trends[0]?.points).toEqual([
        expect.objectContaining({ id: fleet.prodAFirst, total: 2, score: 80 }),
        expect.objectContaining({ id: fleet.prodA, total: 3, score: 76.9 }),
      ]);
      expect(overview.trends.slice(1).map((trend) => trend.points.map((point) => point.id))).toEqual([[fleet.prodB], [fleet.staging], [fleet.target]]);
    });

    it('bounds the worst groups, common checks and trend length as asked', async () => {
      const overview = await get<FleetAnswer>('/api/fleet?worst=2&common=1&trend=1');
      expect(overview.worst.map((cluster) => cluster.latest.id)).toEqual([fleet.prodA, fleet.prodB]);
      expect(overview.commonFindings.map((finding) => finding.checkId)).toEqual(['check-y']);
      expect(overview.trends.map((trend) => trend.points.map((point) => point.id))).toEqual([[fleet.prodA], [fleet.prodB]]);
      // The totals stay fleet-wide.
      expect(overview).toMatchObject({ groups: 4, scans: 5, failures: { critical: 2, high: 4, medium: 2, low: 2, info: 0 } });
    });

    it('links a check failing only in the healthiest of many groups, in as many queries as for a few groups', async () => {
      const location = await locations[backend]('many');
      const store = await ScanStore.open(location);
      try {
        // Fifteen clusters failing check-a, worst first; check-h fails only in the healthiest.
        for (let n = 15; n >= 1; n--) {
          const meta = { sourceType: 'cluster', cluster: { name: `c${String(n).padStart(2, '0')}`, accountId: '111111111111', region: 'eu-west-1' } };
          await store.recordScan(fakeScan(Array.from({ length: n }, (_, i) => ({ id: `a-${i}` })), { passes: 5 }), meta);
        }
        await store.recordScan(fakeScan([{ id: 'h-1', severity: 'low' }], { passes: 5 }), { sourceType: 'manifests', target: 'k8s/healthy' });
      } finally {
        await store.close();
      }
      const many = buildDashboard({ storePath: location, webRoot });
      try {
        const healthy = (await get<ClustersAnswer>('/api/clusters', 200, many)).clusters.at(-1)!;
        const [manyQueries, overview] = await countingQueries(() => get<FleetAnswer>('/api/fleet?worst=2', 200, many));
        expect(overview.commonFindings.map((finding) => [finding.checkId, finding.clusters, finding.example])).toEqual([
          ['check-a', 15, { scanId: overview.worst[0]!.latest.id, label: 'c15 (111111111111/eu-west-1)' }],
          ['check-h', 1, { scanId: healthy.latest.id, label: 'k8s/healthy' }],
        ]);
        await get<FleetAnswer>('/api/fleet?worst=2');
        const [fewQueries] = await countingQueries(() => get<FleetAnswer>('/api/fleet?worst=2'));
        expect(manyQueries).toBe(fewQueries);
        expect(manyQueries).toBeLessThanOrEqual(4);
      } finally {
        await many.close();
      }
    }, 30_000);

    it.each([
      ['worst=0', 'worst must be a whole number from 1 to 100, not "0"'],
      ['common=101', 'common must be a whole number from 1 to 100, not "101"'],
      ['trend=1.5', 'trend must be a whole number from 1 to 100, not "1.5"'],
      ['trend=-2', 'trend must be a whole number from 1 to 100, not "-2"'],
      ['worst=1&worst=2', 'parameter "worst" given more than once'],
      ['cluster=prod', 'unknown parameter "cluster" (known: worst, common, trend)'],
    ])('400 for %s', async (query, message) => {
      expect(await errorOf(`/api/fleet?${query}`, 400)).toBe(message);
    });

    it('only reads', async () => {
      for (const url of ['/api/fleet', '/api/clusters']) expect((await app.inject({ method: 'POST', url })).statusCode).toBe(405);
    });
  });

  it('lists no clusters before the first scan, and has no fleet to show', async () => {
    const empty = buildDashboard({ storePath: await locations[backend]('none'), webRoot });
    try {
      expect(await get<ClustersAnswer>('/api/clusters', 200, empty)).toEqual({ clusters: [] });
      if (backend === 'sqlite') {
        // No file yet: the overview's hint on how to record the first scan.
        expect(await get<{ error: string }>('/api/fleet', 404, empty)).toEqual({ error: expect.stringMatching(/^no scans recorded yet/) });
      } else {
        // A database is there (and migrated) from the first request: an empty fleet.
        expect(await get<FleetAnswer>('/api/fleet', 200, empty)).toEqual({ groups: 0, scans: 0, failures: NONE, worst: [], commonFindings: [], trends: [] });
      }
    } finally {
      await empty.close();
    }
  }, 30_000);
});

/** What `request` answers, and how many statements the store ran for it (either backend). */
async function countingQueries<T>(request: () => Promise<T>): Promise<[number, T]> {
  const spies = [SqliteDriver.prototype, PostgresDriver.prototype].flatMap((driver) =>
    (['all', 'get', 'value', 'column', 'run'] as const).map((method) => vi.spyOn(driver, method)),
  );
  try {
    const answer = await request();
    return [spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0), answer];
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

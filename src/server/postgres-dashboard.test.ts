/** The dashboard over a PostgreSQL store: opened on first use, read-only, its URL's password never shown. */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../test/peers/postgres.js';
import { run } from '../cli/test-support/run.js';
import { SCHEMA_VERSION, ScanStore, type ScanRow } from '../store/index.js';
import { fakeScan } from '../store/test-support/fixtures.js';
import { buildDashboard } from './dashboard.js';
import type { Overview } from './overview.js';

const PASSWORD = 'pw-never-shown';
let server: TestPostgres;
/** The database URL with a password (trust authentication ignores it), and as it may be shown. */
let url: string;
let shown: string;
let app: FastifyInstance;

beforeAll(async () => {
  server = await startPostgres();
  url = (await server.createDatabase()).replace('://postgres@', `://postgres:${PASSWORD}@`);
  shown = url.replace(PASSWORD, '***');
  app = buildDashboard({ storePath: url, webRoot: join(tmpdir(), 'eksguard-no-web-root') });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

const get = async <T>(path: string, status = 200, dashboard = app): Promise<T> => {
  const response = await dashboard.inject({ url: path });
  expect(response.statusCode, response.body).toBe(status);
  expect(response.body).not.toContain(PASSWORD);
  return response.json<T>();
};

describe('the dashboard on PostgreSQL', () => {
  it('opens the database on first use and shows scans recorded by the CLI meanwhile', async () => {
    expect(await get('/api/health')).toEqual({ ok: true, store: shown, schemaVersion: SCHEMA_VERSION, scans: 0 });
    const scanned = await run(['scan', 'snapshot', 'examples/prod.snapshot.json.gz', '--db', url, '--fail-on', 'none', '--format', 'json']);
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(scanned.stderr).toContain(`recorded as scan 1 in ${shown}`);
    expect(scanned.stderr).not.toContain(PASSWORD);
    const { scans } = await get<{ scans: ScanRow[] }>('/api/scans');
    expect(scans.map((scan) => scan.id)).toEqual([1]);
    const overview = await get<Overview>('/api/overview');
    expect(overview.scan.id).toBe(1);
    expect(overview.scan.cluster).toBeDefined();
    expect(overview.compliance.length).toBeGreaterThan(0);
    expect(await get<{ total: number }>('/api/scans/1/findings?severity=critical,high&limit=5')).toMatchObject({ total: expect.any(Number) });
    const grouped = await get<{ scans: ScanRow[] }>(`/api/scans?group=${encodeURIComponent(scans[0]!.groupKey)}`);
    expect(grouped.scans.map((scan) => scan.id)).toEqual([1]);
    expect((await get<{ error: string }>('/api/scans/99/findings', 404)).error).toBe(`no scan 99 in ${shown}`);
  });

  it('lists the history through the CLI, from the same database', async () => {
    const store = await ScanStore.open(url);
    try {
      await store.recordScan(fakeScan([{ id: 'a-1', severity: 'critical' }]), { sourceType: 'manifests', target: 'k8s' });
    } finally {
      await store.close();
    }
    const history = await run(['history', '--db', url, '--format', 'json']);
    expect(history.code, history.stderr).toBe(0);
    const listed = JSON.parse(history.stdout) as { db: string; scans: { id: number }[] };
    expect(listed.db).toBe(shown);
    expect(listed.scans.map((scan) => scan.id)).toEqual([2, 1]);
  });

  it('answers 503 without the password while the database is unreachable', async () => {
    const down = buildDashboard({ storePath: `postgres://eksguard:${PASSWORD}@127.0.0.1:1/fleet` });
    try {
      const error = await get<{ error: string }>('/api/scans', 503, down);
      expect(error.error).toContain('cannot open the scan store postgres://eksguard:***@127.0.0.1:1/fleet');
      // Not kept: the next request tries again.
      await get('/api/health', 503, down);
    } finally {
      await down.close();
    }
  });
});

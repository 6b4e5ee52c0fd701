import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanStore, type ScanRow } from '../../store/index.js';
import { fakeScan } from '../../store/test-support/fixtures.js';
import { buildDashboard } from '../dashboard.js';
import { BACKEND_NAMES, storeLocations } from '../test-support/store-locations.js';

const locations = storeLocations('scan-routes');
const { webRoot } = locations;

describe.each(BACKEND_NAMES)('GET /api/scans/:id on %s', (backend) => {
  let app: FastifyInstance;
  let location: string;
  let old: number;
  let newest: number;
  beforeAll(async () => {
    location = await locations[backend]('scans');
    const store = await ScanStore.open(location);
    try {
      const meta = { sourceType: 'cluster', cluster: { name: 'idle', accountId: '111111111111', region: 'eu-west-1' } };
      old = await store.recordScan(fakeScan([{ id: 'a-1', severity: 'critical' }], { passes: 3 }), meta);
      newest = await store.recordScan(fakeScan([], { passes: 4 }), meta);
    } finally {
      await store.close();
    }
    app = buildDashboard({ storePath: location, webRoot });
  }, 60_000);
  afterAll(() => app?.close());

  async function get<T>(url: string, status: number): Promise<T> {
    const response = await app.inject({ url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return response.json<T>();
  }

  it('answers one scan by id, an old one of its group too, as the scan list shows it', async () => {
    const { scan } = await get<{ scan: ScanRow }>(`/api/scans/${old}`, 200);
    const { scans } = await get<{ scans: ScanRow[] }>('/api/scans', 200);
    expect(scan).toEqual(scans.find((row) => row.id === old));
    expect(scan).toMatchObject({ cluster: 'idle', failures: { critical: 1 }, score: 75 });
    expect(scan.groupKey).toBe(scans.find((row) => row.id === newest)?.groupKey);
  });

  it('lists one scan with ?id=, or none when the store does not hold it (no 404 for the dashboard to log)', async () => {
    const { scans } = await get<{ scans: ScanRow[] }>('/api/scans', 200);
    expect((await get<{ scans: ScanRow[] }>(`/api/scans?id=${old}`, 200)).scans).toEqual(scans.filter((row) => row.id === old));
    expect((await get<{ scans: ScanRow[] }>(`/api/scans?id=${newest + 1}`, 200)).scans).toEqual([]);
    expect((await get<{ error: string }>('/api/scans?id=0', 400)).error).toMatch(/id/);
  });

  it('404 for a scan not in the store, 400 for what is no scan id, and refuses parameters', async () => {
    expect((await get<{ error: string }>(`/api/scans/${newest + 1}`, 404)).error).toMatch(new RegExp(`^no scan ${newest + 1} in `));
    expect((await get<{ error: string }>('/api/scans/0', 400)).error).toBe('scan id must be a positive whole number, not "0"');
    expect((await get<{ error: string }>(`/api/scans/${old}?limit=1`, 400)).error).toBe('unknown parameter "limit"');
  });
});

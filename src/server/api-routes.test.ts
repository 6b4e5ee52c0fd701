import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type FindingDetail, type FindingPage, type ScanDiff, type ScanRow } from '../store/index.js';
import type { AttackPath, ComplianceReport } from '../model/index.js';
import { buildDashboard } from './dashboard.js';
import type { Overview } from './overview.js';
import { dashboardStore, HOSTILE_NAME, type DashboardStore } from './test-support/dashboard-store.js';

let fixture: DashboardStore;
let app: FastifyInstance;
beforeAll(async () => {
  fixture = await dashboardStore();
  app = buildDashboard({ storePath: fixture.path, webRoot: join(tmpdir(), 'eksguard-no-web-root') });
}, 60_000);
afterAll(() => app.close());

async function get<T>(url: string, status = 200): Promise<T> {
  const response = await app.inject({ url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return response.json<T>();
}

const errorOf = async (url: string, status: number): Promise<string> => (await get<{ error: string }>(url, status)).error;

describe('GET /api/health', () => {
  it('names the store, its schema and how many scans it holds', async () => {
    expect(await get('/api/health')).toEqual({ ok: true, store: fixture.path, schemaVersion: SCHEMA_VERSION, scans: 4 });
  });

  it('refuses parameters it does not know', async () => {
    expect(await errorOf('/api/health?x=1', 400)).toBe('unknown parameter "x"');
  });
});

describe('GET /api/scans', () => {
  it('lists scans newest first, of one cluster or target, up to limit', async () => {
    const all = (await get<{ scans: ScanRow[] }>('/api/scans')).scans;
    expect(all.map((scan) => scan.id)).toEqual([fixture.hostile, fixture.later, fixture.earlier, fixture.demo]);
    expect(all[3]).toMatchObject({ sourceType: 'cluster', cluster: 'prod' });
    const fake = (await get<{ scans: ScanRow[] }>('/api/scans?cluster=fake&limit=1')).scans;
    expect(fake.map((scan) => scan.id)).toEqual([fixture.later]);
    expect(fake[0]).toMatchObject({ target: 'fake', failures: { critical: 0, high: 1, medium: 1, low: 0, info: 0 }, score: 77.8, findings: 3 });
  });

  it.each([
    ['limit=0', 'limit must be a whole number from 1 to 500, not "0"'],
    ['limit=501', 'limit must be a whole number from 1 to 500, not "501"'],
    ['limit=1.5', 'limit must be a whole number from 1 to 500, not "1.5"'],
    ['limit=-1', 'limit must be a whole number from 1 to 500, not "-1"'],
    ['limit=1&limit=2', 'parameter "limit" given more than once'],
    ['sort=id', 'unknown parameter "sort" (known: cluster, group, limit, id)'],
  ])('400 for %s', async (query, message) => {
    expect(await errorOf(`/api/scans?${query}`, 400)).toBe(message);
  });
});

describe('GET /api/overview', () => {
  it('shows the newest scan by default', async () => {
    const overview = await get<Overview>('/api/overview');
    expect(overview.scan.id).toBe(fixture.hostile);
    expect(overview.previous).toBeNull();
    expect(overview.trend.map((point) => point.id)).toEqual([fixture.hostile]);
    expect(overview).toMatchObject({ newFailures: 1, fixedFailures: 0, areas: { workload: 1 } });
  });

  it('compares with the previous scan of the same target and trends up to the scan shown', async () => {
    const overview = await get<Overview>(`/api/overview?scan=${fixture.later}`);
    expect(overview.previous?.id).toBe(fixture.earlier);
    expect(overview.trend).toEqual([
      expect.objectContaining({ id: fixture.earlier, total: 2, score: 75 }),
      expect.objectContaining({ id: fixture.later, total: 2, score: 77.8 }),
    ]);
    // c-1 is new, a-1 fixed; b-1 is waived and counts in no area.
    expect(overview).toMatchObject({ newFailures: 1, fixedFailures: 1, areas: { workload: 2 } });
    const first = await get<Overview>(`/api/overview?scan=${fixture.earlier}`);
    expect(first.trend.map((point) => point.id)).toEqual([fixture.earlier]);
  });

  it('scores each framework of a real scan', async () => {
    const overview = await get<Overview>(`/api/overview?scan=${fixture.demo}`);
    const cis = overview.compliance.find((framework) => framework.framework === 'cis-eks-1.8');
    expect(cis).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(cis?.counts.fail).toBeGreaterThan(0);
    expect(cis).not.toHaveProperty('controls');
    expect(Object.keys(overview.areas).length).toBeGreaterThan(3);
  });

  it('404s for an unknown scan and 400s for a malformed id', async () => {
    expect(await errorOf('/api/overview?scan=99', 404)).toBe(`no scan 99 in ${fixture.path}`);
    expect(await errorOf('/api/overview?scan=0', 400)).toBe('scan must be a positive whole number, not "0"');
    expect(await errorOf('/api/overview?scan=1e3', 400)).toBe('scan must be a positive whole number, not "1e3"');
  });
});

describe('GET /api/scans/:id/findings', () => {
  it('pages, filters, sorts and counts facets', async () => {
    const page = await get<FindingPage>(`/api/scans/${fixture.demo}/findings?severity=critical,high&sort=risk&limit=5`);
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    expect(page.rows.every((row) => row.severity === 'critical' || row.severity === 'high')).toBe(true);
    const risks = page.rows.map((row) => row.riskScore ?? -1);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    // The severity facet ignores the severity filter, so it shows what another choice would add.
    expect(page.facets.severity.medium).toBeGreaterThan(0);
    const next = await get<FindingPage>(`/api/scans/${fixture.demo}/findings?severity=critical,high&sort=risk&limit=5&offset=5`);
    expect(next.rows[0]?.fingerprint).not.toBe(page.rows[0]?.fingerprint);
  });

  it('marks what is new since the previous scan and filters on it', async () => {
    const page = await get<FindingPage>(`/api/scans/${fixture.later}/findings`);
    expect(page.previousScanId).toBe(fixture.earlier);
    expect(page.rows.find((row) => row.fingerprint === 'fp-c-1')?.isNew).toBe(true);
    expect((await get<FindingPage>(`/api/scans/${fixture.later}/findings?change=new`)).rows.map((row) => row.fingerprint)).toEqual(['fp-c-1']);
    expect((await get<FindingPage>(`/api/scans/${fixture.later}/findings?waived=true`)).rows.map((row) => row.fingerprint)).toEqual(['fp-b-1']);
    expect((await get<FindingPage>(`/api/scans/${fixture.later}/findings?q=C-1&status=fail&area=workload&namespace=shop&check=check-c`)).total).toBe(1);
    expect((await get<FindingPage>(`/api/scans/${fixture.later}/findings?severity=&limit=0`)).total).toBe(3);
  });

  it.each([
    ['severity=urgent', 'severity: unknown value "urgent" (one of: critical, high, medium, low, info)'],
    ['status=failed', 'status: unknown value "failed" (one of: fail, error, not-evaluated, pass)'],
    ['change=old', 'change must be one of new, unchanged, not "old"'],
    ['waived=yes', 'waived must be one of true, false, not "yes"'],
    ['sort=name', 'sort must be one of severity, risk, check, resource, not "name"'],
    ['limit=501', 'limit must be a whole number from 0 to 500, not "501"'],
    ['offset=-3', 'offset must be a whole number from 0 to 9007199254740991, not "-3"'],
    [`q=${'x'.repeat(201)}`, 'q must be at most 200 characters'],
    ['checkId=x', 'unknown parameter "checkId" (known: severity, area, namespace, check, status, change, waived, q, sort, limit, offset)'],
  ])('400 for %s', async (query, message) => {
    expect(await errorOf(`/api/scans/${fixture.later}/findings?${query}`, 400)).toBe(message);
  });

  it('404s for an unknown scan and 400s for a malformed id', async () => {
    expect(await errorOf('/api/scans/99/findings', 404)).toBe(`no scan 99 in ${fixture.path}`);
    expect(await errorOf('/api/scans/x1/findings', 400)).toBe('scan id must be a positive whole number, not "x1"');
  });
});

describe('GET /api/scans/:id/findings/:fingerprint', () => {
  it('answers one finding in full', async () => {
    const detail = await get<FindingDetail>(`/api/scans/${fixture.later}/findings/fp-a-2`);
    expect(detail).toMatchObject({ fingerprint: 'fp-a-2', remediation: 'fix it', isNew: false, firstSeenScanId: fixture.earlier, resource: { name: 'a-2' } });
    const real = await get<FindingPage>(`/api/scans/${fixture.demo}/findings?limit=1`);
    const first = real.rows[0];
    const full = await get<FindingDetail>(`/api/scans/${fixture.demo}/findings/${first?.fingerprint ?? ''}`);
    expect(full.remediation.length).toBeGreaterThan(0);
  });

  it('404s for an unknown fingerprint or scan', async () => {
    expect(await errorOf(`/api/scans/${fixture.later}/findings/fp-a-1`, 404)).toBe(`no finding "fp-a-1" in scan ${fixture.later}`);
    expect(await errorOf('/api/scans/99/findings/fp-a-2', 404)).toBe(`no scan 99 in ${fixture.path}`);
  });
});

describe('GET /api/scans/:id/resources, compliance, paths', () => {
  it('lists resources with their failures, searchable', async () => {
    const page = await get<{ total: number; rows: { kind: string; name: string; findings: number }[] }>(`/api/scans/${fixture.later}/resources?q=A-&limit=1`);
    expect(page.total).toBe(1);
    expect(page.rows).toEqual([{ kind: 'Deployment', namespace: 'shop', name: 'a-2', findings: 1, failures: { critical: 0, high: 1, medium: 0, low: 0, info: 0 } }]);
    expect((await get<{ total: number }>(`/api/scans/${fixture.later}/resources?offset=2`)).total).toBe(3);
    expect(await errorOf(`/api/scans/${fixture.later}/resources?limit=x`, 400)).toBe('limit must be a whole number from 0 to 500, not "x"');
  });

  it('answers the compliance of each framework, control by control', async () => {
    const { frameworks } = await get<{ frameworks: ComplianceReport[] }>(`/api/scans/${fixture.demo}/compliance`);
    expect(frameworks.map((framework) => framework.framework)).toContain('cis-eks-1.8');
    expect(frameworks[0]?.controls[0]).toMatchObject({ id: expect.any(String), status: expect.any(String), checkIds: expect.any(Array) });
    expect(await get(`/api/scans/${fixture.later}/compliance`)).toEqual({ frameworks: [] });
  });

  it('answers the attack paths of a scan', async () => {
    const { paths } = await get<{ paths: AttackPath[] }>(`/api/scans/${fixture.demo}/paths`);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths[0]?.steps[0]).toMatchObject({ from: expect.any(Object), edge: expect.any(String), to: expect.any(Object) });
    expect(await errorOf('/api/scans/99/paths', 404)).toBe(`no scan 99 in ${fixture.path}`);
    expect(await errorOf('/api/scans/99/compliance', 404)).toBe(`no scan 99 in ${fixture.path}`);
  });
});

describe('GET /api/diff', () => {
  it('answers new, fixed and unchanged failures', async () => {
    const diff = await get<ScanDiff>(`/api/diff?from=${fixture.earlier}&to=${fixture.later}`);
    expect(diff.from.id).toBe(fixture.earlier);
    expect(diff.new.map((row) => row.fingerprint)).toEqual(['fp-c-1']);
    expect(diff.fixed.map((row) => row.fingerprint)).toEqual(['fp-a-1']);
    expect(diff.unchanged.map((row) => row.fingerprint).sort()).toEqual(['fp-a-2', 'fp-b-1']);
    expect((diff as ScanDiff & { counts: unknown }).counts).toEqual({ new: 1, fixed: 1, notRechecked: 0, unchanged: 2 });
  });

  it('400s without both ids or with a malformed one, 404s for an unknown scan', async () => {
    expect(await errorOf(`/api/diff?from=${fixture.earlier}`, 400)).toBe('to is required: the id of a scan to compare');
    expect(await errorOf('/api/diff?to=2', 400)).toBe('from is required: the id of a scan to compare');
    expect(await errorOf('/api/diff?from=a&to=2', 400)).toBe('from must be a positive whole number, not "a"');
    expect(await errorOf(`/api/diff?from=${fixture.earlier}&to=99`, 404)).toBe(`no scan 99 in ${fixture.path}`);
  });
});

describe('the API', () => {
  it('404s as JSON for a route it does not have', async () => {
    expect(await errorOf('/api/scans/1/nothing', 404)).toBe('no such route: GET /api/scans/1/nothing');
    expect(await errorOf('/api', 404)).toBe('no such route: GET /api');
  });

  it('returns hostile strings as JSON with markup escaped, never as HTML', async () => {
    const response = await app.inject({ url: `/api/scans/${fixture.hostile}/findings` });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).not.toMatch(/[<>]/);
    const page = response.json<FindingPage>();
    expect(page.rows[0]?.resource.name).toBe(HOSTILE_NAME);
    const detail = await get<FindingDetail>(`/api/scans/${fixture.hostile}/findings/${encodeURIComponent(`fp-${HOSTILE_NAME}`)}`);
    expect(detail.message).toBe(`message of ${HOSTILE_NAME}`);
    const error = await app.inject({ url: `/api/scans/${fixture.hostile}/findings?severity=${encodeURIComponent('<script>')}` });
    expect(error.statusCode).toBe(400);
    expect(error.body).not.toContain('<script>');
    expect(error.json<{ error: string }>().error).toContain('"<script>"');
  });

  it('starts without a store file, and says how to record the first scan', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'eksguard-dashboard-empty-')), 'none.db');
    const empty = buildDashboard({ storePath: path });
    try {
      const health = await empty.inject({ url: '/api/health' });
      expect(health.json()).toEqual({ ok: true, store: path, schemaVersion: null, scans: 0 });
      expect((await empty.inject({ url: '/api/scans' })).json()).toEqual({ scans: [] });
      const overview = await empty.inject({ url: '/api/overview' });
      expect(overview.statusCode).toBe(404);
      expect(overview.json<{ error: string }>().error).toMatch(new RegExp(`^no scans recorded yet: run eksguard scan .*\\(scans are recorded in ${path}\\)$`));
      expect((await empty.inject({ url: '/api/scans/1/findings' })).statusCode).toBe(404);
    } finally {
      await empty.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ScanQueries, StoreError } from './index.js';
import { DIALECTS, storeBackends } from './test-support/backends.js';
import { fakeScan, manyFindings } from './test-support/fixtures.js';

const backends = storeBackends();

const cluster = (name: string) => ({ sourceType: 'cluster', cluster: { name, arn: `arn:aws:eks:eu-west-1:111122223333:cluster/${name}`, accountId: '111122223333', region: 'eu-west-1' } });

describe.each(DIALECTS)('ScanStore on %s', (dialect) => {
  describe('recordScan, listScans and scan', () => {
    it('stores failures, errors and not-evaluated results, not passes, and the summary counts', async () => {
      const store = await backends.fresh(dialect);
      const result = fakeScan(
        [
          { id: 'a', severity: 'critical' },
          { id: 'b', severity: 'low', waived: true },
          { id: 'c', status: 'error' },
          { id: 'd', status: 'not-evaluated' },
          { id: 'e', status: 'pass' },
        ],
        { passes: 40, attackPaths: 2 },
      );
      const id = await store.recordScan(result, cluster('prod'));
      expect(typeof id).toBe('number');
      const scan = await store.scan(id);
      expect(scan).toMatchObject({
        id,
        sourceType: 'cluster',
        cluster: 'prod',
        clusterArn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
        accountId: '111122223333',
        region: 'eu-west-1',
        toolVersion: '0.1.0-test',
        startedAt: '2025-01-01T00:00:00.000Z',
        attackPaths: 2,
        findings: 4,
        failures: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
      });
      expect(scan?.summary.byStatus.pass).toBe(41);
      const rows = await store.findings(id);
      expect(rows.map((row) => row.fingerprint)).toEqual(['fp-a', 'fp-b', 'fp-c', 'fp-d']);
      expect(rows[1]).toMatchObject({ waived: true, severity: 'low', status: 'fail', resource: { kind: 'Deployment', namespace: 'shop', name: 'b' }, container: 'app', riskScore: 50 });
      expect(await store.scan(id + 100)).toBeUndefined();
    });

    it('keeps the order of a scan of 2,500 rows (more than one insert batch)', async () => {
      const store = await backends.fresh(dialect);
      const id = await store.recordScan(fakeScan(manyFindings('big', 2_500)), cluster('prod'));
      const rows = await store.findings(id);
      expect(rows).toHaveLength(2_500);
      expect(rows.map((row) => row.fingerprint)).toEqual(Array.from({ length: 2_500 }, (_, i) => `fp-big-${i}`));
      expect((await store.scan(id))?.findings).toBe(2_500);
    });

    it('lists newest first, by cluster or group, with a limit', async () => {
      const store = await backends.fresh(dialect);
      const ids: number[] = [];
      for (const name of ['prod', 'dev', 'prod', 'prod']) ids.push(await store.recordScan(fakeScan(manyFindings(name, 2)), cluster(name)));
      expect((await store.listScans()).map((scan) => scan.id)).toEqual([...ids].reverse());
      expect((await store.listScans({ cluster: 'prod', limit: 2 })).map((scan) => scan.id)).toEqual([ids[3], ids[2]]);
      expect((await store.listScans({ cluster: 'dev' })).map((scan) => scan.cluster)).toEqual(['dev']);
      expect(await store.listScans({ cluster: 'nope' })).toEqual([]);
      const dev = (await store.scan(ids[1]!))!;
      expect((await store.listScans({ groupKey: dev.groupKey })).map((scan) => scan.id)).toEqual([ids[1]]);
    });

    it('stores and looks up text with NUL characters alike (PostgreSQL text cannot hold one): as U+FFFD', async () => {
      const store = await backends.fresh(dialect);
      const result = fakeScan([{ id: 'nul' }]);
      result.results[0]!.resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop\u0000', name: 'a\u0000b' };
      result.results[0]!.message = 'value "x\u0000y"';
      const id = await store.recordScan(result, { sourceType: 'manifests', target: 'k8s/\u0000' });
      const [row] = await store.findings(id);
      expect(row).toMatchObject({ resource: { namespace: 'shop\uFFFD', name: 'a\uFFFDb' }, message: 'value "x\uFFFDy"' });
      expect((await store.scan(id))?.target).toBe('k8s/\uFFFD');
      const queries = new ScanQueries(store);
      expect((await queries.findingsPage(id, { search: 'a\u0000b' })).total).toBe(1);
      expect((await queries.findingsPage(id, { namespace: ['shop\u0000'] })).total).toBe(1);
      expect(await store.listScans({ cluster: 'k8s/\u0000' })).toHaveLength(1);
    });

    it('refuses a limit that is no whole number ≥ 0 alike in both dialects (SQLite would read -1 as no limit)', async () => {
      const store = await backends.fresh(dialect);
      const scan = (await store.scan(await store.recordScan(fakeScan(manyFindings('p', 1)), cluster('prod'))))!;
      for (const limit of [-1, 2.5, Number.NaN]) {
        await expect(store.listScans({ limit }), String(limit)).rejects.toThrow(StoreError);
        await expect(store.groupScans(scan, limit), String(limit)).rejects.toThrow(StoreError);
        await expect(store.trend(scan, limit), String(limit)).rejects.toThrow(StoreError);
      }
      expect(await store.listScans({ limit: 0 })).toEqual([]);
      expect(await store.trend(scan, 0)).toEqual([]);
    });
  });

  describe('diff', () => {
    it('splits failures into new, fixed and unchanged by fingerprint', async () => {
      const store = await backends.fresh(dialect);
      const a = await store.recordScan(fakeScan([{ id: 'keep' }, { id: 'gone' }, { id: 'err', status: 'error' }]), cluster('prod'));
      const b = await store.recordScan(fakeScan([{ id: 'keep' }, { id: 'fresh', severity: 'critical' }]), cluster('prod'));
      const diff = await store.diff(a, b);
      expect(diff.from.id).toBe(a);
      expect(diff.to.id).toBe(b);
      expect(diff.new.map((row) => row.fingerprint)).toEqual(['fp-fresh']);
      expect(diff.new[0]?.severity).toBe('critical');
      expect(diff.fixed.map((row) => row.fingerprint)).toEqual(['fp-gone']);
      expect(diff.unchanged.map((row) => row.fingerprint)).toEqual(['fp-keep']);
      await expect(store.diff(a, 999)).rejects.toThrow(/no scan 999/);
    });
  });

  describe('trend', () => {
    it('gives the last n scans of the group, up to the scan, oldest first, with failures by severity', async () => {
      const store = await backends.fresh(dialect);
      const first = await store.recordScan(fakeScan([{ id: 'x', severity: 'critical' }]), cluster('prod'));
      const second = await store.recordScan(fakeScan([{ id: 'x', severity: 'critical' }, { id: 'y', severity: 'high' }]), cluster('prod'));
      await store.recordScan(fakeScan([{ id: 'z', severity: 'low' }]), cluster('dev'));
      const last = await store.recordScan(fakeScan([{ id: 'y', severity: 'high' }, { id: 'w', severity: 'high', waived: true }]), cluster('prod'));
      const scan = (await store.scan(last))!;
      const trend = await store.trend(scan, 2);
      expect(trend.map((point) => point.total)).toEqual([2, 1]);
      expect(trend[0]?.failures).toEqual({ critical: 1, high: 1, medium: 0, low: 0, info: 0 });
      expect(trend[1]?.failures.high).toBe(1);
      expect(await store.trend(scan, 10)).toHaveLength(3);
      expect((await store.trend((await store.scan(second))!, 10)).map((point) => point.id)).toEqual([first, second]);
    });
  });

  describe('comparison groups', () => {
    const elsewhere = (name: string) => ({ sourceType: 'cluster', cluster: { name, arn: `arn:aws:eks:us-east-1:999988887777:cluster/${name}`, accountId: '999988887777', region: 'us-east-1' } });

    it('keep clusters of one name in two accounts apart: previous scan, trend and retention', async () => {
      const store = await backends.fresh(dialect);
      const ours = await store.recordScan(fakeScan([{ id: 'a' }]), cluster('prod'));
      const theirs = await store.recordScan(fakeScan([{ id: 'b' }]), elsewhere('prod'));
      const theirsAgain = await store.recordScan(fakeScan([{ id: 'b' }]), elsewhere('prod'));
      expect(await store.previousScan((await store.scan(theirs))!)).toBeUndefined();
      expect((await store.previousScan((await store.scan(theirsAgain))!))?.id).toBe(theirs);
      expect(await store.prune({ keepLast: 1 })).toBe(1);
      expect((await store.listScans()).map((scan) => scan.id)).toEqual([theirsAgain, ours]);
    });

    it('keep a narrowed scan (--framework, --checks) apart from full scans', async () => {
      const store = await backends.fresh(dialect);
      const full = await store.recordScan(fakeScan([{ id: 'a' }, { id: 'b' }]), cluster('prod'));
      const narrowed = await store.recordScan(fakeScan([{ id: 'a' }]), { ...cluster('prod'), scope: 'framework:pss' });
      const fullAgain = await store.recordScan(fakeScan([{ id: 'a' }, { id: 'b' }]), cluster('prod'));
      expect(await store.scan(narrowed)).toMatchObject({ scope: 'framework:pss' });
      expect((await store.scan(full))?.scope).toBeUndefined();
      expect(await store.previousScan((await store.scan(narrowed))!)).toBeUndefined();
      expect((await store.previousScan((await store.scan(fullAgain))!))?.id).toBe(full);
    });

    it('never calls a failure fixed when its check did not decide in the later scan', async () => {
      const store = await backends.fresh(dialect);
      const before = await store.recordScan(fakeScan([{ id: 'a-1' }, { id: 'b-1' }, { id: 'c-1' }]), { ...cluster('prod'), ranChecks: ['check-a', 'check-b', 'check-c'] });
      // check-b did not run; check-c ran but could not decide (not evaluated); check-a decided and passed.
      const after = await store.recordScan(fakeScan([{ id: 'c-2', status: 'not-evaluated' }]), { ...cluster('prod'), ranChecks: ['check-a', 'check-c'] });
      const diff = await store.diff(before, after);
      expect(diff.fixed.map((row) => row.fingerprint)).toEqual(['fp-a-1']);
      expect(diff.notRechecked.map((row) => row.fingerprint).sort()).toEqual(['fp-b-1', 'fp-c-1']);
    });
  });

  describe('prune', () => {
    it('keeps the newest N of each cluster, with their rows only', async () => {
      const store = await backends.fresh(dialect);
      for (const name of ['prod', 'prod', 'prod', 'dev', 'dev']) await store.recordScan(fakeScan(manyFindings(name, 3)), cluster(name));
      expect(await store.prune({ keepLast: 1 })).toBe(3);
      expect((await store.listScans()).map((scan) => scan.cluster)).toEqual(['dev', 'prod']);
      expect(await store.sql.value('SELECT COUNT(*) FROM findings')).toBe(6);
      expect(await store.sql.value('SELECT COUNT(*) FROM scan_checks')).toBe(2);
    });

    it('deletes scans older than N days, never one of the keepLast newest', async () => {
      const store = await backends.fresh(dialect);
      const now = new Date('2025-03-01T00:00:00Z');
      const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
      for (const age of [60, 40, 20, 1]) await store.recordScan(fakeScan(manyFindings('p', 1)), { ...cluster('prod'), recordedAt: day(age) });
      expect(await store.prune({ olderThanDays: 30, keepLast: 3, now })).toBe(1);
      expect(await store.listScans()).toHaveLength(3);
      expect(await store.prune({ olderThanDays: 30, now })).toBe(1);
      expect((await store.listScans()).map((scan) => scan.recordedAt)).toEqual([day(1).toISOString(), day(20).toISOString()]);
      await expect(store.prune({})).rejects.toThrow(StoreError);
    });

    it('lets concurrent prunes and recordings of one store all finish', async () => {
      const store = await backends.fresh(dialect);
      for (let i = 0; i < 6; i++) await store.recordScan(fakeScan(manyFindings('p', 5)), cluster('prod'));
      const outcomes = await Promise.all([
        store.prune({ keepLast: 2 }),
        store.prune({ keepLast: 3 }),
        store.recordScan(fakeScan(manyFindings('p', 5)), cluster('prod')),
        store.prune({ keepLast: 2 }),
      ]);
      expect(outcomes[2]).toBeGreaterThan(0);
      // PostgreSQL may commit the recording before or after the last prune: prune once more to know.
      await store.prune({ keepLast: 2 });
      expect(await store.listScans()).toHaveLength(2);
      expect(await store.sql.value('SELECT COUNT(*) FROM findings WHERE scan_id NOT IN (SELECT id FROM scans)')).toBe(0);
      expect(await store.sql.value('SELECT COUNT(*) FROM findings')).toBe(10);
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { AttackPath, ComplianceReport, ScanResult } from '../model/index.js';
import { ScanQueries, type ScanStore } from './index.js';
import { DIALECTS, storeBackends } from './test-support/backends.js';
import { fakeResult, fakeScan, manyFindings } from './test-support/fixtures.js';

const backends = storeBackends();
const manifests = { sourceType: 'manifests', target: 'k8s/' };

function scanOf(ids: string[], extra: (result: ScanResult) => void = () => undefined): ScanResult {
  const result = fakeScan(ids.map((id, i) => ({ id, severity: (['critical', 'high', 'low'] as const)[i % 3] })));
  extra(result);
  return result;
}

describe.each(DIALECTS)('ScanQueries on %s', (dialect) => {
  let store: ScanStore;
  let queries: ScanQueries;
  beforeEach(async () => {
    store = await backends.fresh(dialect);
    queries = new ScanQueries(store);
  });

  describe('findingsPage', () => {
    it('filters, searches, pages and sorts one scan, with facets that ignore their own filter', async () => {
      const result = fakeScan(manyFindings('a', 50));
      result.results[3]!.resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'kube-system', name: 'Needle-pod' };
      const id = await store.recordScan(result, manifests);
      await store.recordScan(fakeScan(manyFindings('other', 30)), { sourceType: 'manifests', target: 'elsewhere' });

      const all = await queries.findingsPage(id, {}, { limit: 20 });
      expect(all.total).toBe(50);
      expect(all.rows).toHaveLength(20);
      expect(all.rows.slice(0, 10).every((row) => row.severity === 'critical')).toBe(true);

      const critical = await queries.findingsPage(id, { severity: ['critical'] });
      expect(critical.total).toBe(10);
      // The severity facet still counts every severity under the other filters (none here).
      expect(critical.facets.severity).toEqual({ critical: 10, high: 10, medium: 10, low: 10, info: 10 });
      expect(critical.facets.namespace).toEqual({ shop: 10 });

      const search = await queries.findingsPage(id, { search: 'needle' });
      expect(search.rows.map((row) => row.resource.name)).toEqual(['Needle-pod']);
      expect((await queries.findingsPage(id, { namespace: ['kube-system'] })).total).toBe(1);

      const second = await queries.findingsPage(id, {}, { limit: 20, offset: 40 });
      expect(second.rows).toHaveLength(10);
      const byCheck = (await queries.findingsPage(id, {}, { sort: 'check', limit: 500 })).rows.map((row) => row.checkId);
      expect(byCheck).toEqual([...byCheck].sort());
      for (const sort of ['severity', 'risk', 'check', 'resource'] as const) {
        expect((await queries.findingsPage(id, {}, { sort, limit: 500 })).rows, sort).toHaveLength(50);
      }
    });

    it('marks failures new since the previous scan of the same target, and filters by change', async () => {
      const first = await store.recordScan(scanOf(['a-1', 'b-1']), manifests);
      const second = await store.recordScan(scanOf(['a-1', 'c-1']), manifests);
      const page = await queries.findingsPage(second);
      expect(page.previousScanId).toBe(first);
      expect(Object.fromEntries(page.rows.map((row) => [row.fingerprint, row.isNew]))).toEqual({ 'fp-a-1': false, 'fp-c-1': true });
      expect((await queries.findingsPage(second, { change: 'new' })).rows.map((row) => row.fingerprint)).toEqual(['fp-c-1']);
      expect((await queries.findingsPage(second, { change: 'unchanged' })).rows.map((row) => row.fingerprint)).toEqual(['fp-a-1']);
      // The first scan has nothing to compare with: every failure is new, none unchanged.
      expect((await queries.findingsPage(first, { change: 'new' })).total).toBe(2);
      expect((await queries.findingsPage(first, { change: 'unchanged' })).total).toBe(0);
      expect(await queries.count(second, { status: ['fail'], waived: false })).toBe(2);
    });

    it('treats search text as text, not as SQL or a pattern', async () => {
      const result = scanOf(['a-1']);
      result.results[0]!.message = "it's 100% _odd_";
      const id = await store.recordScan(result, manifests);
      expect((await queries.findingsPage(id, { search: "'; DROP TABLE findings; --" })).total).toBe(0);
      expect((await queries.findingsPage(id, { search: '%' })).total).toBe(1);
      expect((await queries.findingsPage(id, { search: '_o' })).total).toBe(1);
      expect((await queries.findingsPage(id, { search: 'x_' })).total).toBe(0);
      expect((await queries.findingsPage(id, { search: '?' })).total).toBe(0);
    });
  });

  describe('search', () => {
    it('folds case beyond ASCII, on both sides', async () => {
      const result = scanOf(['a-1', 'b-1']);
      result.results[0]!.resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'Straße', name: 'Überwachung' };
      const id = await store.recordScan(result, manifests);
      for (const needle of ['Überwachung', 'überwachung', 'ÜBERWACHUNG', 'straße']) {
        expect((await queries.findingsPage(id, { search: needle })).total, needle).toBe(1);
      }
      expect((await queries.resources(id, { search: 'üBER' })).rows.map((row) => row.name)).toEqual(['Überwachung']);
    });

    it('marks every failure new, and filters them so, when there is no earlier scan', async () => {
      const id = await store.recordScan(scanOf(['a-1', 'b-1']), manifests);
      const page = await queries.findingsPage(id, { change: 'new' });
      expect(page.total).toBe(2);
      expect(page.rows.every((row) => row.isNew)).toBe(true);
      expect((await queries.finding(id, 'fp-a-1'))?.isNew).toBe(true);
    });

    it('takes any page numbers without failing', async () => {
      const id = await store.recordScan(scanOf(['a-1']), manifests);
      expect((await queries.findingsPage(id, {}, { limit: Number.NaN, offset: 2.5 })).rows).toHaveLength(1);
    });
  });

  describe('finding', () => {
    it('returns the stored detail, the check remediation and when it was first seen', async () => {
      const first = await store.recordScan(scanOf(['a-1']), manifests);
      const result = scanOf(['a-1', 'b-1']);
      result.results[0]!.location = { file: 'k8s/app.yaml', line: 12 };
      result.results[0]!.refs = { 'cis-eks-1.8': ['4.2.1'] };
      result.results[0]!.fix = { kind: 'patch', description: 'drop it', operations: [{ op: 'remove', path: '/spec/x' }] };
      result.results[1]!.remediation = 'a remediation of its own';
      const second = await store.recordScan(result, manifests);
      const detail = await queries.finding(second, 'fp-a-1');
      expect(detail).toMatchObject({
        checkId: 'check-a',
        remediation: 'fix it',
        location: { file: 'k8s/app.yaml', line: 12 },
        refs: { 'cis-eks-1.8': ['4.2.1'] },
        fix: { kind: 'patch' },
        isNew: false,
        firstSeenScanId: first,
      });
      expect(await queries.finding(second, 'fp-b-1')).toMatchObject({ remediation: 'a remediation of its own', isNew: true, firstSeenScanId: second });
      expect(await queries.finding(second, 'fp-missing')).toBeUndefined();
      expect(await queries.finding(999, 'fp-a-1')).toBeUndefined();
    });
  });

  describe('compliance, paths and resources', () => {
    it('returns what the scan carried, or nothing', async () => {
      const compliance: ComplianceReport[] = [
        { framework: 'pss', title: 'PSS', version: 'latest', score: 50, counts: { pass: 1, fail: 1, manual: 0, 'not-evaluated': 0 }, controls: [] },
      ];
      const path: AttackPath = { id: 'p1', query: 'q', title: 'Internet to admin', severity: 'critical', score: 90, steps: [] };
      const id = await store.recordScan(
        scanOf(['a-1'], (result) => {
          result.compliance = compliance;
          result.attackPaths = [path];
        }),
        manifests,
      );
      expect(await queries.compliance(id)).toEqual(compliance);
      expect(await queries.attackPaths(id)).toEqual([path]);
      const bare = await store.recordScan(scanOf(['a-1']), manifests);
      expect(await queries.compliance(bare)).toEqual([]);
      expect(await queries.attackPaths(bare)).toEqual([]);
    });

    it('groups findings by resource, worst first, searchable', async () => {
      const result = scanOf(['a-1', 'b-1']);
      result.results.push({ ...fakeResult({ id: 'c-1', severity: 'critical' }), resource: result.results[1]!.resource });
      const id = await store.recordScan(result, manifests);
      const resources = await queries.resources(id);
      expect(resources.total).toBe(2);
      expect(resources.rows[0]).toMatchObject({ kind: 'Deployment', namespace: 'shop', name: 'b-1', findings: 2 });
      expect(resources.rows[0]!.failures).toEqual({ critical: 1, high: 1, medium: 0, low: 0, info: 0 });
      expect((await queries.resources(id, { search: 'A-1' })).rows.map((row) => row.name)).toEqual(['a-1']);
      expect(await queries.facet(id, 'area', { status: ['fail'], waived: false })).toEqual({ workload: 3 });
    });
  });
});

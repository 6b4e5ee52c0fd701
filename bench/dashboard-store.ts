/**
 * Fills a scan store the size the dashboard target names (issue "Compliance reports, HTML
 * report, scan history and the web dashboard"): 50 scans of 20,000 failing findings each,
 * through the same `recordScan` a real scan uses. Each scan keeps most findings of the one
 * before (fixing some, adding some), so "new since last scan" has real work to do.
 */
import { existsSync, rmSync } from 'node:fs';
import { SEVERITIES, type Area, type CheckResult, type ScanResult } from '../src/model/index.js';
import { ScanStore } from '../src/store/index.js';
import { seededRandom } from './seeded-random.js';

const AREAS: Area[] = ['workload', 'rbac', 'network', 'identity', 'secrets', 'cluster', 'supply-chain', 'tenancy'];
const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Pod', 'Role', 'ServiceAccount', 'Service'];

export interface DashboardStore {
  path: string;
  scans: number;
  findingsPerScan: number;
  newestScanId: number;
  fillMs?: number;
}

/** Creates (or reuses, when it already holds the right number of scans) the bench store. */
export async function dashboardStore(path: string, scans = 50, findingsPerScan = 20_000): Promise<DashboardStore> {
  if (existsSync(path)) {
    const store = await ScanStore.open(path);
    try {
      const rows = await store.listScans();
      if (rows.length === scans && rows.every((row) => row.findings === findingsPerScan)) {
        return { path, scans, findingsPerScan, newestScanId: rows[0]!.id };
      }
    } finally {
      await store.close();
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
  const started = performance.now();
  const store = await ScanStore.open(path);
  const random = seededRandom(7420);
  // A pool of finding identities; each scan takes a sliding window of them.
  const pool = Array.from({ length: findingsPerScan + scans * 400 }, (_, i) => findingOf(i, random));
  let newestScanId = 0;
  try {
    for (let scan = 0; scan < scans; scan++) {
      const window = pool.slice(scan * 400, scan * 400 + findingsPerScan);
      newestScanId = await store.recordScan(scanResultOf(window, scan), { sourceType: 'cluster', cluster: { name: 'bench', region: 'eu-west-1', accountId: '111122223333' }, recordedAt: new Date(Date.UTC(2026, 0, 1 + scan)) });
    }
  } finally {
    await store.close();
  }
  return { path, scans, findingsPerScan, newestScanId, fillMs: performance.now() - started };
}

function findingOf(i: number, random: () => number): CheckResult {
  const area = AREAS[Math.floor(random() * AREAS.length)]!;
  const check = `${area}-check-${Math.floor(random() * 12)}`;
  const namespace = `team-${Math.floor(random() * 60)}`;
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  const name = `app-${Math.floor(random() * 4_000)}`;
  return {
    checkId: check,
    title: `Title of ${check}`,
    severity: SEVERITIES[Math.min(SEVERITIES.length - 1, Math.floor(random() * random() * SEVERITIES.length * 1.6))]!,
    area,
    status: 'fail',
    resource: { apiVersion: 'apps/v1', kind, namespace, name },
    container: 'app',
    path: 'spec.template.spec.containers[0].securityContext.privileged',
    location: { file: `k8s/${namespace}/${name}.yaml`, line: 1 + Math.floor(random() * 200) },
    message: `${kind} ${namespace}/${name}: container app breaks ${check} (finding ${i})`,
    remediation: `How to fix ${check}: set the field the check names, then apply the manifest again.`,
    refs: { 'cis-eks-1.8': ['4.2.1'] },
    fingerprint: `fp-${i.toString(36)}`,
    riskScore: Math.floor(random() * 100),
  };
}

function scanResultOf(results: CheckResult[], day: number): ScanResult {
  const failuresBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<(typeof SEVERITIES)[number], number>;
  for (const result of results) failuresBySeverity[result.severity]++;
  return {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: 'bench' },
    scannedAt: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(),
    summary: { resources: 30_000, checks: 180, byStatus: { fail: results.length, error: 0, 'not-evaluated': 0, pass: 60_000 }, failuresBySeverity, waived: 0, inputErrors: 0 },
    results,
    inputErrors: [],
    expiredExceptions: [],
  };
}

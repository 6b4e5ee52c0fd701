import type { CheckResult, ScanResult, Severity, Status } from '../../model/index.js';

export interface FakeFinding {
  id: string;
  severity?: Severity;
  status?: Status;
  waived?: boolean;
}

/** A result whose fingerprint is `fp-<id>`, on Deployment shop/<id>. */
export function fakeResult(finding: FakeFinding): CheckResult {
  const result: CheckResult = {
    checkId: `check-${finding.id.split('-')[0] ?? finding.id}`,
    title: `Title of ${finding.id}`,
    severity: finding.severity ?? 'high',
    area: 'workload',
    status: finding.status ?? 'fail',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: finding.id },
    container: 'app',
    path: 'spec.template.spec.containers[0].securityContext',
    message: `message of ${finding.id}`,
    remediation: 'fix it',
    refs: {},
    fingerprint: `fp-${finding.id}`,
    riskScore: 50,
  };
  if (finding.waived) result.waived = { reason: 'accepted', source: '.eksguard.yaml' };
  return result;
}

/** A scan result of these findings, with a summary counted from them plus `passes` unrecorded passes. */
export function fakeScan(findings: FakeFinding[], options: { passes?: number; scannedAt?: string; attackPaths?: number } = {}): ScanResult {
  const results = findings.map(fakeResult);
  const byStatus = { fail: 0, error: 0, 'not-evaluated': 0, pass: options.passes ?? 0 };
  const failuresBySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  let waived = 0;
  for (const result of results) {
    byStatus[result.status]++;
    if (result.status === 'fail' && result.waived) waived++;
    else if (result.status === 'fail') failuresBySeverity[result.severity]++;
  }
  const scan: ScanResult = {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: '0.1.0-test' },
    scannedAt: options.scannedAt ?? '2025-01-01T00:00:00.000Z',
    summary: { resources: results.length, checks: 10, byStatus, failuresBySeverity, waived, inputErrors: 0 },
    results,
    inputErrors: [],
    expiredExceptions: [],
  };
  if (options.attackPaths !== undefined) scan.attackPaths = Array.from({ length: options.attackPaths }, () => ({}) as never);
  return scan;
}

/** `count` failures named `<prefix>-<i>`. */
export function manyFindings(prefix: string, count: number): FakeFinding[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5] }));
}

import type {
  CheckResult,
  ExpiredException,
  InputError,
  ScanResult,
  ScanSummary,
  Severity,
  Status,
} from '../model/index.js';
import { SEVERITIES, STATUSES, severityRank } from '../model/index.js';
import { refKey } from '../inventory/index.js';

export interface ScanParts {
  results: CheckResult[];
  /** Passes counted by the engine but not recorded as results. */
  unrecordedPasses?: number;
  /** Resources evaluated, when the engine counted them (passes not recorded). */
  resources?: number;
  inputErrors: InputError[];
  expiredExceptions: ExpiredException[];
  checks: number;
  toolVersion: string;
  scannedAt: Date;
}

/** Orders results so output is stable: severity, then resource, check, container, path. */
function compareResults(a: CheckResult, b: CheckResult): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    refKey(a.resource).localeCompare(refKey(b.resource)) ||
    a.checkId.localeCompare(b.checkId) ||
    (a.container ?? '').localeCompare(b.container ?? '') ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    a.message.localeCompare(b.message)
  );
}

export function buildScanResult(parts: ScanParts): ScanResult {
  const results = [...parts.results].sort(compareResults);
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  const failuresBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const resources = new Set<string>();
  let waived = 0;
  for (const result of results) {
    byStatus[result.status]++;
    if (result.resource.kind !== 'Cluster') resources.add(refKey(result.resource));
    if (result.status !== 'fail') continue;
    if (result.waived) waived++;
    else failuresBySeverity[result.severity]++;
  }
  byStatus.pass += parts.unrecordedPasses ?? 0;
  const summary: ScanSummary = {
    resources: parts.resources ?? resources.size,
    checks: parts.checks,
    byStatus,
    failuresBySeverity,
    waived,
    inputErrors: parts.inputErrors.length,
  };
  return {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: parts.toolVersion },
    scannedAt: parts.scannedAt.toISOString(),
    summary,
    results,
    inputErrors: parts.inputErrors,
    expiredExceptions: parts.expiredExceptions,
  };
}

/** Unwaived failures at or above the threshold. */
export function failuresAtOrAbove(result: ScanResult, threshold: Severity): number {
  return SEVERITIES.filter((severity) => severityRank(severity) >= severityRank(threshold)).reduce(
    (sum, severity) => sum + result.summary.failuresBySeverity[severity],
    0,
  );
}

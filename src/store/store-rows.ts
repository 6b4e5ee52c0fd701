import {
  SEVERITIES,
  type CheckResult,
  type Fix,
  type Location,
  type ScanSummary,
  type Severity,
  type Status,
  type Waiver,
} from '../model/index.js';

/** Scans and findings as the store's tables hold them, and as its readers get them. */

export interface ScanRow {
  id: number;
  startedAt: string;
  recordedAt: string;
  sourceType: string;
  target?: string;
  cluster?: string;
  clusterArn?: string;
  accountId?: string;
  region?: string;
  toolVersion: string;
  /** How the scan was narrowed (`framework:pss`), absent for a full scan. */
  scope?: string;
  /** Scans of one group (source, cluster or target, scope) are compared and trended together. */
  groupKey: string;
  summary: ScanSummary;
  /** Unwaived failures, by severity (from the summary). */
  failures: Record<Severity, number>;
  /** Posture score: passing results as a percentage of passing and unwaived failing ones, one decimal; null when there were none. */
  score: number | null;
  attackPaths: number;
  /** Rows stored: failures, errors and not-evaluated results (passes are only counted). */
  findings: number;
}

/** One scan on a trend line. */
export interface TrendPoint {
  id: number;
  startedAt: string;
  recordedAt: string;
  failures: Record<Severity, number>;
  total: number;
  score: number | null;
}

export interface FindingRow {
  fingerprint: string;
  checkId: string;
  title: string;
  severity: Severity;
  status: Status;
  area: string;
  resource: { kind: string; namespace?: string; name: string };
  container?: string;
  path?: string;
  message: string;
  riskScore?: number;
  waived: boolean;
}

/** Stored as JSON beside each finding row. */
export interface FindingDetailFields {
  location?: Location;
  refs?: Record<string, string[]>;
  fix?: Fix;
  waiver?: Waiver;
  attackPathIds?: string[];
  /** Only when it differs from the check's remediation (table scan_checks). */
  remediation?: string;
}

export interface ScanRecord {
  id: number;
  started_at: string;
  recorded_at: string;
  source_type: string;
  target: string | null;
  cluster_name: string | null;
  cluster_arn: string | null;
  account_id: string | null;
  region: string | null;
  tool_version: string;
  scope: string;
  group_key: string;
  summary_json: string;
  attack_path_count: number;
  finding_count: number;
}

export interface FindingRecord {
  fingerprint: string;
  check_id: string;
  title: string;
  severity: string;
  status: string;
  area: string;
  resource_kind: string;
  resource_namespace: string | null;
  resource_name: string;
  container: string | null;
  path: string | null;
  message: string;
  risk_score: number | null;
  waived: number;
}

export const SCAN_COLUMNS =
  'id, started_at, recorded_at, source_type, target, cluster_name, cluster_arn, account_id, region, tool_version, scope, group_key, summary_json, attack_path_count, finding_count';
export const FINDING_COLUMNS =
  'fingerprint, check_id, title, severity, status, area, resource_kind, resource_namespace, resource_name, container, path, message, risk_score, waived';

export function findingValues(finding: CheckResult): (string | number | null)[] {
  return [
    finding.fingerprint,
    finding.checkId,
    finding.title,
    finding.severity,
    finding.status,
    finding.area,
    finding.resource.kind,
    finding.resource.namespace ?? null,
    finding.resource.name,
    finding.container ?? null,
    finding.path ?? null,
    finding.message,
    finding.riskScore ?? null,
    finding.waived ? 1 : 0,
  ];
}

/** What the dashboard shows of one finding beyond its row; undefined fields are left out by JSON. */
export function detailJson(finding: CheckResult, checkRemediation: string | undefined): string {
  const detail: FindingDetailFields = {
    location: finding.location,
    refs: Object.keys(finding.refs).length > 0 ? finding.refs : undefined,
    fix: finding.fix,
    waiver: finding.waived,
    attackPathIds: finding.attackPathIds,
    remediation: finding.remediation === checkRemediation ? undefined : finding.remediation,
  };
  return JSON.stringify(detail);
}

export function scanRow(row: ScanRecord): ScanRow {
  const summary = JSON.parse(row.summary_json) as ScanSummary;
  const scan: ScanRow = {
    id: row.id,
    startedAt: row.started_at,
    recordedAt: row.recorded_at,
    sourceType: row.source_type,
    toolVersion: row.tool_version,
    groupKey: row.group_key,
    summary,
    failures: Object.fromEntries(SEVERITIES.map((severity) => [severity, summary.failuresBySeverity?.[severity] ?? 0])) as Record<Severity, number>,
    attackPaths: row.attack_path_count,
    findings: row.finding_count,
    score: null,
  };
  const judged = (summary.byStatus?.pass ?? 0) + totalOf(scan.failures);
  if (judged > 0) scan.score = Math.round((1000 * (summary.byStatus?.pass ?? 0)) / judged) / 10;
  if (row.scope !== '') scan.scope = row.scope;
  if (row.target !== null) scan.target = row.target;
  if (row.cluster_name !== null) scan.cluster = row.cluster_name;
  if (row.cluster_arn !== null) scan.clusterArn = row.cluster_arn;
  if (row.account_id !== null) scan.accountId = row.account_id;
  if (row.region !== null) scan.region = row.region;
  return scan;
}

export function findingRow(row: FindingRecord): FindingRow {
  const resource: FindingRow['resource'] = { kind: row.resource_kind, name: row.resource_name };
  if (row.resource_namespace !== null) resource.namespace = row.resource_namespace;
  const finding: FindingRow = {
    fingerprint: row.fingerprint,
    checkId: row.check_id,
    title: row.title,
    severity: row.severity as Severity,
    status: row.status as Status,
    area: row.area,
    resource,
    message: row.message,
    waived: row.waived === 1,
  };
  if (row.container !== null) finding.container = row.container;
  if (row.path !== null) finding.path = row.path;
  if (row.risk_score !== null) finding.riskScore = row.risk_score;
  return finding;
}

export function totalOf(failures: Record<Severity, number>): number {
  return SEVERITIES.reduce((sum, severity) => sum + failures[severity], 0);
}

export function trendPoint(row: ScanRow): TrendPoint {
  return { id: row.id, startedAt: row.startedAt, recordedAt: row.recordedAt, failures: row.failures, total: totalOf(row.failures), score: row.score };
}

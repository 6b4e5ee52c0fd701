/**
 * Fleet views over the store: every comparison group (a cluster, or a manifest target) with its
 * newest complete scan, and the fleet's totals, worst groups, most common failures and trends.
 * A handful of queries whatever the number of clusters: no query per group.
 */
import { SEVERITIES, type Severity } from '../model/index.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';
import { StoreError } from './store-error.js';
import { SCAN_COLUMNS, scanRow, trendPoint, type ScanRecord, type ScanRow, type TrendPoint } from './store-rows.js';

export interface ClusterSummary {
  groupKey: string;
  sourceType: string;
  cluster?: string;
  clusterArn?: string;
  accountId?: string;
  region?: string;
  target?: string;
  scope?: string;
  /** Human label: cluster name (account/region) or target, with the scope of a narrowed group. */
  label: string;
  /** Newest complete scan of the group. */
  latest: ScanRow;
  /** Complete scans of the group. */
  scans: number;
}

export interface CommonFinding {
  checkId: string;
  title: string;
  severity: Severity;
  area: string;
  /** Groups whose newest scan fails it (unwaived). */
  clusters: number;
  /** Unwaived failing rows over those newest scans. */
  failures: number;
  /**
   * The newest scan of the worst group (in the order of `clusters()`) failing it, unwaived: where
   * the dashboard opens the explorer. Absent only when a scan recorded between the overview's
   * queries replaced every failing one.
   */
  example?: { scanId: number; label: string };
}

export interface FleetOverview {
  /** Groups (clusters or targets) with a complete scan. */
  groups: number;
  /** Complete scans in the store. */
  scans: number;
  /** Unwaived failures summed over each group's newest scan. */
  failures: Record<Severity, number>;
  /** By failures critical, high, medium, low (descending), then score (ascending). */
  worst: ClusterSummary[];
  /** By groups affected (descending), severity, check id. */
  commonFindings: CommonFinding[];
  /** The last scans of each `worst` group, oldest first. */
  trends: { groupKey: string; label: string; points: TrendPoint[] }[];
}

export interface FleetOptions {
  /** Groups in `worst` (default 10). */
  worst?: number;
  /** Checks in `commonFindings` (default 10). */
  common?: number;
  /** Points per trend (default 12). */
  trendLength?: number;
}

const RANKED: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const SEVERITY_RANK = `CASE f.severity ${SEVERITIES.map((severity, rank) => `WHEN '${severity}' THEN ${rank}`).join(' ')} ELSE ${SEVERITIES.length - 1} END`;
const PREFIXED_SCAN_COLUMNS = SCAN_COLUMNS.split(', ')
  .map((column) => `s.${column}`)
  .join(', ');
/** Each group's newest complete scan (index scans_status_group covers it). */
const LATEST_IDS = "SELECT MAX(id) AS id FROM scans WHERE status = 'complete' GROUP BY group_key";

export async function clusters(sql: SqlDriver): Promise<ClusterSummary[]> {
  const rows = await sql.all<ScanRecord & { group_scans: number }>(
    `SELECT ${PREFIXED_SCAN_COLUMNS}, g.group_scans FROM
       (SELECT group_key, MAX(id) AS latest, COUNT(*) AS group_scans FROM scans WHERE status = 'complete' GROUP BY group_key) AS g
       JOIN scans s ON s.id = g.latest`,
  );
  return rows.map((row) => summaryOf(scanRow(row), row.group_scans)).sort(worstFirst);
}

export async function fleetOverview(sql: SqlDriver, options: FleetOptions): Promise<FleetOverview> {
  const worstCount = count(options.worst, 10, 'worst');
  const commonCount = count(options.common, 10, 'common');
  const trendLength = count(options.trendLength, 12, 'trendLength');
  const groups = await clusters(sql);
  const failures = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const group of groups) for (const severity of SEVERITIES) failures[severity] += group.latest.failures[severity];
  const worst = groups.slice(0, worstCount);
  return {
    groups: groups.length,
    scans: groups.reduce((sum, group) => sum + group.scans, 0),
    failures,
    worst,
    commonFindings: await commonFindings(sql, commonCount, groups),
    trends: await trends(sql, worst, trendLength),
  };
}

async function commonFindings(sql: SqlDriver, limit: number, groups: readonly ClusterSummary[]): Promise<CommonFinding[]> {
  if (limit === 0) return [];
  // A check's severity is policy and may differ between clusters: the most severe counts.
  const rows = await sql.all<{ check_id: string; title: string; severity_rank: number; area: string; clusters: number; failures: number }>(
    // Driven from the newest scans into findings_scan: written as `scan_id IN (…)`, PostgreSQL
    // without statistics yet (a store just filled) scans every finding against every group.
    `SELECT f.check_id, MAX(${sql.byCodePoint('f.title')}) AS title, MIN(${SEVERITY_RANK}) AS severity_rank, MAX(${sql.byCodePoint('f.area')}) AS area,
            COUNT(DISTINCT f.scan_id) AS clusters, COUNT(*) AS failures
       FROM (${LATEST_IDS}) AS latest JOIN findings f ON f.scan_id = latest.id
      WHERE f.status = 'fail' AND f.waived = 0
      GROUP BY f.check_id
      ORDER BY clusters DESC, severity_rank, ${sql.byCodePoint('f.check_id')}
      LIMIT ?`,
    [limit],
  );
  const examples = await worstFailing(sql, rows.map((row) => row.check_id), groups);
  return rows.map((row) => {
    const finding: CommonFinding = {
      checkId: row.check_id,
      title: row.title,
      severity: SEVERITIES[row.severity_rank] ?? 'info',
      area: row.area,
      clusters: row.clusters,
      failures: row.failures,
    };
    const example = examples.get(row.check_id);
    if (example) finding.example = { scanId: example.latest.id, label: example.label };
    return finding;
  });
}

/**
 * For each check, the first of `groups` (worst first) whose newest scan fails it, unwaived. One
 * query lists every newest scan failing each check — as many rows as the checks' `clusters`
 * add up to — and the choice is made here, in the order `clusters()` computed: its tie-breaks
 * (score, label) are not columns SQL could sort on.
 */
async function worstFailing(sql: SqlDriver, checkIds: readonly string[], groups: readonly ClusterSummary[]): Promise<Map<string, ClusterSummary>> {
  const found = new Map<string, ClusterSummary>();
  if (checkIds.length === 0) return found;
  const rows = await sql.all<{ check_id: string; scan_id: number }>(
    `SELECT DISTINCT f.check_id, f.scan_id
       FROM (${LATEST_IDS}) AS latest JOIN findings f ON f.scan_id = latest.id
      WHERE f.status = 'fail' AND f.waived = 0 AND f.check_id IN (${checkIds.map(() => '?').join(', ')})`,
    checkIds,
  );
  // A scan recorded after `groups` was read is no group's newest there: it has no rank and is passed over.
  const rank = new Map(groups.map((group, index) => [group.latest.id, index]));
  const best = new Map<string, number>();
  for (const row of rows) {
    const index = rank.get(row.scan_id);
    const current = best.get(row.check_id);
    if (index !== undefined && (current === undefined || index < current)) best.set(row.check_id, index);
  }
  for (const [checkId, index] of best) {
    const group = groups[index];
    if (group) found.set(checkId, group);
  }
  return found;
}

async function trends(sql: SqlDriver, groups: readonly ClusterSummary[], length: number): Promise<FleetOverview['trends']> {
  if (groups.length === 0 || length === 0) return [];
  const params: SqlValue[] = groups.map((group) => group.groupKey);
  const rows = await sql.all<ScanRecord>(
    `SELECT ${SCAN_COLUMNS} FROM
       (SELECT ${SCAN_COLUMNS}, ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY id DESC) AS recency
          FROM scans WHERE status = 'complete' AND group_key IN (${groups.map(() => '?').join(', ')})) AS recent
      WHERE recency <= ? ORDER BY id`,
    [...params, length],
  );
  const points = new Map<string, TrendPoint[]>(groups.map((group) => [group.groupKey, []]));
  for (const row of rows) points.get(row.group_key)?.push(trendPoint(scanRow(row)));
  return groups.map((group) => ({ groupKey: group.groupKey, label: group.label, points: points.get(group.groupKey) ?? [] }));
}

function summaryOf(latest: ScanRow, scans: number): ClusterSummary {
  const summary: ClusterSummary = { groupKey: latest.groupKey, sourceType: latest.sourceType, label: labelOf(latest), latest, scans };
  if (latest.cluster !== undefined) summary.cluster = latest.cluster;
  if (latest.clusterArn !== undefined) summary.clusterArn = latest.clusterArn;
  if (latest.accountId !== undefined) summary.accountId = latest.accountId;
  if (latest.region !== undefined) summary.region = latest.region;
  if (latest.target !== undefined) summary.target = latest.target;
  if (latest.scope !== undefined) summary.scope = latest.scope;
  return summary;
}

/** `prod (111122223333/eu-west-1)`, `/repo/k8s`, with ` [framework:pss]` for a narrowed group. */
function labelOf(scan: ScanRow): string {
  const where = [scan.accountId, scan.region].filter((part) => part !== undefined).join('/');
  const name = scan.cluster !== undefined ? (where ? `${scan.cluster} (${where})` : scan.cluster) : (scan.target ?? scan.sourceType);
  return scan.scope !== undefined ? `${name} [${scan.scope}]` : name;
}

function worstFirst(a: ClusterSummary, b: ClusterSummary): number {
  for (const severity of RANKED) {
    const order = b.latest.failures[severity] - a.latest.failures[severity];
    if (order !== 0) return order;
  }
  // A group with nothing judged (no score) is not "better" than one at 100%: it goes last.
  const scoreA = a.latest.score ?? Number.POSITIVE_INFINITY;
  const scoreB = b.latest.score ?? Number.POSITIVE_INFINITY;
  if (scoreA !== scoreB) return scoreA < scoreB ? -1 : 1;
  return a.label < b.label ? -1 : a.label > b.label ? 1 : a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0;
}

function count(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new StoreError(`${name} must be a whole number ≥ 0, not ${value}`);
  return value;
}

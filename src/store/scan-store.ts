import type { ScanResult, Status } from '../model/index.js';
import { clusters, fleetOverview, type ClusterSummary, type FleetOptions, type FleetOverview } from './fleet-queries.js';
import { dialectOf, redactLocation, type StoreDialect } from './location.js';
import { PostgresDriver } from './postgres-driver.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';
import { SqliteDriver } from './sqlite-driver.js';
import { StoreError } from './store-error.js';
import {
  FINDING_COLUMNS,
  SCAN_COLUMNS,
  detailJson,
  findingRow,
  findingValues,
  scanRow,
  trendPoint,
  type FindingRecord,
  type FindingRow,
  type ScanRecord,
  type ScanRow,
  type TrendPoint,
} from './store-rows.js';

export type { TrendPoint } from './store-rows.js';

/** What the scan result does not say about where it came from. */
export interface ScanMeta {
  /** `manifests`, `snapshot`, `cluster`, … */
  sourceType: string;
  /** What was scanned when there is no cluster (manifest paths); shown and used to group trends. */
  target?: string;
  cluster?: { name?: string; arn?: string; accountId?: string; region?: string };
  /**
   * How the scan was narrowed (`framework:pss`, `checks:rbac-*`), empty for a full scan. Scans are
   * compared, trended and pruned only with scans of the same source, cluster or target, and scope.
   */
  scope?: string;
  /** The checks that ran: a failure whose check did not run again is not called fixed. */
  ranChecks?: readonly string[];
  /** Defaults to now; for tests and imports. */
  recordedAt?: Date;
}

export interface ScanDiff {
  from: ScanRow;
  to: ScanRow;
  /** Failures of `to` whose fingerprint `from` has not. */
  new: FindingRow[];
  /** Failures of `from` whose fingerprint `to` has not, and whose check decided again in `to`. */
  fixed: FindingRow[];
  /**
   * Failures of `from` missing from `to` because their check did not decide there: it did not
   * run, or it was not evaluated or errored. Not fixed, not known to remain.
   */
  notRechecked: FindingRow[];
  /** Failures in both (the rows of `to`). */
  unchanged: FindingRow[];
}

export interface PruneOptions {
  /** Keep at least the newest N scans of every cluster (or target). */
  keepLast?: number;
  /** Delete scans recorded more than N days ago (but never one of the `keepLast` newest). */
  olderThanDays?: number;
  now?: Date;
}

/** Results of these statuses are stored row by row; passes are too many and only counted. */
const STORED_STATUSES: ReadonlySet<Status> = new Set<Status>(['fail', 'error', 'not-evaluated']);
const FINDING_INSERT_COLUMNS = ['scan_id', ...FINDING_COLUMNS.split(', '), 'detail_json'];
const CHECK_INSERT_COLUMNS = ['scan_id', 'check_id', 'title', 'severity', 'area', 'remediation'];

/**
 * Scan history in SQLite (a file: WAL, busy timeout, BEGIN IMMEDIATE) or PostgreSQL (a
 * `postgres://` URL: a pool, one transaction per scan), with versioned migrations. Every scan is
 * written in one transaction and only rows of status `complete` are ever read, so a writer
 * killed half-way leaves nothing visible; many processes may record into one store at once.
 */
export class ScanStore {
  /** Where the store is, safe to print (a URL's password is masked). */
  readonly location: string;
  readonly dialect: StoreDialect;

  private constructor(
    /** The SQL seam the store and its queries run on. */
    readonly sql: SqlDriver,
    location: string,
  ) {
    this.location = redactLocation(location);
    this.dialect = sql.dialect;
  }

  /** Opens and migrates the store: a file (folder 0700 and file 0600 made when missing) or a PostgreSQL database. */
  static async open(location: string): Promise<ScanStore> {
    const driver = dialectOf(location) === 'postgres' ? await PostgresDriver.open(location) : SqliteDriver.open(location);
    return new ScanStore(driver, location);
  }

  /**
   * Opens an existing store for reading only (the dashboard). SQLite: no lock taken, nothing
   * written, a read-only file is fine, a missing one refused. PostgreSQL: read-only sessions.
   * A store of an older schema is migrated once first, as any command would; a newer one is refused.
   */
  static async openReadOnly(location: string): Promise<ScanStore> {
    const driver = dialectOf(location) === 'postgres' ? await PostgresDriver.open(location, { readOnly: true }) : SqliteDriver.openReadOnly(location);
    return new ScanStore(driver, location);
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  schemaVersion(): Promise<number> {
    return this.sql.schemaVersion();
  }

  /** Stores the scan and its failures, errors and not-evaluated results in one transaction; returns its id. */
  async recordScan(result: ScanResult, meta: ScanMeta): Promise<number> {
    const cluster = meta.cluster ?? {};
    const scanValues: SqlValue[] = [
      result.scannedAt,
      (meta.recordedAt ?? new Date()).toISOString(),
      meta.sourceType,
      meta.target ?? cluster.name ?? null,
      cluster.name ?? null,
      cluster.arn ?? null,
      cluster.accountId ?? null,
      cluster.region ?? null,
      result.tool.version,
      JSON.stringify(result.summary),
      result.attackPaths?.length ?? 0,
      result.compliance ? JSON.stringify(result.compliance) : null,
      result.attackPaths ? JSON.stringify(result.attackPaths) : null,
      meta.scope ?? '',
      groupKeyOf(meta),
      meta.ranChecks ? JSON.stringify([...meta.ranChecks].sort()) : null,
    ];
    // One remediation per check and scan: repeating it on every finding would multiply the store.
    const remediations = new Map<string, string>();
    const checks: SqlValue[][] = [];
    const findings: SqlValue[][] = [];
    for (const finding of result.results) {
      if (!STORED_STATUSES.has(finding.status)) continue;
      if (!remediations.has(finding.checkId)) {
        remediations.set(finding.checkId, finding.remediation);
        checks.push([finding.checkId, finding.title, finding.severity, finding.area, finding.remediation]);
      }
      findings.push([...findingValues(finding), detailJson(finding, remediations.get(finding.checkId))]);
    }
    return this.sql.transaction(async (tx) => {
      const id = await tx.value<number>(
        `INSERT INTO scans (started_at, recorded_at, source_type, target, cluster_name, cluster_arn, account_id, region, tool_version, summary_json,
                            attack_path_count, compliance_json, attack_paths_json, scope, group_key, checks_json, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'recording') RETURNING id`,
        scanValues,
      );
      if (id === undefined) throw new StoreError(`${this.location} gave no id for the new scan`);
      await tx.insertMany('scan_checks', CHECK_INSERT_COLUMNS, checks.map((row) => [id, ...row]));
      await tx.insertMany('findings', FINDING_INSERT_COLUMNS, findings.map((row) => [id, ...row]));
      // Same transaction: the scan becomes visible, complete, with its rows, or not at all.
      await tx.run(`UPDATE scans SET status = 'complete', finding_count = ? WHERE id = ?`, [findings.length, id]);
      return Number(id);
    });
  }

  /** Complete scans, newest first, optionally of one cluster (or target) or one comparison group. */
  async listScans(options: { cluster?: string; groupKey?: string; limit?: number } = {}): Promise<ScanRow[]> {
    const conditions = ["status = 'complete'"];
    const params: SqlValue[] = [];
    if (options.cluster !== undefined) {
      conditions.push('(cluster_name = ? OR target = ?)');
      params.push(options.cluster, options.cluster);
    }
    if (options.groupKey !== undefined) {
      conditions.push('group_key = ?');
      params.push(options.groupKey);
    }
    let sql = `SELECT ${SCAN_COLUMNS} FROM scans WHERE ${conditions.join(' AND ')} ORDER BY id DESC`;
    if (options.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(rowLimit(options.limit));
    }
    return (await this.sql.all<ScanRecord>(sql, params)).map(scanRow);
  }

  /** How many complete scans the store holds. */
  async scanCount(): Promise<number> {
    return (await this.sql.value<number>("SELECT COUNT(*) FROM scans WHERE status = 'complete'")) ?? 0;
  }

  async scan(id: number): Promise<ScanRow | undefined> {
    const row = await this.sql.get<ScanRecord>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ? AND status = 'complete'`, [id]);
    return row ? scanRow(row) : undefined;
  }

  /** The complete scan before `scan` of the same source, cluster (or target) and scope, if any. */
  async previousScan(scan: ScanRow): Promise<ScanRow | undefined> {
    return (await this.groupScans(scan, 1, scan.id - 1))[0];
  }

  /** Complete scans of the same source, cluster (or target) and scope as `scan`, newest first, up to id `upTo`. */
  async groupScans(scan: ScanRow, limit: number, upTo = scan.id): Promise<ScanRow[]> {
    const rows = await this.sql.all<ScanRecord>(
      `SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' AND group_key = ? AND id <= ? ORDER BY id DESC LIMIT ?`,
      [scan.groupKey, upTo, rowLimit(limit)],
    );
    return rows.map(scanRow);
  }

  /** The stored rows of a scan, optionally of one status, in the order the scan listed them. */
  async findings(id: number, status?: Status): Promise<FindingRow[]> {
    const order = this.sql.findingOrder;
    const rows =
      status === undefined
        ? await this.sql.all<FindingRecord>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE scan_id = ? ORDER BY ${order}`, [id])
        : await this.sql.all<FindingRecord>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE scan_id = ? AND status = ? ORDER BY ${order}`, [id, status]);
    return rows.map(findingRow);
  }

  /** Failures new in `b`, fixed since `a`, and unchanged, matched by fingerprint. */
  async diff(a: number, b: number): Promise<ScanDiff> {
    const from = await this.requireScan(a);
    const to = await this.requireScan(b);
    const before = byFingerprint(await this.findings(a, 'fail'));
    const after = byFingerprint(await this.findings(b, 'fail'));
    const decided = await this.decidedChecks(b);
    const diff: ScanDiff = { from, to, new: [], fixed: [], notRechecked: [], unchanged: [] };
    for (const [fingerprint, row] of after) (before.has(fingerprint) ? diff.unchanged : diff.new).push(row);
    for (const [fingerprint, row] of before) {
      if (after.has(fingerprint)) continue;
      (decided(row.checkId) ? diff.fixed : diff.notRechecked).push(row);
    }
    return diff;
  }

  /** The last `n` scans of the same source, cluster (or target) and scope as `scan`, up to it, oldest first. */
  async trend(scan: ScanRow, n: number): Promise<TrendPoint[]> {
    return (await this.groupScans(scan, n)).reverse().map(trendPoint);
  }

  /** Deletes old scans with their findings; returns how many scans went. */
  async prune(options: PruneOptions): Promise<number> {
    const { keepLast, olderThanDays } = options;
    if (keepLast === undefined && olderThanDays === undefined) throw new StoreError('prune needs keepLast or olderThanDays');
    if (keepLast !== undefined && (!Number.isInteger(keepLast) || keepLast < 0)) throw new StoreError(`keepLast must be a whole number ≥ 0, not ${keepLast}`);
    if (olderThanDays !== undefined && !(olderThanDays >= 0)) throw new StoreError(`olderThanDays must be ≥ 0, not ${olderThanDays}`);
    const cutoff = olderThanDays === undefined ? undefined : new Date((options.now ?? new Date()).getTime() - olderThanDays * 86_400_000).toISOString();
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    if (keepLast !== undefined) {
      conditions.push('group_rank > ?');
      params.push(keepLast);
    }
    if (cutoff !== undefined) {
      conditions.push(`${this.sql.byCodePoint('recorded_at')} < ?`);
      params.push(cutoff);
    }
    // Serialised across processes (PostgreSQL): two shards pruning at once would otherwise lock rows in each other's way.
    return this.sql.transaction(async (tx) => {
      const ids = await tx.column<number>(
        `SELECT id FROM (SELECT id, recorded_at, ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY id DESC) AS group_rank
           FROM scans WHERE status = 'complete') AS ranked WHERE ${conditions.join(' AND ')} ORDER BY id`,
        params,
      );
      for (const id of ids) {
        await tx.run('DELETE FROM findings WHERE scan_id = ?', [id]);
        await tx.run('DELETE FROM scans WHERE id = ?', [id]);
      }
      return ids.length;
    }, 'prune');
  }

  /** `ok` when the store is sound: SQLite's integrity_check; PostgreSQL answering a query. */
  integrityCheck(): Promise<string> {
    return this.sql.integrityCheck();
  }

  /** One entry per comparison group (cluster or target) with a complete scan, worst first. */
  clusters(): Promise<ClusterSummary[]> {
    return clusters(this.sql);
  }

  /** The fleet at a glance: totals over each group's newest scan, the worst groups, the most common failures. */
  fleetOverview(options: FleetOptions = {}): Promise<FleetOverview> {
    return fleetOverview(this.sql, options);
  }

  /** Whether a check decided in scan `id`: it ran (when the scan says which ran) and none of its results was not-evaluated or an error. */
  private async decidedChecks(id: number): Promise<(checkId: string) => boolean> {
    const json = await this.sql.value<string | null>('SELECT checks_json FROM scans WHERE id = ?', [id]);
    const ran = json ? new Set(JSON.parse(json) as string[]) : undefined;
    const undecided = new Set(await this.sql.column<string>("SELECT DISTINCT check_id FROM findings WHERE scan_id = ? AND status IN ('not-evaluated', 'error')", [id]));
    return (checkId) => (ran === undefined || ran.has(checkId)) && !undecided.has(checkId);
  }

  private async requireScan(id: number): Promise<ScanRow> {
    const scan = await this.scan(id);
    if (!scan) throw new StoreError(`no scan ${id} in ${this.location}`);
    return scan;
  }
}

/**
 * Which scans compare with which: the source, the cluster's ARN (or account, region and name, or
 * just the name, as far as known) or the scanned paths, and the scope. Two clusters called `prod`
 * in two accounts never share a trend, a diff baseline or a retention count.
 */
export function groupKeyOf(meta: ScanMeta): string {
  const cluster = meta.cluster ?? {};
  const identity =
    cluster.arn ??
    (cluster.name !== undefined ? `cluster:${cluster.accountId ?? '?'}:${cluster.region ?? '?'}:${cluster.name}` : `target:${meta.target ?? ''}`);
  return JSON.stringify([meta.sourceType, identity, meta.scope ?? '']);
}

/** A LIMIT both dialects read alike: SQLite takes -1 as "no limit" where PostgreSQL refuses it. */
function rowLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StoreError(`a limit must be a whole number ≥ 0, not ${limit}`);
  return limit;
}

function byFingerprint(rows: FindingRow[]): Map<string, FindingRow> {
  return new Map(rows.map((row) => [row.fingerprint, row]));
}

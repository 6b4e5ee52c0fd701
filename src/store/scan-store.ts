import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  SEVERITIES,
  type CheckResult,
  type Fix,
  type Location,
  type ScanResult,
  type ScanSummary,
  type Severity,
  type Status,
  type Waiver,
} from '../model/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

/** A store that cannot be used as asked: newer schema, unknown scan, bad retention. */
export class StoreError extends Error {}

/** What the scan result does not say about where it came from. */
export interface ScanMeta {
  /** `manifests`, `snapshot`, `cluster`, … */
  sourceType: string;
  /** What was scanned when there is no cluster (manifest paths); shown and used to group trends. */
  target?: string;
  cluster?: { name?: string; arn?: string; accountId?: string; region?: string };
  /** Defaults to now; for tests and imports. */
  recordedAt?: Date;
}

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
  summary: ScanSummary;
  /** Unwaived failures, by severity (from the summary). */
  failures: Record<Severity, number>;
  /** Posture score: passing results as a percentage of passing and unwaived failing ones, one decimal; null when there were none. */
  score: number | null;
  attackPaths: number;
  /** Rows stored: failures, errors and not-evaluated results (passes are only counted). */
  findings: number;
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

export interface ScanDiff {
  from: ScanRow;
  to: ScanRow;
  /** Failures of `to` whose fingerprint `from` has not. */
  new: FindingRow[];
  /** Failures of `from` whose fingerprint `to` has not. */
  fixed: FindingRow[];
  /** Failures in both (the rows of `to`). */
  unchanged: FindingRow[];
}

export interface TrendPoint {
  id: number;
  startedAt: string;
  recordedAt: string;
  failures: Record<Severity, number>;
  total: number;
  score: number | null;
}

export interface PruneOptions {
  /** Keep at least the newest N scans of every cluster (or target). */
  keepLast?: number;
  /** Delete scans recorded more than N days ago (but never one of the `keepLast` newest). */
  olderThanDays?: number;
  now?: Date;
}

export const BUSY_TIMEOUT_MS = 5_000;
/** Results of these statuses are stored row by row; passes are too many and only counted. */
const STORED_STATUSES: ReadonlySet<Status> = new Set<Status>(['fail', 'error', 'not-evaluated']);

interface ScanRecord {
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

const SCAN_COLUMNS =
  'id, started_at, recorded_at, source_type, target, cluster_name, cluster_arn, account_id, region, tool_version, summary_json, attack_path_count, finding_count';
const FINDING_COLUMNS =
  'fingerprint, check_id, title, severity, status, area, resource_kind, resource_namespace, resource_name, container, path, message, risk_score, waived';

/**
 * Scan history in SQLite (WAL, busy timeout, versioned migrations). Every scan is written in one
 * transaction and only rows of status `complete` are ever read, so a writer killed half-way
 * leaves nothing visible; several processes may record into one file at once.
 */
export class ScanStore {
  private constructor(readonly db: Database.Database, readonly path: string) {}

  /** Opens (creating folder 0700 and file 0600 when missing) and migrates the store at `path`. */
  static open(path: string): ScanStore {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // SQLite creates its -wal and -shm files with the database file's permissions.
      if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    }
    const db = new Database(path);
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
    } catch (error) {
      db.close();
      throw error;
    }
    return new ScanStore(db, path);
  }

  close(): void {
    this.db.close();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Stores the scan and its failures, errors and not-evaluated results in one transaction; returns its id. */
  recordScan(result: ScanResult, meta: ScanMeta): number {
    const insertScan = this.db.prepare(
      `INSERT INTO scans (started_at, recorded_at, source_type, target, cluster_name, cluster_arn, account_id, region, tool_version, summary_json, attack_path_count, compliance_json, attack_paths_json, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'recording')`,
    );
    const insertFinding = this.db.prepare(
      `INSERT INTO findings (scan_id, ${FINDING_COLUMNS}, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertCheck = this.db.prepare(
      'INSERT OR IGNORE INTO scan_checks (scan_id, check_id, title, severity, area, remediation) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const complete = this.db.prepare(`UPDATE scans SET status = 'complete', finding_count = ? WHERE id = ?`);
    const write = this.db.transaction((): number => {
      const cluster = meta.cluster ?? {};
      const id = Number(
        insertScan.run(
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
        ).lastInsertRowid,
      );
      // One remediation per check and scan: repeating it on every finding would multiply the file.
      const remediations = new Map<string, string>();
      let count = 0;
      for (const finding of result.results) {
        if (!STORED_STATUSES.has(finding.status)) continue;
        if (!remediations.has(finding.checkId)) {
          remediations.set(finding.checkId, finding.remediation);
          insertCheck.run(id, finding.checkId, finding.title, finding.severity, finding.area, finding.remediation);
        }
        insertFinding.run(id, ...findingValues(finding), detailJson(finding, remediations.get(finding.checkId)));
        count++;
      }
      // Same transaction: the scan becomes visible, complete, with its rows, or not at all.
      complete.run(count, id);
      return id;
    });
    // IMMEDIATE takes the write lock up front, so concurrent writers wait (busy_timeout) instead of deadlocking.
    return write.immediate();
  }

  /** Complete scans, newest first, optionally of one cluster (or target). */
  listScans(options: { cluster?: string; limit?: number } = {}): ScanRow[] {
    const limit = options.limit ?? -1;
    const rows =
      options.cluster === undefined
        ? this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' ORDER BY id DESC LIMIT ?`).all(limit)
        : this.db
            .prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' AND (cluster_name = ? OR target = ?) ORDER BY id DESC LIMIT ?`)
            .all(options.cluster, options.cluster, limit);
    return (rows as ScanRecord[]).map(scanRow);
  }

  scan(id: number): ScanRow | undefined {
    const row = this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ? AND status = 'complete'`).get(id) as ScanRecord | undefined;
    return row ? scanRow(row) : undefined;
  }

  /** The complete scan before `scan` of the same source and cluster (or target), if any. */
  previousScan(scan: ScanRow): ScanRow | undefined {
    const row = this.db
      .prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' AND source_type = ? AND target IS ? AND id < ? ORDER BY id DESC LIMIT 1`)
      .get(scan.sourceType, scan.target ?? null, scan.id) as ScanRecord | undefined;
    return row ? scanRow(row) : undefined;
  }

  /** The stored rows of a scan, optionally of one status. */
  findings(id: number, status?: Status): FindingRow[] {
    const rows =
      status === undefined
        ? this.db.prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE scan_id = ? ORDER BY rowid`).all(id)
        : this.db.prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE scan_id = ? AND status = ? ORDER BY rowid`).all(id, status);
    return (rows as FindingRecord[]).map(findingRow);
  }

  /** Failures new in `b`, fixed since `a`, and unchanged, matched by fingerprint. */
  diff(a: number, b: number): ScanDiff {
    const from = this.requireScan(a);
    const to = this.requireScan(b);
    const before = byFingerprint(this.findings(a, 'fail'));
    const after = byFingerprint(this.findings(b, 'fail'));
    const diff: ScanDiff = { from, to, new: [], fixed: [], unchanged: [] };
    for (const [fingerprint, row] of after) (before.has(fingerprint) ? diff.unchanged : diff.new).push(row);
    for (const [fingerprint, row] of before) if (!after.has(fingerprint)) diff.fixed.push(row);
    return diff;
  }

  /** The last `n` scans of a cluster (or target), oldest first, with their unwaived failures by severity. */
  trend(cluster: string, n: number): TrendPoint[] {
    return this.listScans({ cluster, limit: n })
      .reverse()
      .map((scan) => ({ id: scan.id, startedAt: scan.startedAt, recordedAt: scan.recordedAt, failures: scan.failures, total: totalOf(scan.failures), score: scan.score }));
  }

  /** Deletes old scans with their findings; returns how many scans went. */
  prune(options: PruneOptions): number {
    const { keepLast, olderThanDays } = options;
    if (keepLast === undefined && olderThanDays === undefined) throw new StoreError('prune needs keepLast or olderThanDays');
    if (keepLast !== undefined && (!Number.isInteger(keepLast) || keepLast < 0)) throw new StoreError(`keepLast must be a whole number ≥ 0, not ${keepLast}`);
    if (olderThanDays !== undefined && !(olderThanDays >= 0)) throw new StoreError(`olderThanDays must be ≥ 0, not ${olderThanDays}`);
    const cutoff = olderThanDays === undefined ? undefined : new Date((options.now ?? new Date()).getTime() - olderThanDays * 86_400_000).toISOString();
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    if (keepLast !== undefined) {
      conditions.push('rank > ?');
      params.push(keepLast);
    }
    if (cutoff !== undefined) {
      conditions.push('recorded_at < ?');
      params.push(cutoff);
    }
    const remove = this.db.transaction((): number => {
      const ids = this.db
        .prepare(
          `SELECT id FROM (SELECT id, recorded_at, ROW_NUMBER() OVER (PARTITION BY source_type, COALESCE(cluster_name, target) ORDER BY id DESC) AS rank
             FROM scans WHERE status = 'complete') WHERE ${conditions.join(' AND ')}`,
        )
        .pluck()
        .all(...params) as number[];
      const deleteFindings = this.db.prepare('DELETE FROM findings WHERE scan_id = ?');
      const deleteScan = this.db.prepare('DELETE FROM scans WHERE id = ?');
      for (const id of ids) {
        deleteFindings.run(id);
        deleteScan.run(id);
      }
      return ids.length;
    });
    return remove.immediate();
  }

  /** `PRAGMA integrity_check`: `ok` when the file is sound. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('\n');
  }

  private requireScan(id: number): ScanRow {
    const scan = this.scan(id);
    if (!scan) throw new StoreError(`no scan ${id} in ${this.path}`);
    return scan;
  }
}

function migrate(db: Database.Database, path: string): void {
  const apply = db.transaction(() => {
    // Read inside the write lock: another process may have migrated while this one waited.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new StoreError(
        `${path} has schema version ${current}, newer than this eksguard knows (${SCHEMA_VERSION}): upgrade eksguard, or use another file with --db`,
      );
    }
    if (current === SCHEMA_VERSION) return;
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const record = db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.description, new Date().toISOString());
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}

function findingValues(finding: CheckResult): (string | number | null)[] {
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
function detailJson(finding: CheckResult, checkRemediation: string | undefined): string {
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

function scanRow(row: ScanRecord): ScanRow {
  const summary = JSON.parse(row.summary_json) as ScanSummary;
  const scan: ScanRow = {
    id: row.id,
    startedAt: row.started_at,
    recordedAt: row.recorded_at,
    sourceType: row.source_type,
    toolVersion: row.tool_version,
    summary,
    failures: Object.fromEntries(SEVERITIES.map((severity) => [severity, summary.failuresBySeverity?.[severity] ?? 0])) as Record<Severity, number>,
    attackPaths: row.attack_path_count,
    findings: row.finding_count,
    score: null,
  };
  const judged = (summary.byStatus?.pass ?? 0) + totalOf(scan.failures);
  if (judged > 0) scan.score = Math.round((1000 * (summary.byStatus?.pass ?? 0)) / judged) / 10;
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

function byFingerprint(rows: FindingRow[]): Map<string, FindingRow> {
  return new Map(rows.map((row) => [row.fingerprint, row]));
}

export function totalOf(failures: Record<Severity, number>): number {
  return SEVERITIES.reduce((sum, severity) => sum + failures[severity], 0);
}

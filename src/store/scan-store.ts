import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ScanResult, Severity, Status } from '../model/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import {
  FINDING_COLUMNS,
  SCAN_COLUMNS,
  detailJson,
  findingRow,
  findingValues,
  scanRow,
  totalOf,
  type FindingRecord,
  type FindingRow,
  type ScanRecord,
  type ScanRow,
} from './store-rows.js';

/** A store that cannot be used as asked: newer schema, unknown scan, bad retention. */
export class StoreError extends Error {}

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
      addFunctions(db);
      migrate(db, path);
    } catch (error) {
      db.close();
      throw error;
    }
    return new ScanStore(db, path);
  }

  /**
   * Opens an existing store for reading only (the dashboard): no lock taken, nothing written,
   * and a read-only file is fine. A store of an older schema is migrated once first, as any
   * command would; a newer one is refused.
   */
  static openReadOnly(path: string): ScanStore {
    let db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        db.close();
        ScanStore.open(path).close();
        db = new Database(path, { readonly: true, fileMustExist: true });
      }
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      addFunctions(db);
    } catch (error) {
      if (db.open) db.close();
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
      `INSERT INTO scans (started_at, recorded_at, source_type, target, cluster_name, cluster_arn, account_id, region, tool_version, summary_json,
                          attack_path_count, compliance_json, attack_paths_json, scope, group_key, checks_json, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'recording')`,
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
          meta.scope ?? '',
          groupKeyOf(meta),
          meta.ranChecks ? JSON.stringify([...meta.ranChecks].sort()) : null,
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

  /** The complete scan before `scan` of the same source, cluster (or target) and scope, if any. */
  previousScan(scan: ScanRow): ScanRow | undefined {
    return this.groupScans(scan, 1, scan.id - 1)[0];
  }

  /** Complete scans of the same source, cluster (or target) and scope as `scan`, newest first, up to id `upTo`. */
  groupScans(scan: ScanRow, limit: number, upTo = scan.id): ScanRow[] {
    const rows = this.db
      .prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'complete' AND group_key = ? AND id <= ? ORDER BY id DESC LIMIT ?`)
      .all(scan.groupKey, upTo, limit) as ScanRecord[];
    return rows.map(scanRow);
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
    const decided = this.decidedChecks(b);
    const diff: ScanDiff = { from, to, new: [], fixed: [], notRechecked: [], unchanged: [] };
    for (const [fingerprint, row] of after) (before.has(fingerprint) ? diff.unchanged : diff.new).push(row);
    for (const [fingerprint, row] of before) {
      if (after.has(fingerprint)) continue;
      (decided(row.checkId) ? diff.fixed : diff.notRechecked).push(row);
    }
    return diff;
  }

  /** The last `n` scans of the same source, cluster (or target) and scope as `scan`, up to it, oldest first. */
  trend(scan: ScanRow, n: number): TrendPoint[] {
    return this.groupScans(scan, n)
      .reverse()
      .map((row) => ({ id: row.id, startedAt: row.startedAt, recordedAt: row.recordedAt, failures: row.failures, total: totalOf(row.failures), score: row.score }));
  }

  /** Whether a check decided in scan `id`: it ran (when the scan says which ran) and none of its results was not-evaluated or an error. */
  private decidedChecks(id: number): (checkId: string) => boolean {
    const json = this.db.prepare('SELECT checks_json FROM scans WHERE id = ?').pluck().get(id) as string | null | undefined;
    const ran = json ? new Set(JSON.parse(json) as string[]) : undefined;
    const undecided = new Set(
      this.db.prepare("SELECT DISTINCT check_id FROM findings WHERE scan_id = ? AND status IN ('not-evaluated', 'error')").pluck().all(id) as string[],
    );
    return (checkId) => (ran === undefined || ran.has(checkId)) && !undecided.has(checkId);
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
          `SELECT id FROM (SELECT id, recorded_at, ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY id DESC) AS rank
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

/** SQLite's lower() folds ASCII only; searches beyond ASCII fold with JavaScript's (Überwachung, Straße), one call per row for all the fields searched. */
function addFunctions(db: Database.Database): void {
  db.function('eksguard_contains', { deterministic: true, varargs: true }, (needle: unknown, ...fields: unknown[]) =>
    fields.some((field) => typeof field === 'string' && typeof needle === 'string' && field.toLowerCase().includes(needle)) ? 1 : 0,
  );
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

function byFingerprint(rows: FindingRow[]): Map<string, FindingRow> {
  return new Map(rows.map((row) => [row.fingerprint, row]));
}


/**
 * Schema migrations of the scan store. Each runs once, in order, inside the transaction that
 * also raises `PRAGMA user_version` and records it in `schema_migrations`; never edit a shipped
 * migration, add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'scans and findings',
    sql: `
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        source_type TEXT NOT NULL,
        target TEXT,
        cluster_name TEXT,
        cluster_arn TEXT,
        account_id TEXT,
        region TEXT,
        tool_version TEXT NOT NULL,
        summary_json TEXT NOT NULL,
        attack_path_count INTEGER NOT NULL DEFAULT 0,
        finding_count INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('recording', 'complete'))
      );
      CREATE INDEX scans_cluster ON scans (cluster_name, id);
      CREATE TABLE findings (
        scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        check_id TEXT NOT NULL,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        area TEXT NOT NULL,
        resource_kind TEXT NOT NULL,
        resource_namespace TEXT,
        resource_name TEXT NOT NULL,
        container TEXT,
        path TEXT,
        message TEXT NOT NULL,
        risk_score INTEGER,
        waived INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX findings_scan ON findings (scan_id);
      CREATE INDEX findings_fingerprint ON findings (fingerprint);
      CREATE INDEX findings_check ON findings (check_id);
    `,
  },
  {
    version: 2,
    description: 'finding detail, check remediation, compliance, attack paths, scope and comparison group for the dashboard',
    sql: `
      ALTER TABLE scans ADD COLUMN compliance_json TEXT;
      ALTER TABLE scans ADD COLUMN attack_paths_json TEXT;
      ALTER TABLE scans ADD COLUMN scope TEXT NOT NULL DEFAULT '';
      ALTER TABLE scans ADD COLUMN checks_json TEXT;
      ALTER TABLE scans ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
      -- The key groupKeyOf() computes, for scans recorded before it existed.
      UPDATE scans SET group_key = json_array(
        source_type,
        COALESCE(cluster_arn,
                 CASE WHEN cluster_name IS NOT NULL
                      THEN 'cluster:' || COALESCE(account_id, '?') || ':' || COALESCE(region, '?') || ':' || cluster_name
                      ELSE 'target:' || COALESCE(target, '') END),
        '');
      CREATE INDEX scans_group ON scans (group_key, id);
      ALTER TABLE findings ADD COLUMN detail_json TEXT;
      CREATE TABLE scan_checks (
        scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        check_id TEXT NOT NULL,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        area TEXT NOT NULL,
        remediation TEXT NOT NULL,
        PRIMARY KEY (scan_id, check_id)
      ) WITHOUT ROWID;
      CREATE INDEX findings_scan_fingerprint ON findings (scan_id, fingerprint);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, ScanQueries, ScanStore, StoreError, groupKeyOf, isPostgresUrl, redactLocation, redactText, type ScanMeta, type StoreDialect } from './index.js';
import { MIGRATIONS } from './migrations.js';
import type { SqliteDriver } from './sqlite-driver.js';
import { DIALECTS, storeBackends } from './test-support/backends.js';
import { fakeScan, manyFindings } from './test-support/fixtures.js';

const backends = storeBackends();

/** Runs SQL on the store's database without eksguard: to build old or odd schemas. */
async function rawExec(dialect: StoreDialect, location: string, sql: string): Promise<void> {
  if (dialect === 'sqlite') {
    const db = new Database(location);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The SQL that marks a schema version as applied, as the dialect keeps it. */
function versionSql(dialect: StoreDialect, version: number): string {
  const row = `INSERT INTO schema_migrations VALUES (${version}, 'from the future', '2030-01-01T00:00:00.000Z');`;
  return dialect === 'sqlite' ? `${row} PRAGMA user_version = ${version};` : row;
}

const OLD_SCANS: { meta: ScanMeta; columns: string }[] = [
  {
    meta: { sourceType: 'cluster', cluster: { name: 'prod', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', accountId: '111122223333', region: 'eu-west-1' } },
    columns: "'cluster', 'prod', 'prod', 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', '111122223333', 'eu-west-1'",
  },
  { meta: { sourceType: 'snapshot', cluster: { name: 'dev' } }, columns: "'snapshot', 'dev', 'dev', NULL, NULL, NULL" },
  { meta: { sourceType: 'manifests', target: '/repo/k8s "quoted" ünïcode' }, columns: "'manifests', '/repo/k8s \"quoted\" ünïcode', NULL, NULL, NULL, NULL" },
];

/** A store as eksguard's first schema left it: migration 1 only, three scans with a finding each. */
async function schemaOneStore(dialect: StoreDialect): Promise<string> {
  const location = await backends.location(dialect);
  const first = MIGRATIONS[0]!;
  const inserts = OLD_SCANS.map(
    ({ columns }, i) => `
      INSERT INTO scans (started_at, recorded_at, source_type, target, cluster_name, cluster_arn, account_id, region, tool_version, summary_json, status)
      VALUES ('2026-01-0${i + 1}T00:00:00.000Z', '2026-01-0${i + 1}T00:00:00.000Z', ${columns}, '0.1.0', '{"failuresBySeverity":{"high":1}}', 'complete');
      INSERT INTO findings (scan_id, fingerprint, check_id, title, severity, status, area, resource_kind, resource_name, message)
      VALUES (${i + 1}, 'fp-old-${i}', 'check-old', 'Old', 'high', 'fail', 'workload', 'Deployment', 'old', 'old message');`,
  );
  const sql = `${first.sql[dialect]}
    CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
    INSERT INTO schema_migrations VALUES (1, '${first.description}', '2026-01-01T00:00:00.000Z');
    ${inserts.join('\n')}
    ${dialect === 'sqlite' ? 'PRAGMA user_version = 1;' : ''}`;
  if (dialect === 'sqlite') mkdirSync(dirname(location), { recursive: true });
  await rawExec(dialect, location, sql);
  return location;
}

describe('store locations', () => {
  it('takes postgres:// and postgresql:// URLs as PostgreSQL, anything else as a file', () => {
    expect(isPostgresUrl('postgres://db.internal/eksguard')).toBe(true);
    expect(isPostgresUrl('postgresql://u@db/eksguard?sslmode=require')).toBe(true);
    expect(isPostgresUrl('POSTGRES://db/x')).toBe(true);
    expect(isPostgresUrl('/var/lib/eksguard/postgres://x.db')).toBe(false);
    expect(isPostgresUrl('postgres.db')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
    expect(isPostgresUrl('mysql://db/x')).toBe(false);
  });

  it('masks passwords, in the user info and in query parameters, and leaves paths alone', () => {
    expect(redactLocation('postgres://eksguard:s3cr%40t@db.internal:5432/fleet')).toBe('postgres://eksguard:***@db.internal:5432/fleet');
    expect(redactLocation('postgresql://eksguard@db/fleet?sslmode=require&password=s3cret')).toBe('postgresql://eksguard@db/fleet?sslmode=require&password=***');
    expect(redactLocation('postgres://db/fleet?sslpassword=key-pass')).toBe('postgres://db/fleet?sslpassword=***');
    expect(redactLocation('postgres://eksguard@db/fleet')).toBe('postgres://eksguard@db/fleet');
    expect(redactLocation('postgres://u:p@ss@db/fleet')).not.toContain('ss@db');
    expect(redactLocation('postgres://u:secret@[::1/fleet')).toBe('postgres://u:***@[::1/fleet');
    // Not URLs WHATWG parses: a password with a slash or an @ must not show in part.
    expect(redactLocation('postgres://u:pa/ss@db:bad/fleet')).toBe('postgres://u:***@db:bad/fleet');
    expect(redactLocation('postgres://u:s3c@ret@db:bad/fleet')).toBe('postgres://u:***@db:bad/fleet');
    expect(redactText('cannot use pa/ss or s3c@ret', 'postgres://u:pa/ss@db:bad/fleet')).toBe('cannot use *** or s3c@ret');
    expect(redactText('cannot use s3c@ret', 'postgres://u:s3c@ret@db:bad/fleet')).toBe('cannot use ***');
    expect(redactLocation('/home/me/.eksguard/eksguard.db')).toBe('/home/me/.eksguard/eksguard.db');
    expect(redactLocation('my:password@file.db')).toBe('my:password@file.db');
  });
});

describe.each(DIALECTS)('opening a %s store', (dialect) => {
  it('creates and migrates it: every version recorded once with its description, indexes in place', async () => {
    const location = await backends.location(dialect);
    const store = await backends.open(location);
    expect(store.dialect).toBe(dialect);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(await store.sql.all('SELECT version, description FROM schema_migrations ORDER BY version')).toEqual(
      MIGRATIONS.map(({ version, description }) => ({ version, description })),
    );
    const indexes =
      dialect === 'sqlite'
        ? await store.sql.column<string>("SELECT name FROM sqlite_master WHERE type = 'index'")
        : await store.sql.column<string>("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
    expect(indexes).toEqual(expect.arrayContaining(['findings_scan', 'findings_fingerprint', 'findings_check', 'findings_scan_fingerprint', 'scans_group', 'scans_status_group']));
    await store.recordScan(fakeScan(manyFindings('x', 3)), { sourceType: 'manifests', target: 'k8s' });
    await store.close();
    const again = await backends.open(location);
    expect(await again.listScans()).toHaveLength(1);
    expect(await again.sql.value('SELECT COUNT(*) FROM schema_migrations')).toBe(MIGRATIONS.length);
  });

  it('migrates once when several open a new store at the same moment', async () => {
    const location = await backends.location(dialect);
    const stores = await Promise.all(Array.from({ length: 6 }, () => backends.open(location)));
    for (const store of stores) expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(await stores[0]!.sql.value('SELECT COUNT(*) FROM schema_migrations')).toBe(MIGRATIONS.length);
  });

  it('brings a schema-1 store up to date, keeps its scans and files them in the groups new scans join', async () => {
    const location = await schemaOneStore(dialect);
    const store = await backends.open(location);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    const old = (await store.listScans()).reverse();
    expect(old.map((scan) => [scan.id, scan.failures.high])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    // The UPDATE of migration 2 computes in SQL the key groupKeyOf computes in JavaScript.
    expect(old.map((scan) => scan.groupKey)).toEqual(OLD_SCANS.map(({ meta }) => groupKeyOf(meta)));
    expect((await store.findings(1)).map((row) => row.fingerprint)).toEqual(['fp-old-0']);
    for (const [i, { meta }] of OLD_SCANS.entries()) {
      const id = await store.recordScan(fakeScan(manyFindings(`new${i}`, 2)), meta);
      expect(id).toBeGreaterThan(3);
      expect((await store.previousScan((await store.scan(id))!))?.id).toBe(i + 1);
    }
  });

  it('brings a schema-2 store up to date: migration 3 alone, its scans still listed', async () => {
    const location = await backends.location(dialect);
    const [first, second] = MIGRATIONS;
    const sql = `${first!.sql[dialect]}${second!.sql[dialect]}
      CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, '${first!.description}', '2026-01-01T00:00:00.000Z'), (2, '${second!.description}', '2026-02-01T00:00:00.000Z');
      INSERT INTO scans (started_at, recorded_at, source_type, target, tool_version, summary_json, status, group_key)
      VALUES ('2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'manifests', 'k8s', '0.1.0', '{}', 'complete', '["manifests","target:k8s",""]');
      ${dialect === 'sqlite' ? 'PRAGMA user_version = 2;' : ''}`;
    if (dialect === 'sqlite') mkdirSync(dirname(location), { recursive: true });
    await rawExec(dialect, location, sql);
    const store = await backends.open(location);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(await store.sql.column('SELECT applied_at FROM schema_migrations WHERE version <= 2 ORDER BY version')).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    const [old] = await store.listScans();
    expect(old?.groupKey).toBe(groupKeyOf({ sourceType: 'manifests', target: 'k8s' }));
    const id = await store.recordScan(fakeScan(manyFindings('n', 1)), { sourceType: 'manifests', target: 'k8s' });
    expect((await store.previousScan((await store.scan(id))!))?.id).toBe(old?.id);
  });

  it('refuses a store of a newer schema, naming it without its password', async () => {
    const plain = await backends.location(dialect);
    await (await backends.open(plain)).close();
    await rawExec(dialect, plain, versionSql(dialect, SCHEMA_VERSION + 1));
    // Trust authentication ignores the password: it only has to stay out of the message.
    const location = dialect === 'postgres' ? plain.replace('://postgres@', '://postgres:s3cret-pw@') : plain;
    const error = await ScanStore.open(location).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as Error).message;
    expect(message).toContain(`schema version ${SCHEMA_VERSION + 1}, newer than this eksguard knows (${SCHEMA_VERSION})`);
    expect(message).toContain(redactLocation(location));
    expect(message).not.toContain('s3cret-pw');
    await expect(ScanStore.openReadOnly(location)).rejects.toThrow(StoreError);
  });

  it('opens read-only: sees scans recorded meanwhile, refuses to write, migrates an older store first', async () => {
    const location = await schemaOneStore(dialect);
    const reader = await backends.open(location, true);
    expect(await reader.schemaVersion()).toBe(SCHEMA_VERSION);
    const writer = await backends.open(location);
    const id = await writer.recordScan(fakeScan([{ id: 'b' }]), { sourceType: 'manifests', target: 'k8s' });
    expect((await reader.listScans()).map((scan) => scan.id)).toContain(id);
    await expect(reader.recordScan(fakeScan([{ id: 'c' }]), { sourceType: 'manifests' })).rejects.toThrow(/readonly|read-only/);
    expect(await writer.listScans()).toHaveLength(4);
    expect(await reader.integrityCheck()).toBe('ok');
  });
});

describe('SQLite specifics', () => {
  it('creates the folder 0700 and the file 0600, in WAL mode with a busy timeout', async () => {
    const path = join(backends.dir(), 'a', 'b', 'eksguard.db');
    const store = await backends.open(path);
    expect(statSync(join(backends.dir(), 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = (store.sql as SqliteDriver).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.location).toBe(path);
  });

  it('reads a file it may not write, and refuses a missing one', async () => {
    const path = join(backends.dir(), 'ro.db');
    const writer = await backends.open(path);
    await writer.recordScan(fakeScan([{ id: 'a' }]), { sourceType: 'manifests', target: 'k8s' });
    chmodSync(path, 0o400);
    const reader = await backends.open(path, true);
    expect(await reader.listScans()).toHaveLength(1);
    chmodSync(path, 0o600);
    await expect(ScanStore.openReadOnly(join(backends.dir(), 'missing.db'))).rejects.toThrow();
  });
});

describe('PostgreSQL specifics', () => {
  it('fails to open an unreachable server with an error that shows no password', async () => {
    const error = await ScanStore.open('postgres://eksguard:s3cret-pw@127.0.0.1:1/fleet').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).not.toContain('s3cret-pw');
  });

  it('keeps BIGINT ids and counts as numbers, and the store location redacted', async () => {
    const location = (await backends.location('postgres')).replace('://postgres@', '://postgres:pw@');
    const store = await backends.open(location);
    expect(store.location).not.toContain(':pw@');
    const id = await store.recordScan(fakeScan(manyFindings('n', 3)), { sourceType: 'manifests', target: 'k8s' });
    expect(typeof id).toBe('number');
    expect(typeof (await store.sql.value('SELECT COUNT(*) FROM findings'))).toBe('number');
    expect(typeof (await store.sql.value('SELECT MAX(row_id) FROM findings'))).toBe('number');
  });

  it('folds search text beyond ASCII in a database whose character type is C (through ICU)', async () => {
    const server = backends.postgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query("CREATE DATABASE ctype_c TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    } finally {
      await admin.end();
    }
    const store = await backends.open(server.url.replace(/\/postgres$/, '/ctype_c'));
    const result = fakeScan([{ id: 'a-1' }]);
    result.results[0]!.resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'Straße', name: 'Überwachung' };
    const id = await store.recordScan(result, { sourceType: 'manifests', target: 'k8s' });
    const queries = new ScanQueries(store);
    for (const needle of ['ÜBERWACHUNG', 'überwachung', 'STRAßE']) {
      expect((await queries.findingsPage(id, { search: needle })).total, needle).toBe(1);
    }
  });
});

describe('PostgreSQL in a database of linguistic collation', () => {
  it('orders text by code point as SQLite does: sorts, resources, common findings and their titles', async () => {
    const server = backends.postgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      // What a database made with en_US.UTF-8 (or an ICU locale) sorts by: case and punctuation mostly ignored.
      await admin.query("CREATE DATABASE icu_en TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    } finally {
      await admin.end();
    }
    const ids = ['b-1', 'B-1', 'a_1', 'A-1', 'ä-1', 'Z-1', 'a.1'];
    const scanOf = (title: string) => {
      const result = fakeScan(ids.map((id) => ({ id, severity: 'high' as const })));
      for (const finding of result.results) finding.title = `${title} ${finding.checkId}`;
      return result;
    };
    const stores = [await backends.fresh('sqlite'), await backends.open(server.url.replace(/\/postgres$/, '/icu_en'))];
    const answers = [];
    for (const store of stores) {
      const meta = (name: string) => ({ sourceType: 'cluster', cluster: { name } });
      await store.recordScan(scanOf('a'), meta('one'));
      const id = await store.recordScan(scanOf('B'), meta('two'));
      const queries = new ScanQueries(store);
      answers.push({
        byCheck: (await queries.findingsPage(id, {}, { sort: 'check' })).rows.map((row) => row.checkId),
        byResource: (await queries.findingsPage(id, {}, { sort: 'resource' })).rows.map((row) => row.resource.name),
        resources: (await queries.resources(id)).rows.map((row) => row.name),
        common: (await store.fleetOverview()).commonFindings.map((row) => [row.checkId, row.title]),
      });
    }
    const codePoint = (values: string[]) => [...values].sort();
    expect(answers[0]!.byCheck).toEqual(codePoint(answers[0]!.byCheck));
    expect(answers[0]!.byResource).toEqual(codePoint(ids));
    expect(answers[0]!.common.map(([, title]) => title)).toEqual(codePoint(ids.map((id) => `check-${id.split('-')[0]}`)).map((check) => `a ${check}`));
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('PostgreSQL connections lost', () => {
  it('a connection the server ends in the middle of a transaction fails that transaction, not the process', async () => {
    const store = await backends.fresh('postgres');
    const admin = new pg.Client({ connectionString: backends.postgres().url });
    await admin.connect();
    try {
      const failed = store.sql.transaction(async (tx) => {
        const pid = await tx.value<number>('SELECT pg_backend_pid()');
        // The server's FATAL arrives while this transaction's connection has no query running.
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return tx.value('SELECT 1');
      });
      await expect(failed).rejects.toThrow();
    } finally {
      await admin.end();
    }
    expect(await store.recordScan(fakeScan(manyFindings('after', 2)), { sourceType: 'manifests', target: 'k8s' })).toBeGreaterThan(0);
  });
});

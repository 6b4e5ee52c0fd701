import pg from 'pg';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { redactLocation } from './location.js';
import { bindable, firstValue, type SerialisedWork, type SqlDriver, type SqlRunner, type SqlValue } from './sql-driver.js';
import { StoreError } from './store-error.js';

/** pg_advisory_xact_lock keys: eksguard's ("eksg"), then what is serialised. */
const LOCK_SPACE = 0x656b7367;
const LOCKS: Record<'migrate' | SerialisedWork, number> = { migrate: 1, prune: 2 };

/** PostgreSQL's limit is 65,535 bind parameters per statement; batches stay well under it. */
const MAX_BATCH_PARAMS = 30_000;
const MAX_BATCH_ROWS = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * COUNT, SUM and BIGINT identities come back as int8, NUMERIC as numeric; pg hands both over as
 * strings so as not to lose precision. Ours are counts and ids far below 2^53: numbers.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID || oid === NUMERIC_OID ? (text: string) => Number(text) : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

/** `?` placeholders as PostgreSQL's `$1, $2, …`, leaving quoted literals and identifiers alone. */
export function toPositional(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (token) => (token === '?' ? `$${++n}` : token));
}

type Queryable = pg.Pool | pg.PoolClient;

function runnerOf(target: Queryable): SqlRunner {
  const query = async (sql: string, params: readonly SqlValue[] = []): Promise<pg.QueryResult> => target.query(toPositional(sql), bindable(params));
  return {
    all: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows[0] as T | undefined,
    value: async <T>(sql: string, params?: readonly SqlValue[]) => firstValue<T>((await query(sql, params)).rows[0] as object | undefined),
    column: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows.map((row: object) => firstValue<T>(row) as T),
    run: async (sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rowCount ?? 0,
    insertMany: async (table, columns, rows) => {
      // One round trip per batch: a row per statement would cost a round trip per finding.
      const perBatch = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BATCH_PARAMS / columns.length)));
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      for (let start = 0; start < rows.length; start += perBatch) {
        const batch = rows.slice(start, start + perBatch);
        await query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`, batch.flat());
      }
    },
  };
}

/**
 * PostgreSQL through a `pg` pool. Statements outside a transaction take any pooled connection;
 * a transaction holds one connection from BEGIN to COMMIT. Migrations run under an advisory
 * lock so several processes opening one database at once migrate it once.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly findingOrder = 'row_id';
  private readonly runner: SqlRunner;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    /** How lower() must be called to fold beyond ASCII in this database (see detectFolding). */
    private readonly fold: (column: string) => string,
  ) {
    this.runner = runnerOf(pool);
  }

  /** Connects and migrates; `readOnly` sessions refuse every write after the migration. */
  static async open(url: string, options: { readOnly?: boolean } = {}): Promise<PostgresDriver> {
    const pool = poolOf({ connectionString: url });
    try {
      await migrate(pool, redactLocation(url));
      const fold = await detectFolding(pool);
      if (options.readOnly) {
        await pool.end();
        return PostgresDriver.openReadOnlyPool(url, fold);
      }
      return new PostgresDriver(pool, fold);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  private static openReadOnlyPool(url: string, fold: (column: string) => string): PostgresDriver {
    // Every session of the dashboard's pool is read-only: a bug there cannot write the fleet's history.
    return new PostgresDriver(poolOf(withSessionOption(url, '-c default_transaction_read_only=on')), fold);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.runner.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.runner.get<T>(sql, params);
  }

  value<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.runner.value<T>(sql, params);
  }

  column<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.runner.column<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.runner.run(sql, params);
  }

  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    return this.transaction((tx) => tx.insertMany(table, columns, rows));
  }

  async transaction<T>(work: (tx: SqlRunner) => Promise<T>, serialised?: SerialisedWork): Promise<T> {
    if (serialised === undefined) return inTransaction(this.pool, work);
    return inTransaction(this.pool, async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_SPACE, LOCKS[serialised]]);
      return work(tx);
    });
  }

  async schemaVersion(): Promise<number> {
    return readVersion(this.pool);
  }

  /** PostgreSQL checks its own pages; a query that answers is all there is to ask here. */
  async integrityCheck(): Promise<string> {
    return (await this.value<number>('SELECT 1')) === 1 ? 'ok' : 'no answer';
  }

  contains(needle: string, columns: readonly string[]): { sql: string; params: SqlValue[] } {
    // strpos takes the needle as text: % and _ are no patterns.
    return { sql: `(${columns.map((column) => `strpos(${this.fold(`COALESCE(${column}, '')`)}, ?) > 0`).join(' OR ')})`, params: columns.map(() => needle) };
  }

  /** "C" compares bytes, code point order in UTF-8; the database's own collation may be linguistic (en_US.UTF-8). */
  byCodePoint(expression: string): string {
    return `${expression} COLLATE "C"`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** A pool that lets the process exit when idle and gives up connecting after CONNECT_TIMEOUT_MS. */
function poolOf(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...config, types: TYPES, allowExitOnIdle: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * The pool settings for `url` plus a server option sent at connection start. pg lets the URL's
 * own `options` parameter override the config's, so a URL that has one gets ours appended there.
 */
function withSessionOption(url: string, option: string): pg.PoolConfig {
  try {
    const parsed = new URL(url);
    const own = parsed.searchParams.get('options');
    if (own !== null) {
      parsed.searchParams.set('options', `${own} ${option}`);
      return { connectionString: parsed.toString() };
    }
  } catch {
    // Not a WHATWG URL: pg parses it its own way, and its options (if any) are kept as they are.
  }
  return { connectionString: url, options: option };
}

async function inTransaction<T>(pool: pg.Pool, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // The pool listens for errors only on idle connections. One the server ends while this
  // transaction holds it between statements must not throw from the socket and end the process:
  // the next statement fails instead, and the connection is not handed out again.
  const lost = (error: Error): void => {
    broken = error;
  };
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    try {
      const result = await work(runnerOf(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        // A connection that cannot roll back is not handed to the next caller.
        broken = rollback instanceof Error ? rollback : new Error(String(rollback));
      });
      throw error;
    }
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}

/**
 * lower() folds beyond ASCII only when the database's character type says how (C.UTF-8,
 * en_US.UTF-8…); under LC_CTYPE=C it folds ASCII alone. Then the ICU root collation does it,
 * when the server was built with ICU; otherwise search stays ASCII-folding there.
 */
async function detectFolding(pool: pg.Pool): Promise<(column: string) => string> {
  const row = (await pool.query("SELECT lower('ÄÖÜ') = 'äöü' AS folds, EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') AS icu")).rows[0] as
    | { folds: boolean; icu: boolean }
    | undefined;
  if (row?.folds || !row?.icu) return (column) => `lower(${column})`;
  return (column) => `lower(${column} COLLATE "und-x-icu")`;
}

async function readVersion(db: Queryable): Promise<number> {
  const present = (await db.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")).rows[0] as { present: boolean } | undefined;
  if (!present?.present) return 0;
  const row = (await db.query('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations')).rows[0] as { version: number } | undefined;
  return Number(row?.version ?? 0);
}

function newerSchema(location: string, current: number): StoreError {
  return new StoreError(
    `${location} has schema version ${current}, newer than this eksguard knows (${SCHEMA_VERSION}): upgrade eksguard, or use another database with --db`,
  );
}

/** Brings the database to SCHEMA_VERSION once, however many processes open it at the same time. */
async function migrate(pool: pg.Pool, location: string): Promise<void> {
  // Read first, without a lock or a write: an up-to-date database opens for a read-only role too.
  const seen = await readVersion(pool);
  if (seen > SCHEMA_VERSION) throw newerSchema(location, seen);
  if (seen === SCHEMA_VERSION) return;
  await inTransaction(pool, async (tx) => {
    await tx.run('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_SPACE, LOCKS.migrate]);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    // Read again under the lock: another process may have migrated while this one waited.
    const current = (await tx.value<number>('SELECT COALESCE(MAX(version), 0) FROM schema_migrations')) ?? 0;
    if (current > SCHEMA_VERSION) throw newerSchema(location, current);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of splitStatements(migration.sql.postgres)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.description,
        new Date().toISOString(),
      ]);
    }
  });
}

/**
 * A migration's statements one by one (the extended protocol takes one per query). They are
 * ours: semicolons end statements, never appear inside literals, and `--` starts a comment line.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

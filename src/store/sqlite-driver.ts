import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { Mutex, bindable, firstValue, type SqlDriver, type SqlRunner, type SqlValue } from './sql-driver.js';
import { StoreError } from './store-error.js';

export const BUSY_TIMEOUT_MS = 5_000;

/**
 * One lock per file in this process. A connection waiting for SQLite's write lock blocks the
 * thread (busy_timeout), so while one store of the process awaits inside its transaction,
 * another store of the same file must wait here, not in SQLite, or it would wait on a lock its
 * own thread holds. Other processes wait in SQLite as before.
 */
const FILE_LOCKS = new Map<string, Mutex>();

function lockFor(path: string): Mutex {
  if (path === ':memory:') return new Mutex();
  const key = resolve(path);
  let lock = FILE_LOCKS.get(key);
  if (!lock) {
    lock = new Mutex();
    FILE_LOCKS.set(key, lock);
  }
  return lock;
}

/** A synchronous call as a promise: its result, or its exception as a rejection. */
function promised<T>(call: () => T): Promise<T> {
  return Promise.resolve().then(call);
}

/** The statements of one better-sqlite3 connection, each call synchronous underneath. */
function runnerOf(db: Database.Database): SqlRunner {
  const prepare = (sql: string): Database.Statement => db.prepare(sql);
  return {
    all: <T>(sql: string, params: readonly SqlValue[] = []) => promised(() => prepare(sql).all(...bindable(params)) as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => promised(() => prepare(sql).get(...bindable(params)) as T | undefined),
    value: <T>(sql: string, params: readonly SqlValue[] = []) => promised(() => firstValue<T>(prepare(sql).get(...bindable(params)) as object | undefined)),
    column: <T>(sql: string, params: readonly SqlValue[] = []) => promised(() => prepare(sql).pluck().all(...bindable(params)) as T[]),
    run: (sql: string, params: readonly SqlValue[] = []) => promised(() => prepare(sql).run(...bindable(params)).changes),
    insertMany: (table, columns, rows) =>
      promised(() => {
        const insert = prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const row of rows) insert.run(...bindable(row));
      }),
  };
}

/**
 * SQLite through better-sqlite3: WAL, a busy timeout, BEGIN IMMEDIATE. Its calls are
 * synchronous; the async surface only serialises them, so a transaction that awaits between
 * statements never has another caller's statement land inside it.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly findingOrder = 'rowid';
  private readonly runner: SqlRunner;

  private constructor(
    readonly db: Database.Database,
    private readonly lock: Mutex,
  ) {
    this.runner = runnerOf(db);
  }

  /** Opens (creating folder 0700 and file 0600 when missing) and migrates the store at `path`. */
  static open(path: string): SqliteDriver {
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
    return new SqliteDriver(db, lockFor(path));
  }

  /**
   * Opens an existing store for reading only (the dashboard): no lock taken, nothing written,
   * and a read-only file is fine. A store of an older schema is migrated once first, as any
   * command would; a newer one is refused.
   */
  static openReadOnly(path: string): SqliteDriver {
    let db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        db.close();
        SqliteDriver.open(path).db.close();
        db = new Database(path, { readonly: true, fileMustExist: true });
      }
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      addFunctions(db);
    } catch (error) {
      if (db.open) db.close();
      throw error;
    }
    return new SqliteDriver(db, lockFor(path));
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.lock.run(() => this.runner.all<T>(sql, params));
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.lock.run(() => this.runner.get<T>(sql, params));
  }

  value<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.lock.run(() => this.runner.value<T>(sql, params));
  }

  column<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.lock.run(() => this.runner.column<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.lock.run(() => this.runner.run(sql, params));
  }

  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    return this.lock.run(() => this.transactionNow(() => this.runner.insertMany(table, columns, rows)));
  }

  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.lock.run(() => this.transactionNow(work));
  }

  private async transactionNow<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock up front, so concurrent writers wait (busy_timeout) instead of deadlocking.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this.runner);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  schemaVersion(): Promise<number> {
    return this.lock.run(() => promised(() => this.db.pragma('user_version', { simple: true }) as number));
  }

  /** `PRAGMA integrity_check`: `ok` when the file is sound. */
  integrityCheck(): Promise<string> {
    return this.lock.run(() => promised(() => (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('\n')));
  }

  contains(needle: string, columns: readonly string[]): { sql: string; params: SqlValue[] } {
    // SQLite's lower() folds ASCII only. An ASCII needle finds the same rows with it as with
    // JavaScript's folding (but for rare pairs such as the Kelvin sign and K) at half the cost;
    // any other needle goes through eksguard_contains, JavaScript's folding in one call per row.
    // eslint-disable-next-line no-control-regex -- the ASCII range is the point
    if (/^[\x00-\x7f]*$/.test(needle)) {
      return { sql: `(${columns.map((column) => `instr(lower(COALESCE(${column}, '')), ?) > 0`).join(' OR ')})`, params: columns.map(() => needle) };
    }
    return { sql: `eksguard_contains(?, ${columns.join(', ')}) = 1`, params: [needle] };
  }

  /** BINARY, SQLite's default collation, already compares UTF-8 bytes: code point order. */
  byCodePoint(expression: string): string {
    return expression;
  }

  close(): Promise<void> {
    return this.lock.run(() =>
      promised(() => {
        if (this.db.open) this.db.close();
      }),
    );
  }
}

function addFunctions(db: Database.Database): void {
  db.function('eksguard_contains', { deterministic: true, varargs: true }, (needle: unknown, ...fields: unknown[]) =>
    fields.some((field) => typeof field === 'string' && typeof needle === 'string' && field.toLowerCase().includes(needle)) ? 1 : 0,
  );
}

function migrate(db: Database.Database, path: string): void {
  // An up-to-date store takes no write lock to open.
  if ((db.pragma('user_version', { simple: true }) as number) === SCHEMA_VERSION) return;
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
      db.exec(migration.sql.sqlite);
      record.run(migration.version, migration.description, new Date().toISOString());
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}

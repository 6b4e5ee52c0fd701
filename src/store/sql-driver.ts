import type { StoreDialect } from './location.js';

/** What a statement binds: the store writes text and numbers only (booleans as 0/1, JSON as text). */
export type SqlValue = string | number | null;

/** Statements on one connection (or inside one transaction). Placeholders are `?` in both dialects. */
export interface SqlRunner {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** The first column of the first row (SQLite's `.pluck().get()`). */
  value<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Inserts many rows of one shape: a prepared statement per row in SQLite, multi-row batches in PostgreSQL. */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
}

/**
 * The SQL that differs between the dialects, named; everything else the store writes runs on
 * both as it is.
 */
export interface DialectSql {
  readonly dialect: StoreDialect;
  /** The column that orders findings as they were inserted: SQLite's rowid, PostgreSQL's identity column. */
  readonly findingOrder: string;
  /**
   * Case-insensitive "contains" of `needle` (already lower-cased by JavaScript) in any of the
   * columns, as literal text (no LIKE patterns).
   */
  contains(needle: string, columns: readonly string[]): { sql: string; params: SqlValue[] };
  /**
   * A text expression as ORDER BY, MIN and MAX must compare it: by code point, as SQLite's BINARY
   * collation does, whatever collation the PostgreSQL database was created with.
   */
  byCodePoint(expression: string): string;
}

/** Work that runs one at a time across every process sharing the store (PostgreSQL advisory lock). */
export type SerialisedWork = 'prune';

export interface SqlDriver extends SqlRunner, DialectSql {
  /**
   * Runs `work` in one transaction on one connection, committed when it resolves and rolled
   * back when it throws. SQLite takes the write lock up front (BEGIN IMMEDIATE), which
   * serialises every writer; PostgreSQL serialises `serialised` work with a transaction lock.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>, serialised?: SerialisedWork): Promise<T>;
  /** The schema version: SQLite's user_version, PostgreSQL's highest row of schema_migrations. */
  schemaVersion(): Promise<number>;
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

/** Runs one task at a time, in call order: a transaction's awaits must not let other calls onto its connection. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The next task waits for this one to settle, whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Parameters as both dialects can bind them: PostgreSQL's text cannot hold NUL (a hostile
 * manifest can put one in a name or a message), so NUL becomes U+FFFD in both dialects alike,
 * in what is written and in what is looked up.
 */
export function bindable(params: readonly SqlValue[]): SqlValue[] {
  // eslint-disable-next-line no-control-regex -- NUL is the point
  return params.map((value) => (typeof value === 'string' && value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value));
}

/** The first value of a row as the driver returned it. */
export function firstValue<T>(row: object | undefined): T | undefined {
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}

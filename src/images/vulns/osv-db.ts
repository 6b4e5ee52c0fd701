/**
 * The local vulnerability database `db update` builds: one SQLite file (`osv.sqlite`) holding
 * each OSV record once (trimmed to what matching needs) and an index by (ecosystem, package
 * name), so looking up the few thousand packages of an image is a few thousand index probes
 * instead of a scan of hundreds of thousands of records; memory stays flat at any size.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { baseEcosystem } from '../versions/index.js';
import { parseOsvRecord, type OsvRecord } from './osv-record.js';
import { readOsvSource } from './osv-source.js';

export const DB_FILE = 'osv.sqlite';
const SCHEMA_VERSION = '1';
/** Errors are all counted; only this many are kept with their file names. */
const MAX_ERROR_SAMPLES = 200;

export interface BuildError {
  file: string;
  message: string;
}

export interface BuildResult {
  path: string;
  /** Changes whenever the set of records (id, modified) changes; keys the scan cache. */
  version: string;
  records: number;
  withdrawn: number;
  /** Same id seen again; the most recently modified copy is kept. */
  duplicates: number;
  errors: number;
  errorSamples: BuildError[];
}

/**
 * Whether a record's ecosystem covers a package's. A release-less record (`Debian`) covers every
 * release. Red Hat records name the repository after the product (`Red Hat:enterprise_linux:9::baseos`,
 * `…::appstream`), which an installed RPM does not record, so the package's product matches all of them.
 */
export function ecosystemCovers(recordEcosystem: string, packageEcosystem: string): boolean {
  if (recordEcosystem === packageEcosystem || recordEcosystem === baseEcosystem(packageEcosystem)) return true;
  return isRedHat(packageEcosystem) && recordEcosystem.startsWith(`${packageEcosystem}::`);
}

const isRedHat = (ecosystem: string): boolean => baseEcosystem(ecosystem) === 'Red Hat';

/** A `modified` time as a number; missing or unreadable ones count as oldest. */
const modifiedTime = (modified: string): number => {
  const t = Date.parse(modified);
  return Number.isNaN(t) ? -Infinity : t;
};

/** PyPI names are compared in their PEP 503 normal form; other ecosystems as written. */
export function normalizePackageName(ecosystem: string, name: string): string {
  return baseEcosystem(ecosystem) === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, modified TEXT NOT NULL, json TEXT NOT NULL);
  CREATE TABLE packages (ecosystem TEXT NOT NULL, name TEXT NOT NULL, record INTEGER NOT NULL);
`;

export async function buildDatabase(options: { from: string; to: string }): Promise<BuildResult> {
  mkdirSync(options.to, { recursive: true });
  const path = join(options.to, DB_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  const db = new Database(temp);
  const result: BuildResult = { path, version: '', records: 0, withdrawn: 0, duplicates: 0, errors: 0, errorSamples: [] };
  const fail = (file: string, message: string): void => {
    result.errors++;
    if (result.errorSamples.length < MAX_ERROR_SAMPLES) result.errorSamples.push({ file, message });
  };
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const findRecord = db.prepare<[string], { rowid: number; modified: string }>('SELECT rowid, modified FROM records WHERE id = ?');
    const insertRecord = db.prepare<[string, string, string]>('INSERT INTO records (id, modified, json) VALUES (?, ?, ?)');
    const replaceRecord = db.prepare<[string, string, number]>('UPDATE records SET modified = ?, json = ? WHERE rowid = ?');
    const dropPackages = db.prepare<[number]>('DELETE FROM packages WHERE record = ?');
    const insertPackage = db.prepare<[string, string, number]>('INSERT INTO packages (ecosystem, name, record) VALUES (?, ?, ?)');

    const store = (record: OsvRecord): void => {
      const json = JSON.stringify(record);
      const existing = findRecord.get(record.id);
      let rowid: number;
      if (existing) {
        result.duplicates++;
        // Dates, not text: `…T12:00:00+05:00` sorts after `…T10:00:00Z` but is older.
        if (modifiedTime(existing.modified) >= modifiedTime(record.modified)) return;
        replaceRecord.run(record.modified, json, existing.rowid);
        dropPackages.run(existing.rowid);
        rowid = existing.rowid;
      } else {
        rowid = Number(insertRecord.run(record.id, record.modified, json).lastInsertRowid);
        result.records++;
      }
      const keys = new Set(record.affected.map((a) => `${a.package.ecosystem}\u0000${normalizePackageName(a.package.ecosystem, a.package.name)}`));
      for (const key of keys) {
        const [ecosystem, name] = key.split('\u0000') as [string, string];
        insertPackage.run(ecosystem, name, rowid);
      }
    };

    const onDocument = (file: string, text: string): void => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        return fail(file, `invalid JSON: ${(error as Error).message}`);
      }
      for (const [i, document] of (Array.isArray(parsed) ? parsed : [parsed]).entries()) {
        try {
          const record = parseOsvRecord(document);
          if (record.withdrawn) result.withdrawn++;
          else store(record);
        } catch (error) {
          fail(Array.isArray(parsed) ? `${file}[${i}]` : file, (error as Error).message);
        }
      }
    };

    // One transaction for the whole build: SQLite commits per statement otherwise.
    db.exec('BEGIN');
    await readOsvSource(options.from, onDocument, fail);
    db.exec('CREATE INDEX packages_key ON packages (ecosystem, name)');
    const hash = createHash('sha256');
    for (const row of db.prepare<[], { id: string; modified: string }>('SELECT id, modified FROM records ORDER BY id').iterate()) hash.update(`${row.id}\t${row.modified}\n`);
    result.version = hash.digest('hex').slice(0, 16);
    const setMeta = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('schema', SCHEMA_VERSION);
    setMeta.run('version', result.version);
    setMeta.run('builtAt', new Date().toISOString());
    setMeta.run('records', String(result.records));
    db.exec('COMMIT');
    db.close();
    renameSync(temp, path);
    return result;
  } catch (error) {
    if (db.open) db.close();
    rmSync(temp, { force: true });
    throw error;
  }
}

/** An opened database: read-only lookups by package. */
export class OsvDatabase {
  readonly version: string;
  readonly builtAt: string;
  readonly recordCount: number;
  private readonly lookupStatement: Database.Statement<[string, string, string, string, string], { rowid: number; json: string }>;

  private constructor(private readonly db: Database.Database) {
    const meta = new Map(db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all().map((row) => [row.key, row.value]));
    if (meta.get('schema') !== SCHEMA_VERSION) throw new Error(`vulnerability database has schema ${meta.get('schema') ?? '(none)'}, expected ${SCHEMA_VERSION}: run \`eksguard db update\``);
    this.version = meta.get('version') ?? '';
    this.builtAt = meta.get('builtAt') ?? '';
    this.recordCount = Number(meta.get('records') ?? 0);
    this.lookupStatement = db.prepare(
      'SELECT DISTINCT r.rowid AS rowid, r.json AS json FROM packages p JOIN records r ON r.rowid = p.record WHERE p.name = ? AND (p.ecosystem IN (?, ?) OR (p.ecosystem >= ? AND p.ecosystem < ?))',
    );
  }

  static open(dbDir: string): OsvDatabase {
    const db = new Database(join(dbDir, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      return new OsvDatabase(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Records naming this package in this ecosystem, or in the ecosystem without its release
   * suffix (a `Debian` record applies to every Debian release), or, for Red Hat, in any
   * repository of the product (see ecosystemCovers).
   */
  lookup(ecosystem: string, name: string): Array<{ key: number; record: OsvRecord }> {
    // `eco::` ≤ e < `eco:;` (';' follows ':') is the prefix test as an index range; empty otherwise.
    const [from, to] = isRedHat(ecosystem) ? [`${ecosystem}::`, `${ecosystem}:;`] : ['', ''];
    const rows = this.lookupStatement.all(normalizePackageName(ecosystem, name), ecosystem, baseEcosystem(ecosystem), from, to);
    return rows.map((row) => ({ key: row.rowid, record: JSON.parse(row.json) as OsvRecord }));
  }

  close(): void {
    this.db.close();
  }
}

export function openDatabase(dbDir: string): OsvDatabase {
  return OsvDatabase.open(dbDir);
}

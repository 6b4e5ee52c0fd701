/**
 * The store's tests run on both backends: a SQLite file in a temp folder, and a database of its
 * own on a private PostgreSQL server (test/peers/postgres.ts) started once per test file. A
 * machine without PostgreSQL fails these tests with the reason; they are never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../test/peers/postgres.js';
import type { StoreDialect } from '../location.js';
import { ScanStore } from '../scan-store.js';

export const DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];

export interface StoreBackends {
  /** This test's temp folder. */
  dir(): string;
  postgres(): TestPostgres;
  /** A new, empty store location: a file path, or the URL of a new database. */
  location(dialect: StoreDialect): Promise<string>;
  /** Opens the store at `location`, closed after the test. */
  open(location: string, readOnly?: boolean): Promise<ScanStore>;
  /** A new store of the dialect, opened. */
  fresh(dialect: StoreDialect): Promise<ScanStore>;
}

/** Registers the hooks that start PostgreSQL, make a temp folder per test and close the test's stores. */
export function storeBackends(): StoreBackends {
  let server: TestPostgres | undefined;
  let dir: string | undefined;
  let stores: ScanStore[] = [];
  let files = 0;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eksguard-store-'));
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close().catch(() => undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const backends: StoreBackends = {
    dir() {
      if (!dir) throw new Error('no test is running');
      return dir;
    },
    postgres() {
      if (!server) throw new Error('PostgreSQL did not start');
      return server;
    },
    async location(dialect) {
      return dialect === 'sqlite' ? join(backends.dir(), 'history', `eksguard-${++files}.db`) : backends.postgres().createDatabase();
    },
    async open(location, readOnly = false) {
      const store = readOnly ? await ScanStore.openReadOnly(location) : await ScanStore.open(location);
      stores.push(store);
      return store;
    },
    async fresh(dialect) {
      return backends.open(await backends.location(dialect));
    },
  };
  return backends;
}

/**
 * Where the dashboard's route tests put a store of each kind `eksguard serve --db` takes: a
 * SQLite file in a temp folder, or a new database on a private PostgreSQL server started on first
 * use. Both are removed after the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../test/peers/postgres.js';

export interface StoreLocations {
  /** A web root with no app in it: the route tests ask only the API. */
  webRoot: string;
  sqlite(name: string): Promise<string>;
  postgres(): Promise<string>;
}

export const BACKEND_NAMES = ['sqlite', 'postgres'] as const;

export function storeLocations(prefix: string): StoreLocations {
  const work = mkdtempSync(join(tmpdir(), `eksguard-${prefix}-`));
  let postgres: TestPostgres | undefined;
  afterAll(async () => {
    await postgres?.stop();
    rmSync(work, { recursive: true, force: true });
  });
  return {
    webRoot: join(work, 'no-web-root'),
    sqlite: (name) => Promise.resolve(join(work, `${name}.db`)),
    postgres: async () => {
      postgres ??= await startPostgres();
      return postgres.createDatabase();
    },
  };
}

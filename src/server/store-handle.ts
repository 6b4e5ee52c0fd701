import { existsSync } from 'node:fs';
import { ScanQueries, ScanStore } from '../store/index.js';
import { notFound } from './http-error.js';

/**
 * The scan store the dashboard reads, opened on first use once its file exists: the server may
 * start before the first scan is recorded, and then shows scans as they arrive (WAL readers see
 * each committed scan) without a restart.
 */
export class StoreHandle {
  private opened: { store: ScanStore; queries: ScanQueries } | undefined;

  constructor(readonly path: string) {}

  /** The open store, or undefined while its file does not exist. */
  current(): { store: ScanStore; queries: ScanQueries } | undefined {
    if (!this.opened && (this.path === ':memory:' || existsSync(this.path))) {
      // Read-only: the dashboard takes no write lock and changes nothing (a scan being recorded is not held up).
      const store = this.path === ':memory:' ? ScanStore.open(this.path) : ScanStore.openReadOnly(this.path);
      this.opened = { store, queries: new ScanQueries(store) };
    }
    return this.opened;
  }

  /** The open store, or a 404 telling how to record the first scan. */
  require(): { store: ScanStore; queries: ScanQueries } {
    const opened = this.current();
    if (!opened) throw notFound(noScansMessage(this.path));
    return opened;
  }

  close(): void {
    this.opened?.store.close();
    this.opened = undefined;
  }
}

export function noScansMessage(path: string): string {
  return `no scans recorded yet: run eksguard scan manifests|snapshot|cluster … --db ${path} (scans are recorded in ${path})`;
}

import { existsSync } from 'node:fs';
import { ScanQueries, ScanStore, StoreError, isPostgresUrl, redactLocation, redactText } from '../store/index.js';
import { HttpError, notFound } from './http-error.js';

export interface OpenedStore {
  store: ScanStore;
  queries: ScanQueries;
}

/**
 * The scan store the dashboard reads, opened on first use. A file is opened once it exists: the
 * server may start before the first scan is recorded, and then shows scans as they arrive (WAL
 * readers see each committed scan) without a restart. A PostgreSQL database is opened on the
 * first request; when it cannot be reached the request fails (503) and the next one tries again.
 */
export class StoreHandle {
  /** Where the store is, safe to show (a URL's password masked). */
  readonly location: string;
  private opening: Promise<OpenedStore> | undefined;

  constructor(private readonly source: string) {
    this.location = redactLocation(source);
  }

  /** The open store, or undefined while its file does not exist. */
  current(): Promise<OpenedStore | undefined> {
    if (!this.opening) {
      if (this.source !== ':memory:' && !isPostgresUrl(this.source) && !existsSync(this.source)) return Promise.resolve(undefined);
      const opening = this.open();
      this.opening = opening;
      // A failure is not kept: the database may be up on the next request.
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** The open store, or a 404 telling how to record the first scan. */
  async require(): Promise<OpenedStore> {
    const opened = await this.current();
    if (!opened) throw notFound(noScansMessage(this.location));
    return opened;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const opened = await opening?.catch(() => undefined);
    await opened?.store.close();
  }

  private async open(): Promise<OpenedStore> {
    try {
      // Read-only: the dashboard takes no write lock and changes nothing (a scan being recorded is not held up).
      const store = this.source === ':memory:' ? await ScanStore.open(this.source) : await ScanStore.openReadOnly(this.source);
      return { store, queries: new ScanQueries(store) };
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new HttpError(503, `cannot open the scan store ${this.location}: ${redactText(error instanceof Error ? error.message : String(error), this.source)}`);
    }
  }
}

export function noScansMessage(location: string): string {
  return `no scans recorded yet: run eksguard scan manifests|snapshot|cluster … --db ${location} (scans are recorded in ${location})`;
}

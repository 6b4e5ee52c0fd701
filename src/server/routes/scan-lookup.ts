import type { ScanRow, ScanStore } from '../../store/index.js';
import { notFound } from '../http-error.js';
import { parseScanId } from '../query-params.js';

/** The complete scan a route names, or a 404. */
export async function requireScan(store: ScanStore, id: number): Promise<ScanRow> {
  const scan = await store.scan(id);
  if (!scan) throw notFound(`no scan ${id} in ${store.location}`);
  return scan;
}

/** The scan named by the `:id` path parameter. */
export function scanOfPath(store: ScanStore, params: unknown): Promise<ScanRow> {
  return requireScan(store, parseScanId((params as { id: string }).id));
}

import type { FastifyInstance } from 'fastify';
import type { ScanDiff } from '../../store/index.js';
import { badRequest, notFound } from '../http-error.js';
import { overviewOf } from '../overview.js';
import { QueryParams } from '../query-params.js';
import { noScansMessage, type StoreHandle } from '../store-handle.js';
import { requireScan } from './scan-lookup.js';

/** The overview of one scan (the newest by default) and the diff of two. */
export function overviewRoutes(app: FastifyInstance, handle: StoreHandle): void {
  app.get('/api/overview', async (request) => {
    const id = new QueryParams(request.query, ['scan']).scanId('scan');
    const { store, queries } = await handle.require();
    const scan = id === undefined ? (await store.listScans({ limit: 1 }))[0] : await requireScan(store, id);
    if (!scan) throw notFound(noScansMessage(handle.location));
    return overviewOf(store, queries, scan);
  });

  app.get('/api/diff', async (request) => {
    const query = new QueryParams(request.query, ['from', 'to']);
    const from = query.scanId('from');
    const to = query.scanId('to');
    if (from === undefined || to === undefined) throw badRequest(`${from === undefined ? 'from' : 'to'} is required: the id of a scan to compare`);
    const { store } = await handle.require();
    await requireScan(store, from);
    await requireScan(store, to);
    return cappedDiff(await store.diff(from, to));
  });
}

/** Rows per list of a diff answer: two scans of 20,000 findings would otherwise send megabytes of unchanged rows. */
export const DIFF_ROWS = 1_000;

function cappedDiff(diff: ScanDiff): ScanDiff & { counts: Record<'new' | 'fixed' | 'notRechecked' | 'unchanged', number> } {
  return {
    from: diff.from,
    to: diff.to,
    counts: { new: diff.new.length, fixed: diff.fixed.length, notRechecked: diff.notRechecked.length, unchanged: diff.unchanged.length },
    new: diff.new.slice(0, DIFF_ROWS),
    fixed: diff.fixed.slice(0, DIFF_ROWS),
    notRechecked: diff.notRechecked.slice(0, DIFF_ROWS),
    unchanged: diff.unchanged.slice(0, DIFF_ROWS),
  };
}

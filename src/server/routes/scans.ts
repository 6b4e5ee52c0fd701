import type { FastifyInstance } from 'fastify';
import { MAX_PAGE } from '../../store/index.js';
import { QueryParams } from '../query-params.js';
import type { StoreHandle } from '../store-handle.js';
import { scanOfPath } from './scan-lookup.js';

/** Scans listed when `limit` is not given. */
export const DEFAULT_SCAN_LIMIT = 100;

/** The scan list, one scan, and what belongs to one scan as a whole: its compliance and attack paths. */
export function scanRoutes(app: FastifyInstance, handle: StoreHandle): void {
  app.get('/api/scans', async (request) => {
    const query = new QueryParams(request.query, ['cluster', 'group', 'limit', 'id']);
    const cluster = query.text('cluster');
    const groupKey = query.text('group');
    const limit = query.whole('limit', 1, MAX_PAGE) ?? DEFAULT_SCAN_LIMIT;
    const id = query.whole('id', 1, Number.MAX_SAFE_INTEGER);
    const opened = await handle.current();
    if (id !== undefined) {
      // One scan, or none: the dashboard looks up the scan an address names without a 404 for one never recorded.
      const scan = opened ? await opened.store.scan(id) : undefined;
      return { scans: scan ? [scan] : [] };
    }
    return {
      scans: opened
        ? await opened.store.listScans({ ...(cluster !== undefined ? { cluster } : {}), ...(groupKey !== undefined ? { groupKey } : {}), limit })
        : [],
    };
  });

  // One scan by id, as the list shows it: an address can name a scan older than the list reaches.
  app.get('/api/scans/:id', async (request) => {
    new QueryParams(request.query, []);
    const { store } = await handle.require();
    return { scan: await scanOfPath(store, request.params) };
  });

  app.get('/api/scans/:id/compliance', async (request) => {
    new QueryParams(request.query, []);
    const { store, queries } = await handle.require();
    return { frameworks: await queries.compliance((await scanOfPath(store, request.params)).id) };
  });

  app.get('/api/scans/:id/paths', async (request) => {
    new QueryParams(request.query, []);
    const { store, queries } = await handle.require();
    return { paths: await queries.attackPaths((await scanOfPath(store, request.params)).id) };
  });

  app.get('/api/scans/:id/resources', async (request) => {
    const query = new QueryParams(request.query, ['q', 'limit', 'offset']);
    const search = query.text('q');
    const limit = query.whole('limit', 0, MAX_PAGE);
    const offset = query.whole('offset', 0, Number.MAX_SAFE_INTEGER);
    const { store, queries } = await handle.require();
    return queries.resources((await scanOfPath(store, request.params)).id, {
      ...(search !== undefined ? { search } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(offset !== undefined ? { offset } : {}),
    });
  });
}

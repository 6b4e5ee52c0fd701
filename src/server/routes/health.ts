import type { FastifyInstance } from 'fastify';
import type { StoreHandle } from '../store-handle.js';
import { QueryParams } from '../query-params.js';

export function healthRoutes(app: FastifyInstance, handle: StoreHandle): void {
  app.get('/api/health', async (request) => {
    new QueryParams(request.query, []);
    const opened = await handle.current();
    return {
      ok: true,
      store: handle.location,
      // null until the first scan creates the file.
      schemaVersion: opened ? await opened.store.schemaVersion() : null,
      scans: opened ? await opened.store.scanCount() : 0,
    };
  });
}

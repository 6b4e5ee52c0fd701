import type { FastifyInstance } from 'fastify';
import type { StoreHandle } from '../store-handle.js';
import { QueryParams } from '../query-params.js';

export function healthRoutes(app: FastifyInstance, handle: StoreHandle): void {
  app.get('/api/health', (request) => {
    new QueryParams(request.query, []);
    const opened = handle.current();
    return {
      ok: true,
      store: handle.path,
      // null until the first scan creates the file.
      schemaVersion: opened ? opened.store.schemaVersion() : null,
      scans: opened ? opened.store.listScans().length : 0,
    };
  });
}

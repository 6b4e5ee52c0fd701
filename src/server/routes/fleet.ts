import type { FastifyInstance } from 'fastify';
import type { ClusterSummary, FleetOverview } from '../../store/index.js';
import { QueryParams } from '../query-params.js';
import type { StoreHandle } from '../store-handle.js';

/**
 * Most rows a fleet answer lists per table. The store answers each `worst` group with its own
 * trend query, so the bound keeps one request from asking for thousands of them.
 */
export const MAX_FLEET_ROWS = 100;
/** Most points of each worst group's trend. */
export const MAX_FLEET_TREND = 100;

export interface ClustersAnswer {
  clusters: ClusterSummary[];
}

/** Each common check names the newest scan of the worst group failing it (`example`), where the dashboard opens the explorer. */
export type FleetAnswer = FleetOverview;

/** The fleet: every cluster (or manifest target) with its newest scan, and the fleet-wide overview. */
export function fleetRoutes(app: FastifyInstance, handle: StoreHandle): void {
  app.get('/api/clusters', async (request): Promise<ClustersAnswer> => {
    new QueryParams(request.query, []);
    // Like the scan list: empty until the first scan is recorded.
    const opened = await handle.current();
    return { clusters: opened ? await opened.store.clusters() : [] };
  });

  app.get('/api/fleet', async (request): Promise<FleetAnswer> => {
    const query = new QueryParams(request.query, ['worst', 'common', 'trend']);
    const worst = query.whole('worst', 1, MAX_FLEET_ROWS);
    const common = query.whole('common', 1, MAX_FLEET_ROWS);
    const trendLength = query.whole('trend', 1, MAX_FLEET_TREND);
    // Like the overview: a 404 that says how to record the first scan.
    const { store } = await handle.require();
    return store.fleetOverview({
      ...(worst !== undefined ? { worst } : {}),
      ...(common !== undefined ? { common } : {}),
      ...(trendLength !== undefined ? { trendLength } : {}),
    });
  });
}

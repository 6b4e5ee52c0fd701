import type { FastifyInstance } from 'fastify';
import type { ClusterSummary, CommonFinding, FleetOverview, ScanQueries } from '../../store/index.js';
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

/** A scan that fails a common check, so the dashboard can open the explorer where the check fails. */
export interface FleetExample {
  scanId: number;
  label: string;
}

export type FleetAnswer = Omit<FleetOverview, 'commonFindings'> & {
  /** Each with the newest scan of the worst group failing it (unwaived). */
  commonFindings: (CommonFinding & { example?: FleetExample })[];
};

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
    const { store, queries } = await handle.require();
    const overview = await store.fleetOverview({
      ...(worst !== undefined ? { worst } : {}),
      ...(common !== undefined ? { common } : {}),
      ...(trendLength !== undefined ? { trendLength } : {}),
    });
    return withExamples(overview, () => store.clusters(), queries);
  });
}

/**
 * Finds, for each common check, the worst group whose newest scan fails it, walking the groups
 * worst first with one query each and stopping once every check has one. A check common to the
 * fleet is found among the first groups; only a check failing in a few healthy groups costs a
 * walk past the `worst` ones the overview holds, through the list of every group.
 */
async function withExamples(overview: FleetOverview, allGroups: () => Promise<ClusterSummary[]>, queries: ScanQueries): Promise<FleetAnswer> {
  const missing = new Set(overview.commonFindings.map((finding) => finding.checkId));
  const examples = new Map<string, FleetExample>();
  const searched = new Set<number>();
  const search = async (groups: readonly ClusterSummary[]): Promise<void> => {
    for (const group of groups) {
      if (missing.size === 0) return;
      if (searched.has(group.latest.id)) continue;
      searched.add(group.latest.id);
      const failing = await queries.facet(group.latest.id, 'checkId', { status: ['fail'], waived: false });
      for (const checkId of missing) {
        if ((failing[checkId] ?? 0) === 0) continue;
        examples.set(checkId, { scanId: group.latest.id, label: group.label });
        missing.delete(checkId);
      }
    }
  };
  await search(overview.worst);
  if (missing.size > 0) await search(await allGroups());
  // A check can still be missing when a newer scan was recorded between the queries: it has no link then.
  return {
    ...overview,
    commonFindings: overview.commonFindings.map((finding) => {
      const example = examples.get(finding.checkId);
      return example ? { ...finding, example } : finding;
    }),
  };
}

import type { FastifyInstance } from 'fastify';
import { SEVERITIES, STATUSES } from '../../model/index.js';
import { FINDING_SORTS, MAX_PAGE, type FindingFilter, type PageRequest } from '../../store/index.js';
import { notFound } from '../http-error.js';
import { QueryParams } from '../query-params.js';
import type { StoreHandle } from '../store-handle.js';
import { scanOfPath } from './scan-lookup.js';

const FINDING_PARAMS = ['severity', 'area', 'namespace', 'check', 'status', 'change', 'waived', 'q', 'sort', 'limit', 'offset'] as const;

/** The findings explorer: one filtered, sorted page with facets, and one finding in full. */
export function findingRoutes(app: FastifyInstance, handle: StoreHandle): void {
  app.get('/api/scans/:id/findings', async (request) => {
    const query = new QueryParams(request.query, FINDING_PARAMS);
    const filter = findingFilter(query);
    const page = pageRequest(query);
    const { store, queries } = await handle.require();
    return queries.findingsPage((await scanOfPath(store, request.params)).id, filter, page);
  });

  app.get('/api/scans/:id/findings/:fingerprint', async (request) => {
    new QueryParams(request.query, []);
    const { store, queries } = await handle.require();
    const scan = await scanOfPath(store, request.params);
    const { fingerprint } = request.params as { fingerprint: string };
    const finding = await queries.finding(scan.id, fingerprint);
    if (!finding) throw notFound(`no finding ${JSON.stringify(fingerprint)} in scan ${scan.id}`);
    return finding;
  });
}

function findingFilter(query: QueryParams): FindingFilter {
  const filter: FindingFilter = {};
  const severity = query.list('severity', SEVERITIES);
  const area = query.list('area');
  const namespace = query.list('namespace');
  const checkId = query.list('check');
  const status = query.list('status', STATUSES);
  const change = query.choice('change', ['new', 'unchanged'] as const);
  const waived = query.boolean('waived');
  const search = query.text('q');
  if (severity) filter.severity = severity;
  if (area) filter.area = area;
  if (namespace) filter.namespace = namespace;
  if (checkId) filter.checkId = checkId;
  if (status) filter.status = status;
  if (change) filter.change = change;
  if (waived !== undefined) filter.waived = waived;
  if (search !== undefined) filter.search = search;
  return filter;
}

function pageRequest(query: QueryParams): PageRequest {
  const page: PageRequest = {};
  const sort = query.choice('sort', FINDING_SORTS);
  const limit = query.whole('limit', 0, MAX_PAGE);
  const offset = query.whole('offset', 0, Number.MAX_SAFE_INTEGER);
  if (sort) page.sort = sort;
  if (limit !== undefined) page.limit = limit;
  if (offset !== undefined) page.offset = offset;
  return page;
}

export { ScanStore, StoreError, BUSY_TIMEOUT_MS, groupKeyOf } from './scan-store.js';
export type { ScanMeta, ScanDiff, TrendPoint, PruneOptions } from './scan-store.js';
export { totalOf } from './store-rows.js';
export type { ScanRow, FindingRow, FindingDetailFields } from './store-rows.js';
export { SCHEMA_VERSION } from './migrations.js';
export { ScanQueries, FINDING_SORTS, MAX_PAGE } from './scan-queries.js';
export type { FindingFilter, FindingSort, FindingPage, FindingDetail, FacetName, PageRequest, ResourceSummary } from './scan-queries.js';

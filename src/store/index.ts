export { ScanStore, StoreError, BUSY_TIMEOUT_MS, totalOf } from './scan-store.js';
export type { ScanMeta, ScanRow, FindingRow, ScanDiff, TrendPoint, PruneOptions } from './scan-store.js';
export { SCHEMA_VERSION } from './migrations.js';
export { ScanQueries, FINDING_SORTS, MAX_PAGE } from './scan-queries.js';
export type { FindingFilter, FindingSort, FindingPage, FindingDetail, FacetName, PageRequest, ResourceSummary } from './scan-queries.js';
export type { FindingDetailFields } from './scan-store.js';

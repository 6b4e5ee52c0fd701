export { ScanStore, StoreError, BUSY_TIMEOUT_MS, totalOf } from './scan-store.js';
export type { ScanMeta, ScanRow, FindingRow, ScanDiff, TrendPoint, PruneOptions } from './scan-store.js';
export { SCHEMA_VERSION } from './migrations.js';

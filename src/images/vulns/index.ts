/** Vulnerability matching: the OSV database, the matcher and the scan cache. */
export { buildDatabase, normalizePackageName, openDatabase, OsvDatabase, type BuildError, type BuildResult } from './osv-db.js';
export { matchPackages, type MatchOptions } from './osv-match.js';
export { parseOsvRecord, OsvRecordError, type OsvRecord } from './osv-record.js';
export { cvssBaseScore, rateSeverity, severityFromScore } from './severity.js';
export { defaultCacheDir, ScanCache } from './scan-cache.js';

import {
  SEVERITIES,
  type AttackPath,
  type ComplianceReport,
  type Severity,
  type Status,
} from '../model/index.js';
import type { ScanStore } from './scan-store.js';
import { findingRow, type FindingDetailFields, type FindingRecord, type FindingRow } from './store-rows.js';

/** What the findings explorer filters by; every list is "any of", lists combine with "and". */
export interface FindingFilter {
  severity?: readonly Severity[];
  area?: readonly string[];
  namespace?: readonly string[];
  checkId?: readonly string[];
  status?: readonly Status[];
  /** `new`: not in the previous scan of the same cluster (or target); `unchanged`: in it. */
  change?: 'new' | 'unchanged';
  /** `true` only waived, `false` only unwaived. */
  waived?: boolean;
  /** Case-insensitive text in the check id, title, message, resource name or namespace, or path. */
  search?: string;
}

export const FINDING_SORTS = ['severity', 'risk', 'check', 'resource'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export interface PageRequest {
  limit?: number;
  offset?: number;
  sort?: FindingSort;
}

export type FacetName = 'severity' | 'area' | 'namespace' | 'checkId' | 'status';

export interface FindingPage {
  /** Rows matching the filter, all pages together. */
  total: number;
  rows: (FindingRow & { isNew: boolean })[];
  /** Counts per value under every filter but the facet's own, so a choice shows what it would add. */
  facets: Record<FacetName, Record<string, number>>;
  /** The scan `change` compares with, if any. */
  previousScanId?: number;
}

export interface FindingDetail extends FindingRow, FindingDetailFields {
  remediation: string;
  isNew: boolean;
  /** Earliest stored scan of the same cluster (or target) holding this fingerprint. */
  firstSeenScanId: number;
}

export interface ResourceSummary {
  kind: string;
  namespace?: string;
  name: string;
  failures: Record<Severity, number>;
  findings: number;
}

export const MAX_PAGE = 500;
const FACET_COLUMNS: Record<FacetName, string> = {
  severity: 'severity',
  area: 'area',
  namespace: "COALESCE(resource_namespace, '')",
  checkId: 'check_id',
  status: 'status',
};
const SEVERITY_RANK = `CASE severity ${SEVERITIES.map((severity, rank) => `WHEN '${severity}' THEN ${rank}`).join(' ')} ELSE 9 END`;
const ORDER: Record<FindingSort, string> = {
  severity: `${SEVERITY_RANK}, COALESCE(risk_score, -1) DESC, check_id, resource_namespace, resource_name, rowid`,
  risk: `COALESCE(risk_score, -1) DESC, ${SEVERITY_RANK}, check_id, rowid`,
  check: 'check_id, resource_namespace, resource_name, rowid',
  resource: 'resource_kind, resource_namespace, resource_name, check_id, rowid',
};
const ROW_COLUMNS =
  'fingerprint, check_id, title, severity, status, area, resource_kind, resource_namespace, resource_name, container, path, message, risk_score, waived';

interface Where {
  sql: string;
  params: (string | number)[];
}

/**
 * Read-only questions the dashboard asks of the store: one page of a scan's findings with
 * facets, one finding in full, a scan's compliance and attack paths, its resources. Each is a
 * few indexed queries over one scan's rows, whatever the size of the history.
 */
export class ScanQueries {
  constructor(private readonly store: ScanStore) {}

  findingsPage(scanId: number, filter: FindingFilter = {}, page: PageRequest = {}): FindingPage {
    const db = this.store.db;
    const previous = this.previousScanId(scanId);
    const limit = pageLimit(page.limit);
    const offset = pageOffset(page.offset);
    const where = whereOf(scanId, filter, previous);
    const total = db.prepare(`SELECT COUNT(*) FROM findings WHERE ${where.sql}`).pluck().get(...where.params) as number;
    const records = db
      .prepare(
        `SELECT ${ROW_COLUMNS}, ${isNewSql(previous)} AS is_new FROM findings
         WHERE ${where.sql} ORDER BY ${ORDER[page.sort ?? 'severity']} LIMIT ? OFFSET ?`,
      )
      .all(...(previous === undefined ? [] : [previous]), ...where.params, limit, offset) as (FindingRecord & { is_new: number })[];
    const facets = {} as FindingPage['facets'];
    for (const facet of Object.keys(FACET_COLUMNS) as FacetName[]) {
      facets[facet] = facetCounts(this.store, scanId, facet, { ...filter, [facet]: undefined }, previous);
    }
    const result: FindingPage = {
      total,
      rows: records.map((record) => ({ ...findingRow(record), isNew: record.is_new === 1 })),
      facets,
    };
    if (previous !== undefined) result.previousScanId = previous;
    return result;
  }

  /** How many stored rows of the scan match, without fetching them. */
  count(scanId: number, filter: FindingFilter = {}): number {
    const where = whereOf(scanId, filter, this.previousScanId(scanId));
    return this.store.db.prepare(`SELECT COUNT(*) FROM findings WHERE ${where.sql}`).pluck().get(...where.params) as number;
  }

  /** Matching rows per value of one facet. */
  facet(scanId: number, facet: FacetName, filter: FindingFilter = {}): Record<string, number> {
    return facetCounts(this.store, scanId, facet, filter, this.previousScanId(scanId));
  }

  finding(scanId: number, fingerprint: string): FindingDetail | undefined {
    const db = this.store.db;
    const record = db
      .prepare(
        `SELECT ${ROW_COLUMNS}, detail_json, (SELECT remediation FROM scan_checks c WHERE c.scan_id = f.scan_id AND c.check_id = f.check_id) AS check_remediation
         FROM findings f WHERE scan_id = ? AND fingerprint = ? ORDER BY rowid LIMIT 1`,
      )
      .get(scanId, fingerprint) as (FindingRecord & { detail_json: string | null; check_remediation: string | null }) | undefined;
    if (!record || !this.store.scan(scanId)) return undefined;
    const detail = record.detail_json ? (JSON.parse(record.detail_json) as FindingDetailFields) : {};
    const previous = this.previousScanId(scanId);
    const seenBefore =
      previous !== undefined &&
      db.prepare("SELECT 1 FROM findings WHERE scan_id = ? AND fingerprint = ? AND status = 'fail'").get(previous, fingerprint) !== undefined;
    const firstSeen = db
      .prepare(
        `SELECT MIN(f.scan_id) FROM findings f JOIN scans s ON s.id = f.scan_id JOIN scans this ON this.id = ?
         WHERE f.fingerprint = ? AND f.status = 'fail' AND s.status = 'complete' AND s.group_key = this.group_key AND s.id <= this.id`,
      )
      .pluck()
      .get(scanId, fingerprint) as number | null;
    return {
      ...findingRow(record),
      ...detail,
      remediation: detail.remediation ?? record.check_remediation ?? '',
      isNew: record.status === 'fail' && !seenBefore,
      firstSeenScanId: firstSeen ?? scanId,
    };
  }

  compliance(scanId: number): ComplianceReport[] {
    const json = this.store.db.prepare("SELECT compliance_json FROM scans WHERE id = ? AND status = 'complete'").pluck().get(scanId) as string | null | undefined;
    return json ? (JSON.parse(json) as ComplianceReport[]) : [];
  }

  attackPaths(scanId: number): AttackPath[] {
    const json = this.store.db.prepare("SELECT attack_paths_json FROM scans WHERE id = ? AND status = 'complete'").pluck().get(scanId) as string | null | undefined;
    return json ? (JSON.parse(json) as AttackPath[]) : [];
  }

  /** Resources with stored findings, most critical first; `search` matches kind, namespace or name. */
  resources(scanId: number, options: { search?: string; limit?: number; offset?: number } = {}): { total: number; rows: ResourceSummary[] } {
    const db = this.store.db;
    const params: (string | number)[] = [scanId];
    let sql = 'scan_id = ?';
    if (options.search) {
      const search = containsSql(options.search, ['resource_kind', 'resource_namespace', 'resource_name']);
      sql += ` AND ${search.sql}`;
      params.push(...search.params);
    }
    const group = 'resource_kind, resource_namespace, resource_name';
    const total = db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM findings WHERE ${sql} GROUP BY ${group})`).pluck().get(...params) as number;
    const counts = SEVERITIES.map((severity) => `SUM(status = 'fail' AND waived = 0 AND severity = '${severity}') AS ${severity}`).join(', ');
    const rows = db
      .prepare(
        `SELECT resource_kind, resource_namespace, resource_name, COUNT(*) AS findings, ${counts} FROM findings WHERE ${sql}
         GROUP BY ${group} ORDER BY ${SEVERITIES.map((severity) => `${severity} DESC`).join(', ')}, ${group} LIMIT ? OFFSET ?`,
      )
      .all(...params, pageLimit(options.limit), pageOffset(options.offset)) as (Record<Severity, number> & {
      resource_kind: string;
      resource_namespace: string | null;
      resource_name: string;
      findings: number;
    })[];
    return {
      total,
      rows: rows.map((row) => {
        const summary: ResourceSummary = {
          kind: row.resource_kind,
          name: row.resource_name,
          findings: row.findings,
          failures: Object.fromEntries(SEVERITIES.map((severity) => [severity, row[severity] ?? 0])) as Record<Severity, number>,
        };
        if (row.resource_namespace !== null) summary.namespace = row.resource_namespace;
        return summary;
      }),
    };
  }

  private previousScanId(scanId: number): number | undefined {
    const scan = this.store.scan(scanId);
    return scan ? this.store.previousScan(scan)?.id : undefined;
  }
}

function facetCounts(store: ScanStore, scanId: number, facet: FacetName, filter: FindingFilter, previous: number | undefined): Record<string, number> {
  const where = whereOf(scanId, filter, previous);
  const column = FACET_COLUMNS[facet];
  const counts = store.db
    .prepare(`SELECT ${column} AS value, COUNT(*) AS n FROM findings WHERE ${where.sql} GROUP BY ${column}`)
    .all(...where.params) as { value: string; n: number }[];
  return Object.fromEntries(counts.map((count) => [count.value, count.n]));
}

/**
 * Case-insensitive "contains" over some columns. SQLite's lower() folds ASCII only; an ASCII
 * needle finds the same rows with it as with JavaScript's folding (but for rare pairs such as the
 * Kelvin sign and K) at half the cost, so it takes the built-in; any other needle goes through
 * the store's eksguard_contains, JavaScript's folding in one call per row.
 */
function containsSql(text: string, columns: readonly string[]): Where {
  const needle = text.toLowerCase();
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point
  if (/^[\x00-\x7f]*$/.test(needle)) {
    return { sql: `(${columns.map((column) => `instr(lower(COALESCE(${column}, '')), ?) > 0`).join(' OR ')})`, params: columns.map(() => needle) };
  }
  return { sql: `eksguard_contains(?, ${columns.join(', ')}) = 1`, params: [needle] };
}

/** 100 by default, at most MAX_PAGE; anything but a whole number is the default (SQLite refuses 2.5 or NaN). */
function pageLimit(limit: number | undefined): number {
  return limit !== undefined && Number.isSafeInteger(limit) ? Math.max(0, Math.min(limit, MAX_PAGE)) : 100;
}

function pageOffset(offset: number | undefined): number {
  return offset !== undefined && Number.isSafeInteger(offset) ? Math.max(0, offset) : 0;
}

/** With no earlier scan to compare with, every failure is new (as the `change: 'new'` filter says). */
function isNewSql(previous: number | undefined): string {
  if (previous === undefined) return "(status = 'fail')";
  return "(status = 'fail' AND NOT EXISTS (SELECT 1 FROM findings p WHERE p.scan_id = ? AND p.fingerprint = findings.fingerprint AND p.status = 'fail'))";
}

function whereOf(scanId: number, filter: FindingFilter, previous: number | undefined): Where {
  const clauses = ['scan_id = ?'];
  const params: (string | number)[] = [scanId];
  const anyOf = (column: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('severity', filter.severity);
  anyOf('area', filter.area);
  anyOf(FACET_COLUMNS.namespace, filter.namespace);
  anyOf('check_id', filter.checkId);
  anyOf('status', filter.status);
  if (filter.waived !== undefined) clauses.push(`waived = ${filter.waived ? 1 : 0}`);
  if (filter.change) {
    if (previous === undefined) {
      // No earlier scan: everything failing is new, nothing is unchanged.
      clauses.push(filter.change === 'new' ? "status = 'fail'" : '0');
    } else {
      clauses.push(
        `status = 'fail' AND ${filter.change === 'new' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM findings p WHERE p.scan_id = ? AND p.fingerprint = findings.fingerprint AND p.status = 'fail')`,
      );
      params.push(previous);
    }
  }
  if (filter.search) {
    const search = containsSql(filter.search, ['check_id', 'title', 'message', 'resource_name', 'resource_namespace', 'path']);
    clauses.push(search.sql);
    params.push(...search.params);
  }
  return { sql: clauses.join(' AND '), params };
}

import {
  SEVERITIES,
  type AttackPath,
  type ComplianceReport,
  type Severity,
  type Status,
} from '../model/index.js';
import type { ScanStore } from './scan-store.js';
import type { DialectSql, SqlValue } from './sql-driver.js';
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
/**
 * Sort orders, ending on the insertion order (`rowid` or `row_id`). Empty namespaces first and
 * text by code point in both dialects.
 */
function orderOf(sort: FindingSort, dialect: DialectSql): string {
  const text = (column: string): string => dialect.byCodePoint(column);
  const namespace = `${text('resource_namespace')} NULLS FIRST`;
  const insertion = dialect.findingOrder;
  switch (sort) {
    case 'severity':
      return `${SEVERITY_RANK}, COALESCE(risk_score, -1) DESC, ${text('check_id')}, ${namespace}, ${text('resource_name')}, ${insertion}`;
    case 'risk':
      return `COALESCE(risk_score, -1) DESC, ${SEVERITY_RANK}, ${text('check_id')}, ${insertion}`;
    case 'check':
      return `${text('check_id')}, ${namespace}, ${text('resource_name')}, ${insertion}`;
    case 'resource':
      return `${text('resource_kind')}, ${namespace}, ${text('resource_name')}, ${text('check_id')}, ${insertion}`;
  }
}
const ROW_COLUMNS =
  'fingerprint, check_id, title, severity, status, area, resource_kind, resource_namespace, resource_name, container, path, message, risk_score, waived';

interface Where {
  sql: string;
  params: SqlValue[];
}

/**
 * Read-only questions the dashboard asks of the store: one page of a scan's findings with
 * facets, one finding in full, a scan's compliance and attack paths, its resources. Each is a
 * few indexed queries over one scan's rows, whatever the size of the history.
 */
export class ScanQueries {
  constructor(private readonly store: ScanStore) {}

  async findingsPage(scanId: number, filter: FindingFilter = {}, page: PageRequest = {}): Promise<FindingPage> {
    const sql = this.store.sql;
    const previous = await this.previousScanId(scanId);
    const limit = pageLimit(page.limit);
    const offset = pageOffset(page.offset);
    const where = whereOf(sql, scanId, filter, previous);
    const total = (await sql.value<number>(`SELECT COUNT(*) FROM findings WHERE ${where.sql}`, where.params)) ?? 0;
    const records = await sql.all<FindingRecord & { is_new: number }>(
      `SELECT ${ROW_COLUMNS}, ${isNewSql(previous)} AS is_new FROM findings
       WHERE ${where.sql} ORDER BY ${orderOf(page.sort ?? 'severity', sql)} LIMIT ? OFFSET ?`,
      [...(previous === undefined ? [] : [previous]), ...where.params, limit, offset],
    );
    const facets = {} as FindingPage['facets'];
    for (const facet of Object.keys(FACET_COLUMNS) as FacetName[]) {
      facets[facet] = await facetCounts(sql, scanId, facet, { ...filter, [facet]: undefined }, previous);
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
  async count(scanId: number, filter: FindingFilter = {}): Promise<number> {
    const where = whereOf(this.store.sql, scanId, filter, await this.previousScanId(scanId));
    return (await this.store.sql.value<number>(`SELECT COUNT(*) FROM findings WHERE ${where.sql}`, where.params)) ?? 0;
  }

  /** Matching rows per value of one facet. */
  async facet(scanId: number, facet: FacetName, filter: FindingFilter = {}): Promise<Record<string, number>> {
    return facetCounts(this.store.sql, scanId, facet, filter, await this.previousScanId(scanId));
  }

  async finding(scanId: number, fingerprint: string): Promise<FindingDetail | undefined> {
    const sql = this.store.sql;
    const record = await sql.get<FindingRecord & { detail_json: string | null; check_remediation: string | null }>(
      `SELECT ${ROW_COLUMNS}, detail_json, (SELECT remediation FROM scan_checks c WHERE c.scan_id = f.scan_id AND c.check_id = f.check_id) AS check_remediation
       FROM findings f WHERE scan_id = ? AND fingerprint = ? ORDER BY ${sql.findingOrder} LIMIT 1`,
      [scanId, fingerprint],
    );
    if (!record || !(await this.store.scan(scanId))) return undefined;
    const detail = record.detail_json ? (JSON.parse(record.detail_json) as FindingDetailFields) : {};
    const previous = await this.previousScanId(scanId);
    const seenBefore =
      previous !== undefined &&
      (await sql.get("SELECT 1 FROM findings WHERE scan_id = ? AND fingerprint = ? AND status = 'fail'", [previous, fingerprint])) !== undefined;
    const firstSeen = await sql.value<number | null>(
      `SELECT MIN(f.scan_id) FROM findings f JOIN scans s ON s.id = f.scan_id JOIN scans shown ON shown.id = ?
       WHERE f.fingerprint = ? AND f.status = 'fail' AND s.status = 'complete' AND s.group_key = shown.group_key AND s.id <= shown.id`,
      [scanId, fingerprint],
    );
    return {
      ...findingRow(record),
      ...detail,
      remediation: detail.remediation ?? record.check_remediation ?? '',
      isNew: record.status === 'fail' && !seenBefore,
      firstSeenScanId: firstSeen ?? scanId,
    };
  }

  async compliance(scanId: number): Promise<ComplianceReport[]> {
    const json = await this.store.sql.value<string | null>("SELECT compliance_json FROM scans WHERE id = ? AND status = 'complete'", [scanId]);
    return json ? (JSON.parse(json) as ComplianceReport[]) : [];
  }

  async attackPaths(scanId: number): Promise<AttackPath[]> {
    const json = await this.store.sql.value<string | null>("SELECT attack_paths_json FROM scans WHERE id = ? AND status = 'complete'", [scanId]);
    return json ? (JSON.parse(json) as AttackPath[]) : [];
  }

  /** Resources with stored findings, most critical first; `search` matches kind, namespace or name. */
  async resources(scanId: number, options: { search?: string; limit?: number; offset?: number } = {}): Promise<{ total: number; rows: ResourceSummary[] }> {
    const sql = this.store.sql;
    const params: SqlValue[] = [scanId];
    let where = 'scan_id = ?';
    if (options.search) {
      const search = containsSql(sql, options.search, ['resource_kind', 'resource_namespace', 'resource_name']);
      where += ` AND ${search.sql}`;
      params.push(...search.params);
    }
    const group = 'resource_kind, resource_namespace, resource_name';
    const total = (await sql.value<number>(`SELECT COUNT(*) FROM (SELECT 1 FROM findings WHERE ${where} GROUP BY ${group}) AS resources`, params)) ?? 0;
    const counts = SEVERITIES.map((severity) => `SUM(CASE WHEN status = 'fail' AND waived = 0 AND severity = '${severity}' THEN 1 ELSE 0 END) AS ${severity}`).join(', ');
    const rows = await sql.all<
      Record<Severity, number> & {
        resource_kind: string;
        resource_namespace: string | null;
        resource_name: string;
        findings: number;
      }
    >(
      `SELECT resource_kind, resource_namespace, resource_name, COUNT(*) AS findings, ${counts} FROM findings WHERE ${where}
       GROUP BY ${group} ORDER BY ${SEVERITIES.map((severity) => `${severity} DESC`).join(', ')}, ${sql.byCodePoint('resource_kind')},
                ${sql.byCodePoint('resource_namespace')} NULLS FIRST, ${sql.byCodePoint('resource_name')} LIMIT ? OFFSET ?`,
      [...params, pageLimit(options.limit), pageOffset(options.offset)],
    );
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

  private async previousScanId(scanId: number): Promise<number | undefined> {
    const scan = await this.store.scan(scanId);
    return scan ? (await this.store.previousScan(scan))?.id : undefined;
  }
}

async function facetCounts(
  sql: ScanStore['sql'],
  scanId: number,
  facet: FacetName,
  filter: FindingFilter,
  previous: number | undefined,
): Promise<Record<string, number>> {
  const where = whereOf(sql, scanId, filter, previous);
  const column = FACET_COLUMNS[facet];
  const counts = await sql.all<{ value: string; n: number }>(`SELECT ${column} AS value, COUNT(*) AS n FROM findings WHERE ${where.sql} GROUP BY ${column}`, where.params);
  return Object.fromEntries(counts.map((count) => [count.value, count.n]));
}

/** Case-insensitive "contains" over some columns, folded as JavaScript folds (each dialect says how). */
function containsSql(dialect: DialectSql, text: string, columns: readonly string[]): Where {
  return dialect.contains(text.toLowerCase(), columns);
}

/** 100 by default, at most MAX_PAGE; anything but a whole number is the default (SQLite refuses 2.5 or NaN). */
function pageLimit(limit: number | undefined): number {
  return limit !== undefined && Number.isSafeInteger(limit) ? Math.max(0, Math.min(limit, MAX_PAGE)) : 100;
}

function pageOffset(offset: number | undefined): number {
  return offset !== undefined && Number.isSafeInteger(offset) ? Math.max(0, offset) : 0;
}

/** 1 or 0 in both dialects. With no earlier scan to compare with, every failure is new (as the `change: 'new'` filter says). */
function isNewSql(previous: number | undefined): string {
  if (previous === undefined) return "CASE WHEN status = 'fail' THEN 1 ELSE 0 END";
  return "CASE WHEN status = 'fail' AND NOT EXISTS (SELECT 1 FROM findings p WHERE p.scan_id = ? AND p.fingerprint = findings.fingerprint AND p.status = 'fail') THEN 1 ELSE 0 END";
}

function whereOf(dialect: DialectSql, scanId: number, filter: FindingFilter, previous: number | undefined): Where {
  const clauses = ['scan_id = ?'];
  const params: SqlValue[] = [scanId];
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
      clauses.push(filter.change === 'new' ? "status = 'fail'" : '1 = 0');
    } else {
      clauses.push(
        `status = 'fail' AND ${filter.change === 'new' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM findings p WHERE p.scan_id = ? AND p.fingerprint = findings.fingerprint AND p.status = 'fail')`,
      );
      params.push(previous);
    }
  }
  if (filter.search) {
    const search = containsSql(dialect, filter.search, ['check_id', 'title', 'message', 'resource_name', 'resource_namespace', 'path']);
    clauses.push(search.sql);
    params.push(...search.params);
  }
  return { sql: clauses.join(' AND '), params };
}

import type { ControlStatus } from '../model/index.js';
import { type FindingFilter, type ScanQueries, type ScanRow, type ScanStore, type TrendPoint } from '../store/index.js';

/** Scans in the overview's trend line. */
export const TREND_LENGTH = 30;

export interface ComplianceScore {
  framework: string;
  title: string;
  version: string;
  score: number | null;
  counts: Record<ControlStatus, number>;
}

export interface Overview {
  scan: ScanRow;
  previous: ScanRow | null;
  /** Scans of the same cluster (or target) up to this one, oldest first. */
  trend: TrendPoint[];
  compliance: ComplianceScore[];
  /** Unwaived failures by area. */
  areas: Record<string, number>;
  /** Failures whose fingerprint the previous scan did not fail (all of them when there is no previous scan, as in the explorer's `change=new`). */
  newFailures: number;
  /** Failures of the previous scan this one no longer has. */
  fixedFailures: number;
}

/** The overview page of one scan: its posture, where it is heading, and what changed. */
export async function overviewOf(store: ScanStore, queries: ScanQueries, scan: ScanRow): Promise<Overview> {
  const previous = (await store.previousScan(scan)) ?? null;
  const failing = (id: number, filter: FindingFilter): Promise<number> => queries.count(id, { ...filter, status: ['fail'] });
  // Counted in SQL: loading both scans' rows (store.diff) costs a second on large scans.
  const newFailures = await failing(scan.id, { change: 'new' });
  const fixedFailures = previous ? (await failing(previous.id, {})) - (await failing(scan.id, { change: 'unchanged' })) : 0;
  return {
    scan,
    previous,
    // Ends at the scan shown, so an older scan's overview shows the history it had.
    trend: await store.trend(scan, TREND_LENGTH),
    compliance: (await queries.compliance(scan.id)).map(({ framework, title, version, score, counts }) => ({ framework, title, version, score, counts })),
    areas: await queries.facet(scan.id, 'area', { status: ['fail'], waived: false }),
    newFailures,
    fixedFailures,
  };
}


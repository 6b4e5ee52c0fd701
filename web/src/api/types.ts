// The answers of the dashboard API that src/server serves. The shapes are the store's own types,
// imported as types only, so a change there fails `tsc -p web`.
import type { AttackPath, ComplianceReport } from '../../../src/model/index.js';
import type { ClusterSummary, FindingDetail, FindingPage, FleetOverview, ResourceSummary, ScanDiff, ScanRow, TrendPoint } from '../../../src/store/index.js';

export type { AttackPath, ComplianceReport, ControlResult, ControlStatus, Severity, Status, GraphNodeRef } from '../../../src/model/index.js';
export type { ClusterSummary, CommonFinding, FindingDetail, FindingPage, FindingRow, ResourceSummary, ScanDiff, ScanRow, TrendPoint } from '../../../src/store/index.js';

export interface ScansAnswer {
  scans: ScanRow[];
}

export type ComplianceSummary = Omit<ComplianceReport, 'controls'>;

export interface OverviewAnswer {
  scan: ScanRow;
  previous: ScanRow | null;
  trend: TrendPoint[];
  compliance: ComplianceSummary[];
  areas: Record<string, number>;
  newFailures: number;
  fixedFailures: number;
}

export type FindingsAnswer = FindingPage;
export type FindingAnswer = FindingDetail;

export interface ResourcesAnswer {
  total: number;
  rows: ResourceSummary[];
}

export interface ComplianceAnswer {
  frameworks: ComplianceReport[];
}

export interface PathsAnswer {
  paths: AttackPath[];
}

/** Each list holds at most 1,000 rows; `counts` has the totals. */
export type DiffAnswer = ScanDiff & { counts: Record<'new' | 'fixed' | 'notRechecked' | 'unchanged', number> };

/** Every cluster (or manifest target) with its newest scan, worst first. */
export interface ClustersAnswer {
  clusters: ClusterSummary[];
}

/** Each common check names the newest scan of the worst cluster failing it (`example`), where its link opens the explorer. */
export type FleetAnswer = FleetOverview;

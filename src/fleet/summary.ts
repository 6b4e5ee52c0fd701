/**
 * What a fleet scan reports: one line per cluster as it finishes (stderr), the fleet summary at
 * the end (stderr), and the same as JSON for machines (stdout with --format json).
 */
import { SEVERITIES, type Severity } from '../model/index.js';
import type { DiscoveryError } from './discover.js';
import type { Failure } from './failures.js';
import type { Shard } from './shard.js';

export interface ClusterReport {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  status: 'scanned' | 'failed';
  attempts: number;
  seconds: number;
  /** Unwaived failures by severity (scanned clusters). */
  failures?: Record<Severity, number>;
  /** The history's id of the recorded scan. */
  scanId?: number;
  /** The JSON report written with --output-dir. */
  report?: string;
  /** Why it could not be scanned (failed clusters). */
  failure?: Failure;
}

export interface FleetSummary {
  schemaVersion: 1;
  kind: 'EksguardFleetScan';
  shard: Shard;
  /** Clusters discovery found (before sharding). */
  discovered: number;
  scanned: number;
  failed: number;
  failOn: Severity | 'none';
  /** Unwaived failures by severity over the scanned clusters. */
  failures: Record<Severity, number>;
  clusters: ClusterReport[];
  /** Accounts and regions discovery could not read: their clusters are unknown. */
  errors: DiscoveryError[];
  seconds: number;
  exitCode: number;
}

export function zeroFailures(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export function place(cluster: { name: string; accountId: string; region: string }): string {
  return `${cluster.name} (${cluster.accountId} ${cluster.region})`;
}

/** `3 critical, 10 high, 1 low`, or `no failures`. */
export function failureCounts(failures: Readonly<Record<Severity, number>>): string {
  const parts = SEVERITIES.filter((severity) => failures[severity] > 0).map((severity) => `${failures[severity]} ${severity}`);
  return parts.length > 0 ? parts.join(', ') : 'no failures';
}

export function progressLine(report: ClusterReport, done: number, total: number): string {
  const width = String(total).length;
  const head = `[${String(done).padStart(width)}/${total}] ${place(report)}`;
  const took = `${report.seconds.toFixed(1)} s`;
  const tries = report.attempts > 1 ? `, ${report.attempts} attempts` : '';
  if (report.status === 'scanned') return `${head} scanned: ${failureCounts(report.failures ?? zeroFailures())} — ${took}${tries}`;
  return `${head} failed: ${report.failure?.message ?? 'unknown error'} — ${took}${tries}`;
}

const WORST_SHOWN = 5;

function rank(failures: Readonly<Record<Severity, number>> | undefined): number[] {
  return SEVERITIES.map((severity) => failures?.[severity] ?? 0);
}

function worseFirst(a: ClusterReport, b: ClusterReport): number {
  const ra = rank(a.failures);
  const rb = rank(b.failures);
  for (let i = 0; i < ra.length; i += 1) if ((ra[i] ?? 0) !== (rb[i] ?? 0)) return (rb[i] ?? 0) - (ra[i] ?? 0);
  return a.arn.localeCompare(b.arn);
}

export function summaryText(summary: FleetSummary): string {
  const total = summary.clusters.length;
  const shard = summary.shard.count > 1 ? ` in shard ${summary.shard.index}/${summary.shard.count} (of ${summary.discovered} discovered)` : '';
  const lines = [`Fleet: ${total} cluster${total === 1 ? '' : 's'}${shard}: ${summary.scanned} scanned, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s`];
  if (summary.scanned > 0) lines.push(`  findings (unwaived): ${failureCounts(summary.failures)}`);
  const worst = summary.clusters
    .filter((report) => report.status === 'scanned' && rank(report.failures).some((count) => count > 0))
    .sort(worseFirst)
    .slice(0, WORST_SHOWN);
  if (worst.length > 0) {
    lines.push('  worst:');
    for (const report of worst) lines.push(`    ${place(report)}: ${failureCounts(report.failures ?? zeroFailures())}`);
  }
  const failed = summary.clusters.filter((report) => report.status === 'failed');
  if (failed.length > 0) {
    lines.push('  not scanned:');
    for (const report of failed) lines.push(`    ${place(report)}: ${report.failure?.message ?? 'unknown error'} (${report.attempts} attempt${report.attempts === 1 ? '' : 's'})`);
  }
  if (summary.errors.length > 0) {
    lines.push('  not discovered:');
    for (const error of summary.errors) lines.push(`    ${discoveryErrorText(error)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function discoveryErrorText(error: DiscoveryError): string {
  const where = [error.accountId, error.region, error.cluster].filter(Boolean).join(' ');
  return `${where}: ${error.operation} failed: ${error.message}`;
}

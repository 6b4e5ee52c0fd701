import type { Alert, Severity } from '../../model/index.js';
import { SEVERITIES } from '../../model/index.js';
import type { ReadStats } from '../events/index.js';
import type { EngineStats } from '../rules/index.js';

/** One alert as a readable line: time, severity, rule id, rendered output, subject. */
export function alertLine(alert: Alert): string {
  const time = alert.time || '-';
  const subject = alert.subject.name ? `  [${alert.subject.name}${alert.subject.sourceIPs?.length ? ` from ${alert.subject.sourceIPs.join(',')}` : ''}]` : '';
  return `${time}  ${alert.severity.toUpperCase().padEnd(8)}  ${alert.ruleId}  ${alert.output}${subject}${postureText(alert)}`;
}

/** The posture context in brief: what makes this alert matter more (or less). */
function postureText(alert: Alert): string {
  const posture = alert.posture;
  if (!posture) return '';
  const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  const parts = [
    posture.exposed ? 'Internet-exposed' : '',
    posture.clusterAdmin ? 'reaches cluster-admin' : '',
    posture.iamRoles.length ? `IAM ${posture.iamRoles.map(roleName).join(',')}` : '',
    posture.awsPermissions.length ? `AWS ${posture.awsPermissions.join(',')}` : '',
    posture.attackPaths.length ? `${posture.attackPaths.length} attack path(s)` : '',
    posture.findingsTotal ? `${posture.findingsTotal} open finding(s)` : '',
    posture.severityRaisedFrom ? `raised from ${posture.severityRaisedFrom}` : '',
  ].filter(Boolean);
  return parts.length ? `  {${parts.join(' · ')}}` : '';
}

/** One alert as a JSON line. */
export function alertJson(alert: Alert): string {
  return JSON.stringify(alert);
}

export function emptySeverityCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export interface SummaryInput {
  read: ReadStats;
  engine: EngineStats;
  alerts: Record<Severity, number>;
  /** Alerts below --min-severity, not printed. */
  hidden: number;
  /** Issues listed in full; the rest are counted. */
  showIssues?: number;
  /** How file names are shown (e.g. relative to the working directory). */
  displayFile?: (file: string) => string;
}

/** The end-of-run summary: events by kind, alerts by severity, input problems with the first few issues. */
export function summaryLines(input: SummaryInput): string[] {
  const { read, engine, alerts } = input;
  const show = input.displayFile ?? ((file: string) => file);
  const total = SEVERITIES.reduce((sum, severity) => sum + alerts[severity], 0);
  const bySeverity = SEVERITIES.filter((severity) => alerts[severity] > 0).map((severity) => `${alerts[severity]} ${severity}`);
  const lines = [
    `events: ${read.events} (${read.k8sAudit} k8s-audit, ${read.cloudTrail} cloudtrail) from ${read.files} file(s)`,
    `alerts: ${total}${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''}${input.hidden ? `; ${input.hidden} below --min-severity not shown` : ''}`,
  ];
  const problems = read.malformed + read.truncated + read.oversize + read.unreadable;
  if (problems > 0) {
    lines.push(`input issues: ${read.malformed} malformed, ${read.truncated} truncated, ${read.oversize} oversize, ${read.unreadable} unreadable (processing continued)`);
    const limit = input.showIssues ?? 5;
    for (const issue of read.issues.slice(0, limit)) lines.push(`  ${show(issue.file)}:${issue.line}: ${issue.message}`);
    const more = read.issues.length - Math.min(limit, read.issues.length) + read.issuesOmitted;
    if (more > 0) lines.push(`  … and ${more} more`);
  }
  if (engine.errors > 0) {
    lines.push(`rule errors: ${engine.errors} condition evaluation(s) failed`);
    for (const [id, entry] of engine.errorsByRule) lines.push(`  rule ${id}: ${entry.count} × ${entry.first}`);
  }
  return lines;
}

/**
 * A record's severity: the database's own label when it gives one (`database_specific.severity`:
 * GHSA's CRITICAL/HIGH/MODERATE/LOW; Ubuntu's priority, published as an `Ubuntu` entry of
 * `severity[]`), else its CVSS vectors of the newest CVSS version present (v4, then v3.x, then
 * v2: scores of different versions are not on one scale, and a v2 10.0 is only "high"), the
 * highest base score among those, computed per the FIRST specifications by ae-cvss-calculator.
 */
import cvss from 'ae-cvss-calculator';
import type { Severity } from '../../model/index.js';
import type { OsvSeverity } from './osv-record.js';

const LABELS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unimportant: 'low',
};

export function severityFromLabel(label: string | undefined): Severity | undefined {
  return label === undefined ? undefined : LABELS[label.trim().toLowerCase()];
}

/** CVSS v3/v4 qualitative rating scale (v2 has no "critical": 7.0+ is high). */
export function severityFromScore(score: number, version: 2 | 3 | 4): Severity {
  if (score >= 9 && version !== 2) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** Base score of a CVSS vector, or undefined when the vector is not a complete base vector. */
export function cvssBaseScore(vector: string): { score: number; version: 2 | 3 | 4 } | undefined {
  try {
    if (vector.startsWith('CVSS:4.0/')) {
      const v = new cvss.Cvss4P0(vector);
      const base = v.calculateScores().base;
      return base === undefined ? undefined : { score: base, version: 4 };
    }
    const v3 = vector.startsWith('CVSS:3.1/') ? new cvss.Cvss3P1(vector) : vector.startsWith('CVSS:3.0/') ? new cvss.Cvss3P0(vector) : undefined;
    if (v3) return v3.isBaseFullyDefined() ? { score: v3.calculateScores().base ?? 0, version: 3 } : undefined;
    if (/^(\(?AV:[LAN])/.test(vector)) {
      const v2 = new cvss.Cvss2(vector.replace(/^\(|\)$/g, ''));
      return v2.isBaseFullyDefined() ? { score: v2.calculateScores().base ?? 0, version: 2 } : undefined;
    }
  } catch {
    // The calculator throws on vectors it cannot read: treated as no score.
  }
  return undefined;
}

export interface RatedSeverity {
  severity: Severity;
  /** The vector or label it came from. */
  cvss?: string;
}

/** What a record (or one of its affected packages) says, by the order above. */
export function rateSeverity(label: string | undefined, scores: OsvSeverity[]): RatedSeverity | undefined {
  const fromLabel = severityFromLabel(label);
  if (fromLabel) return { severity: fromLabel };
  for (const { type, score } of scores) {
    const priority = type === 'Ubuntu' ? severityFromLabel(score) : undefined;
    if (priority) return { severity: priority, cvss: score };
  }
  let best: { severity: Severity; score: number; version: number; vector: string } | undefined;
  for (const { type, score } of scores) {
    if (type === 'Ubuntu') continue;
    const base = cvssBaseScore(score);
    if (base && (!best || base.version > best.version || (base.version === best.version && base.score > best.score))) {
      best = { severity: severityFromScore(base.score, base.version), score: base.score, version: base.version, vector: score };
    }
  }
  return best && { severity: best.severity, cvss: best.vector };
}

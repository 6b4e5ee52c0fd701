/**
 * Risk scores, 0–100. A finding starts from its severity, gains for exposure (its resource is
 * reachable from the Internet or an outside principal) and blast radius (what its resource can
 * reach: cluster admin, AWS admin, data); a finding on an attack path never scores below the
 * path. A path scores by its query's severity, a little less for each extra step an attacker
 * must take.
 */
import type { Severity } from '../model/index.js';

const SEVERITY_BASE: Record<Severity, number> = { critical: 70, high: 55, medium: 40, low: 20, info: 5 };
const PATH_BASE: Record<Severity, number> = { critical: 100, high: 85, medium: 65, low: 40, info: 15 };

/** Longer paths need more to go right for the attacker: −3 a step beyond the second, at most −24. */
export function pathScore(severity: Severity, steps: number): number {
  return Math.max(0, PATH_BASE[severity] - Math.min(24, 3 * Math.max(0, steps - 2)));
}

export interface FindingContext {
  /** The resource is reachable from the Internet or from an outside AWS principal. */
  exposed: boolean;
  /** 0 none, 1 some (secrets, data, node), 2 full control (cluster admin, AWS admin). */
  blastRadius: 0 | 1 | 2;
  /** Scores of the attack paths the finding sits on. */
  pathScores: readonly number[];
}

export function findingScore(severity: Severity, context: FindingContext): number {
  const own = SEVERITY_BASE[severity] + (context.exposed ? 15 : 0) + context.blastRadius * 7.5;
  const onPath = context.pathScores.length > 0 ? Math.max(...context.pathScores) : 0;
  // Being on a path raises a finding to the path's score, and a little above lone findings of it.
  return Math.round(Math.min(100, Math.max(own, onPath)));
}

import type { VerdictOutcome } from './metrics.js';
import type { AdmissionMode, AdmissionRequestInfo, Verdict } from './verdict-types.js';
import type { Severity } from '../model/index.js';

/** One decision for the audit trail (the CLI writes each as a JSON line). */
export interface DecisionRecord {
  /** ISO 8601, when the answer was sent. */
  time: string;
  uid: string;
  operation: AdmissionRequestInfo['operation'];
  /** `apps/v1`, `v1` … and `Deployment`, `Pod` …: the kind as the request names it. */
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  user?: string;
  allowed: boolean;
  verdict: Exclude<VerdictOutcome, 'invalid'>;
  violations: { checkId: string; mode: AdmissionMode; severity: Severity }[];
  /** Why the request was admitted unjudged (from the verdict). */
  skipped?: string;
  /** Findings waived by an exception or the EKS baseline (from the verdict). */
  waived?: number;
  /** Checks that failed to run on the object, `check-id: reason` (from the verdict). */
  checkErrors?: string[];
  /** The verdict took longer than the budget and was answered all the same. */
  overBudget?: true;
  latencyMs: number;
}

export function outcomeOf(verdict: Verdict): 'allowed' | 'audited' | 'denied' | 'warned' {
  if (!verdict.allowed) return 'denied';
  if (verdict.warnings.length > 0 || verdict.violations.some((violation) => violation.mode === 'warn')) return 'warned';
  return verdict.violations.length > 0 ? 'audited' : 'allowed';
}

/** The answer given in place of a verdict that failed or came too late. */
export function failureVerdict(failurePolicy: 'allow' | 'deny', outcome: 'timeout' | 'error', budgetMs: number): Verdict {
  const what = outcome === 'timeout' ? `could not judge this request within its ${budgetMs} ms budget` : 'failed to judge this request';
  if (failurePolicy === 'allow') return { allowed: true, warnings: [`eksguard ${what}; admitted unjudged (failure mode allow)`], violations: [] };
  return {
    allowed: false,
    status: { code: outcome === 'timeout' ? 503 : 500, message: `eksguard ${what}; denied (failure mode deny), try again` },
    warnings: [],
    violations: [],
  };
}

function objectName(request: AdmissionRequestInfo): string | undefined {
  if (request.name) return request.name;
  const metadata = (request.object ?? request.oldObject)?.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { name } = metadata as { name?: unknown };
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** The audit-trail entry for a request answered with `verdict` now. */
export function decisionRecord(
  request: AdmissionRequestInfo,
  verdict: Verdict,
  outcome: DecisionRecord['verdict'],
  latencyMs: number,
  overBudget: boolean,
): DecisionRecord {
  const entry: DecisionRecord = {
    time: new Date().toISOString(),
    uid: request.uid,
    operation: request.operation,
    apiVersion: request.kind.group ? `${request.kind.group}/${request.kind.version}` : request.kind.version,
    kind: request.kind.kind,
    allowed: verdict.allowed,
    verdict: outcome,
    violations: verdict.violations.map(({ checkId, mode, severity }) => ({ checkId, mode, severity })),
    latencyMs: Math.round(latencyMs * 1000) / 1000,
  };
  if (request.namespace) entry.namespace = request.namespace;
  const name = objectName(request);
  if (name) entry.name = name;
  if (request.userInfo.username) entry.user = request.userInfo.username;
  if (verdict.skipped) entry.skipped = verdict.skipped;
  if (verdict.waived) entry.waived = verdict.waived;
  if (verdict.checkErrors?.length) entry.checkErrors = [...verdict.checkErrors];
  if (overBudget) entry.overBudget = true;
  return entry;
}

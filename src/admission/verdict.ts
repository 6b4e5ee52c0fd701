import type { CheckResult } from '../model/index.js';
import { evaluate, type AnyCheck, type EnginePolicy } from '../checks/index.js';
import { formatConfigError, identitiesOf, type EksguardConfig } from '../checks/config/index.js';
import { admissionConfigErrors, compileAdmissionPolicy, type AdmissionPolicy } from './admission-policy.js';
import { aggregatesIntoDefaults, aggregationMessage, aggregationReviewer } from './aggregation-review.js';
import { withTrustedOwners } from './owner-trust.js';
import { triage } from './request-triage.js';
import { singleObjectView } from './single-object-view.js';
import { denyMessage, subjectOf, warningOf } from './verdict-message.js';
import type { AdmissionRequestInfo, Verdict, VerdictGate, Violation } from './verdict-types.js';

/**
 * The policy the webhook judges by: what `loadPolicy` (src/cli/policy-loader.ts) returns for
 * `.eksguard.yaml` — the selected checks, the engine policy (options, severities, exceptions
 * and the EKS baseline) and the configuration with its `admission:` section.
 */
export interface VerdictPolicySource {
  /** The checks selected by `checks.enable/disable`; only the admission-safe ones run. */
  checks: readonly AnyCheck[];
  /** Every known check (built-in and custom), to tell "not admission-safe" from "unknown". */
  allChecks?: readonly AnyCheck[];
  engine: Pick<EnginePolicy, 'options' | 'severity' | 'waiverFor'>;
  config: Pick<EksguardConfig, 'admission' | 'file' | 'positions'>;
}

export interface VerdictPipelineOptions {
  /** The webhook's own namespace: never judged. */
  ownNamespace?: string | undefined;
  /** Run after the checks on every judged request; their violations join the checks'. */
  gates?: readonly VerdictGate[];
}

export interface VerdictPipeline {
  judge(request: AdmissionRequestInfo): Promise<Verdict>;
  /** The admission-safe checks that run, by id. */
  readonly checkIds: readonly string[];
  readonly policy: AdmissionPolicy;
}

/** The `admission:` section names checks that never run at admission (see `admissionConfigErrors`). */
export class AdmissionConfigError extends Error {
  constructor(readonly errors: ReturnType<typeof admissionConfigErrors>) {
    super(`configuration errors:\n  ${errors.map(formatConfigError).join('\n  ')}`);
    this.name = 'AdmissionConfigError';
  }
}

/**
 * Builds the verdict pipeline once per policy: the admission-safe checks, the compiled
 * `admission:` section and the engine policy are fixed here, so a request costs one engine
 * run over a one-object inventory. Throws AdmissionConfigError for a section that would
 * silently do nothing.
 */
export function createVerdictPipeline(source: VerdictPolicySource, options: VerdictPipelineOptions = {}): VerdictPipeline {
  const errors = admissionConfigErrors(source.config, source.allChecks ?? source.checks);
  if (errors.length > 0) throw new AdmissionConfigError(errors);
  const checks = source.checks.filter((check) => check.admission === true && (check.needs ?? []).length === 0);
  const checkIds = checks.map((check) => check.id);
  const policy = compileAdmissionPolicy(source.config.admission, checkIds, { ownNamespace: options.ownNamespace });
  // Passes are never read at admission: counting them is enough.
  const engine: EnginePolicy = { ...source.engine, recordPasses: false };
  if (source.engine.waiverFor) engine.waiverFor = throughOwners(source.engine.waiverFor);
  const gates = options.gates ?? [];
  const reviewAggregation = aggregationReviewer(
    checks.filter((check) => check.area === 'rbac'),
    engine,
  );

  async function judge(request: AdmissionRequestInfo): Promise<Verdict> {
    const plan = triage(request);
    if (plan.action === 'skip') return admitted(plan.reason);
    if (plan.action === 'reject') {
      return { allowed: false, status: { code: 400, message: `eksguard cannot judge this request: ${plan.reason}` }, warnings: [], violations: [] };
    }
    const excluded = policy.exclusion(plan.namespace);
    if (excluded) return admitted(excluded);

    // Exceptions follow owners, and the requester wrote the ownerReferences: keep only those a
    // built-in controller vouches for, so a forged owner brings no exception along.
    const believed = withTrustedOwners(plan.object, request.userInfo.username);
    const { results } = evaluate(singleObjectView(believed, plan.namespace), checks, engine);
    const violations: Violation[] = [];
    const checkErrors: string[] = [];
    let waived = 0;
    for (const result of results) {
      if (result.status === 'error') {
        // A check that crashes on the object cannot vouch for it. Where it enforces, admitting
        // would let whatever crashed it through: throw, so the server answers per its failure
        // mode (the one answer for "no verdict") and counts the review as an error. Elsewhere
        // it could only have warned or recorded: the error is recorded for the audit trail.
        if (policy.judges(result.severity) && policy.modeFor(result.checkId, plan.namespace) === 'enforce') {
          throw new CheckCrashError(result.checkId, result.message);
        }
        checkErrors.push(`${result.checkId}: ${result.message}`);
      }
      if (result.status !== 'fail' || !policy.judges(result.severity)) continue;
      if (plan.onlyContainers && (result.container === undefined || !plan.onlyContainers.has(result.container))) continue;
      if (result.waived) {
        waived++;
        continue;
      }
      violations.push(violationOf(result, policy.modeFor(result.checkId, plan.namespace)));
    }
    if (plan.shape === 'object' && aggregatesIntoDefaults(plan.object)) {
      for (const finding of reviewAggregation(plan.object)) {
        if (!policy.judges(finding.severity)) continue;
        const resource = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: plan.object.metadata?.name ?? '' };
        if (source.engine.waiverFor?.({ checkId: finding.checkId, resource, object: plan.object, container: undefined })) {
          waived++;
          continue;
        }
        const violation = violationOf({ ...finding.result, severity: finding.severity, message: aggregationMessage(plan.object, finding) }, policy.modeFor(finding.checkId, undefined));
        violation.path = finding.path ?? 'rules';
        violations.push(violation);
      }
    }
    if (gates.length > 0) {
      const found = await Promise.all(gates.map((gate) => Promise.resolve(gate.judge(request))));
      for (const list of found) violations.push(...list);
    }

    const metadata = plan.object.metadata;
    const generateName = typeof metadata?.generateName === 'string' ? metadata.generateName : undefined;
    const subject = subjectOf(request.kind.kind, plan.namespace, metadata?.name || request.name, generateName);
    return verdictOf(subject, violations, waived, checkErrors);
  }

  return { judge, checkIds, policy };
}

/** An enforcing check crashed on the object under review: no verdict can be given. */
export class CheckCrashError extends Error {
  constructor(
    readonly checkId: string,
    reason: string,
  ) {
    super(`check ${checkId} failed on the object under review: ${reason}`);
    this.name = 'CheckCrashError';
  }
}

/**
 * Waivers of a finding, else of the owners it was created by. Owners reach the view only when
 * a built-in controller vouched for them (see owner-trust.ts), so the pods of an add-on's
 * DaemonSet are waived exactly as the DaemonSet is. Scans need not: they judge the owner itself.
 */
function throughOwners(waiverFor: NonNullable<EnginePolicy['waiverFor']>): NonNullable<EnginePolicy['waiverFor']> {
  return (query) => {
    const own = waiverFor(query);
    if (own || !query.object?.metadata?.ownerReferences?.length) return own;
    for (const owner of identitiesOf(query.resource, query.object).slice(1)) {
      const waiver = waiverFor({ ...query, resource: { kind: owner.kind, namespace: owner.namespace, name: owner.name }, object: undefined });
      if (waiver) return waiver;
    }
    return undefined;
  };
}

function admitted(skipped: string): Verdict {
  return { allowed: true, warnings: [], violations: [], skipped };
}

function violationOf(result: CheckResult, mode: Violation['mode']): Violation {
  const violation: Violation = {
    checkId: result.checkId,
    title: result.title,
    severity: result.severity,
    mode,
    message: result.message,
    remediation: result.remediation,
  };
  if (result.path) violation.path = result.path;
  if (result.container !== undefined) violation.container = result.container;
  return violation;
}

function verdictOf(subject: string, violations: Violation[], waived: number, checkErrors: string[]): Verdict {
  const enforced = violations.filter((violation) => violation.mode === 'enforce');
  const verdict: Verdict = {
    allowed: enforced.length === 0,
    warnings: violations.filter((violation) => violation.mode === 'warn').map(warningOf),
    violations,
  };
  if (enforced.length > 0) verdict.status = { code: 403, message: denyMessage(subject, enforced) };
  if (waived > 0) verdict.waived = waived;
  if (checkErrors.length > 0) verdict.checkErrors = checkErrors;
  return verdict;
}

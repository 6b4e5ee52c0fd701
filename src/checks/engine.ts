import { createHash } from 'node:crypto';
import type {
  CheckResult,
  EvidencePath,
  FailOptions,
  K8sObject,
  ResourceRef,
  Severity,
  Status,
  Target,
  Waiver,
} from '../model/index.js';
import { refKey, type InventoryView } from '../inventory/index.js';
import type { AnyCheck, CheckContext } from './define-check.js';
import { formatPath } from './evidence-path.js';

export interface WaiverQuery {
  checkId: string;
  resource: ResourceRef;
  object: K8sObject | undefined;
  container: string | undefined;
}

export interface EnginePolicy {
  /** Per-check option overrides from configuration. */
  options?: Record<string, Record<string, unknown>>;
  severity?: Record<string, Severity>;
  /** Framework id → control ids, per check. */
  refs?: (checkId: string) => Record<string, string[]>;
  waiverFor?: (query: WaiverQuery) => Waiver | undefined;
}

interface Report {
  status: Extract<Status, 'fail' | 'not-evaluated' | 'error'>;
  message: string;
  options: FailOptions;
}

/** Runs checks over an inventory. It is handed its checks and never imports one itself. */
export function runChecks(
  inventory: InventoryView,
  checks: readonly AnyCheck[],
  policy: EnginePolicy = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  const pending: PendingLocations = new Map();
  for (const check of checks) results.push(...evaluateCheck(inventory, check, policy, pending));
  placeOnLines(inventory, pending);
  return results;
}

/** Evidence paths waiting for a line, placed in one batch per object after all checks ran. */
type PendingLocations = Map<K8sObject, Array<{ result: CheckResult; path: EvidencePath }>>;

function placeOnLines(inventory: InventoryView, pending: PendingLocations): void {
  for (const [object, waiting] of pending) {
    const locations = inventory.locateAll(object, waiting.map((entry) => entry.path));
    waiting.forEach((entry, index) => {
      const location = locations[index];
      if (location) entry.result.location = location;
    });
  }
}

export function runCheck(inventory: InventoryView, check: AnyCheck, policy: EnginePolicy = {}): CheckResult[] {
  return runChecks(inventory, [check], policy);
}

function evaluateCheck(
  inventory: InventoryView,
  check: AnyCheck,
  policy: EnginePolicy,
  pending: PendingLocations,
): CheckResult[] {
  const options = { ...(check.options ?? {}), ...(policy.options?.[check.id] ?? {}) };
  // A severity the user configured wins over one a check picks per finding.
  const configuredSeverity = policy.severity?.[check.id];
  const refs = policy.refs?.(check.id) ?? {};
  const results: CheckResult[] = [];
  const clusterTarget: Target = {
    resource: { kind: 'Cluster', name: inventory.source.cluster ?? 'cluster' },
  };

  const emit = (target: Target, report: Report | { status: 'pass' }): void => {
    const failOptions: FailOptions = 'options' in report ? report.options : {};
    const object = failOptions.object ?? target.object;
    const result: CheckResult = {
      checkId: check.id,
      title: check.title,
      severity: configuredSeverity ?? failOptions.severity ?? check.severity,
      area: check.area,
      status: report.status,
      resource: target.resource,
      message: 'message' in report ? report.message : `${check.title}: passed`,
      remediation: check.remediation,
      refs,
      fingerprint: fingerprint(check.id, target.resource, failOptions.container, failOptions.path),
    };
    if (failOptions.container !== undefined) result.container = failOptions.container;
    if (failOptions.path) result.path = formatPath(failOptions.path);
    const location = object ? inventory.locate(object) : undefined;
    if (location) result.location = location;
    if (object && failOptions.path && failOptions.path.length > 0) {
      let waiting = pending.get(object);
      if (!waiting) pending.set(object, (waiting = []));
      waiting.push({ result, path: failOptions.path });
    }
    if (failOptions.fix) result.fix = failOptions.fix;
    if (report.status === 'fail' && policy.waiverFor) {
      const waiver = policy.waiverFor({
        checkId: check.id,
        resource: target.resource,
        object: target.object,
        container: failOptions.container,
      });
      if (waiver) result.waived = waiver;
    }
    results.push(result);
  };

  let targets: Iterable<Target>;
  try {
    const missing = check.requires?.(inventory, options);
    if (missing) {
      emit(clusterTarget, { status: 'not-evaluated', message: missing, options: {} });
      return results;
    }
    targets = check.targets(inventory, options) as Iterable<Target>;
  } catch (error) {
    emit(clusterTarget, { status: 'error', message: crashMessage(error), options: {} });
    return results;
  }

  for (const target of safeIterate(targets, (error) =>
    emit(clusterTarget, { status: 'error', message: crashMessage(error), options: {} }),
  )) {
    const reports: Report[] = [];
    const context: CheckContext = {
      inventory,
      options,
      fail(messageId, data, failOptions = {}) {
        reports.push({ status: 'fail', message: render(check.messages[messageId], data), options: failOptions });
      },
      notEvaluated(reason, failOptions = {}) {
        reports.push({ status: 'not-evaluated', message: reason, options: failOptions });
      },
    };
    try {
      check.evaluate(target, context);
    } catch (error) {
      emit(target, { status: 'error', message: crashMessage(error), options: {} });
      continue;
    }
    if (reports.length === 0) emit(target, { status: 'pass' });
    for (const report of dedupe(reports)) emit(target, report);
  }
  return results;
}

function* safeIterate<T>(items: Iterable<T>, onError: (error: unknown) => void): Generator<T> {
  try {
    yield* items;
  } catch (error) {
    onError(error);
  }
}

/** One finding per (resource, container, path): a check that reports twice says it once. */
function dedupe(reports: Report[]): Report[] {
  const seen = new Set<string>();
  return reports.filter((report) => {
    const key = `${report.status}|${report.options.container ?? ''}|${formatPath(report.options.path ?? [])}|${report.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function render(template: string | undefined, data: Record<string, string | number> = {}): string {
  if (template === undefined) return 'unknown message id';
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) =>
    key in data ? String(data[key]) : match,
  );
}

function crashMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return `check failed to run: ${text}`;
}

/** Stable across runs and line moves: check, resource, container and path only. */
export function fingerprint(
  checkId: string,
  resource: ResourceRef,
  container: string | undefined,
  path: EvidencePath | undefined,
): string {
  return createHash('sha256')
    .update(`${checkId}\u0000${refKey(resource)}\u0000${container ?? ''}\u0000${formatPath(path ?? [])}`)
    .digest('hex')
    .slice(0, 32);
}

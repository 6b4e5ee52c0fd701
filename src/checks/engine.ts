import { hash } from 'node:crypto';
import type {
  CheckResult,
  EvidencePath,
  FailOptions,
  K8sObject,
  Location,
  ResourceRef,
  Severity,
  Status,
  Target,
  Waiver,
} from '../model/index.js';
import { refKey, type InventoryView } from '../inventory/index.js';
import type { AnyCheck, CheckContext } from './define-check.js';
import { formatPath } from '../inventory/evidence-path.js';

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
  /**
   * Keep a result object for every pass (default true). A scan that will not show passes
   * only counts them: on a large cluster passes are most results, and nobody reads them.
   */
  recordPasses?: boolean;
}

/** What an engine run produced: results, and passes counted whether recorded or not. */
export interface Evaluation {
  results: CheckResult[];
  passed: number;
  /** The same passes by check id: compliance needs them per check when they are not recorded. */
  passedByCheck: Record<string, number>;
  /** Distinct resources evaluated, passes included. */
  resources: number;
}

interface Report {
  status: Extract<Status, 'fail' | 'not-evaluated' | 'error'>;
  message: string;
  messageId?: string;
  options: FailOptions;
}

/** Runs checks over an inventory. It is handed its checks and never imports one itself. */
export function evaluate(inventory: InventoryView, checks: readonly AnyCheck[], policy: EnginePolicy = {}): Evaluation {
  const run = new EngineRun(inventory, policy);
  for (const check of checks) run.evaluateCheck(check);
  run.placeOnLines();
  return { results: run.results, passed: run.passed, passedByCheck: run.passedByCheck, resources: run.resources.size };
}

/** Every result, passes included unless the policy says otherwise. */
export function runChecks(inventory: InventoryView, checks: readonly AnyCheck[], policy: EnginePolicy = {}): CheckResult[] {
  return evaluate(inventory, checks, policy).results;
}

export function runCheck(inventory: InventoryView, check: AnyCheck, policy: EnginePolicy = {}): CheckResult[] {
  return runChecks(inventory, [check], policy);
}

class EngineRun {
  readonly results: CheckResult[] = [];
  passed = 0;
  readonly passedByCheck: Record<string, number> = {};
  readonly resources = new Set<unknown>();
  /** Evidence paths waiting for a line, placed in one batch per object after all checks ran. */
  private readonly pending = new Map<K8sObject, Array<{ result: CheckResult; path: EvidencePath }>>();
  private readonly starts = new Map<K8sObject, Location | undefined>();
  private readonly recordPasses: boolean;

  constructor(
    private readonly inventory: InventoryView,
    private readonly policy: EnginePolicy,
  ) {
    this.recordPasses = policy.recordPasses !== false;
  }

  evaluateCheck(check: AnyCheck): void {
    const { inventory, policy } = this;
    const options = { ...(check.options ?? {}), ...(policy.options?.[check.id] ?? {}) };
    // A severity the user configured wins over one a check picks per finding.
    const configuredSeverity = policy.severity?.[check.id];
    const refs = policy.refs?.(check.id) ?? {};
    const clusterTarget: Target = { resource: { kind: 'Cluster', name: inventory.source.cluster ?? 'cluster' } };

    const emit = (target: Target, status: Status, message: string, failOptions: FailOptions, messageId?: string): void => {
      const object = failOptions.object ?? target.object;
      const result: CheckResult = {
        checkId: check.id,
        title: check.title,
        severity: configuredSeverity ?? failOptions.severity ?? check.severity,
        area: check.area,
        status,
        resource: target.resource,
        message,
        remediation: check.remediation,
        refs,
        fingerprint: fingerprint(check.id, target.resource, failOptions.container, failOptions.path),
      };
      if (messageId !== undefined) result.messageId = messageId;
      if (failOptions.container !== undefined) result.container = failOptions.container;
      if (failOptions.path) result.path = formatPath(failOptions.path);
      if (object) {
        const location = this.startOf(object);
        if (location) result.location = location;
        if (failOptions.path && failOptions.path.length > 0) {
          let waiting = this.pending.get(object);
          if (!waiting) this.pending.set(object, (waiting = []));
          waiting.push({ result, path: failOptions.path });
        }
      }
      if (failOptions.fix) result.fix = failOptions.fix;
      if (status === 'fail' && policy.waiverFor) {
        const waiver = policy.waiverFor({
          checkId: check.id,
          resource: target.resource,
          object: target.object,
          container: failOptions.container,
        });
        if (waiver) result.waived = waiver;
      }
      this.results.push(result);
    };

    let targets: Iterable<Target>;
    try {
      const missing = check.requires?.(inventory, options);
      if (missing) {
        emit(clusterTarget, 'not-evaluated', missing, {});
        return;
      }
      targets = check.targets(inventory, options) as Iterable<Target>;
    } catch (error) {
      emit(clusterTarget, 'error', crashMessage(error), {});
      return;
    }

    let reports: Report[] = [];
    const context: CheckContext = {
      inventory,
      options,
      fail(messageId, data, failOptions = {}) {
        reports.push({ status: 'fail', message: render(check.messages[messageId], data), messageId, options: failOptions });
      },
      notEvaluated(reason, failOptions = {}) {
        reports.push({ status: 'not-evaluated', message: reason, options: failOptions });
      },
    };
    const onIterationError = (error: unknown): void => emit(clusterTarget, 'error', crashMessage(error), {});
    for (const target of safeIterate(targets, onIterationError)) {
      this.resources.add(target.object ?? refKey(target.resource));
      try {
        check.evaluate(target, context);
      } catch (error) {
        reports = [];
        emit(target, 'error', crashMessage(error), {});
        continue;
      }
      if (reports.length === 0) {
        this.passed++;
        this.passedByCheck[check.id] = (this.passedByCheck[check.id] ?? 0) + 1;
        if (this.recordPasses) emit(target, 'pass', `${check.title}: passed`, {});
        continue;
      }
      for (const report of dedupe(reports)) emit(target, report.status, report.message, report.options, report.messageId);
      reports = [];
    }
  }

  private startOf(object: K8sObject): Location | undefined {
    if (this.starts.has(object)) return this.starts.get(object);
    const location = this.inventory.locate(object);
    this.starts.set(object, location);
    return location;
  }

  placeOnLines(): void {
    for (const [object, waiting] of this.pending) {
      const locations = this.inventory.locateAll(object, waiting.map((entry) => entry.path));
      waiting.forEach((entry, index) => {
        const location = locations[index];
        if (location) entry.result.location = location;
      });
    }
    this.pending.clear();
  }
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
  if (reports.length === 1) return reports;
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
  if (!template.includes('{{')) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match));
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
  const key = `${checkId}\u0000${refKey(resource)}\u0000${container ?? ''}\u0000${path ? formatPath(path) : ''}`;
  return hash('sha256', key, 'hex').slice(0, 32);
}

import type { Alert, AlertObject, AlertSubject, DetectionSource } from '../../model/index.js';
import type { AuditEvent, AuditStage, CloudTrailRecord, DetectInput } from '../events/index.js';
import { resolveField, renderTemplate } from './field-path.js';
import type { DetectionRule, RuleException } from './rule.js';

export interface EngineOptions {
  /**
   * Audit stages evaluated. Default ResponseComplete and Panic: one event per request, with the
   * response status, so a request logged at several stages alerts once.
   */
  stages?: readonly AuditStage[];
}

export interface EngineStats {
  events: number;
  /** Audit events of a stage not evaluated. */
  skippedStage: number;
  /** Condition evaluations (one per candidate rule per event). */
  evaluations: number;
  alerts: number;
  /** Matches dropped by an exception. */
  suppressed: number;
  /** Conditions that failed at run time (no alert for that rule and event). */
  errors: number;
  /** Per rule: how many run-time errors and the first message. */
  errorsByRule: Map<string, { count: number; first: string }>;
}

const ANY = '*';
const DEFAULT_STAGES: readonly AuditStage[] = ['ResponseComplete', 'Panic'];

/**
 * Evaluates events against rules. Rules are indexed by source and, for audit events, by
 * `verb|resource` from their `match` prefilter (`*` where a rule leaves one open); CloudTrail
 * rules by event name. An event is tested only against the rules of its buckets. Never throws
 * on an odd event.
 */
export class RuleEngine {
  readonly stats: EngineStats = { events: 0, skippedStage: 0, evaluations: 0, alerts: 0, suppressed: 0, errors: 0, errorsByRule: new Map() };
  private readonly audit = new Map<string, DetectionRule[]>();
  private readonly cloudtrail = new Map<string, DetectionRule[]>();
  private readonly stages: ReadonlySet<string>;

  constructor(
    readonly rules: readonly DetectionRule[],
    options: EngineOptions = {},
  ) {
    this.stages = new Set(options.stages ?? DEFAULT_STAGES);
    for (const rule of rules) {
      if (rule.source === 'k8s-audit') {
        for (const verb of rule.match?.verbs ?? [ANY]) for (const resource of rule.match?.resources ?? [ANY]) push(this.audit, `${verb}|${resource}`, rule);
      } else {
        for (const name of rule.match?.eventNames ?? [ANY]) push(this.cloudtrail, name, rule);
      }
    }
  }

  /** Alerts for one input as read by `readEvents`. */
  evaluate(input: DetectInput): Alert[] {
    return input.kind === 'k8s-audit' ? this.evaluateAudit(input.event) : this.evaluateCloudTrail(input.record);
  }

  evaluateAudit(event: AuditEvent): Alert[] {
    this.stats.events++;
    if (!this.stages.has(event.stage)) {
      this.stats.skippedStage++;
      return [];
    }
    const verb = String(event.verb);
    const resource = String(event.objectRef?.resource ?? '');
    const subresource = event.objectRef?.subresource ?? '';
    const alerts: Alert[] = [];
    for (const key of [`${verb}|${resource}`, `${verb}|${ANY}`, `${ANY}|${resource}`, `${ANY}|${ANY}`]) {
      const bucket = this.audit.get(key);
      if (!bucket) continue;
      for (const rule of bucket) {
        if (rule.match?.subresources && !rule.match.subresources.includes(subresource)) continue;
        if (this.matches(rule, event)) alerts.push(this.alert(rule, 'k8s-audit', event, auditSubject(event), auditObject(event), event.stageTimestamp ?? event.requestReceivedTimestamp, event.auditID));
      }
    }
    return alerts;
  }

  evaluateCloudTrail(record: CloudTrailRecord): Alert[] {
    this.stats.events++;
    const alerts: Alert[] = [];
    const name = String(record.eventName);
    for (const key of name === ANY ? [ANY] : [name, ANY]) {
      for (const rule of this.cloudtrail.get(key) ?? []) {
        if (this.matches(rule, record)) alerts.push(this.alert(rule, 'cloudtrail', record, cloudTrailSubject(record), cloudTrailObject(record), record.eventTime, record.eventID ?? record.requestID));
      }
    }
    return alerts;
  }

  private matches(rule: DetectionRule, event: object): boolean {
    this.stats.evaluations++;
    let result: unknown;
    try {
      result = rule.test(event);
    } catch (error) {
      this.stats.errors++;
      const entry = this.stats.errorsByRule.get(rule.id);
      if (entry) entry.count++;
      else this.stats.errorsByRule.set(rule.id, { count: 1, first: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) });
      return false;
    }
    if (result !== true) return false;
    if (rule.exceptions.some((exception) => excepted(exception, event))) {
      this.stats.suppressed++;
      return false;
    }
    return true;
  }

  private alert(rule: DetectionRule, source: DetectionSource, event: object, subject: AlertSubject, object: AlertObject, time: unknown, eventId: unknown): Alert {
    this.stats.alerts++;
    let output: string;
    try {
      output = renderTemplate(rule.outputParts, event);
    } catch {
      output = rule.title;
    }
    return {
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      mitre: rule.mitre,
      source,
      output,
      time: typeof time === 'string' ? time : '',
      subject,
      object,
      eventId: typeof eventId === 'string' ? eventId : '',
    };
  }
}

function push(index: Map<string, DetectionRule[]>, key: string, rule: DetectionRule): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(rule);
  else index.set(key, [rule]);
}

/** Whether the event's fields equal every value of one tuple (a list field matches by membership). */
export function excepted(exception: RuleException, event: unknown): boolean {
  const actual = exception.fields.map((field) => resolveField(event, field));
  return exception.values.some((tuple) =>
    tuple.every((expected, i) => {
      const value = actual[i];
      return Array.isArray(value) ? value.some((item) => scalarText(item) === expected) : scalarText(value) === expected;
    }),
  );
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function auditSubject(event: AuditEvent): AlertSubject {
  return compact({
    name: str(event.user?.username) ?? '<none>',
    groups: strings(event.user?.groups),
    sourceIPs: strings(event.sourceIPs),
    userAgent: str(event.userAgent),
    impersonated: str(event.impersonatedUser?.username),
  });
}

function auditObject(event: AuditEvent): AlertObject {
  const ref = event.objectRef ?? {};
  return compact({ resource: str(ref.resource), subresource: str(ref.subresource), namespace: str(ref.namespace), name: str(ref.name), apiGroup: str(ref.apiGroup) });
}

function cloudTrailSubject(record: CloudTrailRecord): AlertSubject {
  const identity = record.userIdentity ?? {};
  return compact({
    name: str(identity.arn) ?? str(identity.principalId) ?? str(identity.userName) ?? str(identity.invokedBy) ?? '<none>',
    type: str(identity.type),
    accountId: str(identity.accountId),
    sourceIPs: typeof record.sourceIPAddress === 'string' && record.sourceIPAddress !== '' ? [record.sourceIPAddress] : undefined,
    userAgent: str(record.userAgent),
  });
}

function cloudTrailObject(record: CloudTrailRecord): AlertObject {
  const params = record.requestParameters ?? {};
  const name = str(params.clusterName) ?? str(params.name);
  const arn = Array.isArray(record.resources) ? str(record.resources[0]?.ARN) : undefined;
  return compact({ resource: str(record.eventSource), name, arn });
}

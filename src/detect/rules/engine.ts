import type { Alert, AlertObject, AlertSubject, AlertThreshold, DetectionSource } from '../../model/index.js';
import type { AuditEvent, AuditStage, CloudTrailRecord, DetectInput } from '../events/index.js';
import { resolveField, renderTemplate } from './field-path.js';
import type { DetectionRule, RuleException } from './rule.js';
import { DEFAULT_MAX_KEYS, ThresholdWindows } from './threshold-window.js';

export interface EngineOptions {
  /**
   * Audit stages evaluated. Default ResponseComplete and Panic: one event per request, with the
   * response status, so a request logged at several stages alerts once.
   */
  stages?: readonly AuditStage[];
  /** Keys each threshold rule keeps (least recently used evicted beyond it). Default 10,000. */
  maxThresholdKeys?: number;
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
  /** Matches of threshold rules counted in a window without (yet) alerting. */
  belowThreshold: number;
  /** Threshold-rule keys dropped to keep memory bounded. */
  thresholdKeysEvicted: number;
  /** Per rule: how many run-time errors and the first message. */
  errorsByRule: Map<string, { count: number; first: string }>;
}

const ANY = '*';
/** Distinct `verb|resource` pairs whose candidate rules are kept (a real cluster has a few hundred). */
const MAX_CACHED_CANDIDATES = 4_096;
const DEFAULT_STAGES: readonly AuditStage[] = ['ResponseComplete', 'Panic'];

/**
 * Evaluates events against rules. Rules are indexed by source and, for audit events, by
 * `verb|resource` from their `match` prefilter (`*` where a rule leaves one open); CloudTrail
 * rules by event name. An event is tested only against the rules of its buckets. Never throws
 * on an odd event.
 */
export class RuleEngine {
  readonly stats: EngineStats = { events: 0, skippedStage: 0, evaluations: 0, alerts: 0, suppressed: 0, errors: 0, belowThreshold: 0, thresholdKeysEvicted: 0, errorsByRule: new Map() };
  private readonly audit = new Map<string, DetectionRule[]>();
  private readonly cloudtrail = new Map<string, DetectionRule[]>();
  private readonly stages: ReadonlySet<string>;
  private readonly windows = new Map<DetectionRule, ThresholdWindows>();
  /** `verb|resource` → the rules of its four buckets in evaluation order; bounded, as both come from input. */
  private readonly candidates = new Map<string, DetectionRule[]>();
  /** Time of the latest event that had one: events without a time count at it in threshold windows. */
  private lastTimeMs = 0;

  constructor(
    readonly rules: readonly DetectionRule[],
    options: EngineOptions = {},
  ) {
    this.stages = new Set(options.stages ?? DEFAULT_STAGES);
    for (const rule of rules) {
      if (rule.threshold) this.windows.set(rule, new ThresholdWindows(rule.threshold, options.maxThresholdKeys ?? DEFAULT_MAX_KEYS));
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
    for (const rule of this.auditCandidates(verb, resource)) {
      if (rule.match?.subresources && !rule.match.subresources.includes(subresource)) continue;
      if (this.matches(rule, event)) this.raise(alerts, rule, 'k8s-audit', event, event.stageTimestamp ?? event.requestReceivedTimestamp, event.auditID);
    }
    return alerts;
  }

  private auditCandidates(verb: string, resource: string): DetectionRule[] {
    const key = `${verb}|${resource}`;
    const cached = this.candidates.get(key);
    if (cached) return cached;
    const rules: DetectionRule[] = [];
    for (const bucket of [key, `${verb}|${ANY}`, `${ANY}|${resource}`, `${ANY}|${ANY}`]) rules.push(...(this.audit.get(bucket) ?? []));
    if (this.candidates.size < MAX_CACHED_CANDIDATES) this.candidates.set(key, rules);
    return rules;
  }

  evaluateCloudTrail(record: CloudTrailRecord): Alert[] {
    this.stats.events++;
    const alerts: Alert[] = [];
    const name = String(record.eventName);
    for (const key of name === ANY ? [ANY] : [name, ANY]) {
      for (const rule of this.cloudtrail.get(key) ?? []) {
        if (this.matches(rule, record)) this.raise(alerts, rule, 'cloudtrail', record, record.eventTime, record.eventID ?? record.requestID);
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

  /** Adds the rule's alert for a matching event; a threshold rule only when its window fills. */
  private raise(alerts: Alert[], rule: DetectionRule, source: DetectionSource, event: object, time: unknown, eventId: unknown): void {
    const timeText = typeof time === 'string' ? time : '';
    let threshold: AlertThreshold | undefined;
    const windows = this.windows.get(rule);
    if (windows && rule.threshold) {
      const parsed = Date.parse(timeText);
      if (Number.isFinite(parsed)) this.lastTimeMs = Math.max(this.lastTimeMs, parsed);
      const evictedBefore = windows.evicted;
      const hit = windows.observe(event, Number.isFinite(parsed) ? parsed : this.lastTimeMs);
      this.stats.thresholdKeysEvicted += windows.evicted - evictedBefore;
      if (!hit) {
        this.stats.belowThreshold++;
        return;
      }
      const key = Object.fromEntries(rule.threshold.by.map((path, i) => [path.join('.'), hit.key[i] ?? '']));
      threshold = { count: hit.count, windowSeconds: rule.threshold.windowMs / 1000, key, since: new Date(hit.firstMs).toISOString() };
    }
    this.stats.alerts++;
    let output: string;
    try {
      output = renderTemplate(rule.outputParts, event);
    } catch {
      output = rule.title;
    }
    const k8s = source === 'k8s-audit';
    alerts.push({
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      mitre: rule.mitre,
      source,
      output: threshold ? `${output} (${threshold.count} in ${formatWindow(threshold.windowSeconds)})` : output,
      time: timeText,
      subject: k8s ? auditSubject(event as AuditEvent) : cloudTrailSubject(event as CloudTrailRecord),
      object: k8s ? auditObject(event as AuditEvent) : cloudTrailObject(event as CloudTrailRecord),
      eventId: typeof eventId === 'string' ? eventId : '',
      ...(threshold ? { threshold } : {}),
    });
  }
}

function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
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

/**
 * Alerts in, decisions out: for each playbook that matches an alert and each of its actions, plan
 * (GETs only), pass the guardrails, then record the plan (dry run) or send it (apply). Every
 * decision becomes a trail record. Alerts are answered one at a time, in order, so the rate limit
 * and the dedup window see actions in the order they were taken.
 */
import type { Alert } from '../../model/index.js';
import { KubeRequestError, type ActionContext, type ActionKind, type ActionSpec, type KubeClient, type Notifier, type PlannedAction, type ResponseAction } from '../actions/types.js';
import { matchingPlaybooks } from '../playbooks/match.js';
import type { Playbook, PlaybookSet } from '../playbooks/types.js';
import { actionIdGenerator } from './action-id.js';
import { ActionDedup, namespaceGuard, namespacesOf, RateLimiter, replicasGuard, type Refusal } from './guardrails.js';
import { targetText, type ActionRecord, type TrailAlert, type TrailError, type TrailStore } from './trail-record.js';

export interface ResponderOptions {
  playbooks: PlaybookSet;
  actions: Record<ActionKind, ResponseAction>;
  client: KubeClient;
  notifiers: Record<string, Notifier>;
  /** Dry run (the default everywhere) plans and records; only `apply` writes. */
  mode: 'dry-run' | 'apply';
  trail: TrailStore;
  now?: () => number;
  newId?: () => string;
}

export interface ResponderStats {
  alerts: number;
  matched: number;
  outcomes: Record<ActionRecord['outcome'], number>;
}

export class Responder {
  readonly stats: ResponderStats = { alerts: 0, matched: 0, outcomes: { applied: 0, planned: 0, refused: 0, skipped: 0, failed: 0 } };
  private readonly dedup: ActionDedup;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly newId: () => string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ResponderOptions) {
    const { guardrails } = options.playbooks;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? actionIdGenerator(this.now);
    this.dedup = new ActionDedup(guardrails.dedupWindowMs);
    this.limiter = new RateLimiter(guardrails.rateLimit.actions, guardrails.rateLimit.perMs);
    this.remember(options.trail.records());
  }

  /** Answers one alert; resolves to its records once every action is decided (and, with apply, sent). */
  respond(alert: Alert): Promise<ActionRecord[]> {
    const next = this.queue.then(() => this.answer(alert));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every alert handed to `respond` so far is answered. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /**
   * Actions applied in earlier runs count against this run's dedup window and rate limit: a
   * restarted `detect --respond` must not redo what the trail shows was just done.
   */
  private remember(records: ReturnType<TrailStore['records']>): void {
    const horizon = this.now() - Math.max(this.options.playbooks.guardrails.dedupWindowMs, this.options.playbooks.guardrails.rateLimit.perMs);
    // An action that was undone no longer stands in the way of doing it again.
    const undone = new Set(records.flatMap((record) => (record.type === 'undo' && record.outcome === 'applied' ? [record.undoes] : [])));
    // A failed apply took its token too (its writes were sent, some may have landed).
    const sent = records
      .filter((record): record is ActionRecord => record.type === 'action' && record.mode === 'applied' && (record.outcome === 'applied' || (record.outcome === 'failed' && record.requests !== undefined)))
      .map((record) => ({ record, time: Date.parse(record.time) }))
      .filter(({ time }) => Number.isFinite(time) && time >= horizon)
      .sort((a, b) => a.time - b.time);
    for (const { record, time } of sent) {
      if (record.outcome === 'applied' && record.target && !undone.has(record.id)) this.dedup.remember(dedupKey(record.action, record.target, record.alert), time);
      if ((record.requests?.length ?? 0) > 0) this.limiter.take(time);
    }
  }

  private async answer(alert: Alert): Promise<ActionRecord[]> {
    this.stats.alerts++;
    const playbooks = matchingPlaybooks(this.options.playbooks.playbooks, alert);
    if (playbooks.length > 0) this.stats.matched++;
    const records: ActionRecord[] = [];
    for (const playbook of playbooks) {
      for (const spec of playbook.actions) {
        const record = await this.decide(alert, playbook, spec);
        this.stats.outcomes[record.outcome]++;
        await this.options.trail.append(record);
        records.push(record);
      }
    }
    return records;
  }

  private async decide(alert: Alert, playbook: Playbook, spec: ActionSpec): Promise<ActionRecord> {
    const id = this.newId();
    const dryRun = this.options.mode === 'dry-run';
    const base: ActionRecord = {
      type: 'action',
      id,
      time: new Date(this.now()).toISOString(),
      mode: dryRun ? 'dry-run' : 'applied',
      outcome: 'skipped',
      alert: trailAlert(alert),
      playbook: playbook.name,
      action: spec.action,
    };
    const action = this.options.actions[spec.action];
    const context: ActionContext = { client: this.options.client, notifiers: this.options.notifiers, actionId: id };
    let plan: PlannedAction;
    try {
      const planned = await action.plan(alert, spec, context);
      if ('skipped' in planned) return { ...base, outcome: 'skipped', reason: planned.skipped, ...(planned.target ? { target: planned.target } : {}) };
      plan = planned;
    } catch (error) {
      return { ...base, outcome: 'failed', reason: `planning failed: ${errorText(error)}`, error: trailError(error) };
    }
    const planned: ActionRecord = { ...base, target: plan.target, description: plan.description, before: plan.before, requests: plan.requests, undo: plan.undo };
    const refusal = this.guard(alert, playbook, spec, plan);
    if (refusal) return { ...planned, outcome: refusal.guardrail === 'dedup-window' ? 'skipped' : 'refused', reason: refusal.reason, guardrail: refusal.guardrail };
    const key = dedupKey(spec.action, plan.target, alert);
    if (dryRun) {
      // A dry run shows what apply would do, so its own plans count as done within the run.
      this.dedup.remember(key, this.now());
      return { ...planned, outcome: 'planned' };
    }
    try {
      const after = await action.apply(plan, context);
      this.dedup.remember(key, this.now());
      return { ...planned, outcome: 'applied', after };
    } catch (error) {
      return { ...planned, outcome: 'failed', reason: errorText(error), error: trailError(error) };
    }
  }

  /**
   * Namespace and replica guardrails apply to changes to the cluster; a notification (no
   * requests) is never refused for the namespace it is about, only deduplicated.
   */
  private guard(alert: Alert, playbook: Playbook, spec: ActionSpec, plan: PlannedAction): Refusal | undefined {
    const { guardrails } = this.options.playbooks;
    const writes = plan.requests.length > 0;
    if (writes) {
      const refusal = namespaceGuard(playbook, guardrails, namespacesOf(plan, alert)) ?? replicasGuard(playbook, guardrails, plan);
      if (refusal) return refusal;
    }
    const now = this.now();
    const previous = this.dedup.previous(dedupKey(spec.action, plan.target, alert), now);
    if (previous !== undefined) {
      return { guardrail: 'dedup-window', reason: `duplicate: ${spec.action} ${targetText(plan.target)} was already done at ${new Date(previous).toISOString()} (dedupWindow ${guardrails.dedupWindow})` };
    }
    if (writes && !this.limiter.take(now)) {
      const wait = Math.ceil(this.limiter.waitMs(now) / 1000);
      return { guardrail: 'rate-limit', reason: `rate limit of ${guardrails.rateLimit.actions} action(s) per ${guardrails.rateLimit.per} reached (next in ${wait} s); not queued` };
    }
    return undefined;
  }
}

/**
 * The same action on the same object is one action. A notification goes to a notifier about an
 * alert, so its key is the rule and the alert's object: two rules, or one rule on two pods, are
 * two messages.
 */
function dedupKey(action: ActionKind, target: PlannedAction['target'], alert: Pick<Alert, 'ruleId' | 'object'>): string {
  const object = `${target.apiVersion}|${target.kind}|${target.namespace ?? ''}|${target.name}`;
  if (action !== 'notify') return `${action}|${object}`;
  const about = alert.object;
  return `${action}|${object}|${alert.ruleId}|${about.resource ?? ''}|${about.namespace ?? ''}|${about.name ?? ''}|${about.arn ?? ''}`;
}

function trailAlert(alert: Alert): TrailAlert {
  return { ruleId: alert.ruleId, eventId: alert.eventId, severity: alert.severity, subject: alert.subject, object: alert.object };
}

export function errorText(error: unknown): string {
  if (error instanceof KubeRequestError) return `${error.request.method} ${error.request.path}: ${error.status}${error.reason ? ` ${error.reason}` : ''}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export function trailError(error: unknown): TrailError {
  if (error instanceof KubeRequestError) return { status: error.status, ...(error.reason ? { reason: error.reason } : {}), message: error.message, request: error.request };
  return { message: error instanceof Error ? error.message : String(error) };
}

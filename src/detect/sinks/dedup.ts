import { createHash } from 'node:crypto';
import type { Alert } from '../../model/index.js';

export const DEFAULT_DEDUP_WINDOW_MS = 10 * 60 * 1000;
/** Keys remembered at most; past it the least recently emitted is forgotten (≈150 bytes a key). */
export const DEFAULT_DEDUP_MAX_KEYS = 100_000;

/**
 * What makes two alerts "the same": the rule, who acted (user, impersonated user, source
 * addresses), on what (every object field) and the rule's rendered output. So the same audit
 * event delivered twice, or a client repeating the same request, collapses, while two different
 * attacks stay apart: another pod, another command in the output, another source address (the
 * same credentials used from somewhere else is exactly what must not be hidden), or another
 * rule. Time and event id are left out on purpose: repeats differ in both. The key is hashed so
 * a long rendered output costs no more memory than a short one.
 */
export function dedupKey(alert: Alert): string {
  const { subject, object } = alert;
  const parts = [
    alert.ruleId,
    alert.source,
    subject.name,
    subject.impersonated ?? '',
    [...(subject.sourceIPs ?? [])].sort().join(','),
    object.apiGroup ?? '',
    object.resource ?? '',
    object.subresource ?? '',
    object.namespace ?? '',
    object.name ?? '',
    object.arn ?? '',
    alert.output,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export interface DedupStats {
  emitted: number;
  suppressed: number;
  /** Suppressed alerts by rule id, for the summary. */
  suppressedByRule: Map<string, number>;
  /** Keys forgotten because the cap was reached (a repeat of one is emitted again). */
  evicted: number;
}

/**
 * Suppresses an alert equal (by `dedupKey`) to one emitted less than `windowMs` before it. The
 * window is fixed, opened by the emitted alert: an action repeated all day yields one alert per
 * window, a reminder, instead of one alert ever. Time comes from the alert (its event time), so
 * replaying the same files gives the same result whatever the wall clock; alerts without a time
 * use `now`. Events arrive slightly out of order (several audit streams), so distance in either
 * direction counts.
 */
export class AlertDeduplicator {
  readonly stats: DedupStats = { emitted: 0, suppressed: 0, suppressedByRule: new Map(), evicted: 0 };
  /** Key → when its window opened (ms). */
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: { windowMs?: number; maxKeys?: number; now?: () => number } = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_DEDUP_WINDOW_MS;
    this.maxKeys = Math.max(1, options.maxKeys ?? DEFAULT_DEDUP_MAX_KEYS);
    this.now = options.now ?? Date.now;
  }

  /** True when the alert should go to the sinks; false when it repeats one inside the window (then it is counted). */
  admit(alert: Alert): boolean {
    if (this.windowMs <= 0) {
      this.stats.emitted++;
      return true;
    }
    const key = dedupKey(alert);
    const parsed = alert.time ? Date.parse(alert.time) : Number.NaN;
    const time = Number.isNaN(parsed) ? this.now() : parsed;
    const since = this.seen.get(key);
    if (since !== undefined && Math.abs(time - since) < this.windowMs) {
      this.stats.suppressed++;
      this.stats.suppressedByRule.set(alert.ruleId, (this.stats.suppressedByRule.get(alert.ruleId) ?? 0) + 1);
      return false;
    }
    // Re-inserting moves the key to the end: Map order is then least recently emitted first.
    this.seen.delete(key);
    this.seen.set(key, time);
    if (this.seen.size > this.maxKeys) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
      this.stats.evicted++;
    }
    this.stats.emitted++;
    return true;
  }

  /**
   * Takes back an admission whose alert was never delivered (its batch failed and will be read
   * again): without it the replayed alert would be dropped as a repeat of itself.
   */
  forget(alert: Alert): void {
    const key = dedupKey(alert);
    const parsed = alert.time ? Date.parse(alert.time) : Number.NaN;
    if (!Number.isNaN(parsed) && this.seen.get(key) !== parsed) return;
    if (this.seen.delete(key)) this.stats.emitted--;
  }
}

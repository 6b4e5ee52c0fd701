import { resolveField, type FieldPath } from './field-path.js';

/**
 * A stateful rule's threshold: the rule alerts when `count` matching events (or `count` distinct
 * values of `distinct`) share a key (`by`) within `windowMs`.
 */
export interface RuleThreshold {
  count: number;
  windowMs: number;
  /** Fields whose values form the key (e.g. `user.username`); empty = one key for all events. */
  by: FieldPath[];
  /** When given, distinct values of this field are counted instead of events. */
  distinct?: FieldPath;
}

/** What a window reports when it fires. */
export interface ThresholdHit {
  /** Events (or distinct values) in the window when it fired. */
  count: number;
  /** The key's values, in `by` order. */
  key: string[];
  /** Time of the first counted event in the window (ms since the epoch). */
  firstMs: number;
}

interface KeyWindow {
  /** Times of the counted events, oldest first (one per distinct value when `distinct`). */
  times: number[];
  /** For `distinct`: value → time last seen. */
  values?: Map<string, number>;
  /** After firing, the key is quiet until this time so one burst alerts once. */
  quietUntil: number;
}

/** Keys kept per rule by default; the least recently used key is dropped beyond it. */
export const DEFAULT_MAX_KEYS = 10_000;

/**
 * Sliding windows of one stateful rule, one per key. Memory is bounded: at most `maxKeys` keys
 * (least recently used evicted first) and at most `count` times or values per key, so a flood of
 * distinct users or objects cannot grow it. Times come from the events, so a replayed log gives
 * the same alerts; events out of order by less than the window are counted as if in order.
 */
export class ThresholdWindows {
  private readonly windows = new Map<string, KeyWindow>();
  /** Keys dropped because `maxKeys` was reached. */
  evicted = 0;

  constructor(
    readonly threshold: RuleThreshold,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  /** Counts one matching event; returns the hit when this event makes the key reach the threshold. */
  observe(event: unknown, timeMs: number): ThresholdHit | undefined {
    const { count, windowMs, by, distinct } = this.threshold;
    const keyValues = by.map((path) => keyText(resolveField(event, path)));
    const key = keyValues.join('\u0000');
    let window = this.windows.get(key);
    if (window) {
      // Re-insert so Map order is least recently used first.
      this.windows.delete(key);
    } else {
      window = { times: [], quietUntil: -Infinity, ...(distinct ? { values: new Map<string, number>() } : {}) };
      if (this.windows.size >= this.maxKeys) this.evictOldest();
    }
    this.windows.set(key, window);
    if (timeMs < window.quietUntil) return undefined;

    const horizon = timeMs - windowMs;
    if (window.values && distinct) {
      const value = keyText(resolveField(event, distinct));
      window.values.delete(value);
      window.values.set(value, timeMs);
      for (const [seen, at] of window.values) {
        if (at > horizon && window.values.size <= count) break;
        window.values.delete(seen);
      }
      window.times = [...window.values.values()];
    } else {
      window.times.push(timeMs);
      while (window.times.length > 0 && ((window.times[0] ?? 0) <= horizon || window.times.length > count)) window.times.shift();
    }
    if (window.times.length < count) return undefined;
    const firstMs = Math.min(...window.times);
    window.times = [];
    window.values?.clear();
    window.quietUntil = timeMs + windowMs;
    return { count, key: keyValues, firstMs };
  }

  private evictOldest(): void {
    const oldest = this.windows.keys().next();
    if (!oldest.done) {
      this.windows.delete(oldest.value);
      this.evicted++;
    }
  }
}

function keyText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** `60s`, `5m`, `1h`, `500ms` → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

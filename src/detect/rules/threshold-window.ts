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
  /** Times of the counted events, ascending, all within one window of `newest`. */
  times: number[];
  /** For `distinct`: value → the latest time it was seen (within one window of `newest`). */
  values?: Map<string, number>;
  /** Latest event time seen for the key. */
  newest: number;
  /** After firing, the key is quiet until this time so one burst alerts once. */
  quietUntil: number;
}

/** Keys kept per rule by default; the least recently used key is dropped beyond it. */
export const DEFAULT_MAX_KEYS = 10_000;
/** Times and values kept per rule, over all keys; least recently used keys are dropped beyond it. */
export const DEFAULT_MAX_ENTRIES = 1_000_000;

/**
 * Sliding windows of one stateful rule, one per key. Events may arrive out of order (several
 * audit streams, CloudTrail files of several regions): each key keeps only what lies within one
 * window of the latest event seen for it, so the events it counts always fit in one window, and
 * an event older than that is not counted (a late event can be missed, a burst is never made up).
 * Memory is bounded: at most `maxKeys` keys and `maxEntries` times or values in all (least
 * recently used keys evicted first); a key holds fewer than `count` entries between firings.
 * Times come from the events, so a replayed log gives the same alerts.
 */
export class ThresholdWindows {
  private readonly windows = new Map<string, KeyWindow>();
  private entries = 0;
  /** Keys dropped to keep memory bounded. */
  evicted = 0;
  /** Events older than a window before the latest one of their key, not counted. */
  late = 0;

  constructor(
    readonly threshold: RuleThreshold,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  /** Times and values held over all keys. */
  get entryCount(): number {
    return this.entries;
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
      window = { times: [], newest: timeMs, quietUntil: -Infinity, ...(distinct ? { values: new Map<string, number>() } : {}) };
      while (this.windows.size >= this.maxKeys) this.evictOldest();
    }
    this.windows.set(key, window);
    if (timeMs < window.quietUntil) return undefined;
    if (timeMs <= window.newest - windowMs) {
      this.late++;
      return undefined;
    }
    window.newest = Math.max(window.newest, timeMs);
    const horizon = window.newest - windowMs;
    const before = this.sizeOf(window);
    if (window.values && distinct) {
      const value = keyText(resolveField(event, distinct));
      window.values.set(value, Math.max(window.values.get(value) ?? -Infinity, timeMs));
      for (const [seen, at] of window.values) if (at <= horizon) window.values.delete(seen);
    } else {
      insertSorted(window.times, timeMs);
      let stale = 0;
      while (stale < window.times.length && (window.times[stale] as number) <= horizon) stale++;
      if (stale > 0) window.times.splice(0, stale);
    }
    this.entries += this.sizeOf(window) - before;
    const size = this.sizeOf(window);
    if (size < count) {
      while (this.entries > this.maxEntries && this.windows.size > 1) this.evictOldest();
      return undefined;
    }
    const firstMs = window.values ? Math.min(...window.values.values()) : (window.times[0] as number);
    this.entries -= size;
    window.times = [];
    window.values?.clear();
    window.quietUntil = window.newest + windowMs;
    return { count, key: keyValues, firstMs };
  }

  private sizeOf(window: KeyWindow): number {
    return window.values ? window.values.size : window.times.length;
  }

  private evictOldest(): void {
    const oldest = this.windows.entries().next();
    if (oldest.done) return;
    this.windows.delete(oldest.value[0]);
    this.entries -= this.sizeOf(oldest.value[1]);
    this.evicted++;
  }
}

/** Inserts into an ascending list; events mostly arrive in order, so the search starts at the end. */
function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as number) > value) i--;
  list.splice(i, 0, value);
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

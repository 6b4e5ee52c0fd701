/**
 * Where follow mode stands in a CloudWatch Logs log group, and what it may checkpoint.
 *
 * FilterLogEvents filters on the event's own timestamp, not on when CloudWatch received it, and
 * events are not visible the moment they are written: ingestion lags by seconds to minutes, and
 * each API server instance writes its own stream, so an event stamped 12:00:00 can become visible
 * after one stamped 12:00:05 was already read. A plain "continue after the last timestamp" cursor
 * would miss such late events; "continue at the last timestamp" would repeat ties. Instead:
 *
 * - Queries reach back before the newest timestamp read so far, and events whose id was already
 *   handed out are dropped. Most polls reach back only `overlapMs` (a few poll intervals: cheap,
 *   it catches the usual seconds of ingestion lag); every few polls a sweep reaches back the whole
 *   `lookbackMs`, so an event up to `lookbackMs` late (in event time) is still caught, at the
 *   latest one sweep interval after it became visible; one later than that is missed, so
 *   `lookbackMs` must exceed the worst ingestion delay. Re-reading the whole lookback every poll
 *   would cost about 150 pages a poll on a cluster logging 500 events/s, against a FilterLogEvents
 *   quota of 5 requests/s per account and region.
 * - The persisted state is `(watermark, seenFrom, seen)`: `seen` holds a key (see `eventKey`) and
 *   the timestamp of every acknowledged event (its batch's `done()` was called) at or after
 *   `seenFrom`; the watermark is the newest timestamp before which every event read so far was
 *   acknowledged. It stays below any event handed out but not acknowledged yet, so a crash before
 *   `done()` replays that event, while acknowledged ones are found in `seen` and dropped: nothing
 *   lost, nothing repeated. It may rise to the newest acknowledged timestamp because
 *   FilterLogEvents pages are in ascending timestamp order: what a query has not returned yet is
 *   no older than what it has. `seen` is pruned below `seenFrom = watermark − lookbackMs`, which
 *   keeps it bounded by the events of one lookback window; it is kept in timestamp order, so
 *   pruning drops entries from its front instead of walking all of it.
 * - No query ever starts before `seenFrom` (ids older than it were pruned, so they could not be
 *   recognised); if `lookbackMs` grows between runs, the first queries look back less far.
 * - Batches may be acknowledged in any order. A batch abandoned with `done(error)` is not
 *   acknowledged: its events become new again, the next query reaches back to them and hands them
 *   out again, and until they are acknowledged the watermark cannot pass them.
 */
import { createHash } from 'node:crypto';

/** An acknowledged event as the state keeps it. */
export type SeenEntry = readonly [timestamp: number, key: string];

export interface CursorState {
  /** Every event read with a timestamp (ms) at or before this was acknowledged. */
  watermark: number;
  /** `seen` holds every acknowledged event at or after this timestamp (ms). */
  seenFrom: number;
  /** Acknowledged events at or after `seenFrom`, in ascending timestamp order. */
  seen: readonly SeenEntry[];
}

/** An event handed out in a batch: its key and timestamp. */
export type CursorEntry = readonly [key: string, timestamp: number];

const KEY_CHARS = 16;

/**
 * The key an event is remembered by: 96 bits of the SHA-256 of its eventId (16 characters instead
 * of 56 digits). A collision would need about 2^48 events in one lookback window.
 */
export function eventKey(eventId: string): string {
  return createHash('sha256').update(eventId).digest('base64url').slice(0, KEY_CHARS);
}

function minimum(values: Iterable<number>): number {
  let least = Infinity;
  for (const value of values) if (value < least) least = value;
  return least;
}

/**
 * Keys with their timestamps, in timestamp order: acknowledgements mostly arrive in time order
 * and are appended; the rare older ones (late events, a batch acknowledged after a newer one) are
 * merged in. Pruning advances a start index and compacts now and then.
 */
class TimeOrderedKeys {
  private times: number[] = [];
  private keys: string[] = [];
  private start = 0;
  private readonly members = new Set<string>();

  constructor(entries: readonly SeenEntry[]) {
    this.add(entries.map(([timestamp, key]) => [key, timestamp]));
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  add(entries: readonly CursorEntry[]): void {
    const fresh = entries.filter(([key]) => !this.members.has(key)).sort((a, b) => a[1] - b[1]);
    if (fresh.length === 0) return;
    for (const [key] of fresh) this.members.add(key);
    const newest = this.times.length > this.start ? this.times[this.times.length - 1]! : -Infinity;
    if (fresh[0]![1] >= newest) {
      for (const [key, timestamp] of fresh) {
        this.times.push(timestamp);
        this.keys.push(key);
      }
      return;
    }
    const times: number[] = [];
    const keys: string[] = [];
    let index = this.start;
    for (const [key, timestamp] of fresh) {
      while (index < this.times.length && this.times[index]! <= timestamp) {
        times.push(this.times[index]!);
        keys.push(this.keys[index++]!);
      }
      times.push(timestamp);
      keys.push(key);
    }
    this.times = times.concat(this.times.slice(index));
    this.keys = keys.concat(this.keys.slice(index));
    this.start = 0;
  }

  /** Forgets every key older than `timestamp`. */
  pruneBefore(timestamp: number): void {
    while (this.start < this.times.length && this.times[this.start]! < timestamp) this.members.delete(this.keys[this.start++]!);
    if (this.start > 1024 && this.start * 2 > this.times.length) {
      this.times = this.times.slice(this.start);
      this.keys = this.keys.slice(this.start);
      this.start = 0;
    }
  }

  entries(): SeenEntry[] {
    const entries: SeenEntry[] = [];
    for (let index = this.start; index < this.times.length; index++) entries.push([this.times[index]!, this.keys[index]!]);
    return entries;
  }
}

export class LogCursor {
  private watermark: number;
  private seenFrom: number;
  private readonly acknowledged: TimeOrderedKeys;
  private readonly inFlight = new Map<string, number>();
  private readonly abandoned = new Map<string, number>();
  private newestAcknowledged: number;
  private newestRead: number;

  /** `overlapMs` is how far an ordinary poll reaches back; a sweep reaches back `lookbackMs`. */
  constructor(
    state: CursorState,
    private readonly lookbackMs: number,
    private readonly overlapMs = lookbackMs,
  ) {
    this.watermark = state.watermark;
    this.seenFrom = state.seenFrom;
    this.acknowledged = new TimeOrderedKeys(state.seen);
    // Not the newest entry in `seen`: an unacknowledged event may lie between the watermark and
    // it, and it must be read again before the watermark may pass it.
    this.newestAcknowledged = state.watermark;
    this.newestRead = state.watermark;
  }

  /** Starting state without a checkpoint: the `lookbackMs` before `now` are read. */
  static fresh(now: number, lookbackMs: number): CursorState {
    return { watermark: now, seenFrom: Math.max(0, now - lookbackMs), seen: [] };
  }

  /** The `startTime` of the next query: a sweep reaches back the whole lookback, a poll the overlap. */
  queryStart(sweep = true): number {
    const reach = sweep ? this.lookbackMs : Math.min(this.overlapMs, this.lookbackMs);
    return Math.max(this.seenFrom, Math.min(this.newestRead - reach, minimum(this.abandoned.values())));
  }

  /** Notes an event a query returned; true when it is new and is now handed out. */
  take(key: string, timestamp: number): boolean {
    if (timestamp > this.newestRead) this.newestRead = timestamp;
    if (this.acknowledged.has(key) || this.inFlight.has(key)) return false;
    this.abandoned.delete(key);
    this.inFlight.set(key, timestamp);
    return true;
  }

  acknowledge(entries: readonly CursorEntry[]): void {
    for (const [key, timestamp] of entries) {
      this.inFlight.delete(key);
      this.abandoned.delete(key);
      if (timestamp > this.newestAcknowledged) this.newestAcknowledged = timestamp;
    }
    this.acknowledged.add(entries);
    const oldestOpen = Math.min(minimum(this.inFlight.values()), minimum(this.abandoned.values()));
    this.watermark = Math.max(this.watermark, Math.min(this.newestAcknowledged, oldestOpen - 1));
    const seenFrom = Math.max(this.seenFrom, this.watermark - this.lookbackMs);
    if (seenFrom > this.seenFrom) {
      this.seenFrom = seenFrom;
      this.acknowledged.pruneBefore(seenFrom);
    }
  }

  abandon(entries: readonly CursorEntry[]): void {
    for (const [key, timestamp] of entries) {
      if (!this.inFlight.delete(key)) continue;
      this.abandoned.set(key, timestamp);
    }
  }

  state(): CursorState {
    return { watermark: this.watermark, seenFrom: this.seenFrom, seen: this.acknowledged.entries() };
  }
}

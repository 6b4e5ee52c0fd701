/**
 * Where follow mode stands in a CloudWatch Logs log group, and what it may checkpoint.
 *
 * FilterLogEvents filters on the event's own timestamp, not on when CloudWatch received it, and
 * events are not visible the moment they are written: ingestion lags by seconds to minutes, and
 * each API server instance writes its own stream, so an event stamped 12:00:00 can become visible
 * after one stamped 12:00:05 was already read. A plain "continue after the last timestamp" cursor
 * would miss such late events; "continue at the last timestamp" would repeat ties. Instead:
 *
 * - Every query starts `lookbackMs` before the newest timestamp read so far, and events whose
 *   eventId was already handed out are dropped. An event arriving up to `lookbackMs` late (in event
 *   time) is still caught; one later than that is missed, so `lookbackMs` must exceed the worst
 *   ingestion delay. The price is that each poll re-reads the last `lookbackMs` of events.
 * - The persisted state is `(watermark, seenFrom, seen)`: `seen` holds the eventId → timestamp of
 *   every acknowledged event (its batch's `done()` was called) at or after `seenFrom`; the
 *   watermark is the newest timestamp before which every event read so far was acknowledged. It
 *   stays below any event handed out but not acknowledged yet, so a crash before `done()` replays
 *   that event, while acknowledged ones are found in `seen` and dropped: nothing lost, nothing
 *   repeated. It may rise to the newest acknowledged timestamp because FilterLogEvents pages are in
 *   ascending timestamp order: what a query has not returned yet is no older than what it has. `seen` is pruned below `seenFrom = watermark − lookbackMs`, which keeps it bounded
 *   by the events of one lookback window.
 * - No query ever starts before `seenFrom` (ids older than it were pruned, so they could not be
 *   recognised); if `lookbackMs` grows between runs, the first queries look back less far.
 * - Batches may be acknowledged in any order. A batch abandoned with `done(error)` is not
 *   acknowledged: its events become new again, the next query reaches back to them and hands them
 *   out again, and until they are acknowledged the watermark cannot pass them.
 */

export interface CursorState {
  /** Every event read with a timestamp (ms) at or before this was acknowledged. */
  watermark: number;
  /** `seen` holds every acknowledged event at or after this timestamp (ms). */
  seenFrom: number;
  /** eventId → timestamp (ms) of acknowledged events at or after `seenFrom`. */
  seen: Record<string, number>;
}

/** An event handed out in a batch: its eventId and timestamp. */
export type CursorEntry = readonly [eventId: string, timestamp: number];

function minimum(values: Iterable<number>): number {
  let least = Infinity;
  for (const value of values) if (value < least) least = value;
  return least;
}

export class LogCursor {
  private watermark: number;
  private seenFrom: number;
  private readonly acknowledged: Map<string, number>;
  private readonly inFlight = new Map<string, number>();
  private readonly abandoned = new Map<string, number>();
  private newestAcknowledged: number;
  private newestRead: number;

  constructor(
    state: CursorState,
    private readonly lookbackMs: number,
  ) {
    this.watermark = state.watermark;
    this.seenFrom = state.seenFrom;
    this.acknowledged = new Map(Object.entries(state.seen));
    // Not the newest id in `seen`: an unacknowledged event may lie between the watermark and it,
    // and it must be read again before the watermark may pass it.
    this.newestAcknowledged = state.watermark;
    this.newestRead = state.watermark;
  }

  /** Starting state without a checkpoint: the `lookbackMs` before `now` are read. */
  static fresh(now: number, lookbackMs: number): CursorState {
    return { watermark: now, seenFrom: Math.max(0, now - lookbackMs), seen: {} };
  }

  /** The `startTime` of the next query. */
  queryStart(): number {
    return Math.max(this.seenFrom, Math.min(this.newestRead - this.lookbackMs, minimum(this.abandoned.values())));
  }

  /** Notes an event a query returned; true when it is new and is now handed out. */
  take(eventId: string, timestamp: number): boolean {
    if (timestamp > this.newestRead) this.newestRead = timestamp;
    if (this.acknowledged.has(eventId) || this.inFlight.has(eventId)) return false;
    this.abandoned.delete(eventId);
    this.inFlight.set(eventId, timestamp);
    return true;
  }

  acknowledge(entries: readonly CursorEntry[]): void {
    for (const [eventId, timestamp] of entries) {
      this.inFlight.delete(eventId);
      this.abandoned.delete(eventId);
      this.acknowledged.set(eventId, timestamp);
      if (timestamp > this.newestAcknowledged) this.newestAcknowledged = timestamp;
    }
    const oldestOpen = Math.min(minimum(this.inFlight.values()), minimum(this.abandoned.values()));
    this.watermark = Math.max(this.watermark, Math.min(this.newestAcknowledged, oldestOpen - 1));
    const seenFrom = Math.max(this.seenFrom, this.watermark - this.lookbackMs);
    if (seenFrom > this.seenFrom) {
      this.seenFrom = seenFrom;
      for (const [eventId, timestamp] of this.acknowledged) if (timestamp < seenFrom) this.acknowledged.delete(eventId);
    }
  }

  abandon(entries: readonly CursorEntry[]): void {
    for (const [eventId, timestamp] of entries) {
      if (!this.inFlight.delete(eventId)) continue;
      this.abandoned.set(eventId, timestamp);
    }
  }

  state(): CursorState {
    return { watermark: this.watermark, seenFrom: this.seenFrom, seen: Object.fromEntries(this.acknowledged) };
  }
}

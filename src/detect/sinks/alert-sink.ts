import type { Alert } from '../../model/index.js';

/** Delivery counts of one sink, for the end-of-run summary. */
export interface SinkStats {
  /** Alerts accepted by the destination. */
  delivered: number;
  /** Alerts that could not be delivered after every retry (written to the dead-letter file when there is one). */
  failed: number;
  /** Attempts that failed and were retried. */
  retries: number;
}

/**
 * Where alerts go. `write` may buffer; `flush` resolves once every alert written so far is
 * delivered or given up on (dead-lettered), never rejecting for a delivery failure, so one bad
 * sink does not stop detection. The pipeline flushes at the end of each input batch.
 */
export interface AlertSink {
  /** Short name for messages, e.g. `stdout`, `file:alerts.jsonl`, `webhook:https://…`. */
  readonly name: string;
  readonly stats: SinkStats;
  write(alert: Alert): void;
  flush(): Promise<void>;
  /** Flushes and releases resources (open files, timers). */
  close(): Promise<void>;
}

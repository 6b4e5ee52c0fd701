import { appendFile } from 'node:fs/promises';
import type { Alert } from '../../model/index.js';
import { checkWritableFile } from './file-target.js';

/** One undelivered alert as the dead-letter file stores it: enough to replay it or see why it failed. */
export interface DeadLetterEntry {
  /** When delivery was given up (ISO 8601). */
  time: string;
  /** The sink's masked name. */
  sink: string;
  reason: string;
  alert: Alert;
}

/**
 * Appends undelivered alerts to a JSON-lines file (created with mode 0600: alerts name users,
 * pods and source addresses). Each append opens the file anew so several sinks can share one
 * dead-letter path without coordinating; appends of one writer are queued so lines stay in order.
 * A failed append is reported through `onError` and never thrown: the alerts are already counted
 * as failed, and losing the dead letter must not stop detection.
 */
export class DeadLetterFile {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly now: () => Date,
    private readonly onError: (message: string) => void,
  ) {}

  /** Checks up front that the file can be created (its folder exists); throws a clear error otherwise. */
  static open(path: string, options: { now?: () => Date; onError?: (message: string) => void } = {}): DeadLetterFile {
    checkWritableFile(path, 'dead-letter file');
    return new DeadLetterFile(path, options.now ?? (() => new Date()), options.onError ?? (() => {}));
  }

  /** Queues the alerts; `settled()` resolves once they are on disk (or the write failed). */
  record(sink: string, alerts: readonly Alert[], reason: string): void {
    if (alerts.length === 0) return;
    const time = this.now().toISOString();
    const text = alerts.map((alert) => `${JSON.stringify({ time, sink, reason, alert } satisfies DeadLetterEntry)}\n`).join('');
    this.queue = this.queue.then(() =>
      appendFile(this.path, text, { mode: 0o600 }).catch((error: unknown) => {
        this.onError(`could not write ${alerts.length} alert(s) to the dead-letter file ${this.path}: ${(error as Error).message}`);
      }),
    );
  }

  settled(): Promise<void> {
    return this.queue;
  }
}

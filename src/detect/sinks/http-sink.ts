import type { Alert } from '../../model/index.js';
import type { AlertSink, SinkStats } from './alert-sink.js';
import type { DeadLetterFile } from './dead-letter.js';
import { type DeliveryClock, type RetryPolicy, postWithRetries } from './http-delivery.js';
import { maskUrl, redactor } from './mask.js';

/** Alerts held between flushes before new ones go straight to the dead letter: memory stays bounded while a destination is down. */
export const DEFAULT_MAX_BUFFERED = 10_000;

export interface HttpSinkOptions {
  /** `webhook` or `slack`: the name is `kind:` + the masked URL. */
  kind: string;
  url: URL;
  /** Request headers (User-Agent, Authorization, …); their values are masked in every message. */
  headers: Readonly<Record<string, string>>;
  /** Alerts per POST. */
  batchSize: number;
  /** Turns one batch into the request body. */
  encode: (alerts: readonly Alert[]) => string;
  policy: RetryPolicy;
  clock: DeliveryClock;
  maxBuffered?: number;
  /** Where undelivered alerts go; without one they are only counted and reported. */
  deadLetter?: DeadLetterFile;
  warn?: (message: string) => void;
}

/**
 * An alert sink that POSTs JSON: alerts are buffered by `write` and sent by `flush`, `batchSize`
 * per request, one request at a time (a destination that rate-limits is not hammered in
 * parallel). A batch that cannot be delivered is dead-lettered with the reason and counted in
 * `stats.failed`; `flush` never rejects. Concurrent flushes run one after the other.
 */
export class HttpAlertSink implements AlertSink {
  readonly name: string;
  readonly stats: SinkStats = { delivered: 0, failed: 0, retries: 0 };
  private buffer: Alert[] = [];
  /** Alerts written and not yet delivered or given up: the buffer and the flushes still queued. */
  private pending = 0;
  private delivering: Promise<void> = Promise.resolve();
  private closed = false;
  private warnedBufferFull = false;
  private readonly redact: (message: string) => string;
  private readonly maxBuffered: number;
  private readonly warn: (message: string) => void;

  constructor(private readonly options: HttpSinkOptions) {
    this.name = `${options.kind}:${maskUrl(options.url)}`;
    const secretHeaders = Object.entries(options.headers).filter(([name]) => name.toLowerCase() !== 'user-agent');
    this.redact = redactor(options.url, secretHeaders.map(([, value]) => value));
    this.maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
    this.warn = options.warn ?? (() => {});
  }

  write(alert: Alert): void {
    if (this.closed) {
      this.giveUp([alert], 'sink closed');
      return;
    }
    if (this.pending >= this.maxBuffered) {
      if (!this.warnedBufferFull) {
        this.warnedBufferFull = true;
        this.warn(`${this.name}: ${this.maxBuffered} alerts waiting for delivery; further alerts go to the dead letter until it catches up`);
      }
      this.giveUp([alert], 'buffer full', false);
      return;
    }
    this.buffer.push(alert);
    this.pending++;
  }

  flush(): Promise<void> {
    const alerts = this.buffer;
    this.buffer = [];
    this.delivering = this.delivering.then(() => this.deliver(alerts));
    return this.delivering.then(() => this.options.deadLetter?.settled());
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async deliver(alerts: readonly Alert[]): Promise<void> {
    for (let start = 0; start < alerts.length; start += this.options.batchSize) {
      const batch = alerts.slice(start, start + this.options.batchSize);
      const post = { url: this.options.url, headers: this.options.headers, body: this.options.encode(batch) };
      const result = await postWithRetries(post, this.options.policy, this.options.clock, this.redact);
      this.stats.retries += result.attempts - 1;
      if (result.ok) this.stats.delivered += batch.length;
      else this.giveUp(batch, result.reason);
      this.pending -= batch.length;
    }
    this.warnedBufferFull = false;
  }

  private giveUp(alerts: readonly Alert[], reason: string, report = true): void {
    this.stats.failed += alerts.length;
    const deadLetter = this.options.deadLetter;
    deadLetter?.record(this.name, alerts, reason);
    if (report) {
      this.warn(`${this.name}: ${alerts.length} alert(s) not delivered: ${reason}${deadLetter ? `; written to ${deadLetter.path}` : ' (no dead-letter file set)'}`);
    }
  }
}

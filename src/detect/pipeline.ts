import type { Alert, Severity } from '../model/index.js';
import { severityRank } from '../model/index.js';
import type { DetectInput } from './events/index.js';
import { emptySeverityCounts } from './output/alert-text.js';
import type { RuleEngine } from './rules/index.js';
import type { AlertDeduplicator, AlertSink } from './sinks/index.js';
import type { EventBatch } from './sources/event-batch.js';

export interface PipelineOptions {
  engine: RuleEngine;
  sinks: readonly AlertSink[];
  /** Drops repeats of an alert within its window; absent = every alert goes out. */
  dedup?: AlertDeduplicator;
  /** Adds posture context (and may raise severity) before the severity filters apply. */
  enrich?: (alert: Alert) => Alert;
  /** Alerts below it are counted but not sent. Default info (all). */
  minSeverity?: Severity;
  /** The run "fails" when an alert at or above it is raised (counted before --min-severity). */
  failOn?: Severity | 'none';
  /** A batch whose processing or delivery failed (it is handed back to its source to be read again). */
  onBatchError?: (error: Error) => void;
}

export interface PipelineStats {
  /** Alerts after deduplication and enrichment, by (final) severity. */
  alerts: Record<Severity, number>;
  /** Of those, below `minSeverity`: counted, not sent. */
  hidden: number;
  /** Some alert reached `failOn`. */
  failing: boolean;
  batches: number;
  /** Batches whose processing or delivery threw (the source was told with `done(error)`). */
  failedBatches: number;
}

/** Inputs read from files are delivered in batches of this many, so sinks send in bulk. */
const FILE_BATCH = 1_000;

/**
 * Detection from input to sinks: rules → dedup → enrichment → severity filters → sinks. Sinks are
 * flushed at the end of each batch, and only then is the batch acknowledged (`done()`), so a
 * streaming source checkpoints exactly what was delivered.
 */
export class DetectionPipeline {
  readonly stats: PipelineStats = { alerts: emptySeverityCounts(), hidden: 0, failing: false, batches: 0, failedBatches: 0 };
  private readonly minRank: number;
  private readonly failRank: number;

  constructor(private readonly options: PipelineOptions) {
    this.minRank = severityRank(options.minSeverity ?? 'info');
    this.failRank = options.failOn === undefined || options.failOn === 'none' ? Infinity : severityRank(options.failOn);
  }

  /** Alerts admitted by dedup in the batch being processed, to take back if it fails. */
  private admitted: Alert[] | undefined;

  /** Evaluates one input and writes its alerts to the sinks (not yet flushed). */
  process(input: DetectInput): void {
    for (const raw of this.options.engine.evaluate(input)) {
      if (this.options.dedup) {
        if (!this.options.dedup.admit(raw)) continue;
        this.admitted?.push(raw);
      }
      const alert = this.options.enrich ? this.options.enrich(raw) : raw;
      this.stats.alerts[alert.severity]++;
      const rank = severityRank(alert.severity);
      if (rank >= this.failRank) this.stats.failing = true;
      if (rank < this.minRank) {
        this.stats.hidden++;
        continue;
      }
      for (const sink of this.options.sinks) sink.write(alert);
    }
  }

  /** Waits until every sink delivered (or dead-lettered) what it was given. */
  async deliver(): Promise<void> {
    await Promise.all(this.options.sinks.map((sink) => sink.flush()));
  }

  /** Streaming sources: each batch is evaluated, delivered, then acknowledged. */
  async runBatches(batches: AsyncIterable<EventBatch>): Promise<void> {
    for await (const batch of batches) {
      this.stats.batches++;
      this.admitted = [];
      try {
        for (const input of batch.inputs) this.process(input);
        await this.deliver();
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        this.stats.failedBatches++;
        // The source will hand the batch out again: its alerts must not count as already sent.
        for (const alert of this.admitted) this.options.dedup?.forget(alert);
        this.options.onBatchError?.(error);
        await batch.done(error);
        continue;
      } finally {
        this.admitted = undefined;
      }
      await batch.done();
    }
  }

  /** Files and stdin: inputs are delivered every FILE_BATCH inputs and at the end. */
  async runInputs(inputs: AsyncIterable<DetectInput>): Promise<void> {
    let pending = 0;
    for await (const input of inputs) {
      this.process(input);
      if (++pending >= FILE_BATCH) {
        this.stats.batches++;
        pending = 0;
        await this.deliver();
      }
    }
    if (pending > 0) this.stats.batches++;
    await this.deliver();
  }

  async close(): Promise<void> {
    await Promise.all(this.options.sinks.map((sink) => sink.close()));
  }
}

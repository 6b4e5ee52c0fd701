import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/index.js';
import type { DetectInput } from './events/index.js';
import { EXEC_EVENT, GET_SECRET_EVENT } from './events/test-support/samples.js';
import { DetectionPipeline } from './pipeline.js';
import { loadBuiltinRules, RuleEngine } from './rules/index.js';
import { audit } from './rules/test-support/cases.js';
import { AlertDeduplicator, type AlertSink, type SinkStats } from './sinks/index.js';
import type { EventBatch } from './sources/event-batch.js';

const rules = loadBuiltinRules().rules;

/** A sink that records what it got and when it was flushed; `failFlush` makes flush throw (a broken sink). */
class RecordingSink implements AlertSink {
  readonly name = 'recording';
  readonly stats: SinkStats = { delivered: 0, failed: 0, retries: 0 };
  readonly written: Alert[] = [];
  readonly log: string[] = [];
  /** `failures`: how many flushes throw (a broken sink), Infinity for all. */
  constructor(private failures = 0) {}
  write(alert: Alert): void {
    this.written.push(alert);
    this.log.push(`write ${alert.object.name ?? ''}`);
  }
  flush(): Promise<void> {
    this.log.push('flush');
    if (this.failures <= 0) return Promise.resolve();
    this.failures--;
    return Promise.reject(new Error('sink broke'));
  }
  close(): Promise<void> {
    this.log.push('close');
    return Promise.resolve();
  }
}

const execInto = (pod: string, second = 0): DetectInput =>
  audit(EXEC_EVENT, (e) => {
    e.objectRef!.name = pod;
    e.stageTimestamp = `2025-05-12T10:16:${String(second).padStart(2, '0')}.000000Z`;
  });

function batchOf(inputs: DetectInput[], log: string[]): EventBatch {
  return {
    inputs,
    done: (error) => {
      log.push(error ? `done(${error.message})` : 'done');
      return Promise.resolve();
    },
  };
}

const from = <T>(list: T[]): AsyncIterable<T> => Readable.from(list) as AsyncIterable<T>;
const batches = (...list: EventBatch[]) => from(list);
const inputs = (list: DetectInput[]) => from(list);

describe('DetectionPipeline', () => {
  it('acknowledges a batch only after its alerts were flushed', async () => {
    const sink = new RecordingSink();
    const pipeline = new DetectionPipeline({ engine: new RuleEngine(rules), sinks: [sink] });
    await pipeline.runBatches(batches(batchOf([execInto('a'), audit(GET_SECRET_EVENT)], sink.log), batchOf([execInto('b')], sink.log)));
    expect(sink.log).toEqual(['write a', 'flush', 'done', 'write b', 'flush', 'done']);
    expect(pipeline.stats).toMatchObject({ batches: 2, failedBatches: 0, alerts: { medium: 2 } });
  });

  it('tells the source when delivery failed, so the batch is not checkpointed, and goes on', async () => {
    const sink = new RecordingSink(Infinity);
    const errors: string[] = [];
    const pipeline = new DetectionPipeline({ engine: new RuleEngine(rules), sinks: [sink], onBatchError: (error) => errors.push(error.message) });
    await pipeline.runBatches(batches(batchOf([execInto('a')], sink.log), batchOf([execInto('b')], sink.log)));
    expect(sink.log.filter((line) => line.startsWith('done'))).toEqual(['done(sink broke)', 'done(sink broke)']);
    expect(pipeline.stats.failedBatches).toBe(2);
    expect(errors).toEqual(['sink broke', 'sink broke']);
  });

  it('sends the alerts of a failed batch again when its source replays it, despite dedup', async () => {
    const sink = new RecordingSink(1);
    const dedup = new AlertDeduplicator({ windowMs: 600_000 });
    const pipeline = new DetectionPipeline({ engine: new RuleEngine(rules), sinks: [sink], dedup });
    await pipeline.runBatches(batches(batchOf([execInto('a')], sink.log), batchOf([execInto('a')], sink.log), batchOf([execInto('a')], sink.log)));
    expect(sink.log).toEqual(['write a', 'flush', 'done(sink broke)', 'write a', 'flush', 'done', 'flush', 'done']);
    expect(dedup.stats).toMatchObject({ emitted: 1, suppressed: 1 });
  });

  it('deduplicates, enriches, then applies --min-severity and --fail-on to the final severity', async () => {
    const sink = new RecordingSink();
    const pipeline = new DetectionPipeline({
      engine: new RuleEngine(rules),
      sinks: [sink],
      dedup: new AlertDeduplicator({ windowMs: 60_000 }),
      // pretend pod "hot" sits on an attack path
      enrich: (alert) => (alert.object.name === 'hot' ? { ...alert, severity: 'high' } : alert),
      minSeverity: 'high',
      failOn: 'high',
    });
    await pipeline.runInputs(inputs([execInto('cold', 1), execInto('cold', 2), execInto('hot', 3)]));
    expect(sink.written.map((alert) => `${alert.object.name} ${alert.severity}`)).toEqual(['hot high']);
    expect(pipeline.stats).toMatchObject({ alerts: { medium: 1, high: 1 }, hidden: 1, failing: true });
  });

  it('does not fail the run for alerts below --fail-on', async () => {
    const pipeline = new DetectionPipeline({ engine: new RuleEngine(rules), sinks: [], failOn: 'high' });
    await pipeline.runInputs(inputs([execInto('a')]));
    expect(pipeline.stats.failing).toBe(false);
  });
});

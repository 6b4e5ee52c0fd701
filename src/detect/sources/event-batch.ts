import type { DetectInput } from '../events/index.js';

/**
 * A unit of input a streaming source hands to the detection pipeline: a CloudWatch Logs page, or
 * one audit webhook POST. The pipeline calls `done()` only after every alert of the batch has
 * been delivered to the sinks, so a source can persist its checkpoint (or answer the API server)
 * then: a crash before `done()` replays the batch, a crash after it never repeats it.
 */
export interface EventBatch {
  inputs: DetectInput[];
  /** Called once, after the batch's alerts were delivered (or the batch is abandoned with `error`). */
  done(error?: Error): Promise<void>;
}

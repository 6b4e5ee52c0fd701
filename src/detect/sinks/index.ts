export type { AlertSink, SinkStats } from './alert-sink.js';
export { AlertDeduplicator, DEFAULT_DEDUP_WINDOW_MS, dedupKey, type DedupStats } from './dedup.js';
export { DeadLetterFile, type DeadLetterEntry } from './dead-letter.js';
export { SinkConfigError } from './file-target.js';
export { DEFAULT_RETRY_POLICY, type DeliveryClock, type RetryPolicy } from './http-delivery.js';
export { createSink, parseSinkHeader, parseSinkSpec, type Parsed, type SinkDeps, type SinkHeader, type SinkSpec } from './sink-spec.js';

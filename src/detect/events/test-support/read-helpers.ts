/** Reading helpers for the reader tests: chunked streams, whole reads, CloudWatch Logs events. */
import { readEvents, type EventSource, type ReadOptions } from '../read-events.js';

/** A source that delivers `text` in chunks of `size` bytes (to cross every boundary). */
export function chunked(text: string | Buffer, size: number): AsyncIterable<Buffer> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < bytes.length; i += size) {
        await Promise.resolve(); // arrive asynchronously, as a real stream does
        yield bytes.subarray(i, i + size);
      }
    },
  };
}

/** Reads everything and returns the items with the final stats. */
export async function readAllEvents(sources: EventSource | EventSource[], options?: ReadOptions) {
  const reader = readEvents(sources, options);
  const items = [];
  for await (const item of reader) items.push(item);
  return { items, stats: reader.stats };
}

/** Reads text given as a named stream. */
export function readText(text: string | Buffer, options?: ReadOptions & { chunk?: number }) {
  return readAllEvents({ stream: chunked(text, options?.chunk ?? 64 * 1024), name: 'input.json' }, options);
}

/** A CloudWatch Logs event carrying `message`, as FilterLogEvents returns it. */
export function logEvent(message: string, i = 0) {
  return {
    logStreamName: 'kube-apiserver-audit-3c8f0e4b1d2a7c9e5f6a8b0d1e2f3a4b',
    timestamp: 1715508000000 + i,
    message,
    ingestionTime: 1715508001000 + i,
    eventId: `3797462528402189312000${String(i).padStart(4, '0')}`,
  };
}

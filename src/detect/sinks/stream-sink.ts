import type { Alert } from '../../model/index.js';
import { alertJson, alertLine } from '../output/alert-text.js';
import type { AlertSink, SinkStats } from './alert-sink.js';

export type StreamFormat = 'text' | 'jsonl';

/**
 * Writes each alert as one line (readable text or JSON) to a writable stream such as standard
 * output, as soon as it is written so a terminal shows alerts live. When the stream's buffer is
 * full, `flush` waits for it to drain, which slows the pipeline to the reader's pace instead of
 * growing memory. A stream error (a closed pipe) makes later alerts count as failed rather than
 * crash the run.
 */
export class StreamSink implements AlertSink {
  readonly stats: SinkStats = { delivered: 0, failed: 0, retries: 0 };
  private needsDrain = false;
  private broken: Error | undefined;
  private readonly onStreamError = (error: Error): void => {
    if (!this.broken) this.warn(`${this.name}: ${error.message}; further alerts are not written`);
    this.broken = error;
  };

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly format: StreamFormat,
    readonly name = 'stdout',
    private readonly warn: (message: string) => void = () => {},
  ) {
    stream.on('error', this.onStreamError);
  }

  write(alert: Alert): void {
    if (this.broken) {
      this.stats.failed++;
      return;
    }
    const line = `${this.format === 'text' ? alertLine(alert) : alertJson(alert)}\n`;
    if (!this.stream.write(line)) this.needsDrain = true;
    this.stats.delivered++;
  }

  async flush(): Promise<void> {
    if (!this.needsDrain || this.broken) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
    this.needsDrain = false;
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.off('error', this.onStreamError);
  }
}

import { open, type FileHandle } from 'node:fs/promises';
import type { Alert } from '../../model/index.js';
import { alertJson } from '../output/alert-text.js';
import type { AlertSink, SinkStats } from './alert-sink.js';
import { SinkConfigError, checkWritableFile } from './file-target.js';

/** Pending text beyond this is written without waiting for `flush`, so a long batch does not pile up in memory. */
const EAGER_WRITE_BYTES = 64 * 1024;

/**
 * Appends alerts as JSON lines to a file created with mode 0600 (alerts name users, pods and
 * source addresses; an existing file keeps its mode). `flush` resolves once the lines are written
 * to the operating system, which survives a crash of eksguard. It does not fsync each batch: that
 * would only matter for a crash of the machine, which also loses whatever checkpoint the source
 * wrote after the batch, and costs a disk round trip per batch in follow mode. `close` syncs once.
 */
export class FileSink implements AlertSink {
  readonly stats: SinkStats = { delivered: 0, failed: 0, retries: 0 };
  readonly name: string;
  private pending: string[] = [];
  private pendingAlerts = 0;
  private pendingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly warn: (message: string) => void,
  ) {
    this.name = `file:${path}`;
  }

  /** Opens (creating) the file for appending; throws SinkConfigError naming the file when it cannot. */
  static async open(path: string, options: { warn?: (message: string) => void } = {}): Promise<FileSink> {
    checkWritableFile(path, 'alert file');
    try {
      return new FileSink(await open(path, 'a', 0o600), path, options.warn ?? (() => {}));
    } catch (error) {
      throw new SinkConfigError(`alert file ${path}: ${(error as Error).message}`);
    }
  }

  write(alert: Alert): void {
    if (this.closed) {
      this.stats.failed++;
      return;
    }
    const line = `${alertJson(alert)}\n`;
    this.pending.push(line);
    this.pendingAlerts++;
    this.pendingBytes += line.length;
    if (this.pendingBytes >= EAGER_WRITE_BYTES) this.writePending();
  }

  async flush(): Promise<void> {
    this.writePending();
    await this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    try {
      await this.handle.datasync();
    } catch (error) {
      this.warn(`${this.name}: could not sync: ${(error as Error).message}`);
    }
    await this.handle.close();
  }

  private writePending(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    const count = this.pendingAlerts;
    this.pending = [];
    this.pendingAlerts = 0;
    this.pendingBytes = 0;
    this.writing = this.writing.then(async () => {
      try {
        await this.handle.appendFile(text);
        this.stats.delivered += count;
      } catch (error) {
        this.stats.failed += count;
        this.warn(`${this.name}: could not write ${count} alert(s): ${(error as Error).message}`);
      }
    });
  }
}

/**
 * The follow-mode checkpoint file: which CloudWatch Logs events were delivered, so a restart
 * resumes without losing or repeating one (the model is explained in `log-cursor.ts`). Writes go
 * to a temporary file in the same directory, are flushed to disk, then renamed over the old one:
 * a crash mid-write leaves the previous checkpoint intact, never a torn file.
 *
 * The file holds one key per event of the last lookback window (150 000 on a cluster logging
 * 500 events/s with a 5 minute lookback), so it is kept compact: 16-character keys grouped by
 * timestamp, each group's timestamp stored as the milliseconds since the previous group's
 * (about 25 bytes an event). And it is not rewritten per acknowledged batch: `CheckpointWriter`
 * writes at most once per interval (1 s by default) and once more when following stops. The
 * trade-off: a crash (not a stop) loses the acknowledgements of at most that last interval, so
 * after a restart their events are read and alerted on again; an alert can be repeated, never lost.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { eventKey, type CursorState, type SeenEntry } from './log-cursor.js';

export const CHECKPOINT_VERSION = 2;
/** Version 1 stored `seen` as eventId → timestamp; it is still read. */
const OLD_CHECKPOINT_VERSION = 1;

export interface FollowCheckpoint extends CursorState {
  /** What was followed; a checkpoint is refused for another log group or stream prefix. */
  logGroup: string;
  logStreamNamePrefix: string;
}

/** `seen` as the file stores it: `[msSincePreviousGroup, key, key, …]` per timestamp, the first group's time counted from `seenFrom`. */
type SeenGroups = Array<[number, ...string[]]>;

/** A checkpoint file that cannot be used; the message names the file and the field. */
export class CheckpointError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CheckpointError';
  }
}

const isTimestamp = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function encodeSeen(seenFrom: number, seen: readonly SeenEntry[]): SeenGroups {
  const groups: SeenGroups = [];
  let previous = seenFrom;
  let group: [number, ...string[]] | undefined;
  for (const [timestamp, key] of seen) {
    if (group && timestamp === previous) {
      group.push(key);
      continue;
    }
    // Entries below seenFrom (acknowledged late, not pruned yet) are of no use after a restart.
    if (timestamp < previous) continue;
    group = [timestamp - previous, key];
    groups.push(group);
    previous = timestamp;
  }
  return groups;
}

function decodeSeen(file: string, seenFrom: number, seen: unknown): SeenEntry[] {
  if (!Array.isArray(seen)) throw new CheckpointError(file, 'seen: expected an array of [milliseconds, key, …] groups');
  const entries: SeenEntry[] = [];
  let timestamp = seenFrom;
  seen.forEach((group: unknown, index) => {
    const [delta, ...keys] = Array.isArray(group) ? (group as unknown[]) : [];
    if (!isTimestamp(delta) || keys.length === 0 || !keys.every((key) => typeof key === 'string' && key !== '')) {
      throw new CheckpointError(file, `seen[${index}]: expected [milliseconds since the previous group, key, …]`);
    }
    timestamp += delta;
    for (const key of keys as string[]) entries.push([timestamp, key]);
  });
  return entries;
}

/** Version 1's eventId → timestamp object, as keys in timestamp order. */
function convertOldSeen(file: string, seen: unknown): SeenEntry[] {
  if (typeof seen !== 'object' || seen === null || Array.isArray(seen)) throw new CheckpointError(file, 'seen: expected an object of eventId → timestamp');
  const entries: SeenEntry[] = [];
  for (const [eventId, timestamp] of Object.entries(seen)) {
    if (!isTimestamp(timestamp)) throw new CheckpointError(file, `seen.${eventId}: expected a timestamp in milliseconds`);
    entries.push([timestamp, eventKey(eventId)]);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

function parseCheckpoint(file: string, text: string): FollowCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(file, `not a follow checkpoint: invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CheckpointError(file, 'not a follow checkpoint: expected a JSON object');
  const record = value as Record<string, unknown>;
  if (record.version !== CHECKPOINT_VERSION && record.version !== OLD_CHECKPOINT_VERSION) {
    throw new CheckpointError(file, `version: expected ${CHECKPOINT_VERSION}, got ${JSON.stringify(record.version)}`);
  }
  for (const field of ['logGroup', 'logStreamNamePrefix'] as const) {
    if (typeof record[field] !== 'string') throw new CheckpointError(file, `${field}: expected a string`);
  }
  for (const field of ['watermark', 'seenFrom'] as const) {
    if (!isTimestamp(record[field])) throw new CheckpointError(file, `${field}: expected a timestamp in milliseconds`);
  }
  const seenFrom = record.seenFrom as number;
  return {
    logGroup: record.logGroup as string,
    logStreamNamePrefix: record.logStreamNamePrefix as string,
    watermark: record.watermark as number,
    seenFrom,
    seen: record.version === OLD_CHECKPOINT_VERSION ? convertOldSeen(file, record.seen) : decodeSeen(file, seenFrom, record.seen),
  };
}

/** The checkpoint in `file`, or undefined when there is none yet. */
export async function loadCheckpoint(file: string): Promise<FollowCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(file, `cannot read checkpoint: ${(error as Error).message}`);
  }
  return parseCheckpoint(file, text);
}

let temporaryCounter = 0;

export async function saveCheckpoint(file: string, checkpoint: FollowCheckpoint): Promise<void> {
  const temporary = `${file}.${process.pid}.${++temporaryCounter}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      const { logGroup, logStreamNamePrefix, watermark, seenFrom, seen } = checkpoint;
      const stored = { version: CHECKPOINT_VERSION, logGroup, logStreamNamePrefix, watermark, seenFrom, seen: encodeSeen(seenFrom, seen) };
      await handle.writeFile(`${JSON.stringify(stored)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new CheckpointError(file, `cannot write checkpoint: ${(error as Error).message}`);
  }
}

export interface CheckpointWriterOptions {
  /** Least time between the starts of two writes; changes in between are written together. Default 1 s. */
  minIntervalMs?: number;
  /** Injectable for tests: current time (ms), and a timer that calls `run` after `ms` and returns its cancel function. */
  now?: () => number;
  schedule?: (run: () => void, ms: number) => () => void;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

const defaultSchedule = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms);
  // A pending write must not keep the process alive: following ends with `flush()`.
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Writes the checkpoint after changes, at most once per `minIntervalMs` and one write at a time;
 * the state is read when a write starts, so it holds every change made before. `flush()` writes
 * what is pending at once (call it when following stops). A failed write is kept and thrown by the
 * next `changed()` and by `flush()`: without checkpoints a restart would repeat everything.
 */
export class CheckpointWriter {
  private running: Promise<void> = Promise.resolve();
  private writing = false;
  private dirty = false;
  private lastStart = -Infinity;
  private cancelTimer: (() => void) | undefined;
  private failure: CheckpointError | undefined;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly schedule: (run: () => void, ms: number) => () => void;

  constructor(
    private readonly file: string,
    private readonly state: () => FollowCheckpoint,
    options: CheckpointWriterOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? defaultSchedule;
  }

  /** Notes that the state changed: it reaches disk within `minIntervalMs` (plus one write's time). */
  changed(): void {
    if (this.failure) throw this.failure;
    this.dirty = true;
    this.plan();
  }

  /** Writes pending changes now and waits for them to be on disk. */
  async flush(): Promise<void> {
    for (;;) {
      this.cancel();
      await this.running;
      if (this.writing) continue;
      if (!this.dirty || this.failure) break;
      this.running = this.write();
    }
    if (this.failure) throw this.failure;
  }

  private plan(): void {
    if (this.writing || this.cancelTimer || !this.dirty || this.failure) return;
    const wait = this.lastStart + this.minIntervalMs - this.now();
    if (wait <= 0) {
      this.running = this.write();
      return;
    }
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = undefined;
      this.plan();
    }, wait);
  }

  private cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private async write(): Promise<void> {
    this.writing = true;
    this.dirty = false;
    this.lastStart = this.now();
    try {
      await saveCheckpoint(this.file, this.state());
    } catch (error) {
      this.failure = error as CheckpointError;
    } finally {
      this.writing = false;
    }
    this.plan();
  }
}

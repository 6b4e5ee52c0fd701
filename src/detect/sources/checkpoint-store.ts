/**
 * The follow-mode checkpoint file: which CloudWatch Logs events were delivered, so a restart
 * resumes without losing or repeating one (the model is explained in `log-cursor.ts`). Writes go
 * to a temporary file in the same directory, are flushed to disk, then renamed over the old one:
 * a crash mid-write leaves the previous checkpoint intact, never a torn file.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import type { CursorState } from './log-cursor.js';

export const CHECKPOINT_VERSION = 1;

export interface FollowCheckpoint extends CursorState {
  version: typeof CHECKPOINT_VERSION;
  /** What was followed; a checkpoint is refused for another log group or stream prefix. */
  logGroup: string;
  logStreamNamePrefix: string;
}

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

function parseCheckpoint(file: string, text: string): FollowCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(file, `not a follow checkpoint: invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CheckpointError(file, 'not a follow checkpoint: expected a JSON object');
  const record = value as Record<string, unknown>;
  if (record.version !== CHECKPOINT_VERSION) throw new CheckpointError(file, `version: expected ${CHECKPOINT_VERSION}, got ${JSON.stringify(record.version)}`);
  for (const field of ['logGroup', 'logStreamNamePrefix'] as const) {
    if (typeof record[field] !== 'string') throw new CheckpointError(file, `${field}: expected a string`);
  }
  for (const field of ['watermark', 'seenFrom'] as const) {
    if (!isTimestamp(record[field])) throw new CheckpointError(file, `${field}: expected a timestamp in milliseconds`);
  }
  const seen = record.seen;
  if (typeof seen !== 'object' || seen === null || Array.isArray(seen)) throw new CheckpointError(file, 'seen: expected an object of eventId → timestamp');
  for (const [eventId, timestamp] of Object.entries(seen)) {
    if (!isTimestamp(timestamp)) throw new CheckpointError(file, `seen.${eventId}: expected a timestamp in milliseconds`);
  }
  return record as unknown as FollowCheckpoint;
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
      await handle.writeFile(`${JSON.stringify(checkpoint)}\n`);
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

/**
 * Serialises writes so an older state never lands after a newer one, and coalesces: calls made
 * while a write is waiting to start share it. The state is read when the write starts, so every
 * change made before a call is in the write that call waits for.
 */
export class CheckpointWriter {
  private running: Promise<void> = Promise.resolve();
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly state: () => FollowCheckpoint,
  ) {}

  /** Resolves once a state at least as new as the current one is on disk. */
  write(): Promise<void> {
    if (this.waiting) return this.waiting;
    const next = this.running
      .catch(() => undefined)
      .then(() => {
        this.waiting = undefined;
        return saveCheckpoint(this.file, this.state());
      });
    this.waiting = next;
    this.running = next;
    return next;
  }

  /** Waits for queued writes; their failures were already reported to whoever asked for them. */
  async settled(): Promise<void> {
    await this.running.catch(() => undefined);
  }
}

/**
 * The trail on disk: JSON lines, created with mode 0600 (records name users and pods), each record
 * synced to disk before the responder goes on: an action taken must be on record even if the
 * machine dies a moment later, or it could neither be audited nor undone.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { OUTCOMES, type TrailRecord, type TrailStore } from './trail-record.js';
import { scrubForTrail } from './trail-scrub.js';

export interface TrailProblem {
  line: number;
  message: string;
}

/** Reads every record; lines that are not trail records are reported by line number and skipped. */
export function readTrailFile(path: string): { records: TrailRecord[]; problems: TrailProblem[] } {
  if (!existsSync(path)) return { records: [], problems: [] };
  const records: TrailRecord[] = [];
  const problems: TrailProblem[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        // A line cut short by a crash while writing is the usual cause; the rest stays usable.
        problems.push({ line: index + 1, message: `not JSON (${(error as Error).message})` });
        return;
      }
      const problem = recordProblem(value);
      if (problem) problems.push({ line: index + 1, message: problem });
      else records.push(value as TrailRecord);
    });
  return { records, problems };
}

function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a trail record (expected a JSON object)';
  const record = value as Record<string, unknown>;
  if (record.type !== 'action' && record.type !== 'undo') return 'not a trail record (type must be action or undo)';
  for (const key of ['id', 'time', 'action'] as const) if (typeof record[key] !== 'string') return `not a trail record (${key} missing)`;
  if (!(OUTCOMES as readonly string[]).includes(String(record.outcome))) return 'not a trail record (unknown outcome)';
  if (record.mode !== 'dry-run' && record.mode !== 'applied') return 'not a trail record (mode must be dry-run or applied)';
  if (record.type === 'undo' && typeof record.undoes !== 'string') return 'not a trail record (undoes missing)';
  if (record.type === 'action' && (!isObject(record.alert) || typeof record.alert.ruleId !== 'string' || !isObject(record.alert.object))) return 'not a trail record (alert missing)';
  // The responder keys its dedup window on the target: a malformed one must not stop it from starting.
  if (record.target !== undefined && (!isObject(record.target) || typeof record.target.kind !== 'string' || typeof record.target.name !== 'string')) return 'not a trail record (target malformed)';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function endsMidLine(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

export class FileTrail implements TrailStore {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly kept: TrailRecord[],
  ) {}

  /** Opens (creating, with its folder) the trail for appending, with the records it holds. */
  static open(path: string): { trail: FileTrail; problems: TrailProblem[] } {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { records, problems } = readTrailFile(path);
    const fd = openSync(path, 'a', 0o600);
    // An existing file keeps the mode it was created with; the trail is ours and must not be world-readable.
    chmodSync(path, 0o600);
    // A record cut short by a crash has no newline: without one, the next record would join it and be lost.
    if (endsMidLine(path)) {
      writeSync(fd, '\n');
      fsyncSync(fd);
    }
    return { trail: new FileTrail(path, fd, records), problems };
  }

  append(record: TrailRecord): Promise<void> {
    const clean = { ...record, ...('before' in record ? { before: scrubForTrail(record.before) } : {}), ...('after' in record ? { after: scrubForTrail(record.after) } : {}) };
    writeSync(this.fd, `${JSON.stringify(clean)}\n`);
    fsyncSync(this.fd);
    this.kept.push(clean);
    return Promise.resolve();
  }

  records(): readonly TrailRecord[] {
    return this.kept;
  }

  close(): void {
    closeSync(this.fd);
  }
}

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError, CheckpointWriter, loadCheckpoint, saveCheckpoint, type FollowCheckpoint } from './checkpoint-store.js';
import { eventKey } from './log-cursor.js';

const T0 = Date.UTC(2025, 4, 12, 10, 0, 0);
let dir: string;

const EVENT_ID = '37974625284021893120000000000000000000000000000000000001';

function checkpoint(watermark: number): FollowCheckpoint {
  return {
    logGroup: '/aws/eks/prod/cluster',
    logStreamNamePrefix: 'kube-apiserver-audit-',
    watermark,
    seenFrom: watermark - 300_000,
    seen: [[watermark, eventKey(EVENT_ID)]],
  };
}

/** A timer the test fires by hand: no real waiting. */
function manualTimer() {
  const pending: Array<{ run: () => void; ms: number }> = [];
  return {
    pending,
    schedule: (run: () => void, ms: number) => {
      const entry = { run, ms };
      pending.push(entry);
      return () => pending.splice(pending.indexOf(entry), 1);
    },
    fire: () => pending.shift()?.run(),
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eksguard-checkpoint-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('checkpoint store', () => {
  it('has no checkpoint before the first write, then reads back what was written', async () => {
    const file = join(dir, 'cp.json');
    expect(await loadCheckpoint(file)).toBeUndefined();
    await saveCheckpoint(file, checkpoint(T0));
    expect(await loadCheckpoint(file)).toEqual(checkpoint(T0));
    expect(await readdir(dir)).toEqual(['cp.json']);
  });

  it('names the file and the field of a checkpoint it cannot use', async () => {
    const file = join(dir, 'cp.json');
    await writeFile(file, JSON.stringify({ ...checkpoint(T0), version: 2, seen: [[0, 'k1'], [-5, 'k2']] }));
    await expect(loadCheckpoint(file)).rejects.toThrow(`${file}: seen[1]: expected [milliseconds since the previous group, key, …]`);
    await writeFile(file, JSON.stringify({ ...checkpoint(T0), version: 1, seen: { abc: -5 } }));
    await expect(loadCheckpoint(file)).rejects.toThrow(`${file}: seen.abc: expected a timestamp in milliseconds`);
    await writeFile(file, JSON.stringify({ ...checkpoint(T0), version: 3 }));
    await expect(loadCheckpoint(file)).rejects.toThrow(`${file}: version: expected 2, got 3`);
  });

  it('reports a write it cannot make with the file name, and leaves no temporary file', async () => {
    const file = join(dir, 'missing-dir', 'cp.json');
    const failure = saveCheckpoint(file, checkpoint(T0));
    await expect(failure).rejects.toBeInstanceOf(CheckpointError);
    await expect(failure).rejects.toThrow(file);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stores the seen ids compactly: short keys grouped by timestamp, times as differences', async () => {
    const file = join(dir, 'cp.json');
    const seenFrom = T0 - 300_000;
    const seen = Array.from({ length: 3000 }, (_, index): [number, string] => [seenFrom + Math.floor(index / 2) * 200, eventKey(`${BigInt(T0) * 10n ** 43n + BigInt(index)}`)]);
    const state: FollowCheckpoint = { ...checkpoint(T0), seenFrom, seen };
    await saveCheckpoint(file, state);
    const text = await readFile(file, 'utf8');
    expect(text.length / seen.length).toBeLessThan(30);
    const stored = JSON.parse(text) as { version: number; seen: unknown[] };
    expect(stored.version).toBe(2);
    expect(stored.seen[0]).toEqual([0, seen[0]![1], seen[1]![1]]);
    expect(stored.seen[1]).toEqual([200, seen[2]![1], seen[3]![1]]);
    expect(await loadCheckpoint(file)).toEqual(state);
  });

  it('reads a version 1 checkpoint, turning its eventIds into keys in time order', async () => {
    const file = join(dir, 'cp.json');
    const later = '37974625284021893120000000000000000000000000000000000002';
    await writeFile(file, JSON.stringify({ ...checkpoint(T0), version: 1, seen: { [later]: T0, [EVENT_ID]: T0 - 1000 } }));
    expect((await loadCheckpoint(file))?.seen).toEqual([
      [T0 - 1000, eventKey(EVENT_ID)],
      [T0, eventKey(later)],
    ]);
  });

  it('writes at once, then at most once per interval with the newest state, and at flush', async () => {
    const file = join(dir, 'cp.json');
    let watermark = T0;
    let now = 0;
    let reads = 0;
    const timer = manualTimer();
    const writer = new CheckpointWriter(
      file,
      () => {
        reads += 1;
        return checkpoint(watermark);
      },
      { minIntervalMs: 1000, now: () => now, schedule: timer.schedule },
    );
    writer.changed();
    await writer.flush();
    expect(reads).toBe(1);
    for (let i = 1; i <= 50; i++) {
      watermark = T0 + i;
      now += 10;
      writer.changed();
    }
    expect(timer.pending.map((entry) => entry.ms)).toEqual([990]);
    expect(reads).toBe(1);
    now = 1000;
    timer.fire();
    await writer.flush();
    expect(reads).toBe(2);
    expect((await loadCheckpoint(file))?.watermark).toBe(T0 + 50);
    // Changes after that wait for the next interval, or for flush() when following stops.
    watermark = T0 + 99;
    writer.changed();
    expect(timer.pending).toHaveLength(1);
    await writer.flush();
    expect(timer.pending).toHaveLength(0);
    expect(reads).toBe(3);
    expect((await loadCheckpoint(file))?.watermark).toBe(T0 + 99);
    await writer.flush();
    expect(reads).toBe(3);
  });

  it('keeps a failed write and throws it on the next change and at flush', async () => {
    const writer = new CheckpointWriter(join(dir, 'missing-dir', 'cp.json'), () => checkpoint(T0), { schedule: manualTimer().schedule });
    writer.changed();
    await expect(writer.flush()).rejects.toBeInstanceOf(CheckpointError);
    expect(() => writer.changed()).toThrow(/missing-dir.*cannot write checkpoint/);
  });
});

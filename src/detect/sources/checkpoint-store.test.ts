import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError, CheckpointWriter, loadCheckpoint, saveCheckpoint, type FollowCheckpoint } from './checkpoint-store.js';

const T0 = Date.UTC(2025, 4, 12, 10, 0, 0);
let dir: string;

function checkpoint(watermark: number): FollowCheckpoint {
  return {
    version: 1,
    logGroup: '/aws/eks/prod/cluster',
    logStreamNamePrefix: 'kube-apiserver-audit-',
    watermark,
    seenFrom: watermark - 300_000,
    seen: { '37974625284021893120000000000000000000000000000000000001': watermark },
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
    await writeFile(file, JSON.stringify({ ...checkpoint(T0), seen: { abc: -5 } }));
    await expect(loadCheckpoint(file)).rejects.toThrow(`${file}: seen.abc: expected a timestamp in milliseconds`);
    await writeFile(file, JSON.stringify({ ...checkpoint(T0), version: 2 }));
    await expect(loadCheckpoint(file)).rejects.toThrow(`${file}: version: expected 1, got 2`);
  });

  it('reports a write it cannot make with the file name, and leaves no temporary file', async () => {
    const file = join(dir, 'missing-dir', 'cp.json');
    const failure = saveCheckpoint(file, checkpoint(T0));
    await expect(failure).rejects.toBeInstanceOf(CheckpointError);
    await expect(failure).rejects.toThrow(file);
    expect(await readdir(dir)).toEqual([]);
  });

  it('coalesces writes asked for while one waits, and always ends with the newest state', async () => {
    const file = join(dir, 'cp.json');
    let watermark = T0;
    let reads = 0;
    const writer = new CheckpointWriter(file, () => {
      reads += 1;
      return checkpoint(watermark);
    });
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < 5; i++) {
      watermark = T0 + i;
      writes.push(writer.write());
    }
    await Promise.all(writes);
    expect(reads).toBe(1);
    expect((await loadCheckpoint(file))?.watermark).toBe(T0 + 4);
    watermark = T0 + 10;
    await writer.write();
    await writer.settled();
    expect((await loadCheckpoint(file))?.watermark).toBe(T0 + 10);
  });
});

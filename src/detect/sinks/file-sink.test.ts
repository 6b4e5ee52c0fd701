import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSink } from './file-sink.js';
import { sampleAlert } from './test-support/sample-alert.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-file-sink-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file sink', () => {
  it('creates the file with mode 0600 and has the lines on disk once flush resolves', async () => {
    const path = join(dir, 'alerts.jsonl');
    const sink = await FileSink.open(path);
    sink.write(sampleAlert());
    sink.write(sampleAlert({ ruleId: 'second' }));
    expect(readFileSync(path, 'utf8')).toBe('');
    await sink.flush();
    expect(readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([sampleAlert(), sampleAlert({ ruleId: 'second' })]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(sink.name).toBe(`file:${path}`);
    expect(sink.stats).toEqual({ delivered: 2, failed: 0, retries: 0 });
    await sink.close();
  });

  it('appends to an existing file', async () => {
    const path = join(dir, 'alerts.jsonl');
    writeFileSync(path, '{"earlier":true}\n');
    const sink = await FileSink.open(path);
    sink.write(sampleAlert());
    await sink.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);
  });

  it('writes a long batch before flush instead of holding it all in memory', async () => {
    const path = join(dir, 'alerts.jsonl');
    const sink = await FileSink.open(path);
    for (let index = 0; index < 200; index++) sink.write(sampleAlert({ eventId: `event-${index}` }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const early = readFileSync(path, 'utf8').split('\n').length - 1;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(200);
    await sink.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(201);
  });

  it('refuses, naming the file, a folder that does not exist or a path that is a folder', async () => {
    await expect(FileSink.open(join(dir, 'nope', 'alerts.jsonl'))).rejects.toThrow(`alert file ${join(dir, 'nope', 'alerts.jsonl')}: folder ${join(dir, 'nope')} does not exist (create it first)`);
    mkdirSync(join(dir, 'sub'));
    await expect(FileSink.open(join(dir, 'sub'))).rejects.toThrow(`alert file ${join(dir, 'sub')}: is a folder, not a file`);
  });

  it('reports a file it cannot open, whoever runs it', async () => {
    writeFileSync(join(dir, 'plain'), '');
    const path = join(dir, 'plain', 'alerts.jsonl');
    await expect(FileSink.open(path)).rejects.toThrow(`alert file ${path}:`);
  });
});

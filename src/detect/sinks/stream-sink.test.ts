import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { alertJson, alertLine } from '../output/alert-text.js';
import { StreamSink } from './stream-sink.js';
import { sampleAlert } from './test-support/sample-alert.js';

describe('stream sink', () => {
  it('writes each alert at once as a JSON line or a readable line', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const jsonl = new StreamSink(out, 'jsonl');
    jsonl.write(sampleAlert());
    expect(chunks).toEqual([`${alertJson(sampleAlert())}\n`]);
    const text = new StreamSink(out, 'text');
    text.write(sampleAlert());
    await text.close();
    expect(chunks[1]).toBe(`${alertLine(sampleAlert())}\n`);
    expect(jsonl.stats).toEqual({ delivered: 1, failed: 0, retries: 0 });
  });

  it('waits on flush until a full stream drains', async () => {
    const release: (() => void)[] = [];
    const written: string[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString('utf8'));
        release.push(callback);
      },
    });
    const sink = new StreamSink(slow, 'jsonl');
    sink.write(sampleAlert());
    sink.write(sampleAlert());
    let flushed = false;
    const flushing = sink.flush().then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false);
    while (release.length > 0) release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    while (release.length > 0) release.shift()!();
    await flushing;
    expect(flushed).toBe(true);
    expect(written).toHaveLength(2);
  });

  it('counts alerts as failed after the stream breaks, and reports it once', async () => {
    const warnings: string[] = [];
    const broken = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('write EPIPE')) });
    const sink = new StreamSink(broken, 'jsonl', 'stdout', (message) => warnings.push(message));
    sink.write(sampleAlert());
    await new Promise((resolve) => setImmediate(resolve));
    sink.write(sampleAlert());
    sink.write(sampleAlert());
    await sink.close();
    expect(sink.stats).toEqual({ delivered: 1, failed: 2, retries: 0 });
    expect(warnings).toEqual(['stdout: write EPIPE; further alerts are not written']);
  });
});

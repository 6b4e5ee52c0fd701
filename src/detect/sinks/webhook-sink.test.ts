import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterFile, type DeadLetterEntry } from './dead-letter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http-delivery.js';
import { sampleAlert } from './test-support/sample-alert.js';
import { type ScriptedResponse, type ScriptedServer, recordingClock, refusingUrl, startScriptedServer } from './test-support/scripted-server.js';
import { createWebhookSink } from './webhook-sink.js';

const POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 4, baseDelayMs: 1000, maxRetryAfterMs: 60_000 };
const TOKEN = 'Bearer s3cr3t-t0ken-value-123456';

let dir: string;
let server: ScriptedServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-webhook-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function deadLetterLines(): DeadLetterEntry[] {
  return readFileSync(join(dir, 'dead.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as DeadLetterEntry);
}

async function sinkFor(responses: ScriptedResponse[], options: { policy?: RetryPolicy; maxBuffered?: number; path?: string } = {}) {
  server = await startScriptedServer(responses);
  return sinkAt(`${server.url}${options.path ?? '/hooks/eksguard-secret-path'}`, options);
}

function sinkAt(url: string, options: { policy?: RetryPolicy; maxBuffered?: number } = {}) {
  const clock = recordingClock();
  const warnings: string[] = [];
  const deadLetter = DeadLetterFile.open(join(dir, 'dead.jsonl'), { now: () => new Date('2024-05-01T12:34:56Z') });
  const sink = createWebhookSink({
    url: new URL(url),
    headers: { 'user-agent': 'eksguard/9.9.9', authorization: TOKEN },
    policy: options.policy ?? POLICY,
    clock,
    deadLetter,
    warn: (message) => warnings.push(message),
    ...(options.maxBuffered ? { maxBuffered: options.maxBuffered } : {}),
  });
  return { sink, clock, warnings };
}

describe('webhook sink', () => {
  it('posts the flushed alerts as one {"alerts": [...]} body with its headers', async () => {
    const { sink, clock } = await sinkFor([]);
    sink.write(sampleAlert());
    sink.write(sampleAlert({ ruleId: 'other' }));
    await sink.flush();
    expect(server!.requests).toHaveLength(1);
    const [request] = server!.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/hooks/eksguard-secret-path');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('eksguard/9.9.9');
    expect(request!.headers.authorization).toBe(TOKEN);
    expect(JSON.parse(request!.body)).toEqual({ alerts: [sampleAlert(), sampleAlert({ ruleId: 'other' })] });
    expect(sink.stats).toEqual({ delivered: 2, failed: 0, retries: 0 });
    expect(clock.sleeps).toEqual([]);
  });

  it('sends nothing when nothing was written', async () => {
    const { sink } = await sinkFor([]);
    await sink.flush();
    expect(server!.requests).toHaveLength(0);
  });

  it('splits a large flush into POSTs of 100 alerts', async () => {
    const { sink } = await sinkFor([]);
    for (let index = 0; index < 250; index++) sink.write(sampleAlert({ eventId: `event-${index}` }));
    await sink.flush();
    const sizes = server!.requests.map((request) => (JSON.parse(request.body) as { alerts: unknown[] }).alerts.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(sink.stats.delivered).toBe(250);
  });

  it('retries 5xx with exponential backoff and delivers once', async () => {
    const { sink, clock } = await sinkFor([{ status: 500 }, { status: 503, body: 'busy' }]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(server!.requests).toHaveLength(3);
    expect(new Set(server!.requests.map((request) => request.body)).size).toBe(1);
    // random() = 0.5 puts the jitter at three quarters of each step: 1 s, then 2 s.
    expect(clock.sleeps).toEqual([750, 1500]);
    expect(sink.stats).toEqual({ delivered: 1, failed: 0, retries: 2 });
  });

  it('waits what Retry-After asks on 429, in seconds or as an HTTP date', async () => {
    const later = new Date(Date.parse('2024-05-01T12:00:30Z')).toUTCString();
    const { sink, clock } = await sinkFor([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 429, headers: { 'retry-after': later } },
    ]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(clock.sleeps).toEqual([7000, 30_000]);
    expect(sink.stats).toEqual({ delivered: 1, failed: 0, retries: 2 });
  });

  it('gives up at once when Retry-After is over the limit', async () => {
    const { sink, clock } = await sinkFor([{ status: 429, headers: { 'retry-after': '3600' } }]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(server!.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(deadLetterLines()[0]!.reason).toBe('HTTP 429 (Retry-After 3600 s is over the 60 s limit)');
  });

  it('does not retry a 400 and dead-letters the alerts with reason and time', async () => {
    const { sink, clock, warnings } = await sinkFor([{ status: 400, body: 'invalid_payload' }]);
    sink.write(sampleAlert());
    sink.write(sampleAlert({ ruleId: 'second' }));
    await sink.flush();
    expect(server!.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(sink.stats).toEqual({ delivered: 0, failed: 2, retries: 0 });
    const lines = deadLetterLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ time: '2024-05-01T12:34:56.000Z', sink: sink.name, reason: 'HTTP 400: invalid_payload', alert: sampleAlert() });
    expect(lines[1]!.alert.ruleId).toBe('second');
    expect(statSync(join(dir, 'dead.jsonl')).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([`${sink.name}: 2 alert(s) not delivered: HTTP 400: invalid_payload; written to ${join(dir, 'dead.jsonl')}`]);
  });

  it('does not follow a redirect', async () => {
    const { sink } = await sinkFor([{ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } }]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(server!.requests).toHaveLength(1);
    expect(deadLetterLines()[0]!.reason).toBe('HTTP 302');
  });

  it('dead-letters after the last retry when the server is down, and flush still resolves', async () => {
    const { sink, clock } = sinkAt(`${await refusingUrl()}/hook`);
    sink.write(sampleAlert());
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(clock.sleeps).toEqual([750, 1500, 3000]);
    expect(sink.stats).toEqual({ delivered: 0, failed: 1, retries: 3 });
    expect(deadLetterLines()[0]!.reason).toMatch(/^network error: .*ECONNREFUSED.* \(gave up after 4 attempts\)$/);
  });

  it('abandons an attempt that gets no answer within the timeout', async () => {
    const { sink } = await sinkFor(['hang', 'hang'], { policy: { ...POLICY, maxAttempts: 2, timeoutMs: 50 } });
    sink.write(sampleAlert());
    await sink.flush();
    expect(server!.requests).toHaveLength(2);
    expect(deadLetterLines()[0]!.reason).toBe('no answer within 50 ms (gave up after 2 attempts)');
  });

  it('dead-letters alerts beyond the buffer cap at once, with reason "buffer full"', async () => {
    const { sink, warnings } = await sinkFor([], { maxBuffered: 2 });
    for (const ruleId of ['a', 'b', 'c', 'd']) sink.write(sampleAlert({ ruleId }));
    expect(sink.stats.failed).toBe(2);
    await sink.flush();
    expect(sink.stats).toEqual({ delivered: 2, failed: 2, retries: 0 });
    expect(deadLetterLines().map((line) => [line.alert.ruleId, line.reason])).toEqual([
      ['c', 'buffer full'],
      ['d', 'buffer full'],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2 alerts waiting for delivery');
  });

  it('runs overlapping flushes one after the other, each alert sent once', async () => {
    const { sink } = await sinkFor([{ status: 500 }]);
    sink.write(sampleAlert({ ruleId: 'first' }));
    const first = sink.flush();
    sink.write(sampleAlert({ ruleId: 'second' }));
    const second = sink.flush();
    await Promise.all([first, second]);
    const sent = server!.requests.map((request) => (JSON.parse(request.body) as { alerts: { ruleId: string }[] }).alerts.map((alert) => alert.ruleId));
    expect(sent).toEqual([['first'], ['first'], ['second']]);
    expect(sink.stats).toEqual({ delivered: 2, failed: 0, retries: 1 });
  });

  it('never shows the URL secret or the Authorization value, even when the server echoes them', async () => {
    const { sink, warnings } = await sinkFor([{ status: 403, body: `denied ${TOKEN} for /hooks/eksguard-secret-path` }]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(sink.name).toMatch(/^webhook:http:\/\/127\.0\.0\.1:\d+\/hooks\/eksg…$/);
    const shown = [sink.name, ...warnings, readFileSync(join(dir, 'dead.jsonl'), 'utf8')].join('\n');
    expect(shown).not.toContain('secret-path');
    expect(shown).not.toContain('s3cr3t');
    expect(deadLetterLines()[0]!.reason).toBe('HTTP 403: denied Bearer s3c… for /…');
  });

  it('masks partial echoes too: the bare token, a query value, a path segment, percent-encoded forms', async () => {
    const echo = `bad token s3cr3t-t0ken-value-123456, key=Qk9vLTk4NzY1 for hook 7f3a9c2e5b1d4f60 (${encodeURIComponent('/hooks/7f3a9c2e5b1d4f60')})`;
    const { sink, warnings } = await sinkFor([{ status: 401, body: echo }], { path: '/hooks/7f3a9c2e5b1d4f60?key=Qk9vLTk4NzY1' });
    sink.write(sampleAlert());
    await sink.flush();
    const shown = [sink.name, ...warnings, readFileSync(join(dir, 'dead.jsonl'), 'utf8')].join('\n');
    expect(shown).not.toMatch(/s3cr3t-t0ken|Qk9vLTk4NzY1|7f3a9c2e5b1d4f60/);
    expect(deadLetterLines()[0]!.reason).toBe('HTTP 401: bad token s3c…, key=… for hook … (/…)');
  });

  it('counts alerts as failed without a dead-letter file and says so', async () => {
    const warnings: string[] = [];
    const sink = createWebhookSink({ url: new URL(`${await refusingUrl()}/x`), headers: {}, policy: { ...POLICY, maxAttempts: 1 }, clock: recordingClock(), warn: (message) => warnings.push(message) });
    sink.write(sampleAlert());
    await sink.close();
    expect(sink.stats.failed).toBe(1);
    expect(warnings[0]).toMatch(/1 alert\(s\) not delivered: network error: .*\(no dead-letter file set\)$/);
  });
});

describe('dead-letter file', () => {
  it('refuses a path whose folder does not exist', () => {
    expect(() => DeadLetterFile.open(join(dir, 'missing', 'dead.jsonl'))).toThrow(`dead-letter file ${join(dir, 'missing', 'dead.jsonl')}: folder ${join(dir, 'missing')} does not exist (create it first)`);
  });

  it('reports a failed append instead of throwing', async () => {
    const errors: string[] = [];
    const deadLetter = DeadLetterFile.open(join(dir, 'dead.jsonl'), { onError: (message) => errors.push(message) });
    rmSync(dir, { recursive: true, force: true });
    deadLetter.record('webhook:x', [sampleAlert()], 'HTTP 500');
    await deadLetter.settled();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('could not write 1 alert(s) to the dead-letter file');
  });
});

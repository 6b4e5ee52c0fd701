import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../../test/fixtures/account/aws/index.js';
import type { AuditEvent } from '../events/audit-event.js';
import { ANONYMOUS_EVENT, EXEC_EVENT, GET_SECRET_EVENT } from '../events/test-support/samples.js';
import { CheckpointError, loadCheckpoint } from './checkpoint-store.js';
import { FollowError, followCluster, type FollowClusterOptions, type FollowSource, type SleepReason } from './cloudwatch-follow.js';
import type { EventBatch } from './event-batch.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 4, 12, 10, 20, 0);
const GROUP = '/aws/eks/prod/cluster';
// EKS names one audit stream per API server instance: kube-apiserver-audit-<32 hex>.
const STREAM_A = 'kube-apiserver-audit-4c8e2a1f0b9d47e6a3c5f18d2b7e9a04';
const STREAM_B = 'kube-apiserver-audit-9e3b7d1c5a2f48b6e0d4c7a19f3b5e82';
// The API server's own log lives in the same group and must not be read.
const SERVER_LOG = 'kube-apiserver-4c8e2a1f0b9d47e6a3c5f18d2b7e9a04';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLEFAKE', secretAccessKey: 'fake-secret' };

const TEMPLATES = [EXEC_EVENT, GET_SECRET_EVENT, ANONYMOUS_EVENT];
let sequence = 0;

/** An audit event as the API server writes it to its audit stream: one JSON object per message. */
function auditMessage(auditID: string, timestamp: number): string {
  const template = TEMPLATES[sequence % TEMPLATES.length] as AuditEvent;
  const at = new Date(timestamp).toISOString().replace('Z', '123Z');
  return JSON.stringify({ ...template, auditID, requestReceivedTimestamp: at, stageTimestamp: at });
}

/** A FilteredLogEvent as the API returns it (eventId: 56 decimal digits). */
function logEvent(stream: string, timestamp: number, message: string, ingestionDelayMs = 900): FilteredLogEvent {
  sequence += 1;
  const eventId = `${BigInt(timestamp) * 10n ** 43n + BigInt(sequence) * 10n ** 20n}`;
  return { logStreamName: stream, timestamp, message, ingestionTime: timestamp + ingestionDelayMs, eventId };
}

function auditEvent(stream: string, timestamp: number, ingestionDelayMs?: number): { auditID: string; event: FilteredLogEvent } {
  const auditID = `a0${String(sequence + 1).padStart(6, '0')}-5b2d-4a86-9c0e-4d8b2f6a1e73`;
  return { auditID, event: logEvent(stream, timestamp, auditMessage(auditID, timestamp), ingestionDelayMs) };
}

interface Run {
  /** auditIDs of every batch handed out, acknowledged or not. */
  delivered: string[];
  /** auditIDs of the batches this run acknowledged. */
  acknowledged: string[];
  sleeps: Array<[number, SleepReason]>;
  error?: unknown;
}

interface RunPlan {
  /** Decides per batch (0-based): acknowledge, abandon with an error, or stop before done() (a crash). */
  onBatch?: (index: number, batch: EventBatch) => 'ack' | 'abandon' | 'crash';
  /** Called at each wait between polls (0-based); return true to stop following. */
  onIdle?: (index: number) => boolean | void;
  /** Stop after this many backoff waits. */
  maxBackoffs?: number;
  /** Stop (abort) while handling this batch, after acknowledging it. */
  abortAtBatch?: number;
}

let fake: FakeAws;
let dir: string;
let checkpointFile: string;

function auditIds(batch: EventBatch): string[] {
  return batch.inputs.map((input) => (input.kind === 'k8s-audit' ? input.event.auditID : (input.record.eventID ?? '')));
}

async function run(plan: RunPlan, options: Partial<FollowClusterOptions> = {}): Promise<Run & { source: FollowSource }> {
  const controller = new AbortController();
  const result: Run = { delivered: [], acknowledged: [], sleeps: [] };
  let idle = 0;
  let backoffs = 0;
  const source = followCluster({
    cluster: 'prod',
    region: 'eu-west-1',
    endpoint: fake.url,
    credentials: CREDENTIALS,
    checkpointFile,
    signal: controller.signal,
    now: () => T0,
    random: () => 0.5,
    sleep: (ms, reason) => {
      result.sleeps.push([ms, reason]);
      // Without onIdle, stop once caught up.
      if (reason === 'poll' && (plan.onIdle ? plan.onIdle(idle++) === true : true)) controller.abort();
      if (reason === 'backoff' && plan.maxBackoffs !== undefined && ++backoffs >= plan.maxBackoffs) controller.abort();
      return Promise.resolve();
    },
    ...options,
  });
  let index = 0;
  try {
    for await (const batch of source) {
      const ids = auditIds(batch);
      result.delivered.push(...ids);
      if (plan.abortAtBatch === index) controller.abort();
      const action = plan.onBatch?.(index++, batch) ?? 'ack';
      if (action === 'crash') break;
      if (action === 'abandon') {
        await batch.done(new Error('sink down'));
      } else {
        await batch.done();
        result.acknowledged.push(...ids);
      }
    }
  } catch (error) {
    result.error = error;
  }
  return { ...result, source };
}

function events(): FilteredLogEvent[] {
  const account = fake.account.logs;
  account.logEvents ??= {};
  return (account.logEvents[GROUP] ??= []);
}

function addAudit(stream: string, timestamp: number, ingestionDelayMs?: number): string {
  const { auditID, event } = auditEvent(stream, timestamp, ingestionDelayMs);
  events().push(event);
  return auditID;
}

function counts(ids: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const id of ids) map.set(id, (map.get(id) ?? 0) + 1);
  return map;
}

beforeEach(async () => {
  sequence = 0;
  fake = await startFakeAws({ account: loadFixtureAccount(), pageSize: 2 });
  dir = await mkdtemp(join(tmpdir(), 'eksguard-follow-'));
  checkpointFile = join(dir, 'prod.checkpoint.json');
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the fake FilterLogEvents, through the real SDK client', () => {
  const client = () => new CloudWatchLogsClient({ region: 'eu-west-1', endpoint: fake.url, credentials: CREDENTIALS, maxAttempts: 1 });

  it('filters by stream prefix and an inclusive time range, interleaves streams by timestamp, and paginates', async () => {
    const a1 = addAudit(STREAM_A, T0 + 1000);
    const b1 = addAudit(STREAM_B, T0 + 2000);
    const a2 = addAudit(STREAM_A, T0 + 3000);
    const b2 = addAudit(STREAM_B, T0 + 4000);
    events().push(logEvent(SERVER_LOG, T0 + 2500, 'I0512 10:20:02.500000      11 controller.go:615] quota admission added evaluator for: leases.coordination.k8s.io'));
    const logs = client();
    const seen: Array<string | undefined> = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNamePrefix: 'kube-apiserver-audit-', startTime: T0 + 2000, endTime: T0 + 4000, nextToken }),
      );
      pages += 1;
      seen.push(...(page.events ?? []).map((event) => (JSON.parse(event.message ?? '{}') as { auditID?: string }).auditID));
      expect(page.searchedLogStreams ?? []).toEqual([]);
      nextToken = page.nextToken;
    } while (nextToken);
    logs.destroy();
    expect(seen).toEqual([b1, a2, b2]);
    expect(seen).not.toContain(a1);
    expect(pages).toBe(2);
  });

  it('refuses logStreamNames together with logStreamNamePrefix, and an unknown log group', async () => {
    const logs = client();
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNamePrefix: 'kube-apiserver-audit-', logStreamNames: [STREAM_A] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/eks/nope/cluster' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    logs.destroy();
  });
});

describe('followCluster', () => {
  it('reads every audit event of both audit streams, and nothing else, into k8s-audit inputs', async () => {
    const ids = [
      addAudit(STREAM_A, T0 - 4 * MIN),
      addAudit(STREAM_B, T0 - 4 * MIN), // same millisecond, other stream
      addAudit(STREAM_B, T0 - 3 * MIN),
      addAudit(STREAM_A, T0 - 2 * MIN),
      addAudit(STREAM_A, T0 - MIN),
    ];
    events().push(logEvent(SERVER_LOG, T0 - 3 * MIN, 'I0512 10:17:00.000000      11 trace.go:236] Trace[1024]: "List" url:/api/v1/pods'));
    addAudit(STREAM_A, T0 - 20 * MIN); // before the first run's window (lookback before now)
    const result = await run({});
    expect(result.error).toBeUndefined();
    expect(result.delivered.sort()).toEqual([...ids].sort());
    const { stats, follow } = result.source;
    expect(stats).toMatchObject({ files: 2, events: 5, k8sAudit: 5, malformed: 0, truncated: 0 });
    expect(follow.duplicates).toBe(0);
    expect(result.sleeps).toEqual([[10_000, 'poll']]);
    const requests = fake.requests.filter((entry) => entry.operation === 'FilterLogEvents');
    expect(requests[0]?.input).toMatchObject({ logGroupName: GROUP, logStreamNamePrefix: 'kube-apiserver-audit-', startTime: T0 - 5 * MIN });
    expect(requests[0]?.input).not.toHaveProperty('interleaved');
    expect(requests[0]?.input).not.toHaveProperty('logStreamNames');
  });

  it('keeps file and position useful: the stream as file, the event id and time in the issue', async () => {
    addAudit(STREAM_A, T0 - MIN);
    const bad = logEvent(STREAM_B, T0 - 30_000, 'not json at all');
    events().push(bad);
    const result = await run({});
    expect(result.delivered).toHaveLength(1);
    expect(result.source.stats.issues).toEqual([
      {
        file: `${GROUP}/${STREAM_B}`,
        line: 0,
        kind: 'json',
        message: expect.stringContaining(`event ${bad.eventId} at ${new Date(T0 - 30_000).toISOString()}: message is not JSON`),
      },
    ]);
  });

  it('restarts from the checkpoint: nothing lost, nothing repeated, late events and unacknowledged batches included', async () => {
    const first = [
      addAudit(STREAM_A, T0 - 4 * MIN),
      addAudit(STREAM_B, T0 - 4 * MIN + 200),
      addAudit(STREAM_B, T0 - 3 * MIN),
      addAudit(STREAM_A, T0 - 3 * MIN + 10),
      addAudit(STREAM_A, T0 - 2 * MIN),
      addAudit(STREAM_B, T0 - MIN),
    ];
    // Run 1: two pages acknowledged, the third handed out and lost in a crash before done().
    const run1 = await run({ onBatch: (index) => (index < 2 ? 'ack' : 'crash') });
    expect(run1.error).toBeUndefined();
    expect(run1.acknowledged).toEqual(first.slice(0, 4));
    expect(run1.delivered).toEqual(first.slice(0, 6));
    const saved = await loadCheckpoint(checkpointFile);
    expect(saved?.seen).toHaveLength(4);

    // Meanwhile: new events, and one API server's event from 3.5 minutes ago that CloudWatch
    // only now makes visible (older than events already read, inside the lookback).
    const late = addAudit(STREAM_B, T0 - 3.5 * MIN, 3 * MIN);
    const fresh = [addAudit(STREAM_A, T0 + 30_000), addAudit(STREAM_B, T0 + 45_000)];

    const run2 = await run({}, { now: () => T0 + 2 * MIN });
    expect(run2.error).toBeUndefined();
    expect(run2.delivered.sort()).toEqual([first[4], first[5], late, ...fresh].sort());
    expect(run2.source.follow.duplicates).toBe(4);

    const all = counts([...run1.acknowledged, ...run2.acknowledged]);
    expect([...all.keys()].sort()).toEqual([...first, late, ...fresh].sort());
    expect([...all.values()].every((count) => count === 1)).toBe(true);

    // Run 3 over the same data: nothing new.
    const run3 = await run({}, { now: () => T0 + 3 * MIN });
    expect(run3.delivered).toEqual([]);
    const final = await loadCheckpoint(checkpointFile);
    expect(final?.watermark).toBe(T0 + 45_000);
    expect(final?.seenFrom).toBe(T0 + 45_000 - 5 * MIN);
    expect(final?.seen.every(([timestamp]) => timestamp >= final.seenFrom)).toBe(true);
  });

  it('stops on abort after the batch in hand is acknowledged and persisted', async () => {
    const ids = [addAudit(STREAM_A, T0 - 3 * MIN), addAudit(STREAM_B, T0 - 2 * MIN), addAudit(STREAM_A, T0 - MIN)];
    const result = await run({ abortAtBatch: 0 });
    expect(result.error).toBeUndefined();
    expect(result.acknowledged).toEqual(ids.slice(0, 2));
    expect(fake.count('FilterLogEvents')).toBe(1);
    expect((await loadCheckpoint(checkpointFile))?.seen).toHaveLength(2);
    const resumed = await run({});
    expect(resumed.acknowledged).toEqual(ids.slice(2));
  });

  it('catches an event ingested late while following at the next sweep, and hands it out once', async () => {
    const early = [addAudit(STREAM_A, T0 - 2 * MIN), addAudit(STREAM_B, T0 - MIN)];
    let late = '';
    const result = await run(
      {
        onIdle: (index) => {
          if (index === 0) {
            addAudit(STREAM_A, T0 + MIN);
            late = addAudit(STREAM_B, T0 - 90_000, 4 * MIN); // older than both events already read
          }
          return index === 2;
        },
      },
      { sweepIntervalMs: 20_000 },
    );
    expect(result.error).toBeUndefined();
    expect(counts(result.acknowledged).get(late)).toBe(1);
    expect(result.acknowledged).toHaveLength(4);
    expect(result.acknowledged.slice(0, 2)).toEqual(early);
    // The second poll reaches back 30 s only; the third is a sweep.
    expect(result.acknowledged[3]).toBe(late);
    expect(result.source.follow).toMatchObject({ late: 1, polls: 3, sweeps: 2 });
  });

  it('re-reads only a short overlap on ordinary polls, and the whole lookback on every sweep', async () => {
    const early = [addAudit(STREAM_A, T0 - 2 * MIN), addAudit(STREAM_B, T0 - MIN)];
    let fresh = '';
    let late = '';
    const result = await run(
      {
        onIdle: (index) => {
          if (index === 0) fresh = addAudit(STREAM_A, T0 + MIN);
          // Made visible after T0 + MIN was read, and older than the overlap reaches.
          if (index === 1) late = addAudit(STREAM_B, T0 - 3 * MIN, 4 * MIN);
          return index === 3;
        },
      },
      { sweepIntervalMs: 30_000 },
    );
    expect(result.error).toBeUndefined();
    const starts = fake.requests
      .filter((entry) => entry.operation === 'FilterLogEvents' && !(entry.input as { nextToken?: string }).nextToken)
      .map((entry) => (entry.input as { startTime: number }).startTime);
    // Poll interval 10 s, overlap max(2 × 10 s, 30 s), a sweep every third poll.
    // A fresh start's newest read is now (T0): the second poll reaches back from there.
    expect(starts).toEqual([T0 - 5 * MIN, T0 - 30_000, T0 + MIN - 30_000, T0 + MIN - 5 * MIN]);
    expect(result.acknowledged).toEqual([...early, fresh, late]);
    expect(result.source.follow).toMatchObject({ polls: 4, sweeps: 2, late: 1 });
  });

  it('hands a batch abandoned with done(error) out again, and checkpoints it only when acknowledged', async () => {
    const ids = [addAudit(STREAM_A, T0 - 3 * MIN), addAudit(STREAM_B, T0 - 2 * MIN), addAudit(STREAM_A, T0 - MIN)];
    const result = await run({
      onBatch: (index) => (index === 0 ? 'abandon' : 'ack'),
      onIdle: (index) => index >= 1,
    });
    expect(result.error).toBeUndefined();
    expect(counts(result.delivered).get(ids[0] as string)).toBe(2);
    expect([...result.acknowledged].sort()).toEqual([...ids].sort());
    expect((await loadCheckpoint(checkpointFile))?.seen).toHaveLength(3);
  });

  it('backs off and retries when throttled, then completes', async () => {
    const ids = [addAudit(STREAM_A, T0 - 2 * MIN), addAudit(STREAM_B, T0 - MIN), addAudit(STREAM_A, T0 - 30_000)];
    fake.throttle('FilterLogEvents', 3);
    const retries: number[] = [];
    const result = await run({}, { onRetry: (retry) => retries.push(retry.delayMs) });
    expect(result.error).toBeUndefined();
    expect(result.acknowledged).toEqual(ids);
    // Capped exponential backoff (throttling step 2 s, 4 s, 8 s), equal jitter with random() = 0.5.
    expect(result.sleeps.filter(([, reason]) => reason === 'backoff')).toEqual([
      [1500, 'backoff'],
      [3000, 'backoff'],
      [6000, 'backoff'],
    ]);
    expect(retries).toEqual([1500, 3000, 6000]);
    expect(result.source.follow.retries).toBe(3);
    // maxAttempts 1: each throttled answer is one HTTP request, retried by the loop alone.
    expect(fake.requests.filter((entry) => entry.operation === 'FilterLogEvents' && entry.code === 'ThrottlingException')).toHaveLength(3);
  });

  it('retries LimitExceededException, ServiceUnavailableException and server errors; caps the backoff', async () => {
    const ids = [addAudit(STREAM_A, T0 - MIN)];
    fake.fail({ operation: 'FilterLogEvents', code: 'LimitExceededException', status: 400, times: 1 });
    fake.fail({ operation: 'FilterLogEvents', code: 'ServiceUnavailableException', status: 503, times: 1 });
    fake.fail({ operation: 'FilterLogEvents', code: 'InternalFailure', status: 500, times: 3 });
    const result = await run({}, { backoff: { baseMs: 1000, maxMs: 4000 } });
    expect(result.error).toBeUndefined();
    expect(result.acknowledged).toEqual(ids);
    expect(result.sleeps.filter(([, reason]) => reason === 'backoff').map(([ms]) => ms)).toEqual([1500, 1500, 3000, 3000, 3000]);
  });

  it('keeps retrying when the endpoint is unreachable, until stopped, without writing a checkpoint', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const result = await run({ maxBackoffs: 4 }, { endpoint: `http://127.0.0.1:${port}` });
    expect(result.error).toBeUndefined();
    expect(result.source.follow.retries).toBe(4);
    expect(await readdir(dir)).toEqual([]);
  });

  it('counts truncated and malformed messages as issues and goes on', async () => {
    // EKS cuts audit events over the 256 KiB CloudWatch Logs limit and appends the marker.
    const big = JSON.stringify({ ...EXEC_EVENT, auditID: 'f3e1c7a9-2b4d-4e68-8a0c-1d3f5b7e9a20', requestObject: { data: 'x'.repeat(300 * 1024) } });
    const truncated = `${big.slice(0, 256 * 1024 - 14)}[Truncated...]`;
    const good = addAudit(STREAM_A, T0 - 2 * MIN);
    events().push(
      logEvent(STREAM_A, T0 - 90_000, truncated),
      logEvent(STREAM_B, T0 - 80_000, '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata"'),
      logEvent(STREAM_B, T0 - 70_000, JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 42 })),
      logEvent(STREAM_B, T0 - 60_000, '["not", "an", "event"]'),
    );
    const last = addAudit(STREAM_B, T0 - 30_000);
    const result = await run({});
    expect(result.error).toBeUndefined();
    expect(result.acknowledged).toEqual([good, last]);
    expect(result.source.stats).toMatchObject({ events: 2, truncated: 1, malformed: 3, oversize: 0 });
    expect(result.source.stats.issues.map((issue) => issue.kind)).toEqual(['truncated', 'json', 'schema', 'schema']);
    // Pages of bad events alone were acknowledged too: a restart does not count them again.
    const again = await run({});
    expect(again.delivered).toEqual([]);
    expect(again.source.stats.truncated + again.source.stats.malformed).toBe(0);
  });

  it('fails clearly when the cluster has no audit log group', async () => {
    const result = await run({}, { cluster: 'payments' });
    expect(result.error).toBeInstanceOf(FollowError);
    const error = result.error as FollowError;
    expect(error.code).toBe('ResourceNotFoundException');
    expect(error.message).toContain('log group /aws/eks/payments/cluster does not exist in eu-west-1');
    expect(error.message).toContain('"audit"');
    expect(result.sleeps).toEqual([]);
  });

  it('fails clearly when reading the log group is denied', async () => {
    fake.deny('FilterLogEvents');
    const result = await run({});
    expect(result.error).toBeInstanceOf(FollowError);
    expect((result.error as FollowError).message).toContain('logs:FilterLogEvents is required');
  });

  it('refuses a corrupt checkpoint or one for another log group, naming the file', async () => {
    await writeFile(checkpointFile, '{"version":1,"logGroup":');
    const corrupt = await run({});
    expect(corrupt.error).toBeInstanceOf(CheckpointError);
    expect((corrupt.error as Error).message).toMatch(new RegExp(`^${checkpointFile}: not a follow checkpoint: invalid JSON`));

    await writeFile(checkpointFile, JSON.stringify({ version: 2, logGroup: GROUP, logStreamNamePrefix: 'kube-apiserver-audit-', watermark: T0, seenFrom: 'yesterday', seen: [] }));
    expect(((await run({})).error as Error).message).toBe(`${checkpointFile}: seenFrom: expected a timestamp in milliseconds`);

    await writeFile(checkpointFile, JSON.stringify({ version: 2, logGroup: '/aws/eks/staging/cluster', logStreamNamePrefix: 'kube-apiserver-audit-', watermark: T0, seenFrom: T0, seen: [] }));
    expect(((await run({})).error as Error).message).toContain('checkpoint is for /aws/eks/staging/cluster');
  });

  it('stops with a CheckpointError when the checkpoint cannot be written', async () => {
    addAudit(STREAM_A, T0 - 2 * MIN);
    addAudit(STREAM_B, T0 - MIN);
    addAudit(STREAM_A, T0 - 30_000);
    const result = await run({}, { checkpointFile: join(dir, 'missing', 'prod.json') });
    expect(result.error).toBeInstanceOf(CheckpointError);
    expect((result.error as Error).message).toContain(`${join(dir, 'missing', 'prod.json')}: cannot write checkpoint`);
  });

  it('writes the checkpoint atomically: a complete JSON file, no temporary file left behind', async () => {
    addAudit(STREAM_A, T0 - MIN);
    addAudit(STREAM_B, T0 - 30_000);
    await run({});
    expect(await readdir(dir)).toEqual(['prod.checkpoint.json']);
    const saved = JSON.parse(await readFile(checkpointFile, 'utf8'));
    expect(saved).toMatchObject({ version: 2, logGroup: GROUP, logStreamNamePrefix: 'kube-apiserver-audit-', watermark: T0, seenFrom: T0 - 5 * MIN });
    expect((await loadCheckpoint(checkpointFile))?.seen).toHaveLength(2);
  });
});

/**
 * Follow mode: polls an EKS cluster's audit log in CloudWatch Logs (`/aws/eks/<cluster>/cluster`,
 * streams `kube-apiserver-audit-*`) with FilterLogEvents and yields one batch per page of new
 * events. Ordinary polls re-read only a short overlap before the newest event read; every
 * `sweepIntervalMs` a sweep re-reads the whole lookback to catch events CloudWatch made visible
 * late (see `log-cursor.ts`). The checkpoint file records what was delivered, so a restart loses
 * no alert; it is written at most once a second while batches are acknowledged and once when
 * following stops, so a crash may repeat the alerts of the last second (see `checkpoint-store.ts`).
 *
 * Retries are this loop's, not the SDK's: the client it creates has `maxAttempts: 1`, so every
 * wait goes through the injectable, abortable `sleep`, each retry is reported once, and the
 * SDK's attempts do not multiply with ours. Throttling, server and network errors are retried
 * forever with capped exponential backoff; only errors no retry can fix (missing log group,
 * access denied, bad parameters, no credentials) end the iteration, with a `FollowError`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type CloudWatchLogsClientConfig,
  type FilteredLogEvent,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { classifyMessage, type Collector, type DetectInput, type Location, type ReadIssueKind } from '../events/classify.js';
import { DEFAULT_MAX_EVENT_BYTES, emptyReadStats, type ReadStats } from '../events/read-events.js';
import { CheckpointError, CheckpointWriter, loadCheckpoint, type FollowCheckpoint } from './checkpoint-store.js';
import type { EventBatch } from './event-batch.js';
import { LogCursor, eventKey, type CursorEntry } from './log-cursor.js';

export const AUDIT_STREAM_PREFIX = 'kube-apiserver-audit-';
export const DEFAULT_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
/** Ordinary polls reach back this far at least: the usual ingestion lag is seconds. */
const MIN_OVERLAP_MS = 30_000;
const DEFAULT_MAX_ISSUES = 1000;

export function auditLogGroupName(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

/** Why the loop waits: between polls once caught up, or before retrying a failed request. */
export type SleepReason = 'poll' | 'backoff';

export interface FollowRetry {
  /** 1 for the first retry of a request. */
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface FollowStats {
  /** Queries started (one per poll interval, each paginated). */
  polls: number;
  /** Those of the polls that re-read the whole lookback. */
  sweeps: number;
  /** FilterLogEvents requests that succeeded. */
  pages: number;
  /** Failed requests that were retried. */
  retries: number;
  /** Events returned again by the lookback and dropped because they were already handed out. */
  duplicates: number;
  /** New events older than one an earlier page of this run returned: evidence of ingestion delay. */
  late: number;
}

export interface FollowOptions {
  client: CloudWatchLogsClient;
  logGroupName: string;
  /** Default `kube-apiserver-audit-`. */
  logStreamNamePrefix?: string;
  /** JSON file holding the checkpoint; created on the first acknowledged batch. */
  checkpointFile: string;
  /** Wait between polls once caught up. Default 10 s. */
  pollIntervalMs?: number;
  /** How late (in event time) an event may become visible and still be read. Default 5 min. */
  lookbackMs?: number;
  /**
   * How often a poll re-reads the whole lookback; the polls in between re-read only
   * max(2 × poll interval, 30 s). An event later than that is alerted on at the next sweep.
   * Rounded to whole poll intervals. Default 1 min.
   */
  sweepIntervalMs?: number;
  /** Least time between two checkpoint writes. Default 1 s. */
  checkpointIntervalMs?: number;
  /** Ends the iteration; batches acknowledged before it are in the checkpoint. */
  signal?: AbortSignal;
  /** Stop once every event up to now was read (one full poll) instead of polling on: catch-up runs from cron. */
  untilCaughtUp?: boolean;
  /** Counters shared with the caller (the same shape `readEvents` fills). */
  stats?: ReadStats;
  /** Largest message accepted, in bytes; larger ones are counted as oversize. Default 1 MiB. */
  maxEventBytes?: number;
  /** Issues kept in `stats.issues`; the rest are only counted. Default 1000. */
  maxIssues?: number;
  /** Backoff: first delay and cap, in ms. Defaults 1 s and 30 s. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Where the log group lives, for error messages. */
  region?: string;
  onRetry?: (retry: FollowRetry) => void;
  /** Injectable for tests: current time (ms), waiting, randomness of the backoff jitter. */
  now?: () => number;
  sleep?: (ms: number, reason: SleepReason, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

function emptyFollowStats(): FollowStats {
  return { polls: 0, pages: 0, sweeps: 0, retries: 0, duplicates: 0, late: 0 };
}

export interface FollowSource extends AsyncIterable<EventBatch> {
  readonly stats: ReadStats;
  readonly follow: FollowStats;
}

/** An error retrying cannot fix; `code` is the AWS error name when AWS answered. */
export class FollowError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'FollowError';
  }
}

const THROTTLING = new Set(['ThrottlingException', 'LimitExceededException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);
const FATAL_LOCAL = new Set(['CredentialsProviderError', 'TokenProviderError']);

interface AwsErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

type Failure = 'throttling' | 'transient' | 'fatal';

function classifyFailure(error: AwsErrorShape): Failure {
  const name = error.name ?? '';
  const status = error.$metadata?.httpStatusCode;
  if (THROTTLING.has(name) || status === 429) return 'throttling';
  if (FATAL_LOCAL.has(name)) return 'fatal';
  // Answered by AWS with a client fault: the request itself is wrong and will stay wrong.
  if (error.$fault === 'client' && status !== undefined && status < 500) return 'fatal';
  // Everything else is retried: server faults (ServiceUnavailableException, 5xx), errors below
  // HTTP (reset, refused, timeout) and anything unrecognised. Follow mode must outlive outages;
  // `onRetry` reports each failure, so a persistent one is visible rather than fatal.
  return 'transient';
}

function fatalError(error: AwsErrorShape, logGroup: string, region: string | undefined): FollowError {
  const name = error.name ?? 'Error';
  const where = region ? ` in ${region}` : '';
  const said = `(${name}: ${error.message ?? 'no message'})`;
  if (name === 'ResourceNotFoundException') {
    return new FollowError(
      `log group ${logGroup} does not exist${where}: enable the cluster's "audit" control plane log ` +
        `(aws eks update-cluster-config --name <cluster> --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}') ${said}`,
      name,
    );
  }
  if (name === 'AccessDeniedException') {
    return new FollowError(`not allowed to read log group ${logGroup}${where}: logs:FilterLogEvents is required ${said}`, name);
  }
  if (FATAL_LOCAL.has(name)) return new FollowError(`no AWS credentials to read log group ${logGroup}: ${error.message ?? name}`, name);
  return new FollowError(`FilterLogEvents on log group ${logGroup}${where} failed ${said}`, name);
}

const defaultSleep = (ms: number, _reason: SleepReason, signal: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal }).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });

/** Follows one log group. Iterate once; a second iteration starts again from the checkpoint file. */
export function followLogGroup(options: FollowOptions): FollowSource {
  const stats = options.stats ?? emptyReadStats();
  const follow = emptyFollowStats();
  return { stats, follow, [Symbol.asyncIterator]: () => followPages(options, stats, follow) };
}

export interface FollowClusterOptions extends Omit<FollowOptions, 'client' | 'logGroupName' | 'region'> {
  cluster: string;
  region: string;
  /** A client to use as is (its own retry settings apply); otherwise one is created. */
  client?: CloudWatchLogsClient;
  /** Endpoint override (VPC endpoint, local fake) for the created client. */
  endpoint?: string;
  profile?: string;
  credentials?: CloudWatchLogsClientConfig['credentials'];
}

/** Follows the audit log of EKS cluster `cluster` in `region`. */
export function followCluster(options: FollowClusterOptions): FollowSource {
  const { cluster, region, client: given, endpoint, profile, credentials, ...rest } = options;
  const logGroupName = auditLogGroupName(cluster);
  if (given) return followLogGroup({ ...rest, client: given, logGroupName, region });
  const stats = rest.stats ?? emptyReadStats();
  const follow = emptyFollowStats();
  return {
    stats,
    follow,
    async *[Symbol.asyncIterator]() {
      const client = new CloudWatchLogsClient({
        region,
        maxAttempts: 1,
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(profile !== undefined ? { profile } : {}),
        ...(credentials !== undefined ? { credentials } : {}),
      });
      try {
        yield* followPages({ ...rest, client, logGroupName, region }, stats, follow);
      } finally {
        client.destroy();
      }
    },
  };
}

async function* followPages(options: FollowOptions, stats: ReadStats, follow: FollowStats): AsyncGenerator<EventBatch> {
  const logGroup = options.logGroupName;
  const prefix = options.logStreamNamePrefix ?? AUDIT_STREAM_PREFIX;
  const lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const signal = options.signal ?? new AbortController().signal;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const baseMs = options.backoff?.baseMs ?? 1000;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const maxBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const now = options.now ?? Date.now;
  const overlapMs = Math.max(2 * pollIntervalMs, MIN_OVERLAP_MS);
  const pollsPerSweep = Math.max(1, Math.round((options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS) / pollIntervalMs));

  const saved = await loadCheckpoint(options.checkpointFile);
  if (saved && (saved.logGroup !== logGroup || saved.logStreamNamePrefix !== prefix)) {
    throw new CheckpointError(
      options.checkpointFile,
      `logGroup: checkpoint is for ${saved.logGroup} (streams ${saved.logStreamNamePrefix}*), not ${logGroup} (streams ${prefix}*)`,
    );
  }
  const cursor = new LogCursor(saved ?? LogCursor.fresh(now(), lookbackMs), lookbackMs, overlapMs);
  const checkpoint = (): FollowCheckpoint => ({ logGroup, logStreamNamePrefix: prefix, ...cursor.state() });
  const writer = new CheckpointWriter(options.checkpointFile, checkpoint, {
    now,
    ...(options.checkpointIntervalMs !== undefined ? { minIntervalMs: options.checkpointIntervalMs } : {}),
  });
  const streams = new Set<string>();
  let newestRead = -Infinity;

  const recordIssue = (kind: ReadIssueKind, loc: Location, message: string): void => {
    if (kind === 'json' || kind === 'schema') stats.malformed++;
    else if (kind === 'truncated') stats.truncated++;
    else if (kind === 'oversize') stats.oversize++;
    else stats.unreadable++;
    if (stats.issues.length >= maxIssues) stats.issuesOmitted++;
    else stats.issues.push({ file: loc.file, line: loc.line, kind, message: loc.where ? `${loc.where}: ${message}` : message });
  };

  /** One request, retried until it succeeds, fails for good, or the signal stops it. */
  const request = async (startTime: number, nextToken: string | undefined): Promise<FilterLogEventsCommandOutput | undefined> => {
    const command = new FilterLogEventsCommand({ logGroupName: logGroup, logStreamNamePrefix: prefix, startTime, ...(nextToken ? { nextToken } : {}) });
    for (let attempt = 1; ; attempt++) {
      try {
        return await options.client.send(command, { abortSignal: signal });
      } catch (caught) {
        if (signal.aborted) return undefined;
        const error = caught as AwsErrorShape & Error;
        const failure = classifyFailure(error);
        if (failure === 'fatal') throw fatalError(error, logGroup, options.region);
        // Equal jitter: never less than half the step, so a throttled API is not hammered.
        const step = Math.min(maxMs, (failure === 'throttling' ? 2 * baseMs : baseMs) * 2 ** (attempt - 1));
        const delayMs = Math.round(step / 2 + (random() * step) / 2);
        follow.retries++;
        options.onRetry?.({ attempt, delayMs, error });
        await sleep(delayMs, 'backoff', signal);
        if (signal.aborted) return undefined;
      }
    }
  };

  /** Turns a page into a batch of its new events; pages with nothing to alert on are acknowledged at once. */
  const toBatch = (events: readonly FilteredLogEvent[]): EventBatch | undefined => {
    const inputs: DetectInput[] = [];
    const entries: CursorEntry[] = [];
    const newestBefore = newestRead;
    const collector: Collector = {
      maxBytes,
      item(input) {
        stats.events++;
        if (input.kind === 'k8s-audit') stats.k8sAudit++;
        else stats.cloudTrail++;
        inputs.push(input);
      },
      issue: recordIssue,
      skip() {
        stats.skipped++;
      },
    };
    for (const event of events) {
      const stream = event.logStreamName ?? '';
      const file = `${logGroup}/${stream}`;
      if (event.timestamp === undefined || event.message === undefined) {
        recordIssue('schema', { file, line: 0, where: `event ${event.eventId ?? '?'}` }, 'log event without timestamp or message');
        continue;
      }
      // AWS always sends eventId; should one be missing, the event's content stands in for it.
      const key = eventKey(event.eventId ?? `${stream}\n${event.timestamp}\n${event.message}`);
      const eventId = event.eventId ?? key;
      newestRead = Math.max(newestRead, event.timestamp);
      if (!cursor.take(key, event.timestamp)) {
        follow.duplicates++;
        continue;
      }
      if (event.timestamp < newestBefore) follow.late++;
      entries.push([key, event.timestamp]);
      if (!streams.has(stream)) {
        streams.add(stream);
        stats.files++;
      }
      classifyMessage(event.message, { file, line: 0, where: `event ${eventId} at ${new Date(event.timestamp).toISOString()}` }, collector);
    }
    if (entries.length === 0) return undefined;
    if (inputs.length === 0) {
      cursor.acknowledge(entries);
      writer.changed();
      return undefined;
    }
    let settled = false;
    return {
      inputs,
      done(error?: Error) {
        if (settled) return Promise.resolve();
        settled = true;
        if (error) {
          cursor.abandon(entries);
          return Promise.resolve();
        }
        cursor.acknowledge(entries);
        try {
          writer.changed();
          return Promise.resolve();
        } catch (failure: unknown) {
          // An earlier checkpoint write failed: following must stop, or a restart would repeat it all.
          return Promise.reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
      },
    };
  };

  let failed = false;
  try {
    while (!signal.aborted) {
      const sweep = follow.polls % pollsPerSweep === 0;
      follow.polls++;
      if (sweep) follow.sweeps++;
      const startTime = cursor.queryStart(sweep);
      let nextToken: string | undefined;
      do {
        const page = await request(startTime, nextToken);
        if (!page) return;
        follow.pages++;
        nextToken = page.nextToken;
        const batch = toBatch(page.events ?? []);
        if (batch) yield batch;
        if (signal.aborted) return;
      } while (nextToken);
      if (options.untilCaughtUp) return;
      await sleep(pollIntervalMs, 'poll', signal);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failed checkpoint write must not hide the error that ended following.
    if (failed) await writer.flush().catch(() => undefined);
    else await writer.flush();
  }
}

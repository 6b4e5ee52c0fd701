import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DetectInput, Location, ReadIssueKind } from '../events/classify.js';
import { emptyReadStats, type ReadStats } from '../events/read-events.js';
import { classifyEventList } from './audit-event-list.js';
import { bearerTokenChecker } from './bearer-token.js';
import type { EventBatch } from './event-batch.js';

export interface AuditWebhookOptions {
  /** 0 picks a free port (see `address()`). */
  port: number;
  /** Interface to listen on; default all. */
  host?: string;
  /** PEM server certificate (chain) and key. */
  tlsCert: string | Buffer;
  tlsKey: string | Buffer;
  /** Bearer token every POST must carry (the kubeconfig `users[].user.token`). */
  token?: string;
  /** PEM CA bundle: when set, clients must present a certificate it signed (kubeconfig `client-certificate`). */
  clientCa?: string | Buffer;
  /** Path the API server posts to: the path of the kubeconfig `server` URL. Default `/audit`. */
  path?: string;
  /** Largest body accepted; larger ones are answered 413 without being buffered. Default 16 MiB. */
  maxBodyBytes?: number;
  /**
   * Batches held at once — being read, waiting for the pipeline, or in it until `done()`. Past
   * that POSTs are answered 429 with `Retry-After`, so memory stays near
   * `maxQueuedBatches × maxBodyBytes` however hard the server is pushed. Default 8.
   */
  maxQueuedBatches?: number;
  /** `Retry-After` on 429 and 503 answers, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Time allowed to receive a request's headers (and the TLS handshake). Default 10 s. */
  headersTimeoutMs?: number;
  /** Time allowed to receive a whole request, body included. Default 30 s, the API server's own request timeout. */
  requestTimeoutMs?: number;
  /** Open connections at once; further ones are closed on arrival. Default 256. */
  maxConnections?: number;
  /** Issues kept in `stats.issues`; the rest are only counted. Default 1000. */
  maxIssues?: number;
  /** Aborting it is `close()`. */
  signal?: AbortSignal;
}

/** Why a request was not answered 200. */
export const WEBHOOK_REJECTIONS = [
  'notFound',
  'method',
  'unauthorized',
  'mediaType',
  'tooLarge',
  'badBody',
  'busy',
  'shuttingDown',
  /** The pipeline ended the batch with an error (503, the API server resends). */
  'failed',
  /** The client went away before its answer. */
  'clientGone',
  /** Not HTTP, headers or body too slow (408), headers too large (431). */
  'protocol',
  /** TLS handshake failed, e.g. no client certificate when `clientCa` is set. */
  'tls',
] as const;
export type WebhookRejection = (typeof WEBHOOK_REJECTIONS)[number];

/**
 * `ReadStats` for the events of every body (`files` counts bodies parsed; issues are located at
 * `webhook request <n>`, line 0, `items[i]`), plus HTTP counters.
 */
export interface AuditWebhookStats extends ReadStats {
  /** HTTP requests received, probes included. */
  requests: number;
  /** POSTs answered 200. */
  accepted: number;
  rejected: Record<WebhookRejection, number>;
}

export interface AuditWebhookServer {
  /**
   * One batch per accepted POST with at least one good event; the POST is answered when the
   * pipeline calls `done()` (200, or 503 with `done(error)`). Ends after `close()` once every
   * accepted batch was handed out. One consumer; leaving the loop early closes the server and
   * answers 503 to the batches not handed out yet, including bodies still being uploaded.
   */
  batches: AsyncIterable<EventBatch>;
  stats: AuditWebhookStats;
  address(): AddressInfo;
  /** Stops accepting connections and resolves once every accepted batch was answered. */
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOK_PATH = '/audit';
export const HEALTH_PATH = '/healthz';
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_ISSUES = 1000;
/**
 * After an early answer (401, 413, 429 …) a body up to this size is read and dropped so the
 * connection can carry the next request; a longer or unknown-length one closes the connection.
 */
const DISCARD_LIMIT = 256 * 1024;

/** Whether what is left of the request can be read and dropped cheaply, keeping the connection. */
function smallRemainder(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const length = req.headers['content-length'];
  return length === undefined || Number(length) <= DISCARD_LIMIT;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen <= 0) throw new Error(`audit webhook: ${name} must be a positive integer, got ${chosen}`);
  return chosen;
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * Serves the Kubernetes API server's audit webhook backend over HTTPS: `POST <path>` with an
 * `audit.k8s.io/v1` `EventList` body. Resolves once listening.
 */
export async function serveAuditWebhook(options: AuditWebhookOptions): Promise<AuditWebhookServer> {
  const webhookPath = options.path ?? DEFAULT_WEBHOOK_PATH;
  if (!webhookPath.startsWith('/') || webhookPath === HEALTH_PATH) {
    throw new Error(`audit webhook: path must start with "/" and differ from ${HEALTH_PATH}, got "${webhookPath}"`);
  }
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const maxQueuedBatches = positive('maxQueuedBatches', options.maxQueuedBatches, 8);
  const retryAfter = { 'Retry-After': String(positive('retryAfterSeconds', options.retryAfterSeconds, 1)) };
  const headersTimeout = positive('headersTimeoutMs', options.headersTimeoutMs, 10_000);
  const requestTimeout = positive('requestTimeoutMs', options.requestTimeoutMs, 30_000);
  if (headersTimeout > requestTimeout) throw new Error('audit webhook: headersTimeoutMs must not exceed requestTimeoutMs');
  const maxConnections = positive('maxConnections', options.maxConnections, 256);
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const checkToken = options.token === undefined ? undefined : bearerTokenChecker(options.token);

  const rejected = Object.fromEntries(WEBHOOK_REJECTIONS.map((reason) => [reason, 0])) as Record<WebhookRejection, number>;
  const stats: AuditWebhookStats = { ...emptyReadStats(), requests: 0, accepted: 0, rejected };

  const queue: EventBatch[] = [];
  let held = 0;
  let reading = 0;
  let closing = false;
  /** The consumer left the loop: a body read after that has nobody to deliver it. */
  let consumerGone = false;
  let closed: Promise<void> | undefined;
  let wakeConsumer: (() => void) | undefined;
  const wake = (): void => {
    const resolve = wakeConsumer;
    wakeConsumer = undefined;
    resolve?.();
  };

  const recordIssue = (kind: ReadIssueKind, loc: Location, message: string): void => {
    // A webhook body is never truncated or unreadable: it is refused, or it parses.
    if (kind === 'oversize') stats.oversize++;
    else stats.malformed++;
    if (stats.issues.length >= maxIssues) stats.issuesOmitted++;
    else stats.issues.push({ file: loc.file, line: loc.line, kind, message: loc.where ? `${loc.where}: ${message}` : message });
  };

  const reply = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, keepAlive = true): void => {
    if (res.headersSent || res.destroyed) return;
    const body = `${message}\n`;
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      // Node closes the socket after a `Connection: close` answer, whatever of the body is unread.
      ...(closing || !keepAlive ? { Connection: 'close' } : {}),
      ...headers,
    });
    res.end(body);
  };

  /** Answers before reading the body, which is then dropped (or the connection closed). */
  const reject = (req: IncomingMessage, res: ServerResponse, status: number, reason: WebhookRejection, message: string, headers?: Record<string, string>): void => {
    stats.rejected[reason]++;
    reply(res, status, message, headers, smallRemainder(req));
    req.resume();
  };

  const receive = (req: IncomingMessage, res: ServerResponse, loc: Location): void => {
    held++;
    reading++;
    let bodyOpen = true;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      held--;
      wake();
    };
    const stopReading = (): void => {
      bodyOpen = false;
      reading--;
      wake();
    };
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      stopReading();
      chunks.length = 0;
      recordIssue('oversize', loc, `body over the ${maxBodyBytes}-byte limit`);
      stats.rejected.tooLarge++;
      reply(res, 413, `body over the ${maxBodyBytes}-byte limit; lower --audit-webhook-batch-max-size`, {}, false);
      release();
      req.removeAllListeners('data');
      req.resume();
    });
    req.on('error', () => {
      // An aborted upload; 'close' below accounts for it.
    });
    req.on('close', () => {
      if (!bodyOpen) return;
      stopReading();
      stats.rejected.clientGone++;
      release();
    });
    req.on('end', () => {
      if (!bodyOpen) return;
      stopReading();
      const body = Buffer.concat(chunks, size);
      chunks.length = 0;
      stats.files++;
      const inputs: DetectInput[] = [];
      const problem = classifyEventList(body, loc, {
        item(input) {
          stats.events++;
          stats.k8sAudit++;
          inputs.push(input);
        },
        issue: recordIssue,
      });
      if (problem) {
        recordIssue(problem.kind, loc, problem.message);
        stats.rejected.badBody++;
        reply(res, 400, problem.message);
        release();
        return;
      }
      // Nothing to deliver: the bad items are counted, and resending them would not mend them.
      if (inputs.length === 0) {
        stats.accepted++;
        reply(res, 200, 'ok');
        release();
        return;
      }
      if (consumerGone) {
        stats.rejected.shuttingDown++;
        reply(res, 503, 'shutting down', retryAfter);
        release();
        return;
      }
      let answered = false;
      queue.push({
        inputs,
        done(error?: Error): Promise<void> {
          if (answered) return Promise.resolve();
          answered = true;
          release();
          if (clientGone) {
            stats.rejected.clientGone++;
            return Promise.resolve();
          }
          const finished = new Promise<void>((resolve) => res.once('close', () => resolve()));
          if (error) {
            stats.rejected.failed++;
            // The pipeline's error may name a sink; the API server is told only to come back.
            reply(res, 503, 'alerts could not be delivered; retry later', retryAfter);
          } else {
            stats.accepted++;
            reply(res, 200, 'ok');
          }
          return finished;
        },
      });
      wake();
    });
  };

  const server = createServer(
    {
      cert: options.tlsCert,
      key: options.tlsKey,
      ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
      handshakeTimeout: headersTimeout,
      headersTimeout,
      requestTimeout,
      // Timeouts are enforced by a periodic sweep; sweep often enough for short limits to hold.
      connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 4)),
    },
    (req, res) => {
      stats.requests++;
      const path = (req.url ?? '').split('?', 1)[0];
      if (path === HEALTH_PATH) {
        if (req.method !== 'GET' && req.method !== 'HEAD') reject(req, res, 405, 'method', 'use GET', { Allow: 'GET, HEAD' });
        else if (closing) reply(res, 503, 'shutting down');
        else reply(res, 200, 'ok');
        return;
      }
      if (path !== webhookPath) return reject(req, res, 404, 'notFound', `not found; audit events go to POST ${webhookPath}`);
      if (req.method !== 'POST') return reject(req, res, 405, 'method', 'use POST', { Allow: 'POST' });
      if (closing) return reject(req, res, 503, 'shuttingDown', 'shutting down', retryAfter);
      if (checkToken && !checkToken(req.headers.authorization)) {
        return reject(req, res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer realm="eksguard"' });
      }
      const encoding = req.headers['content-encoding'];
      if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
        return reject(req, res, 415, 'mediaType', `Content-Encoding ${encoding} is not supported; send the EventList as plain JSON`);
      }
      const mediaType = mediaTypeOf(req.headers['content-type']);
      if (mediaType !== 'application/json') {
        return reject(req, res, 415, 'mediaType', `Content-Type must be application/json, got ${mediaType || 'none'}`);
      }
      const loc: Location = { file: `webhook request ${stats.requests}`, line: 0 };
      const declared = Number(req.headers['content-length']);
      if (declared > maxBodyBytes) {
        recordIssue('oversize', loc, `body of ${declared} bytes is over the ${maxBodyBytes}-byte limit`);
        return reject(req, res, 413, 'tooLarge', `body over the ${maxBodyBytes}-byte limit; lower --audit-webhook-batch-max-size`);
      }
      if (held >= maxQueuedBatches) return reject(req, res, 429, 'busy', 'too many batches waiting; retry later', retryAfter);
      receive(req, res, loc);
    },
  );
  server.maxConnections = maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    stats.rejected.protocol++;
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on('tlsClientError', (_error, socket) => {
    stats.rejected.tls++;
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const close = (): Promise<void> => {
    if (!closed) {
      closing = true;
      closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      wake();
    }
    return closed;
  };
  if (options.signal?.aborted) void close();
  else options.signal?.addEventListener('abort', () => void close(), { once: true });

  async function* handOut(): AsyncGenerator<EventBatch> {
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (closing && reading === 0) return;
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    } finally {
      // A consumer that stops early leaves batches nobody will deliver, and so will uploads still
      // being read: they are answered 503 and the API server resends them.
      consumerGone = true;
      for (const batch of queue.splice(0)) void batch.done(new Error('pipeline stopped'));
      void close();
    }
  }

  return {
    batches: { [Symbol.asyncIterator]: handOut },
    stats,
    address: () => server.address() as AddressInfo,
    close,
  };
}

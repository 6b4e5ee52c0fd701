import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadServingCertificate, watchServingCertificate, type CertificateWatcher } from './cert-reloader.js';
import { AdmissionMetrics, METRICS_CONTENT_TYPE, type VerdictOutcome } from './metrics.js';
import { admissionResponse, parseAdmissionReview } from './review.js';
import type { AdmissionMode, AdmissionRequestInfo, Verdict } from './verdict-types.js';
import type { Severity } from '../model/index.js';

export const VALIDATE_PATH = '/validate';
export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

/** One decision for the audit trail (the CLI writes each as a JSON line). */
export interface DecisionRecord {
  /** ISO 8601, when the answer was sent. */
  time: string;
  uid: string;
  operation: AdmissionRequestInfo['operation'];
  /** `apps/v1`, `v1` … and `Deployment`, `Pod` …: the kind as the request names it. */
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  user?: string;
  allowed: boolean;
  verdict: Exclude<VerdictOutcome, 'invalid'>;
  violations: { checkId: string; mode: AdmissionMode; severity: Severity }[];
  /** Why the request was admitted unjudged (from the verdict). */
  skipped?: string;
  latencyMs: number;
}

export interface AdmissionServerOptions {
  /** 0 picks a free port (see `address()`). */
  port: number;
  /** Interface to listen on; default all. */
  host?: string;
  /** PEM serving certificate (chain) and key files; reloaded when they change. Required unless `insecureHttp`. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** Plain HTTP, for local testing only. */
  insecureHttp?: boolean;
  /** The verdict on one well-formed request. */
  judge: (request: AdmissionRequestInfo) => Verdict | Promise<Verdict>;
  /**
   * The answer when the judge throws or misses the budget. The API server's own `failurePolicy`
   * applies only when the webhook gives no answer (connection refused, HTTP error, its
   * `timeoutSeconds` passed); here the webhook still answers, so it decides itself:
   * `allow` admits with a warning naming why (availability first: a slow image gate must not stop
   * every deployment), `deny` refuses with code 503 (timeout) or 500 (judge failure). Either way
   * the outcome is counted (`timeout`, `error`), logged and recorded. No default: the CLI must choose.
   */
  failurePolicy: 'allow' | 'deny';
  /** Time the judge has per request. Default 200 ms. */
  budgetMs?: number;
  /**
   * Largest body read; a larger one is answered 413 without being buffered. Default 6 MiB: the API
   * server refuses request bodies over 3 MiB, and a review of an UPDATE carries two objects
   * (`object` and `oldObject`); a 10 MB body is refused.
   */
  maxBodyBytes?: number;
  /** Time to receive a request's headers (and the TLS handshake). Default 5 s. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request. Default 10 s, the API server's default webhook `timeoutSeconds`. */
  requestTimeoutMs?: number;
  /**
   * Idle keep-alive connections are closed after this. Default 120 s: longer than the Go client's
   * 90 s idle timeout, so the API server closes idle connections first and never sends a review
   * on a connection the webhook is closing.
   */
  keepAliveTimeoutMs?: number;
  /** Reviews read or judged at once; more are answered 429 with `Retry-After`. Default 64. */
  maxConcurrent?: number;
  /** Open connections at once; further ones are closed on arrival. Default 1024. */
  maxConnections?: number;
  /** `Retry-After` seconds on 429 and 503 answers. Default 1. */
  retryAfterSeconds?: number;
  /** How often the certificate files are read again besides `fs.watch`. Default 10 s. */
  certPollIntervalMs?: number;
  /** Each decision, except for `dryRun` requests: those are answered but not recorded. */
  onDecision?: (record: DecisionRecord) => void;
  /** Operational messages: timeouts, judge failures, malformed reviews, certificate reloads. */
  onLog?: (message: string) => void;
  /** Aborting it is `close()`. */
  signal?: AbortSignal;
  /** Milliseconds, monotonic; for latencies. Default `performance.now`. */
  clock?: () => number;
}

export interface AdmissionServer {
  address(): AddressInfo;
  /** Listening, certificate loaded, not shutting down (what `/readyz` answers). */
  ready(): boolean;
  /**
   * Graceful: stops accepting connections, fails `/readyz`, answers the reviews in flight (and
   * any that arrive on open connections meanwhile, each answer closing its connection), then
   * resolves once every connection is closed.
   */
  close(): Promise<void>;
  metrics: AdmissionMetrics;
}

const MIB = 1024 * 1024;
/**
 * After an early answer (405, 413, 415, 429) a body up to this size is read and dropped so the
 * connection can carry the next review; a longer or unknown-length one closes the connection.
 */
const DISCARD_LIMIT = 64 * 1024;

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen <= 0) throw new Error(`admission server: ${name} must be a positive integer, got ${chosen}`);
  return chosen;
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

function smallRemainder(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const length = req.headers['content-length'];
  return length === undefined || Number(length) <= DISCARD_LIMIT;
}

function outcomeOf(verdict: Verdict): 'allowed' | 'denied' | 'warned' {
  if (!verdict.allowed) return 'denied';
  return verdict.warnings.length > 0 ? 'warned' : 'allowed';
}

/** The answer given in place of a verdict that failed or came too late. */
function failureVerdict(failurePolicy: 'allow' | 'deny', outcome: 'timeout' | 'error', budgetMs: number): Verdict {
  const what = outcome === 'timeout' ? `could not judge this request within its ${budgetMs} ms budget` : 'failed to judge this request';
  if (failurePolicy === 'allow') return { allowed: true, warnings: [`eksguard ${what}; admitted unjudged (failure mode allow)`], violations: [] };
  return {
    allowed: false,
    status: { code: outcome === 'timeout' ? 503 : 500, message: `eksguard ${what}; denied (failure mode deny), try again` },
    warnings: [],
    violations: [],
  };
}

function objectName(request: AdmissionRequestInfo): string | undefined {
  if (request.name) return request.name;
  const metadata = (request.object ?? request.oldObject)?.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { name } = metadata as { name?: unknown };
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * Serves the validating admission webhook: `POST /validate` (admission.k8s.io/v1 AdmissionReview),
 * `GET /healthz`, `/readyz`, `/metrics`. HTTPS with TLS 1.2 or later unless `insecureHttp`.
 * Resolves once listening; rejects when the certificate cannot be loaded or the port taken.
 */
export async function serveAdmission(options: AdmissionServerOptions): Promise<AdmissionServer> {
  const budgetMs = positive('budgetMs', options.budgetMs, 200);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 6 * MIB);
  const headersTimeout = positive('headersTimeoutMs', options.headersTimeoutMs, 5_000);
  const requestTimeout = positive('requestTimeoutMs', options.requestTimeoutMs, 10_000);
  if (headersTimeout > requestTimeout) throw new Error('admission server: headersTimeoutMs must not exceed requestTimeoutMs');
  const keepAliveTimeout = positive('keepAliveTimeoutMs', options.keepAliveTimeoutMs, 120_000);
  const maxConcurrent = positive('maxConcurrent', options.maxConcurrent, 64);
  const maxConnections = positive('maxConnections', options.maxConnections, 1024);
  const retryAfter = { 'Retry-After': String(positive('retryAfterSeconds', options.retryAfterSeconds, 1)) };
  const failurePolicy = options.failurePolicy;
  if (failurePolicy !== 'allow' && failurePolicy !== 'deny') throw new Error('admission server: failurePolicy must be "allow" or "deny"');
  const log = options.onLog ?? (() => {});
  const clock = options.clock ?? (() => performance.now());
  const metrics = new AdmissionMetrics();

  let closing = false;

  const reply = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, keepAlive = true): void => {
    if (res.headersSent || res.destroyed) return;
    if (status !== 200) metrics.countHttpError(status);
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
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, message: string, headers?: Record<string, string>): void => {
    reply(res, status, message, headers, smallRemainder(req));
    req.resume();
  };

  const sendReview = (res: ServerResponse, uid: string, verdict: Verdict): void => {
    if (res.headersSent || res.destroyed) return;
    const body = JSON.stringify(admissionResponse(uid, verdict));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      ...(closing ? { Connection: 'close' } : {}),
    });
    res.end(body);
  };

  /** The judge's verdict, or the failure answer when it throws, returns nonsense or misses the budget. */
  const decide = async (request: AdmissionRequestInfo): Promise<{ verdict: Verdict; outcome: Exclude<VerdictOutcome, 'invalid'> }> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), budgetMs);
    });
    let judged: Promise<Verdict>;
    try {
      judged = Promise.resolve(options.judge(request));
    } catch (error) {
      judged = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    try {
      const verdict = await Promise.race([judged, late]);
      if (verdict === 'late') {
        log(`review ${request.uid} (${request.operation} ${request.kind.kind}): no verdict within ${budgetMs} ms; answered per failure mode ${failurePolicy}`);
        // The judge cannot be stopped; its late end is only logged.
        judged.catch((error: unknown) => log(`review ${request.uid}: judge failed after the budget: ${(error as Error)?.message ?? String(error)}`));
        return { verdict: failureVerdict(failurePolicy, 'timeout', budgetMs), outcome: 'timeout' };
      }
      if (typeof verdict?.allowed !== 'boolean' || !Array.isArray(verdict.warnings) || !Array.isArray(verdict.violations)) {
        throw new Error('the judge returned a malformed verdict');
      }
      return { verdict, outcome: outcomeOf(verdict) };
    } catch (error) {
      log(`review ${request.uid} (${request.operation} ${request.kind.kind}): judge failed: ${(error as Error)?.message ?? String(error)}; answered per failure mode ${failurePolicy}`);
      return { verdict: failureVerdict(failurePolicy, 'error', budgetMs), outcome: 'error' };
    } finally {
      clearTimeout(timer);
    }
  };

  const record = (request: AdmissionRequestInfo, verdict: Verdict, outcome: DecisionRecord['verdict'], latencyMs: number): void => {
    if (!options.onDecision || request.dryRun) return;
    const entry: DecisionRecord = {
      time: new Date().toISOString(),
      uid: request.uid,
      operation: request.operation,
      apiVersion: request.kind.group ? `${request.kind.group}/${request.kind.version}` : request.kind.version,
      kind: request.kind.kind,
      allowed: verdict.allowed,
      verdict: outcome,
      violations: verdict.violations.map(({ checkId, mode, severity }) => ({ checkId, mode, severity })),
      latencyMs: Math.round(latencyMs * 1000) / 1000,
    };
    if (request.namespace) entry.namespace = request.namespace;
    const name = objectName(request);
    if (name) entry.name = name;
    if (request.userInfo.username) entry.user = request.userInfo.username;
    if (verdict.skipped) entry.skipped = verdict.skipped;
    try {
      options.onDecision(entry);
    } catch (error) {
      log(`review ${request.uid}: recording the decision failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };

  const review = async (body: Buffer, res: ServerResponse, started: number): Promise<void> => {
    const parsed = parseAdmissionReview(body);
    if ('status' in parsed) {
      reply(res, parsed.status, parsed.error);
      return;
    }
    if ('error' in parsed) {
      log(`review ${parsed.uid}: malformed request, denied: ${parsed.error}`);
      sendReview(res, parsed.uid, {
        allowed: false,
        status: { code: 400, message: `eksguard: malformed AdmissionReview: ${parsed.error}` },
        warnings: [],
        violations: [],
      });
      metrics.countVerdict('invalid', (clock() - started) / 1000);
      return;
    }
    const request = parsed.review;
    metrics.countRequest(request.operation, request.kind.kind);
    const { verdict, outcome } = await decide(request);
    try {
      sendReview(res, request.uid, verdict);
    } catch (error) {
      // A verdict whose parts cannot be serialised: answer the failure mode instead.
      log(`review ${request.uid}: cannot answer the verdict: ${(error as Error).message}`);
      sendReview(res, request.uid, failureVerdict(failurePolicy, 'error', budgetMs));
      const latency = clock() - started;
      metrics.countVerdict('error', latency / 1000);
      return;
    }
    const latency = clock() - started;
    metrics.countVerdict(outcome, latency / 1000);
    record(request, verdict, outcome, latency);
  };

  const receive = (req: IncomingMessage, res: ServerResponse): void => {
    const started = clock();
    metrics.inFlight++;
    res.once('close', () => metrics.inFlight--);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      tooLarge = true;
      chunks.length = 0;
      reply(res, 413, `body over the ${maxBodyBytes}-byte limit`, {}, false);
    });
    req.on('error', () => {
      // An aborted upload: nothing to answer; 'close' on the response ends the bookkeeping.
    });
    req.on('end', () => {
      if (tooLarge) return;
      const body = Buffer.concat(chunks, size);
      chunks.length = 0;
      review(body, res, started).catch((error: unknown) => {
        // Not expected (every step above handles its failures); still never leave a request hanging.
        log(`review failed: ${(error as Error)?.message ?? String(error)}`);
        reply(res, 500, 'internal error');
      });
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?', 1)[0];
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    switch (path) {
      case HEALTHZ_PATH:
        if (!isGet) return refuse(req, res, 405, 'use GET', { Allow: 'GET, HEAD' });
        return reply(res, 200, 'ok');
      case READYZ_PATH:
        if (!isGet) return refuse(req, res, 405, 'use GET', { Allow: 'GET, HEAD' });
        return closing ? reply(res, 503, 'shutting down', retryAfter) : reply(res, 200, 'ok');
      case METRICS_PATH: {
        if (!isGet) return refuse(req, res, 405, 'use GET', { Allow: 'GET, HEAD' });
        const text = metrics.render();
        res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Content-Length': String(Buffer.byteLength(text)) });
        res.end(text);
        return;
      }
      case VALIDATE_PATH:
        break;
      default:
        return refuse(req, res, 404, `not found; admission reviews go to POST ${VALIDATE_PATH}`);
    }
    if (req.method !== 'POST') return refuse(req, res, 405, 'use POST', { Allow: 'POST' });
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return refuse(req, res, 415, 'Content-Encoding is not supported; send the AdmissionReview as plain JSON');
    }
    const mediaType = mediaTypeOf(req.headers['content-type']);
    if (mediaType !== 'application/json') return refuse(req, res, 415, 'Content-Type must be application/json');
    if (Number(req.headers['content-length']) > maxBodyBytes) return refuse(req, res, 413, `body over the ${maxBodyBytes}-byte limit`);
    if (metrics.inFlight >= maxConcurrent) return refuse(req, res, 429, 'too many reviews in flight; retry later', retryAfter);
    receive(req, res);
  };

  let server: Server;
  let certificates: CertificateWatcher | undefined;
  const timeouts = {
    headersTimeout,
    requestTimeout,
    // Timeouts are enforced by a periodic sweep; sweep often enough for short limits to hold.
    connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 4)),
  };
  if (options.insecureHttp) {
    if (options.tlsCertFile || options.tlsKeyFile) throw new Error('admission server: TLS files and insecureHttp exclude each other');
    server = createHttpServer(timeouts, handle);
  } else {
    const { tlsCertFile, tlsKeyFile } = options;
    if (!tlsCertFile || !tlsKeyFile) throw new Error('admission server: tlsCertFile and tlsKeyFile are required (or insecureHttp for local testing)');
    const initial = await loadServingCertificate(tlsCertFile, tlsKeyFile);
    const httpsServer = createHttpsServer({ ...timeouts, cert: initial.cert, key: initial.key, minVersion: 'TLSv1.2', handshakeTimeout: headersTimeout }, handle);
    certificates = watchServingCertificate({
      certFile: tlsCertFile,
      keyFile: tlsKeyFile,
      initial,
      onReload: ({ cert, key }) => httpsServer.setSecureContext({ cert, key, minVersion: 'TLSv1.2' }),
      onLog: log,
      ...(options.certPollIntervalMs === undefined ? {} : { pollIntervalMs: options.certPollIntervalMs }),
    });
    httpsServer.on('tlsClientError', (_error, socket) => socket.destroy());
    server = httpsServer;
  }
  server.keepAliveTimeout = keepAliveTimeout;
  server.maxConnections = maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    certificates?.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (!closed) {
      closing = true;
      certificates?.close();
      closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
    }
    return closed;
  };
  if (options.signal?.aborted) void close();
  else options.signal?.addEventListener('abort', () => void close(), { once: true });

  return {
    address: () => server.address() as AddressInfo,
    ready: () => !closing,
    close,
    metrics,
  };
}

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadServingCertificate, watchServingCertificate, type CertificateWatcher } from './cert-reloader.js';
import { bodyReception, largeBodiesShareOf, type Reply } from './body-reception.js';
import { decisionRecord, failureVerdict, outcomeOf, type DecisionRecord } from './decision-record.js';
import { AdmissionMetrics, METRICS_CONTENT_TYPE, type VerdictOutcome } from './metrics.js';
import { admissionResponse, parseAdmissionReview } from './review.js';
import type { AdmissionRequestInfo, Verdict } from './verdict-types.js';

export type { DecisionRecord } from './decision-record.js';

export const VALIDATE_PATH = '/validate';
export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

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
  /**
   * Time the judge has per request. Default 200 ms. It bounds what the judge awaits (image gates'
   * registry lookups): past it the failure answer is given. Synchronous work cannot be interrupted:
   * a verdict computed past the budget is answered, logged and counted as over budget.
   */
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
   * Time to receive a review's body once its headers are in; past it the answer is 408 and the
   * connection is closed. Default 2 s: the API server writes the body at once, so only a stalling
   * client takes longer, and it must not hold memory or a connection for long.
   */
  bodyTimeoutMs?: number;
  /**
   * Request body bytes held at once, across bodies being received and reviews being judged. A body
   * that would go past it is answered 503 with `Retry-After` (unread when its declared length
   * already does). Bodies over 256 KiB together get three quarters of it, so that large uploads
   * cannot crowd out ordinary reviews (a few KiB). Default 64 MiB, at least 4/3 of `maxBodyBytes`.
   */
  maxBufferedBytes?: number;
  /**
   * Idle keep-alive connections are closed after this. Default 120 s: longer than the Go client's
   * 90 s idle timeout, so the API server closes idle connections first and never sends a review
   * on a connection the webhook is closing.
   */
  keepAliveTimeoutMs?: number;
  /**
   * Reviews judged at once; more are answered 429 with `Retry-After`. Default 64. A review takes a
   * slot once its body is received, so slow uploads never hold one.
   */
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
 * TLS 1.2 suites: forward secrecy (ECDHE) with an AEAD cipher only, no CBC or SHA-1 MAC. Listed
 * with the TLS 1.3 suites (Node's defaults), which are all AEAD.
 */
export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen <= 0) throw new Error(`admission server: ${name} must be a positive integer, got ${chosen}`);
  return chosen;
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** At most this many check errors are named in one log line. */
const MAX_LOGGED_CHECK_ERRORS = 10;

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
  const bodyTimeout = positive('bodyTimeoutMs', options.bodyTimeoutMs, 2_000);
  const maxBufferedBytes = positive('maxBufferedBytes', options.maxBufferedBytes, 64 * MIB);
  const largeBodiesShare = largeBodiesShareOf(maxBufferedBytes, maxBodyBytes);
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

  const reply: Reply = (res, status, message, headers = {}, keepAlive = true) => {
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
  const decide = async (
    request: AdmissionRequestInfo,
  ): Promise<{ verdict: Verdict; outcome: Exclude<VerdictOutcome, 'invalid'>; overBudget: boolean }> => {
    const judgeStarted = clock();
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
        return { verdict: failureVerdict(failurePolicy, 'timeout', budgetMs), outcome: 'timeout', overBudget: false };
      }
      if (typeof verdict?.allowed !== 'boolean' || !Array.isArray(verdict.warnings) || !Array.isArray(verdict.violations)) {
        throw new Error('the judge returned a malformed verdict');
      }
      // The timer cannot fire while synchronous checks run: a verdict they computed past the
      // budget wins the race. It is still the right answer, so it is given, and made visible.
      const elapsed = clock() - judgeStarted;
      const overBudget = elapsed > budgetMs;
      if (overBudget) {
        metrics.countOverBudget();
        log(`review ${request.uid} (${request.operation} ${request.kind.kind}): verdict took ${Math.round(elapsed)} ms, over the ${budgetMs} ms budget; answered with it`);
      }
      return { verdict, outcome: outcomeOf(verdict), overBudget };
    } catch (error) {
      log(`review ${request.uid} (${request.operation} ${request.kind.kind}): judge failed: ${(error as Error)?.message ?? String(error)}; answered per failure mode ${failurePolicy}`);
      return { verdict: failureVerdict(failurePolicy, 'error', budgetMs), outcome: 'error', overBudget: false };
    } finally {
      clearTimeout(timer);
    }
  };

  const record = (request: AdmissionRequestInfo, verdict: Verdict, outcome: DecisionRecord['verdict'], latencyMs: number, overBudget: boolean): void => {
    if (!options.onDecision || request.dryRun) return;
    const entry = decisionRecord(request, verdict, outcome, latencyMs, overBudget);
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
    const { verdict, outcome, overBudget } = await decide(request);
    const checkErrors = Array.isArray(verdict.checkErrors) ? verdict.checkErrors : [];
    if (checkErrors.length > 0) {
      const named = checkErrors.slice(0, MAX_LOGGED_CHECK_ERRORS).join('; ');
      const more = checkErrors.length > MAX_LOGGED_CHECK_ERRORS ? ` … and ${checkErrors.length - MAX_LOGGED_CHECK_ERRORS} more` : '';
      log(`review ${request.uid} (${request.operation} ${request.kind.kind}): ${checkErrors.length} check(s) failed to run: ${named}${more}`);
    }
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
    record(request, verdict, outcome, latency, overBudget);
  };

  const { bufferRoom, refuse, receive } = bodyReception({
    maxBodyBytes,
    maxBufferedBytes,
    largeBodiesShare,
    bodyTimeoutMs: bodyTimeout,
    maxConcurrent,
    retryAfter,
    metrics,
    reply,
    clock,
    onBody: (body, res, started) => {
      review(body, res, started).catch((error: unknown) => {
        // Not expected (every step above handles its failures); still never leave a request hanging.
        log(`review failed: ${(error as Error)?.message ?? String(error)}`);
        reply(res, 500, 'internal error');
      });
    },
  });

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
        res.writeHead(200, {
          'Content-Type': METRICS_CONTENT_TYPE,
          'Content-Length': String(Buffer.byteLength(text)),
          ...(closing ? { Connection: 'close' } : {}),
        });
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
    const declaredBytes = Number(req.headers['content-length'] ?? 0) || 0;
    if (declaredBytes > maxBodyBytes) return refuse(req, res, 413, `body over the ${maxBodyBytes}-byte limit`);
    if (!bufferRoom(declaredBytes, declaredBytes)) return refuse(req, res, 503, 'too many request bytes in flight; retry later', retryAfter);
    receive(req, res, declaredBytes);
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
    const tls = { minVersion: 'TLSv1.2', ciphers: TLS_CIPHERS } as const;
    const httpsServer = createHttpsServer({ ...timeouts, ...tls, cert: initial.cert, key: initial.key, handshakeTimeout: headersTimeout }, handle);
    certificates = watchServingCertificate({
      certFile: tlsCertFile,
      keyFile: tlsKeyFile,
      initial,
      onReload: ({ cert, key }) => httpsServer.setSecureContext({ ...tls, cert, key }),
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

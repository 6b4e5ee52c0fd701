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
  /** Findings waived by an exception or the EKS baseline (from the verdict). */
  waived?: number;
  /** Checks that failed to run on the object, `check-id: reason` (from the verdict). */
  checkErrors?: string[];
  /** The verdict took longer than the budget and was answered all the same. */
  overBudget?: true;
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
 * After an early answer (405, 413, 415, 429) a body up to this size is read and dropped so the
 * connection can carry the next review; a longer or unknown-length one closes the connection.
 */
const DISCARD_LIMIT = 64 * 1024;
/** Bodies over this size are large: together they may hold only `LARGE_SHARE` of `maxBufferedBytes`. */
const SMALL_BODY_BYTES = 256 * 1024;
const LARGE_SHARE = 0.75;

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

function smallRemainder(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const length = req.headers['content-length'];
  return length === undefined || Number(length) <= DISCARD_LIMIT;
}

function outcomeOf(verdict: Verdict): 'allowed' | 'audited' | 'denied' | 'warned' {
  if (!verdict.allowed) return 'denied';
  if (verdict.warnings.length > 0 || verdict.violations.some((violation) => violation.mode === 'warn')) return 'warned';
  return verdict.violations.length > 0 ? 'audited' : 'allowed';
}

/** At most this many check errors are named in one log line. */
const MAX_LOGGED_CHECK_ERRORS = 10;

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
  const bodyTimeout = positive('bodyTimeoutMs', options.bodyTimeoutMs, 2_000);
  const maxBufferedBytes = positive('maxBufferedBytes', options.maxBufferedBytes, 64 * MIB);
  const largeBodiesShare = Math.floor(maxBufferedBytes * LARGE_SHARE);
  if (largeBodiesShare < maxBodyBytes) throw new Error('admission server: maxBufferedBytes must be at least 4/3 of maxBodyBytes');
  const keepAliveTimeout = positive('keepAliveTimeoutMs', options.keepAliveTimeoutMs, 120_000);
  const maxConcurrent = positive('maxConcurrent', options.maxConcurrent, 64);
  const maxConnections = positive('maxConnections', options.maxConnections, 1024);
  const retryAfter = { 'Retry-After': String(positive('retryAfterSeconds', options.retryAfterSeconds, 1)) };
  const failurePolicy = options.failurePolicy;
  if (failurePolicy !== 'allow' && failurePolicy !== 'deny') throw new Error('admission server: failurePolicy must be "allow" or "deny"');
  const log = options.onLog ?? (() => {});
  const clock = options.clock ?? (() => performance.now());
  const metrics = new AdmissionMetrics();
  /** Whether a body of `bodyBytes` may add `more` bytes to those held. */
  const bufferRoom = (bodyBytes: number, more: number): boolean =>
    metrics.bufferedBytes + more <= (bodyBytes > SMALL_BODY_BYTES ? largeBodiesShare : maxBufferedBytes);

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
    if (verdict.waived) entry.waived = verdict.waived;
    if (verdict.checkErrors?.length) entry.checkErrors = [...verdict.checkErrors];
    if (overBudget) entry.overBudget = true;
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

  /**
   * Reads a review's body, then judges it. The bytes held count against `maxBufferedBytes` until
   * the answer is sent; a judging slot is taken only once the body is complete, so a client that
   * stalls holds neither a slot nor, past `bodyTimeoutMs`, its connection.
   */
  const receive = (req: IncomingMessage, res: ServerResponse, declaredBytes: number): void => {
    const started = clock();
    const chunks: Buffer[] = [];
    let held = 0;
    let receiving = true;
    metrics.receiving++;
    const release = (): void => {
      metrics.bufferedBytes -= held;
      held = 0;
      chunks.length = 0;
    };
    const stopReceiving = (): void => {
      if (!receiving) return;
      receiving = false;
      metrics.receiving--;
      clearTimeout(bodyTimer);
    };
    /** Answers before the body is complete, drops what was read and closes the connection. */
    const giveUp = (status: number, message: string, headers?: Record<string, string>): void => {
      stopReceiving();
      release();
      reply(res, status, message, headers, false);
    };
    const bodyTimer = setTimeout(() => giveUp(408, `request body not received within ${bodyTimeout} ms`), bodyTimeout);
    res.once('close', () => {
      // Answered, or the client went away: either way nothing more is read or held.
      stopReceiving();
      release();
    });
    req.on('data', (chunk: Buffer) => {
      if (!receiving) return;
      const size = held + chunk.length;
      if (size > maxBodyBytes) return giveUp(413, `body over the ${maxBodyBytes}-byte limit`);
      if (!bufferRoom(Math.max(size, declaredBytes), chunk.length)) return giveUp(503, 'too many request bytes in flight; retry later', retryAfter);
      chunks.push(chunk);
      held = size;
      metrics.bufferedBytes += chunk.length;
    });
    req.on('error', () => {
      // An aborted upload: nothing to answer; 'close' on the response ends the bookkeeping.
    });
    req.on('end', () => {
      if (!receiving) return;
      stopReceiving();
      if (metrics.inFlight >= maxConcurrent) {
        release();
        reply(res, 429, 'too many reviews in flight; retry later', retryAfter);
        return;
      }
      metrics.inFlight++;
      res.once('close', () => metrics.inFlight--);
      const body = Buffer.concat(chunks, held);
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

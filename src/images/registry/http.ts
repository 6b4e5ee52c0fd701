/**
 * The HTTP transport under the registry client: `fetch` with a deadline for the answer's headers,
 * a stall deadline while its body streams, an optional overall signal, and retries with
 * exponential backoff on 429, 5xx and network failures (every request we make is a GET or HEAD,
 * so a retry is always safe). Redirects are followed here, not by `fetch`: a hostile registry
 * must not be able to point us at an internal http address and have its answer read back.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ImageError } from './errors.js';

export interface HttpOptions {
  /** Deadline for an answer's headers, and for any pause while a body streams (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first on 429, 5xx and network errors (default 3). */
  retries?: number;
  /** First backoff, doubled each retry (default 250 ms); `Retry-After` wins when it is shorter than 30 s. */
  backoffMs?: number;
  /** Aborts every request (and the bodies being read) when it fires: the caller's overall deadline. */
  signal?: AbortSignal;
}

/** Blob redirects to a CDN or object store take one hop; more is a loop or a trick. */
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface HttpAnswer {
  response: Response;
  /** The body as a Node stream whose stalls fail it with a timeout. */
  body(): Readable;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryDelay(response: Response | undefined, attempt: number, backoffMs: number): number {
  const header = response?.headers.get('retry-after');
  const seconds = header ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 30) return seconds * 1000;
  return backoffMs * 2 ** attempt;
}

/**
 * `fetch` with redirects followed by hand: at most MAX_REDIRECTS hops, each to https, or to the
 * same origin when the registry itself is plain http (loopback, or marked insecure). The
 * Authorization header goes along only to the same origin, as browsers do.
 */
async function fetchFollowing(url: string, init: { method: 'GET' | 'HEAD'; headers: Record<string, string> }, signal: AbortSignal): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const headers = new URL(current).origin === origin ? init.headers : withoutAuthorization(init.headers);
    const response = await fetch(current, { ...init, headers, signal, redirect: 'manual' });
    if (!REDIRECTS.has(response.status)) return response;
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (hop >= MAX_REDIRECTS) throw new ImageError('registry-error', `${init.method} ${url}: more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location ?? '', current);
    } catch {
      throw new ImageError('registry-error', `${init.method} ${url}: HTTP ${response.status} with an unusable Location`);
    }
    if (!location || (next.protocol !== 'https:' && next.origin !== origin)) {
      throw new ImageError('registry-error', `${init.method} ${url}: HTTP ${response.status} redirect refused (only https, or the same origin, is followed)`);
    }
    current = next.href;
  }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

export async function httpRequest(url: string, init: { method: 'GET' | 'HEAD'; headers: Record<string, string> }, options: HttpOptions = {}): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(), timeoutMs);
    const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
    let response: Response;
    try {
      response = await fetchFollowing(url, init, signal);
    } catch (error) {
      clearTimeout(timer);
      if (options.signal?.aborted) throw new ImageError('timeout', `${init.method} ${url}: abandoned at the caller's deadline`);
      if (error instanceof ImageError) throw error;
      const timedOut = controller.signal.aborted;
      if (attempt < retries) {
        await sleep(retryDelay(undefined, attempt, backoffMs));
        continue;
      }
      throw timedOut
        ? new ImageError('timeout', `${init.method} ${url}: no answer within ${timeoutMs} ms (after ${attempt + 1} attempts)`)
        : new ImageError('network', `${init.method} ${url}: ${(error as Error).message} (after ${attempt + 1} attempts)`, { cause: error });
    }
    clearTimeout(timer);
    if ((response.status === 429 || response.status >= 500) && attempt < retries) {
      await response.body?.cancel().catch(() => undefined);
      await sleep(retryDelay(response, attempt, backoffMs));
      if (options.signal?.aborted) throw new ImageError('timeout', `${init.method} ${url}: abandoned at the caller's deadline`);
      continue;
    }
    return {
      response,
      body: () => {
        if (!response.body) return Readable.from([]);
        const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
        // A body that stops flowing aborts the request instead of hanging the scan.
        timer = setTimeout(() => controller.abort(), timeoutMs);
        stream.on('data', () => timer.refresh());
        stream.on('close', () => clearTimeout(timer));
        stream.on('error', () => clearTimeout(timer));
        return stream;
      },
    };
  }
}

/** Reads a response body into memory, refusing more than `limit` bytes (declared or actual). */
export async function readBodyCapped(answer: HttpAnswer, limit: number, where: string): Promise<Buffer> {
  const declared = Number(answer.response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await answer.response.body?.cancel().catch(() => undefined);
    throw new ImageError('too-large', `${where}: declares ${declared} bytes, more than the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = answer.body();
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) {
      stream.destroy();
      throw new ImageError('too-large', `${where}: more than the ${limit}-byte limit`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function isLoopbackHost(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

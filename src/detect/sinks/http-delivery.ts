/**
 * One JSON POST with retries: the delivery rules every HTTP sink (generic webhook, Slack) shares.
 * Retried: network errors, timeouts, 5xx and 429 (waiting what `Retry-After` asks, up to a limit).
 * Not retried: other 4xx and redirects, which the same request would meet again.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Each attempt is abandoned after this long, response body included. */
  timeoutMs: number;
  /** First backoff; it doubles per retry, up to `maxDelayMs`, and is jittered to half–full. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` above this is not waited for: the alerts are given up rather than stall detection. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Time as delivery sees it; tests inject one that records the waits instead of waiting. */
export interface DeliveryClock {
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1), for the backoff jitter. */
  random: () => number;
  /** Epoch milliseconds, to read a `Retry-After` given as an HTTP date. */
  now: () => number;
}

export const REAL_CLOCK: DeliveryClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

export interface JsonPost {
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export type DeliveryResult = { ok: true; attempts: number } | { ok: false; attempts: number; reason: string };

type AttemptOutcome = { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/** Bytes of an error response kept for the reason: enough for Slack's `invalid_payload`, not a hostile flood. */
const ERROR_BODY_BYTES = 512;
const REASON_CHARS = 200;

/** Posts until delivered, a non-retryable answer, or `maxAttempts`; never throws. `redact` cleans reasons of secrets. */
export async function postWithRetries(
  post: JsonPost,
  policy: RetryPolicy,
  clock: DeliveryClock,
  redact: (message: string) => string,
): Promise<DeliveryResult> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await postOnce(post, policy.timeoutMs, clock.now);
    if (outcome.ok) return { ok: true, attempts: attempt };
    const reason = redact(outcome.reason);
    if (!outcome.retryable) return { ok: false, attempts: attempt, reason };
    if (attempt >= policy.maxAttempts) return { ok: false, attempts: attempt, reason: `${reason} (gave up after ${attempt} attempts)` };
    let delay: number;
    if (outcome.retryAfterMs !== undefined) {
      if (outcome.retryAfterMs > policy.maxRetryAfterMs) {
        return { ok: false, attempts: attempt, reason: `${reason} (Retry-After ${Math.ceil(outcome.retryAfterMs / 1000)} s is over the ${policy.maxRetryAfterMs / 1000} s limit)` };
      }
      delay = outcome.retryAfterMs;
    } else {
      delay = backoffDelay(attempt, policy, clock.random());
    }
    await clock.sleep(delay);
  }
}

/** Exponential backoff for retry `retry` (1 = the first), with jitter between half and the full step so many senders spread out. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

/** `Retry-After` as delta-seconds or an HTTP date → milliseconds to wait; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month; bare numbers like "-5" are not dates here.
  const date = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function postOnce(post: JsonPost, timeoutMs: number, now: () => number): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...post.headers },
      body: post.body,
      // A redirect would resend the alerts (and headers) somewhere the user did not name.
      redirect: 'manual',
      signal: controller.signal,
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel();
      return { ok: true };
    }
    const snippet = await readSnippet(response);
    const reason = `HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`;
    const retryable = response.status >= 500 || response.status === 429;
    const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('retry-after'), now()) : undefined;
    return retryAfterMs === undefined ? { ok: false, retryable, reason } : { ok: false, retryable, reason, retryAfterMs };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, retryable: true, reason: `no answer within ${timeoutMs} ms` };
    return { ok: false, retryable: true, reason: `network error: ${networkReason(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  // The DOM typings leave the chunk type open; fetch bodies are byte streams.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < ERROR_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel();
  const text = Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8');
  return text.replace(/\s+/g, ' ').trim().slice(0, REASON_CHARS);
}

/** fetch reports "fetch failed" and hides the cause (ECONNREFUSED, a TLS error) one level down. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : (error as Error).message;
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

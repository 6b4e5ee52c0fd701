/**
 * The retry strategy handed to every SDK client. The SDK's retry middleware classifies each
 * failure (throttling, transient, server, client) and sleeps; this strategy decides whether to
 * try again and how long to wait: capped exponential backoff with full jitter, a larger base for
 * throttling, and the server's Retry-After when it names a later time.
 */
import type { EKSClientConfig } from '@aws-sdk/client-eks';

type ConfiguredStrategy = NonNullable<EKSClientConfig['retryStrategy']>;
type RetryStrategyV2 = Extract<ConfiguredStrategy, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

export interface RetryOptions {
  /** Attempts per call, the first included (default 5). */
  maxAttempts?: number;
  /** Base delay for transient and server errors, in ms (default 100). */
  baseDelayMs?: number;
  /** Base delay when the service throttles, in ms (default 500). */
  throttlingBaseDelayMs?: number;
  /** Longest single wait, in ms (default 20 s). */
  maxDelayMs?: number;
  /** Replaces Math.random, for tests. */
  random?: () => number;
}

class Token implements RetryToken {
  constructor(
    private readonly count: number,
    private readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

export class BackoffRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly throttlingBaseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  /** Retries made so far, across all calls of the clients sharing this strategy. */
  retries = 0;

  constructor(options: RetryOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.throttlingBaseDelayMs = options.throttlingBaseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.random = options.random ?? Math.random;
  }

  acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return Promise.resolve(new Token(0, 0));
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const attempt = token.getRetryCount() + 1;
    if (attempt >= this.maxAttempts || !RETRYABLE.has(errorInfo.errorType)) {
      return Promise.reject(new Error('no retry'));
    }
    const base = errorInfo.errorType === 'THROTTLING' ? this.throttlingBaseDelayMs : this.baseDelayMs;
    let delay = Math.floor(this.random() * Math.min(this.maxDelayMs, base * 2 ** (attempt - 1)));
    if (errorInfo.retryAfterHint instanceof Date) {
      delay = Math.max(delay, Math.min(this.maxDelayMs, errorInfo.retryAfterHint.getTime() - Date.now()));
    }
    this.retries += 1;
    return Promise.resolve(new Token(attempt, delay));
  }

  recordSuccess(_token: RetryToken): void {}
}

import { describe, expect, it } from 'vitest';
import { BackoffRetryStrategy } from './retry.js';

async function delays(strategy: BackoffRetryStrategy, errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR', attempts: number): Promise<number[]> {
  let token = await strategy.acquireInitialRetryToken('');
  const out: number[] = [];
  for (let i = 0; i < attempts; i += 1) {
    token = await strategy.refreshRetryTokenForRetry(token, { errorType });
    out.push(token.getRetryDelay());
  }
  return out;
}

describe('BackoffRetryStrategy', () => {
  it('backs off exponentially from a larger base when throttled, capped', async () => {
    const strategy = new BackoffRetryStrategy({ maxAttempts: 10, baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 3000, random: () => 0.999999 });
    expect(await delays(strategy, 'THROTTLING', 4)).toEqual([499, 999, 1999, 2999]);
    expect(await delays(strategy, 'TRANSIENT', 3)).toEqual([99, 199, 399]);
  });

  it('waits at least what Retry-After asks, within the cap', async () => {
    const strategy = new BackoffRetryStrategy({ random: () => 0 });
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(''), {
      errorType: 'THROTTLING',
      retryAfterHint: new Date(Date.now() + 2000),
    });
    expect(token.getRetryDelay()).toBeGreaterThan(1900);
  });

  it('stops after maxAttempts and never retries client errors', async () => {
    const strategy = new BackoffRetryStrategy({ maxAttempts: 3, random: () => 0 });
    const first = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(''), { errorType: 'SERVER_ERROR' });
    const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'SERVER_ERROR' });
    await expect(strategy.refreshRetryTokenForRetry(second, { errorType: 'SERVER_ERROR' })).rejects.toThrow();
    await expect(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(''), { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
    expect(strategy.retries).toBe(2);
  });
});

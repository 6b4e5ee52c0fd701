import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter } from './http-delivery.js';

describe('backoffDelay', () => {
  it('doubles per retry, is jittered between half and the full step, and stops growing at the cap', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, 0))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, 0.999999))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 May 2024 12:01:00 GMT', now)).toBe(60_000);
  });

  it('treats a date in the past as now and ignores what it cannot read', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

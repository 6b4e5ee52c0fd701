import { describe, expect, it } from 'vitest';
import { withAttempts } from './attempts.js';
import { classifyAwsError, FleetFailure, messageOf } from './failures.js';

const classify = (error: unknown) => ({ kind: classifyAwsError(error), message: messageOf(error) });
const options = { timeoutMs: 200, retries: 2, backoffMs: 10, classify };

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

describe('withAttempts', () => {
  it('stops an attempt at its deadline, aborting its signal, and tries again', async () => {
    const signals: AbortSignal[] = [];
    const started = Date.now();
    const outcome = await withAttempts((signal, attempt) => {
      signals.push(signal);
      // The first attempt hangs until aborted; the second answers.
      return attempt === 1 ? new Promise<string>(() => {}) : Promise.resolve('ok');
    }, options);
    expect(outcome).toEqual({ ok: true, value: 'ok', attempts: 2 });
    expect(signals[0]?.aborted).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('gives up after the retries, with the last failure', async () => {
    let calls = 0;
    const outcome = await withAttempts(() => {
      calls += 1;
      return Promise.reject(awsError('ThrottlingException', 429));
    }, options);
    expect(calls).toBe(3);
    expect(outcome).toEqual({ ok: false, attempts: 3, failure: { kind: 'throttled', message: 'ThrottlingException happened' } });
  });

  it('never retries a denial or an unknown error', async () => {
    for (const error of [awsError('AccessDenied', 403), awsError('UnauthorizedOperation', 403), new Error('bad input'), new FleetFailure('failed', 'no endpoint')]) {
      let calls = 0;
      const outcome = await withAttempts(() => {
        calls += 1;
        return Promise.reject(error);
      }, options);
      expect(calls).toBe(1);
      expect(outcome.ok).toBe(false);
    }
  });

  it('retries network faults and server errors, found through causes too', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyAwsError(new Error('wrapped', { cause: reset }))).toBe('network');
    expect(classifyAwsError(awsError('InternalFailure', 500))).toBe('network');
    expect(classifyAwsError(awsError('Whatever', 503))).toBe('network');
    expect(classifyAwsError(awsError('AccessDeniedException', 403))).toBe('denied');
  });

  it('counts synchronous work that ends past the deadline as timed out', async () => {
    const outcome = await withAttempts(() => {
      const until = Date.now() + 250;
      while (Date.now() < until);
      return Promise.resolve('late');
    }, { ...options, retries: 0 });
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });
});

/**
 * One unit of fleet work (a cluster, an account's region) under a deadline, tried again with
 * backoff when the failure may pass. The deadline aborts the attempt's AbortSignal, which the
 * work hands to its requests; the attempt is over at the deadline whatever the work does then,
 * so a hung endpoint costs its timeout and never the whole run.
 */
import { FleetTimeoutError, RETRYABLE, type Failure } from './failures.js';

export interface AttemptOptions {
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  classify: (error: unknown) => Failure;
  /** First backoff in ms (doubled each retry, with jitter; default 1000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  onRetry?: (attempt: number, failure: Failure, delayMs: number) => void;
}

export type AttemptOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: Failure; attempts: number };

function deadline(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new FleetTimeoutError(String(signal.reason)));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

async function attempt<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FleetTimeoutError(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
  const started = Date.now();
  const running = work(controller.signal);
  // Past the deadline the work is abandoned; its late failure must not surface as unhandled.
  running.catch(() => undefined);
  try {
    const value = await Promise.race([running, deadline(controller.signal)]);
    // Synchronous work (the scan itself) can finish past the deadline before the timer runs: it
    // is late all the same, and a late result is never used.
    if (Date.now() - started > timeoutMs) throw new FleetTimeoutError(`timed out after ${timeoutMs / 1000} s`);
    return value;
  } finally {
    clearTimeout(timer);
    // Whatever the outcome, the work's requests still in flight are told to stop.
    if (!controller.signal.aborted) controller.abort(new FleetTimeoutError('attempt finished'));
  }
}

export async function withAttempts<T>(work: (signal: AbortSignal, attempt: number) => Promise<T>, options: AttemptOptions): Promise<AttemptOutcome<T>> {
  const random = options.random ?? Math.random;
  const base = options.backoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 30_000;
  for (let number = 1; ; number += 1) {
    try {
      return { ok: true, value: await attempt((signal) => work(signal, number), options.timeoutMs), attempts: number };
    } catch (error) {
      const failure = options.classify(error);
      if (number > options.retries || !RETRYABLE.has(failure.kind)) return { ok: false, failure, attempts: number };
      // Half fixed, half random: retries of many clusters throttled at once spread out.
      const ceiling = Math.min(max, base * 2 ** (number - 1));
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      options.onRetry?.(number, failure, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

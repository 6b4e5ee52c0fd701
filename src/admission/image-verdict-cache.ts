import type { ImageJudge, ImageVerdict } from '../images/judge.js';

// The judge (src/images) says what it found about an image; the cache and the gates read it.
export type { ImageJudge, ImageVerdict };

export interface ImageVerdictCacheOptions {
  /** How long a verdict on a tag is trusted (a digest-pinned reference never changes, but is still refreshed). */
  ttlMs: number;
  /** How long a failed lookup is remembered before it is tried again. */
  errorTtlMs: number;
  /** Entries kept; the least recently used go first. */
  maxEntries: number;
  /**
   * Lookups run at once (default unbounded). Anyone allowed to create pods, even as a dry run,
   * chooses the image references: without a bound, a flood of made-up ones would start as many
   * registry reads and scans. Past it a new reference is answered "unknown" without a lookup,
   * and the next review of it tries again.
   */
  maxRunning?: number;
  /**
   * Longest one lookup may run (default unbounded). A registry that answers a byte at a time
   * never trips a stall timer; past the deadline the judge's signal fires, the verdict is an
   * error, and the lookup's slot is freed whether or not the judge has stopped yet.
   */
  deadlineMs?: number;
  now?: () => number;
  /** Each lookup's fate, for the webhook's metrics: answered from the cache, not in it, answered "unknown", a failed judge. */
  onEvent?: (event: ImageLookupEvent) => void;
}

export type ImageLookupEvent = 'hit' | 'miss' | 'unknown' | 'error';

export type CachedLookup = { state: 'known'; verdict: ImageVerdict } | { state: 'unknown'; reason: string };

interface Entry {
  verdict: ImageVerdict;
  until: number;
}

/**
 * Verdicts by image reference, filled in the background. A request never waits longer than it
 * is given: a cold reference starts (or joins) one lookup and, if that does not finish in time,
 * the request is answered "unknown" while the lookup goes on and warms the cache for the next.
 */
export class ImageVerdictCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<ImageVerdict>>();
  private readonly now: () => number;

  constructor(
    private readonly judge: ImageJudge,
    private readonly options: ImageVerdictCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The verdict, if known within `waitMs` (0: only what the cache already holds). */
  async lookup(image: string, waitMs: number): Promise<CachedLookup> {
    const cached = this.entries.get(image);
    if (cached && cached.until > this.now()) {
      // Refresh its place in the LRU order.
      this.entries.delete(image);
      this.entries.set(image, cached);
      this.options.onEvent?.('hit');
      return { state: 'known', verdict: cached.verdict };
    }
    this.options.onEvent?.('miss');
    if (!this.inFlight.has(image) && this.inFlight.size >= (this.options.maxRunning ?? Infinity)) {
      this.options.onEvent?.('unknown');
      return { state: 'unknown', reason: `${this.inFlight.size} image lookups already running` };
    }
    const pending = this.start(image);
    if (waitMs <= 0) {
      this.options.onEvent?.('unknown');
      return { state: 'unknown', reason: 'not looked up yet' };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
    });
    try {
      const verdict = await Promise.race([pending, timeout]);
      if (verdict) return { state: 'known', verdict };
      this.options.onEvent?.('unknown');
      return { state: 'unknown', reason: `lookup still running after ${waitMs} ms` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lookups not finished yet (for metrics and tests). */
  pending(): number {
    return this.inFlight.size;
  }

  /** Waits for every running lookup (tests, shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private start(image: string): Promise<ImageVerdict> {
    const running = this.inFlight.get(image);
    if (running) return running;
    const lookup = this.judgeWithin(image)
      .catch((error: unknown): ImageVerdict => ({ error: error instanceof Error ? error.message : String(error) }))
      .then((verdict) => {
        if (verdict.error !== undefined) this.options.onEvent?.('error');
        this.store(image, verdict);
        return verdict;
      })
      .finally(() => this.inFlight.delete(image));
    this.inFlight.set(image, lookup);
    return lookup;
  }

  private async judgeWithin(image: string): Promise<ImageVerdict> {
    const { deadlineMs } = this.options;
    if (deadlineMs === undefined) return this.judge.judge(image);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ImageVerdict>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ error: `the lookup did not finish within ${deadlineMs} ms` });
      }, deadlineMs);
    });
    try {
      return await Promise.race([this.judge.judge(image, controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private store(image: string, verdict: ImageVerdict): void {
    this.entries.delete(image);
    this.entries.set(image, { verdict, until: this.now() + (verdict.error === undefined ? this.options.ttlMs : this.options.errorTtlMs) });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

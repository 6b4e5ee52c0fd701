import type { Severity } from '../model/index.js';

/** What the image judge found about one image reference. */
export interface ImageVerdict {
  /** The manifest digest the reference resolved to. */
  digest?: string;
  /** Present when signatures are checked. */
  signature?: { verified: boolean; reason?: string; signers?: string[] };
  /** Present when vulnerabilities are checked: every match, any severity. */
  vulnerabilities?: { id: string; severity: Severity; package: string; fixedVersions: string[] }[];
  /** The image could not be judged (registry unreachable, authentication, unreadable layers). */
  error?: string;
}

/** Looks an image up: pulls what it needs from the registry, verifies, scans. Slow; called once per reference and TTL. */
export interface ImageJudge {
  judge(image: string): Promise<ImageVerdict>;
}

export interface ImageVerdictCacheOptions {
  /** How long a verdict on a tag is trusted (a digest-pinned reference never changes, but is still refreshed). */
  ttlMs: number;
  /** How long a failed lookup is remembered before it is tried again. */
  errorTtlMs: number;
  /** Entries kept; the least recently used go first. */
  maxEntries: number;
  now?: () => number;
}

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
      return { state: 'known', verdict: cached.verdict };
    }
    const pending = this.start(image);
    if (waitMs <= 0) return { state: 'unknown', reason: 'not looked up yet' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
    });
    try {
      const verdict = await Promise.race([pending, timeout]);
      return verdict ? { state: 'known', verdict } : { state: 'unknown', reason: `lookup still running after ${waitMs} ms` };
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
    const lookup = this.judge
      .judge(image)
      .catch((error: unknown): ImageVerdict => ({ error: error instanceof Error ? error.message : String(error) }))
      .then((verdict) => {
        this.store(image, verdict);
        return verdict;
      })
      .finally(() => this.inFlight.delete(image));
    this.inFlight.set(image, lookup);
    return lookup;
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

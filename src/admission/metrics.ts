/**
 * The webhook's Prometheus metrics, written by hand in the text exposition format 0.0.4 (a few
 * counters and one histogram do not need a client library).
 */
import type { ImageLookupEvent } from './image-verdict-cache.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * How a request ended. `warned`: admitted with warn-mode violations (and `kubectl` warnings);
 * `audited`: admitted with audit-mode violations only, recorded but silent; `allowed`: admitted with
 * no violation. `invalid`: a review with a uid but a malformed request, denied with a reason.
 */
export const VERDICT_OUTCOMES = ['allowed', 'audited', 'denied', 'warned', 'error', 'timeout', 'invalid'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

/** Upper bounds in seconds: the budget defaults to 200 ms and the target p99 is 10 ms. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/**
 * Distinct `{operation, kind}` pairs kept; further kinds are counted as `kind="other"`. Kinds come
 * from the request, so anyone able to reach the port could otherwise grow the series without bound.
 */
const MAX_REQUEST_SERIES = 200;

/** A label value escaped as the exposition format requires. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** What becomes of the image gates' lookups (see image-verdict-cache.ts). */
const IMAGE_LOOKUP_EVENTS: readonly ImageLookupEvent[] = ['hit', 'miss', 'unknown', 'error'];

export class AdmissionMetrics {
  private readonly requests = new Map<string, { operation: string; kind: string; count: number }>();
  private readonly verdicts = new Map<VerdictOutcome, number>(VERDICT_OUTCOMES.map((outcome) => [outcome, 0]));
  private readonly httpErrors = new Map<number, number>();
  private readonly bucketCounts: number[] = DURATION_BUCKETS.map(() => 0);
  private durationCount = 0;
  private durationSum = 0;
  private overBudget = 0;
  /** Present once image gates are configured: their series are not exposed otherwise. */
  private imageLookups: Map<ImageLookupEvent, number> | undefined;
  private imageLookupsRunning: () => number = () => 0;
  /** Reviews being judged or answered (their body received); what `maxConcurrent` bounds. */
  inFlight = 0;
  /** `/validate` bodies being received. */
  receiving = 0;
  /** Request body bytes held in memory, being received or judged; what `maxBufferedBytes` bounds. */
  bufferedBytes = 0;

  countRequest(operation: string, kind: string): void {
    let key = `${operation}\u0000${kind}`;
    if (!this.requests.has(key) && this.requests.size >= MAX_REQUEST_SERIES) {
      kind = 'other';
      key = `${operation}\u0000${kind}`;
    }
    const series = this.requests.get(key);
    if (series) series.count++;
    else this.requests.set(key, { operation, kind, count: 1 });
  }

  countVerdict(outcome: VerdictOutcome, durationSeconds: number): void {
    this.verdicts.set(outcome, (this.verdicts.get(outcome) ?? 0) + 1);
    this.durationCount++;
    this.durationSum += durationSeconds;
    DURATION_BUCKETS.forEach((bound, index) => {
      if (durationSeconds <= bound) this.bucketCounts[index]!++;
    });
  }

  /**
   * A verdict that came back after the budget and was answered all the same: a synchronous judge
   * cannot be interrupted, so the timer only fires once it has returned.
   */
  countOverBudget(): void {
    this.overBudget++;
  }

  /** Exposes the image gates' series; `running` tells how many background lookups are under way. */
  enableImageLookups(running: () => number): void {
    this.imageLookups ??= new Map(IMAGE_LOOKUP_EVENTS.map((event) => [event, 0]));
    this.imageLookupsRunning = running;
  }

  countImageLookup(event: ImageLookupEvent): void {
    if (this.imageLookups) this.imageLookups.set(event, (this.imageLookups.get(event) ?? 0) + 1);
  }

  /** An HTTP answer other than 200 (400, 404, 405, 413, 415, 429, 503 …). */
  countHttpError(status: number): void {
    this.httpErrors.set(status, (this.httpErrors.get(status) ?? 0) + 1);
  }

  /** The exposition text. */
  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };

    family('eksguard_admission_requests_total', 'counter', 'Admission reviews received, by operation and object kind.');
    for (const { operation, kind, count } of this.requests.values()) {
      lines.push(`eksguard_admission_requests_total{operation="${labelValue(operation)}",kind="${labelValue(kind)}"} ${count}`);
    }

    family('eksguard_admission_verdicts_total', 'counter', 'Admission reviews answered, by verdict.');
    for (const [outcome, count] of this.verdicts) lines.push(`eksguard_admission_verdicts_total{verdict="${outcome}"} ${count}`);

    family('eksguard_admission_over_budget_total', 'counter', 'Verdicts that took longer than the time budget and were answered all the same.');
    lines.push(`eksguard_admission_over_budget_total ${this.overBudget}`);

    family('eksguard_admission_http_errors_total', 'counter', 'Requests answered with an HTTP error instead of a review, by status code.');
    for (const [status, count] of [...this.httpErrors].sort(([a], [b]) => a - b)) {
      lines.push(`eksguard_admission_http_errors_total{code="${status}"} ${count}`);
    }

    family('eksguard_admission_duration_seconds', 'histogram', 'Time from a review request to its answer.');
    DURATION_BUCKETS.forEach((bound, index) => {
      lines.push(`eksguard_admission_duration_seconds_bucket{le="${bound}"} ${this.bucketCounts[index]}`);
    });
    lines.push(`eksguard_admission_duration_seconds_bucket{le="+Inf"} ${this.durationCount}`);
    lines.push(`eksguard_admission_duration_seconds_sum ${this.durationSum}`);
    lines.push(`eksguard_admission_duration_seconds_count ${this.durationCount}`);

    family('eksguard_admission_in_flight_requests', 'gauge', 'Reviews being judged or answered.');
    lines.push(`eksguard_admission_in_flight_requests ${this.inFlight}`);
    family('eksguard_admission_receiving_requests', 'gauge', 'Review request bodies being received.');
    lines.push(`eksguard_admission_receiving_requests ${this.receiving}`);
    family('eksguard_admission_buffered_bytes', 'gauge', 'Request body bytes held in memory, being received or judged.');
    lines.push(`eksguard_admission_buffered_bytes ${this.bufferedBytes}`);
    if (this.imageLookups) {
      const count = (event: ImageLookupEvent) => this.imageLookups?.get(event) ?? 0;
      family('eksguard_admission_image_cache_total', 'counter', 'Container images looked up by the image gates, by whether the verdict cache held them.');
      lines.push(`eksguard_admission_image_cache_total{result="hit"} ${count('hit')}`, `eksguard_admission_image_cache_total{result="miss"} ${count('miss')}`);
      family('eksguard_admission_image_unknown_total', 'counter', "Container images judged per `whileUnknown` because their lookup had not finished in time.");
      lines.push(`eksguard_admission_image_unknown_total ${count('unknown')}`);
      family('eksguard_admission_image_lookup_errors_total', 'counter', 'Background image lookups that failed (registry unreachable, authentication, unreadable image).');
      lines.push(`eksguard_admission_image_lookup_errors_total ${count('error')}`);
      family('eksguard_admission_image_lookups_running', 'gauge', 'Background image lookups under way.');
      lines.push(`eksguard_admission_image_lookups_running ${this.imageLookupsRunning()}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

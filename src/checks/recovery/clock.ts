/** Time as the checks see it: injectable through the `now` option so results are reproducible. */
import type { InventoryView } from '../../inventory/index.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * The `now` option (ISO-8601 string or epoch milliseconds), else when the inventory was
 * collected (so a snapshot scanned next month gives today's answers), else the time of the
 * scan. A value that is not a time throws, which the engine turns into an error result.
 */
export function scanTime(options: Record<string, unknown>, inventory?: Pick<InventoryView, 'source'>): number {
  const value = options.now;
  if (value === undefined || value === null || value === '') {
    const collected = parseTime(inventory?.source.collectedAt);
    return collected ?? Date.now();
  }
  const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) throw new Error(`option "now" is not a timestamp: ${JSON.stringify(value)}`);
  return time;
}

/** A Kubernetes timestamp (RFC 3339) in epoch milliseconds, or undefined. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : undefined;
}

/** A positive number option, falling back to the default when missing or mistyped. */
export function numberOption(options: Record<string, unknown>, key: string, fallback: number): number {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: HOUR_MS,
};

/** Go `time.Duration` text (`720h0m0s`, `1.5h`, `90m`) in milliseconds, or undefined if malformed. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const body = trimmed.replace(/^[-+]/, '');
  if (body === '') return undefined;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < body.length) {
    part.lastIndex = index;
    const match = part.exec(body);
    if (!match) return undefined;
    total += Number(match[1]) * (DURATION_UNITS[match[2] as string] as number);
    index = part.lastIndex;
  }
  return sign * total;
}

/** `1234567` ms → `14d 6h` / `5h` / `20m`, for messages. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return `${hours}h`;
  return `${minutes}m`;
}

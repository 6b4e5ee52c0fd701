/** "Now" for time-based checks, chosen so that a snapshot scanned later gives the same answer. */
import type { InventoryView } from '../../inventory/index.js';

export const DAY_MS = 86_400_000;

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : undefined;
}

/**
 * The collection time of the data (`source.collectedAt`), else the `now` option (ISO-8601 or
 * epoch milliseconds), else the clock. A `now` option that is not a time throws, which the
 * engine reports as an error rather than silently using the clock.
 */
export function scanNow(inventory: InventoryView, options: Record<string, unknown>): number {
  const collected = timeOf(inventory.source.collectedAt);
  if (collected !== undefined) return collected;
  const option = options.now;
  if (option === undefined || option === null || option === '') return Date.now();
  const time = timeOf(option);
  if (time === undefined) throw new Error(`option "now" is not a timestamp: ${JSON.stringify(option)}`);
  return time;
}

/** An ISO-8601 timestamp from the AWS data in epoch milliseconds, or undefined. */
export function parseAwsTime(value: unknown): number | undefined {
  return typeof value === 'string' ? timeOf(value) : undefined;
}

/** `2026-03-23` for messages. */
export function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Whole days from `now` until `time` (negative when past), rounded down. */
export function daysUntil(time: number, now: number): number {
  return Math.floor((time - now) / DAY_MS);
}

/** A non-negative number option, falling back to the default when missing or mistyped. */
export function numberOption(options: Record<string, unknown>, key: string, fallback: number): number {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

import { UsageError } from './exit-codes.js';

/** A whole number from 0 to max; `flag` names the option in the error. */
export function parseCount(value: string | undefined, flag: string, fallback: number, max = 100_000): number {
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count > max) {
    throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not "${value}"`);
  }
  return count;
}

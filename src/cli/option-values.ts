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

/** A whole number from `min` to `max`; `flag` names the option in the error. */
export function parseWhole(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

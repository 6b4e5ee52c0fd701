import { describe, expect, it } from 'vitest';
import { daysUntil, DAY_MS, isoDate, numberOption, parseAwsTime, scanNow } from './scan-time.js';
import { inventoryOf } from './test-support/inventory.js';

describe('scanNow', () => {
  it('uses the collection time first, so a snapshot scanned later answers the same', () => {
    const inventory = inventoryOf({ source: { type: 'cluster', collectedAt: '2026-11-27T10:00:00Z' } });
    expect(scanNow(inventory, { now: '2030-01-01T00:00:00Z' })).toBe(Date.parse('2026-11-27T10:00:00Z'));
  });

  it('falls back to the now option, as a string or epoch milliseconds', () => {
    const inventory = inventoryOf({ source: { type: 'manifests' } });
    expect(scanNow(inventory, { now: '2027-01-01T00:00:00Z' })).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(scanNow(inventory, { now: 1_800_000_000_000 })).toBe(1_800_000_000_000);
  });

  it('uses the clock without either, and refuses a now that is no time', () => {
    const inventory = inventoryOf({ source: { type: 'manifests' } });
    const before = Date.now();
    expect(scanNow(inventory, {})).toBeGreaterThanOrEqual(before);
    expect(() => scanNow(inventory, { now: 'yesterday' })).toThrow(/not a timestamp/);
  });
});

describe('time helpers', () => {
  it('parse, format and count days', () => {
    expect(parseAwsTime('2026-03-23T00:00:00Z')).toBe(Date.parse('2026-03-23T00:00:00Z'));
    expect(parseAwsTime(42)).toBeUndefined();
    expect(isoDate(Date.parse('2026-03-23T17:00:00Z'))).toBe('2026-03-23');
    expect(daysUntil(10 * DAY_MS + 5, 0)).toBe(10);
    expect(daysUntil(0, DAY_MS / 2)).toBe(-1);
    expect(numberOption({ days: 30 }, 'days', 90)).toBe(30);
    expect(numberOption({ days: '30' }, 'days', 90)).toBe(90);
    expect(numberOption({ days: -1 }, 'days', 90)).toBe(90);
  });
});

import { describe, expect, it } from 'vitest';
import { formatAge, parseGoDuration, parseTime, scanTime } from './clock.js';

describe('clock', () => {
  it('takes now from options or falls back to the current time', () => {
    expect(scanTime({ now: '2026-11-27T10:00:00Z' })).toBe(Date.UTC(2026, 10, 27, 10));
    expect(scanTime({ now: 1_000 })).toBe(1_000);
    const before = Date.now();
    expect(scanTime({})).toBeGreaterThanOrEqual(before);
    expect(() => scanTime({ now: 'yesterday' })).toThrow(/not a timestamp/);
  });

  it('parses Kubernetes timestamps', () => {
    expect(parseTime('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTime('')).toBeUndefined();
    expect(parseTime(42)).toBeUndefined();
  });

  it.each([
    ['720h0m0s', 720 * 3_600_000],
    ['1.5h', 5_400_000],
    ['90m', 5_400_000],
    ['0', 0],
    ['30s', 30_000],
    ['-1h', -3_600_000],
  ])('parses Go duration %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['30d', '', 'h', '1h30'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  it('formats ages', () => {
    expect(formatAge(4 * 86_400_000 + 8 * 3_600_000)).toBe('4d 8h');
    expect(formatAge(7 * 86_400_000)).toBe('7d');
    expect(formatAge(3 * 3_600_000)).toBe('3h');
    expect(formatAge(20 * 60_000)).toBe('20m');
  });
});

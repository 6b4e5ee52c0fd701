import { describe, expect, it } from 'vitest';
import { longestCronInterval } from './cron-interval.js';

const HOUR = 3_600_000;

describe('longestCronInterval', () => {
  it.each([
    ['0 2 * * *', 24 * HOUR],
    ['*/15 * * * *', 0.25 * HOUR],
    ['0 */6 * * *', 6 * HOUR],
    ['0 1,13 * * *', 12 * HOUR],
    ['30 3 * * 0', 7 * 24 * HOUR],
    ['30 3 * * SUN', 7 * 24 * HOUR],
    ['30 3 * * 7', 7 * 24 * HOUR],
    ['0 4 * * 1-5', 3 * 24 * HOUR],
    ['0 0 1 * *', 31 * 24 * HOUR],
    ['0 0 29 2 *', (366 + 365 * 3) * 24 * HOUR],
    ['@daily', 24 * HOUR],
    ['@weekly', 7 * 24 * HOUR],
    ['@every 36h', 36 * HOUR],
    ['CRON_TZ=Europe/Berlin 0 2 * * *', 24 * HOUR],
  ])('%s', (expression, expected) => {
    expect(longestCronInterval(expression)).toBe(expected);
  });

  it('runs on either restricted day field (day of month OR day of week)', () => {
    // The 1st of each month or every Monday: never more than a week apart.
    expect(longestCronInterval('0 0 1 * 1')).toBeLessThanOrEqual(7 * 24 * HOUR);
  });

  it.each(['61 * * * *', '0 2 * *', 'not cron', '@every nonsense', '0 0 31 2 *'])('rejects %s', (expression) => {
    expect(longestCronInterval(expression)).toBeUndefined();
  });
});

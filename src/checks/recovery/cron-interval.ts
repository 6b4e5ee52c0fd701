/**
 * The longest gap between two runs of a Velero schedule, from its cron expression. Velero parses
 * standard five-field cron (minute hour day-of-month month day-of-week), the `@every <duration>`
 * form and the `@hourly`…`@yearly` descriptors, optionally after a `CRON_TZ=`/`TZ=` prefix.
 */
import { HOUR_MS, parseGoDuration } from './clock.js';

const DESCRIPTORS: Record<string, number> = {
  '@hourly': HOUR_MS,
  '@daily': 24 * HOUR_MS,
  '@midnight': 24 * HOUR_MS,
  '@weekly': 7 * 24 * HOUR_MS,
  '@monthly': 31 * 24 * HOUR_MS,
  '@yearly': 366 * 24 * HOUR_MS,
  '@annually': 366 * 24 * HOUR_MS,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  values: Set<number>;
  /** `*` or `?`: no restriction, which matters for the day-of-month/day-of-week rule. */
  any: boolean;
}

function parseField(text: string, min: number, max: number, names: string[] = []): Field | undefined {
  const values = new Set<number>();
  let any = false;
  for (const part of text.toLowerCase().split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || range === undefined) return undefined;
    let low: number;
    let high: number;
    if (range === '*' || range === '?') {
      low = min;
      high = max;
      if (stepText === undefined) any = true;
    } else {
      const [from, to] = range.split('-');
      const value = (token: string | undefined): number => {
        if (token === undefined) return Number.NaN;
        const named = names.indexOf(token);
        return named >= 0 ? named + min : /^\d+$/.test(token) ? Number(token) : Number.NaN;
      };
      low = value(from);
      high = to === undefined ? (stepText === undefined ? low : max) : value(to);
    }
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < min || high > max || low > high) return undefined;
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values.size > 0 ? { values, any } : undefined;
}

/** Cron accepts 7 for Sunday as well as 0. */
function sundayAsZero(field: Field | undefined): Field | undefined {
  if (field?.values.delete(7)) field.values.add(0);
  return field;
}

/** Longest interval in ms between consecutive runs, or undefined if the expression is not understood. */
export function longestCronInterval(expression: string): number | undefined {
  const text = expression.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, '');
  const descriptor = DESCRIPTORS[text.toLowerCase()];
  if (descriptor !== undefined) return descriptor;
  if (text.startsWith('@every ')) {
    const every = parseGoDuration(text.slice('@every '.length));
    return every !== undefined && every > 0 ? every : undefined;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [minuteText, hourText, domText, monthText, dowText] = parts as [string, string, string, string, string];
  const minutes = parseField(minuteText, 0, 59);
  const hours = parseField(hourText, 0, 23);
  const dom = parseField(domText, 1, 31);
  const months = parseField(monthText, 1, 12, MONTHS);
  const dow = sundayAsZero(parseField(dowText, 0, 7, DAYS));
  if (!minutes || !hours || !dom || !months || !dow) return undefined;

  const times: number[] = [];
  for (const hour of [...hours.values].sort((a, b) => a - b)) {
    for (const minute of [...minutes.values].sort((a, b) => a - b)) times.push(hour * 60 + minute);
  }
  const first = times[0] as number;
  const last = times[times.length - 1] as number;
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, (times[i] as number) - (times[i - 1] as number));

  // Walk eight years of days from a fixed UTC date: every gap between run days, even from one
  // 29 February to the next, shows up inside the window.
  const start = Date.UTC(2024, 0, 1);
  const totalDays = 2 * (366 + 365 * 3);
  let previousDay: number | undefined;
  let runDays = 0;
  for (let day = 0; day < totalDays; day++) {
    const date = new Date(start + day * 24 * HOUR_MS);
    if (!months.values.has(date.getUTCMonth() + 1)) continue;
    const domOk = dom.values.has(date.getUTCDate());
    const dowOk = dow.values.has(date.getUTCDay());
    // Cron runs on a day when either field matches if both are restricted, else when both match.
    const runs = !dom.any && !dow.any ? domOk || dowOk : domOk && dowOk;
    if (!runs) continue;
    if (previousDay !== undefined) longest = Math.max(longest, (day - previousDay) * 1440 + first - last);
    previousDay = day;
    runDays++;
  }
  if (runDays < 2) return undefined;
  return longest * 60_000;
}

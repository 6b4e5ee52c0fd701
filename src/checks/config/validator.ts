import type { EvidencePath } from '../../model/index.js';
import { SEVERITIES, isSeverity, type Severity } from '../../model/index.js';
import type { ConfigError, YamlDocument } from './yaml-source.js';

/**
 * Hand-written validation of YAML data, so every message says what was expected in our words
 * and points at the offending node (a JSON Schema validator names only a JSON pointer).
 */
export class Validator {
  readonly errors: ConfigError[] = [];

  constructor(protected readonly document: YamlDocument) {}

  fail(path: EvidencePath, message: string): void {
    this.errors.push(this.document.error(path, message));
  }

  /** A map, or undefined (with an error unless the value is absent). */
  map(value: unknown, path: EvidencePath): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(path, `must be a map, not ${describeValue(value)}`);
    return undefined;
  }

  /** Unknown keys are errors: a typo must never silently do nothing. */
  knownKeys(map: Record<string, unknown>, path: EvidencePath, allowed: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (allowed.includes(key)) continue;
      const close = suggest(key, allowed);
      this.fail(
        [...path, key],
        close ? `unknown key (did you mean "${close}"?)` : `unknown key; expected one of ${allowed.join(', ')}`,
      );
    }
  }

  required(map: Record<string, unknown>, path: EvidencePath, key: string, why = ''): boolean {
    if (map[key] !== undefined && map[key] !== null) return true;
    this.fail([...path, key], `is required${why ? `: ${why}` : ''}`);
    return false;
  }

  string(value: unknown, path: EvidencePath): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.fail(path, typeof value === 'string' ? 'must not be empty' : `must be a string, not ${describeValue(value)}`);
    return undefined;
  }

  boolean(value: unknown, path: EvidencePath): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    this.fail(path, `must be true or false, not ${describeValue(value)}`);
    return undefined;
  }

  /** A list of non-empty strings; the invalid items are dropped, each with an error. */
  stringList(value: unknown, path: EvidencePath): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.fail(path, `must be a list of strings, not ${describeValue(value)}`);
      return undefined;
    }
    const strings: string[] = [];
    value.forEach((item: unknown, index) => {
      const text = this.string(item, [...path, index]);
      if (text !== undefined) strings.push(text);
    });
    return strings;
  }

  severity(value: unknown, path: EvidencePath): Severity | undefined {
    if (value === undefined) return undefined;
    if (isSeverity(value)) return value;
    this.fail(path, `must be one of ${SEVERITIES.join(', ')}, not ${describeValue(value)}`);
    return undefined;
  }

  /** A calendar date written YYYY-MM-DD (YAML 1.2 keeps it a string). */
  date(value: unknown, path: EvidencePath): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    this.fail(path, 'must be a date (YYYY-MM-DD)');
    return undefined;
  }
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value;
}

/**
 * The closest allowed word, for "did you mean": within two edits, or one per five letters for
 * long words (so `allowedRegistry` finds `allowedRegistries`); case alone counts as no edit.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 5)) + 1;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

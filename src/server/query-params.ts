import { badRequest } from './http-error.js';

/** At most this many characters of free text are searched for (`q=`). */
export const MAX_SEARCH_LENGTH = 200;

/**
 * The query string of one route, read strictly: every parameter must be one the route knows and
 * given once, every value must parse, and each refusal names the parameter. An empty value
 * (`severity=`) counts as not given, so a form can send every field.
 */
export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(query: unknown, known: readonly string[]) {
    for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
      if (!known.includes(name)) {
        throw badRequest(`unknown parameter "${name}"${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`);
      }
      if (typeof value !== 'string') throw badRequest(`parameter "${name}" given more than once`);
      if (value !== '') this.values.set(name, value);
    }
  }

  text(name: string, maxLength = MAX_SEARCH_LENGTH): string | undefined {
    const value = this.values.get(name);
    if (value !== undefined && value.length > maxLength) throw badRequest(`${name} must be at most ${maxLength} characters`);
    return value;
  }

  /** Comma-separated values, empty items dropped; each must be one of `allowed` when given. */
  list<T extends string>(name: string, allowed?: readonly T[]): T[] | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (allowed) {
      const unknown = items.find((item) => !(allowed as readonly string[]).includes(item));
      if (unknown !== undefined) throw badRequest(`${name}: unknown value "${unknown}" (one of: ${allowed.join(', ')})`);
    }
    return items.length > 0 ? (items as T[]) : undefined;
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw badRequest(`${name} must be one of ${allowed.join(', ')}, not "${value}"`);
    return value as T;
  }

  boolean(name: string): boolean | undefined {
    const value = this.choice(name, ['true', 'false'] as const);
    return value === undefined ? undefined : value === 'true';
  }

  whole(name: string, min: number, max: number): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    return wholeNumber(value, name, min, max);
  }

  scanId(name: string): number | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : parseScanId(value, name);
  }
}

/** A scan id from a path or query: a positive whole number. */
export function parseScanId(text: string, name = 'scan id'): number {
  const value = Number(text);
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(value)) throw badRequest(`${name} must be a positive whole number, not "${text}"`);
  return value;
}

function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw badRequest(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

import type { EvidencePath } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import type { EksguardConfig } from './config-types.js';
import { compileGlob, isGlob } from './glob.js';
import { describeValue, suggest } from './validator.js';
import type { ConfigError } from './yaml-source.js';

/** A check the configuration may name: its id, and its options with their defaults if known. */
export type KnownCheck = string | { id: string; options?: Record<string, unknown> };

/**
 * Problems only visible once the checks are known: ids that name no check, globs that match
 * none, option keys a check does not take and option values of the wrong type.
 */
export function validateConfigAgainst(config: EksguardConfig, known: readonly KnownCheck[]): ConfigError[] {
  // null: only the id is known, so option keys cannot be judged.
  const checks = new Map<string, Record<string, unknown> | null>(
    known.map((entry) => (typeof entry === 'string' ? [entry, null] : [entry.id, entry.options ?? {}])),
  );
  const ids = [...checks.keys()];
  const errors: ConfigError[] = [];
  const fail = (path: EvidencePath, message: string): void => {
    const key = formatPath(path);
    errors.push({ file: config.file, ...config.positions.get(key), path: key, message });
  };

  const pattern = (value: string, path: EvidencePath): void => {
    if (isGlob(value)) {
      const matches = compileGlob(value);
      if (!ids.some(matches)) fail(path, `"${value}" matches no check`);
    } else if (!checks.has(value)) {
      fail(path, unknownId(value, ids));
    }
  };
  config.checks.enable?.forEach((value, index) => pattern(value, ['checks', 'enable', index]));
  config.checks.disable.forEach((value, index) => pattern(value, ['checks', 'disable', index]));
  config.exceptions.forEach((exception, position) => {
    const index = exception.index ?? position;
    exception.checks.forEach((value, item) => pattern(value, ['exceptions', index, 'checks', item]));
  });
  for (const id of Object.keys(config.admission?.checks ?? {})) pattern(id, ['admission', 'checks', id]);
  for (const rule of config.admission?.namespaces ?? []) {
    for (const id of Object.keys(rule.checks)) pattern(id, ['admission', 'namespaces', rule.index, 'checks', id]);
  }

  for (const id of Object.keys(config.checks.severity)) {
    if (!checks.has(id)) fail(['checks', 'severity', id], exactIdOnly(id, ids));
  }
  for (const [id, values] of Object.entries(config.checks.options)) {
    if (!checks.has(id)) {
      fail(['checks', 'options', id], exactIdOnly(id, ids));
      continue;
    }
    const defaults = checks.get(id);
    if (!defaults) continue;
    const allowed = Object.keys(defaults);
    for (const [key, value] of Object.entries(values)) {
      const path = ['checks', 'options', id, key];
      if (!(key in defaults)) {
        const close = suggest(key, allowed);
        fail(
          path,
          allowed.length === 0
            ? `${id} takes no options`
            : close
              ? `${id} has no option "${key}" (did you mean "${close}"?)`
              : `${id} has no option "${key}"; its options are ${allowed.join(', ')}`,
        );
        continue;
      }
      const expected = shapeOf(defaults[key]);
      if (expected && shapeOf(value) !== expected) fail(path, `must be ${expected}, not ${describeValue(value)}`);
    }
  }
  return errors;
}

function unknownId(id: string, ids: readonly string[]): string {
  const close = suggest(id, ids);
  return close ? `unknown check id "${id}" (did you mean "${close}"?)` : `unknown check id "${id}"`;
}

function exactIdOnly(id: string, ids: readonly string[]): string {
  return isGlob(id) ? `"${id}": name one check id here; globs are not allowed` : unknownId(id, ids);
}

function shapeOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  if (value !== null && typeof value === 'object') return 'a map';
  return undefined;
}

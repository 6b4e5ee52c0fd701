/**
 * The part of an OSV record (https://ossf.github.io/osv-schema/) that matching needs, checked
 * field by field: a malformed record becomes an error naming the field, never a crash.
 */

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvAffected {
  package: { ecosystem: string; name: string; purl?: string };
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
  /** `database_specific.severity` of this package (GHSA, some distros), when a string. */
  databaseSeverity?: string;
}

/** What we keep of a record: enough to match, rank and report it. */
export interface OsvRecord {
  id: string;
  modified: string;
  withdrawn?: string;
  aliases: string[];
  upstream: string[];
  summary?: string;
  severity: OsvSeverity[];
  databaseSeverity?: string;
  affected: OsvAffected[];
  references: string[];
}

export class OsvRecordError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringField(object: Record<string, unknown>, key: string, path: string, required: boolean): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    if (required) throw new OsvRecordError(`${path}${key}`, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw new OsvRecordError(`${path}${key}`, 'must be a string');
  return value;
}

function stringList(object: Record<string, unknown>, key: string, path: string): string[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new OsvRecordError(`${path}${key}`, 'must be a list of strings');
  return value;
}

function severities(object: Record<string, unknown>, path: string): OsvSeverity[] {
  const value = object.severity;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OsvRecordError(`${path}severity`, 'must be a list');
  return value.map((item, i) => {
    if (!isObject(item)) throw new OsvRecordError(`${path}severity[${i}]`, 'must be an object');
    return { type: stringField(item, 'type', `${path}severity[${i}].`, true) as string, score: stringField(item, 'score', `${path}severity[${i}].`, true) as string };
  });
}

function databaseSeverity(object: Record<string, unknown>): string | undefined {
  const specific = object.database_specific;
  return isObject(specific) && typeof specific.severity === 'string' ? specific.severity : undefined;
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function parseRange(value: unknown, path: string): OsvRange {
  if (!isObject(value)) throw new OsvRecordError(path, 'must be an object');
  const type = value.type;
  if (type !== 'ECOSYSTEM' && type !== 'SEMVER' && type !== 'GIT') throw new OsvRecordError(`${path}.type`, `unknown range type ${JSON.stringify(type)}`);
  if (!Array.isArray(value.events)) throw new OsvRecordError(`${path}.events`, 'must be a list');
  const events = value.events.map((event, i): OsvEvent => {
    if (!isObject(event)) throw new OsvRecordError(`${path}.events[${i}]`, 'must be an object');
    const keys = EVENT_KEYS.filter((key) => event[key] !== undefined);
    if (keys.length !== 1) throw new OsvRecordError(`${path}.events[${i}]`, 'must hold exactly one of introduced, fixed, last_affected, limit');
    const key = keys[0] as (typeof EVENT_KEYS)[number];
    const version = stringField(event, key, `${path}.events[${i}].`, true) as string;
    return { [key]: version };
  });
  return { type, events };
}

function parseAffected(value: unknown, path: string): OsvAffected | undefined {
  if (!isObject(value)) throw new OsvRecordError(path, 'must be an object');
  // Entries without a package describe only git ranges of a repository: nothing to match by name.
  if (value.package === undefined) return undefined;
  if (!isObject(value.package)) throw new OsvRecordError(`${path}.package`, 'must be an object');
  const ecosystem = stringField(value.package, 'ecosystem', `${path}.package.`, true) as string;
  const name = stringField(value.package, 'name', `${path}.package.`, true) as string;
  const purl = stringField(value.package, 'purl', `${path}.package.`, false);
  const rangesValue = value.ranges ?? [];
  if (!Array.isArray(rangesValue)) throw new OsvRecordError(`${path}.ranges`, 'must be a list');
  return {
    package: purl === undefined ? { ecosystem, name } : { ecosystem, name, purl },
    ranges: rangesValue.map((range, i) => parseRange(range, `${path}.ranges[${i}]`)),
    versions: stringList(value, 'versions', `${path}.`),
    severity: severities(value, `${path}.`),
    databaseSeverity: databaseSeverity(value),
  };
}

/** Validates a parsed JSON document as an OSV record; throws OsvRecordError naming the field. */
export function parseOsvRecord(value: unknown): OsvRecord {
  if (!isObject(value)) throw new OsvRecordError('(record)', 'must be a JSON object');
  const id = stringField(value, 'id', '', true) as string;
  if (id === '') throw new OsvRecordError('id', 'must not be empty');
  const affectedValue = value.affected ?? [];
  if (!Array.isArray(affectedValue)) throw new OsvRecordError('affected', 'must be a list');
  const references = value.references ?? [];
  if (!Array.isArray(references)) throw new OsvRecordError('references', 'must be a list');
  return {
    id,
    modified: stringField(value, 'modified', '', false) ?? '',
    withdrawn: stringField(value, 'withdrawn', '', false),
    aliases: stringList(value, 'aliases', ''),
    upstream: stringList(value, 'upstream', ''),
    summary: stringField(value, 'summary', '', false),
    severity: severities(value, ''),
    databaseSeverity: databaseSeverity(value),
    affected: affectedValue.map((affected, i) => parseAffected(affected, `affected[${i}]`)).filter((a): a is OsvAffected => a !== undefined),
    references: references.flatMap((ref) => (isObject(ref) && typeof ref.url === 'string' ? [ref.url] : [])),
  };
}

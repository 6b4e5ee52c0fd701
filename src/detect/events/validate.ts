import { AUDIT_API_VERSION, AUDIT_LEVELS, AUDIT_STAGES, type AuditEvent } from './audit-event.js';
import type { CloudTrailRecord } from './cloudtrail-record.js';

/**
 * Shape checks for events read from untrusted input. Each returns the first problem as a
 * message (`verb: expected a string, got number`) or undefined when the value can be used as
 * its type. Only fields the type names are checked; unknown fields are left alone.
 */

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function expected(path: string, what: string, value: unknown): string {
  return `${path}: expected ${what}, got ${describeType(value)}`;
}

function requiredString(obj: Obj, key: string, path = key): string | undefined {
  const value = obj[key];
  return typeof value === 'string' ? undefined : value === undefined ? `${path}: missing` : expected(path, 'a string', value);
}

function optionalString(obj: Obj, key: string, path = key): string | undefined {
  const value = obj[key];
  return value === undefined || typeof value === 'string' ? undefined : expected(path, 'a string', value);
}

function optionalStrings(obj: Obj, keys: readonly string[], prefix: string): string | undefined {
  for (const key of keys) {
    const problem = optionalString(obj, key, prefix + key);
    if (problem) return problem;
  }
  return undefined;
}

function optionalStringArray(obj: Obj, key: string, path = key): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return expected(path, 'an array of strings', value);
  const bad = value.findIndex((item) => typeof item !== 'string');
  return bad < 0 ? undefined : expected(`${path}[${bad}]`, 'a string', value[bad]);
}

function optionalObject(obj: Obj, key: string, path = key): string | undefined {
  const value = obj[key];
  return value === undefined || isObject(value) ? undefined : expected(path, 'an object', value);
}

function optionalStringMap(obj: Obj, key: string, path = key): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!isObject(value)) return expected(path, 'an object', value);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return expected(`${path}.${k}`, 'a string', v);
  }
  return undefined;
}

function userInfo(value: unknown, path: string): string | undefined {
  if (!isObject(value)) return expected(path, 'an object', value);
  const problem = optionalStrings(value, ['username', 'uid'], `${path}.`) ?? optionalStringArray(value, 'groups', `${path}.groups`);
  if (problem) return problem;
  const extra = value.extra;
  if (extra === undefined) return undefined;
  if (!isObject(extra)) return expected(`${path}.extra`, 'an object', extra);
  for (const k of Object.keys(extra)) {
    const bad = optionalStringArray(extra, k, `${path}.extra.${k}`);
    if (bad) return bad;
  }
  return undefined;
}

const OBJECT_REF_STRINGS = ['resource', 'namespace', 'name', 'uid', 'apiGroup', 'apiVersion', 'resourceVersion', 'subresource'];

/** Checks a parsed value against `AuditEvent`. */
export function auditEventProblem(value: Obj): string | undefined {
  if (value.kind !== undefined && value.kind !== 'Event') return `kind: expected "Event", got ${JSON.stringify(value.kind)}`;
  if (value.apiVersion !== undefined && value.apiVersion !== AUDIT_API_VERSION) {
    return `apiVersion: expected "${AUDIT_API_VERSION}", got ${JSON.stringify(value.apiVersion)}`;
  }
  const strings =
    requiredString(value, 'auditID') ??
    requiredString(value, 'verb') ??
    requiredString(value, 'requestURI') ??
    requiredString(value, 'level') ??
    requiredString(value, 'stage') ??
    optionalStrings(value, ['userAgent', 'requestReceivedTimestamp', 'stageTimestamp'], '');
  if (strings) return strings;
  if (!AUDIT_LEVELS.includes(value.level as AuditEvent['level'])) return `level: unknown level ${JSON.stringify(value.level)}`;
  if (!AUDIT_STAGES.includes(value.stage as AuditEvent['stage'])) return `stage: unknown stage ${JSON.stringify(value.stage)}`;
  if (value.user === undefined) return 'user: missing';
  const users = userInfo(value.user, 'user') ?? (value.impersonatedUser === undefined ? undefined : userInfo(value.impersonatedUser, 'impersonatedUser'));
  if (users) return users;
  const problem = optionalStringArray(value, 'sourceIPs') ?? optionalObject(value, 'objectRef') ?? optionalObject(value, 'responseStatus') ?? optionalStringMap(value, 'annotations');
  if (problem) return problem;
  if (isObject(value.objectRef)) {
    const ref = optionalStrings(value.objectRef, OBJECT_REF_STRINGS, 'objectRef.');
    if (ref) return ref;
  }
  if (isObject(value.responseStatus)) {
    const status = value.responseStatus;
    if (status.code !== undefined && typeof status.code !== 'number') return expected('responseStatus.code', 'a number', status.code);
    const s = optionalStrings(status, ['status', 'reason', 'message'], 'responseStatus.');
    if (s) return s;
  }
  return undefined;
}

const CLOUDTRAIL_OPTIONAL_STRINGS = [
  'eventVersion',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestID',
  'eventID',
  'eventType',
  'apiVersion',
  'recipientAccountId',
  'sharedEventID',
  'vpcEndpointId',
  'eventCategory',
];
const USER_IDENTITY_STRINGS = ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'credentialId', 'identityProvider'];

/** Checks a parsed value against `CloudTrailRecord`. */
export function cloudTrailProblem(value: Obj): string | undefined {
  const strings =
    requiredString(value, 'eventTime') ??
    requiredString(value, 'eventSource') ??
    requiredString(value, 'eventName') ??
    optionalStrings(value, CLOUDTRAIL_OPTIONAL_STRINGS, '');
  if (strings) return strings;
  for (const key of ['readOnly', 'managementEvent']) {
    const flag = value[key];
    // Some CloudTrail paths (Event history's CloudTrailEvent, some exports) write these as
    // "true"/"false": read them as the booleans they mean rather than drop the record.
    if (flag === 'true' || flag === 'false') value[key] = flag === 'true';
    else if (flag !== undefined && typeof flag !== 'boolean') return expected(key, 'a boolean', flag);
  }
  for (const key of ['requestParameters', 'responseElements']) {
    const body = value[key];
    if (body !== undefined && body !== null && !isObject(body)) return expected(key, 'an object or null', body);
  }
  const identity = value.userIdentity;
  if (identity !== undefined) {
    if (!isObject(identity)) return expected('userIdentity', 'an object', identity);
    const id = optionalStrings(identity, USER_IDENTITY_STRINGS, 'userIdentity.') ?? optionalObject(identity, 'sessionContext', 'userIdentity.sessionContext');
    if (id) return id;
  }
  const resources = value.resources;
  if (resources !== undefined && !Array.isArray(resources)) return expected('resources', 'an array', resources);
  return undefined;
}

export function asAuditEvent(value: Obj): AuditEvent {
  return value as unknown as AuditEvent;
}

export function asCloudTrailRecord(value: Obj): CloudTrailRecord {
  return value as unknown as CloudTrailRecord;
}

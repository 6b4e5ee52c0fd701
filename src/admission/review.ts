import type { AdmissionRequestInfo, Verdict } from './verdict-types.js';

/**
 * The `admission.k8s.io/v1` AdmissionReview wire format: reading the API server's request and
 * writing the answer.
 *
 * What a bad body gets, and why:
 * - No usable uid (not JSON, not a JSON object, wrong `apiVersion` or `kind`, no `request`
 *   object, no string `uid`): HTTP 400. An answer review must echo the request's uid and there is
 *   none to echo, so the only honest answer is an HTTP error; the API server treats it as a
 *   webhook failure and applies the webhook's `failurePolicy`.
 * - A uid but a malformed request (an `object` that is a string, an unknown `operation`, a
 *   `userInfo.groups` that is not a list of strings …): HTTP 200 with `allowed: false`, code 400
 *   and a message naming the field. The request can be answered, and a deny with a reason is
 *   fail-closed whatever `failurePolicy` says and tells the user (through `kubectl`) what is wrong,
 *   where an HTTP error would be reported as a generic webhook failure — or, with
 *   `failurePolicy: Ignore`, admit an object nobody judged.
 * Messages name fields only, never echo values (which may be huge) or internals.
 */
export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
export const ADMISSION_REVIEW_KIND = 'AdmissionReview';

const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;

// Control characters: refused in a uid, and by the API server in a Warning header.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** The API server sends UUIDs; anything much longer is not a uid worth echoing. */
const MAX_UID_LENGTH = 256;

export type ParsedReview =
  /** A well-formed request, ready to judge. */
  | { review: AdmissionRequestInfo }
  /** Answer HTTP 400 with `error`: there is no uid to answer to. */
  | { error: string; status: 400 }
  /** Answer HTTP 200 with a deny of `uid` (code 400) whose message is `error`. */
  | { error: string; uid: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request field that breaks the wire contract; its message names the field. */
class InvalidField extends Error {}

function invalid(message: string): never {
  throw new InvalidField(message);
}

function requiredString(owner: JsonObject, key: string, where: string, allowEmpty: boolean): string {
  const value = owner[key];
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    invalid(`${where}.${key} must be a ${allowEmpty ? '' : 'non-empty '}string`);
  }
  return value;
}

function optionalString(owner: JsonObject, key: string, where: string): string | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalid(`${where}.${key} must be a string`);
  // The API server omits empty names and namespaces (`omitempty`); treat an empty one the same way.
  return value === '' ? undefined : value;
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) invalid(`${where} must be a list of strings`);
  return value;
}

function groupVersion<K extends 'kind' | 'resource'>(
  request: JsonObject,
  field: K,
): { group: string; version: string } & Record<K, string> {
  const value = request[field];
  if (!isObject(value)) invalid(`request.${field} must be an object`);
  const where = `request.${field}`;
  return {
    group: requiredString(value, 'group', where, true),
    version: requiredString(value, 'version', where, false),
    [field]: requiredString(value, field, where, false),
  } as { group: string; version: string } & Record<K, string>;
}

function userInfoOf(request: JsonObject): AdmissionRequestInfo['userInfo'] {
  const value = request.userInfo;
  if (!isObject(value)) invalid('request.userInfo must be an object');
  const userInfo: AdmissionRequestInfo['userInfo'] = {};
  const username = optionalString(value, 'username', 'request.userInfo');
  if (username !== undefined) userInfo.username = username;
  const uid = optionalString(value, 'uid', 'request.userInfo');
  if (uid !== undefined) userInfo.uid = uid;
  if (value.groups !== undefined && value.groups !== null) userInfo.groups = stringList(value.groups, 'request.userInfo.groups');
  if (value.extra !== undefined && value.extra !== null) {
    if (!isObject(value.extra)) invalid('request.userInfo.extra must be an object');
    const extra: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(value.extra)) extra[key] = stringList(values, 'request.userInfo.extra values');
    userInfo.extra = extra;
  }
  return userInfo;
}

function embeddedObject(request: JsonObject, key: 'object' | 'oldObject'): JsonObject | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) invalid(`request.${key} must be an object or null`);
  return value;
}

function requestInfo(request: JsonObject, uid: string): AdmissionRequestInfo {
  const kind = groupVersion(request, 'kind');
  const resource = groupVersion(request, 'resource');
  const operation = request.operation;
  if (typeof operation !== 'string' || !(OPERATIONS as readonly string[]).includes(operation)) {
    invalid(`request.operation must be one of ${OPERATIONS.join(', ')}`);
  }
  const dryRun = request.dryRun ?? false;
  if (typeof dryRun !== 'boolean') invalid('request.dryRun must be a boolean');
  const object = embeddedObject(request, 'object');
  const oldObject = embeddedObject(request, 'oldObject');
  // CREATE and UPDATE always carry the object under review, UPDATE also the stored one; without
  // them there is nothing to judge and admitting would skip the checks.
  if ((operation === 'CREATE' || operation === 'UPDATE') && !object) invalid(`request.object is required for ${operation}`);
  if (operation === 'UPDATE' && !oldObject) invalid('request.oldObject is required for UPDATE');

  const info: AdmissionRequestInfo = {
    uid,
    kind,
    resource,
    operation: operation as AdmissionRequestInfo['operation'],
    userInfo: userInfoOf(request),
    dryRun,
  };
  const subResource = optionalString(request, 'subResource', 'request');
  if (subResource !== undefined) info.subResource = subResource;
  const namespace = optionalString(request, 'namespace', 'request');
  if (namespace !== undefined) info.namespace = namespace;
  const name = optionalString(request, 'name', 'request');
  if (name !== undefined) info.name = name;
  if (object) info.object = object;
  if (oldObject) info.oldObject = oldObject;
  return info;
}

/** Reads an AdmissionReview body as the API server posts it (see the module comment for errors). */
export function parseAdmissionReview(body: Buffer): ParsedReview {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { error: 'body is not valid JSON', status: 400 };
  }
  if (!isObject(parsed)) return { error: 'body must be a JSON object (an AdmissionReview)', status: 400 };
  if (parsed.apiVersion !== ADMISSION_API_VERSION) {
    return { error: `apiVersion must be ${ADMISSION_API_VERSION}; list only "v1" in admissionReviewVersions`, status: 400 };
  }
  if (parsed.kind !== ADMISSION_REVIEW_KIND) return { error: `kind must be ${ADMISSION_REVIEW_KIND}`, status: 400 };
  const request = parsed.request;
  if (!isObject(request)) return { error: 'request must be an object', status: 400 };
  const uid = request.uid;
  // Printable only: the uid goes into log lines.
  if (typeof uid !== 'string' || uid === '' || uid.length > MAX_UID_LENGTH || CONTROL_CHARACTERS.test(uid)) {
    return { error: `request.uid must be a non-empty string of at most ${MAX_UID_LENGTH} printable characters`, status: 400 };
  }
  try {
    return { review: requestInfo(request, uid) };
  } catch (error) {
    if (error instanceof InvalidField) return { error: error.message, uid };
    throw error;
  }
}

/** The answer review, exactly as admission.k8s.io/v1 defines it (fields we never set are left out). */
export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: typeof ADMISSION_REVIEW_KIND;
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; message: string };
    warnings?: string[];
  };
}

/**
 * Warning limits. The API server turns each warning into an HTTP `Warning` header: it drops a
 * text with control characters, truncates each past 256 characters and all of them past 4096,
 * and the API reference asks for 120 characters where possible. So: control characters become
 * spaces, each warning is cut at 256 characters, and past 10 warnings one more says how many
 * were left out (11 × 256 stays under 4096). The message of a deny is cut too, so one request
 * with hundreds of violations cannot make an answer the size of the object.
 */
export const MAX_WARNINGS = 10;
export const MAX_WARNING_CHARS = 256;
export const MAX_MESSAGE_CHARS = 4096;

/** Cuts at `max` code points (not UTF-16 units, so no surrogate pair is split), marking the cut. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

export function limitWarnings(warnings: readonly string[]): string[] {
  const cleaned = warnings.map((warning) => truncate(warning.replace(new RegExp(CONTROL_CHARACTERS, 'g'), ' '), MAX_WARNING_CHARS));
  if (cleaned.length <= MAX_WARNINGS) return cleaned;
  const omitted = cleaned.length - MAX_WARNINGS;
  return [...cleaned.slice(0, MAX_WARNINGS), `… and ${omitted} more warning${omitted === 1 ? '' : 's'}`];
}

/** The decision as an answer review for `uid`. A deny without a status gets code 403 and a generic message. */
export function admissionResponse(uid: string, verdict: Pick<Verdict, 'allowed' | 'status' | 'warnings'>): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid, allowed: verdict.allowed };
  if (!verdict.allowed) {
    const status = verdict.status ?? { code: 403, message: 'denied by eksguard' };
    response.status = { code: status.code, message: truncate(status.message, MAX_MESSAGE_CHARS) };
  }
  if (verdict.warnings.length > 0) response.warnings = limitWarnings(verdict.warnings);
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_REVIEW_KIND, response };
}

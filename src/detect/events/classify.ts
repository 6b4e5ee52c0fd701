import type { InputError } from '../../model/index.js';
import { looksLikeAuditEvent, type AuditEvent } from './audit-event.js';
import { looksLikeCloudTrailRecord, type CloudTrailRecord } from './cloudtrail-record.js';
import { asAuditEvent, asCloudTrailRecord, auditEventProblem, cloudTrailProblem, describeType, isObject } from './validate.js';

/** One event read from input, with where it came from. */
export type DetectInput =
  | { kind: 'k8s-audit'; event: AuditEvent; file: string; line: number }
  | { kind: 'cloudtrail'; record: CloudTrailRecord; file: string; line: number };

/**
 * Why a record was not used. `json`: not parseable; `schema`: parsed but a field has the wrong
 * type or a required one is missing, or it is no known record; `truncated`: cut by CloudWatch
 * Logs (`[Truncated...]`); `oversize`: over the size limit; `read`: the file or stream failed.
 */
export type ReadIssueKind = 'json' | 'schema' | 'truncated' | 'oversize' | 'read';

export interface ReadIssue extends InputError {
  line: number;
  kind: ReadIssueKind;
}

/** The marker EKS leaves at the end of an audit event cut to fit a CloudWatch Logs message. */
export const TRUNCATION_MARKER = '[Truncated...]';
const CONTROL_MESSAGE = 'CWL CONTROL MESSAGE';

export interface Location {
  file: string;
  line: number;
  /** Path inside the unit, e.g. `Records[3]` or `logEvents[0].message`. */
  where?: string;
}

export interface Collector {
  maxBytes: number;
  item(input: DetectInput): void;
  issue(kind: ReadIssueKind, at: Location, message: string): void;
  /** A record that is deliberately not an event (CloudWatch Logs control messages). */
  skip(): void;
}

function at(loc: Location, step: string): Location {
  return { ...loc, where: loc.where ? `${loc.where}${step.startsWith('[') ? '' : '.'}${step}` : step };
}

/** Parses one unit's JSON text and routes what it holds. `text` undefined means over the limit. */
export function classifyText(text: Buffer | undefined, bytes: number, loc: Location, out: Collector): void {
  if (text === undefined) {
    out.issue('oversize', loc, `record of ${bytes} bytes is over the ${out.maxBytes}-byte limit`);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch (error) {
    if (text.includes(TRUNCATION_MARKER)) out.issue('truncated', loc, `record truncated by CloudWatch Logs (${TRUNCATION_MARKER})`);
    else out.issue('json', loc, `invalid JSON: ${(error as Error).message}`);
    return;
  }
  classifyValue(value, loc, out, true);
}

/**
 * Routes a parsed value: an audit event or CloudTrail record is validated and emitted; an
 * envelope (`EventList`, `{Records}`, CloudWatch Logs subscription payload, FilterLogEvents
 * output, one CloudWatch log event) is opened. Envelopes inside envelopes are opened only where
 * the formats nest them.
 */
export function classifyValue(value: unknown, loc: Location, out: Collector, envelopes: boolean): void {
  if (!isObject(value)) {
    out.issue('schema', loc, `expected a JSON object, got ${describeType(value)}`);
    return;
  }
  if (looksLikeCloudTrailRecord(value)) {
    const problem = cloudTrailProblem(value);
    if (problem) out.issue('schema', loc, `CloudTrail record: ${problem}`);
    else out.item({ kind: 'cloudtrail', record: asCloudTrailRecord(value), file: loc.file, line: loc.line });
    return;
  }
  if (looksLikeAuditEvent(value)) {
    const problem = auditEventProblem(value);
    if (problem) out.issue('schema', loc, `audit event: ${problem}`);
    else out.item({ kind: 'k8s-audit', event: asAuditEvent(value), file: loc.file, line: loc.line });
    return;
  }
  if (typeof value.message === 'string' && ('timestamp' in value || 'logStreamName' in value || 'ingestionTime' in value || 'id' in value || 'eventId' in value)) {
    classifyMessage(value.message, at(loc, 'message'), out);
    return;
  }
  if (envelopes) {
    if (typeof value.messageType === 'string' && Array.isArray(value.logEvents)) {
      if (value.messageType === 'CONTROL_MESSAGE') out.skip();
      else value.logEvents.forEach((event, i) => classifyValue(event, at(loc, `logEvents[${i}]`), out, false));
      return;
    }
    for (const key of ['Records', 'items', 'events']) {
      const list = value[key];
      if (Array.isArray(list)) {
        list.forEach((event, i) => classifyValue(event, at(loc, `${key}[${i}]`), out, false));
        return;
      }
    }
  }
  out.issue('schema', loc, 'neither a Kubernetes audit event (auditID) nor a CloudTrail record (eventSource, eventName)');
}

/** The `message` of a CloudWatch Logs event: an audit event or CloudTrail record as a JSON string. */
export function classifyMessage(message: string, loc: Location, out: Collector): void {
  if (message.startsWith(CONTROL_MESSAGE)) {
    out.skip();
    return;
  }
  const bytes = Buffer.byteLength(message);
  if (bytes > out.maxBytes) {
    out.issue('oversize', loc, `message of ${bytes} bytes is over the ${out.maxBytes}-byte limit`);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch (error) {
    if (message.includes(TRUNCATION_MARKER)) out.issue('truncated', loc, `message truncated by CloudWatch Logs (${TRUNCATION_MARKER})`);
    else out.issue('json', loc, `message is not JSON: ${(error as Error).message}`);
    return;
  }
  classifyValue(value, loc, out, false);
}
